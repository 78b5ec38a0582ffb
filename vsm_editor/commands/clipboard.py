"""Copy and paste between maps: a :class:`Clipboard` payload is a self-contained sub-map.

Copying takes the selected stages, the handoffs between them, their lanes, and the catalogue
items they use (outcomes, logic items, control points, components), trimmed to the copied
stages. Pasting gives stages, handoffs, decisions and ideas fresh ids. A catalogue item whose
id already names an item of the same kind in the target map is re-linked, never duplicated;
one that is not there is created (keeping its id when free, so pasting twice re-links to the
first copy). Lanes are matched by id, then by name, else created.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable
from typing import TYPE_CHECKING

import msgspec

from vsm_editor.commands.base import CompositeCommand
from vsm_editor.commands.primitives import InsertElement, SetField
from vsm_editor.model.entities import (
    Component,
    ControlPoint,
    Handoff,
    Lane,
    LogicItem,
    Outcome,
    Stage,
)
from vsm_editor.model.ids import is_valid_id

if TYPE_CHECKING:
    from vsm_editor.model.document import Document

CLIPBOARD_FORMAT = "vsm-editor/clipboard"
#: The MIME type the UI puts the payload under (next to plain-text stage names).
CLIPBOARD_MIME = "application/x-vsm-editor-clipboard+json"


class Clipboard(msgspec.Struct, kw_only=True, omit_defaults=True):
    """Copied stages with everything they refer to; stage ``y`` stays relative to its lane."""

    format: str = CLIPBOARD_FORMAT
    version: int = 1
    source: str = ""  # the stream id it was copied from
    lanes: list[Lane] = []
    outcomes: list[Outcome] = []
    stages: list[Stage] = []
    handoffs: list[Handoff] = []
    control_points: list[ControlPoint] = []
    logic: list[LogicItem] = []
    components: list[Component] = []

    def to_bytes(self) -> bytes:
        return msgspec.json.encode(self)

    @classmethod
    def from_bytes(cls, data: bytes) -> Clipboard:
        """Decode a payload; raises ``ValueError`` when it is not one."""
        try:
            clip = msgspec.json.decode(data, type=cls)
        except msgspec.MsgspecError as err:
            raise ValueError(f"not a vsm-editor clipboard: {err}") from None
        if clip.format != CLIPBOARD_FORMAT:
            raise ValueError(f"not a vsm-editor clipboard (format {clip.format!r})")
        return clip

    def text(self) -> str:
        """The stages' names, one a line, for other applications."""
        return "\n".join(stage.name for stage in self.stages)


def copy_selection(doc: Document, element_ids: Iterable[str]) -> Clipboard:
    """The payload for the selected stages (other selected kinds are ignored; handoffs go
    along when both their ends are copied)."""
    chosen = set(element_ids)
    stages = [copy.deepcopy(s) for s in doc.map.stages if s.id in chosen]
    stage_ids = {s.id for s in stages}
    handoffs = [
        copy.deepcopy(h)
        for h in doc.map.handoffs
        if h.source in stage_ids and h.target in stage_ids
    ]
    lane_ids = {s.lane for s in stages}
    outcome_ids = {o for s in stages for o in s.outcomes}
    decision_ids = {d.id for s in stages for d in s.decisions}
    logic = []
    for item in doc.map.catalogue.logic:
        applied = [s for s in item.stages if s in stage_ids]
        if applied:
            trimmed = copy.deepcopy(item)
            trimmed.stages = applied
            if trimmed.decision not in decision_ids:
                trimmed.decision = None
            logic.append(trimmed)
    logic_ids = {item.id for item in logic}
    cp_ids = {item.control_point for item in logic}
    control_points = [
        copy.deepcopy(cp) for cp in doc.map.catalogue.control_points if cp.id in cp_ids
    ]
    component_ids = {cp.component for cp in control_points}
    components = []
    for component in doc.map.catalogue.components:
        realized = [lg for lg in component.realizes if lg in logic_ids]
        if realized or component.id in component_ids:
            trimmed = copy.deepcopy(component)
            trimmed.realizes = realized
            components.append(trimmed)
    return Clipboard(
        source=doc.map.stream.id,
        lanes=[copy.deepcopy(lane) for lane in doc.map.lanes if lane.id in lane_ids],
        outcomes=[copy.deepcopy(o) for o in doc.map.outcomes if o.id in outcome_ids],
        stages=stages,
        handoffs=handoffs,
        control_points=control_points,
        logic=logic,
        components=components,
    )


