"""The Catalogue dock: every P3 logic item and P4 component with where it is used.

A rule or an API shared by many stages is edited here once (F2 or double-click on its
name, Enter commits: one undo step) and every stage using it shows the change.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDockWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QWidget,
)

from vsm_editor.model import ChangeSet
from vsm_editor.ui.inspector_page import EditContext
from vsm_editor.ui.override_guard import guarded, guarded_filter

ID_ROLE = Qt.ItemDataRole.UserRole
REFRESH_MS = 120


def where_used(doc, element) -> str:
    """``stages: A, B · decisions: X`` for a logic item; ``realizes: … · stages: …`` for a
    component."""
    if hasattr(element, "realizes"):
        logic = [doc.find(i) for i in element.realizes]
        stages: list[str] = []
        for item in logic:
            for stage_id in getattr(item, "stages", []):
                stage = doc.find(stage_id)
                if stage is not None and stage.name not in stages:
                    stages.append(stage.name)
        statements = [item.statement for item in logic if item is not None]
        return f"realizes: {', '.join(statements) or '—'} · stages: {', '.join(stages) or '—'}"
    stages = [doc.find(i).name for i in element.stages if doc.find(i) is not None]
    decision = doc.find(element.decision) if element.decision else None
    text = f"stages: {', '.join(stages) or '—'}"
    if decision is not None:
        text += f" · decision: {decision.text}"
    return text


class CatalogueTree(QTreeWidget):
    """Two groups (logic, components); the name column is editable."""

    element_requested = Signal(str)

    def __init__(self, ctx: EditContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("catalogue_tree")
        self.setAccessibleName("Catalogue")
        self.setColumnCount(3)
        self.setHeaderLabels(["Name / statement", "Kind", "Where used"])
        self.setColumnWidth(0, 220)
        self.setColumnWidth(1, 90)
        self.setUniformRowHeights(True)
        self.setEditTriggers(QAbstractItemView.EditTrigger.EditKeyPressed
                             | QAbstractItemView.EditTrigger.DoubleClicked)
        self._filling = False
        self.itemChanged.connect(self._renamed)
        self._timer = QTimer(self, singleShot=True, interval=REFRESH_MS)
        self._timer.timeout.connect(self.refresh)
        self._unsubscribe = ctx.doc.subscribe(self._changed)
        self.refresh()

    def detach(self) -> None:
        self._unsubscribe()

    def _changed(self, changes: ChangeSet) -> None:
        if any(c.kind in ("logic", "component", "stage", "decision") for c in changes.changes):
            self._timer.start()

    def refresh(self) -> None:
        """Rebuild the rows (only while visible: shown, it refreshes; on a big map the
        hidden tree costs nothing at opening)."""
        if not self.isVisible():
            return
        doc = self.ctx.doc
        catalogue = doc.map.catalogue
        self._filling = True
        expanded = [self.topLevelItem(i).isExpanded() for i in range(self.topLevelItemCount())]
        self.clear()
        for title, items, text_of in (
            ("P3 Logic", catalogue.logic, lambda e: e.statement),
            ("P4 Components", catalogue.components, lambda e: e.name),
        ):
            group = QTreeWidgetItem([f"{title} ({len(items)})"])
            group.setFlags(Qt.ItemFlag.ItemIsEnabled)
            rows = []
            for element in items:
                row = QTreeWidgetItem([text_of(element), element.kind.replace("_", " "),
                                       where_used(doc, element)])
                row.setData(0, ID_ROLE, element.id)
                row.setToolTip(2, row.text(2))
                row.setFlags(row.flags() | Qt.ItemFlag.ItemIsEditable)
                rows.append(row)
            group.addChildren(rows)
            self.addTopLevelItem(group)
        for i in range(self.topLevelItemCount()):
            self.topLevelItem(i).setExpanded(expanded[i] if i < len(expanded) else True)
        self._filling = False

    @guarded_filter
    def event(self, event: QEvent) -> bool:
        # F2 edits the name here; the window's "Rename" (a stage on the canvas) must not fire
        if event.type() == QEvent.Type.ShortcutOverride and event.key() == Qt.Key.Key_F2:
            event.accept()
            return True
        return super().event(event)

    @guarded
    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.refresh()

    def _renamed(self, item: QTreeWidgetItem, column: int) -> None:
        if self._filling or column != 0:
            return
        element_id = item.data(0, ID_ROLE)
        if element_id:
            text = item.text(0)
            self.ctx.run(lambda: self.ctx.modeling.rename(element_id, text))
            self._timer.start()

    def item_for(self, element_id: str) -> QTreeWidgetItem | None:
        for i in range(self.topLevelItemCount()):
            group = self.topLevelItem(i)
            for j in range(group.childCount()):
                if group.child(j).data(0, ID_ROLE) == element_id:
                    return group.child(j)
        return None


class CatalogueDock(QDockWidget):
    def __init__(self, ctx: EditContext, parent: QWidget | None = None) -> None:
        super().__init__("Catalogue", parent)
        self.setObjectName("dock_catalogue")
        self.setAccessibleName("Catalogue")
        self.tree = CatalogueTree(ctx)
        self.setWidget(self.tree)
