"""Commands that change the map's structure: stages, handoffs, removal with cascades,
lanes with their stages, and links between elements."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import TYPE_CHECKING

import msgspec

from vsm_editor.commands.base import CompositeCommand
from vsm_editor.commands.checks import KIND_LABELS, handoff_problem, label, missing
from vsm_editor.commands.primitives import (
    InsertElement,
    RemoveElement,
    SetField,
    UnlinkReference,
)
from vsm_editor.model.document import NESTED_KINDS
from vsm_editor.model.entities import Handoff, Stage
from vsm_editor.model.integrity import REFERENCE_FIELDS

if TYPE_CHECKING:
    from vsm_editor.model.document import Document


def plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


class AddStage(CompositeCommand):
    """Add a stage, optionally connected from an existing stage by a new handoff."""

    name = "Add stage"

    def __init__(self, stage: Stage, connect_from: Handoff | None = None) -> None:
        super().__init__()
        self.stage = stage
        self.handoff = connect_from

    def can_execute(self, doc: Document) -> str | None:
        reason = InsertElement("stage", self.stage).can_execute(doc)
        if reason or self.handoff is None:
            return reason
        if self.handoff.id in doc:
            return f"the id {self.handoff.id!r} is already used"
        return missing(doc, self.handoff.source, "stage")

    def plan(self, doc: Document) -> None:
        self.run(doc, InsertElement("stage", self.stage))
        if self.handoff is not None:
            self.run(doc, InsertElement("handoff", self.handoff))


class Connect(CompositeCommand):
    """Add a handoff between two stages; refused for a self-loop or a duplicate."""

    name = "Connect"

    def __init__(self, handoff: Handoff) -> None:
        super().__init__()
        self.handoff = handoff

    def can_execute(self, doc: Document) -> str | None:
        return InsertElement("handoff", self.handoff).can_execute(doc)

    def plan(self, doc: Document) -> None:
        self.run(doc, InsertElement("handoff", self.handoff))


class Reconnect(CompositeCommand):
    """Attach a handoff's source and/or target to other stages."""

    name = "Reconnect handoff"

    def __init__(self, handoff_id: str, source: str | None, target: str | None) -> None:
        super().__init__()
        self.handoff_id = handoff_id
        self.source = source
        self.target = target

    def _ends(self, doc: Document) -> tuple[str, str]:
        handoff = doc.get(self.handoff_id)
        return self.source or handoff.source, self.target or handoff.target

    def can_execute(self, doc: Document) -> str | None:
        reason = missing(doc, self.handoff_id, "handoff")
        if reason:
            return reason
        source, target = self._ends(doc)
        return handoff_problem(doc, source, target, doc.get(self.handoff_id).kind, self.handoff_id)

    def plan(self, doc: Document) -> None:
        handoff = doc.get(self.handoff_id)
        source, target = self._ends(doc)
        kind, old_source, old_target = handoff.kind, handoff.source, handoff.target
        if handoff_problem(doc, source, old_target, kind, self.handoff_id) is None:
            self.run(doc, SetField(self.handoff_id, "source", source))
            self.run(doc, SetField(self.handoff_id, "target", target))
        elif handoff_problem(doc, old_source, target, kind, self.handoff_id) is None:
            self.run(doc, SetField(self.handoff_id, "target", target))
            self.run(doc, SetField(self.handoff_id, "source", source))
        else:  # e.g. reversing A→B: every one-end-at-a-time route passes a self-loop
            index = doc.index_of(self.handoff_id)
            removed = self.run(doc, RemoveElement(self.handoff_id))
            assert isinstance(removed, RemoveElement)
            new = msgspec.structs.replace(removed.obj, source=source, target=target)
            self.run(doc, InsertElement("handoff", new, index))


