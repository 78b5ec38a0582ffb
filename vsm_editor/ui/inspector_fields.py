"""Field widgets of the inspector: each commits once per field edit, never per keystroke.

Every widget emits ``committed(value)`` only when the user finished an edit (Enter, focus
leaving a changed field, a choice picked, a box ticked). ``show(value)`` fills it from the
model without emitting and without overwriting an edit still in progress.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QWidget,
)

from vsm_editor.model.entities import Duration, Percent, Rate
from vsm_editor.ui.override_guard import guarded, guarded_filter

MIXED = "— mixed —"
TIME_UNITS = ("minutes", "hours", "working_days", "calendar_days")
UNIT_LABELS = {"minutes": "min", "hours": "h", "working_days": "working d",
               "calendar_days": "calendar d", None: "(no unit)"}


def number_text(value: float | None) -> str:
    """``12`` for 12.0, ``2.5`` for 2.5, empty for None."""
    if value is None:
        return ""
    return f"{value:g}"


def parse_number(text: str) -> float | None:
    """The number typed (comma or point), None for an empty field; ValueError otherwise."""
    text = text.strip().replace(",", ".")
    return None if not text else float(text)


class CommitLine(QLineEdit):
    """A line that commits its text on Enter or when focus leaves it changed."""

    committed = Signal(str)

    def __init__(self, placeholder: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPlaceholderText(placeholder)
        self.editingFinished.connect(self._finish)

    def _finish(self) -> None:
        if self.isModified():
            self.setModified(False)
            self.committed.emit(self.text())

    def show_value(self, value: str) -> None:
        """Show ``value`` unless the user is typing in this field."""
        if self.hasFocus() and self.isModified():
            return
        if self.text() != value:
            self.setText(value)
            self.setCursorPosition(0)  # show the start of a long text
        self.setModified(False)


class CommitText(QPlainTextEdit):
    """Multi-line text (descriptions, notes): Tab leaves, Ctrl+Enter or leaving commits."""

    committed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTabChangesFocus(True)
        self.setFixedHeight(58)
        self._shown = ""

    def show_value(self, value: str) -> None:
        if self.hasFocus() and self.toPlainText() != self._shown:
            return
        self._shown = value
        if self.toPlainText() != value:
            self.setPlainText(value)

    def commit(self) -> None:
        text = self.toPlainText()
        if text != self._shown:
            self._shown = text
            self.committed.emit(text)

    @guarded
    def keyPressEvent(self, event: QKeyEvent) -> None:
        enter = event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        if enter and event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.commit()
            return
        super().keyPressEvent(event)

    @guarded
    def focusOutEvent(self, event) -> None:
        self.commit()
        super().focusOutEvent(event)


class Choice(QComboBox):
    """A choice among ``(value, label)`` pairs; commits when the user picks one."""

    committed = Signal(object)

    def __init__(self, options: list[tuple[Any, str]] = (), parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(8)
        self.set_options(options)
        self.activated.connect(lambda index: self.committed.emit(self.itemData(index)))

    def set_options(self, options) -> None:
        """Replace the options, keeping the current value when it is still offered."""
        current = self.currentData()
        self.blockSignals(True)
        self.clear()
        for value, label in options:
            self.addItem(label, value)
        self.show_value(current)
        self.blockSignals(False)

    def show_value(self, value: Any) -> None:
        self.blockSignals(True)
        index = self.findData(value)
        if index < 0 and value == MIXED:
            self.insertItem(0, MIXED, MIXED)
            index = 0
        elif self.count() and self.itemData(0) == MIXED and value != MIXED:
            self.removeItem(0)
            index = self.findData(value)
        self.setCurrentIndex(index)
        self.blockSignals(False)

    def value(self) -> Any:
        return self.currentData()


class Tick(QCheckBox):
    """A box that commits its state when the user ticks or unticks it."""

    committed = Signal(bool)

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.clicked.connect(lambda checked: self.committed.emit(bool(checked)))

    def show_value(self, value: bool) -> None:
        self.blockSignals(True)
        self.setChecked(bool(value))
        self.blockSignals(False)


class NumberLine(CommitLine):
    """A number (empty = not given); commits ``float | None``, refuses other text."""

    number = Signal(object)

    def __init__(self, placeholder: str = "", parent: QWidget | None = None) -> None:
        super().__init__(placeholder, parent)
        self.committed.connect(self._parse)

    def _parse(self, text: str) -> None:
        try:
            value = parse_number(text)
        except ValueError:
            self.setStyleSheet("border: 2px solid #c62828;")
            self.setToolTip("Type a number, or leave the field empty")
            return
        self.setStyleSheet("")
        self.setToolTip("")
        self.number.emit(value)

    def show_number(self, value: float | None) -> None:
        self.show_value(number_text(value))


class MeasureEditor(QWidget):
    """A Duration, Percent or Rate: a number, a unit for durations, estimated or measured.

    ``committed`` carries the new struct, or None when the number was cleared.
    """

    committed = Signal(object)

    def __init__(self, kind: type, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind = kind
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.number = NumberLine("not given")
        self.number.setMaximumWidth(90)
        layout.addWidget(self.number)
        self.unit: Choice | None = None
        if kind is Duration:
            self.unit = Choice([(u, UNIT_LABELS[u]) for u in (None, *TIME_UNITS)])
            layout.addWidget(self.unit)
            self.unit.committed.connect(lambda _v: self._emit())
        self.measured = Tick("measured")
        self.measured.setToolTip("Ticked: taken from real data; unticked: a workshop estimate")
        layout.addWidget(self.measured)
        layout.addStretch(1)
        self.number.number.connect(lambda _v: self._emit())
        self.measured.committed.connect(lambda _v: self._emit())
        self._value: Any = None

    def show_measure(self, value: Any) -> None:
        self._value = value
        self.number.show_number(None if value is None else value.value)
        if self.unit is not None:
            self.unit.show_value(value.unit if value is not None else None)
        self.measured.show_value(bool(value is not None and value.measured))

    def current(self) -> Any:
        """The struct the fields describe now (None when no number is given)."""
        try:
            number = parse_number(self.number.text())
        except ValueError:
            return self._value
        if number is None:
            return None
        measured = self.measured.isChecked()
        if self.kind is Duration:
            unit = self.unit.value() if self.unit is not None else None
            if unit is None and self._value is None:
                unit = "hours"
            return Duration(value=number, unit=unit, measured=measured)
        if self.kind is Percent:
            return Percent(value=number, measured=measured)
        return Rate(value=number, measured=measured)

    def _emit(self) -> None:
        new = self.current()
        if new != self._value:
            self.committed.emit(new)


class RowList(QListWidget):
    """A list of rows (outcomes, decisions, logic …): Enter adds a row, Delete removes the
    current one, Ctrl+Up / Ctrl+Down move it. Rows carry their element id."""

    add_requested = Signal()
    remove_requested = Signal(str)
    move_requested = Signal(str, int)

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setAccessibleName(name.replace("_", " "))
        self.setMaximumHeight(130)
        self.setTabKeyNavigation(False)

    def set_rows(self, rows: list[tuple[str, str]]) -> None:
        """Show ``(id, text)`` rows, keeping the current row when it is still there."""
        current = self.current_id()
        if [(self.item(i).data(Qt.ItemDataRole.UserRole), self.item(i).text())
                for i in range(self.count())] == rows:
            return
        self.blockSignals(True)
        self.clear()
        for element_id, text in rows:
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, element_id)
            self.addItem(item)
        self.blockSignals(False)
        self.select_id(current)
        if self.currentRow() < 0 and self.count():
            self.setCurrentRow(0)

    def current_id(self) -> str | None:
        item = self.currentItem()
        return None if item is None else item.data(Qt.ItemDataRole.UserRole)

    def ids(self) -> list[str]:
        return [self.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.count())]

    def select_id(self, element_id: str | None) -> bool:
        for i in range(self.count()):
            if self.item(i).data(Qt.ItemDataRole.UserRole) == element_id:
                self.setCurrentRow(i)
                return True
        return False

    @guarded_filter
    def event(self, event: QEvent) -> bool:
        # take Enter and Delete before the window's shortcuts (Delete deletes stages there)
        if event.type() == QEvent.Type.ShortcutOverride and event.key() in (
            Qt.Key.Key_Delete, Qt.Key.Key_Return, Qt.Key.Key_Enter,
        ):
            event.accept()
            return True
        return super().event(event)

    @guarded
    def keyPressEvent(self, event: QKeyEvent) -> None:
        key, mods = event.key(), event.modifiers()
        control = bool(mods & Qt.KeyboardModifier.ControlModifier)
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.add_requested.emit()
        elif key == Qt.Key.Key_Delete and self.current_id():
            self.remove_requested.emit(self.current_id())
        elif control and key in (Qt.Key.Key_Up, Qt.Key.Key_Down) and self.current_id():
            step = -1 if key == Qt.Key.Key_Up else 1
            self.move_requested.emit(self.current_id(), self.currentRow() + step)
        else:
            super().keyPressEvent(event)


class TickList(QListWidget):
    """Checkable rows (outcomes a stage serves, logic a component realizes); Space ticks,
    and each tick commits ``(id, checked)``."""

    toggled = Signal(str, bool)

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setAccessibleName(name.replace("_", " "))
        self.setMaximumHeight(110)
        self.itemChanged.connect(self._changed)

    def set_rows(self, rows: list[tuple[str, str, bool]]) -> None:
        current = self.currentRow()
        self.blockSignals(True)
        self.clear()
        for element_id, text, checked in rows:
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, element_id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
            self.addItem(item)
        if 0 <= current < self.count():
            self.setCurrentRow(current)
        elif self.count():
            self.setCurrentRow(0)
        self.blockSignals(False)

    def _changed(self, item: QListWidgetItem) -> None:
        self.toggled.emit(item.data(Qt.ItemDataRole.UserRole),
                          item.checkState() == Qt.CheckState.Checked)

    def checked_ids(self) -> list[str]:
        return [self.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.count())
                if self.item(i).checkState() == Qt.CheckState.Checked]
