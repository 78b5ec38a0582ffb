"""Lanes and geometry for an imported process.

Lanes: the process's lane sets, nested lanes flattened into their leaves ("Risk / Analysts",
reported), ordered top to bottom by their diagram bounds when every lane has some.
Geometry: a stage takes its task's BPMNDI bounds, its ``y`` made relative to its lane's band
(see :mod:`vsm_editor.model.geometry`); lanes take their diagram heights. Stages without
usable bounds are placed by the auto-layout (:func:`vsm_editor.analysis.layout.auto_layout`),
or, should that module be missing, by a simple left-to-right placement in topological layers.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from lxml import etree
from vsm_editor.exporters.bpmn_import_read import local, name_of
from vsm_editor.exporters.bpmn_import_report import APPROXIMATED, Report
from vsm_editor.exporters.bpmn_import_source import bpmn_tag

from vsm_editor.model.entities import AnatomyMap

BPMNDI_NS = "http://www.omg.org/spec/BPMN/20100524/DI"
DC_NS = "http://www.omg.org/spec/DD/20100524/DC"
LIMIT = 1e7  # coordinates beyond this are not trusted
MARGIN = 40.0


@dataclass(frozen=True, slots=True)
class Bounds:
    x: float
    y: float
    width: float
    height: float

    @property
    def bottom(self) -> float:
        return self.y + self.height


def read_bounds(root: etree._Element) -> dict[str, Bounds]:
    """The first diagram bounds of every element that has finite, sane ones."""
    found: dict[str, Bounds] = {}
    for shape in root.iter(f"{{{BPMNDI_NS}}}BPMNShape"):
        element = shape.get("bpmnElement")
        box = shape.find(f"{{{DC_NS}}}Bounds")
        if not element or element in found or box is None:
            continue
        try:
            values = [float(box.get(key, "")) for key in ("x", "y", "width", "height")]
        except ValueError:
            continue
        if all(math.isfinite(v) and abs(v) < LIMIT for v in values) and min(values[2:]) >= 0:
            found[element] = Bounds(*values)
    return found


@dataclass
class LaneInfo:
    """A leaf lane of the process: its BPMN id, shown name, bounds and members."""

    bpmn_id: str
    name: str
    bounds: Bounds | None
    members: list[str]


def flatten_lanes(lane_sets: list[etree._Element], bounds: dict[str, Bounds],
                  report: Report) -> list[LaneInfo]:
    """The leaf lanes, top to bottom; every nested lane is reported as flattened."""
    leaves: list[LaneInfo] = []

    def visit(lane_set: etree._Element, prefix: str) -> None:
        for lane in lane_set.iterchildren(bpmn_tag("lane")):
            name = name_of(lane) or lane.get("id") or "Lane"
            shown = f"{prefix} / {name}" if prefix else name
            children = lane.find(bpmn_tag("childLaneSet"))
            inner = [] if children is None else list(children.iterchildren(bpmn_tag("lane")))
            if inner:
                names = ", ".join(name_of(c) or c.get("id") or "?" for c in inner)
                report.add(lane.get("id"), "lane", name, APPROXIMATED,
                           f"nested lanes flattened: its lanes ({names}) became lanes "
                           f"named '{shown} / …'")
                visit(children, shown)
            else:
                members = [(ref.text or "").strip()
                           for ref in lane.iterchildren(bpmn_tag("flowNodeRef"))]
                leaves.append(LaneInfo(lane.get("id") or "", shown, bounds.get(lane.get("id")),
                                       members))

    for lane_set in lane_sets:
        visit(lane_set, "")
    if leaves and all(leaf.bounds is not None for leaf in leaves):
        leaves.sort(key=lambda leaf: leaf.bounds.y)  # type: ignore[union-attr]
    return leaves


def lane_of_by_position(box: Bounds, lanes: list[tuple[str, Bounds]]) -> str | None:
    """The lane whose band holds the box's centre."""
    centre = box.y + box.height / 2
    for lane_id, band in lanes:
        if band.y <= centre < band.bottom:
            return lane_id
    return None


