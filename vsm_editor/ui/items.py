"""The canvas items: lane bands, stage boxes and handoff routes.

Items hold the live model struct they show and only read it; the scene tells them when it
changed. Everything they draw comes from the shared style (:mod:`style_bridge`). ``paint``
picks a level of detail from the view's scale: a plain block when far, boxes and markers
without text when small, everything when legible.
"""

from __future__ import annotations

from functools import lru_cache

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QPainter,
    QPainterPath,
    QPainterPathStroker,
    QPen,
    QPolygonF,
    QStaticText,
)
from PySide6.QtWidgets import QGraphicsItem, QStyle, QStyleOptionGraphicsItem, QWidget

from vsm_editor.model import Handoff, Lane, Stage
from vsm_editor.model.geometry import Rect
from vsm_editor.style.captions import caption, caption_box, caption_lines
from vsm_editor.ui import style_bridge as sb
from vsm_editor.ui.drawn import BLOCK_BELOW, TEXT_BELOW, Drawing, Drawn
from vsm_editor.ui.lanes_pinned import paint_pin_shadow, pinned_header_left
from vsm_editor.ui.override_guard import guarded
from vsm_editor.ui.route_clip import Segment, path_segments, visible_pieces, worth_clipping
from vsm_editor.ui.text import draw_line, qt_ascent, static_text
from vsm_editor.ui.theme import blended, colour, font

HALO_WIDTH = 7.0  # a stage's halo (critical path, bottleneck): its pen …
STAGE_HALO_GAP = 4.0  # … and its gap to the box
P = sb.palette
Z = sb.sizes
_NO_PEN = QPen(Qt.PenStyle.NoPen)
_CAPTION_BRUSH = QBrush(QColor(P.HANDOFF_LABEL_BACKGROUND))
_CAPTION_PEN = QPen(QColor(P.TEXT_MUTED))
Options = QStyleOptionGraphicsItem


def level_of_detail(painter: QPainter, option: Options) -> float:
    """The view's scale as seen by this item."""
    return option.levelOfDetailFromTransform(painter.worldTransform())


def _qrect(rect) -> QRectF:
    return QRectF(rect.x, rect.y, rect.width, rect.height)


class LaneItem(QGraphicsItem):
    """A lane: a muted horizontal band with its name in a header on the left."""

    def __init__(self, lane: Lane, top: float, left: float, width: float) -> None:
        super().__init__()
        self.element_id = lane.id
        self.lane = lane
        self.setZValue(-10)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemUsesExtendedStyleOption)
        self._rect = QRectF()
        self.place(top, left, width)

    def place(self, top: float, left: float, width: float) -> None:
        """Put the band at ``top`` spanning ``left`` … ``left + width``."""
        rect = QRectF(left, top, width, self.lane.height)
        if rect != self._rect:
            self.prepareGeometryChange()
            self._rect = rect

    def refresh(self) -> None:
        """The lane's name, colour or height changed."""
        self.place(self._rect.top(), self._rect.left(), self._rect.width())
        self.update()

    def boundingRect(self) -> QRectF:
        return self._rect

    @guarded
    def paint(self, painter: QPainter, option: Options, widget: QWidget | None = None) -> None:
        rect = self._rect
        # bands of big maps run for hundreds of thousands of pixels: fills are cut to the
        # exposed area first (the raster engine is slower at clipping them itself)
        shown = rect.intersected(option.exposedRect.adjusted(-2, -2, 2, 2))
        painter.setPen(_NO_PEN)
        painter.setBrush(colour(sb.band_colour(self.lane.colour)))
        painter.drawRect(shown)
        left = pinned_header_left(widget, rect)  # kept in view while scrolled sideways
        header = QRectF(left, shown.top(), Z.LANE_HEADER_WIDTH, shown.height())
        painter.setBrush(colour(sb.header_colour(self.lane.colour)))
        painter.drawRect(header)
        if left > rect.left():
            paint_pin_shadow(painter, header, sb.band_colour(self.lane.colour))
        painter.setPen(QPen(colour(P.LANE_SEPARATOR), Z.LANE_SEPARATOR_WIDTH))
        painter.drawLine(QPointF(shown.left(), rect.bottom()),
                         QPointF(shown.right(), rect.bottom()))
        if level_of_detail(painter, option) < TEXT_BELOW:
            return
        size = Z.LANE_HEADER_FONT_SIZE
        painter.setFont(font(size, True))
        painter.setPen(colour(P.LANE_HEADER_TEXT))
        step = sb.line_height(size, True)
        baseline = rect.top() + 10 + sb.ascent(size, True)
        for line in sb.wrap(self.lane.name, Z.LANE_HEADER_WIDTH - 20, size, True):
            if baseline > rect.bottom() - 4:
                break
            draw_line(painter, line, header.left() + 10, baseline, size, True)
            baseline += step


