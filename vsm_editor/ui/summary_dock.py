"""The Stream Summary dock: the flow numbers and the delivery metrics of the open map,
following every edit (through the :class:`~vsm_editor.ui.flow_overlay.FlowOverlay`).

Rows come from :mod:`vsm_editor.ui.summary_text`. A row about a stage or handoff (the
bottleneck, the critical path, a rework loop, missing times) is a link: activating it
selects that element on the canvas. Warnings (a hidden queue, missing times) are marked.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDockWidget,
    QHeaderView,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from vsm_editor.model import AnatomyMap
from vsm_editor.ui.override_guard import guarded
from vsm_editor.ui.summary_text import DELIVERY_SECTION, FLOW_SECTION, SummaryRow, summary_rows

if TYPE_CHECKING:
    from vsm_editor.analysis.flow import FlowMetrics

WARNING_COLOUR = "#c05621"
SECTION_TITLES = {FLOW_SECTION: "Flow (computed from the map)",
                  DELIVERY_SECTION: "Delivery metrics (measured)"}
KEY_ROLE = Qt.ItemDataRole.UserRole
ELEMENT_ROLE = Qt.ItemDataRole.UserRole + 1


class StreamSummary(QWidget):
    """Two sections of (label, value) rows; :meth:`show_metrics` fills them."""

    element_activated = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("stream_summary")
        self.tree = QTreeWidget(self)
        self.tree.setColumnCount(2)
        self.tree.setHeaderLabels(["Measure", "Value"])
        self.tree.setRootIsDecorated(False)
        self.tree.setUniformRowHeights(False)  # long values wrap
        self.tree.setWordWrap(True)
        self.tree.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.tree.setAlternatingRowColors(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.header().setStretchLastSection(True)
        self.tree.header().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.tree.setAccessibleName("Stream summary")
        self.tree.itemActivated.connect(self._activated)
        self.tree.itemClicked.connect(self._activated)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tree)
        self.rows: list[SummaryRow] = []

    def show_metrics(self, anatomy: AnatomyMap, metrics: FlowMetrics) -> None:
        """Show the summary of ``anatomy`` with its computed ``metrics``."""
        rows = summary_rows(anatomy, metrics)
        if rows == self.rows:
            return
        self.rows = rows
        tree = self.tree
        tree.setUpdatesEnabled(False)
        tree.clear()
        bold = QFont(tree.font())
        bold.setBold(True)
        section = None
        for row in rows:
            if row.section != section:
                section = row.section
                header = QTreeWidgetItem([SECTION_TITLES[section], ""])
                header.setFirstColumnSpanned(True)
                header.setFont(0, bold)
                header.setFlags(Qt.ItemFlag.ItemIsEnabled)
                tree.addTopLevelItem(header)
                header.setFirstColumnSpanned(True)
            item = QTreeWidgetItem([row.label, row.value])
            item.setData(0, KEY_ROLE, row.key)
            item.setData(0, ELEMENT_ROLE, row.element)
            for column in (0, 1):
                item.setToolTip(column, f"{row.value}\n{row.tip}" if row.tip else row.value)
            if row.warning:
                item.setForeground(1, QBrush(QColor(WARNING_COLOUR)))
                item.setFont(1, bold)
            if row.element:
                link = QFont(tree.font())
                link.setUnderline(True)
                item.setFont(1, link)
            tree.addTopLevelItem(item)
        tree.setUpdatesEnabled(True)

    @guarded
    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().resizeEvent(event)
        self.tree.doItemsLayout()  # long values wrap to the new width

    def value(self, key: str) -> str | None:
        """The shown value of the row ``key`` (None when there is no such row)."""
        for row in self.rows:
            if row.key == key:
                return row.value
        return None

    def _activated(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        element = item.data(0, ELEMENT_ROLE)
        if element:
            self.element_activated.emit(element)


class SummaryDock(QDockWidget):
    """The dock holding a :class:`StreamSummary`."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Stream Summary", parent)
        self.setObjectName("dock_stream_summary")
        self.setAccessibleName("Stream summary panel")
        self.summary = StreamSummary(self)
        self.setWidget(self.summary)

