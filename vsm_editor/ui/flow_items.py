"""Canvas items of the flow overlay: style figures (data boxes, queue triangles, supplier and
customer markers, the timeline ladder, tags) and the halos that mark the critical path and
the bottleneck.

A :class:`FigureItem` paints a :class:`~vsm_editor.style.figure.Figure` with the same
QPainter code as the PNG/PDF export (``vsm_editor.ui.raster_paint.MapPainter``), so the
canvas and the exports look alike; zoomed out, it leaves out what cannot be read
(:meth:`FigureItem.drawn_at`), as the stages do. None of these items is selectable or takes mouse
buttons: clicks fall through to the stages, handoffs and lanes under them.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen, QPolygonF
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from vsm_editor.model.geometry import Rect
from vsm_editor.style import palette
from vsm_editor.style.figure import Figure, Shape, label
from vsm_editor.style.paths import rectangle
from vsm_editor.style.text import line_height
from vsm_editor.ui.items import BLOCK_BELOW, TEXT_BELOW

#: The critical path's halo (stages and handoffs) and the bottleneck's.
CRITICAL_COLOUR = "#805ad5"
CRITICAL_ALPHA = 70
BOTTLENECK_COLOUR = "#dd6b20"
HALO_WIDTH = 7.0
STAGE_HALO_GAP = 4.0
TAG_SIZE = 9.0
TAG_PADDING = 3.0
#: Z values: halos under the handoffs, figures over the lanes, the ladder over everything.
HALO_Z = -0.5
FIGURE_Z = 0.5
LADDER_Z = 2.0
#: Figures too small to show when zoomed out far (see :meth:`FigureItem.drawn_at`).
SMALL_KINDS = frozenset({"data-box", "queue", "queue-wait"})


def _passive(item: QGraphicsItem) -> None:
    item.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
    item.setAcceptHoverEvents(False)


def _qrect(rect) -> QRectF:
    return QRectF(rect.x, rect.y, rect.width, rect.height)


class FigureItem(QGraphicsItem):
    """One style figure, in scene coordinates (or in its parent stage's, see :meth:`attach`).

    ``kind`` and ``element`` come from the figure; the tooltip is its title.
    """

    def __init__(self, figure: Figure, parent: QGraphicsItem | None = None,
                 z: float = FIGURE_Z) -> None:
        super().__init__(parent)
        _passive(self)
        self.setZValue(z)
        self.figure = figure
        self._shapes_only: tuple[Figure, Figure] | None = None
        self._bounds = _qrect(figure.bounds).adjusted(-2, -2, 2, 2)
        self.setToolTip(figure.title)

    def set_figure(self, figure: Figure) -> None:
        """Show ``figure`` instead (nothing happens when it is the same drawing)."""
        if figure == self.figure:
            return
        bounds = _qrect(figure.bounds).adjusted(-2, -2, 2, 2)
        if bounds != self._bounds:
            self.prepareGeometryChange()
            self._bounds = bounds
        self.figure = figure
        if figure.title != self.toolTip():
            self.setToolTip(figure.title)
        self.update()

    def boundingRect(self) -> QRectF:
        return self._bounds

    def drawn_at(self, lod: float) -> Figure | None:
        """What is painted at the view scale ``lod``: everything when text is legible, the
        shapes only below :data:`TEXT_BELOW` (as the stages drop their text), and when
        zoomed out far (below :data:`BLOCK_BELOW`, where a data box is a few pixels) only
        the ladder's, tags' and end markers' shapes."""
        if lod >= TEXT_BELOW:
            return self.figure
        if lod < BLOCK_BELOW and self.figure.kind in SMALL_KINDS:
            return None
        if self._shapes_only is None or self._shapes_only[0] is not self.figure:
            figure = self.figure
            self._shapes_only = (figure, Figure(figure.kind, figure.element, figure.bounds,
                                                figure.shapes, [], figure.title))
        return self._shapes_only[1]

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem,
              widget: QWidget | None = None) -> None:
        from vsm_editor.ui.raster_paint import MapPainter  # the exporters load on first paint

        lod = option.levelOfDetailFromTransform(painter.worldTransform())
        figure = self.drawn_at(lod)
        if figure is not None:
            MapPainter(painter, None, None, max(lod, 1e-6))._figures([figure])  # type: ignore[arg-type]


def tag_figure(kind: str, element: str | None, text: str, x: float, bottom: float,
               colour: str, title: str = "") -> Figure:
    """A small filled tag with white text whose bottom-left corner is at (x, bottom)."""
    height = line_height(TAG_SIZE, True) + TAG_PADDING
    text_label = label(text, x + TAG_PADDING, bottom - height + TAG_PADDING / 2, TAG_SIZE,
                       palette.BACKGROUND, bold=True, role="tag")
    width = text_label.line.width + 2 * TAG_PADDING
    box = rectangle(x, bottom - height, width, height)
    figure = Figure(kind, element, Rect(x, bottom - height, width, height), title=title or text)
    figure.shapes.append(Shape(box, colour, None, 0.0, "tag"))
    figure.labels.append(text_label)
    return figure


class StageHalo(QGraphicsItem):
    """A soft rounded outline around a stage box (a child of the stage item, drawn behind
    it, so it moves with the stage)."""

    def __init__(self, parent: QGraphicsItem, width: float, height: float, colour: str,
                 alpha: int, pen_width: float = HALO_WIDTH) -> None:
        super().__init__(parent)
        _passive(self)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemStacksBehindParent)
        self.colour = colour
        self.alpha = alpha
        self.pen_width = pen_width
        self._rect = QRectF()
        self.set_size(width, height)

    def set_size(self, width: float, height: float) -> None:
        gap = STAGE_HALO_GAP
        rect = QRectF(-gap, -gap, width + 2 * gap, height + 2 * gap)
        if rect != self._rect:
            self.prepareGeometryChange()
            self._rect = rect

    def boundingRect(self) -> QRectF:
        half = self.pen_width / 2 + 1
        return self._rect.adjusted(-half, -half, half, half)

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem,
              widget: QWidget | None = None) -> None:
        colour = QColor(self.colour)
        colour.setAlpha(self.alpha)
        painter.setPen(QPen(colour, self.pen_width))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRoundedRect(self._rect, 8, 8)


class RouteHalo(QGraphicsItem):
    """A wide translucent stroke along a handoff's route (the critical path through it)."""

    def __init__(self, points: list[tuple[float, float]], colour: str = CRITICAL_COLOUR,
                 alpha: int = CRITICAL_ALPHA) -> None:
        super().__init__()
        _passive(self)
        self.setZValue(HALO_Z)
        self.colour = colour
        self.alpha = alpha
        self.points: list[tuple[float, float]] = []
        self._path = QPainterPath()
        self.set_points(points)

    def set_points(self, points: list[tuple[float, float]]) -> None:
        if points == self.points:
            return
        self.prepareGeometryChange()
        self.points = list(points)
        path = QPainterPath()
        if points:
            path.addPolygon(QPolygonF([QPointF(x, y) for x, y in points]))
        self._path = path

    def boundingRect(self) -> QRectF:
        pad = HALO_WIDTH
        return self._path.boundingRect().adjusted(-pad, -pad, pad, pad)

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem,
              widget: QWidget | None = None) -> None:
        colour = QColor(self.colour)
        colour.setAlpha(self.alpha)
        pen = QPen(colour, HALO_WIDTH)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(self._path)