class StageItem(QGraphicsItem):
    """A stage: a rounded box with its lane strip, wrapped name, owner, P1–P4 markers and
    improvement burst, laid out by the shared style."""

    # No per-instance dict: a map has thousands of these (~300 bytes each saved).
    __slots__ = ("element_id", "stage", "lane_colour", "linked", "refused", "halo",
                 "data_box", "layout", "_rect", "worst_severity")

    def __init__(self, stage: Stage, x: float, y: float, lane_colour: str | None,
                 linked: tuple[bool, bool, bool, bool] = sb.NO_COVERAGE) -> None:
        super().__init__()
        self.element_id = stage.id
        self.stage = stage
        self.lane_colour = lane_colour
        self.linked: tuple[bool, bool, bool, bool] = linked
        self.refused = False
        self.worst_severity: str | None = None  # the findings overlay's marker
        #: (colour, alpha) of a soft outline around the box (the flow overlay's critical
        #: path and bottleneck), or None. Drawn by the stage, so it moves with it.
        self.halo: tuple[str, int] | None = None
        #: The stage's data box (the flow overlay's), drawn by the stage so it moves with
        #: it; a data-box item per stage cost ~1.4 KB each.
        self.data_box: Drawn | None = None
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable)
        self.setZValue(1)
        self.setPos(x, y)
        self.layout = sb.stage_layout(stage, self.linked)
        self._rect = _qrect(self.layout.rect)

    def refresh(self) -> None:
        """The stage's name, owner, size or improvements changed: lay it out again."""
        self.layout = sb.stage_layout(self.stage, self.linked)
        rect = _qrect(self.layout.rect)
        if rect != self._rect:
            self.prepareGeometryChange()
            self._rect = rect
        self.update()

    def set_lane_colour(self, lane_colour: str | None) -> None:
        if lane_colour != self.lane_colour:
            self.lane_colour = lane_colour
            self.update()

    def set_linked(self, linked: tuple[bool, bool, bool, bool]) -> None:
        """Which of P1–P4 are linked (filled markers)."""
        if linked != self.linked:
            self.linked = linked
            self.refresh()

    def box(self) -> sb.Box:
        """The drawn box in scene coordinates (it may be taller than stored)."""
        pos = self.pos()
        return (pos.x(), pos.y(), self._rect.width(), self._rect.height())

    def handle_rect(self) -> QRectF:
        """The connect handle on the right edge, in item coordinates."""
        return QRectF(self._rect.width() - 7, self._rect.height() / 2 - 7, 14, 14)

    def set_halo(self, halo: tuple[str, int] | None) -> None:
        """Outline the box with ``(colour, alpha)``, or not (None)."""
        if halo == self.halo:
            return
        if (halo is None) != (self.halo is None):
            self.prepareGeometryChange()
        self.halo = halo
        self.update()

    def scene_box(self) -> QRectF:
        """The stage's box in scene coordinates (its bounding rect also holds its halo and
        data box)."""
        return self._rect.translated(self.pos())

    def set_data_box(self, box: Drawing | None, origin: tuple[float, float] = (0.0, 0.0)
                     ) -> None:
        """Show the data box ``box`` (scene coordinates, drawn from ``origin``: the stage's
        place then), or none."""
        if box is None:
            if self.data_box is not None:
                self.prepareGeometryChange()
                self.data_box = None
            return
        if self.data_box is not None and self.data_box.same(box, origin):
            return
        self.prepareGeometryChange()
        self.data_box = Drawn(box, origin)
        self.update()

    def data_box_title_at(self, point: QPointF) -> str | None:
        """The data box's tooltip when ``point`` (item coordinates) is on it."""
        box = self.data_box
        if box is None or not box.bounds().contains(point):
            return None
        return box.drawing.title

    def halo_rect(self) -> QRectF:
        """Where the halo's outline runs, in item coordinates."""
        gap = STAGE_HALO_GAP
        return self._rect.adjusted(-gap, -gap, gap, gap)

    def boundingRect(self) -> QRectF:
        if self.halo is not None:
            reach = STAGE_HALO_GAP + HALO_WIDTH / 2 + 1
            rect = self._rect.adjusted(-max(8.0, reach), -reach, max(8.0, reach), reach)
        else:
            rect = self._rect.adjusted(-8, -3, 8, 3)
        if self.data_box is not None:
            rect = rect.united(self.data_box.bounds())
        return rect

    def shape(self) -> QPainterPath:
        path = QPainterPath()
        path.addRect(self._rect)
        if self.isSelected():
            path.addEllipse(self.handle_rect())
        return path

    @guarded
    def paint(self, painter: QPainter, option: Options, widget: QWidget | None = None) -> None:
        lod = level_of_detail(painter, option)
        self._paint_stage(painter, option, lod)
        if self.data_box is not None:
            self.data_box.paint(painter, lod)

    def _paint_stage(self, painter: QPainter, option: Options, lod: float) -> None:
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        layout = self.layout
        if self.halo is not None:
            # blended over the band it lies on, and drawn opaque: Qt strokes a translucent
            # rounded outline ~15 times slower than an opaque one
            scene, middle = self.scene(), self.pos().y() + self._rect.center().y()
            under = scene.backdrop(middle, middle)[0][2] if hasattr(scene, "backdrop") else None
            painter.setPen(QPen(blended(self.halo[0], self.halo[1], under), HALO_WIDTH))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(self.halo_rect(), 8, 8)
        edge = sb.REFUSED if self.refused else sb.SELECTION if selected else layout.border
        if lod < BLOCK_BELOW:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
            painter.fillRect(self._rect, colour(edge if selected or self.refused
                                                else sb.strip_colour(self.lane_colour)))
            return
        width = 3.0 if selected or self.refused else Z.STAGE_BORDER_WIDTH
        painter.setPen(QPen(colour(edge), width))
        painter.setBrush(colour(layout.fill))
        painter.drawRoundedRect(self._rect, layout.corner_radius, layout.corner_radius)
        painter.fillRect(_qrect(layout.strip), colour(sb.strip_colour(self.lane_colour)))
        self._paint_markers(painter, lod >= TEXT_BELOW)
        if layout.improvement is not None:
            self._paint_improvement(painter)
        if selected:
            painter.setPen(QPen(colour(P.STAGE_FILL), 1.5))
            painter.setBrush(colour(sb.SELECTION))
            painter.drawEllipse(self.handle_rect())
        if lod < TEXT_BELOW:
            return
        painter.setPen(colour(P.TEXT))
        current = None
        for line in layout.name_lines:
            if current != (line.size, line.bold):
                current = (line.size, line.bold)
                painter.setFont(font(line.size, line.bold))
            draw_line(painter, line.text, line.x, line.baseline, line.size, line.bold)
        painter.setPen(colour(P.TEXT_MUTED))
        for line in layout.owner_lines:
            painter.setFont(font(line.size, line.bold))
            draw_line(painter, line.text, line.x, line.baseline, line.size, line.bold)

    def _paint_markers(self, painter: QPainter, labels: bool) -> None:
        if labels:
            painter.setFont(font(Z.MARKER_FONT_SIZE, True))
        shown = getattr(self.scene(), "revealed_layers", 4)  # presentation's layer reveal
        for slot in self.layout.markers:
            if int(slot.layer[1:]) > shown:
                continue
            shape, outline = sb.layer_marker_shape(slot.layer, slot.linked)
            x, y = slot.rect.x, slot.rect.y
            painter.translate(x, y)
            painter.setPen(QPen(colour(shape.stroke or shape.mark_colour), shape.stroke_width))
            painter.setBrush(colour(shape.fill) if shape.fill else Qt.BrushStyle.NoBrush)
            painter.drawPath(outline)
            if labels:
                text = static_text(shape.label, Z.MARKER_FONT_SIZE, True)
                size = text.size()
                painter.setPen(colour(shape.label_colour))
                painter.drawStaticText(
                    QPointF((slot.rect.width - size.width()) / 2,
                            (slot.rect.height - size.height()) / 2), text)
            painter.translate(-x, -y)

    def _paint_improvement(self, painter: QPainter) -> None:
        rect = self.layout.improvement
        shape, outline, mark = sb.improvement_shape(self.layout.improvement_kind)
        painter.translate(rect.x, rect.y)
        painter.setPen(QPen(colour(shape.stroke or shape.mark_colour), shape.stroke_width))
        painter.setBrush(colour(shape.fill or P.STAGE_FILL))
        painter.drawPath(outline)
        if not mark.isEmpty():
            painter.setPen(_NO_PEN)
            painter.setBrush(colour(shape.mark_colour))
            painter.drawPath(mark)
        painter.translate(-rect.x, -rect.y)


