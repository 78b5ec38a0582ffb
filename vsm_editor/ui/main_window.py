"""The window of one document: menus and toolbar from the action table, the canvas, the
History dock and the status bar. File and window management lives in :mod:`app`."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, Qt, QTimer
from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import QDockWidget, QLabel, QMainWindow, QMenu, QToolBar

from vsm_editor.model import MapFileError
from vsm_editor.ui import dialogs, open_formats, state
from vsm_editor.ui.actions import ACTIONS, MENUS, build_actions
from vsm_editor.ui.align import AlignActions
from vsm_editor.ui.anatomy_docks import install_anatomy_docks
from vsm_editor.ui.auto_layout import AutoLayoutActions
from vsm_editor.ui.capture_actions import CaptureActions
from vsm_editor.ui.export_menu import ExportActions, submenu_for
from vsm_editor.ui.find import FindActions
from vsm_editor.ui.flow_actions import FlowActions
from vsm_editor.ui.help_menu import HelpActions
from vsm_editor.ui.history import HistoryList
from vsm_editor.ui.idea_links import install_idea_links
from vsm_editor.ui.kaizen import KaizenActions
from vsm_editor.ui.lanes_actions import LaneActions
from vsm_editor.ui.minimap import MinimapActions
from vsm_editor.ui.outline import OutlineActions
from vsm_editor.ui.override_guard import guarded
from vsm_editor.ui.session import Session
from vsm_editor.ui.themes_menu import add_theme_menu
from vsm_editor.ui.view import MapView

if TYPE_CHECKING:
    from vsm_editor.ui.app import EditorApp

APP_NAME = "vsm-editor"


class MainWindow(LaneActions, AlignActions, FindActions, MinimapActions, KaizenActions,
                 AutoLayoutActions, ExportActions, HelpActions, OutlineActions, CaptureActions,
                 FlowActions, QMainWindow):
    """One document's window (lane, arrange, find, overview, improvement and auto-layout
    commands come from the mixins)."""

    def __init__(self, app: EditorApp, session: Session) -> None:
        super().__init__()
        self.app = app
        self.session = session
        self.imported_from: str | None = None  # the BPMN/SVG file an unsaved map came from
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
        self.view = MapView(session.scene, session.editing, self)
        self.setCentralWidget(self.view)
        self.actions_by_name = build_actions(self)
        self._build_menus()
        self._build_toolbar()
        self._build_docks()
        self._build_status()
        self._setup_lanes()
        self._setup_find()
        self._setup_minimap()
        self._setup_kaizen()
        self._setup_capture()
        if session.defers_markers():  # a big map opens zoomed out beyond the markers
            self.view.when_shown(session.scene.refresh_coverage)
        install_anatomy_docks(self)
        self.idea_links = install_idea_links(self)
        self._setup_flow()
        self.setAcceptDrops(True)
        self.resize(1280, 800)
        self._closing_confirmed = False
        session.modified_changed.connect(lambda _m: self.update_title())
        session.changed_on_disk.connect(self.on_changed_on_disk)
        session.document.subscribe(lambda _c: self._schedule_status())
        session.editing.on_changed(self._stack_changed)
        self.view.message.connect(lambda text: self.statusBar().showMessage(text, 4000))
        self.view.zoom_changed.connect(lambda z: self.zoom_label.setText(f"{z * 100:.0f} %"))
        self._status_timer = QTimer(self, singleShot=True, interval=100)
        self._status_timer.timeout.connect(self.update_status)
        self.update_title()
        self.update_status()
        self._stack_changed()

    # ------------------------------------------------------------ building
    def _build_menus(self) -> None:
        self.menus: dict[str, QMenu] = {}
        for key, title in MENUS:
            self.menus[key] = self.menuBar().addMenu(title)
        for spec in ACTIONS:
            menu = self.menus.get(spec.menu) or submenu_for(self.menus, spec.menu)
            if spec.name == "save":
                self.recent_menu = menu.addMenu("Open &Recent")
                self.recent_menu.aboutToShow.connect(self._fill_recent)
                menu.addSeparator()
            if spec.name in ("close", "delete", "fit_all", "find", "add_idea", "auto_layout",
                             "rename_lane", "distribute_horizontally"):
                menu.addSeparator()
            menu.addAction(self.actions_by_name[spec.name])
        view_menu = self.menus["view"]
        view_menu.addSeparator()
        self.panels_menu = view_menu.addMenu("&Panels")
        self.theme_menu = add_theme_menu(view_menu)

    def _build_toolbar(self) -> None:
        bar = QToolBar("Tools", self)
        bar.setObjectName("toolbar_main")
        for spec in ACTIONS:
            if spec.toolbar:
                bar.addAction(self.actions_by_name[spec.name])
        self.addToolBar(bar)

    def _build_docks(self) -> None:
        self.history = HistoryList(self.session.editing)
        dock = QDockWidget("History", self)
        dock.setObjectName("dock_history")
        dock.setWidget(self.history)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
        dock.hide()
        self.history_dock = dock
        dock.visibilityChanged.connect(self.actions_by_name["history"].setChecked)
        self.panels_menu.addAction(dock.toggleViewAction())

    def _build_status(self) -> None:
        self.count_label = QLabel()
        self.zoom_label = QLabel("100 %")
        self.statusBar().addPermanentWidget(self.count_label)
        self.statusBar().addPermanentWidget(self.zoom_label)

    # ------------------------------------------------------------ status and title
    def update_title(self) -> None:
        """``name[*] — vsm-editor``; the star shows unsaved changes."""
        self.setWindowTitle(f"{self.session.display_name()}[*] — {APP_NAME}")
        self.setWindowModified(self.session.is_modified())

    def _schedule_status(self) -> None:
        self._status_timer.start()

    def update_status(self) -> None:
        anatomy = self.session.document.map
        self.count_label.setText(f"{len(anatomy.stages)} stages · {len(anatomy.handoffs)} handoffs")

    def _stack_changed(self) -> None:
        editing = self.session.editing
        self.actions_by_name["undo"].setEnabled(editing.can_undo())
        self.actions_by_name["redo"].setEnabled(editing.can_redo())
        self.update_title()

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        files = state.recent_files()
        for index, path in enumerate(files, start=1):
            label = f"&{index % 10} {Path(path).name}" if index <= 10 else Path(path).name
            action = self.recent_menu.addAction(label)
            action.setToolTip(path)
            action.triggered.connect(lambda _c=False, p=path: self.app.open_path(p, self))
        if not files:
            self.recent_menu.addAction("(none)").setEnabled(False)

    # ------------------------------------------------------------ file actions
    def act_new(self) -> None:
        self.app.new_document()

    def act_new_from_template(self) -> None:
        template_id = dialogs.choose_template(self)
        if template_id:
            self.app.new_from_template(template_id)

    def act_new_future_state(self) -> None:
        from vsm_editor.ui.future_state import open_future_state

        open_future_state(self)

    def act_compare_with(self) -> None:
        from vsm_editor.ui.compare_open import compare_with

        compare_with(self)

    def act_open(self) -> None:
        folder = str(Path(self.session.path).parent) if self.session.path else ""
        path = dialogs.choose_open_file(self, folder)
        if path:
            self.app.open_path(path, self)

    def act_save(self) -> bool:
        if self.session.path is None:
            return self.act_save_as()
        if self.session.disk_changed_since_load() and not dialogs.ask_overwrite_changed(
            self, self.session.display_name()
        ):
            return False
        return self._save_to(self.session.path)

    def act_save_as(self) -> bool:
        suggested = self.session.path or (
            open_formats.suggested_map_path(self.imported_from) if self.imported_from
            else f"{self.session.display_name()}.vsm.json")
        path = dialogs.choose_save_file(self, suggested)
        if not path:
            return False
        path = open_formats.save_target(path, self.imported_from)  # never over a BPMN/SVG
        other = self.app.window_for(path)
        if other is not None and other is not self:
            dialogs.show_error(self, "Save As", f"{Path(path).name} is open in another window.")
            return False
        return self._save_to(path)

    def _save_to(self, path: str) -> bool:
        try:
            self.session.save(path)
        except MapFileError as err:
            dialogs.show_error(self, "Could not save", str(err))
            return False
        state.remember_file(path)
        self.update_title()
        self.statusBar().showMessage(f"Saved {Path(path).name}", 3000)
        return True

    def act_close(self) -> None:
        self.close()

    def act_quit(self) -> None:
        self.app.quit()

    # ------------------------------------------------------------ edit actions
    def act_undo(self) -> None:
        self.session.editing.undo()

    def act_redo(self) -> None:
        self.session.editing.redo()

    def act_delete(self) -> None:
        self.view.delete_selection()

    def act_rename(self) -> None:
        self.view.start_rename()

    def act_select_all(self) -> None:
        for item in self.session.scene.stages.values():
            item.setSelected(True)

    def act_history(self, visible: bool) -> None:
        self.history_dock.setVisible(visible)

    # ------------------------------------------------------------ view and insert actions
    def act_zoom_in(self) -> None:
        self.view.zoom_in()

    def act_zoom_out(self) -> None:
        self.view.zoom_out()

    def act_zoom_reset(self) -> None:
        self.view.zoom_reset()

    def act_fit_all(self) -> None:
        self.view.fit_all()

    def act_present(self) -> None:
        from vsm_editor.ui.present import toggle_presentation

        toggle_presentation(self)

    def act_add_stage(self) -> None:
        self.view.add_stage_in_view()

    def act_connect_mode(self, on: bool) -> None:
        self.view.connect_mode = on
        self.statusBar().showMessage(
            "Connect: drag from one stage onto another (Esc to stop)" if on else "", 4000
        )

    def act_add_lane(self) -> None:
        self.session.editing.add_lane()

    def act_map_check(self) -> None:
        from vsm_editor.analysis import analyze

        report = analyze(self.session.document.map)
        summary = getattr(report, "summary_line", lambda: "")()
        dialogs.show_info(self, "Anatomy check", summary or f"{len(report.findings)} findings")

    # ------------------------------------------------------------ disk changes
    def on_changed_on_disk(self) -> None:
        """Offer to reload; never overwrite or reload silently."""
        if dialogs.ask_reload(self, self.session.display_name(), self.session.is_modified()):
            self.app.reload(self)
        else:
            self.statusBar().showMessage(
                "Kept your version; saving will ask before replacing the file.", 5000
            )

    # ------------------------------------------------------------ drops and closing
    @guarded
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    @guarded
    def dropEvent(self, event: QDropEvent) -> None:
        for url in event.mimeData().urls():
            if url.isLocalFile():
                self.app.open_path(url.toLocalFile(), self)
        event.acceptProposedAction()

    def confirm_discard(self) -> bool:
        """Ask about unsaved changes; True when the window may close."""
        if not self.session.is_modified():
            return True
        answer = dialogs.ask_save_changes(self, self.session.display_name())
        if answer == "save":
            return self.act_save()
        return answer == "discard"

    @guarded
    def closeEvent(self, event: QCloseEvent) -> None:
        event.ignore()  # until confirmed and let go: an error on the way keeps the window
        if not self._closing_confirmed and not self.confirm_discard():
            return
        self.idea_links.detach()
        self.app.window_closed(self)
        event.accept()

    def save_layout(self) -> None:
        store = state.settings()
        store.setValue("window/geometry", self.saveGeometry())
        store.setValue("window/state", self.saveState())

    def restore_layout(self) -> None:
        store = state.settings()
        geometry = store.value("window/geometry", type=QByteArray)
        if geometry:
            self.restoreGeometry(geometry)
        layout = store.value("window/state", type=QByteArray)
        if layout:
            self.restoreState(layout)

    def shortcut_map(self) -> dict[str, list[str]]:
        """Action name → its keys (portable text), for tests and the help sheet."""
        return {
            name: [k.toString(QKeySequence.SequenceFormat.PortableText) for k in action.shortcuts()]
            for name, action in self.actions_by_name.items()
        }
