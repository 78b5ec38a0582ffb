"""Generic edits: add elements, change fields, change map settings, reorder a list."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from typing import TYPE_CHECKING, Any

from vsm_editor.commands.base import Command, CompositeCommand
from vsm_editor.commands.primitives import InsertElement, MoveElement, SetField, SetSetting

if TYPE_CHECKING:
    from vsm_editor.model.document import Document


class AddElements(CompositeCommand):
    """Insert new elements: ``(kind, obj, index, parent)`` each, in order."""

    def __init__(self, name: str, inserts: Sequence[InsertElement]) -> None:
        super().__init__()
        self.name = name
        self.inserts = list(inserts)

    def can_execute(self, doc: Document) -> str | None:
        if not self.inserts:
            return "nothing to add"
        return self.inserts[0].can_execute(doc)

    def plan(self, doc: Document) -> None:
        for insert in self.inserts:
            self.run(doc, InsertElement(insert.kind, insert.obj, insert.index, insert.parent))

    @property
    def ids(self) -> list[str]:
        return [insert.obj.id for insert in self.inserts]


class _StepsInOrder(CompositeCommand):
    """Run ``step(a, b, value)`` for each change in order, as one undo step; each change must
    be valid on its own when checked against the document as it is, and ``check`` adds a
    rule of the caller's (asked before the per-change checks)."""

    step: type[Command]

    def __init__(
        self,
        name: str,
        changes: Sequence[tuple[str, str, Any]],
        merge_key: Hashable | None = None,
        check: Callable[[Document], str | None] | None = None,
    ) -> None:
        super().__init__()
        self.name = name
        self.changes = list(changes)
        self.merge_key = merge_key
        self.check = check

    def can_execute(self, doc: Document) -> str | None:
        if not self.changes:
            return "nothing to change"
        reason = self.check(doc) if self.check is not None else None
        if reason:
            return reason
        for first, field_name, value in self.changes:
            reason = type(self).step(first, field_name, value).can_execute(doc)
            if reason:
                return reason
        return None

    def plan(self, doc: Document) -> None:
        for first, field_name, value in self.changes:
            self.run(doc, type(self).step(first, field_name, value))


class UpdateFields(_StepsInOrder):
    """Set fields of elements: ``(element id, field, value)`` each, in order."""

    step = SetField


class ChangeSettings(_StepsInOrder):
    """Set map-wide settings: ``(section, field, value)`` each, in order."""

    step = SetSetting


class Reorder(CompositeCommand):
    """Move an element (lane, decision, idea, outcome, catalogue item) to a new position."""

    def __init__(self, element_id: str, index: int, name: str = "Reorder") -> None:
        super().__init__()
        self.name = name
        self.element_id = element_id
        self.index = index

    def can_execute(self, doc: Document) -> str | None:
        return MoveElement(self.element_id, self.index).can_execute(doc)

    def plan(self, doc: Document) -> None:
        self.run(doc, MoveElement(self.element_id, self.index))
