"""Where pasted stages go and what a paste does to the catalogue (plain data, no Qt)."""

from __future__ import annotations

from dataclasses import dataclass

from vsm_editor.commands.clipboard import Clipboard
from vsm_editor.model.document import Document
from vsm_editor.model.entities import AnatomyMap
from vsm_editor.model.geometry import Rect, lane_tops
from vsm_editor.ui.capture_place import stage_rects

STEP = 40.0  # how far a paste moves right each time its place is taken
CLEARANCE = 20.0  # space kept between pasted and existing boxes
MAX_STEPS = 5000


def _pasted_boxes(anatomy: AnatomyMap, clip: Clipboard) -> list[Rect]:
    """The clipboard's boxes where they would land unshifted, lanes matched like Paste
    does (by id, then by name; a new lane starts where the bottom band would)."""
    tops = lane_tops(anatomy)
    by_name = {lane.name.casefold(): lane.id for lane in anatomy.lanes}
    names = {lane.id: lane.name.casefold() for lane in clip.lanes}
    boxes = []
    for stage in clip.stages:
        lane = stage.lane
        if lane not in tops:
            lane = by_name.get(names.get(lane or "", ""))
        top = tops.get(lane, tops[None])
        boxes.append(Rect(stage.x, top + stage.y, stage.width, stage.height))
    return boxes


def paste_offset(anatomy: AnatomyMap, clip: Clipboard) -> float:
    """The smallest rightward shift (a multiple of :data:`STEP`) at which no pasted box
    comes near an existing one: 0 in a map where the place is free, just right of the
    originals when pasting into the map they came from."""
    existing = [
        Rect(r.x - CLEARANCE, r.y - CLEARANCE, r.width + 2 * CLEARANCE, r.height + 2 * CLEARANCE)
        for r in stage_rects(anatomy).values()
    ]
    boxes = _pasted_boxes(anatomy, clip)
    for step in range(MAX_STEPS):
        dx = step * STEP
        shifted = [Rect(b.x + dx, b.y, b.width, b.height) for b in boxes]
        if not any(s.intersects(e) for s in shifted for e in existing):
            return dx
    return MAX_STEPS * STEP


@dataclass(frozen=True)
class CatalogueEffect:
    """What a paste does with the catalogue items the stages refer to."""

    relinked: int  # items the target map already has: the pasted stages use them
    added: int  # items the target map lacks: pasted along with the stages

    def sentence(self) -> str:
        parts = []
        if self.relinked:
            parts.append(f"{self.relinked} catalogue item{'s' if self.relinked > 1 else ''}"
                         " re-linked")
        if self.added:
            parts.append(f"{self.added} catalogue item{'s' if self.added > 1 else ''} added")
        return ", ".join(parts)


def catalogue_effect(doc: Document, clip: Clipboard) -> CatalogueEffect:
    """Count the clipboard's outcomes, control points, logic items and components that the
    target map has already (same id and kind) and those a paste would add."""
    groups = (
        ("outcome", clip.outcomes),
        ("control_point", clip.control_points),
        ("logic", clip.logic),
        ("component", clip.components),
    )
    relinked = added = 0
    for kind, items in groups:
        for item in items:
            if doc.kind_of(item.id) == kind:
                relinked += 1
            else:
                added += 1
    return CatalogueEffect(relinked, added)
