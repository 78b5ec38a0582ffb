"""Undoable edits of a document: command objects, the undo stack and the ``Modeling``
façade the UI edits through. Never imports Qt (see the import-linter contract)."""

from vsm_editor.commands.base import (
    Command,
    CommandRefusedError,
    CompositeCommand,
    MacroCommand,
    MergedCommand,
)
from vsm_editor.commands.clipboard import CLIPBOARD_MIME, Clipboard, Paste, copy_selection
from vsm_editor.commands.modeling import AUTO, Modeling
from vsm_editor.commands.stack import CommandStack

__all__ = [
    "AUTO",
    "CLIPBOARD_MIME",
    "Clipboard",
    "Command",
    "CommandRefusedError",
    "CommandStack",
    "CompositeCommand",
    "MacroCommand",
    "MergedCommand",
    "Modeling",
    "Paste",
    "copy_selection",
]
