"""The ``Modeling`` façade: the only way the UI edits a document.

Each method is one undo step on the :class:`CommandStack` (one change set for listeners).
A refused edit raises :class:`CommandRefusedError` with a reason for the user and leaves
the document untouched; an edit that changes nothing records nothing. Methods that create
elements return the new ids.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from vsm_editor.commands.base import Command, CommandRefusedError, MacroCommand
from vsm_editor.commands.checks import handoff_problem, missing
from vsm_editor.commands.clipboard import Clipboard, Paste, copy_selection
from vsm_editor.commands.edits import AddElements, ChangeSettings, Reorder, UpdateFields
from vsm_editor.commands.layout import MoveStages, ResizeStage
from vsm_editor.commands.primitives import InsertElement
from vsm_editor.commands.stack import CommandStack
from vsm_editor.commands.structure import (
    AddStage,
    Connect,
    InsertStageIntoHandoff,
    Link,
    Reconnect,
    RemoveElements,
    RemoveLane,
    Unlink,
)
from vsm_editor.model.document import Document
from vsm_editor.model.entities import (
    Component,
    ControlPoint,
    Decision,
    Handoff,
    Improvement,
    Lane,
    LogicItem,
    Outcome,
    RuleSetting,
    Stage,
    Suppression,
)
from vsm_editor.model.geometry import lane_at, lane_tops, stage_rect

#: The field :meth:`Modeling.rename` edits for each kind.
TEXT_FIELDS = {
    "stage": "name",
    "lane": "name",
    "component": "name",
    "stream": "name",
    "decision": "text",
    "improvement": "text",
    "outcome": "statement",
    "logic": "statement",
    "handoff": "label",
    "control_point": "subject",
}
#: Kinds whose text may be left empty (a handoff's label, a control point's subject).
OPTIONAL_TEXT = {"handoff", "control_point"}
GAP = 60.0  # horizontal space between a stage and the next one placed after it


class _Auto:
    def __repr__(self) -> str:
        return "AUTO"


#: "Work it out from the position" (for a new stage's lane).
AUTO: Any = _Auto()


class Modeling:
    """Edits of one document, each one undo step on :attr:`stack`."""

    def __init__(self, doc: Document, stack: CommandStack | None = None) -> None:
        self.doc = doc
        self.stack = stack if stack is not None else CommandStack(doc)

    # ------------------------------------------------------------------ plumbing
    def execute(self, command: Command) -> Command:
        """Push any command (raises :class:`CommandRefusedError` when refused)."""
        return self.stack.push(command)

    @contextmanager
    def transaction(self, name: str) -> Iterator[MacroCommand]:
        """Make every edit inside one undo step named ``name`` (e.g. "Paste lines");
        if the block raises, all of them are undone."""
        with self.stack.macro(name) as macro:
            yield macro

    def _new(self, kind: str) -> str:
        return self.doc.new_id(kind)

    # ------------------------------------------------------------------ stages
    def add_stage(
        self,
        name: str,
        lane: Any = AUTO,
        position: tuple[float, float] | None = None,
        connect_from: str | None = None,
        kind: str = "flow",
        **fields: Any,
    ) -> str:
        """Add a stage named ``name``; returns its id.

        ``position`` is the absolute top-left corner; the lane (when AUTO) is the band
        holding the box's centre. Without a position the stage goes right of
        ``connect_from`` (same lane and height) or right of the last stage of its lane.
        With ``connect_from`` a new ``kind`` handoff leads from that stage to the new one.
        """
        stage = _build(Stage, id=self._new("stage"), name=name, **fields)
        self._place(stage, lane, position, connect_from)
        handoff = None
        if connect_from is not None:
            handoff = Handoff(
                id=self._new("handoff"), source=connect_from, target=stage.id, kind=kind
            )
        self.execute(AddStage(stage, handoff))
        return stage.id

    def _place(
        self, stage: Stage, lane: Any, position: tuple[float, float] | None, after: str | None
    ) -> None:
        anatomy = self.doc.map
        tops = lane_tops(anatomy)
        if position is not None:
            x, y = position
            if lane is AUTO:
                lane = lane_at(anatomy, y + stage.height / 2)
            stage.lane, stage.x = lane, float(x)
            stage.y = float(y) - tops.get(lane, tops[None])
            return
        source = self.doc.find(after) if after is not None else None
        if isinstance(source, Stage):
            stage.lane = source.lane if lane is AUTO else lane
            stage.x = source.x + source.width + GAP
            if stage.lane == source.lane:
                stage.y = source.y
            return
        stage.lane = None if lane is AUTO else lane
        rights = [s.x + s.width for s in anatomy.stages if s.lane == stage.lane]
        stage.x = max(rights) + GAP if rights else 40.0

    def remove_elements(self, element_ids: Iterable[str], name: str | None = None) -> None:
        """Delete any elements with their cascades, as one step."""
        self.execute(RemoveElements(element_ids, name))

    def move_stages(
        self, positions: Mapping[str, tuple[float, float]], merge: Hashable | None = None
    ) -> None:
        """Move stages to absolute top-left positions; lanes follow the boxes' centres.
        Moves with the same ``merge`` token and stages merge (arrow-key nudging)."""
        key = None if merge is None else ("move", frozenset(positions), merge)
        self.execute(MoveStages(positions, key))

    def stage_position(self, stage_id: str) -> tuple[float, float]:
        """A stage's absolute top-left corner (the inverse of :meth:`move_stages`)."""
        rect = stage_rect(self.doc.get(stage_id), lane_tops(self.doc.map))
        return rect.x, rect.y

    def resize_stage(
        self,
        stage_id: str,
        width: float,
        height: float,
        position: tuple[float, float] | None = None,
        merge: Hashable | None = None,
    ) -> None:
        """Resize a stage (``position``: its new absolute top-left, when dragging that edge)."""
        key = None if merge is None else ("resize", stage_id, merge)
        self.execute(ResizeStage(stage_id, width, height, position, key))

    # ------------------------------------------------------------------ any element
    def rename(self, element_id: str, text: str) -> None:
        """Set an element's name / text / statement / label (see :data:`TEXT_FIELDS`)."""
        kind = self.doc.kind_of(element_id)
        if kind is None:
            raise CommandRefusedError(f"there is no element {element_id!r}")
        field_name = TEXT_FIELDS[kind]

        def check(doc: Document) -> str | None:
            if kind not in OPTIONAL_TEXT and not str(text).strip():
                return f"a {kind.replace('_', ' ')}'s {field_name} cannot be empty"
            return None

        self.execute(UpdateFields("Rename", [(element_id, field_name, text)], check=check))

    def set_property(
        self,
        element_ids: str | Iterable[str],
        field_name: str,
        value: Any,
        merge: Hashable | None = None,
    ) -> None:
        """Set one field on one element or on several (a multi-selection) in one step."""
        ids = [element_ids] if isinstance(element_ids, str) else list(element_ids)
        key = None if merge is None else ("set", tuple(ids), field_name, merge)
        name = f"Change {field_name.replace('_', ' ')}"
        self.execute(UpdateFields(name, [(i, field_name, value) for i in ids], key))

    def update(self, element_id: str, /, **fields: Any) -> None:
        """Set several fields of one element in one step (e.g. a control point's kind and
        subject), named "Edit <kind>"."""
        kind = (self.doc.kind_of(element_id) or "element").replace("_", " ")
        self._update(element_id, f"Edit {kind}", fields)

    def _update(self, element_id: str, step_name: str, fields: Mapping[str, Any]) -> None:
        changes = [(element_id, f, v) for f, v in fields.items()]
        self.execute(UpdateFields(step_name, changes))

    def reorder(self, element_id: str, index: int) -> None:
        """Move a lane, decision, idea, outcome or catalogue item to ``index`` in its list."""
        kind = (self.doc.kind_of(element_id) or "element").replace("_", " ")
        self.execute(Reorder(element_id, index, f"Reorder {kind}"))

    # ------------------------------------------------------------------ handoffs
    def can_connect(self, source: str, target: str, kind: str = "flow") -> str | None:
        """None when a ``kind`` handoff source → target may be drawn, else why not."""
        return handoff_problem(self.doc, source, target, kind)

    def connect(self, source: str, target: str, kind: str = "flow", **fields: Any) -> str:
        """Add a handoff; refused for a self-loop or a duplicate. Returns its id."""
        handoff = _build(
            Handoff, id=self._new("handoff"), source=source, target=target, kind=kind, **fields
        )
        self.execute(Connect(handoff))
        return handoff.id

    def can_reconnect(
        self, handoff_id: str, source: str | None = None, target: str | None = None
    ) -> str | None:
        return Reconnect(handoff_id, source, target).can_execute(self.doc)

    def reconnect(
        self, handoff_id: str, source: str | None = None, target: str | None = None
    ) -> None:
        """Move either end (or both) of a handoff to other stages."""
        self.execute(Reconnect(handoff_id, source, target))

    def insert_stage_into_handoff(
        self, handoff_id: str, name: str, position: tuple[float, float] | None = None
    ) -> str:
        """Split a handoff with a new stage (placed midway unless ``position`` is given);
        returns the stage's id. See :class:`InsertStageIntoHandoff` for what goes where."""
        reason = missing(self.doc, handoff_id, "handoff")
        if reason:
            raise CommandRefusedError(reason)
        stage = Stage(id=self._new("stage"), name=name)
        if position is None:
            handoff = self.doc.get(handoff_id)
            tops = lane_tops(self.doc.map)
            a = stage_rect(self.doc.get(handoff.source), tops).center
            b = stage_rect(self.doc.get(handoff.target), tops).center
            centre = ((a[0] + b[0]) / 2, (a[1] + b[1]) / 2)
            position = (centre[0] - stage.width / 2, centre[1] - stage.height / 2)
        self._place(stage, AUTO, position, None)
        self.execute(InsertStageIntoHandoff(handoff_id, stage, self._new("handoff")))
        return stage.id

    # ------------------------------------------------------------------ lanes
    def add_lane(
        self,
        name: str,
        index: int | None = None,
        colour: str | None = None,
        height: float | None = None,
    ) -> str:
        """Add a lane at ``index`` (None = at the bottom); returns its id."""
        lane = Lane(id=self._new("lane"), name=name)
        if colour is not None:
            lane.colour = colour
        if height is not None:
            lane.height = float(height)
        self._require(bool(name.strip()), "a lane's name cannot be empty")
        self._require(lane.height > 0, "a lane's height must be positive")
        self.execute(AddElements("Add lane", [InsertElement("lane", lane, index)]))
        return lane.id

    def remove_lane(self, lane_id: str, move_stages_to: str | None = None) -> None:
        """Delete a lane; its stages go to ``move_stages_to`` or to no lane."""
        self.execute(RemoveLane(lane_id, move_stages_to))

    def recolour_lane(self, lane_id: str, colour: str) -> None:
        def check(doc: Document) -> str | None:
            return None if str(colour).strip() else "a lane needs a colour"

        self.execute(UpdateFields("Recolour lane", [(lane_id, "colour", colour)], check=check))

    def min_lane_height(self, lane_id: str) -> float:
        """The smallest height that keeps every stage of the lane inside its band."""
        bottoms = [s.y + s.height for s in self.doc.map.stages if s.lane == lane_id]
        return max([1.0, *bottoms])

    def resize_lane(self, lane_id: str, height: float, merge: Hashable | None = None) -> None:
        """Give a lane a new height (refused below :meth:`min_lane_height`)."""

        def check(doc: Document) -> str | None:
            reason = missing(doc, lane_id, "lane")
            if reason:
                return reason
            if not height > 0:
                return "a lane's height must be positive"
            if height < self.min_lane_height(lane_id):
                return "the lane would be too small for its stages"
            return None

        key = None if merge is None else ("lane-height", lane_id, merge)
        self.execute(UpdateFields("Resize lane", [(lane_id, "height", height)], key, check))

    # ------------------------------------------------------------------ stage contents
    def add_decision(self, stage_id: str, text: str, index: int | None = None) -> str:
        """Add a P2 decision to a stage at ``index`` (None = last); returns its id."""
        decision = Decision(id=self._new("decision"), text=text)
        self._require(bool(text.strip()), "a decision's text cannot be empty")
        insert = InsertElement("decision", decision, index, stage_id)
        self.execute(AddElements("Add decision", [insert]))
        return decision.id

    def add_improvement(
        self, stage_id: str, text: str, kind: str = "idea", index: int | None = None
    ) -> str:
        """Add an improvement idea or pain point to a stage; returns its id."""
        idea = _build(Improvement, id=self._new("improvement"), text=text, kind=kind)
        self._require(bool(text.strip()), "an improvement idea's text cannot be empty")
        insert = InsertElement("improvement", idea, index, stage_id)
        self.execute(AddElements("Add improvement idea", [insert]))
        return idea.id

    # ------------------------------------------------------------------ outcomes (P1)
    def add_outcome(self, statement: str, index: int | None = None, **fields: Any) -> str:
        """Add a stream outcome; returns its id."""
        outcome = _build(Outcome, id=self._new("outcome"), statement=statement, **fields)
        self._require(bool(statement.strip()), "an outcome's statement cannot be empty")
        self.execute(AddElements("Add outcome", [InsertElement("outcome", outcome, index)]))
        return outcome.id

    def link_outcome(self, stage_id: str, outcome_id: str) -> None:
        """Record that a stage serves an outcome."""
        self._kinds(stage_id, "stage", outcome_id, "outcome")
        self.execute(Link("Link outcome", stage_id, "outcomes", outcome_id))

    def unlink_outcome(self, stage_id: str, outcome_id: str) -> None:
        self.execute(Unlink("Unlink outcome", stage_id, "outcomes", outcome_id))

    # ------------------------------------------------------------------ catalogue (P3, P4)
    def add_control_point(self, kind: str, subject: str = "", **fields: Any) -> str:
        """Add a control point to the catalogue; returns its id."""
        cp = _build(
            ControlPoint, id=self._new("control_point"), kind=kind, subject=subject, **fields
        )
        self.execute(AddElements("Add control point", [InsertElement("control_point", cp)]))
        return cp.id

    def add_logic(
        self, kind: str, statement: str, stages: Iterable[str] = (), **fields: Any
    ) -> str:
        """Add a P3 logic item, applied at ``stages`` (create it in place); returns its id."""
        item = _build(
            LogicItem,
            id=self._new("logic"),
            kind=kind,
            statement=statement,
            stages=list(stages),
            **fields,
        )
        self._require(bool(statement.strip()), "a logic item's statement cannot be empty")
        self.execute(AddElements("Add logic item", [InsertElement("logic", item)]))
        return item.id

    def apply_logic(self, logic_id: str, stage_id: str) -> None:
        """Apply a catalogue logic item at one more stage."""
        self._kinds(logic_id, "logic", stage_id, "stage")
        self.execute(Link("Apply logic item", logic_id, "stages", stage_id))

    def unapply_logic(self, logic_id: str, stage_id: str) -> None:
        """Stop applying a logic item at a stage (dropping its decision if it lived there)."""
        self.execute(Unlink("Unapply logic item", logic_id, "stages", stage_id))

    def add_component(
        self, kind: str, name: str, realizes: Iterable[str] = (), **fields: Any
    ) -> str:
        """Add a P4 component realizing some logic items; returns its id."""
        component = _build(
            Component,
            id=self._new("component"),
            kind=kind,
            name=name,
            realizes=list(realizes),
            **fields,
        )
        self._require(bool(name.strip()), "a component's name cannot be empty")
        self.execute(AddElements("Add component", [InsertElement("component", component)]))
        return component.id

    def realize(self, component_id: str, logic_id: str) -> None:
        """Record that a component realizes a logic item."""
        self._kinds(component_id, "component", logic_id, "logic")
        self.execute(Link("Realize logic item", component_id, "realizes", logic_id))

    def unrealize(self, component_id: str, logic_id: str) -> None:
        self.execute(Unlink("Unrealize logic item", component_id, "realizes", logic_id))

    # ------------------------------------------------------------------ analysis settings
    def suppress(self, key: str, reason: str) -> None:
        """Accept the finding ``key`` with a written reason."""
        current = self.doc.map.analysis.suppressions

        def check(doc: Document) -> str | None:
            if not reason.strip():
                return "a suppression needs a written reason"
            if any(s.key == key for s in current):
                return "this finding is already suppressed"
            return None

        value = [*current, Suppression(key=key, reason=reason)]
        self.execute(
            ChangeSettings("Suppress finding", [("analysis", "suppressions", value)], check=check)
        )

    def unsuppress(self, key: str) -> None:
        """Show the finding ``key`` again."""
        current = self.doc.map.analysis.suppressions

        def check(doc: Document) -> str | None:
            return None if any(s.key == key for s in current) else "this finding is not suppressed"

        value = [s for s in current if s.key != key]
        self.execute(
            ChangeSettings("Unsuppress finding", [("analysis", "suppressions", value)], check=check)
        )

    def set_rule_setting(
        self, rule_id: str, enabled: bool = True, severity: str | None = None
    ) -> None:
        """Switch a rule on/off or re-grade it for this map; the default (on, its own
        severity) removes the rule's entry."""
        rules = dict(self.doc.map.analysis.rules)
        if enabled and severity is None:
            rules.pop(rule_id, None)
        else:
            rules[rule_id] = RuleSetting(enabled=enabled, severity=severity)  # type: ignore[arg-type]

        def check(doc: Document) -> str | None:
            return None if rule_id.strip() else "a rule needs an id"

        changes = [("analysis", "rules", rules)]
        self.execute(ChangeSettings("Change rule setting", changes, check=check))

    def set_analysis_setting(self, field_name: str, value: Any) -> None:
        """Set another analysis setting (e.g. ``hidden_queue_threshold``)."""
        self.execute(ChangeSettings("Change analysis setting", [("analysis", field_name, value)]))

    def set_display(self, **fields: Any) -> None:
        """Switch map-wide display toggles (data boxes, ladder, lean symbols)."""
        changes = [("display", f, v) for f, v in fields.items()]
        self.execute(ChangeSettings("Change display", changes))

    def set_stream_properties(self, **fields: Any) -> None:
        """Set the stream's name, description, author, working-day length …"""
        self._update(self.doc.map.stream.id, "Edit stream properties", fields)

    def set_delivery_metrics(self, **fields: Any) -> None:
        """Set stream-level delivery metrics (each a Duration / Percent / Frequency or None)."""
        changes = [("delivery_metrics", f, v) for f, v in fields.items()]
        self.execute(ChangeSettings("Change delivery metrics", changes))

    # ------------------------------------------------------------------ clipboard
    def copy(self, element_ids: Iterable[str]) -> Clipboard:
        """The clipboard payload for the selected stages (changes nothing)."""
        return copy_selection(self.doc, element_ids)

    def cut(self, element_ids: Iterable[str]) -> Clipboard:
        """Copy the selection, then delete it (one step named "Cut")."""
        ids = list(element_ids)
        clip = self.copy(ids)
        self.execute(RemoveElements(ids, "Cut"))
        return clip

    def paste(
        self, clipboard: Clipboard, dx: float = 0.0, dy: float = 0.0, name: str = "Paste"
    ) -> list[str]:
        """Insert a clipboard's stages (shifted by dx, dy); returns the new stages' ids."""
        command = Paste(clipboard, dx, dy, name)
        self.execute(command)
        return list(command.stage_ids)

    def duplicate(
        self, element_ids: Iterable[str], dx: float = 40.0, dy: float = 40.0
    ) -> list[str]:
        """Copy and paste the selected stages in this map, sharing their catalogue items."""
        return self.paste(self.copy(element_ids), dx, dy, "Duplicate")

    # ------------------------------------------------------------------ helpers
    @staticmethod
    def _require(condition: bool, reason: str) -> None:
        if not condition:
            raise CommandRefusedError(reason)

    def _kinds(self, first: str, first_kind: str, second: str, second_kind: str) -> None:
        reason = missing(self.doc, first, first_kind) or missing(self.doc, second, second_kind)
        if reason:
            raise CommandRefusedError(reason)


def _build(struct: type, **fields: Any) -> Any:
    """A new element, or a refusal naming the unknown field."""
    try:
        return struct(**fields)
    except TypeError as err:
        raise CommandRefusedError(str(err)) from None


__all__ = ["AUTO", "Modeling"]
