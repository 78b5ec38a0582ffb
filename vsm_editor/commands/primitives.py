"""The elementary edits every other command is made of: insert, remove, set a field,
set a map-wide setting, and move an element within its list."""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING, Any

import msgspec

from vsm_editor.commands.base import Command, CompositeCommand
from vsm_editor.commands.checks import (
    KIND_LABELS,
    coerce,
    field_problem,
    handoff_problem,
    label,
    missing,
)
from vsm_editor.model.document import NESTED_KINDS, SETTING_SECTIONS
from vsm_editor.model.integrity import REFERENCE_FIELDS

if TYPE_CHECKING:
    from vsm_editor.model.document import Document



class InsertElement(Command):
    """Add a copy of ``obj`` (an element of ``kind``) at ``index`` (None = at the end)."""

    name = "Add element"

    def __init__(self, kind: str, obj: Any, index: int | None = None, parent: str | None = None):
        self.kind = kind
        self.obj = obj
        self.index = index
        self.parent = parent

    def can_execute(self, doc: Document) -> str | None:
        try:  # the document checks the type of the element, not the values of its fields
            msgspec.convert(msgspec.to_builtins(self.obj), type=type(self.obj))
        except (msgspec.ValidationError, TypeError) as err:
            return f"invalid {KIND_LABELS.get(self.kind, self.kind)}: {err}"
        if self.obj.id in doc:
            return f"the id {self.obj.id!r} is already used by {label(doc, self.obj.id)}"
        if self.kind in NESTED_KINDS:
            reason = missing(doc, self.parent or "", "stage")
            if reason:
                return reason
        for field_name, target in REFERENCE_FIELDS.get(self.kind, {}).items():
            value = getattr(self.obj, field_name)
            for ref in value if isinstance(value, list) else [value]:
                reason = ref is not None and missing(doc, ref, target)
                if reason:
                    return reason
        if self.kind == "handoff":
            return handoff_problem(doc, self.obj.source, self.obj.target, self.obj.kind)
        return None

    def execute(self, doc: Document) -> None:
        self.position = doc.insert(self.kind, copy.deepcopy(self.obj), self.index, self.parent)

    def undo(self, doc: Document) -> None:
        doc.remove(self.obj.id)


class RemoveElement(Command):
    """Remove an element nothing refers to any more (cascades unlink references first)."""

    name = "Remove element"

    def __init__(self, element_id: str) -> None:
        self.element_id = element_id

    def can_execute(self, doc: Document) -> str | None:
        reason = missing(doc, self.element_id)
        if reason:
            return reason
        if doc.kind_of(self.element_id) == "stream":
            return "the stream itself cannot be removed"
        return None

    def execute(self, doc: Document) -> None:
        self.kind = doc.kind_of(self.element_id)
        self.parent = doc.parent_of(self.element_id)
        self.index, self.obj = doc.remove(self.element_id)

    def undo(self, doc: Document) -> None:
        doc.insert(self.kind, self.obj, self.index, self.parent)


class SetField(Command):
    """Set one field of one element; the value is converted to the field's type first."""

    name = "Change property"

    def __init__(self, element_id: str, field_name: str, value: Any) -> None:
        self.element_id = element_id
        self.field_name = field_name
        self.value = value
        self._changed = False

    def can_execute(self, doc: Document) -> str | None:
        return field_problem(doc, self.element_id, self.field_name, self.value)

    def execute(self, doc: Document) -> None:
        obj = doc.get(self.element_id)
        value = coerce(type(obj), self.field_name, self.value)
        self.old = doc.set(self.element_id, self.field_name, value)
        self._changed = self.old != value

    def undo(self, doc: Document) -> None:
        doc.set(self.element_id, self.field_name, self.old)

    @property
    def changed(self) -> bool:
        return self._changed


class SetSetting(Command):
    """Set one field of a map-wide settings section (``analysis``, ``display``,
    ``delivery_metrics``), which are not elements and so have no id for ``Document.set``.

    Work-around: the document has no public way to edit them, so this sets the field and
    reports it with the document's (private) change emitter, as
    ``Change("updated", "settings", <section>, (<field>,))`` inside the command's batch.
    """

    name = "Change setting"

    def __init__(self, section: str, field_name: str, value: Any) -> None:
        self.section = section
        self.field_name = field_name
        self.value = value
        self._changed = False

    def can_execute(self, doc: Document) -> str | None:
        if self.section not in SETTING_SECTIONS:
            return f"there are no settings called {self.section!r}"
        holder = getattr(doc.map, self.section)
        if self.field_name not in holder.__struct_fields__:
            return f"the {self.section} settings have no field {self.field_name!r}"
        try:
            coerce(type(holder), self.field_name, self.value)
        except (msgspec.ValidationError, TypeError) as err:
            return f"{self.section} {self.field_name}: {err}"
        return None

    def execute(self, doc: Document) -> None:
        holder = getattr(doc.map, self.section)
        value = coerce(type(holder), self.field_name, self.value)
        self.old = copy.deepcopy(getattr(holder, self.field_name))
        self._changed = self.old != value
        if self._changed:
            self._apply(doc, value)

    def undo(self, doc: Document) -> None:
        self._apply(doc, copy.deepcopy(self.old))

    def _apply(self, doc: Document, value: Any) -> None:
        doc.set_setting(self.section, self.field_name, value)

    @property
    def changed(self) -> bool:
        return self._changed


def without(value: Any, element_id: str) -> Any:
    """A reference field's value with ``element_id`` taken out (None for single refs)."""
    if isinstance(value, list):
        return [ref for ref in value if ref != element_id]
    return None if value == element_id else value


class UnlinkReference(CompositeCommand):
    """Take ``element_id`` out of ``referrer.field_name``; a logic item losing the stage its
    decision lives on loses the decision first."""

    name = "Unlink"

    def __init__(self, referrer: str, field_name: str, element_id: str) -> None:
        super().__init__()
        self.referrer = referrer
        self.field_name = field_name
        self.element_id = element_id

    def plan(self, doc: Document) -> None:
        obj = doc.get(self.referrer)
        if doc.kind_of(self.referrer) == "logic" and self.field_name == "stages":
            if obj.decision is not None and doc.parent_of(obj.decision) == self.element_id:
                self.run(doc, SetField(self.referrer, "decision", None))
        current = getattr(obj, self.field_name)
        self.run(doc, SetField(self.referrer, self.field_name, without(current, self.element_id)))


class MoveElement(Command):
    """Move an element to position ``index`` of its list (lanes, decisions, outcomes…)."""

    name = "Reorder"

    def __init__(self, element_id: str, index: int) -> None:
        self.element_id = element_id
        self.index = index
        self.old_index: int | None = None

    def can_execute(self, doc: Document) -> str | None:
        reason = missing(doc, self.element_id)
        if reason:
            return reason
        kind = doc.kind_of(self.element_id)
        if kind in ("stream", "stage", "handoff"):
            return f"a {KIND_LABELS[kind]} has no order to change"  # type: ignore[index]
        return None

    def execute(self, doc: Document) -> None:
        self.old_index = doc.move(self.element_id, self.index)
        self._changed = doc.index_of(self.element_id) != self.old_index

    def undo(self, doc: Document) -> None:
        assert self.old_index is not None
        doc.move(self.element_id, self.old_index)

    @property
    def changed(self) -> bool:
        return self._changed