class InsertStageIntoHandoff(CompositeCommand):
    """Split handoff A→B into A→S→B with a new stage S.

    The original handoff becomes S→B and keeps its id, wait, label, artifact and notes (the
    wait is the queue before B). The new handoff A→S, placed just before it in the list,
    has the same kind and takes the split's share and the rework rate, which describe A's
    outgoing branches.
    """

    name = "Insert stage into handoff"

    def __init__(self, handoff_id: str, stage: Stage, new_handoff_id: str) -> None:
        super().__init__()
        self.handoff_id = handoff_id
        self.stage = stage
        self.new_handoff_id = new_handoff_id

    def can_execute(self, doc: Document) -> str | None:
        reason = missing(doc, self.handoff_id, "handoff")
        if reason:
            return reason
        if self.new_handoff_id in doc:
            return f"the id {self.new_handoff_id!r} is already used"
        return InsertElement("stage", self.stage).can_execute(doc)

    def plan(self, doc: Document) -> None:
        old = doc.get(self.handoff_id)
        first = Handoff(
            id=self.new_handoff_id,
            source=old.source,
            target=self.stage.id,
            kind=old.kind,
            share=old.share,
            rework_rate=old.rework_rate,
        )
        index = doc.index_of(self.handoff_id)
        self.run(doc, InsertElement("stage", self.stage))
        self.run(doc, InsertElement("handoff", first, index))
        self.run(doc, SetField(self.handoff_id, "source", self.stage.id))
        self.run(doc, SetField(self.handoff_id, "share", None))
        self.run(doc, SetField(self.handoff_id, "rework_rate", None))


class ReferenceIndex:
    """Who refers to whom, gathered in one pass over the map, for edits that only remove
    references (so entries can go stale but never go missing)."""

    def __init__(self, doc: Document) -> None:
        self.refs: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for referrer_kind, fields in REFERENCE_FIELDS.items():
            for item in doc.container(referrer_kind):
                for field_name in fields:
                    value = getattr(item, field_name)
                    for ref in value if isinstance(value, list) else [value]:
                        if ref is not None:
                            self.refs[ref].append((item.id, field_name))

    def referrers(self, doc: Document, element_id: str) -> list[tuple[str, str]]:
        """``(referrer, field)`` pairs that still refer to ``element_id``."""
        found = []
        for referrer, field_name in self.refs.get(element_id, ()):
            if referrer in doc:
                value = getattr(doc.get(referrer), field_name)
                if value == element_id or (isinstance(value, list) and element_id in value):
                    found.append((referrer, field_name))
        return found


def unlink_all(
    command: CompositeCommand,
    doc: Document,
    element_id: str,
    index: ReferenceIndex | None = None,
) -> None:
    """Cut every reference to ``element_id`` as recorded steps of ``command``: handoffs to a
    stage are removed, other references are unlinked."""
    refs = index.referrers(doc, element_id) if index else doc.references_to(element_id)
    for referrer, field_name in refs:
        if referrer not in doc:
            continue
        if doc.kind_of(referrer) == "handoff":
            command.run(doc, RemoveElement(referrer))
        else:
            command.run(doc, UnlinkReference(referrer, field_name, element_id))


def remove_with_cascade(
    command: CompositeCommand,
    doc: Document,
    element_id: str,
    index: ReferenceIndex | None = None,
) -> None:
    """Unlink everything that refers to ``element_id`` (and to a stage's own decisions and
    ideas), then remove it."""
    unlink_all(command, doc, element_id, index)
    obj = doc.get(element_id)
    if doc.kind_of(element_id) == "stage":
        for attr in NESTED_KINDS.values():
            for child in getattr(obj, attr):
                unlink_all(command, doc, child.id, index)
    command.run(doc, RemoveElement(element_id))


_REMOVAL_ORDER = {
    "handoff": 0,
    "decision": 1,
    "improvement": 1,
    "stage": 2,
    "lane": 3,
    "outcome": 3,
    "logic": 3,
    "component": 3,
    "control_point": 3,
}


