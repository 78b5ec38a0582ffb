"""The Numbers Grid (View > Numbers Grid): every stage and handoff in a table, edited in
place, pasted into from a spreadsheet, imported from and exported to CSV.

- Editing a cell is one undo step (:class:`~vsm_editor.ui.numbers_grid_model.NumbersModel`).
- Paste (Ctrl+V in the table): a block copied from a spreadsheet. With a header row (the
  grid's column titles or the CSV's aliases) rows are matched by ID or name
  (:func:`parse_pasted_block`); without one the block goes at the current cell, row by row.
  The whole paste is one undo step; rows that did not match are listed in a report.
- Copy (Ctrl+C): the selected cells as tab-separated text (a spreadsheet reads it).
- Import CSV… / Export CSV…: the same columns (:mod:`vsm_editor.exporters.numbers_csv`);
  the import is one undo step and ends with a report of what was applied and of every row
  that did not match a stage or handoff.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from PySide6.QtCore import QEvent, QItemSelection, QItemSelectionModel
from PySide6.QtGui import QGuiApplication, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QDockWidget,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from vsm_editor.exporters.numbers_csv import (
    COLUMNS,
    HEADERS,
    NumbersImport,
    export_numbers_csv,
    import_numbers_csv,
    parse_pasted_block,
    read_numbers,
)
from vsm_editor.ui.numbers_grid_model import NumbersModel
from vsm_editor.ui.override_guard import guarded, guarded_filter

CSV_FILTER = "CSV files (*.csv *.tsv *.txt);;All files (*)"
COLUMN_WIDTHS = {"type": 70, "id": 110, "name": 220, "lane": 120, "owner": 110,
                 "process_time": 90, "process_time_unit": 110, "wait": 70, "wait_unit": 110,
                 "pca": 60, "measured": 130}
_HEADER_WORDS = {re.sub(r"[\s_]+", " ", text.strip().lower())
                 for text in (*HEADERS, *COLUMNS, "pt", "wt", "c&a", "% c&a", "kind",
                              "wait time", "pt unit", "wt unit", "estimated", "measured")}


def choose_csv_to_open(parent: QWidget) -> str:
    """Ask for a CSV file to import ("" when cancelled)."""
    path, _ = QFileDialog.getOpenFileName(parent, "Import numbers", "", CSV_FILTER)
    return path


def choose_csv_to_save(parent: QWidget, suggested: str) -> str:
    """Ask where to export the CSV ("" when cancelled)."""
    path, _ = QFileDialog.getSaveFileName(parent, "Export numbers", suggested, CSV_FILTER)
    return path


def is_header(cells: list[str]) -> bool:
    """Whether a pasted block's first row names columns (rather than holding values)."""
    words = [re.sub(r"[\s_]+", " ", c.strip().lower()) for c in cells if c.strip()]
    return bool(words) and all(word in _HEADER_WORDS for word in words)


def split_block(text: str) -> list[list[str]]:
    """A pasted block as rows of cells (tab-separated, quoted as spreadsheets quote)."""
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n").rstrip("\n")
    return [row for row in csv.reader(io.StringIO(text), delimiter="\t")] if text else []


class NumbersReport(QDialog):
    """What an import or paste did: a summary line and every row that did not match or
    held a bad value (non-modal, so the grid stays usable while it is read)."""

    def __init__(self, parent: QWidget | None, title: str, summary: str,
                 result: NumbersImport) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setObjectName("numbers_report")
        self.summary = QLabel(summary, self)
        self.summary.setWordWrap(True)
        self.details = QPlainTextEdit(self)
        self.details.setReadOnly(True)
        self.details.setAccessibleName("Rows that were not applied")
        lines = []
        if result.unmatched:
            lines.append(f"{len(result.unmatched)} row(s) did not match a stage or handoff:")
            lines += [f"  {line}" for line in result.unmatched]
        if result.bad:
            lines.append(f"{len(result.bad)} row(s) had values that cannot be used:")
            lines += [f"  {line}" for line in result.bad]
        if result.notes:
            lines.append("Notes:")
            lines += [f"  {line}" for line in result.notes]
        self.details.setPlainText("\n".join(lines) or "Every row was read.")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.details)
        layout.addWidget(buttons)
        self.resize(560, 320)


