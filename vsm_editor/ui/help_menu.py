"""The Help menu: the keyboard-shortcuts sheet (made from the action table), the
getting-started page (offered once, on the first start) and the About box.

:class:`HelpActions` holds the handlers :class:`MainWindow` inherits.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from vsm_editor.ui import dialogs
from vsm_editor.ui.actions import ACTIONS, MENUS, shortcuts_of

if TYPE_CHECKING:
    from PySide6.QtPrintSupport import QPrinter

    from vsm_editor.ui.main_window import MainWindow

FIRST_RUN_KEY = "help/getting_started_offered"
ENV_NO_WELCOME = "VSM_EDITOR_NO_WELCOME"  # any value: never offer the page (tests, kiosks)


# ---------------------------------------------------------------- the shortcuts sheet
def menu_title(key: str) -> str:
    """``"file>&Export"`` → ``"File › Export"``."""
    titles = dict(MENUS)
    parts = key.split(">")
    words = [titles.get(parts[0], parts[0])] + parts[1:]
    return " › ".join(word.replace("&", "") for word in words)


def on_a_keyboard(key: QKeySequence) -> bool:
    """Whether ``key`` is typed on an ordinary keyboard: not F13 and up, not a dedicated
    hardware key (the platform also binds "Open", "Save", "Undo" keys some keyboards have)."""
    return key[0].key().value < Qt.Key.Key_F13.value  # letters, F1–F12, arrows, Del…


def shortcut_rows(native: bool = True) -> list[tuple[str, str, str]]:
    """``(menu, command, keys)`` for every action of the table, in menu order (keys found
    only on special keyboards left out)."""
    fmt = (QKeySequence.SequenceFormat.NativeText if native
           else QKeySequence.SequenceFormat.PortableText)
    return [(menu_title(spec.menu), spec.text.replace("&", "").rstrip("…"),
             ", ".join(key.toString(fmt) for key in shortcuts_of(spec) if on_a_keyboard(key)))
            for spec in ACTIONS]


def shortcuts_text() -> str:
    """The sheet as aligned plain text (to print, save or paste)."""
    rows = shortcut_rows()
    menu_w = max(len(r[0]) for r in rows)
    command_w = max(len(r[1]) for r in rows)
    lines = ["vsm-editor keyboard shortcuts", ""]
    for menu, command, keys in rows:
        lines.append(f"{menu:<{menu_w}}  {command:<{command_w}}  {keys or '–'}".rstrip())
    return "\n".join(lines) + "\n"


class ShortcutsDialog(QDialog):
    """Every command with its keys; typing filters the rows (command, menu or key)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Keyboard shortcuts")
        self.resize(620, 640)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search commands or keys…")
        self.search.setAccessibleName("Search shortcuts")
        self.search.setClearButtonEnabled(True)
        rows = shortcut_rows()
        self.table = QTableWidget(len(rows), 3)
        self.table.setObjectName("shortcuts_table")
        self.table.setAccessibleName("Keyboard shortcuts")
        self.table.setHorizontalHeaderLabels(["Command", "Keys", "Menu"])
        for r, (menu, command, keys) in enumerate(rows):
            for c, text in enumerate((command, keys or "–", menu)):
                self.table.setItem(r, c, QTableWidgetItem(text))
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        role = QDialogButtonBox.ButtonRole.ActionRole
        buttons.addButton("&Copy as Text", role).clicked.connect(self.copy_text)
        buttons.addButton("&Save as Text…", role).clicked.connect(self.save_text)
        buttons.addButton("&Print…", role).clicked.connect(lambda: self.print_sheet())
        layout = QVBoxLayout(self)
        layout.addWidget(self.search)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.search.textChanged.connect(self.filter)
        self.search.setFocus()

    def filter(self, text: str) -> int:
        """Show only rows containing every word of ``text``; the number shown."""
        words = text.lower().split()
        shown = 0
        for r in range(self.table.rowCount()):
            row = " ".join(self.table.item(r, c).text().lower() for c in range(3))
            hide = not all(word in row for word in words)
            self.table.setRowHidden(r, hide)
            shown += not hide
        return shown

    def copy_text(self) -> None:
        QGuiApplication.clipboard().setText(shortcuts_text())

    def save_text(self, path: str | None = None) -> Path | None:
        """Write the sheet as a text file (asking where unless ``path`` is given)."""
        from vsm_editor.model import MapFileError
        from vsm_editor.model.fileio import write_atomic

        if path is None:
            path, _ = QFileDialog.getSaveFileName(self, "Save shortcuts", "shortcuts.txt",
                                                  "Text files (*.txt);;All files (*)")
        if not path:
            return None
        try:
            write_atomic(Path(path), shortcuts_text().encode("utf-8"))
        except MapFileError as err:
            dialogs.show_error(self, "Could not save", str(err))
            return None
        return Path(path)

    def print_sheet(self, printer: QPrinter | None = None) -> bool:
        """Print the sheet (through the print dialog unless ``printer`` is given)."""
        from PySide6.QtGui import QFont, QTextDocument
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        if printer is None:
            printer = QPrinter()
            if QPrintDialog(printer, self).exec() != QDialog.DialogCode.Accepted:
                return False
        document = QTextDocument()
        document.setDefaultFont(QFont("DejaVu Sans Mono", 9))
        document.setPlainText(shortcuts_text())
        document.print_(printer)
        return True


