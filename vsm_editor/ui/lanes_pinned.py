"""Lane headers pinned to the view's left edge while the map is scrolled sideways.

Like frozen row headers in a spreadsheet: once a band's header has scrolled out of a view,
the lane item paints it at the viewport's left edge instead (and at the band's end
once that scrolls past: a sticky header in its band). Only views that opt in with
:class:`PinnedLaneHeaders` pin; everything else that renders the scene (exports, the
overview, the far-zoom picture) still gets the header at the band's start. The header stays
in the lane's own layer, under the stages and handoffs, so nothing on the map is hidden or
made unclickable; clicking, double-click renaming, dragging to reorder, the context menu and
the current-lane outline work on the pinned header through
:meth:`~vsm_editor.ui.lanes.LaneController.header_rect`, which uses :func:`header_left`.

A scroll blits what was drawn; the strip holding the pinned headers (where they were and
where they are now) is painted again after each sideways scroll.
"""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QObject, QRect, QRectF
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QGraphicsView, QWidget

from vsm_editor.ui import style_bridge as sb
from vsm_editor.ui.theme import blended

#: Width (pixels) of the soft shadow right of a pinned header, and its darkness at the edge.
SHADOW = 6
SHADOW_ALPHA = 50
#: The attribute a view carries when its lane headers are pinned.
PINS = "pins_lane_headers"


def view_left(view: QGraphicsView) -> float:
    """The scene x at the viewport's left edge."""
    return view.mapToScene(0, 0).x()


def header_left(view: QGraphicsView, band: QRectF) -> float:
    """The scene x where the header of ``band`` is drawn in ``view``: at the band's start
    until the header there has scrolled out of view entirely, then at the viewport's left
    edge, never past the band's end. (Pinning only then keeps the strip next to a band's
    start as it was: clicks there still reach the map.)"""
    width = sb.sizes.LANE_HEADER_WIDTH
    left = view_left(view)
    if left < band.left() + width:
        return band.left()
    return max(band.left(), min(left, band.right() - width))


def pinned_header_left(widget: QWidget | None, band: QRectF) -> float:
    """:func:`header_left` in the view painting on ``widget`` (its viewport) when that view
    pins lane headers; else the band's start."""
    view = widget.parentWidget() if widget is not None else None
    if view is None or not getattr(view, PINS, False):
        return band.left()
    return header_left(view, band)  # type: ignore[arg-type]


def paint_pin_shadow(painter: QPainter, header: QRectF, under: str) -> None:
    """A soft shadow right of a pinned header (the map scrolls under its edge), over the
    band colour ``under``: a few opaque steps of black blended over it (the raster engine
    fills a translucent gradient ~15 times slower, 0.6 ms a paint on a tall lane)."""
    steps = 4
    width = SHADOW / max(painter.worldTransform().m11(), 1e-6) / steps
    for step in range(steps):
        alpha = round(SHADOW_ALPHA * (1 - (step + 0.5) / steps))
        strip = QRectF(header.right() + step * width, header.top(), width, header.height())
        painter.fillRect(strip, blended("#000000", alpha, under))


class PinnedLaneHeaders(QObject):
    """Pins the lane headers of one view and keeps them fresh while it scrolls."""

    def __init__(self, view: QGraphicsView) -> None:
        super().__init__(view)
        self.view = view
        self.scene = view.scene()
        self._scroll = view.horizontalScrollBar().value()
        setattr(view, PINS, True)
        view.horizontalScrollBar().valueChanged.connect(self._scrolled)

    def detach(self) -> None:
        """Stop pinning (headers go back to the bands' start)."""
        if not shiboken6.isValid(self.view):
            return
        setattr(self.view, PINS, False)
        self.view.viewport().update()

    def header_rects(self) -> dict[str, QRectF]:
        """Scene rectangles of the headers pinned now (none while the bands' start shows)."""
        rects = {}
        for lane_id, item in getattr(self.scene, "lanes", {}).items():
            band = item.boundingRect()
            left = header_left(self.view, band)
            if left > band.left():
                rects[lane_id] = QRectF(left, band.top(), sb.sizes.LANE_HEADER_WIDTH,
                                        band.height())
        return rects

    def _scrolled(self, value: int) -> None:
        """Paint the header strip again: where the headers were blitted to and where they
        are now."""
        if not shiboken6.isValid(self.view):
            return
        moved, self._scroll = abs(value - self._scroll), value
        zoom = self.view.transform().m11()
        width = int(sb.sizes.LANE_HEADER_WIDTH * zoom) + SHADOW + moved + 2
        viewport = self.view.viewport()
        viewport.update(QRect(0, 0, width, viewport.height()))
