"""The map itself as SVG text: lane bands with their headers, handoff routes with arrow
heads and captions (label and wait), stage boxes with their markers, name and owner, and the
flow drawings (data boxes, queue triangles, stream ends, the ladder), drawn the way the canvas
draws them (:mod:`vsm_editor.ui.items`), from the shared style only. Each ``draw_*`` appends
to an :data:`~vsm_editor.exporters.svg_shapes.Out` list.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from vsm_editor.exporters.svg_scene import Bounds, Scene
from vsm_editor.exporters.svg_shapes import (
    HREF,
    PRESERVE,
    MarkerDefs,
    Out,
    attr_value,
    figure_shapes,
    label_texts,
    num,
    route_data,
    text_content,
    title,
    use,
    wrapped_text,
)

from vsm_editor.model.entities import Lane, Stage
from vsm_editor.model.geometry import Rect
from vsm_editor.style import palette, sizes
from vsm_editor.style.captions import caption, caption_lines, place_caption
from vsm_editor.style.databox import (
    VALUE_SIZE,
    DataBox,
    column_middles,
    data_box_template,
    value_baseline,
)
from vsm_editor.style.figure import Figure, Label, RectIndex
from vsm_editor.style.layout import StageLayout, TextLine
from vsm_editor.style.lean_symbols import QueueSymbol, queue_template, wait_lines
from vsm_editor.style.strokes import HandoffStroke, handoff_stroke
from vsm_editor.style.text import ascent, line_height, measure, wrap

SEVERITY_WORDS = {"error": "Error", "warning": "Warning", "info": "Info"}


def header_colour(lane_colour: str | None) -> str:
    """A lane header: its band, a little darker (as on the canvas)."""
    return palette.mix(palette.band_colour(lane_colour), palette.TEXT, 0.08)


# ---------------------------------------------------------------- lanes
def draw_lane(out: Out, lane: Lane, top: float, left: float, right: float) -> None:
    """A lane band across ``left``…``right`` with its name in the header at the left.

    As on the canvas, header lines that would run past the band's bottom are not drawn;
    the full name stays in the lane's ``<title>``.
    """
    height = max(0.0, lane.height)
    out.append(
        f'<g id="{attr_value(lane.id)}" class="lane">{title(lane.name)}'
        f'<rect x="{num(left)}" y="{num(top)}" width="{num(right - left)}" '
        f'height="{num(height)}" fill="{palette.band_colour(lane.colour)}"/>'
        f'<rect x="{num(left)}" y="{num(top)}" width="{num(sizes.LANE_HEADER_WIDTH)}" '
        f'height="{num(height)}" fill="{header_colour(lane.colour)}"/>'
        f'<line x1="{num(left)}" y1="{num(top + height)}" x2="{num(right)}" '
        f'y2="{num(top + height)}" stroke="{palette.LANE_SEPARATOR}" '
        f'stroke-width="{num(sizes.LANE_SEPARATOR_WIDTH)}"/>'
    )
    size = sizes.LANE_HEADER_FONT_SIZE
    step = line_height(size, True)
    baseline = top + 10 + ascent(size, True)
    lines = []
    for line in wrap(lane.name, sizes.LANE_HEADER_WIDTH - 20, size, bold=True):
        if baseline > top + height - 4:
            break
        lines.append(TextLine(line + " ", left + 10, baseline, 0.0, size, True))
        baseline += step
    if lines:
        last = lines[-1]
        lines[-1] = TextLine(last.text[:-1], last.x, last.baseline, 0.0, size, True)
        wrapped_text(out, lines, (), f' class="lane-name" font-weight="bold" '
                     f'fill="{palette.LANE_HEADER_TEXT}"', anchor="start")
    out.append("</g>\n")


# ---------------------------------------------------------------- handoffs
@dataclass(frozen=True)
class PlacedCaption:
    """A caption's white patch and its lines (centred in the patch)."""

    handoff_id: str
    box: Rect
    lines: tuple[str, ...]


