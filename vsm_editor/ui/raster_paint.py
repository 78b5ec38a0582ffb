"""A QPainter renderer for the SVG export's scene: the map as its SVG draws it, on any paint
device (an image, a PDF page, a printer).

Everything comes from a :class:`~vsm_editor.ui.raster_frame.Frame` (the SVG's scene and
placements) and the shared style: lane bands with headers, handoff routes stroked by kind
with open arrow heads, captions on white patches, stage boxes with their lane strip, P1–P4,
severity and improvement markers, names and owners, the flow drawings (data boxes, queue
triangles, supplier and customer markers, the timeline ladder), the title block and the
legend, in the SVG's order and the document's fixed colours. Text is drawn as text (a PDF keeps it
selectable), in the shipped font at the measured pixel sizes, one call per laid-out line.
Coordinates are map units; the caller sets the painter's transform.
"""

from __future__ import annotations

from functools import cache, lru_cache

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QPainter, QPainterPath, QPen

from vsm_editor.exporters.svg_map import header_colour
from vsm_editor.exporters.svg_shapes import xml_text
from vsm_editor.model.geometry import Rect
from vsm_editor.style import palette, sizes
from vsm_editor.style.figure import Figure
from vsm_editor.style.layout import StageLayout, TextLine
from vsm_editor.style.markers import (
    MarkerShape,
    improvement_marker,
    layer_marker,
    severity_marker,
)
from vsm_editor.style.strokes import HandoffStroke, arrow_head, handoff_stroke
from vsm_editor.style.text import ascent, descent, line_height, measure, wrap
from vsm_editor.ui.raster_fonts import colour, font, text_width
from vsm_editor.ui.raster_frame import Frame, Label, Legend, drawn_routes
from vsm_editor.ui.style_bridge import qt_path

#: How far strokes and markers may reach outside the boxes they belong to (for culling).
_REACH = 4.0
#: Text smaller than this many device pixels is drawn as a grey bar (it cannot be read, and
#: a 1,000-stage map shrunk into a picture has thousands of such lines).
GREEK_PIXELS = 3.0
_GREEK_SHARE = 0.5
_NO_PEN = QPen(Qt.PenStyle.NoPen)


@cache
def _marker(kind: str, key: str, linked: bool = True) -> tuple[MarkerShape, QPainterPath,
                                                               QPainterPath]:
    """A marker with its box's top-left corner at the origin, and its two paths."""
    if kind == "layer":
        shape = layer_marker(key, linked, 0.0, 0.0)
    elif kind == "severity":
        shape = severity_marker(key, 0.0, 0.0)
    else:
        shape = improvement_marker(key, 0.0, 0.0)
    return shape, qt_path(shape.outline), qt_path(shape.mark)


@lru_cache(maxsize=256)
def _pen(colour_value: str, width: float, dash: tuple[float, ...] = (),
         round_caps: bool = False) -> QPen:
    """A pen stroking like SVG's defaults (butt caps, miter joins)."""
    pen = QPen(colour(colour_value), width)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap if round_caps else Qt.PenCapStyle.FlatCap)
    pen.setJoinStyle(Qt.PenJoinStyle.MiterJoin)
    if dash:
        pen.setDashPattern(list(dash))
    return pen


@cache
def _brush(colour_value: str) -> QBrush:
    return QBrush(colour(colour_value))


@cache
def _greek_colour(colour_value: str) -> str:
    return palette.mix(colour_value, palette.BACKGROUND, 0.55)


@lru_cache(maxsize=4096)
def _width(text: str, size: float, bold: bool, laid_out: float) -> float:
    """The drawn width of a line: as laid out when the shipped font has every character
    (ASCII always), else as Qt shapes it with fallback fonts."""
    return laid_out if text.isascii() else text_width(text, size, bold)


@cache
def _route_pens(stroke: HandoffStroke) -> tuple[QPen, QPen]:
    """The pens of a handoff kind: its route (dashed by kind) and its arrow head (solid)."""
    route = _pen(stroke.colour, stroke.width, stroke.dash_in_pen_widths(), stroke.round_caps)
    return route, _pen(stroke.colour, stroke.width)