def apply_diagram(anatomy: AnatomyMap, stage_bounds: dict[str, Bounds],
                  lane_bounds: dict[str, Bounds]) -> list[str]:
    """Give stages their diagram geometry; return the ids of the stages still to place.

    ``x`` stays as drawn; ``y`` becomes relative to the stage's lane band (to the bottom of
    the last lane for a stage in none, absolute without lanes), as the map stores it. Uses
    the diagram only when every lane has bounds; otherwise every stage is to place."""
    if any(lane.id not in lane_bounds for lane in anatomy.lanes):
        return [stage.id for stage in anatomy.stages]
    if not any(stage.id in stage_bounds for stage in anatomy.stages):
        return [stage.id for stage in anatomy.stages]
    last_bottom = max((b.bottom for b in lane_bounds.values()), default=0.0)
    for lane in anatomy.lanes:
        height = lane_bounds[lane.id].height
        if height > 0:
            lane.height = height
    missing: list[str] = []
    for stage in anatomy.stages:
        box = stage_bounds.get(stage.id)
        if box is None:
            missing.append(stage.id)
            continue
        if stage.lane is not None:
            top = lane_bounds[stage.lane].y
        else:
            top = last_bottom if anatomy.lanes else 0.0
        stage.x = box.x
        stage.y = box.y - top
        if box.width > 0:
            stage.width = box.width
        if box.height > 0:
            stage.height = box.height
    return missing


def auto_place(anatomy: AnatomyMap, stage_ids: list[str]) -> None:
    """Place the given stages (all of them, or those the diagram did not place)."""
    if not stage_ids:
        return
    selection = None if len(stage_ids) == len(anatomy.stages) else stage_ids
    try:
        from vsm_editor.analysis.layout import auto_layout
    except ImportError:  # pragma: no cover - the auto-layout ships with the app
        simple_place(anatomy, stage_ids)
        return
    result = auto_layout(anatomy, selection)
    for lane in anatomy.lanes:
        if lane.id in result.lane_heights:
            lane.height = result.lane_heights[lane.id]
    for stage in anatomy.stages:
        if stage.id in result.positions:
            stage.x, stage.y = result.positions[stage.id]


COLUMN = 240.0
ROW = 130.0


def simple_place(anatomy: AnatomyMap, stage_ids: list[str]) -> None:
    """A plain placement: columns by longest path over forward flow handoffs, rows inside
    each lane, lanes grown to fit; the given stages go right of everything already placed."""
    chosen = set(stage_ids)
    layer = {stage_id: 0 for stage_id in stage_ids}
    for _ in range(len(stage_ids)):
        changed = False
        for handoff in anatomy.handoffs:
            if (handoff.kind == "flow" and handoff.source in chosen
                    and handoff.target in chosen
                    and layer[handoff.target] < layer[handoff.source] + 1 <= len(stage_ids)):
                layer[handoff.target] = layer[handoff.source] + 1
                changed = True
        if not changed:
            break
    placed = [s for s in anatomy.stages if s.id not in chosen]
    left = max((s.x + s.width for s in placed), default=0.0) + MARGIN
    rows: dict[tuple[str | None, int], int] = {}
    heights: dict[str | None, float] = {}
    for stage in anatomy.stages:
        if stage.id not in chosen:
            continue
        key = (stage.lane, layer[stage.id])
        row = rows.get(key, 0)
        rows[key] = row + 1
        stage.x = left + COLUMN * layer[stage.id]
        stage.y = 35.0 + ROW * row
        heights[stage.lane] = max(heights.get(stage.lane, 0.0), stage.y + stage.height + 35.0)
    for lane in anatomy.lanes:
        lane.height = max(lane.height, heights.get(lane.id, 0.0))


def kind_words(element: etree._Element) -> str:
    """``userTask`` → ``user task``."""
    kind = local(element)
    return "".join(f" {c.lower()}" if c.isupper() else c for c in kind).strip()