@lru_cache(maxsize=4096)
def _caption_placed(text: str) -> tuple[tuple[QStaticText, float, float], ...]:
    """A caption's lines with their places from the top middle of its box (shared by equal
    captions: a paint only draws them)."""
    size, pad = Z.LABEL_FONT_SIZE, Z.LABEL_PADDING
    top = pad / 2 + sb.ascent(size) - qt_ascent(size, False)
    placed = []
    for line in caption_lines(text):
        placed.append((static_text(line, size, False), -sb.measure(line, size) / 2, top))
        top += sb.line_height(size)
    return tuple(placed)


@lru_cache(maxsize=64)
def _handoff_pen(kind: str, selected: bool, round_dots: bool, solid: bool = False) -> QPen:
    """The pen of a handoff of ``kind`` (made once: a paint asks for it per handoff); its
    round dots turned square unless ``round_dots``; ``solid`` for the arrow head. Do not
    change the pen returned: copy it."""
    stroke = sb.handoff_stroke(kind)
    pen = QPen(colour(sb.SELECTION if selected else stroke.colour),
               stroke.width + (1.0 if selected else 0.0))
    if stroke.dash and not solid:
        pen.setDashPattern(list(stroke.dash_in_pen_widths()))
    if stroke.round_caps:
        dotted = stroke.dash and not solid
        pen.setCapStyle(Qt.PenCapStyle.RoundCap if round_dots or not dotted
                        else Qt.PenCapStyle.SquareCap)
    return pen