def place_captions(scene: Scene, bounds: Bounds) -> list[PlacedCaption]:
    """Every caption placed: first the waits of the queue symbols at their fixed places
    (except those a data box shows, see
    :func:`~vsm_editor.exporters.svg_scene.waits_in_data_boxes`),
    then each handoff's caption (without a wait a queue shows) off the stage boxes, the flow
    drawings and the other captions (see :func:`caption_candidates`). Grows ``bounds``."""
    layer = scene.flow_layer
    obstacles = layer.caption_obstacles(scene.rects)  # boxes, drawings, waits
    taken = RectIndex()  # the captions placed so far
    placed = []
    for symbol in layer.queues:
        box = symbol.wait_box
        if box is None:
            continue  # the data box of the stage it leads to shows this wait
        bounds.add(box.x, box.y, box.x + box.width, box.y + box.height)
        placed.append(PlacedCaption(symbol.handoff_id, box, wait_lines(symbol.wait_text)))
    queued = layer.queued
    for handoff in scene.drawn.handoffs:
        route = scene.routes.get(handoff.id)
        if route is None or len(route.points) < 2:
            continue
        text = caption(handoff, handoff.id not in queued)
        if not text:
            continue
        lines = caption_lines(text)
        box = place_caption(route.points, route.label_pos, lines, *obstacles, taken)
        taken.add(handoff.id, box)
        bounds.add_rect(box)
        placed.append(PlacedCaption(handoff.id, box, lines))
    return placed


def draw_placed_captions(patches: Out, texts: Out, captions: list[PlacedCaption]) -> None:
    """Placed captions: each one's white patch into ``patches`` and its centred lines into
    ``texts`` (drawn after every patch; the layers give the patch's fill, the text's size,
    colour and anchor and ``xml:space="preserve"``)."""
    size = sizes.LABEL_FONT_SIZE
    step = num(line_height(size))
    padding, rise = sizes.LABEL_PADDING / 2, ascent(size)  # added in this order
    half_space = measure(" ", size) / 2  # lines end with the space they were wrapped at
    for placed in captions:
        box = placed.box
        patches.append(f'<rect x="{num(box.x)}" y="{num(box.y)}" width="{num(box.width)}" '
                       f'height="{num(box.height)}"/>')
        lines = placed.lines
        if not lines:
            texts.append("<text/>")
            continue
        centre = box.x + box.width / 2
        last = len(lines) - 1
        if not last:  # one line, the usual
            texts.append(f'<text y="{num(box.y + padding + rise)}" x="{num(centre)}">'
                         f"{text_content(lines[0])}</text>")
            continue
        parts = [f'<text y="{num(box.y + padding + rise)}" x="{num(centre + half_space)}">'
                 f"{text_content(lines[0] + ' ')}"]
        for i in range(1, last + 1):
            line = lines[i] + " " if i < last else lines[i]
            parts.append(f'<tspan x="{num(centre + half_space if i < last else centre)}" '
                         f'dy="{step}">{text_content(line)}</tspan>')
        parts.append("</text>")
        texts.append("".join(parts))


