"""The one table of editor actions: menu, text with mnemonic, shortcuts, handler.

Menus, the toolbar, the help sheet and the shortcut-uniqueness test all read this table.
Standard keys come from the platform (``QKeySequence.StandardKey``); where the platform has
none, our fallback applies. On Linux ``Delete`` also binds Ctrl+D, so no action uses Ctrl+D.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence

SK = QKeySequence.StandardKey
CANVAS_CONTEXTS = {
    "canvas": Qt.ShortcutContext.WidgetShortcut,
    "canvas_editing": Qt.ShortcutContext.WidgetWithChildrenShortcut,
}

MENUS = (("file", "&File"), ("edit", "&Edit"), ("view", "&View"), ("insert", "&Insert"),
         ("map", "&Map"), ("arrange", "&Arrange"), ("help", "&Help"))


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
    #: "window": keys work anywhere in the window; "canvas": only while the canvas has the
    #: focus (arrows, Enter); "canvas_editing": also while a name is typed on it (Tab).
    scope: str = "window"


ACTIONS: tuple[ActionSpec, ...] = (
    ActionSpec("new", "file", "&New", SK.New, ("Ctrl+N",)),
    ActionSpec("new_from_template", "file", "New from &Template…", None, ("Ctrl+Shift+N",)),
    ActionSpec("new_future_state", "file", "New F&uture State", None, (),
               tip="Copy this map into a new document to redesign as its future state"),
    ActionSpec("open", "file", "&Open…", SK.Open, ("Ctrl+O",)),
    ActionSpec("save", "file", "&Save", SK.Save, ("Ctrl+S",)),
    ActionSpec("save_as", "file", "Save &As…", SK.SaveAs, ("Ctrl+Shift+S",)),
    ActionSpec("compare_with", "file", "Co&mpare With…", None, (),
               tip="Compare this map with another open document or a file"),
    # "file>&Export": the Export submenu of File (export_menu.submenu_for)
    ActionSpec("export_svg", "file>&Export", "&SVG…", None, ()),
    ActionSpec("export_png", "file>&Export", "&PNG…", None, ()),
    ActionSpec("export_png2", "file>&Export", "PNG at &2×…", None, (),
               tip="Twice the resolution, for slides"),
    ActionSpec("export_pdf", "file>&Export", "P&DF…", None, ()),
    ActionSpec("export_bpmn", "file>&Export", "&BPMN…", None, ()),
    ActionSpec("export_json", "file>&Export", "&JSON…", None, ()),
    ActionSpec("export_md", "file>&Export", "&Markdown…", None, ()),
    ActionSpec("print", "file", "&Print…", SK.Print, ("Ctrl+P",)),
    ActionSpec("close", "file", "&Close", SK.Close, ("Ctrl+W",)),
    ActionSpec("quit", "file", "&Quit", SK.Quit, ("Ctrl+Q",)),
    ActionSpec("undo", "edit", "&Undo", SK.Undo, ("Ctrl+Z",), toolbar=True),
    ActionSpec("redo", "edit", "&Redo", SK.Redo, ("Ctrl+Shift+Z",), toolbar=True),
    ActionSpec("delete", "edit", "&Delete", SK.Delete, ("Del",)),
    ActionSpec("rename", "edit", "Re&name", None, ("F2",)),
    ActionSpec("select_all", "edit", "Select A&ll", SK.SelectAll, ("Ctrl+A",)),
    ActionSpec("history", "edit", "&History", None, ("Ctrl+H",), checkable=True),
    ActionSpec("copy_image", "edit", "Copy as &Image", None, ("Ctrl+Shift+C",),
               tip="Put the map on the clipboard as SVG and PNG"),
    ActionSpec("cut", "edit", "Cu&t", SK.Cut, ("Ctrl+X",)),
    ActionSpec("copy", "edit", "&Copy", SK.Copy, ("Ctrl+C",),
               tip="Copy the selected stages (other apps get their names as lines)"),
    ActionSpec("paste", "edit", "&Paste", SK.Paste, ("Ctrl+V",),
               tip="Paste stages, or lines of text as connected stages"),
    ActionSpec("duplicate", "edit", "Duplicat&e", None, ("Ctrl+Shift+D",)),
    ActionSpec("edit_name", "edit", "Edit Na&me", None, ("Return", "Enter"), scope="canvas",
               tip="Type a new name for the selected stage on the canvas"),
    ActionSpec("nudge_left", "edit>Nu&dge", "&Left", None, ("Left",), scope="canvas"),
    ActionSpec("nudge_right", "edit>Nu&dge", "&Right", None, ("Right",), scope="canvas"),
    ActionSpec("nudge_up", "edit>Nu&dge", "&Up", None, ("Up",), scope="canvas"),
    ActionSpec("nudge_down", "edit>Nu&dge", "&Down", None, ("Down",), scope="canvas"),
    ActionSpec("find", "edit", "&Find…", SK.Find, ("Ctrl+F",),
               tip="Find stages and handoffs by any text"),
    ActionSpec("find_next", "edit", "Find Ne&xt", SK.FindNext, ("F3",)),
    ActionSpec("find_previous", "edit", "Find Pre&vious", SK.FindPrevious, ("Shift+F3",)),
    ActionSpec("zoom_in", "view", "Zoom &In", SK.ZoomIn, ("Ctrl++", "+", "="), toolbar=True),
    ActionSpec("zoom_out", "view", "Zoom &Out", SK.ZoomOut, ("Ctrl+-", "-"), toolbar=True),
    ActionSpec("zoom_reset", "view", "&Actual Size", None, ("Ctrl+0",)),
    ActionSpec("fit_all", "view", "&Fit to Window", None, ("Ctrl+1", "F"), toolbar=True),
    ActionSpec("outline", "view", "Stream Ou&tline", None, ("Ctrl+Shift+O",), checkable=True,
               tip="The stream as text: stages in flow order with their layers"),
    ActionSpec("present", "view", "&Present", None, ("F5",),
               tip="Full-screen presentation, one stage at a time (Esc returns)"),
    ActionSpec("stream_summary", "view", "Stream &Summary", None, ("Ctrl+Shift+J",),
               checkable=True, tip="Lead time, flow efficiency, bottleneck, delivery metrics"),
    ActionSpec("numbers_grid", "view", "&Numbers Grid", None, ("Ctrl+Alt+N",),
               checkable=True, tip="Every stage's and handoff's numbers in an editable table"),
    ActionSpec("show_data_boxes", "view>F&low Display", "&Data Boxes", None, (),
               checkable=True, tip="A data box under each stage (the map's setting, undoable)"),
    ActionSpec("show_ladder", "view>F&low Display", "Timeline &Ladder", None, (),
               checkable=True, tip="The timeline ladder under the map"),
    ActionSpec("show_lean_symbols", "view>F&low Display", "Lean &Symbols", None, (),
               checkable=True, tip="Queue triangles on waits, supplier and customer markers"),
    ActionSpec("walk_next", "view>&Go To", "&Next Stage", None, ("Alt+Right",),
               scope="canvas", tip="Select the next stage along the flow"),
    ActionSpec("walk_previous", "view>&Go To", "&Previous Stage", None, ("Alt+Left",),
               scope="canvas"),
    ActionSpec("walk_next_branch", "view>&Go To", "Next &Branch", None, ("Alt+Down",),
               scope="canvas", tip="Select the next alternative from the same stage"),
    ActionSpec("walk_previous_branch", "view>&Go To", "Previous B&ranch", None, ("Alt+Up",),
               scope="canvas"),
    ActionSpec("add_stage", "insert", "&Stage", None, ("S", "Ins"), toolbar=True,
               tip="Add a stage (or double-click the canvas)"),
    ActionSpec("connect_mode", "insert", "&Connect Mode", None, ("C",), toolbar=True,
               checkable=True, tip="Drag from one stage onto another to connect them"),
    ActionSpec("add_lane", "insert", "&Lane", None, ("L",), toolbar=True),
    ActionSpec("next_stage", "insert", "&Next Stage", None, ("Tab",), scope="canvas_editing",
               tip="Add a connected stage after the selected one and type its name"),
    ActionSpec("branch_stage", "insert", "&Branch Below", None, ("Shift+Return", "Shift+Enter"),
               scope="canvas_editing",
               tip="Add an alternative below the selected stage, from the same predecessor"),
    ActionSpec("insert_into_handoff", "insert", "Stage into &Handoff", None, (),
               tip="Split the selected handoff with a new stage (Tab does it too)"),
    ActionSpec("add_idea", "insert", "Improvement &Idea…", None, ("I",),
               tip="Add an improvement idea to the selected stage"),
    ActionSpec("add_pain_point", "insert", "&Pain Point…", None, ("P",),
               tip="Add a pain point to the selected stage"),
    ActionSpec("map_check", "map", "&Check Anatomy", None, ("F7",)),
    ActionSpec("auto_layout", "map", "Auto-&Layout", None, ("Ctrl+Shift+L",),
               tip="Lay out the map (or the selected stages) left to right in one undo step"),
    ActionSpec("rename_lane", "map", "&Rename Lane", None, ("Shift+F2",)),
    ActionSpec("recolour_lane", "map", "Rec&olour Lane…", None, ()),
    ActionSpec("lane_up", "map", "Move Lane &Up", None, ("Ctrl+Shift+Up",)),
    ActionSpec("lane_down", "map", "Move Lane &Down", None, ("Ctrl+Shift+Down",)),
    ActionSpec("delete_lane", "map", "D&elete Lane…", None, ()),
    ActionSpec("align_left", "arrange", "Align &Left", None, ("Alt+Shift+L",)),
    ActionSpec("align_centre", "arrange", "Align &Centre", None, ("Alt+Shift+C",)),
    ActionSpec("align_top", "arrange", "Align &Top", None, ("Alt+Shift+T",)),
    ActionSpec("align_middle", "arrange", "Align &Middle", None, ("Alt+Shift+M",)),
    ActionSpec("distribute_horizontally", "arrange", "Distribute &Horizontally", None,
               ("Alt+Shift+H",)),
    ActionSpec("distribute_vertically", "arrange", "Distribute &Vertically", None,
               ("Alt+Shift+V",)),
    ActionSpec("getting_started", "help", "&Getting Started", None, ()),
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
        if spec.scope != "window":  # keys that must not reach the docks' text fields
            action.setShortcutContext(CANVAS_CONTEXTS[spec.scope])
            owner.view.addAction(action)
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
