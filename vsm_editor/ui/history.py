"""Edit > History: the command stack as a list; clicking a row undoes or redoes to it."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QListWidget, QListWidgetItem

from vsm_editor.ui.editing import Editing

EMPTY = "<opened>"


class HistoryList(QListWidget):
    """Row 0 is the document as opened; row n is the state after the n-th step."""

    def __init__(self, editing: Editing) -> None:
        super().__init__()
        self.editing = editing
        self._updating = False
        editing.on_changed(self.refresh)
        self.currentRowChanged.connect(self._row_chosen)
        self.refresh()

    def refresh(self) -> None:
        """Rebuild the rows from the stack (done steps normal, undone steps grey)."""
        self._updating = True
        try:
            self.clear()
            applied = self.editing.index()
            for row, label in enumerate([EMPTY, *self.editing.labels()]):
                item = QListWidgetItem(label)
                if row > applied:
                    item.setForeground(QColor("#8a909c"))
                self.addItem(item)
            self.setCurrentRow(applied)
        finally:
            self._updating = False

    def _row_chosen(self, row: int) -> None:
        if not self._updating and row >= 0:
            QTimer.singleShot(0, self, lambda: self.editing.set_index(row))
