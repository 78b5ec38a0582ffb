"""The command protocol: a named, undoable edit of a :class:`~vsm_editor.model.Document`.

A command answers :meth:`Command.can_execute` (``None`` = allowed, else a reason a person
can read) before anything runs, then :meth:`Command.execute` changes the document and keeps
on itself whatever :meth:`Command.undo` needs (old values, list positions). ``redo`` runs
the edit again. Commands that cascade are :class:`CompositeCommand`\\ s: they record each
sub-command as it runs and undo them in reverse, so no inverse is ever written by hand.
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import TYPE_CHECKING

from vsm_editor.model.errors import IntegrityError

if TYPE_CHECKING:
    from vsm_editor.model.document import Document


class CommandRefusedError(ValueError):
    """An edit that is not allowed; ``reason`` says why in plain words."""

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(reason)


class Command:
    """One undoable edit. Subclasses set :attr:`name` and implement execute / undo."""

    name: str = "Edit"
    #: Consecutive commands with equal, non-None keys merge into one undo step.
    merge_key: Hashable | None = None

    def can_execute(self, doc: Document) -> str | None:
        """``None`` when the edit is allowed on ``doc``, else the reason it is not."""
        return None

    def execute(self, doc: Document) -> None:
        """Apply the edit, storing what undo needs on ``self``."""
        raise NotImplementedError

    def undo(self, doc: Document) -> None:
        """Revert exactly what the last execute / redo did."""
        raise NotImplementedError

    def redo(self, doc: Document) -> None:
        """Apply the edit again after an undo."""
        self.execute(doc)

    @property
    def changed(self) -> bool:
        """Whether the last execute changed anything (no-op edits never reach the stack)."""
        return True

    def merged_with(self, other: Command) -> Command:
        """One command doing ``self`` then ``other`` (already executed), named like ``self``."""
        return MergedCommand([self, other])

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.name!r}>"


class CompositeCommand(Command):
    """A command made of sub-commands recorded while :meth:`plan` runs.

    ``plan`` looks at the document as it is *now* (each earlier step has already run) and
    calls :meth:`run` for every step. Undo reverts the recorded steps in reverse order; redo
    replays them in order. A step that fails rolls back the steps already run.
    """

    def __init__(self) -> None:
        self.steps: list[Command] = []

    def plan(self, doc: Document) -> None:
        """Run the sub-commands of this edit with :meth:`run`."""
        raise NotImplementedError

    def run(self, doc: Document, step: Command) -> Command:
        """Check, execute and record one sub-command; returns it."""
        reason = step.can_execute(doc)
        if reason is not None:
            raise CommandRefusedError(reason)
        step.execute(doc)
        if step.changed:
            self.steps.append(step)
        return step

    def execute(self, doc: Document) -> None:
        self.steps = []
        try:
            self.plan(doc)
        except BaseException:
            self.undo(doc)
            self.steps = []
            raise

    def undo(self, doc: Document) -> None:
        for step in reversed(self.steps):
            step.undo(doc)

    def redo(self, doc: Document) -> None:
        for step in self.steps:
            step.redo(doc)

    @property
    def changed(self) -> bool:
        return bool(self.steps)


class MergedCommand(Command):
    """Several already-executed commands acting as one undo step (see merge keys)."""

    def __init__(self, commands: list[Command]) -> None:
        self.commands = commands
        self.name = commands[0].name
        self.merge_key = commands[0].merge_key

    def execute(self, doc: Document) -> None:
        for command in self.commands:
            command.execute(doc)

    def undo(self, doc: Document) -> None:
        for command in reversed(self.commands):
            command.undo(doc)

    def redo(self, doc: Document) -> None:
        for command in self.commands:
            command.redo(doc)

    def merged_with(self, other: Command) -> Command:
        self.commands.append(other)
        return self


class MacroCommand(CompositeCommand):
    """Commands pushed inside :meth:`CommandStack.macro`, kept as one undo step."""

    def __init__(self, name: str) -> None:
        super().__init__()
        self.name = name

    def plan(self, doc: Document) -> None:  # a macro is filled as it goes, never planned
        raise RuntimeError("a macro is built by pushing commands into it")

    def execute(self, doc: Document) -> None:
        for step in self.steps:
            step.redo(doc)


def refusal(err: Exception) -> CommandRefusedError:
    """The :class:`CommandRefusedError` for an error raised while an edit ran."""
    if isinstance(err, CommandRefusedError):
        return err
    if isinstance(err, IntegrityError):
        return CommandRefusedError(err.problem)
    return CommandRefusedError(str(err))
