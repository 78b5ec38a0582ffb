"""The overview (minimap): a second view of the same scene showing the whole map, with the
main view's visible region as a rectangle; click or drag in it to move the main view.

The drawn map is cached in a pixmap, made again only after the scene changed (debounced),
so scrolling or zooming the main view repaints a picture and a rectangle, not every item
(on 5,000 stages a full repaint of the overview takes over 100 ms).
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt, QTimer
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPaintEvent, QPen, QPixmap, QResizeEvent
from PySide6.QtWidgets import QDockWidget, QFrame, QGraphicsView

from vsm_editor.ui import style_bridge as sb
from vsm_editor.ui.override_guard import guarded


class Overview(QGraphicsView):
    """Shows all of ``main``'s scene scaled to fit, and where ``main`` is looking."""

    def __init__(self, main, parent=None) -> None:
        super().__init__(main.scene(), parent)
        self.main = main
        self.setObjectName("overview")
        self.setInteractive(False)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setRenderHints(QPainter.RenderHint.Antialiasing)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.FullViewportUpdate)
        self.setMinimumSize(160, 100)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self._cache: QPixmap | None = None
        self._refit = QTimer(self, singleShot=True, interval=50)
        self._refit.timeout.connect(self.fit)
        self._stale = QTimer(self, singleShot=True, interval=150)
        self._stale.timeout.connect(self.invalidate)
        # Bound methods, not lambdas: Qt drops these connections when the overview is
        # destroyed, while the scene and the main view live on.
        self.scene().sceneRectChanged.connect(self._scene_rect_changed)
        self.scene().changed.connect(self._scene_changed)
        for bar in (main.horizontalScrollBar(), main.verticalScrollBar()):
            bar.valueChanged.connect(self._repaint)
            bar.rangeChanged.connect(self._repaint)
        main.zoom_changed.connect(self._repaint)

    def _scene_rect_changed(self, _rect: object) -> None:
        self._refit.start()

    def _scene_changed(self, _regions: object) -> None:
        self._stale.start()

    def _repaint(self, *_args: object) -> None:
        self.viewport().update()

    def fit(self) -> None:
        """Scale so the whole scene fits."""
        rect = self.scene().sceneRect()
        if not rect.isEmpty():
            self.fitInView(rect, Qt.AspectRatioMode.KeepAspectRatio)
        self.invalidate()

    def invalidate(self) -> None:
        """Draw the map again at the next paint."""
        self._cache = None
        self.viewport().update()

    def _picture(self) -> QPixmap:
        """The whole map as drawn at the overview's scale (cached)."""
        port = self.viewport()
        ratio = port.devicePixelRatioF()
        if self._cache is None or self._cache.size() != port.size() * ratio:
            pixmap = QPixmap(port.size() * ratio)
            pixmap.setDevicePixelRatio(ratio)
            pixmap.fill(self.scene().backgroundBrush().color())
            painter = QPainter(pixmap)
            painter.setRenderHints(self.renderHints())
            painter.setTransform(self.viewportTransform())  # scene → overview pixels
            shown = self.mapToScene(port.rect()).boundingRect()
            self.scene().render(painter, shown, shown)
            painter.end()
            self._cache = pixmap
        return self._cache

    @guarded
    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self.viewport())
        painter.drawPixmap(0, 0, self._picture())
        painter.setTransform(self.viewportTransform())
        self.drawForeground(painter, self.mapToScene(self.viewport().rect()).boundingRect())
        painter.end()

    def visible_region(self) -> QRectF:
        """The part of the scene the main view shows."""
        return self.main.mapToScene(self.main.viewport().rect()).boundingRect()

    @guarded
    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.fit()

    @guarded
    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.fit()

    @guarded
    def drawForeground(self, painter: QPainter, rect: QRectF) -> None:
        region = self.visible_region().intersected(self.scene().sceneRect())
        pen = QPen(QColor(sb.SELECTION), 2)
        pen.setCosmetic(True)
        painter.setPen(pen)
        fill = QColor(sb.SELECTION)
        fill.setAlpha(40)
        painter.setBrush(fill)
        painter.drawRect(region)

    def move_main_to(self, point) -> None:
        """Centre the main view on the scene point under ``point`` (viewport coordinates)."""
        self.main.centerOn(self.mapToScene(point))
        self.viewport().update()

    @guarded
    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.move_main_to(event.position().toPoint())
        event.accept()

    @guarded
    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if event.buttons() & Qt.MouseButton.LeftButton:
            self.move_main_to(event.position().toPoint())
        event.accept()

    @guarded
    def wheelEvent(self, event) -> None:
        event.accept()  # the overview always shows everything


class MinimapActions:
    """The Overview dock of ``MainWindow`` (View > Panels > Overview)."""

    def _setup_minimap(self) -> None:
        self.overview = Overview(self.view)
        dock = QDockWidget("Overview", self)
        dock.setObjectName("dock_overview")
        dock.setWidget(self.overview)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
        dock.hide()
        self.overview_dock = dock
        self.panels_menu.addAction(dock.toggleViewAction())
