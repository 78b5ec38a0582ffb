"""The editor's one path from view intents (ids, positions) to model edits.

Every user gesture calls one method here; each is one call on the ``Modeling`` façade of
:mod:`vsm_editor.commands`, so one undo step on its :class:`CommandStack` and one change set
on the document, which then updates the scene. Refused edits raise :class:`RefusedError`
with a sentence for the user, before anything runs.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from vsm_editor.commands import CommandRefusedError, CommandStack, Modeling
from vsm_editor.model import Document

Listener = Callable[[], None]


class RefusedError(Exception):
    """An edit the rules do not allow; ``str()`` is the message for the user."""


def _sentence(reason: str) -> str:
    reason = reason.strip()
    return (reason[:1].upper() + reason[1:]).rstrip(".") + "." if reason else "Not allowed."


class Editing:
    """Turns user intents into commands on one document's command stack."""

    def __init__(self, document: Document) -> None:
        self.document = document
        self.stack = CommandStack(document)
        self.modeling = Modeling(document, self.stack)
        self._listeners: list[Listener] = []
        self.stack.subscribe(lambda _stack: self._stack_changed())

    # ------------------------------------------------------------ the stack
    def on_changed(self, listener: Listener) -> None:
        """Call ``listener`` whenever the stack (undo, redo, clean state) changed."""
        self._listeners.append(listener)

    def _stack_changed(self) -> None:
        for listener in list(self._listeners):
            listener()

    def undo(self) -> None:
        self.stack.undo()

    def redo(self) -> None:
        self.stack.redo()

    def can_undo(self) -> bool:
        return self.stack.can_undo()

    def can_redo(self) -> bool:
        return self.stack.can_redo()

    def labels(self) -> list[str]:
        """The names of the steps on the stack, oldest first."""
        return self.stack.history

    def index(self) -> int:
        """How many steps are applied (the rest can be redone)."""
        return self.stack.index

    def set_index(self, index: int) -> None:
        """Undo or redo until ``index`` steps are applied (History list clicks)."""
        self.stack.set_index(index)

    def mark_clean(self) -> None:
        """The document was saved in its current state."""
        self.stack.set_clean()

    def is_clean(self) -> bool:
        return self.stack.is_clean()

    # ------------------------------------------------------------ edits
    @staticmethod
    def _run(call: Callable[[], object]) -> object:
        try:
            return call()
        except CommandRefusedError as err:
            raise RefusedError(_sentence(err.reason)) from None

    def add_stage(self, x: float, y: float, name: str = "New stage") -> str:
        """Add a stage with its top-left at absolute ``(x, y)``; the lane is the band under
        its centre. Returns the new id."""
        return self._run(lambda: self.modeling.add_stage(name, position=(x, y)))  # type: ignore[return-value]

    def remove(self, ids: Iterable[str]) -> None:
        """Delete stages (with their handoffs) and handoffs as one step."""
        wanted = [i for i in ids if self.document.kind_of(i) in ("stage", "handoff")]
        if not wanted:
            raise RefusedError("Nothing selected to delete.")
        self._run(lambda: self.modeling.remove_elements(wanted))

    def move(self, positions: dict[str, tuple[float, float]]) -> None:
        """Move stages to absolute top-left positions as one step; each joins the lane
        under its centre."""
        current = {i: self.modeling.stage_position(i) for i in positions}
        changed = {i: p for i, p in positions.items() if current[i] != p}
        if changed:
            self._run(lambda: self.modeling.move_stages(changed))

    def can_connect(self, source: str, target: str, kind: str = "flow") -> str | None:
        """Why a handoff may not be drawn (None when it may)."""
        reason = self.modeling.can_connect(source, target, kind)
        return _sentence(reason) if reason else None

    def connect(self, source: str, target: str, kind: str = "flow") -> str:
        """Add a handoff; refused for a self-loop or a duplicate."""
        reason = self.can_connect(source, target, kind)
        if reason:
            raise RefusedError(reason)
        return self._run(lambda: self.modeling.connect(source, target, kind))  # type: ignore[return-value]

    def rename(self, element_id: str, text: str) -> None:
        """Rename a stage or lane, or relabel a handoff."""
        text = " ".join(text.split())
        self._run(lambda: self.modeling.rename(element_id, text))

    def add_lane(self, name: str = "New lane") -> str:
        """Add a lane at the bottom."""
        return self._run(lambda: self.modeling.add_lane(name))  # type: ignore[return-value]
