"""The flow commands of :class:`~vsm_editor.ui.main_window.MainWindow`: the canvas overlay
(data boxes, Lean symbols, the timeline ladder, highlights), View > Flow Display toggles,
View > Stream Summary and View > Numbers Grid, and the status bar's flow numbers.

The display toggles are the map's own (``anatomy.display``): switching one is an undoable
edit through ``Modeling.set_display``, and undoing it puts the check mark back.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from vsm_editor.model import ChangeSet
from vsm_editor.ui.flow_subscribe import weak_subscribe

if TYPE_CHECKING:  # the analysis and exporters load after the window shows
    from vsm_editor.analysis.flow import FlowMetrics
    from vsm_editor.ui.flow_overlay import FlowOverlay
    from vsm_editor.ui.main_window import MainWindow
    from vsm_editor.ui.numbers_grid import NumbersGridDock
    from vsm_editor.ui.summary_dock import SummaryDock

#: action name → the ``Display`` field it switches.
DISPLAY_ACTIONS = {"show_data_boxes": "data_boxes", "show_ladder": "ladder",
                   "show_lean_symbols": "lean_symbols"}
SUMMARY_WIDTH = 540


class FlowActions:
    """Flow on the map, mixed into the main window."""

    flow_overlay: FlowOverlay | None = None
    summary_dock: SummaryDock | None = None
    numbers_dock: NumbersGridDock | None = None

    def _setup_flow(self: MainWindow) -> None:
        """The status label, the summary dock and the canvas overlay."""
        from vsm_editor.ui.summary_dock import SummaryDock

        self.flow_label = QLabel()
        self.flow_label.setObjectName("flow_status")
        self.flow_label.setToolTip("Lead time and flow efficiency (View > Stream Summary)")
        self.statusBar().addPermanentWidget(self.flow_label)
        self.summary_dock = SummaryDock(self)
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.summary_dock)
        self.summary_dock.hide()
        self.summary_dock.visibilityChanged.connect(
            lambda visible: self._flow_check("stream_summary", visible))
        self.summary_dock.summary.element_activated.connect(self._flow_select)
        if hasattr(self, "panels_menu"):
            self.panels_menu.addAction(self.summary_dock.toggleViewAction())
        weak_subscribe(self.session.document, self, "_flow_display_changed")
        self._flow_sync_toggles()
        self._flow_start()

    def _flow_start(self: MainWindow) -> FlowOverlay:
        """Build the canvas overlay (once)."""
        if self.flow_overlay is not None:
            return self.flow_overlay
        from vsm_editor.ui.flow_overlay import FlowOverlay

        deferred = self.session.defers_side_work()
        self.flow_overlay = FlowOverlay(self.session.scene, deferred=deferred)
        if deferred:
            self.view.when_shown(self.flow_overlay.start)
        self.flow_overlay.metrics_changed.connect(self._flow_metrics)
        self._flow_metrics(self.flow_overlay.metrics)
        return self.flow_overlay

    # ------------------------------------------------------------ following the flow
    def _flow_metrics(self: MainWindow, metrics: FlowMetrics) -> None:
        if not shiboken6.isValid(self) or self.summary_dock is None:
            return
        from vsm_editor.ui.summary_text import status_line

        anatomy = self.session.document.map
        self.flow_label.setText(status_line(anatomy, metrics))
        self.summary_dock.summary.show_metrics(anatomy, metrics)

    def flow_refresh_now(self: MainWindow) -> FlowMetrics:
        """Recompute the overlay and the summary now (tests, screenshots)."""
        overlay = self._flow_start()
        if self.numbers_dock is not None:
            self.numbers_dock.grid.model.sync()
        return overlay.refresh()

    def _flow_display_changed(self: MainWindow, changes: ChangeSet) -> None:
        if any(c.kind == "settings" for c in changes.changes) and shiboken6.isValid(self):
            self._flow_sync_toggles()

    def _flow_sync_toggles(self: MainWindow) -> None:
        display = self.session.document.map.display
        for name, field in DISPLAY_ACTIONS.items():
            self._flow_check(name, getattr(display, field))

    def _flow_check(self: MainWindow, name: str, checked: bool) -> None:
        action = self.actions_by_name.get(name)
        if action is not None and action.isChecked() != checked:
            action.blockSignals(True)
            action.setChecked(checked)
            action.blockSignals(False)

    def _flow_select(self: MainWindow, element_id: str) -> None:
        docks = getattr(self, "anatomy_docks", None)
        if docks is not None:
            docks.select_element(element_id)
            return
        scene = self.session.scene
        scene.select_ids([element_id])
        item = scene.stages.get(element_id) or scene.handoffs.get(element_id)
        if item is not None:
            self.view.centerOn(item)

    # ------------------------------------------------------------ display toggles
    def _set_display(self: MainWindow, field: str, on: bool) -> None:
        if getattr(self.session.document.map.display, field) != on:
            self.session.editing.modeling.set_display(**{field: on})

    def act_show_data_boxes(self: MainWindow, on: bool) -> None:
        self._set_display("data_boxes", on)

    def act_show_ladder(self: MainWindow, on: bool) -> None:
        self._set_display("ladder", on)

    def act_show_lean_symbols(self: MainWindow, on: bool) -> None:
        self._set_display("lean_symbols", on)

    # ------------------------------------------------------------ docks
    def act_stream_summary(self: MainWindow, visible: bool) -> None:
        self._flow_start()
        self.summary_dock.setVisible(visible)
        if visible:
            self.summary_dock.raise_()
            if self.summary_dock.width() < SUMMARY_WIDTH:
                self.resizeDocks([self.summary_dock], [SUMMARY_WIDTH], Qt.Orientation.Horizontal)

    def numbers_grid(self: MainWindow) -> NumbersGridDock:
        """The Numbers Grid dock, built when first asked for."""
        if self.numbers_dock is None:
            from vsm_editor.ui.numbers_grid import NumbersGridDock

            dock = NumbersGridDock(self)
            dock.hide()
            self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, dock)
            dock.visibilityChanged.connect(
                lambda visible: self._flow_check("numbers_grid", visible))
            if hasattr(self, "panels_menu"):
                self.panels_menu.addAction(dock.toggleViewAction())
            self.numbers_dock = dock
        return self.numbers_dock

    def act_numbers_grid(self: MainWindow, visible: bool) -> None:
        dock = self.numbers_grid()
        dock.setVisible(visible)
        if visible:
            dock.raise_()
            dock.grid.table.setFocus()