class Paste(CompositeCommand):
    """Insert a clipboard's content, shifted by ``(dx, dy)`` (``dy`` within the lane band).

    After it ran, :attr:`stage_ids` and :attr:`handoff_ids` name the new elements (in the
    clipboard's order) and :attr:`id_map` maps every clipboard id to the target map's id.
    """

    def __init__(
        self, clipboard: Clipboard, dx: float = 0.0, dy: float = 0.0, name: str = "Paste"
    ) -> None:
        super().__init__()
        self.clipboard = clipboard
        self.dx = dx
        self.dy = dy
        self.name = name
        self.id_map: dict[str, str] = {}
        self.stage_ids: list[str] = []
        self.handoff_ids: list[str] = []

    def can_execute(self, doc: Document) -> str | None:
        if not self.clipboard.stages:
            return "the clipboard holds no stages"
        return None

    # ------------------------------------------------------------------ ids
    def _fresh(self, doc: Document, kind: str, old_id: str) -> str:
        """A new id for a copied element (fixed on first execute, so ids are stable)."""
        if old_id not in self.id_map:
            given = set(self.id_map.values())
            new_id = doc.new_id(kind)  # not used in the document
            while new_id in given:
                new_id = doc.new_id(kind)
            self.id_map[old_id] = new_id
        return self.id_map[old_id]

    def _shared(self, doc: Document, kind: str, old_id: str) -> tuple[str, bool]:
        """``(target id, exists)``: re-link to the same item when the target has it, else
        keep the id when free and valid, else a fresh one."""
        if doc.kind_of(old_id) == kind:
            self.id_map[old_id] = old_id
            return old_id, True
        if old_id in self.id_map:
            return self.id_map[old_id], False
        if is_valid_id(old_id) and old_id not in doc and old_id not in self.id_map.values():
            self.id_map[old_id] = old_id
            return old_id, False
        return self._fresh(doc, kind, old_id), False

    # ------------------------------------------------------------------ plan
    def plan(self, doc: Document) -> None:
        clip = self.clipboard
        self.id_map.clear()
        lanes = self._paste_lanes(doc)
        outcomes = {o.id: self._shared(doc, "outcome", o.id) for o in clip.outcomes}
        for outcome in clip.outcomes:
            new_id, exists = outcomes[outcome.id]
            if not exists:
                self.run(doc, InsertElement("outcome", _with(outcome, id=new_id)))
        self._paste_stages(doc, lanes)
        self._paste_handoffs(doc)
        self._paste_catalogue(doc)

    def _paste_lanes(self, doc: Document) -> dict[str, str]:
        by_name = {lane.name.casefold(): lane.id for lane in doc.map.lanes}
        lanes: dict[str, str] = {}
        for lane in self.clipboard.lanes:
            if doc.kind_of(lane.id) == "lane":
                lanes[lane.id] = lane.id
            elif lane.name.casefold() in by_name:
                lanes[lane.id] = by_name[lane.name.casefold()]
            else:
                new_id, _ = self._shared(doc, "lane", lane.id)
                self.run(doc, InsertElement("lane", _with(lane, id=new_id)))
                lanes[lane.id] = new_id
                by_name[lane.name.casefold()] = new_id
        return lanes

    def _paste_stages(self, doc: Document, lanes: dict[str, str]) -> None:
        self.stage_ids = []
        for stage in self.clipboard.stages:
            new = copy.deepcopy(stage)
            new.id = self._fresh(doc, "stage", stage.id)
            new.lane = lanes.get(stage.lane) if stage.lane else None
            new.x = stage.x + self.dx
            new.y = stage.y + self.dy
            new.outcomes = [
                self.id_map[o]
                for o in stage.outcomes
                if doc.kind_of(self.id_map.get(o, "")) == "outcome"
            ]
            for decision in new.decisions:
                decision.id = self._fresh(doc, "decision", decision.id)
            for idea in new.improvements:
                idea.id = self._fresh(doc, "improvement", idea.id)
            self.run(doc, InsertElement("stage", new))
            self.stage_ids.append(new.id)

    def _paste_handoffs(self, doc: Document) -> None:
        self.handoff_ids = []
        pasted = {s.id for s in self.clipboard.stages}
        for handoff in self.clipboard.handoffs:
            if handoff.source not in pasted or handoff.target not in pasted:
                continue
            new = _with(
                handoff,
                id=self._fresh(doc, "handoff", handoff.id),
                source=self.id_map[handoff.source],
                target=self.id_map[handoff.target],
            )
            self.run(doc, InsertElement("handoff", new))
            self.handoff_ids.append(new.id)

    def _paste_catalogue(self, doc: Document) -> None:
        clip = self.clipboard
        components = {c.id: self._shared(doc, "component", c.id) for c in clip.components}
        for component in clip.components:
            new_id, exists = components[component.id]
            if not exists:
                self.run(doc, InsertElement("component", _with(component, id=new_id, realizes=[])))
        for cp in clip.control_points:
            new_id, exists = self._shared(doc, "control_point", cp.id)
            if not exists:
                component = components.get(cp.component or "", (None, False))[0]
                new = _with(cp, id=new_id, component=component)
                self.run(doc, InsertElement("control_point", new))
        for item in clip.logic:
            self._paste_logic(doc, item)
        for component in clip.components:
            target = doc.get(components[component.id][0])
            wanted = [self.id_map[lg] for lg in component.realizes if lg in self.id_map]
            missing = [lg for lg in wanted if lg not in target.realizes and lg in doc]
            if missing:
                self.run(doc, SetField(target.id, "realizes", [*target.realizes, *missing]))

    def _paste_logic(self, doc: Document, item: LogicItem) -> None:
        stages = [self.id_map[s] for s in item.stages if s in self.id_map]
        new_id, exists = self._shared(doc, "logic", item.id)
        if exists:
            current = doc.get(new_id).stages
            added = [s for s in stages if s not in current]
            if added:
                self.run(doc, SetField(new_id, "stages", [*current, *added]))
            return
        control_point = self.id_map.get(item.control_point or "")
        if doc.kind_of(control_point or "") != "control_point":
            control_point = None
        decision = self.id_map.get(item.decision or "")
        if decision is not None and doc.parent_of(decision) not in stages:
            decision = None
        new = _with(item, id=new_id, stages=stages, decision=decision, control_point=control_point)
        self.run(doc, InsertElement("logic", new))


def _with(obj, **changes):  # type: ignore[no-untyped-def]
    """A deep copy of a struct with some fields replaced."""
    return msgspec.structs.replace(copy.deepcopy(obj), **changes)