def _common_label_style(figure: Figure) -> tuple[float, str, str, bool] | None:
    """The size, colour, anchor and weight most of the figure's labels share (None for a
    figure of few labels: not worth an attribute on the group)."""
    labels = figure.labels
    if len(labels) < 4:
        return None
    sample = labels[::max(1, len(labels) // 256)]  # a long ladder: its rungs decide
    counts = Counter((item.line.size, item.colour, item.anchor, item.line.bold)
                     for item in sample)
    return counts.most_common(1)[0][0]


def draw_figure(out: Out, figure: Figure) -> None:
    """A flow drawing as ``<g class="{kind}">`` with a ``<title>``, its shapes as paths and
    its labels as texts (each with its role as class; the style most labels share is given
    once, by the group). Labels of one role on one baseline, when many (the ladder's
    rungs), are written as a ``<g class="{role}">`` moved to the baseline holding a
    ``<text>`` per label."""
    head = f'<g class="{figure.kind}"'
    if figure.element is not None:
        head += f' data-element="{attr_value(figure.element)}"'
    style = _common_label_style(figure)
    if style is not None:
        size, colour, anchor, bold = style
        head += f' font-size="{num(size)}" fill="{colour}" text-anchor="{anchor}"'
        if bold:
            head += ' font-weight="bold"'
    out.append(head + ">")
    if figure.title:
        out.append(title(figure.title))
    out.extend(figure_shapes(figure))
    rows: dict[tuple[str, float], list[Label]] = {}
    for item in figure.labels:
        rows.setdefault((item.role, item.line.baseline), []).append(item)
    singles = [item for (role, _), items in rows.items()
               if not role or len(items) < ROW_MIN_LABELS for item in items]
    out.extend(label_texts(singles, style))
    for (role, baseline), items in rows.items():
        if role and len(items) >= ROW_MIN_LABELS:
            out.append(f'<g class="{role}" transform="translate(0 {num(baseline)})">')
            out.extend(label_texts(items, style, on_row=True))
            out.append("</g>")
    out.append("</g>")


#: Labels of one role on one baseline (the ladder's rungs) are grouped from this many on.
ROW_MIN_LABELS = 4


def draw_data_boxes(out: Out, boxes: list[DataBox], defs: MarkerDefs, bounds: Bounds
                    ) -> None:
    """Data boxes, each as its frame and headings (a symbol shared by the boxes of its width
    and headings) and its values (one ``<text>``, a ``<tspan>`` per column), inside
    ``<g class="data-box" data-element="{stage}">``; grows ``bounds`` by them. The parent
    layer (:data:`DATA_BOX_LAYER`) gives the values' size, colour and anchor."""
    found_by_key = defs.found
    values = _VALUE_TEXTS
    baseline = value_baseline()
    for box in boxes:
        rect, cells = box.rect, box.cells
        width = rect.width
        key = (width, tuple([heading for heading, _ in cells]))
        found = found_by_key.get(key)
        if found is None:  # the symbol and the columns' middles, once per width and headings
            found = found_by_key[key] = _data_box_symbol(defs, width, key[1])
        href, middles = found
        x, y = rect.x, rect.y
        text = (f'<g class="data-box" data-element="{attr_value(box.stage_id)}">'
                f'<use {HREF}="{href}" x="{num(x)}" y="{num(y)}"/>'
                f'<text y="{num(y + baseline)}">')
        for (_, value), middle in zip(cells, middles, strict=True):
            content = values.get(value)
            if content is None:
                if len(values) > 4096:
                    values.clear()
                content = values[value] = text_content(value)
            text += f'<tspan x="{num(x + middle)}">{content}</tspan>'
        out.append(text + "</text></g>")
    bounds.add_rects([box.rect for box in boxes])


def _data_box_symbol(defs: MarkerDefs, width: float, headings: tuple[str, ...]
                     ) -> tuple[str, list[float]]:
    """The href of the frame and headings of boxes of ``width`` and ``headings``, and
    their columns' middles."""
    return (defs.figure("db", (width, headings), lambda: data_box_template(width, headings)),
            column_middles(Rect(0.0, 0.0, width, 0.0), len(headings)))


#: Data-box values already escaped (a map repeats the same few hundred).
_VALUE_TEXTS: dict[str, str] = {}


#: What a data-box layer sets for the values inside it.
DATA_BOX_LAYER = f' font-size="{num(VALUE_SIZE)}" text-anchor="middle" class="data-boxes"'


def draw_queues(out: Out, symbols: list[QueueSymbol], defs: MarkerDefs, bounds: Bounds
                ) -> None:
    """Queue triangles, each a ``<use class="queue" data-element="{handoff}">`` of a shared
    symbol (its wait is drawn as a caption, or shown by the data box it leads to); grows
    ``bounds`` by them."""
    if not symbols:
        return
    href = defs.figure("q", None, queue_template)
    head = f'<use {HREF}="{href}" x="'
    for symbol in symbols:
        box = symbol.box
        x, y = box.x, box.y
        out.append(f'{head}{num(x)}" y="{num(y)}" class="queue" '
                   f'data-element="{attr_value(symbol.handoff_id)}"/>')
    bounds.add_rects([symbol.box for symbol in symbols])


def draw_handoffs(out: Out, scene: Scene, defs: MarkerDefs, bounds: Bounds) -> None:
    """Every routed handoff: its route stroked by kind as one ``<path>`` with the handoff's
    id and kind as class, ending in the kind's open arrow head (a ``<marker>``, turned along
    the route's last segment; see :meth:`MarkerDefs.arrow`), titled, when the handoff has a
    label, with the whole caption (drawn, maybe shortened, by :func:`draw_placed_captions`; a
    wait alone is drawn whole). The parent layer must say ``fill="none"``, the flow colour
    as ``stroke``, ``stroke-width`` :data:`~vsm_editor.style.sizes.HANDOFF_WIDTH` and the
    flow's arrow as ``marker-end``. Grows ``bounds`` by the routes and their arrow heads."""
    routes = scene.routes
    styles: dict[str, tuple[HandoffStroke, str]] = {}
    extent = Bounds()  # of the routes' points
    for handoff in scene.drawn.handoffs:
        route = routes.get(handoff.id)
        if route is None:
            continue
        points = route.points
        if len(points) < 2:
            continue
        style = styles.get(handoff.kind)
        if style is None:
            style = styles[handoff.kind] = _handoff_style(handoff.kind)
        stroke, attrs = style
        text = (f'<path id="{attr_value(handoff.id)}" class="handoff {stroke.kind}" '
                f'd="{route_data(points, stroke.corner_radius)}"{attrs}')
        tip = points[-1]
        if points[0] == tip and all(point == tip for point in points):
            text += ' marker-end="none"'  # no direction: no arrow head
        elif stroke.kind != "flow":
            text += f' marker-end="url({defs.arrow(stroke.kind)})"'
        if handoff.label:  # the caption may be shortened: the title has all of it
            out.append(f"{text}>{title(caption(handoff))}</path>")
        else:
            out.append(text + "/>")
        x1 = x2 = points[0][0]
        y1 = y2 = points[0][1]
        for x, y in points:
            if x < x1:
                x1 = x
            elif x > x2:
                x2 = x
            if y < y1:
                y1 = y
            elif y > y2:
                y2 = y
        extent.add(x1, y1, x2, y2)
    if not extent.empty:
        reach = sizes.ARROW_LENGTH
        bounds.add(extent.left - reach, extent.top - reach, extent.right + reach,
                   extent.bottom + reach)


def _handoff_style(kind: str) -> tuple[HandoffStroke, str]:
    """The stroke of a handoff ``kind`` and the attributes its paths add to the layer's."""
    stroke = handoff_stroke(kind)
    attrs = ""
    if stroke.colour != FLOW_COLOUR:
        attrs += f' stroke="{stroke.colour}"'
    if stroke.width != sizes.HANDOFF_WIDTH:
        attrs += f' stroke-width="{num(stroke.width)}"'
    if stroke.dash:
        attrs += f' stroke-dasharray="{stroke.svg_dasharray()}"'
    if stroke.round_caps:
        attrs += ' stroke-linecap="round"'
    return stroke, attrs


#: The stroke colour of a flow handoff (given once, by the handoff layer).
FLOW_COLOUR = handoff_stroke("flow").colour


# ---------------------------------------------------------------- stages
def line_breaks(text: str, lines: list[str]) -> list[str]:
    """The separators (" ", "\\n" or "") between ``lines`` that wrapped ``text``."""
    breaks: list[str] = []
    position = len(lines[0]) if lines else 0
    for line in lines[1:]:
        following = text[position:position + 1]
        if following in (" ", "\n") and text.startswith(line, position + 1):
            breaks.append(following)
            position += 1
        else:
            breaks.append("")
        position += len(line)
    return breaks


@lru_cache(maxsize=256)
def stage_classes(linked: tuple[bool, ...], severity: str | None, improvements: bool) -> str:
    """``stage`` plus ``complete``/``incomplete``, ``severity-…`` and ``improved``
    (memoized: a map has a handful of combinations)."""
    classes = ["stage", "complete" if all(linked) else "incomplete"]
    if severity:
        classes.append("severity-" + severity)
    if improvements:
        classes.append("improved")
    return " ".join(classes)


OWNER_SIZE = sizes.OWNER_FONT_SIZE
#: The style sheet's rules for what every stage repeats: its box's fill and border, its
#: owner's colour and size (an exception is written as a ``style`` attribute).
STAGE_CSS = (f".stage>.box{{fill:{palette.STAGE_FILL};stroke:{palette.STAGE_BORDER}}}"
             f".stage>.owner{{fill:{palette.TEXT_MUTED};font-size:{num(OWNER_SIZE)}px}}")

#: What a stage layer sets for the boxes and names inside it.
STAGE_LAYER = (f' class="stages" font-size="{num(sizes.NAME_FONT_SIZE)}" text-anchor="middle"'
               f' stroke-width="{num(sizes.STAGE_BORDER_WIDTH)}"{PRESERVE}')


def draw_stages(out: Out, scene: Scene, defs: MarkerDefs, bounds: Bounds) -> None:
    """Every stage (see :func:`draw_stage`), in document order; grows ``bounds`` by their
    boxes."""
    layouts = scene.layouts
    for stage in scene.drawn.stages:
        draw_stage(out, stage, layouts[stage.id], scene, defs)
    bounds.add_rects([layouts[stage.id].rect for stage in scene.drawn.stages])


def draw_stage(out: Out, stage: Stage, layout: StageLayout, scene: Scene,
               defs: MarkerDefs) -> None:
    """One stage (the parent layer, :data:`STAGE_LAYER`, gives the border width, the name's
    size and anchor, and ``xml:space="preserve"``): a ``<g>`` with its id, a ``<title>`` (the
    full name), the box, the lane strip, the P1–P4 markers, the severity and improvement
    markers, the name (one ``<text>``) and the owner."""
    stage_id = stage.id
    rect = layout.rect
    linked = scene.coverage.get(stage_id)
    if linked is None:
        linked = tuple(slot.linked for slot in layout.markers)
    found = scene.findings.get(stage_id)
    severity = found[0].severity if found else None
    name = text_content(stage.name)
    x, y = num(rect.x), num(rect.y)
    strip = defs.found.get((rect.width, rect.height, layout.strip_colour, linked))
    if strip is None:
        strip = _strip_and_coverage(defs, layout, linked)
    text = (
        f'<g id="{attr_value(stage_id)}" class="'
        f'{stage_classes(linked, severity, bool(stage.improvements))}"><title>{name}</title>'
        f'<rect class="box" x="{x}" y="{y}" width="{num(rect.width)}" '
        f'height="{num(rect.height)}" rx="{num(layout.corner_radius)}"{_box_style(layout)}/>'
        f'<use {HREF}="{strip}" x="{x}" y="{y}"/>'
    )
    if severity:
        slot = layout.severity_slot
        text += use(defs.severity(severity), slot.x, slot.y, ' class="finding"', title(
            "\n".join(f"{SEVERITY_WORDS[f.severity]}: {f.message}" for f in found)))
    burst = layout.improvement
    if burst is not None:
        text += use(defs.improvement(layout.improvement_kind), burst.x, burst.y,
                    ' class="improvement"', title("\n".join(
                        ("Pain point: " if i.kind == "pain_point" else "Idea: ") + i.text
                        for i in stage.improvements)))
    name_lines, owner_lines, dx, dy = layout.text_and_offset()
    if len(name_lines) == 1:  # the usual short name: wrapped_text's one line, written here
        line = name_lines[0]
        size = "" if line.size == NAME_SIZE else f' font-size="{num(line.size)}"'
        content = name if line.text == stage.name else text_content(line.text)
        text += (f'<text class="name" y="{num(line.baseline + dy)}"{size}>'
                 f'<tspan x="{num(line.x + dx + line.width / 2)}">{content}</tspan></text>')
    else:
        text += _wrapped(name_lines, layout.name_breaks, ' class="name"', NAME_SIZE, dx, dy)
    if len(owner_lines) == 1:  # the same, the line inline
        line = owner_lines[0]
        style = "" if line.size == OWNER_SIZE else f' style="font-size:{num(line.size)}px"'
        text += (f'<text class="owner"{style} y="{num(line.baseline + dy)}" '
                 f'x="{num(line.x + dx + line.width / 2)}">{text_content(line.text)}</text>')
    elif owner_lines:
        size = owner_lines[0].size
        attrs = ' class="owner"' if size == OWNER_SIZE else (
            f' class="owner" style="font-size:{num(size)}px"')
        text += _wrapped(owner_lines, line_breaks(stage.owner, [ln.text for ln in owner_lines]),
                         attrs, size, dx, dy, inline_first=True)
    out.append(text + "</g>\n")


def _wrapped(lines: tuple[TextLine, ...], breaks: Sequence[str], attrs: str,
             inherited_size: float, dx: float, dy: float, inline_first: bool = False) -> str:
    """:func:`wrapped_text` of a stage's lines, moved by (dx, dy), as text."""
    parts: Out = []
    wrapped_text(parts, lines, breaks, attrs, inherited_size=inherited_size, preserve=False,
                 inline_first=inline_first, offset=(dx, dy))
    return "".join(parts)


NAME_SIZE = sizes.NAME_FONT_SIZE


def _box_style(layout: StageLayout) -> str:
    """Nothing for a box of the usual fill and border (:data:`STAGE_CSS` gives them), else a
    ``style`` attribute (a presentation attribute would lose to the style sheet)."""
    if layout.fill == palette.STAGE_FILL and layout.border == palette.STAGE_BORDER:
        return ""
    return f' style="fill:{layout.fill};stroke:{layout.border}"'


def _frame_offsets(layout: StageLayout) -> tuple[tuple[str, str, str, str], tuple[str, str]]:
    """The lane strip (x, y, width, height) and the first P1–P4 marker (x, y) relative to the
    box's corner; the same for every box of one size (the style lays them out once per size),
    so read from the first box of each size only."""
    rect = layout.rect
    key = (rect.width, rect.height)
    offsets = _FRAME_OFFSETS.get(key)
    if offsets is None:
        if len(_FRAME_OFFSETS) > 4096:
            _FRAME_OFFSETS.clear()
        strip, first = layout.strip, layout.markers[0].rect
        offsets = _FRAME_OFFSETS[key] = (
            (num(strip.x - rect.x), num(strip.y - rect.y), num(strip.width),
             num(strip.height)),
            (num(first.x - rect.x), num(first.y - rect.y)),
        )
    return offsets


_FRAME_OFFSETS: dict[tuple[float, float], tuple[tuple[str, str, str, str], tuple[str, str]]] = {}


def _strip_and_coverage(defs: MarkerDefs, layout: StageLayout, linked: tuple[bool, ...]) -> str:
    """The href of the symbol holding a box's lane strip and its row of P1–P4 markers,
    relative to the box's corner (shared by the boxes of one size, lane colour and coverage
    pattern; its id ends with the coverage symbol's ``cov-…``)."""
    rect = layout.rect
    key = (rect.width, rect.height, layout.strip_colour, linked)
    href = defs.found.get(key)
    if href is None:
        href = defs.found[key] = _new_strip_and_coverage(defs, layout, linked)
    return href


def _new_strip_and_coverage(defs: MarkerDefs, layout: StageLayout,
                            linked: tuple[bool, ...]) -> str:
    strip_at, markers_at = _frame_offsets(layout)
    coverage = defs.coverage(linked)

    def body() -> str:
        sx, sy, width, height = strip_at
        return (f'<rect x="{sx}" y="{sy}" width="{width}" height="{height}" '
                f'fill="{layout.strip_colour}"/><use {HREF}="{coverage}" x="{markers_at[0]}" '
                f'y="{markers_at[1]}"/>')

    return defs.symbol("s", (strip_at, layout.strip_colour, markers_at, coverage), body,
                       coverage[coverage.rindex("-cov-"):])
