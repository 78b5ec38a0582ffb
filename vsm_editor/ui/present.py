"""Presentation mode (View > Present, F5): the map in front of a room, one stage at a time.

The window goes full screen with its menus, toolbars, docks and status bar hidden. The
current stage is zoomed until its name reads from the back of the room (cap height of at
least 16 px, aimed at 20), centred in the space left of a panel that shows its P1–P4 in
large type, and lit by a spotlight that dims the rest of the map. Keys:
Right / Space / PageDown next, Left / PageUp / Backspace back, Home / End first / last,
L cycles the layer reveal (P1, P1–P2, P1–P3, P1–P4: the panel and the stage markers follow),
Esc or F5 returns to editing exactly where it was (zoom, scroll, selection, docks, window).
Nothing can be edited meanwhile: the window's actions are disabled and the mouse only
picks the stage to show.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QEvent, QObject, QPointF, QRect, QRectF, Qt, QTimer
from PySide6.QtGui import QFontMetricsF, QTransform
from PySide6.QtWidgets import QApplication, QDockWidget, QFrame, QToolBar, QWidget

from vsm_editor.ui.override_guard import guarded_filter
from vsm_editor.ui.present_content import stage_slide
from vsm_editor.ui.present_order import presentation_order
from vsm_editor.ui.present_panel import PresentPanel, type_size
from vsm_editor.ui.present_spotlight import Spotlight
from vsm_editor.ui.theme import font

if TYPE_CHECKING:
    from vsm_editor.ui.main_window import MainWindow

LAYERS = 4
TARGET_CAP_HEIGHT = 20.0  # px on screen for a stage name
MIN_CAP_HEIGHT = 16.0
PANEL_SHARE = 0.36  # of the viewport's width
PANEL_MIN_WIDTH = 320
STAGE_SHARE = 0.85  # at most this share of the free area's width (and 0.6 of its height)
WORLD = 1.0e6  # the view may scroll this far while presenting (no clamping at map edges)

NEXT_KEYS = {Qt.Key.Key_Right, Qt.Key.Key_Space, Qt.Key.Key_PageDown, Qt.Key.Key_Down}
BACK_KEYS = {Qt.Key.Key_Left, Qt.Key.Key_PageUp, Qt.Key.Key_Backspace, Qt.Key.Key_Up}
LEAVE_KEYS = {Qt.Key.Key_Escape, Qt.Key.Key_F5}
_MOUSE = {QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonRelease,
          QEvent.Type.MouseButtonDblClick, QEvent.Type.MouseMove, QEvent.Type.Wheel}


def cap_height_ratio(size: float, bold: bool = False) -> float:
    """Cap height over pixel size of the canvas font (DejaVu Sans: about 0.73)."""
    return QFontMetricsF(font(size, bold)).capHeight() / max(1, round(size))


@dataclass
class EditingState:
    """What presentation mode changes and gives back on leaving."""

    window_state: Qt.WindowState
    geometry: QRect
    dock_state: QByteArray
    menu_bar: bool
    status_bar: bool
    transform: QTransform
    scroll: tuple[int, int]
    view_rect: QRectF | None
    selection: list[str]
    focus: QWidget | None
    enabled: dict[str, bool]
    interactive: bool
    scroll_policies: tuple[Qt.ScrollBarPolicy, Qt.ScrollBarPolicy]
    frame: QFrame.Shape


class Presentation(QObject):
    """Presentation mode for one window; :meth:`enter` and :meth:`leave` toggle it."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.view = window.view
        self.scene = window.session.scene
        self.active = False
        self.order: list[str] = []
        self.index = 0
        self.reveal = LAYERS
        self.saved: EditingState | None = None
        self.panel: PresentPanel | None = None
        self.spotlight: Spotlight | None = None
        self._coverage: dict = {}
        self._unsubscribe = None
        self._refresh_timer = QTimer(self, singleShot=True, interval=150)
        self._refresh_timer.timeout.connect(self._document_changed)

    # ------------------------------------------------------------ entering and leaving
    def enter(self, full_screen: bool = True) -> bool:
        """Start presenting from the selected stage (else the first in flow order).
        False when the map has no stages."""
        if self.active:
            return True
        self.order = presentation_order(self.window.session.document.map)
        if not self.order:
            self.window.statusBar().showMessage("Nothing to present: the map has no stages.",
                                                4000)
            return False
        self.view.finish_rename(commit=True)
        self.view.cancel_gesture()
        selected = [i for i in self.scene.selected_ids() if i in self.scene.stages]
        self.index = self.order.index(selected[0]) if selected else 0
        self.saved = self._save_state()
        self.active = True
        self._hide_chrome(full_screen)
        self._build_overlay()
        self._refresh_coverage()
        self._unsubscribe = self.window.session.document.subscribe(
            lambda _changes: self._refresh_timer.start())
        QApplication.instance().installEventFilter(self)
        self.view.viewport().installEventFilter(self)
        self.view.setFocus()
        self.show_current()
        return True

    def leave(self) -> None:
        """Back to editing exactly where it was."""
        if not self.active:
            return
        self.active = False
        QApplication.instance().removeEventFilter(self)
        self.view.viewport().removeEventFilter(self)
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None
        self._refresh_timer.stop()
        self._set_reveal_on_items(LAYERS)
        if self.spotlight is not None:
            self.scene.removeItem(self.spotlight)
            self.spotlight = None
        if self.panel is not None:
            self.panel.hide()
            self.panel.deleteLater()
            self.panel = None
        saved, self.saved = self.saved, None
        assert saved is not None
        self._restore_state(saved)

    def toggle(self, full_screen: bool = True) -> None:
        if self.active:
            self.leave()
        else:
            self.enter(full_screen)

    # ------------------------------------------------------------ state
    def _save_state(self) -> EditingState:
        window, view = self.window, self.view
        explicit = view.sceneRect() != self.scene.sceneRect()
        return EditingState(
            window_state=window.windowState(),
            geometry=QRect(window.geometry()),
            dock_state=window.saveState(),
            menu_bar=not window.menuBar().isHidden(),
            status_bar=not window.statusBar().isHidden(),
            transform=QTransform(view.transform()),
            scroll=(view.horizontalScrollBar().value(), view.verticalScrollBar().value()),
            view_rect=QRectF(view.sceneRect()) if explicit else None,
            selection=self.scene.selected_ids(),
            focus=QApplication.focusWidget(),
            enabled={name: a.isEnabled() for name, a in window.actions_by_name.items()},
            interactive=view.isInteractive(),
            scroll_policies=(view.horizontalScrollBarPolicy(), view.verticalScrollBarPolicy()),
            frame=view.frameShape(),
        )

    def _hide_chrome(self, full_screen: bool) -> None:
        window, view = self.window, self.view
        for name, action in window.actions_by_name.items():
            action.setEnabled(name == "present")
        for child in window.findChildren(QToolBar) + window.findChildren(QDockWidget):
            if child.parent() is window:
                child.hide()
        window.menuBar().hide()
        window.statusBar().hide()
        view.setInteractive(False)
        view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        view.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        view.setFrameShape(QFrame.Shape.NoFrame)
        view.setSceneRect(QRectF(-WORLD, -WORLD, 2 * WORLD, 2 * WORLD))
        if full_screen:
            window.showFullScreen()
        window.layout().activate()

    def _restore_state(self, saved: EditingState) -> None:
        window, view = self.window, self.view
        for name, action in window.actions_by_name.items():
            action.setEnabled(saved.enabled.get(name, True))
        if saved.window_state & Qt.WindowState.WindowFullScreen:
            window.showFullScreen()
        elif saved.window_state & Qt.WindowState.WindowMaximized:
            window.showMaximized()
        else:
            window.showNormal()
            window.setGeometry(saved.geometry)  # restoreGeometry would clamp to the screen
        window.menuBar().setVisible(saved.menu_bar)
        window.statusBar().setVisible(saved.status_bar)
        window.restoreState(saved.dock_state)
        view.setInteractive(saved.interactive)
        view.setHorizontalScrollBarPolicy(saved.scroll_policies[0])
        view.setVerticalScrollBarPolicy(saved.scroll_policies[1])
        view.setFrameShape(saved.frame)
        view.setSceneRect(saved.view_rect if saved.view_rect is not None else QRectF())
        window.layout().activate()
        view.setTransform(saved.transform)
        self._restore_scroll(saved.scroll)
        self.scene.select_ids(saved.selection)
        if saved.focus is not None:
            saved.focus.setFocus()
        view.zoom_changed.emit(view.zoom())
        # a window manager may resize the window after we return: scroll back once it has
        QTimer.singleShot(0, lambda: self._restore_scroll(saved.scroll))

    def _restore_scroll(self, scroll: tuple[int, int]) -> None:
        if self.active:
            return
        self.view.horizontalScrollBar().setValue(scroll[0])
        self.view.verticalScrollBar().setValue(scroll[1])

    # ------------------------------------------------------------ the overlay
    def _build_overlay(self) -> None:
        # a child of the view, not of its viewport: scrolling the viewport moves its children
        self.panel = PresentPanel(self.view)
        self.panel.show()
        self.panel.raise_()
        self.spotlight = Spotlight(QRectF(-WORLD, -WORLD, 2 * WORLD, 2 * WORLD))
        self.scene.addItem(self.spotlight)

    def panel_width(self) -> int:
        width = self.view.viewport().width()
        return min(width // 2, max(PANEL_MIN_WIDTH, round(width * PANEL_SHARE)))

    def current_id(self) -> str:
        return self.order[self.index]

    def zoom_for(self, stage_id: str) -> float:
        """Large enough for a readable name, small enough for the box to fit."""
        item = self.scene.stages[stage_id]
        lines = item.layout.name_lines
        size, bold = (lines[0].size, lines[0].bold) if lines else (13.0, True)
        readable = TARGET_CAP_HEIGHT / (size * cap_height_ratio(size, bold))
        port = self.view.viewport()
        free = max(1, port.width() - self.panel_width())
        _x, _y, width, height = item.box()
        fits = min(free * STAGE_SHARE / width, port.height() * 0.6 / height)
        return max(0.05, min(readable, fits))

    def show_current(self) -> None:
        """Zoom to, centre, light and describe the current stage."""
        if not self.active:
            return
        stage_id = self.current_id()
        item = self.scene.stages[stage_id]
        port = self.view.viewport()
        panel_width = self.panel_width()
        size = type_size(port.height())
        assert self.panel is not None and self.spotlight is not None
        frame = port.geometry()
        self.panel.setGeometry(frame.right() + 1 - panel_width, frame.top(), panel_width,
                               frame.height())
        anatomy = self.window.session.document.map
        slide = stage_slide(anatomy, stage_id, self._coverage.get(stage_id), self.reveal)
        self.panel.show_slide(slide, self.index + 1, len(self.order), self.reveal, size)
        zoom = self.zoom_for(stage_id)
        self.view.setTransform(QTransform.fromScale(zoom, zoom))
        x, y, width, height = item.box()
        centre = QPointF(x + width / 2, y + height / 2)
        self.view.centerOn(centre + QPointF(panel_width / 2 / zoom, 0))
        self.spotlight.set_target(QRectF(x, y, width, height))
        self._set_reveal_on_items(self.reveal)
        self.view.zoom_changed.emit(zoom)

    def _set_reveal_on_items(self, reveal: int) -> None:
        """The stage markers show layers P1…P``reveal`` (read by StageItem's paint)."""
        if getattr(self.scene, "revealed_layers", LAYERS) != reveal:
            self.scene.revealed_layers = reveal
            self.scene.update()

    # ------------------------------------------------------------ stepping
    def step(self, delta: int) -> None:
        """Move ``delta`` stages along the order (stops at either end)."""
        self.go_to(max(0, min(len(self.order) - 1, self.index + delta)))

    def go_to(self, index: int) -> None:
        self.index = index
        self.show_current()

    def cycle_reveal(self) -> None:
        """P1 → P1–P2 → P1–P3 → P1–P4 → P1 …"""
        self.set_reveal(self.reveal % LAYERS + 1)

    def set_reveal(self, reveal: int) -> None:
        self.reveal = max(1, min(LAYERS, reveal))
        self.show_current()

    # ------------------------------------------------------------ following the document
    def _refresh_coverage(self) -> None:
        from vsm_editor.analysis import compute_coverage

        self._coverage = dict(compute_coverage(self.window.session.document.map).items())

    def _document_changed(self) -> None:
        """Stages came or went (a reload, a recovered file): keep to the current stage."""
        if not self.active:
            return
        current = self.current_id() if self.order else None
        self.order = presentation_order(self.window.session.document.map)
        self.order = [s for s in self.order if s in self.scene.stages]
        if not self.order:
            self.leave()
            return
        self.index = self.order.index(current) if current in self.order else min(
            self.index, len(self.order) - 1)
        self._refresh_coverage()
        self.show_current()

    # ------------------------------------------------------------ input
    @guarded_filter
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.Close and watched is self.window:
            self.leave()  # so the window's saved layout is the editing one
            return False
        if kind == QEvent.Type.KeyPress and self._ours(watched):
            return self._key(event)
        if kind == QEvent.Type.ShortcutOverride and self._ours(watched):
            event.accept()  # our keys, not the (disabled) actions' shortcuts
            return True
        if kind in _MOUSE and watched is self.view.viewport():
            if kind == QEvent.Type.MouseButtonPress:
                self._click(event.position())
            return True
        if kind == QEvent.Type.Resize and watched is self.view.viewport():
            QTimer.singleShot(0, self.show_current)
        return False

    def _ours(self, watched: QObject) -> bool:
        return isinstance(watched, QWidget) and watched.window() is self.window

    def _key(self, event) -> bool:
        key = event.key()
        if key in LEAVE_KEYS:
            self.leave()
        elif key in NEXT_KEYS:
            self.step(1)
        elif key in BACK_KEYS:
            self.step(-1)
        elif key == Qt.Key.Key_Home:
            self.go_to(0)
        elif key == Qt.Key.Key_End:
            self.go_to(len(self.order) - 1)
        elif key == Qt.Key.Key_L:
            self.cycle_reveal()
        elif Qt.Key.Key_1 <= key <= Qt.Key.Key_4:
            self.set_reveal(key - Qt.Key.Key_0)
        return True

    def _click(self, position) -> None:
        item = self.scene.stage_at(self.view.mapToScene(position.toPoint()))
        if item is not None and item.element_id in self.order:
            self.go_to(self.order.index(item.element_id))


def presentation_for(window: MainWindow) -> Presentation:
    """The window's presentation controller (made on first use)."""
    found = getattr(window, "presentation", None)
    if not isinstance(found, Presentation):
        found = Presentation(window)
        window.presentation = found
    return found


def toggle_presentation(window: MainWindow, full_screen: bool = True) -> Presentation:
    """View > Present: enter presentation mode, or leave it."""
    presentation = presentation_for(window)
    presentation.toggle(full_screen)
    return presentation
