"""The one table of editor actions: menu, text with mnemonic, shortcuts, handler.

Menus, the toolbar, the help sheet and the shortcut-uniqueness test all read this table.
Standard keys come from the platform (``QKeySequence.StandardKey``); where the platform has
none, our fallback applies. On Linux ``Delete`` also binds Ctrl+D, so no action uses Ctrl+D.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass

from PySide6.QtGui import QAction, QKeySequence

SK = QKeySequence.StandardKey

MENUS = (("file", "&File"), ("edit", "&Edit"), ("view", "&View"), ("insert", "&Insert"),
         ("map", "&Map"), ("help", "&Help"))


@dataclass(frozen=True)
class ActionSpec:
    """One user command: where it lives and which keys run it."""

    name: str  # also the handler: MainWindow.act_<name>
    menu: str
    text: str  # with & before the mnemonic
    standard: QKeySequence.StandardKey | None = None
    keys: tuple[str, ...] = ()  # our own keys, or fallbacks when ``standard`` is empty
    toolbar: bool = False
    checkable: bool = False
    tip: str = ""


ACTIONS: tuple[ActionSpec, ...] = (
    ActionSpec("new", "file", "&New", SK.New, ("Ctrl+N",)),
    ActionSpec("new_from_template", "file", "New from &Template…", None, ("Ctrl+Shift+N",)),
    ActionSpec("open", "file", "&Open…", SK.Open, ("Ctrl+O",)),
    ActionSpec("save", "file", "&Save", SK.Save, ("Ctrl+S",)),
    ActionSpec("save_as", "file", "Save &As…", SK.SaveAs, ("Ctrl+Shift+S",)),
    ActionSpec("close", "file", "&Close", SK.Close, ("Ctrl+W",)),
    ActionSpec("quit", "file", "&Quit", SK.Quit, ("Ctrl+Q",)),
    ActionSpec("undo", "edit", "&Undo", SK.Undo, ("Ctrl+Z",), toolbar=True),
    ActionSpec("redo", "edit", "&Redo", SK.Redo, ("Ctrl+Shift+Z",), toolbar=True),
    ActionSpec("delete", "edit", "&Delete", SK.Delete, ("Del",)),
    ActionSpec("rename", "edit", "Re&name", None, ("F2",)),
    ActionSpec("select_all", "edit", "Select A&ll", SK.SelectAll, ("Ctrl+A",)),
    ActionSpec("history", "edit", "&History", None, ("Ctrl+H",), checkable=True),
    ActionSpec("zoom_in", "view", "Zoom &In", SK.ZoomIn, ("Ctrl++", "+", "="), toolbar=True),
    ActionSpec("zoom_out", "view", "Zoom &Out", SK.ZoomOut, ("Ctrl+-", "-"), toolbar=True),
    ActionSpec("zoom_reset", "view", "&Actual Size", None, ("Ctrl+0",)),
    ActionSpec("fit_all", "view", "&Fit to Window", None, ("Ctrl+1", "F"), toolbar=True),
    ActionSpec("add_stage", "insert", "&Stage", None, ("S", "Ins"), toolbar=True,
               tip="Add a stage (or double-click the canvas)"),
    ActionSpec("connect_mode", "insert", "&Connect Mode", None, ("C",), toolbar=True,
               checkable=True, tip="Drag from one stage onto another to connect them"),
    ActionSpec("add_lane", "insert", "&Lane", None, ("L",), toolbar=True),
    ActionSpec("map_check", "map", "&Check Anatomy", None, ("F7",)),
    ActionSpec("shortcuts", "help", "&Keyboard Shortcuts", None, ("F1",)),
    ActionSpec("about", "help", "&About vsm-editor", None, ()),
)


# Linux desktops (KDE, GNOME) bind Delete to Del and Ctrl+D; keep that even where Qt's
# platform theme does not report it (offscreen, bare X11), so the key is never reused.
PLATFORM_KEYS: dict[str, tuple[str, ...]] = (
    {"delete": ("Ctrl+D",)} if sys.platform.startswith("linux") else {}
)


def shortcuts_of(spec: ActionSpec) -> list[QKeySequence]:
    """The platform's standard keys for ``spec`` when it has any, else our fallbacks;
    our extra single keys and the platform's known extras are always added."""
    found: list[QKeySequence] = []
    if spec.standard is not None:
        found = [k for k in QKeySequence.keyBindings(spec.standard) if not k.isEmpty()]
    fallback = [QKeySequence(k) for k in spec.keys]
    if not found:
        found = fallback
    else:
        found += [k for k in fallback if k.count() == 1 and not _has_modifier(k)]
    found += [QKeySequence(k) for k in PLATFORM_KEYS.get(spec.name, ())]
    unique: list[QKeySequence] = []
    for key in found:
        if key not in unique:
            unique.append(key)
    return unique


def _has_modifier(key: QKeySequence) -> bool:
    combo = key[0]
    return combo.keyboardModifiers().value != 0


def build_actions(owner) -> dict[str, QAction]:
    """A QAction per table row, parented to ``owner`` and triggering ``owner.act_<name>``."""
    actions: dict[str, QAction] = {}
    for spec in ACTIONS:
        action = QAction(spec.text, owner)
        action.setObjectName(f"action_{spec.name}")
        action.setShortcuts(shortcuts_of(spec))
        action.setCheckable(spec.checkable)
        if spec.tip:
            action.setStatusTip(spec.tip)
        handler = getattr(owner, f"act_{spec.name}")
        if spec.checkable:
            action.toggled.connect(handler)
        else:
            action.triggered.connect(lambda _checked=False, h=handler: h())
        actions[spec.name] = action
    return actions


def help_rows() -> list[tuple[str, str]]:
    """``(action text, keys)`` for the shortcut help sheet."""
    rows = []
    for spec in ACTIONS:
        native = QKeySequence.SequenceFormat.NativeText
        keys = ", ".join(k.toString(native) for k in shortcuts_of(spec))
        rows.append((spec.text.replace("&", "").rstrip("…"), keys))
    return rows
