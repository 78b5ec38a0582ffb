"""Item models of a comparison: the differences by kind, the metric changes and the ideas.

Every row keeps what it shows under :data:`DATA_ROLE` (a :class:`Difference`, a
:class:`MetricRow` or, for ideas, ``(A stage ids, B stage ids)``), and the cells print what
the text formats print (:mod:`vsm_editor.analysis.compare_words`).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QStandardItem, QStandardItemModel

from vsm_editor.analysis.compare_result import DIFFERENCE_KINDS, Comparison, MetricRow
from vsm_editor.analysis.compare_words import ChangeWords, id_cell, metric_cells, name_cell
from vsm_editor.ui.compare_style import badge_icon
from vsm_editor.ui.override_guard import guarded, guarded_count

DATA_ROLE = Qt.ItemDataRole.UserRole + 1
ELEMENT_WORDS = {
    "stream": "stream", "lane": "lane", "stage": "stage", "handoff": "handoff",
    "outcome": "outcome", "control_point": "control point", "logic": "logic",
    "component": "component",
}
KIND_TITLES = {
    "added": "Added", "removed": "Removed", "renamed": "Renamed", "moved": "Moved",
    "re-annotated": "Re-annotated", "edited": "Edited",
}
# Metrics where a smaller value is the improvement (the others improve upward).
LOWER_IS_BETTER = {"lead_time", "process_time", "bottleneck_wait"}
BETTER, WORSE = "#2f855a", "#c53030"
Index = QModelIndex | QPersistentModelIndex
NO_PARENT = QModelIndex()


def _cell(text: str, data: Any = None) -> QStandardItem:
    item = QStandardItem(text)
    item.setEditable(False)
    if data is not None:
        item.setData(data, DATA_ROLE)
    return item


def difference_model(comparison: Comparison) -> QStandardItemModel:
    """A tree: one row per kind that occurs (``Added (2)``), under it one row per difference
    with the element kind, its id, its name and what changed."""
    model = QStandardItemModel()
    model.setHorizontalHeaderLabels(["Difference", "Id", "Name", "What changed"])
    words = ChangeWords(comparison)
    for kind in DIFFERENCE_KINDS:
        found = comparison.of_kind(kind)
        if not found:
            continue
        group = _cell(f"{KIND_TITLES[kind]} ({len(found)})", kind)
        group.setIcon(badge_icon(kind))
        for difference in found:
            what = words.changes(difference) if difference.changes else ""
            detail = f" ({difference.detail})" if difference.detail else ""
            element = _cell(ELEMENT_WORDS[difference.element] + detail, difference)
            element.setIcon(badge_icon(kind))
            element.setToolTip(f"{kind} {difference.element}" +
                               (f", matched by {difference.matched_by}"
                                if difference.matched_by else ""))
            name = _cell(name_cell(difference), difference)
            change = _cell(what, difference)
            change.setToolTip(words.changes(difference, "\n") if difference.changes else "")
            group.appendRow([element, _cell(id_cell(difference), difference), name, change])
        model.appendRow([group, _cell(""), _cell(""), _cell("")])
    return model


class MetricsModel(QAbstractTableModel):
    """The metrics table: metric, A, B and the change (greener when it improved)."""

    HEADERS = ("Metric", "Current (A)", "Future (B)", "Change")

    def __init__(self, comparison: Comparison, parent=None) -> None:
        super().__init__(parent)
        self.rows: list[MetricRow] = list(comparison.metrics)
        self.cells = [(row.label, *metric_cells(row)) for row in self.rows]

    @guarded_count
    def rowCount(self, parent: Index = NO_PARENT) -> int:
        return 0 if parent.isValid() else len(self.rows)

    @guarded_count
    def columnCount(self, parent: Index = NO_PARENT) -> int:
        return 0 if parent.isValid() else len(self.HEADERS)

    @guarded
    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.HEADERS[section]
        return None

    @guarded
    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self.cells[index.row()][column]
        if role == DATA_ROLE:
            return row
        if role == Qt.ItemDataRole.TextAlignmentRole and column:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and column == 3:
            verdict = improvement(row)
            if verdict is not None:
                return QBrush(QColor(BETTER if verdict else WORSE))
        return None

    def value(self, key: str, column: int) -> str:
        """The text shown for metric ``key`` in ``column`` (1 = A, 2 = B, 3 = change)."""
        row = next(i for i, r in enumerate(self.rows) if r.key == key)
        return self.cells[row][column]


def improvement(row: MetricRow) -> bool | None:
    """True when the change is an improvement, False when it is worse, None when neither."""
    if not isinstance(row.delta, int | float) or row.delta == 0:
        return None
    lower = row.key in LOWER_IS_BETTER
    return (row.delta < 0) == lower


def ideas_model(comparison: Comparison) -> QStandardItemModel:
    """A tree: each improvement idea of A (on its stage), under it the stages of B that
    realize it and why. Rows hold ``(A stage ids, B stage ids)`` to select."""
    model = QStandardItemModel()
    model.setHorizontalHeaderLabels(["Idea / realized by", "Stage", "Why"])
    for link in comparison.ideas:
        matched = [link.stage_in_b] if link.stage_in_b else []
        on_a = ([link.stage], matched)
        idea = _cell(link.text or link.idea, on_a)
        idea.setToolTip(f"{link.idea} on {link.stage}")
        status = f"realized by {len(link.realized_by)}" if link.realized_by else "not realized"
        for realization in link.realized_by:
            on_b = ([link.stage], [realization.stage])
            idea.appendRow([
                _cell(f"→ {realization.name or realization.stage}", on_b),
                _cell(realization.stage, on_b),
                _cell(", ".join(realization.reasons), on_b),
            ])
        if not link.realized_by:
            idea.appendRow([_cell("nothing: the stage is gone from B", on_a), _cell(""),
                            _cell("")])
        model.appendRow([idea, _cell(link.stage_name or link.stage, on_a), _cell(status, on_a)])
    return model