# ---------------------------------------------------------------- getting started
GETTING_STARTED_HTML = """
<h2>Getting started with vsm-editor</h2>
<p>A value-stream map shows how work moves through <b>stages</b> (boxes) joined by
<b>handoffs</b> (arrows), in <b>lanes</b> by team. vsm-editor also asks what makes each
stage real, in four layers:</p>
<ul>
<li><b>P1 Strategy</b> — which outcome the stage serves (a metric with a baseline and a
target, such as “activation lead time &lt; 2 days”).</li>
<li><b>P2 Process</b> — its place in the flow and the decisions taken in it.</li>
<li><b>P3 System logic</b> — the rules, data, events, timing and exceptions that execute
it, each tied to a <b>control point</b>: a field update, form validation, before commit,
before transition or a background process.</li>
<li><b>P4 Components</b> — the parts (screens, APIs, rules, approvals…) that realize that
logic.</li>
</ul>
<h3>Capture while people talk</h3>
<table cellspacing="4">
<tr><td><b>S</b> or <b>Ins</b>, or double-click the canvas</td><td>add a stage and type its
name</td></tr>
<tr><td><b>C</b>, then drag from one stage onto another</td><td>connect them (Esc stops)</td>
</tr>
<tr><td><b>L</b></td><td>add a lane</td></tr>
<tr><td><b>F2</b> or double-click a stage</td><td>rename</td></tr>
<tr><td><b>Del</b></td><td>delete the selection</td></tr>
<tr><td><b>Ctrl+Z</b> / <b>Ctrl+Shift+Z</b></td><td>undo / redo</td></tr>
<tr><td><b>F</b>, <b>+</b>, <b>−</b>, Space-drag</td><td>fit, zoom, pan</td></tr>
</table>
<p>Help › Keyboard Shortcuts (<b>F1</b>) lists every key.</p>
<h3>Reading the anatomy</h3>
<p>The anatomy panel counts, per layer, how many stages are linked: <i>P3 5/10</i> means
five of ten stages have system logic. Below it, the findings are listed by severity
(error, warning, info) and layer; select one to read what it means and how to fix it.
Map › Check Anatomy (<b>F7</b>) sums them up. View › Stream Outline gives the same map as
text, for screen readers or to paste into an email.</p>
<p>Your work is autosaved every few seconds and recovered after a crash. File › Export makes
SVG, PNG, PDF, BPMN, JSON and Markdown.</p>
"""


class GettingStartedDialog(QDialog):
    """The short introduction, as a read-only page."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Getting started")
        self.resize(640, 660)
        self.browser = QTextBrowser()
        self.browser.setAccessibleName("Getting started")
        self.browser.setOpenExternalLinks(False)
        self.browser.setHtml(GETTING_STARTED_HTML)
        note = QLabel("You can open this page again from Help › Getting Started.")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser, 1)
        layout.addWidget(note)
        layout.addWidget(buttons)


def offer_getting_started(window: QWidget) -> QDialog | None:
    """Show the getting-started page once per user (the first start); None afterwards,
    and never when ``VSM_EDITOR_NO_WELCOME`` is set."""
    from vsm_editor.ui import state

    if os.environ.get(ENV_NO_WELCOME):
        return None
    store = state.settings()
    if store.value(FIRST_RUN_KEY, False, type=bool):
        return None
    store.setValue(FIRST_RUN_KEY, True)
    store.sync()
    dialog = GettingStartedDialog(window)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    return dialog


class HelpActions:
    """The Help menu's handlers of :class:`MainWindow`."""

    def act_shortcuts(self: MainWindow) -> None:
        dialog = ShortcutsDialog(self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()

    def act_getting_started(self: MainWindow) -> None:
        dialog = GettingStartedDialog(self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()

    def act_about(self: MainWindow) -> None:
        from vsm_editor.ui.about import AboutDialog

        dialog = AboutDialog(self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
