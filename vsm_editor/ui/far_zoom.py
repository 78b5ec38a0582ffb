"""Far zoom on big maps: the main view shows one cached picture of the whole map.

Below the level-of-detail threshold (:data:`items.BLOCK_BELOW`) every stage is a block and
every handoff a thin line, yet Qt would still call each item's Python ``paint`` (≈ 4 µs per
call, 50 ms for a no-op at 5,000 stages). On maps with :data:`MIN_ITEMS` or more items the
view instead draws a picture of the map made once at the current zoom (drawn from the
items' data in batched calls, :mod:`vsm_editor.ui.far_zoom_picture`), made again after the
scene changed (debounced, :data:`STALE_MS`) or the zoom moved away from it.

On top of the picture the view paints, live: the selected items and the handoffs at the
selected stages (so a selection and a drag show at once), items that are not part of the map
(overlays, the connect line; found when the picture is made), the rubber band and the view's
foreground. Only the main view is affected: ``scene.render`` (overview, exports, self-test)
still paints every item.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QObject, QPointF, QRect, QRectF, QTimer
from PySide6.QtGui import QImage, QPainter, QPaintEvent, QTransform
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsView,
    QRubberBand,
    QStyle,
    QStyleOptionGraphicsItem,
    QStyleOptionRubberBand,
)

from vsm_editor.ui.far_zoom_picture import draw_far_picture
from vsm_editor.ui.items import BLOCK_BELOW, StageItem

MIN_ITEMS = 1500  # stages + handoffs from which far zoom paints a picture
STALE_MS = 250  # quiet time after a change before the picture is made again
MAX_PIXELS = 12_000_000  # the picture's size limit (≈ 48 MB); beyond it, a coarser picture
MAX_LIVE = 400  # selected items painted live on the picture; more wait for the next picture


class FarZoomCache(QObject):
    """The cached far-zoom picture of one :class:`~vsm_editor.ui.view.MapView`."""

    def __init__(self, view: QGraphicsView) -> None:
        super().__init__(view)
        self.view = view
        self.scene = view.map_scene
        self.image: QImage | None = None
        self.source = QRectF()  # the scene rectangle the picture shows
        self.scale = 0.0  # picture pixels per scene unit
        self.whole = QRectF()  # the scene rectangle when the picture was made
        self.renders = 0  # how often a picture was made (for tests)
        self._extras: list[QGraphicsItem] = []
        self._stale = QTimer(self, singleShot=True, interval=STALE_MS)
        self._stale.timeout.connect(self._refresh)
        self.scene.changed.connect(self._changed)
        self.scene.sceneRectChanged.connect(self._changed)

    # ------------------------------------------------------------ state
    def active(self) -> bool:
        """The view is zoomed out far on a big map."""
        scene = self.scene
        return (self.view.transform().m11() < BLOCK_BELOW
                and len(scene.stages) + len(scene.handoffs) >= MIN_ITEMS)

    def invalidate(self) -> None:
        """Forget the picture (it is made again when next needed)."""
        self.image = None

    def _changed(self, *_args) -> None:
        self._stale.start()

    def _refresh(self) -> None:
        if self.active():
            self.render()
            self.view.viewport().update()
        else:
            self.invalidate()

    # ------------------------------------------------------------ making the picture
    def render(self) -> None:
        """Draw the scene at the view's zoom: all of it, or (when that would pass
        :data:`MAX_PIXELS`) the visible part with half a viewport around it."""
        whole = self.scene.sceneRect()
        scale = self.view.transform().m11()
        source = whole
        if _area(whole) * scale * scale > MAX_PIXELS:
            seen = self._visible()
            source = seen.adjusted(-seen.width() / 2, -seen.height() / 2,
                                   seen.width() / 2, seen.height() / 2).intersected(whole)
            if _area(source) * scale * scale > MAX_PIXELS:
                scale = math.sqrt(MAX_PIXELS / max(1.0, _area(source)))
        width = max(1, math.ceil(source.width() * scale))
        height = max(1, math.ceil(source.height() * scale))
        self.image = None  # let the old picture go first: two at once would double the peak
        image = QImage(width, height, QImage.Format.Format_RGB32)
        image.fill(self.scene.backgroundBrush().color())
        painter = QPainter(image)
        painter.setRenderHints(self.view.renderHints())
        fit = min(width / max(source.width(), 1e-9), height / max(source.height(), 1e-9))
        painter.scale(fit, fit)
        painter.translate(-source.left(), -source.top())
        draw_far_picture(self.scene, painter, source)
        painter.end()
        self.image, self.source, self.scale, self.whole = image, source, scale, whole
        self._extras = self.scene.added_items()
        self.renders += 1

    def _visible(self) -> QRectF:
        return self.view.mapToScene(self.view.viewport().rect()).boundingRect()

    def _usable(self) -> bool:
        """The picture shows the current scene and everything the view shows."""
        if self.image is None or self.whole != self.scene.sceneRect():
            return False
        return self.source == self.whole or self.source.contains(self._visible())

    # ------------------------------------------------------------ painting
    def paint(self, event: QPaintEvent) -> bool:
        """Paint the viewport from the picture; False when far zoom does not apply (the
        picture, up to 48 MB, is then let go: zooming out again makes a new one)."""
        if not self.active():
            self.image = None
            return False
        view = self.view
        zoom = view.transform().m11()
        if not self._usable():
            self.render()
        elif not math.isclose(self.scale, zoom, rel_tol=0.02):
            self._stale.start()  # zoom moved: a scaled picture now, a sharp one soon
        port = view.viewport()
        painter = QPainter(port)
        painter.setClipRegion(event.region())
        to_view = view.viewportTransform()
        exposed = view.mapToScene(event.region().boundingRect()).boundingRect()
        painter.setTransform(to_view)
        view.drawBackground(painter, exposed)
        self._draw_picture(painter, to_view)
        for item in self._live_items():
            _paint_item(painter, item, to_view, port)
        painter.setTransform(to_view)
        view.drawForeground(painter, exposed)
        painter.resetTransform()
        _paint_rubber_band(painter, view)
        painter.end()
        return True

    def _draw_picture(self, painter: QPainter, to_view: QTransform) -> None:
        assert self.image is not None
        target = to_view.mapRect(self.source)
        painter.resetTransform()
        if math.isclose(target.width(), self.image.width(), abs_tol=1.0):
            painter.drawImage(QPointF(round(target.x()), round(target.y())), self.image)
        else:
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
            painter.drawImage(target, self.image)

    def _live_items(self) -> list[QGraphicsItem]:
        """Selected items, the handoffs at selected stages, the non-map items."""
        scene = self.scene
        selected = scene.selectedItems()
        live: list[QGraphicsItem] = []
        if len(selected) <= MAX_LIVE:
            touching: set[str] = set()
            for item in selected:
                if isinstance(item, StageItem):
                    touching |= scene._by_stage.get(item.element_id, set())
            live = [scene.handoffs[h] for h in sorted(touching) if h in scene.handoffs]
            live += sorted(selected, key=lambda item: item.zValue())
        link = getattr(self.view, "_link", None)
        extras = list(self._extras)
        if link is not None and link["line"] not in extras:
            extras.append(link["line"])
        live += [item for item in extras if item.scene() is scene and item.isVisible()]
        return live


def _area(rect: QRectF) -> float:
    return max(0.0, rect.width()) * max(0.0, rect.height())


def _paint_item(painter: QPainter, item: QGraphicsItem, to_view: QTransform, widget) -> None:
    """Paint ``item`` and its visible children as the view would."""
    painter.save()
    painter.setTransform(item.sceneTransform() * to_view)
    painter.setOpacity(item.effectiveOpacity())
    option = QStyleOptionGraphicsItem()
    option.exposedRect = item.boundingRect()
    option.rect = option.exposedRect.toRect()
    if item.isSelected():
        option.state |= QStyle.StateFlag.State_Selected
    item.paint(painter, option, widget)
    painter.restore()
    for child in item.childItems():
        if child.isVisible():
            _paint_item(painter, child, to_view, widget)


def _paint_rubber_band(painter: QPainter, view: QGraphicsView) -> None:
    """The rubber band QGraphicsView would draw (viewport coordinates)."""
    band: QRect = view.rubberBandRect()
    if band.isEmpty():
        return
    option = QStyleOptionRubberBand()
    option.initFrom(view.viewport())
    option.rect = band
    option.shape = QRubberBand.Shape.Rectangle
    view.style().drawControl(QStyle.ControlElement.CE_RubberBand, option, painter,
                             view.viewport())
