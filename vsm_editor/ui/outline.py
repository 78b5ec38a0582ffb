"""View > Stream Outline: the stream as text in a dock, for screen-reader users and for
pasting into an email (:mod:`vsm_editor.ui.outline_text` writes the text).

The dock is built the first time it is shown and follows the document while visible
(refreshed shortly after each change, never while hidden).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDockWidget,
    QHBoxLayout,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

if TYPE_CHECKING:
    from vsm_editor.ui.main_window import MainWindow

REFRESH_MS = 400


class OutlinePanel(QWidget):
    """The outline as read-only, keyboard-selectable text, with a Copy button."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__()
        self.window_ = window
        self.text = QPlainTextEdit()
        self.text.setObjectName("outline_text")
        self.text.setReadOnly(True)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByKeyboard
                                          | Qt.TextInteractionFlag.TextSelectableByMouse)
        self.text.setAccessibleName("Stream outline")
        self.text.setAccessibleDescription(
            "The stages in flow order with their outcomes, decisions, logic at control points, "
            "components and findings")
        self.text.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.copy_button = QPushButton("&Copy Outline")
        self.copy_button.setAccessibleName("Copy the outline as plain text")
        self.copy_button.clicked.connect(self.copy)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.copy_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.text, 1)
        layout.addLayout(buttons)
        self._timer = QTimer(self, singleShot=True, interval=REFRESH_MS)
        self._timer.timeout.connect(self.refresh)
        window.session.document.subscribe(lambda _changes: self.schedule())

    def schedule(self) -> None:
        if self.isVisible():
            self._timer.start()

    def plain_text(self) -> str:
        """The outline of the document as it is now."""
        from vsm_editor.analysis import analyze
        from vsm_editor.ui.outline_text import outline_text

        anatomy = self.window_.session.document.map
        return outline_text(anatomy, analyze(anatomy).findings)

    def refresh(self) -> None:
        """Rewrite the text, keeping the reading position."""
        position = self.text.verticalScrollBar().value()
        self.text.setPlainText(self.plain_text())
        self.text.verticalScrollBar().setValue(position)

    def copy(self) -> None:
        """Put the outline on the clipboard as plain text."""
        QGuiApplication.clipboard().setText(self.plain_text())
        self.window_.statusBar().showMessage("Copied the outline as text", 3000)


class OutlineActions:
    """The View > Stream Outline handler of :class:`MainWindow`."""

    outline_dock: QDockWidget | None = None

    def outline_panel(self: MainWindow) -> OutlinePanel:
        """The outline's panel, building its dock when first asked for."""
        if self.outline_dock is None:
            panel = OutlinePanel(self)
            dock = QDockWidget("Stream Outline", self)
            dock.setObjectName("dock_outline")
            dock.setAccessibleName("Stream outline panel")
            dock.setWidget(panel)
            dock.hide()
            self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, dock)
            dock.visibilityChanged.connect(self._outline_visibility)
            self.outline_dock = dock
            if hasattr(self, "panels_menu"):
                self.panels_menu.addAction(dock.toggleViewAction())
        return self.outline_dock.widget()

    def _outline_visibility(self: MainWindow, visible: bool) -> None:
        self.actions_by_name["outline"].setChecked(visible)
        if visible:
            self.outline_panel().refresh()

    def act_outline(self: MainWindow, visible: bool) -> None:
        panel = self.outline_panel()
        self.outline_dock.setVisible(visible)
        if visible:
            panel.text.setFocus()
