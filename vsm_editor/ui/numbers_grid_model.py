"""The numbers grid's table model: one row per stage and per handoff, the columns of the
numbers CSV (:data:`vsm_editor.exporters.numbers_csv.HEADERS`).

Cells show the CSV's text, so what is copied, exported and pasted reads back the same. An
edit is parsed exactly as a pasted cell would be (:func:`read_numbers`) and applied with
:func:`apply_numbers`: one undo step per edit, refused values reported through
:attr:`NumbersModel.problem` and never applied. The model follows the document's change
sets: rows are rebuilt (a few milliseconds for 5,000 stages) and only changed rows are
announced, so the view keeps its current cell and scroll position.
"""

from __future__ import annotations

import re

import shiboken6
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor

from vsm_editor.commands import CommandRefusedError, Modeling
from vsm_editor.exporters.numbers_csv import (
    COLUMNS,
    HEADERS,
    NumbersImport,
    apply_numbers,
    number_rows,
    read_numbers,
)
from vsm_editor.model import ChangeSet, Document
from vsm_editor.ui.flow_subscribe import weak_subscribe
from vsm_editor.ui.override_guard import guarded, guarded_count, guarded_filter, guarded_flags

Index = QModelIndex | QPersistentModelIndex
#: Columns a stage / a handoff may edit.
STAGE_EDITABLE = {"name", "lane", "owner", "process_time", "process_time_unit", "pca",
                  "measured"}
HANDOFF_EDITABLE = {"wait", "wait_unit", "measured"}
NUMBER_COLUMNS = {"process_time", "wait", "pca"}
_WITH_UNIT = re.compile(r"^\s*([0-9]+(?:[.,][0-9]*)?)\s*([A-Za-z][A-Za-z _]*)\s*$")
MUTED = "#8a94a6"


class NumbersModel(QAbstractTableModel):
    """The stages and handoffs of one document as an editable table."""

    problem = Signal(str)
    edited = Signal(str)

    def __init__(self, document: Document, modeling: Modeling, parent=None) -> None:
        super().__init__(parent)
        self.document = document
        self.modeling = modeling
        self.rows: list[list[str]] = number_rows(document.map)
        self._unsubscribe = weak_subscribe(document, self, "_changed")

    def detach(self) -> None:
        self._unsubscribe()

    # ------------------------------------------------------------ following the document
    def _changed(self, _changes: ChangeSet) -> None:
        if not shiboken6.isValid(self):
            self._unsubscribe()  # the grid was closed with its window
            return
        self.sync()

    def sync(self) -> None:
        """Bring the rows in line with the document (announce only what changed)."""
        rows = number_rows(self.document.map)
        old = self.rows
        if len(rows) != len(old) or any(a[1] != b[1] for a, b in zip(rows, old, strict=True)):
            self.beginResetModel()
            self.rows = rows
            self.endResetModel()
            return
        self.rows = rows
        changed = [i for i, (a, b) in enumerate(zip(rows, old, strict=True)) if a != b]
        if changed:
            last = len(COLUMNS) - 1
            self.dataChanged.emit(self.index(changed[0], 0), self.index(changed[-1], last))

    # ------------------------------------------------------------ the table
    @guarded_count
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    @guarded_count
    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    @guarded
    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole):
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return HEADERS[section]
        return str(section + 1)

    def editable(self, row: int, column: int) -> bool:
        """Whether the cell may be edited (a stage has no wait, a handoff no process time)."""
        allowed = STAGE_EDITABLE if self.rows[row][0] == "stage" else HANDOFF_EDITABLE
        return COLUMNS[column] in allowed

    @guarded_flags
    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self.editable(index.row(), index.column()):
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    @guarded
    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row, column = index.row(), index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return self.rows[row][column]
        if role == Qt.ItemDataRole.TextAlignmentRole and COLUMNS[column] in NUMBER_COLUMNS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and not self.editable(row, column):
            return QColor(MUTED)
        if role == Qt.ItemDataRole.ToolTipRole and not self.editable(row, column):
            kind = self.rows[row][0]
            if COLUMNS[column] in ("type", "id"):
                return None
            return f"A {kind} has no {HEADERS[column].lower()} here"
        return None

    def element_id(self, row: int) -> str:
        return self.rows[row][1]

    def row_of(self, element_id: str) -> int | None:
        for row, cells in enumerate(self.rows):
            if cells[1] == element_id:
                return row
        return None

    # ------------------------------------------------------------ editing
    @guarded_filter
    def setData(self, index: Index, value, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        row, column = index.row(), index.column()
        if not self.editable(row, column):
            return False
        text = "" if value is None else str(value)
        if text == self.rows[row][column]:
            return False
        header, cells = [HEADERS[1], HEADERS[column]], [self.element_id(row), text]
        key = COLUMNS[column]
        match = _WITH_UNIT.match(text) if key in ("process_time", "wait") else None
        if match:  # "3 h" in a time cell: the number and its unit
            header.append(HEADERS[COLUMNS.index(key + "_unit")])
            cells = [self.element_id(row), match.group(1), match.group(2)]
        name = f"Edit {HEADERS[column].lower()} of {self.rows[row][2]}"
        return self.apply_table([header, cells], name) > 0

    def apply_table(self, table: list[list[str]], name: str) -> int:
        """Read ``table`` (header first) and apply it as one undo step named ``name``;
        returns how many elements changed (problems go to :attr:`problem`)."""
        result = read_numbers(self.document.map, table)
        return self.apply_import(result, name)

    def apply_import(self, result: NumbersImport, name: str) -> int:
        """Apply what reading a table found (one undo step); report its problems."""
        report = result.report()
        if report:
            self.problem.emit(report)
        if not result.changes:
            return 0
        try:
            count = apply_numbers(self.modeling, result.changes, name)
        except CommandRefusedError as err:
            self.problem.emit(f"Not applied: {err.reason}")
            return 0
        self.edited.emit(f"{name}: {count} element{'s' if count != 1 else ''} changed")
        return count