class RemoveElements(CompositeCommand):
    """Delete elements of any kinds in one step, with their cascades: a stage's handoffs go
    with it, logic items stop applying at it (losing a decision that lived on it), a lane's
    stages lose their lane, catalogue links to a removed item are cut."""

    def __init__(self, element_ids: Iterable[str], name: str | None = None) -> None:
        super().__init__()
        self.element_ids = list(dict.fromkeys(element_ids))
        count = len(self.element_ids)
        self.name = name or ("Delete" if count == 1 else f"Delete {count} elements")

    def can_execute(self, doc: Document) -> str | None:
        if not self.element_ids:
            return "nothing is selected"
        for element_id in self.element_ids:
            reason = missing(doc, element_id)
            if reason:
                return reason
            if doc.kind_of(element_id) == "stream":
                return "the stream itself cannot be deleted"
        return None

    def plan(self, doc: Document) -> None:
        doomed_stages = {i for i in self.element_ids if doc.kind_of(i) == "stage"}
        # one pass over the map beats a scan per element once a few elements go
        index = ReferenceIndex(doc) if len(self.element_ids) > 8 else None
        ordered = sorted(
            self.element_ids,
            key=lambda i: _REMOVAL_ORDER[doc.kind_of(i)],  # type: ignore[index]
        )
        for element_id in ordered:
            if element_id not in doc:  # a handoff or nested item that went with its stage
                continue
            if doc.parent_of(element_id) in doomed_stages:
                continue  # goes with its stage
            remove_with_cascade(self, doc, element_id, index)


class RemoveLane(CompositeCommand):
    """Delete a lane; its stages move to lane ``move_to`` (kept inside its band) or to no lane."""

    name = "Delete lane"

    def __init__(self, lane_id: str, move_to: str | None = None) -> None:
        super().__init__()
        self.lane_id = lane_id
        self.move_to = move_to

    def can_execute(self, doc: Document) -> str | None:
        reason = missing(doc, self.lane_id, "lane")
        if reason:
            return reason
        if self.move_to is not None:
            if self.move_to == self.lane_id:
                return "the stages cannot move to the lane being deleted"
            return missing(doc, self.move_to, "lane")
        return None

    def plan(self, doc: Document) -> None:
        target = doc.get(self.move_to) if self.move_to is not None else None
        for stage in [s for s in doc.map.stages if s.lane == self.lane_id]:
            self.run(doc, SetField(stage.id, "lane", self.move_to))
            if target is not None:
                y = max(0.0, min(stage.y, target.height - stage.height))
                self.run(doc, SetField(stage.id, "y", y))
        self.run(doc, RemoveElement(self.lane_id))


class Link(CompositeCommand):
    """Add ``element_id`` to the id list ``referrer.field_name`` (an outcome to a stage,
    a stage to a logic item, a logic item to a component)."""

    def __init__(self, name: str, referrer: str, field_name: str, element_id: str) -> None:
        super().__init__()
        self.name = name
        self.referrer = referrer
        self.field_name = field_name
        self.element_id = element_id

    def can_execute(self, doc: Document) -> str | None:
        reason = missing(doc, self.referrer) or missing(doc, self.element_id)
        if reason:
            return reason
        current = getattr(doc.get(self.referrer), self.field_name, None)
        if not isinstance(current, list):
            return f"{label(doc, self.referrer)} has no list {self.field_name!r}"
        if self.element_id in current:
            return f"{label(doc, self.referrer)} already lists {label(doc, self.element_id)}"
        return SetField(self.referrer, self.field_name, [*current, self.element_id]).can_execute(
            doc
        )

    def plan(self, doc: Document) -> None:
        current = getattr(doc.get(self.referrer), self.field_name)
        self.run(doc, SetField(self.referrer, self.field_name, [*current, self.element_id]))


class Unlink(CompositeCommand):
    """Take ``element_id`` out of ``referrer.field_name``, with the decision cascade."""

    def __init__(self, name: str, referrer: str, field_name: str, element_id: str) -> None:
        super().__init__()
        self.name = name
        self.referrer = referrer
        self.field_name = field_name
        self.element_id = element_id

    def can_execute(self, doc: Document) -> str | None:
        reason = missing(doc, self.referrer)
        if reason:
            return reason
        current = getattr(doc.get(self.referrer), self.field_name, None)
        if not isinstance(current, list) or self.element_id not in current:
            kind = KIND_LABELS.get(doc.kind_of(self.element_id) or "", "element")
            return f"{label(doc, self.referrer)} does not list that {kind}"
        return None

    def plan(self, doc: Document) -> None:
        self.run(doc, UnlinkReference(self.referrer, self.field_name, self.element_id))


__all__ = [
    "AddStage",
    "Connect",
    "InsertStageIntoHandoff",
    "Link",
    "Reconnect",
    "RemoveElements",
    "RemoveLane",
    "Unlink",
    "plural",
    "remove_with_cascade",
]
