"""Where the SVG export puts everything around the stages, computed without building SVG.

The SVG export (:func:`vsm_editor.exporters.svg.render_scene`) places the handoff captions,
sizes the lane bands, stacks the title block above and the legend below the map and frames
it all with a margin while it writes elements. This module repeats those placements with the
exporter's own helpers and constants, as plain numbers a painter can draw from, so a PNG or
PDF frames, captions and blocks the map exactly as its SVG does (the raster tests compare
both, view box, blocks and captions, on every template).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from vsm_editor.exporters.options import PAGE_MM, ExportOptions
from vsm_editor.exporters.svg import LANE_OVERHANG, MIN_WIDTH, PAGE_MARGIN
from vsm_editor.exporters.svg_blocks import BLOCK_GAP, COLUMN_GAP, SWATCH_GAP, title_lines
from vsm_editor.exporters.svg_map import PlacedCaption, place_captions
from vsm_editor.exporters.svg_scene import Bounds, Scene
from vsm_editor.model.entities import Handoff
from vsm_editor.model.geometry import Rect
from vsm_editor.style import palette, sizes
from vsm_editor.style.figure import Figure
from vsm_editor.style.layout import TextLine
from vsm_editor.style.legend import LegendEntry, legend_entries
from vsm_editor.style.routing import Route
from vsm_editor.style.text import ascent, descent, line_height, measure, wrap_text

#: A handoff's caption: its white patch and its lines (centred in the patch).
Caption = PlacedCaption


@dataclass(frozen=True)
class Label:
    """A line of block text, left-aligned at ``line.x``, in ``colour``."""

    line: TextLine
    colour: str


@dataclass(frozen=True)
class Swatch:
    """A legend symbol: ``entry``'s symbol in the swatch area from ``x``, centred on ``middle``."""

    entry: LegendEntry
    x: float
    middle: float


@dataclass
class Legend:
    """The legend block: its framed box, headings and labels, and symbols."""

    box: Rect
    labels: list[Label] = field(default_factory=list)
    swatches: list[Swatch] = field(default_factory=list)


@dataclass
class Frame:
    """A scene with everything placed: ``view`` is the drawing's box in map units (the SVG's
    view box), ``lanes`` the bands' left and right, ``title`` the title block's lines; the
    flow drawings (data boxes under the handoffs, queue triangles over them, supplier and
    customer markers over the stages, the timeline ladder) as the SVG has them."""

    scene: Scene
    view: Rect
    lanes: tuple[float, float] | None
    captions: list[Caption]
    title: list[Label]
    legend: Legend | None
    data_boxes: list[Figure] = field(default_factory=list)
    queues: list[Figure] = field(default_factory=list)
    ends: list[Figure] = field(default_factory=list)
    ladder: Figure | None = None


def drawn_routes(scene: Scene) -> list[tuple[Handoff, Route]]:
    """The handoffs that are drawn, with their routes, in drawing order."""
    result = []
    for handoff in scene.drawn.handoffs:
        route = scene.routes.get(handoff.id)
        if route is not None and len(route.points) >= 2:
            result.append((handoff, route))
    return result


def title_block(scene: Scene, today: date, x: float, y: float,
                width: float) -> tuple[list[Label], float, float]:
    """The title block's lines with its top-left corner at (x, y); with its width and height."""
    name, facts, summary = title_lines(scene.anatomy, scene.report, today)
    labels: list[Label] = []
    top, widest = y, 0.0
    for text, size, bold, colour, gap in (
        (name, sizes.TITLE_FONT_SIZE, True, palette.TEXT, 6.0),
        (facts, sizes.SUBTITLE_FONT_SIZE, False, palette.TEXT_MUTED, 2.0),
        (summary, sizes.SUBTITLE_FONT_SIZE, False, palette.TEXT_MUTED, 2.0),
    ):
        wrapped = wrap_text(text, width, size, bold=bold)
        step, first = line_height(size, bold), top + ascent(size, bold)
        for i, line in enumerate(wrapped.lines):
            width_of = measure(line, size, bold)
            labels.append(Label(TextLine(line, x, first + i * step, width_of, size, bold), colour))
            widest = max(widest, width_of)
        top += len(wrapped.lines) * step + gap
    return labels, widest, top - y


