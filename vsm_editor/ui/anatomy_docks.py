"""Installs the Inspector, Anatomy, Catalogue and Coverage matrix docks on a main window.

``install_anatomy_docks(window)`` is the one call the window makes: it builds the docks,
runs the live analysis of the window's document, follows the canvas selection, puts the
docks' toggles and the coverage view into the View menu and returns the handles.
"""

from __future__ import annotations

from dataclasses import dataclass

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMainWindow

from vsm_editor.analysis import Report
from vsm_editor.model.findings import Finding
from vsm_editor.ui.anatomy_live import LiveAnalysis
from vsm_editor.ui.anatomy_overlay import FindingsOverlay
from vsm_editor.ui.anatomy_panel import AnatomyDock
from vsm_editor.ui.catalogue import CatalogueDock
from vsm_editor.ui.coverage_matrix import CoverageDock
from vsm_editor.ui.inspector import InspectorDock, parse_path
from vsm_editor.ui.inspector_page import EditContext
from vsm_editor.ui.rule_settings import RuleSettingsDialog

CANVAS_KINDS = ("stage", "handoff")


@dataclass
class AnatomyDocks:
    """Handles on everything :func:`install_anatomy_docks` made."""

    window: QMainWindow
    ctx: EditContext
    live: LiveAnalysis
    inspector: InspectorDock
    anatomy: AnatomyDock
    coverage: CoverageDock
    catalogue: CatalogueDock
    overlay: FindingsOverlay
    coverage_view_action: QAction

    # ------------------------------------------------------------ following the analysis
    def show_now(self) -> Report:
        """Analyse any waiting edits and show the result everywhere at once (tests,
        screenshots); normally each view gets it in its own event-loop turn."""
        return self.live.deliver_now()

    def follow_selection(self) -> None:
        scene = self.window.session.scene  # type: ignore[attr-defined]
        if not shiboken6.isValid(scene) or not shiboken6.isValid(self.inspector):
            return  # the window is closing
        self.inspector.show_selection(scene.selected_ids())

    # ------------------------------------------------------------ going to elements
    def select_element(self, element_id: str | None) -> None:
        """Select and centre a stage or handoff (None: clear the selection)."""
        scene = self.window.session.scene  # type: ignore[attr-defined]
        scene.select_ids([element_id] if element_id else [])
        item = scene.stages.get(element_id) or scene.handoffs.get(element_id)
        if item is not None:
            self.window.view.centerOn(item)  # type: ignore[attr-defined]
        self.follow_selection()

    def canvas_target(self, finding: Finding) -> str | None:
        """The stage or handoff a finding is best shown on (None: the stream)."""
        doc = self.ctx.doc
        segments, _field = parse_path(finding.path)
        for kind, element_id in reversed(segments):
            if kind in CANVAS_KINDS and element_id in doc:
                return element_id
        for element_id in finding.elements:
            if doc.kind_of(element_id) in CANVAS_KINDS:
                return element_id
        element = doc.find(finding.element)
        if doc.kind_of(finding.element) == "component":
            for logic_id in element.realizes:
                stages = getattr(doc.find(logic_id), "stages", [])
                if stages:
                    return stages[0]
        return None

    def go_to_finding(self, finding: Finding) -> None:
        """Select and centre the finding's element; cursor in the field its path names."""
        self.select_element(self.canvas_target(finding))
        kind = self.ctx.doc.kind_of(finding.element)
        if not self.inspector.focus_path(finding.path) and kind in ("logic", "component"):
            tree = self.catalogue.tree
            self.catalogue.show()
            self.catalogue.raise_()
            tree.refresh()
            item = tree.item_for(finding.element)
            if item is not None:
                tree.setCurrentItem(item)
                tree.setFocus()

    def open_rule_settings(self) -> RuleSettingsDialog:
        dialog = RuleSettingsDialog(self.ctx, self.window)
        dialog.open()
        return dialog


def install_anatomy_docks(window) -> AnatomyDocks:
    """Create the docks on ``window`` (a MainWindow), wire them to its session and return
    their handles. Calling it again on the same window returns the same handles."""
    existing = getattr(window, "anatomy_docks", None)
    if existing is not None:
        return existing
    session = window.session
    document = session.document
    ctx = EditContext(document, session.editing.modeling)
    big = session.defers_side_work()
    live = LiveAnalysis(document, window, deferred=big)
    inspector = InspectorDock(document, session.editing.modeling, window, ctx)
    anatomy = AnatomyDock(ctx, window)
    coverage = CoverageDock(document, window)
    catalogue = CatalogueDock(ctx, window)
    right = Qt.DockWidgetArea.RightDockWidgetArea
    window.addDockWidget(right, inspector)
    window.addDockWidget(right, anatomy)
    window.splitDockWidget(inspector, anatomy, Qt.Orientation.Vertical)
    window.addDockWidget(right, catalogue)
    window.tabifyDockWidget(anatomy, catalogue)
    anatomy.raise_()
    catalogue.hide()
    window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, coverage)
    coverage.hide()
    window.resizeDocks([inspector, anatomy], [540, 460], Qt.Orientation.Vertical)
    window.resizeDocks([inspector], [440], Qt.Orientation.Horizontal)
    overlay = FindingsOverlay(session.scene)
    coverage_view = QAction("Co&verage View (dim complete stages)", window)
    coverage_view.setObjectName("action_coverage_view")
    coverage_view.setCheckable(True)
    coverage_view.toggled.connect(overlay.set_coverage_view)
    docks = AnatomyDocks(window, ctx, live, inspector, anatomy, coverage, catalogue, overlay,
                         coverage_view)
    menu = getattr(window, "panels_menu", None) or window.menuBar().addMenu("&Panels")
    for dock in (inspector, anatomy, catalogue, coverage):
        menu.addAction(dock.toggleViewAction())
    view_menu = getattr(window, "menus", {}).get("view")
    (view_menu or menu).addAction(coverage_view)
    for consumer in (anatomy.panel.set_report, coverage.matrix.set_report, overlay.apply):
        live.add_consumer(consumer)
    document.subscribe(coverage.matrix.model.document_changed)
    session.scene.selectionChanged.connect(docks.follow_selection)
    anatomy.panel.finding_activated.connect(docks.go_to_finding)
    anatomy.panel.rule_settings_requested.connect(docks.open_rule_settings)
    coverage.matrix.stage_requested.connect(docks.select_element)
    if big:  # analysed once the map shows
        window.view.when_shown(docks.show_now)
    else:
        docks.show_now()
    docks.follow_selection()
    window.anatomy_docks = docks
    return docks