#: From this zoom on, dotted handoffs get round dots (few dots show, each big enough to see).
ROUND_DOTS_FROM = 3.0


class HandoffItem(QGraphicsItem):
    """A handoff: an orthogonal route with an arrow head, its label and its wait, stroked
    by kind (flow solid, information dashed, rework dotted with round corners)."""

    __slots__ = ("element_id", "handoff", "route", "label_pos", "_geometry", "_segments",
                 "_bounds", "_route_bounds", "_caption_rect", "_placed", "_shape", "_caption",
                 "wait_shown_elsewhere")

    def __init__(self, handoff: Handoff) -> None:
        super().__init__()
        self.element_id = handoff.id
        self.handoff = handoff
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable)
        # paint gets the exposed area, so long dashed routes draw only what shows
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemUsesExtendedStyleOption)
        self.setZValue(0)
        self.route: list[sb.Point] = []
        self.label_pos: sb.Point | None = None
        self._geometry: tuple[QPainterPath, QPolygonF, QPolygonF] | None = None  # made lazily
        self._segments: list[Segment] | None = None  # the path's runs, for clipping
        self._bounds = QRectF()
        self._route_bounds = QRectF()
        self._caption_rect: QRectF | None = None
        #: The route, label point and caption the caption was last placed for (off the
        #: drawings: the flow overlay places it), and that place: a route set back to it
        #: (Escape during a drag) or an edit that leaves the caption as it was keeps it.
        self._placed: tuple[list[sb.Point], sb.Point | None, str, QRectF] | None = None
        self._shape: QPainterPath | None = None
        self._caption: str | None = None
        self.wait_shown_elsewhere = False  # a queue triangle shows it (flow_overlay)

    def set_route(self, route: list[sb.Point], label_pos: sb.Point | None = None) -> None:
        """Show the route through ``route`` (scene coordinates), the caption at ``label_pos``."""
        if route == self.route and label_pos == self.label_pos:
            return
        self.prepareGeometryChange()
        self.route = route
        self.label_pos = label_pos
        self._geometry = None  # the Qt path and polygons are made on first paint
        self._segments = None
        self._shape = None
        if not route:
            self._bounds = self._route_bounds = QRectF()
            return
        xs = [x for x, _ in route]
        ys = [y for _, y in route]
        pad = Z.ARROW_LENGTH + 2  # corners and the arrow head stay inside the points' box
        left, top = min(xs), min(ys)
        self._route_bounds = QRectF(left - pad, top - pad,
                                    max(xs) - left + 2 * pad, max(ys) - top + 2 * pad)
        placed, text = self._placed, self.caption()
        if not text:
            self._caption_rect = None
        elif placed is not None and placed[:3] == (route, label_pos, text):
            self._caption_rect = placed[3]
        else:
            self._caption_rect = self._caption_box()
        self._bounds = self._route_bounds if self._caption_rect is None \
            else self._route_bounds.united(self._caption_rect)

    def set_caption_place(self, box: Rect) -> None:
        """Put the caption in ``box`` (scene coordinates), kept for this route and text."""
        text = self.caption()
        if not text:
            return
        place = QRectF(box.x, box.y, box.width, box.height)
        self._placed = (self.route, self.label_pos, text, place)
        if place == self._caption_rect:
            return
        self.prepareGeometryChange()
        self._caption_rect = place
        self._bounds = self._route_bounds.united(place)
        self.update()

    def caption_place(self) -> QRectF | None:
        """Where the caption is drawn (None without a caption)."""
        return self._caption_rect

    def geometry(self) -> tuple[QPainterPath, QPolygonF, QPolygonF]:
        """The route as a Qt path, its arrow head and its plain polyline (made once)."""
        if self._geometry is None:
            stroke = sb.handoff_stroke(self.handoff.kind)
            self._geometry = (sb.qt_path(stroke.path(self.route)),
                              QPolygonF(sb.points(sb.arrow_head(self.route))),
                              QPolygonF(sb.points(self.route)))
        return self._geometry

    def refresh(self) -> None:
        """Label, wait or kind changed (a caption left as it was keeps its place)."""
        self._caption = None
        route, self.route = self.route, []
        if route:
            self.set_route(route, self.label_pos)
        self.update()

    def caption(self) -> str:
        """Label and wait as one short text under the route's middle."""
        if self._caption is None:
            self._caption = caption(self.handoff, not self.wait_shown_elsewhere)
        return self._caption

    def label_anchor(self) -> QPointF:
        """Where the caption goes: the router's label position, else the middle of the
        longest horizontal segment."""
        if self.label_pos is not None:
            return QPointF(*self.label_pos)
        best, best_len = QPointF(*self.route[0]), -1.0
        for (ax, ay), (bx, by) in zip(self.route, self.route[1:], strict=False):
            if abs(ay - by) < 0.5 and abs(bx - ax) > best_len:
                best, best_len = QPointF((ax + bx) / 2, ay), abs(bx - ax)
        return best

    def boundingRect(self) -> QRectF:
        return self._bounds

    def scene_box(self) -> QRectF:
        """Where the handoff is drawn, caption included (scene coordinates)."""
        return self.sceneBoundingRect()

    def shape(self) -> QPainterPath:
        if self._shape is None:
            stroker = QPainterPathStroker()
            stroker.setWidth(8)
            self._shape = stroker.createStroke(self.geometry()[0])
        return self._shape

    def pen(self, selected: bool) -> QPen:
        """The route's pen (a copy: callers may change it)."""
        return QPen(_handoff_pen(self.handoff.kind, selected, True))

    @guarded
    def paint(self, painter: QPainter, option: Options, widget: QWidget | None = None) -> None:
        if len(self.route) < 2:
            return
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        lod = level_of_detail(painter, option)
        path, head, polyline = self.geometry()
        if lod < BLOCK_BELOW:  # far away: a thin plain line, no dashes, no antialiasing
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
            painter.setPen(QPen(colour(sb.handoff_stroke(self.handoff.kind).colour), 0))
            painter.drawPolyline(polyline)
            return
        # a dotted rework line with round caps costs ~5 µs a dot (9.6 ms for a 1,900 px run);
        # square dots of the same 2 px look alike until zoomed well in
        pen = QPen(_handoff_pen(self.handoff.kind, selected, lod >= ROUND_DOTS_FROM))
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        if worth_clipping(self._bounds, option.exposedRect):
            period = sum(pen.dashPattern()) if pen.style() != Qt.PenStyle.SolidLine else 0.0
            if self._segments is None:
                self._segments = path_segments(path)
            shifted = QPen(pen)
            for piece, before in visible_pieces(self._segments, option.exposedRect):
                if period > 0:  # Qt walks the pattern up to the offset: keep it short
                    shifted.setDashOffset((before / max(pen.widthF(), 0.1)) % period)
                    painter.setPen(shifted)
                painter.drawPath(piece)
        else:
            painter.drawPath(path)
        painter.setPen(QPen(_handoff_pen(self.handoff.kind, selected, True, solid=True)))
        painter.drawPolyline(head)
        text = self.caption()
        if text and lod >= TEXT_BELOW:
            self._paint_caption(painter, text)

    def caption_lines(self) -> tuple[str, ...]:
        """The caption wrapped to at most three lines (the rest shown as an ellipsis)."""
        return caption_lines(self.caption())

    def _caption_box(self) -> QRectF:
        """The caption's first place (see :func:`vsm_editor.style.captions.caption_box`)."""
        anchor = self.label_anchor()
        box = caption_box(self.route, (anchor.x(), anchor.y()), self.caption_lines())
        return QRectF(box.x, box.y, box.width, box.height)

    def _paint_caption(self, painter: QPainter, text: str) -> None:
        size = Z.LABEL_FONT_SIZE
        box = self._caption_rect or self._caption_box()
        painter.setPen(_NO_PEN)
        painter.setBrush(_CAPTION_BRUSH)
        painter.drawRect(box)
        painter.setFont(font(size))
        painter.setPen(_CAPTION_PEN)
        left, top = box.center().x(), box.top()
        for text_line, dx, dy in _caption_placed(text):
            painter.drawStaticText(QPointF(left + dx, top + dy), text_line)