def legend_block(x: float, y: float, max_width: float) -> Legend:
    """The legend with its top-left corner at (x, y): one column per group, the columns
    wrapping at ``max_width`` (as the SVG's)."""
    size, pad, row = sizes.LEGEND_FONT_SIZE, sizes.LEGEND_PADDING, sizes.LEGEND_ROW_HEIGHT
    heading_height = line_height(size, True) + 4
    label_x = sizes.LEGEND_SWATCH_WIDTH + SWATCH_GAP
    baseline_shift = (ascent(size) - descent(size)) / 2
    groups: dict[str, list[LegendEntry]] = {}
    for entry in legend_entries():
        groups.setdefault(entry.group, []).append(entry)
    legend = Legend(Rect(x, y, 0.0, 0.0))
    column_x, column_y = x + pad, y + pad
    row_height = widest = 0.0
    for heading, rows in groups.items():
        width = max(measure(heading, size, True),
                    *(label_x + measure(entry.label, size) for entry in rows))
        if column_x > x + pad and column_x + width > x + max_width - pad:
            column_x, column_y = x + pad, column_y + row_height + pad
            row_height = 0.0
        legend.labels.append(Label(TextLine(
            heading, column_x, column_y + ascent(size, True), measure(heading, size, True),
            size, True), palette.TEXT))
        for i, entry in enumerate(rows):
            middle = column_y + heading_height + i * row + row / 2
            legend.swatches.append(Swatch(entry, column_x, middle))
            legend.labels.append(Label(TextLine(
                entry.label, column_x + label_x, middle + baseline_shift,
                measure(entry.label, size), size), palette.TEXT))
        row_height = max(row_height, heading_height + len(rows) * row)
        widest = max(widest, column_x + width - x)
        column_x += width + COLUMN_GAP
    legend.box = Rect(x, y, widest + pad, column_y + row_height + pad - y)
    return legend


def _lane_extent(scene: Scene, bounds: Bounds) -> tuple[float, float] | None:
    lanes = scene.drawn.lanes
    if not lanes:
        return None
    content_left = min(0.0, bounds.left) if not bounds.empty else 0.0
    content_right = bounds.right if not bounds.empty else MIN_WIDTH
    left = content_left - LANE_OVERHANG - sizes.LANE_HEADER_WIDTH
    right = max(content_right + LANE_OVERHANG, left + MIN_WIDTH)
    tops = scene.lane_tops
    bounds.add(left, min(tops[lane.id] for lane in lanes), right, tops[None])
    return left, right


def paper_view(view: Rect, page: str, landscape: bool) -> Rect:
    """``view`` widened or heightened (centred) to a paper page's shape, as the SVG does."""
    if page not in PAGE_MM:
        return view
    page_w, page_h = PAGE_MM[page]
    if landscape:
        page_w, page_h = page_h, page_w
    x, y, width, height = view.x, view.y, view.width, view.height
    if width / height > page_w / page_h:
        extra = width * page_h / page_w - height
        y, height = y - extra / 2, height + extra
    else:
        extra = height * page_w / page_h - width
        x, width = x - extra / 2, width + extra
    return Rect(x, y, width, height)


def frame_scene(scene: Scene, options: ExportOptions, today: date,
                paper: bool = False) -> Frame:
    """Place the captions, lanes, title block and legend of ``scene`` as its SVG does.

    With ``paper`` the view is shaped like ``options.page`` (the SVG's ``--page`` view box,
    used by the PNG); the PDF lays its pages out itself and leaves it off.
    """
    bounds = Bounds()
    flow = scene.flow_layer
    data_boxes = [box.figure for box in flow.data_boxes]
    queues = [symbol.figure for symbol in flow.queues]
    for figure in data_boxes:
        bounds.add_rect(figure.bounds)
    for _, route in drawn_routes(scene):
        for x, y in route.points:
            bounds.add(x - sizes.ARROW_LENGTH, y - sizes.ARROW_LENGTH,
                       x + sizes.ARROW_LENGTH, y + sizes.ARROW_LENGTH)
    for figure in queues:
        bounds.add_rect(figure.bounds)
    captions = place_captions(scene, bounds)
    for layout in scene.layouts.values():
        bounds.add_rect(layout.rect)
    for figure in flow.ends:
        bounds.add_rect(figure.bounds)
    ladder = scene.ladder_under(bounds)
    if ladder is not None:
        bounds.add_rect(ladder.rect)
    lanes = _lane_extent(scene, bounds)
    if bounds.empty:
        bounds.add(0.0, 0.0, MIN_WIDTH, 120.0)
    width = max(bounds.width, MIN_WIDTH)
    left, top, right, bottom = bounds.left, bounds.top, bounds.left + width, bounds.bottom
    title: list[Label] = []
    if options.title:
        title, block_width, block_height = title_block(scene, today, 0.0, 0.0, width)
        top -= block_height + BLOCK_GAP
        title = [Label(_moved(label.line, left, top), label.colour) for label in title]
        right = max(right, left + block_width)
    legend = None
    if options.legend:
        bottom += BLOCK_GAP
        legend = legend_block(left, bottom, width)
        bottom += legend.box.height
        right = max(right, left + legend.box.width)
    view = Rect(left - PAGE_MARGIN, top - PAGE_MARGIN, right - left + 2 * PAGE_MARGIN,
                bottom - top + 2 * PAGE_MARGIN)
    if paper:
        view = paper_view(view, options.page, options.landscape)
    return Frame(scene, view, lanes, captions, title, legend, data_boxes, queues,
                 list(flow.ends), ladder.figure if ladder is not None else None)


def _moved(line: TextLine, dx: float, dy: float) -> TextLine:
    return TextLine(line.text, line.x + dx, line.baseline + dy, line.width, line.size, line.bold)
