"""The SVG export's title block (stream name, export date, file revision, author, analysis
summary) and legend (the rows of :func:`vsm_editor.style.legend.legend_entries`)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from vsm_editor.exporters.svg_shapes import (
    MarkerDefs,
    Out,
    num,
    polyline_points,
    text_content,
    use,
    wrapped_text,
)

from vsm_editor.analysis import Report
from vsm_editor.model.entities import AnatomyMap
from vsm_editor.style import palette, sizes
from vsm_editor.style.layout import TextLine
from vsm_editor.style.legend import LegendEntry, legend_entries
from vsm_editor.style.paths import svg_path_data
from vsm_editor.style.strokes import arrow_head, handoff_stroke
from vsm_editor.style.text import ascent, descent, line_height, measure, wrap_text

UNTITLED = "Untitled value stream"
#: Space between the title block or legend and the map.
BLOCK_GAP = 24.0
#: Space between legend columns.
COLUMN_GAP = 28.0
#: Space between a legend swatch and its label.
SWATCH_GAP = 8.0


@dataclass(frozen=True)
class Block:
    """A drawn block's size (it was drawn with its top-left corner where asked)."""

    width: float
    height: float


def _left_lines(text: str, x: float, top: float, width: float, size: float,
                bold: bool = False) -> tuple[list[TextLine], list[str]]:
    """``text`` wrapped to ``width`` as left-aligned lines starting at ``top``."""
    wrapped = wrap_text(text, width, size, bold=bold)
    step = line_height(size, bold)
    first = top + ascent(size, bold)
    lines = [
        TextLine(line, x, first + i * step, measure(line, size, bold), size, bold)
        for i, line in enumerate(wrapped.lines)
    ]
    return lines, wrapped.breaks


def title_lines(anatomy: AnatomyMap, report: Report, today: date) -> tuple[str, str, str]:
    """The title block's three texts: the stream's name, the export facts, the analysis."""
    stream = anatomy.stream
    facts = f"Exported {today.isoformat()} · Revision {stream.revision}"
    if stream.author.strip():
        facts += f" · Author: {stream.author}"
    return stream.name if stream.name.strip() else UNTITLED, facts, report.summary_line()


def draw_title_block(out: Out, anatomy: AnatomyMap, report: Report, today: date, x: float,
                     y: float, width: float) -> Block:
    """The title block at (x, y), its texts wrapped to ``width`` (never cut)."""
    out.append('<g class="title-block" text-anchor="start">')
    name, facts, summary = title_lines(anatomy, report, today)
    top = y
    widest = 0.0
    for text, size, bold, colour, role in (
        (name, sizes.TITLE_FONT_SIZE, True, palette.TEXT, "title"),
        (facts, sizes.SUBTITLE_FONT_SIZE, False, palette.TEXT_MUTED, "facts"),
        (summary, sizes.SUBTITLE_FONT_SIZE, False, palette.TEXT_MUTED, "summary"),
    ):
        lines, breaks = _left_lines(text, x, top, width, size, bold)
        attrs = f' class="{role}" fill="{colour}"' + (' font-weight="bold"' if bold else "")
        wrapped_text(out, lines, breaks, attrs, anchor="start")
        widest = max([widest, *(line.width for line in lines)])
        top += len(lines) * line_height(size, bold) + (6.0 if role == "title" else 2.0)
    out.append("</g>")
    return Block(widest, top - y)


def _swatch(out: Out, entry: LegendEntry, defs: MarkerDefs, x: float, middle: float) -> None:
    """The symbol of one legend row, centred in the swatch area starting at ``x``."""
    centre = x + sizes.LEGEND_SWATCH_WIDTH / 2
    if entry.kind == "layer":
        size = sizes.LAYER_MARKER_SIZE
        out.append(use(defs.layer(entry.key, entry.linked), centre - size / 2,
                       middle - size / 2))
    elif entry.kind == "severity":
        size = sizes.SEVERITY_MARKER_SIZE
        out.append(use(defs.severity(entry.key), centre - size / 2, middle - size / 2))
    elif entry.kind == "improvement":
        size = sizes.IMPROVEMENT_MARKER_SIZE
        out.append(use(defs.improvement(entry.key), centre - size / 2, middle - size / 2))
    else:
        stroke = handoff_stroke(entry.key)
        points = [(x + 2, middle), (x + sizes.LEGEND_SWATCH_WIDTH - 2, middle)]
        line = f'<path d="{svg_path_data(stroke.path(points))}"'
        if stroke.dash:
            line += f' stroke-dasharray="{stroke.svg_dasharray()}"'
        if stroke.round_caps:
            line += ' stroke-linecap="round"'
        out.append(f'<g fill="none" stroke="{stroke.colour}" stroke-width="{num(stroke.width)}">'
                   f'{line}/><polyline points="{polyline_points(arrow_head(points))}"/></g>')


def _grouped(entries: list[LegendEntry]) -> list[tuple[str, list[LegendEntry]]]:
    groups: dict[str, list[LegendEntry]] = {}
    for entry in entries:
        groups.setdefault(entry.group, []).append(entry)
    return list(groups.items())


def draw_legend(out: Out, defs: MarkerDefs, x: float, y: float, max_width: float,
                entries: Callable[[], list[LegendEntry]] = legend_entries) -> Block:
    """The legend at (x, y): one column per group, columns wrapping at ``max_width``."""
    size = sizes.LEGEND_FONT_SIZE
    out.append(f'<g class="legend" text-anchor="start" font-size="{num(size)}">')
    frame = len(out)
    out.append("")  # the frame, once its size is known
    pad = sizes.LEGEND_PADDING
    heading_height = line_height(size, True) + 4
    row = sizes.LEGEND_ROW_HEIGHT
    label_x = sizes.LEGEND_SWATCH_WIDTH + SWATCH_GAP
    baseline_shift = (ascent(size) - descent(size)) / 2
    column_x, column_y = x + pad, y + pad
    row_height = 0.0
    widest = 0.0
    for heading, rows in _grouped(entries()):
        width = max(measure(heading, size, True),
                    *(label_x + measure(entry.label, size) for entry in rows))
        height = heading_height + len(rows) * row
        if column_x > x + pad and column_x + width > x + max_width - pad:
            column_x, column_y = x + pad, column_y + row_height + pad
            row_height = 0.0
        out.append(f'<text x="{num(column_x)}" y="{num(column_y + ascent(size, True))}" '
                   f'font-weight="bold" class="legend-heading">{text_content(heading)}</text>')
        for i, entry in enumerate(rows):
            middle = column_y + heading_height + i * row + row / 2
            _swatch(out, entry, defs, column_x, middle)
            out.append(f'<text x="{num(column_x + label_x)}" y="{num(middle + baseline_shift)}">'
                       f"{text_content(entry.label)}</text>")
        row_height = max(row_height, height)
        widest = max(widest, column_x + width - x)
        column_x += width + COLUMN_GAP
    block = Block(widest + pad, column_y + row_height + pad - y)
    out[frame] = (f'<rect x="{num(x)}" y="{num(y)}" width="{num(block.width)}" '
                  f'height="{num(block.height)}" fill="{palette.BACKGROUND}" '
                  f'stroke="{palette.LANE_SEPARATOR}" stroke-width="1"/>')
    out.append("</g>")
    return block
