"""Improvement ideas and pain points (kaizen bursts): the list of all of them, adding one to
a stage, and the stage's right-click menu.

The burst on the stage box is drawn by :class:`~vsm_editor.ui.items.StageItem`; this module
adds the Improvements dock (stage, kind, text; a click selects and centres the stage) and the
commands that add an idea or a pain point to the selected stage (one undo step each).
"""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import (
    QDockWidget,
    QInputDialog,
    QMenu,
    QTreeWidget,
    QTreeWidgetItem,
    QWidget,
)

from vsm_editor.ui.items import StageItem
from vsm_editor.ui.lanes import attempt
from vsm_editor.ui.override_guard import guarded_filter

KIND_LABELS = {"idea": "Idea", "pain_point": "Pain point"}
STAGE_ROLE = Qt.ItemDataRole.UserRole
IDEA_ROLE = Qt.ItemDataRole.UserRole + 1


def ask_improvement_text(parent: QWidget, kind: str, stage_name: str) -> str | None:
    """The text of a new idea or pain point for ``stage_name``, or None when cancelled."""
    title = "Add pain point" if kind == "pain_point" else "Add improvement idea"
    text, ok = QInputDialog.getText(parent, title, f"{KIND_LABELS[kind]} for “{stage_name}”:")
    return text if ok and text.strip() else None


class ImprovementList(QTreeWidget):
    """Every improvement idea and pain point of the map, in stage order."""

    def __init__(self, view, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.view = view
        self.document = view.editing.document
        self.setObjectName("improvement-list")
        self.setColumnCount(3)
        self.setHeaderLabels(["Stage", "Kind", "Text"])
        self.setRootIsDecorated(False)
        self.setUniformRowHeights(True)
        self.setWordWrap(False)
        self._timer = QTimer(self, singleShot=True, interval=150)
        self._timer.timeout.connect(self.refresh)
        self._unsubscribe = self.document.subscribe(self._document_changed)
        self.itemClicked.connect(lambda item, _col: self.show_stage(item))
        self.itemActivated.connect(lambda item, _col: self.show_stage(item))
        self.refresh()

    def _document_changed(self, _changes: object) -> None:
        if not shiboken6.isValid(self._timer):  # the list is gone; the document lives on
            self._unsubscribe()
            return
        self._timer.start()

    def refresh(self) -> None:
        """Rebuild the rows from the document."""
        self.clear()
        rows = []
        for stage in self.document.map.stages:
            for idea in stage.improvements:
                row = QTreeWidgetItem([stage.name, KIND_LABELS.get(idea.kind, idea.kind),
                                       idea.text])
                row.setData(0, STAGE_ROLE, stage.id)
                row.setData(0, IDEA_ROLE, idea.id)
                row.setToolTip(2, idea.text if not idea.notes else f"{idea.text}\n\n{idea.notes}")
                rows.append(row)
        self.addTopLevelItems(rows)
        for column in (0, 1):
            self.resizeColumnToContents(column)

    def rows(self) -> list[tuple[str, str, str]]:
        """``(stage name, kind, text)`` of every row, top to bottom."""
        return [
            (self.topLevelItem(i).text(0), self.topLevelItem(i).text(1),
             self.topLevelItem(i).text(2))
            for i in range(self.topLevelItemCount())
        ]

    def show_stage(self, row: QTreeWidgetItem) -> None:
        """Select the row's stage on the canvas and centre it."""
        stage_id = row.data(0, STAGE_ROLE)
        item = self.view.map_scene.stages.get(stage_id)
        if item is None:
            return
        self.view.map_scene.select_ids([stage_id])
        self.view.centerOn(item.scene_box().center())

    def detach(self) -> None:
        """Stop following the document (the window's view is going away)."""
        self._unsubscribe()


class StageMenu(QObject):
    """Right-click on a stage: it is selected (unless already in the selection) and a menu
    of the window's actions for stages opens."""

    def __init__(self, view, actions: list) -> None:
        super().__init__(view)
        self.view = view
        self.actions = actions
        view.viewport().installEventFilter(self)

    def menu_for(self, stage: StageItem) -> QMenu:
        if not stage.isSelected():
            self.view.map_scene.clearSelection()
            stage.setSelected(True)
        menu = QMenu(self.view)
        for action in self.actions:
            if action is None:
                menu.addSeparator()
            else:
                menu.addAction(action)
        return menu

    @guarded_filter
    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.Type.ContextMenu:
            stage = self.view.map_scene.stage_at(self.view.mapToScene(event.pos()))
            if stage is not None:
                self.menu_for(stage).exec(event.globalPos())
                return True
        return False


STAGE_MENU = ("add_idea", "add_pain_point", None, "rename", "delete", None,
              "align_left", "align_centre", "align_top", "align_middle",
              "distribute_horizontally", "distribute_vertically", None, "auto_layout")


class KaizenActions:
    """The Improvements dock and the ``act_add_idea`` / ``act_add_pain_point`` handlers."""

    def _setup_kaizen(self) -> None:
        self.improvements = ImprovementList(self.view)
        dock = QDockWidget("Improvements", self)
        dock.setObjectName("dock_improvements")
        dock.setWidget(self.improvements)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
        dock.hide()
        self.improvements_dock = dock
        self.panels_menu.addAction(dock.toggleViewAction())
        actions = [self.actions_by_name[n] if n else None
                   for n in STAGE_MENU if n is None or n in self.actions_by_name]
        self.stage_menu = StageMenu(self.view, actions)
        self.view.destroyed.connect(lambda *_a, detach=self.improvements.detach: detach())

    def add_improvement(self, kind: str) -> str | None:
        """Ask for the text and add it to the one selected stage; returns the new id."""
        stages = [i for i in self.view.map_scene.selectedItems() if isinstance(i, StageItem)]
        if len(stages) != 1:
            self.view.refuse("Select one stage first.")
            return None
        stage = stages[0].stage
        text = ask_improvement_text(self, kind, stage.name)
        if text is None:
            return None
        modeling = self.session.editing.modeling
        added = attempt(self.view, lambda: modeling.add_improvement(stage.id, text, kind))
        if added is not None:
            self.improvements_dock.show()
        return added

    def act_add_idea(self) -> str | None:
        return self.add_improvement("idea")

    def act_add_pain_point(self) -> str | None:
        return self.add_improvement("pain_point")