class NumbersTable(QTableView):
    """The table: Ctrl+V pastes a block and Ctrl+C copies cells, here rather than on the
    canvas (the window's Paste and Copy act on stages)."""

    def __init__(self, grid: NumbersGrid) -> None:
        super().__init__(grid)
        self.grid = grid

    @guarded_filter
    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent):
            if event.matches(QKeySequence.StandardKey.Paste) or event.matches(
                    QKeySequence.StandardKey.Copy):
                event.accept()
                return True
        return super().event(event)

    @guarded
    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.matches(QKeySequence.StandardKey.Paste):
            self.grid.paste_text(QGuiApplication.clipboard().text())
            return
        if event.matches(QKeySequence.StandardKey.Copy):
            QGuiApplication.clipboard().setText(self.grid.selected_text())
            return
        super().keyPressEvent(event)


class NumbersGrid(QWidget):
    """The grid with its Import, Export and Paste buttons and a status line."""

    def __init__(self, window) -> None:
        super().__init__(window)
        self.window_ = window
        session = window.session
        self.session = session
        self.model = NumbersModel(session.document, session.editing.modeling, self)
        self.table = NumbersTable(self)
        self.table.setObjectName("numbers_table")
        self.table.setAccessibleName("Numbers grid")
        self.table.setModel(self.model)
        self.table.setAlternatingRowColors(True)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                   | QAbstractItemView.EditTrigger.EditKeyPressed
                                   | QAbstractItemView.EditTrigger.AnyKeyPressed)
        vertical = self.table.verticalHeader()
        vertical.setDefaultSectionSize(22)
        vertical.setSectionResizeMode(vertical.ResizeMode.Fixed)
        for column, key in enumerate(COLUMNS):
            self.table.setColumnWidth(column, COLUMN_WIDTHS[key])
        self.table.horizontalHeader().setStretchLastSection(True)
        self.status = QLabel("Double-click a cell to edit it; paste a block from a "
                             "spreadsheet with Ctrl+V.", self)
        self.status.setObjectName("numbers_status")
        self.status.setWordWrap(True)
        self.import_button = QPushButton("Import CSV…", self)
        self.export_button = QPushButton("Export CSV…", self)
        self.paste_button = QPushButton("Paste Block", self)
        self.import_button.clicked.connect(self.import_csv)
        self.export_button.clicked.connect(self.export_csv)
        self.paste_button.clicked.connect(
            lambda: self.paste_text(QGuiApplication.clipboard().text()))
        buttons = QHBoxLayout()
        for button in (self.import_button, self.export_button, self.paste_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(buttons)
        layout.addWidget(self.table)
        layout.addWidget(self.status)
        self.model.problem.connect(self._problem)
        self.model.edited.connect(self.status.setText)
        self.report: NumbersReport | None = None
        self.table.doubleClicked.connect(self._select_on_canvas)

    # ------------------------------------------------------------ feedback
    def _problem(self, text: str) -> None:
        first = text.splitlines()[0] if text else ""
        more = len(text.splitlines()) - 1
        self.status.setText(f"⚠ {first}" + (f" (and {more} more)" if more > 0 else ""))
        self.status.setToolTip(text)

    def _select_on_canvas(self, index) -> None:
        if index.column() in (0, 1):
            element = self.model.element_id(index.row())
            self.session.scene.select_ids([element])

    def _show_report(self, title: str, summary: str, result: NumbersImport) -> NumbersReport:
        if self.report is not None:
            self.report.close()
        self.report = NumbersReport(self, title, summary, result)
        self.report.open()
        return self.report

    # ------------------------------------------------------------ copy and paste
    def selected_text(self) -> str:
        """The selected cells as tab-separated rows (the bounding block of the selection)."""
        indexes = self.table.selectionModel().selectedIndexes()
        if not indexes:
            return ""
        rows = sorted({i.row() for i in indexes})
        columns = sorted({i.column() for i in indexes})
        out = io.StringIO()
        writer = csv.writer(out, delimiter="\t", lineterminator="\n")
        for row in rows:
            writer.writerow([self.model.rows[row][c] for c in columns])
        return out.getvalue()

    def paste_text(self, text: str) -> int:
        """Apply a pasted block as one undo step; returns how many elements changed."""
        block = split_block(text)
        if not block:
            self.status.setText("Nothing to paste: the clipboard holds no text.")
            return 0
        if is_header(block[0]):
            result = parse_pasted_block(self.session.document.map, text)
        else:
            result = self._positional(block)
        count = self.model.apply_import(result, "Paste numbers")
        if result.unmatched or result.bad:
            problems = len(result.unmatched) + len(result.bad)
            self._show_report("Paste numbers",
                              f"{count} element(s) changed; {problems} row(s) were not "
                              "applied.", result)
        return count

    def _positional(self, block: list[list[str]]) -> NumbersImport:
        """A header-less block put at the current cell: its columns are the grid's from the
        current column on (Type and ID are skipped), its rows the grid's from the current
        row on."""
        current = self.table.currentIndex()
        top = current.row() if current.isValid() else 0
        left = current.column() if current.isValid() else 0
        width = max(len(row) for row in block)
        columns = [(i, left + i) for i in range(width)
                   if left + i < len(COLUMNS) and COLUMNS[left + i] not in ("type", "id")]
        header = [HEADERS[1], *(HEADERS[c] for _, c in columns)]
        table = [header]
        beyond = []
        for offset, cells in enumerate(block):
            row = top + offset
            if row >= self.model.rowCount():
                beyond.append(f"row {offset + 1} of the block: the grid has no row "
                              f"{row + 1}")
                continue
            table.append([self.model.element_id(row),
                          *((cells[i] if i < len(cells) else "") for i, _ in columns)])
        result = read_numbers(self.session.document.map, table)
        result.unmatched.extend(beyond)
        last = min(top + len(block), self.model.rowCount()) - 1
        if last >= top and columns:
            selection = self.table.selectionModel()
            area = QItemSelection(self.model.index(top, columns[0][1]),
                                  self.model.index(last, columns[-1][1]))
            selection.select(area, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        return result

    # ------------------------------------------------------------ CSV
    def import_csv(self, path: str | None = None) -> int:
        """Read a CSV file and apply it as one undo step; a report says what happened."""
        path = path or choose_csv_to_open(self)
        if not path:
            return 0
        try:
            text = Path(path).read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as err:
            self._problem(f"Cannot read {Path(path).name}: {err}")
            return 0
        result = import_numbers_csv(self.session.document.map, text)
        count = self.model.apply_import(result, f"Import numbers from {Path(path).name}")
        problems = len(result.unmatched) + len(result.bad)
        summary = (f"{Path(path).name}: {count} element(s) changed"
                   + (f"; {problems} row(s) were not applied." if problems else "; every row "
                      "was read."))
        self._show_report("Import numbers", summary, result)
        return count

    def export_csv(self, path: str | None = None) -> str:
        """Write the grid as CSV; returns the path written ("" when cancelled)."""
        suggested = f"{self.session.display_name().split('.')[0]}-numbers.csv"
        path = path or choose_csv_to_save(self, suggested)
        if not path:
            return ""
        try:
            Path(path).write_text(export_numbers_csv(self.session.document.map),
                                  encoding="utf-8")
        except OSError as err:
            self._problem(f"Cannot write {Path(path).name}: {err}")
            return ""
        self.status.setText(f"Exported {self.model.rowCount()} rows to {Path(path).name}")
        return path


class NumbersGridDock(QDockWidget):
    """The dock holding the :class:`NumbersGrid`."""

    def __init__(self, window) -> None:
        super().__init__("Numbers Grid", window)
        self.setObjectName("dock_numbers_grid")
        self.setAccessibleName("Numbers grid panel")
        self.grid = NumbersGrid(window)
        self.setWidget(self.grid)
