"""The undo stack: plain Python, wrapped by the UI for a QUndoStack-like display."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

import msgspec

from vsm_editor.commands.base import Command, CommandRefusedError, MacroCommand, refusal
from vsm_editor.model.document import Document

StackListener = Callable[["CommandStack"], None]


class CommandStack:
    """Executed commands and a cursor (:attr:`index` = how many are applied).

    Every push, undo and redo runs inside one ``doc.batch()``, so document listeners get one
    change set per user action. Stack listeners are told after every change of the stack
    (push, merge, undo, redo, clean mark, clear).
    """

    def __init__(self, doc: Document, limit: int = 0) -> None:
        self.doc = doc
        self.limit = limit  # 0 = unlimited
        self._commands: list[Command] = []
        self._index = 0
        self._clean_index: int | None = 0
        self._listeners: list[StackListener] = []
        self._macro: MacroCommand | None = None

    # ----------------------------------------------------------------- state
    @property
    def index(self) -> int:
        """How many commands are applied (the position between undo and redo)."""
        return self._index

    @property
    def history(self) -> list[str]:
        """The names of all commands, oldest first (Edit > History)."""
        return [command.name for command in self._commands]

    @property
    def commands(self) -> list[Command]:
        return list(self._commands)

    def can_undo(self) -> bool:
        return self._index > 0 and self._macro is None

    def can_redo(self) -> bool:
        return self._index < len(self._commands) and self._macro is None

    def undo_text(self) -> str:
        return self._commands[self._index - 1].name if self._index > 0 else ""

    def redo_text(self) -> str:
        return self._commands[self._index].name if self._index < len(self._commands) else ""

    def is_clean(self) -> bool:
        """Whether the document is as it was when :meth:`set_clean` was last called."""
        return self._clean_index == self._index

    @property
    def clean_index(self) -> int | None:
        """The index marked clean, or None when that state can no longer be reached."""
        return self._clean_index

    def set_clean(self) -> None:
        """Mark the current state as saved."""
        self._clean_index = self._index
        self._notify()

    def clear(self) -> None:
        """Forget all commands (after loading another document); the state is clean."""
        self._commands.clear()
        self._index = 0
        self._clean_index = 0
        self._notify()

    # ----------------------------------------------------------------- listeners
    def subscribe(self, listener: StackListener) -> Callable[[], None]:
        """Call ``listener(stack)`` whenever the stack changes; returns an unsubscriber."""
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener) if listener in self._listeners else None

    def _notify(self) -> None:
        for listener in list(self._listeners):
            listener(self)

    # ----------------------------------------------------------------- editing
    def push(self, command: Command) -> Command:
        """Check and execute ``command`` and record it as one undo step.

        Raises :class:`CommandRefusedError` (document untouched) when it is not allowed. A command
        that changes nothing is not recorded. A command whose merge key equals the previous
        one's merges into it, unless the previous one is at the saved (clean) state.
        """
        reason = command.can_execute(self.doc)
        if reason is not None:
            raise CommandRefusedError(reason)
        try:
            with self.doc.batch():
                command.execute(self.doc)
        except (CommandRefusedError, ValueError, KeyError, TypeError, msgspec.MsgspecError) as err:
            raise refusal(err) from err
        if not command.changed:
            return command
        if self._macro is not None:
            self._macro.steps.append(command)
            return command
        self._record(command)
        return command

    def _record(self, command: Command) -> None:
        del self._commands[self._index :]
        if self._clean_index is not None and self._clean_index > self._index:
            self._clean_index = None
        previous = self._commands[-1] if self._commands else None
        if (
            previous is not None
            and command.merge_key is not None
            and previous.merge_key == command.merge_key
            and self._clean_index != self._index
        ):
            self._commands[-1] = previous.merged_with(command)
        else:
            self._commands.append(command)
            self._index += 1
            self._trim()
        self._notify()

    def _trim(self) -> None:
        if self.limit <= 0 or len(self._commands) <= self.limit:
            return
        excess = len(self._commands) - self.limit
        del self._commands[:excess]
        self._index -= excess
        if self._clean_index is not None:
            self._clean_index -= excess
            if self._clean_index < 0:
                self._clean_index = None

    @contextmanager
    def macro(self, name: str) -> Iterator[MacroCommand]:
        """Group the commands pushed inside into one undo step named ``name`` and one change
        set. When the block raises, every command pushed in it is undone and the error
        propagates. Nested macros join the outermost one."""
        if self._macro is not None:
            yield self._macro
            return
        macro = MacroCommand(name)
        self._macro = macro
        try:
            with self.doc.batch():
                try:
                    yield macro
                except BaseException:
                    macro.undo(self.doc)
                    raise
        finally:
            self._macro = None
        if macro.changed:
            self._record(macro)

    def undo(self) -> None:
        """Revert the last applied command."""
        if not self.can_undo():
            return
        command = self._commands[self._index - 1]
        with self.doc.batch():
            command.undo(self.doc)
        self._index -= 1
        self._notify()

    def redo(self) -> None:
        """Apply the next undone command again."""
        if not self.can_redo():
            return
        command = self._commands[self._index]
        with self.doc.batch():
            command.redo(self.doc)
        self._index += 1
        self._notify()

    def set_index(self, index: int) -> None:
        """Undo or redo until ``index`` commands are applied (clicking in the history),
        as one change set."""
        if self._macro is not None:
            return
        index = max(0, min(index, len(self._commands)))
        if index == self._index:
            return
        with self.doc.batch():
            while self._index > index:
                self._commands[self._index - 1].undo(self.doc)
                self._index -= 1
            while self._index < index:
                self._commands[self._index].redo(self.doc)
                self._index += 1
        self._notify()