def _visible(visible: Rect | None, x1: float, y1: float, x2: float, y2: float) -> bool:
    if visible is None:
        return True
    return (x1 - _REACH < visible.right and visible.x < x2 + _REACH
            and y1 - _REACH < visible.bottom and visible.y < y2 + _REACH)


def _rect_visible(visible: Rect | None, rect: Rect) -> bool:
    return _visible(visible, rect.x, rect.y, rect.right, rect.bottom)


class MapPainter:
    """Paints a :class:`Frame` with ``painter``; ``visible`` (map units) skips what lies
    outside it, so each tile of a large map holds only its own part. ``pixels_per_unit``
    (pictures only) lets text too small to read be drawn as grey bars and markers as plain
    squares; vector output leaves it None and gets every glyph, with ``ligatures`` off so
    that its text copies as plain letters."""

    def __init__(self, painter: QPainter, frame: Frame, visible: Rect | None = None,
                 pixels_per_unit: float | None = None) -> None:
        self.painter = painter
        self.ligatures = pixels_per_unit is not None
        self.frame = frame
        self.visible = visible
        self.greek_below = (GREEK_PIXELS / pixels_per_unit if pixels_per_unit else 0.0)
        self._font_key: tuple[float, bool] | None = None
        self._text_colour: str | None = None

    # ------------------------------------------------------------ the whole map
    def paint(self) -> None:
        """Background, lanes, data boxes, handoffs, queue symbols, captions, stages,
        supplier and customer markers, the ladder, title block and legend."""
        painter = self.painter
        painter.setRenderHints(QPainter.RenderHint.Antialiasing
                               | QPainter.RenderHint.TextAntialiasing)
        view = self.frame.view
        painter.fillRect(QRectF(view.x, view.y, view.width, view.height),
                         colour(palette.BACKGROUND))
        frame = self.frame
        self._lanes()
        self._figures(frame.data_boxes)
        self._handoffs()
        self._figures(frame.queues)
        self._captions()
        self._stages()
        self._figures(frame.ends)
        if frame.ladder is not None:
            self._figures([frame.ladder])
        for label in self.frame.title:
            self._label(label)
        if self.frame.legend is not None:
            self._legend(self.frame.legend)

    # ------------------------------------------------------------ text
    def _text(self, text: str, x: float, baseline: float, size: float, bold: bool,
              colour_value: str, width: float | None = None) -> None:
        painter = self.painter
        if size < self.greek_below:
            if width is None:
                width = measure(text, size, bold)
            painter.fillRect(QRectF(x, baseline - size * 0.6, width, size * _GREEK_SHARE),
                             colour(_greek_colour(colour_value)))
            return
        if self._font_key != (size, bold):
            painter.setFont(font(size, bold, self.ligatures))
            self._font_key = (size, bold)
        if self._text_colour != colour_value:
            painter.setPen(colour(colour_value))
            self._text_colour = colour_value
        painter.drawText(QPointF(x, baseline), text)

    def _line_visible(self, line: TextLine) -> bool:
        return _visible(self.visible, line.x, line.top, line.x + line.width, line.bottom)

    def _centred(self, line: TextLine, colour_value: str) -> None:
        """A line centred where it was laid out (Qt's width, so fallback glyphs stay centred)."""
        if self._line_visible(line):
            text = xml_text(line.text)
            width = _width(text, line.size, line.bold, line.width)
            self._text(text, line.center_x - width / 2, line.baseline, line.size, line.bold,
                       colour_value, width)

    def _label(self, label: Label) -> None:
        line = label.line
        if self._line_visible(line):
            self._text(xml_text(line.text), line.x, line.baseline, line.size, line.bold,
                       label.colour, line.width)

    def _shapes_state(self) -> None:
        """Forget the text pen: a shape is about to change the painter's pen."""
        self._text_colour = None

    # ------------------------------------------------------------ lanes
    def _lanes(self) -> None:
        if self.frame.lanes is None:
            return
        left, right = self.frame.lanes
        painter = self.painter
        tops = self.frame.scene.lane_tops
        size = sizes.LANE_HEADER_FONT_SIZE
        step = line_height(size, True)
        separator = _pen(palette.LANE_SEPARATOR, sizes.LANE_SEPARATOR_WIDTH)
        for lane in self.frame.scene.drawn.lanes:
            top = tops[lane.id]
            height = max(0.0, lane.height)
            if not _visible(self.visible, left, top, right, top + height):
                continue
            self._shapes_state()
            painter.fillRect(QRectF(left, top, right - left, height),
                             colour(palette.band_colour(lane.colour)))
            painter.fillRect(QRectF(left, top, sizes.LANE_HEADER_WIDTH, height),
                             colour(header_colour(lane.colour)))
            painter.setPen(separator)
            painter.drawLine(QPointF(left, top + height), QPointF(right, top + height))
            baseline = top + 10 + ascent(size, True)
            for line in wrap(lane.name, sizes.LANE_HEADER_WIDTH - 20, size, bold=True):
                if baseline > top + height - 4:
                    break
                if _visible(self.visible, left, baseline - step, left + sizes.LANE_HEADER_WIDTH,
                            baseline):
                    self._text(xml_text(line), left + 10, baseline, size, True,
                               palette.LANE_HEADER_TEXT)
                baseline += step

    # ------------------------------------------------------------ handoffs
    def _handoffs(self) -> None:
        painter = self.painter
        painter.setBrush(Qt.BrushStyle.NoBrush)
        self._shapes_state()
        for handoff, route in drawn_routes(self.frame.scene):
            points = route.points
            xs = [x for x, _ in points]
            ys = [y for _, y in points]
            reach = sizes.ARROW_LENGTH
            if not _visible(self.visible, min(xs) - reach, min(ys) - reach, max(xs) + reach,
                            max(ys) + reach):
                continue
            stroke = handoff_stroke(handoff.kind)
            route_pen, head_pen = _route_pens(stroke)
            painter.setPen(route_pen)
            painter.drawPath(qt_path(stroke.path(points)))
            painter.setPen(head_pen)
            painter.drawPolyline([QPointF(x, y) for x, y in arrow_head(points)])

    def _captions(self) -> None:
        painter = self.painter
        size = sizes.LABEL_FONT_SIZE
        step = line_height(size)
        background = colour(palette.HANDOFF_LABEL_BACKGROUND)
        for placed in self.frame.captions:
            box = placed.box
            if not _rect_visible(self.visible, box):
                continue
            painter.fillRect(QRectF(box.x, box.y, box.width, box.height), background)
            first = box.y + sizes.LABEL_PADDING / 2 + ascent(size)
            centre = box.x + box.width / 2
            for i, line in enumerate(placed.lines):
                text = xml_text(line)
                width = _width(text, size, False, measure(text, size))
                self._text(text, centre - width / 2, first + i * step, size, False,
                           palette.TEXT_MUTED, width)

    # ------------------------------------------------------------ stages
    def _stages(self) -> None:
        scene = self.frame.scene
        for stage in scene.drawn.stages:
            layout = scene.layouts[stage.id]
            if _rect_visible(self.visible, layout.rect):
                self._stage(layout, scene.worst_severity(stage.id))

    def _stage(self, layout: StageLayout, severity: str | None) -> None:
        painter = self.painter
        self._shapes_state()
        rect = layout.rect
        painter.setPen(_pen(layout.border, sizes.STAGE_BORDER_WIDTH))
        painter.setBrush(_brush(layout.fill))
        painter.drawRoundedRect(QRectF(rect.x, rect.y, rect.width, rect.height),
                                layout.corner_radius, layout.corner_radius)
        strip = layout.strip
        painter.fillRect(QRectF(strip.x, strip.y, strip.width, strip.height),
                         colour(layout.strip_colour))
        for slot in layout.markers:
            self._marker("layer", slot.layer, slot.rect.x, slot.rect.y, slot.linked)
        if severity:
            self._marker("severity", severity, layout.severity_slot.x, layout.severity_slot.y)
        if layout.improvement is not None:
            self._marker("improvement", layout.improvement_kind, layout.improvement.x,
                         layout.improvement.y)
        for line in layout.name_lines:
            self._centred(line, palette.TEXT)
        for line in layout.owner_lines:
            self._centred(line, palette.TEXT_MUTED)

    def _marker(self, kind: str, key: str, x: float, y: float, linked: bool = True) -> None:
        """A marker symbol with its box's top-left corner at (x, y)."""
        shape, outline, mark = _marker(kind, key, linked)
        painter = self.painter
        self._shapes_state()
        if self.greek_below > sizes.MARKER_FONT_SIZE:  # too small for its symbol: a square
            box = outline.boundingRect().translated(x, y)
            painter.fillRect(box, colour(shape.fill if linked and shape.fill else
                                         _greek_colour(shape.stroke or palette.TEXT)))
            return
        painter.translate(x, y)
        painter.setBrush(_brush(shape.fill) if shape.fill else Qt.BrushStyle.NoBrush)
        painter.setPen(_pen(shape.stroke, shape.stroke_width) if shape.stroke else _NO_PEN)
        painter.drawPath(outline)
        if shape.mark:
            painter.setPen(_NO_PEN)
            painter.setBrush(_brush(shape.mark_colour))
            painter.drawPath(mark)
        painter.translate(-x, -y)
        if shape.label:
            size = shape.label_size
            half = sizes.LAYER_MARKER_SIZE / 2
            baseline = y + half + (ascent(size, True) - descent(size, True)) / 2
            width = _width(shape.label, size, True, measure(shape.label, size, True))
            self._text(shape.label, x + half - width / 2, baseline, size, True,
                       shape.label_colour, width)

    # ------------------------------------------------------------ flow drawings
    def _figures(self, figures: list[Figure]) -> None:
        """Flow drawings (data boxes, Lean symbols, the ladder): shapes, then labels."""
        for figure in figures:
            self.figure(figure)

    def figure(self, figure: Figure, paths: list[QPainterPath] | None = None) -> None:
        """One flow drawing; ``paths``, when given, are its shapes' paths made beforehand
        (a canvas item that paints the same figure again and again keeps them)."""
        painter = self.painter
        if not _rect_visible(self.visible, figure.bounds):
            return
        self._shapes_state()
        for number, shape in enumerate(figure.shapes):
            painter.setBrush(_brush(shape.fill) if shape.fill else Qt.BrushStyle.NoBrush)
            painter.setPen(_pen(shape.stroke, shape.width) if shape.stroke else _NO_PEN)
            painter.drawPath(paths[number] if paths is not None else qt_path(shape.path))
        for item in figure.labels:
            if item.anchor == "middle":
                self._centred(item.line, item.colour)
            else:
                self._label(Label(item.line, item.colour))

    # ------------------------------------------------------------ legend
    def _legend(self, legend: Legend) -> None:
        painter = self.painter
        box = legend.box
        if not _rect_visible(self.visible, box):
            return
        self._shapes_state()
        painter.setPen(_pen(palette.LANE_SEPARATOR, 1.0))
        painter.setBrush(QBrush(colour(palette.BACKGROUND)))
        painter.drawRect(QRectF(box.x, box.y, box.width, box.height))
        for swatch in legend.swatches:
            entry = swatch.entry
            centre = swatch.x + sizes.LEGEND_SWATCH_WIDTH / 2
            if entry.kind == "handoff":
                self._handoff_swatch(entry.key, swatch.x, swatch.middle)
                continue
            size = {"layer": sizes.LAYER_MARKER_SIZE, "severity": sizes.SEVERITY_MARKER_SIZE,
                    "improvement": sizes.IMPROVEMENT_MARKER_SIZE}[entry.kind]
            self._marker(entry.kind, entry.key, centre - size / 2, swatch.middle - size / 2,
                         entry.linked)
        for label in legend.labels:
            self._label(label)

    def _handoff_swatch(self, kind: str, x: float, middle: float) -> None:
        painter = self.painter
        self._shapes_state()
        stroke = handoff_stroke(kind)
        points = [(x + 2, middle), (x + sizes.LEGEND_SWATCH_WIDTH - 2, middle)]
        route_pen, head_pen = _route_pens(stroke)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(route_pen)
        painter.drawPath(qt_path(stroke.path(points)))
        painter.setPen(head_pen)
        painter.drawPolyline([QPointF(px, py) for px, py in arrow_head(points)])


def paint_frame(painter: QPainter, frame: Frame, visible: Rect | None = None,
                pixels_per_unit: float | None = None) -> None:
    """Paint ``frame`` in map units with ``painter`` (see :class:`MapPainter`)."""
    MapPainter(painter, frame, visible, pixels_per_unit).paint()
