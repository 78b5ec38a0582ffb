"""The map itself as SVG: lane bands with their headers, handoff routes with arrow heads and
captions (label and wait), and stage boxes with their markers, name and owner, drawn the way
the canvas draws them (:mod:`vsm_editor.ui.items`), from the shared style only.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from lxml import etree
from vsm_editor.exporters.svg_scene import Bounds, Scene
from vsm_editor.exporters.svg_shapes import (
    MarkerDefs,
    SubElement,
    add_title,
    num,
    polyline_points,
    use,
    wrapped_text,
    xml_text,
)

from vsm_editor.model.entities import Handoff, Lane, Stage
from vsm_editor.model.geometry import Rect
from vsm_editor.style import palette, sizes
from vsm_editor.style.figure import Figure
from vsm_editor.style.layout import StageLayout, TextLine
from vsm_editor.style.lean_symbols import wait_lines
from vsm_editor.style.paths import svg_path_data
from vsm_editor.style.routing import Route
from vsm_editor.style.strokes import arrow_head, handoff_stroke
from vsm_editor.style.text import ascent, line_height, measure, wrap

#: Widest a handoff caption gets before it wraps (as on the canvas).
CAPTION_WIDTH = 200.0
CAPTION_MAX_LINES = 3
#: A caption with no free place next to its route is looked for this far above and below.
CAPTION_SWEEP = 8.0
CAPTION_SWEEP_STEPS = 24
UNIT_ABBREVIATIONS = {"minutes": "min", "hours": "h", "working_days": "d",
                      "calendar_days": "cal. d"}
SEVERITY_WORDS = {"error": "Error", "warning": "Warning", "info": "Info"}


def header_colour(lane_colour: str | None) -> str:
    """A lane header: its band, a little darker (as on the canvas)."""
    return palette.mix(palette.band_colour(lane_colour), palette.TEXT, 0.08)


# ---------------------------------------------------------------- lanes
def draw_lane(parent: etree._Element, lane: Lane, top: float, left: float,
              right: float) -> None:
    """A lane band across ``left``…``right`` with its name in the header at the left.

    As on the canvas, header lines that would run past the band's bottom are not drawn;
    the full name stays in the lane's ``<title>``.
    """
    group = SubElement(parent, "g", {"id": lane.id, "class": "lane"})
    add_title(group, lane.name)
    height = max(0.0, lane.height)
    SubElement(group, "rect", x=num(left), y=num(top), width=num(right - left),
               height=num(height), fill=palette.band_colour(lane.colour))
    SubElement(group, "rect", x=num(left), y=num(top), width=num(sizes.LANE_HEADER_WIDTH),
               height=num(height), fill=header_colour(lane.colour))
    SubElement(group, "line", {
        "x1": num(left), "y1": num(top + height), "x2": num(right), "y2": num(top + height),
        "stroke": palette.LANE_SEPARATOR, "stroke-width": num(sizes.LANE_SEPARATOR_WIDTH),
    })
    size = sizes.LANE_HEADER_FONT_SIZE
    step = line_height(size, True)
    baseline = top + 10 + ascent(size, True)
    lines = []
    for line in wrap(lane.name, sizes.LANE_HEADER_WIDTH - 20, size, bold=True):
        if baseline > top + height - 4:
            break
        lines.append(line)
        baseline += step
    if not lines:
        return
    text = SubElement(group, "text", {
        "class": "lane-name", "x": num(left + 10), "y": num(top + 10 + ascent(size, True)),
        "font-size": num(size), "font-weight": "bold", "fill": palette.LANE_HEADER_TEXT,
    })
    text.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    for i, line in enumerate(lines):
        span = SubElement(text, "tspan", x=num(left + 10), dy=num(step if i else 0.0))
        span.text = xml_text(line + (" " if i < len(lines) - 1 else ""))


# ---------------------------------------------------------------- handoffs
def caption(handoff: Handoff, with_wait: bool = True) -> str:
    """Label and wait as one short text (as on the canvas): ``approved · wait 2 d``; without
    the wait when a queue symbol shows it (``with_wait`` False)."""
    parts = [handoff.label] if handoff.label else []
    wait = handoff.wait
    if wait is not None and with_wait:
        unit = UNIT_ABBREVIATIONS.get(wait.unit or "", "(no unit)")
        parts.append(f"wait {wait.value:g} {unit}")
    return " · ".join(parts)


def caption_lines(text: str) -> list[str]:
    """The caption wrapped to at most three lines, the rest shown as an ellipsis (the whole
    caption is in the handoff's ``<title>``)."""
    lines = wrap(text, CAPTION_WIDTH, sizes.LABEL_FONT_SIZE)
    if len(lines) > CAPTION_MAX_LINES:
        lines = lines[:CAPTION_MAX_LINES]
        lines[-1] = lines[-1][: max(1, len(lines[-1]) - 2)] + "…"
    return lines


def caption_box(route: Route, lines: list[str]) -> Rect:
    """Under the middle of a horizontal run long enough for it, else beside the longest
    vertical run (the canvas's placement, so captions land in the same places)."""
    size, pad = sizes.LABEL_FONT_SIZE, sizes.LABEL_PADDING
    width = max((measure(line, size) for line in lines), default=0.0) + 2 * pad
    height = len(lines) * line_height(size) + pad
    ax_, ay_ = route.label_pos
    points = route.points
    run, vertical = 0.0, None
    for (ax, ay), (bx, by) in zip(points, points[1:], strict=False):
        if abs(ay - by) < 0.5 and abs(ay - ay_) < 0.5:
            if min(ax, bx) <= ax_ <= max(ax, bx):
                run = max(run, abs(bx - ax))
        elif abs(ax - bx) < 0.5 and (vertical is None or abs(by - ay) > vertical[2]):
            vertical = (ax, (ay + by) / 2, abs(by - ay))
    if run < width + 8 and vertical is not None and vertical[2] >= height + 8:
        return Rect(vertical[0] + 4, vertical[1] - height / 2, width, height)
    return Rect(ax_ - width / 2, ay_ + 3, width, height)


class RectGrid:
    """Rectangles bucketed in a coarse grid, answering "does this box hit any of them"."""

    def __init__(self, cell: float = 256.0) -> None:
        self.cell = cell
        self.cells: dict[tuple[int, int], list[Rect]] = {}

    def _keys(self, rect: Rect) -> list[tuple[int, int]]:
        cell = self.cell
        xs = range(int(rect.x // cell), int(rect.right // cell) + 1)
        ys = range(int(rect.y // cell), int(rect.bottom // cell) + 1)
        if len(xs) * len(ys) > 64:  # a huge box: file it under its corner cells only
            return [(xs[0], ys[0]), (xs[-1], ys[-1])]
        return [(x, y) for x in xs for y in ys]

    def add(self, rect: Rect) -> None:
        for key in self._keys(rect):
            self.cells.setdefault(key, []).append(rect)

    def hits(self, rect: Rect) -> bool:
        cells = self.cells
        for key in self._keys(rect):
            for other in cells.get(key, ()):
                if rect.intersects(other):
                    return True
        return False


def caption_candidates(route: Route, lines: list[str]) -> Iterator[Rect]:
    """Places for a caption, best first: the canvas's place, above the label point, beside
    the middles of the route's longest segments, then further above and below the label
    point (clear of the boxes of two close stages)."""
    first = caption_box(route, lines)
    yield first
    width, height = first.width, first.height
    x, y = route.label_pos
    yield Rect(x - width / 2, y - 3 - height, width, height)
    points = route.points
    segments = sorted(zip(points, points[1:], strict=False),
                      key=lambda s: -(abs(s[1][0] - s[0][0]) + abs(s[1][1] - s[0][1])))
    for (ax, ay), (bx, by) in segments[:4]:
        mx, my = (ax + bx) / 2, (ay + by) / 2
        if abs(ay - by) < 0.5:
            yield Rect(mx - width / 2, my + 3, width, height)
            yield Rect(mx - width / 2, my - 3 - height, width, height)
        else:
            yield Rect(mx + 4, my - height / 2, width, height)
            yield Rect(mx - 4 - width, my - height / 2, width, height)
    for step in range(1, CAPTION_SWEEP_STEPS + 1):
        offset = step * CAPTION_SWEEP
        yield Rect(x - width / 2, y - 3 - height - offset, width, height)
        yield Rect(x - width / 2, y + 3 + offset, width, height)


@dataclass(frozen=True)
class PlacedCaption:
    """A caption's white patch and its lines (centred in the patch)."""

    handoff_id: str
    box: Rect
    lines: tuple[str, ...]


def place_captions(scene: Scene, bounds: Bounds) -> list[PlacedCaption]:
    """Every caption placed: first the waits of the queue symbols at their fixed places,
    then each handoff's caption (without a wait a queue shows) off the stage boxes, the flow
    drawings and the other captions (see :func:`caption_candidates`). Grows ``bounds``."""
    layer = scene.flow_layer
    taken = RectGrid()
    for layout in scene.layouts.values():
        taken.add(layout.rect)
    for rect in layer.obstacles():
        taken.add(rect)
    placed = []
    for symbol in layer.queues:
        taken.add(symbol.wait_box)
        bounds.add_rect(symbol.wait_box)
        placed.append(PlacedCaption(symbol.handoff_id, symbol.wait_box,
                                    wait_lines(symbol.wait_text)))
    queued = layer.queued
    for handoff in scene.drawn.handoffs:
        route = scene.routes.get(handoff.id)
        if route is None or len(route.points) < 2:
            continue
        text = caption(handoff, handoff.id not in queued)
        if not text:
            continue
        lines = caption_lines(text)
        box = next((c for c in caption_candidates(route, lines) if not taken.hits(c)), None)
        if box is None:
            box = caption_box(route, lines)
        taken.add(box)
        bounds.add_rect(box)
        placed.append(PlacedCaption(handoff.id, box, tuple(lines)))
    return placed


def draw_placed_caption(parent: etree._Element, placed: PlacedCaption) -> None:
    """A placed caption: its white patch and centred lines (the parent layer gives the
    patch's fill, the text's size and anchor and ``xml:space="preserve"``)."""
    box = placed.box
    SubElement(parent, "rect", x=num(box.x), y=num(box.y), width=num(box.width),
               height=num(box.height))
    size = sizes.LABEL_FONT_SIZE
    first = box.y + sizes.LABEL_PADDING / 2 + ascent(size)
    centre = box.x + box.width / 2
    laid_out = [
        TextLine(line, centre - measure(line, size) / 2, first + i * line_height(size),
                 measure(line, size), size)
        for i, line in enumerate(placed.lines)
    ]
    wrapped_text(parent, laid_out, [" "] * (len(placed.lines) - 1),
                 {"fill": palette.TEXT_MUTED}, inherited_size=size, preserve=False)


def draw_figure(parent: etree._Element, figure: Figure) -> etree._Element:
    """A flow drawing as ``<g class="{kind}">`` with a ``<title>``, its shapes as paths and
    its labels as texts (each with its role as class)."""
    group = SubElement(parent, "g", {"class": figure.kind})
    if figure.element is not None:
        group.set("data-element", figure.element)
    if figure.title:
        add_title(group, figure.title)
    for shape in figure.shapes:
        path = SubElement(group, "path", d=svg_path_data(shape.path),
                          fill=shape.fill or "none")
        if shape.stroke:
            path.set("stroke", shape.stroke)
            path.set("stroke-width", num(shape.width))
        if shape.role:
            path.set("class", shape.role)
    for item in figure.labels:
        line = item.line
        attrib = {"x": num(line.center_x if item.anchor == "middle" else line.x),
                  "y": num(line.baseline), "font-size": num(line.size), "fill": item.colour,
                  "text-anchor": item.anchor}
        if line.bold:
            attrib["font-weight"] = "bold"
        if item.role:
            attrib["class"] = item.role
        text = SubElement(group, "text", attrib)
        text.text = xml_text(line.text)
    return group


def draw_handoff(parent: etree._Element, handoff: Handoff, route: Route,
                 bounds: Bounds) -> None:
    """One handoff: its route stroked by kind and an open arrow head, in a group with the
    handoff's id whose ``<title>`` is the whole caption (drawn, maybe shortened, by
    :func:`draw_caption`). The parent layer must say ``fill="none"`` and
    ``stroke-width`` :data:`~vsm_editor.style.sizes.HANDOFF_WIDTH`."""
    points = route.points
    if len(points) < 2:
        return
    stroke = handoff_stroke(handoff.kind)
    group = SubElement(parent, "g", {"id": handoff.id, "class": f"handoff {stroke.kind}",
                                     "stroke": stroke.colour})
    if stroke.width != sizes.HANDOFF_WIDTH:
        group.set("stroke-width", num(stroke.width))
    text = caption(handoff)
    if text:
        add_title(group, text)
    path = SubElement(group, "path", d=svg_path_data(stroke.path(points)))
    if stroke.dash:
        path.set("stroke-dasharray", stroke.svg_dasharray())
    if stroke.round_caps:
        path.set("stroke-linecap", "round")
    SubElement(group, "polyline", points=polyline_points(arrow_head(points)))
    for x, y in points:
        bounds.add(x - sizes.ARROW_LENGTH, y - sizes.ARROW_LENGTH,
                   x + sizes.ARROW_LENGTH, y + sizes.ARROW_LENGTH)


def draw_caption(parent: etree._Element, handoff: Handoff, route: Route, taken: RectGrid,
                 bounds: Bounds) -> None:
    """The handoff's caption (label and wait) on a white patch, placed where it covers no
    stage and no other caption when such a place is near the route (else where the canvas
    puts it, under the stages as on the canvas; the full caption is in the handoff's
    ``<title>``). The parent layer gives the patch's fill, the text's size and anchor and
    ``xml:space="preserve"``."""
    text = caption(handoff)
    if not text or len(route.points) < 2:
        return
    lines = caption_lines(text)
    box = next((c for c in caption_candidates(route, lines) if not taken.hits(c)), None)
    if box is None:
        box = caption_box(route, lines)
    taken.add(box)
    bounds.add_rect(box)
    SubElement(parent, "rect", x=num(box.x), y=num(box.y), width=num(box.width),
               height=num(box.height))
    size = sizes.LABEL_FONT_SIZE
    first = box.y + sizes.LABEL_PADDING / 2 + ascent(size)
    centre = box.x + box.width / 2
    laid_out = [
        TextLine(line, centre - measure(line, size) / 2, first + i * line_height(size),
                 measure(line, size), size)
        for i, line in enumerate(lines)
    ]
    wrapped_text(parent, laid_out, [" "] * (len(lines) - 1), {"fill": palette.TEXT_MUTED},
                 inherited_size=size, preserve=False)


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


def stage_classes(linked: tuple[bool, ...], severity: str | None, improvements: bool) -> str:
    """``stage`` plus ``complete``/``incomplete``, ``severity-…`` and ``improved``."""
    classes = ["stage", "complete" if all(linked) else "incomplete"]
    if severity:
        classes.append("severity-" + severity)
    if improvements:
        classes.append("improved")
    return " ".join(classes)


def draw_stage(parent: etree._Element, stage: Stage, layout: StageLayout, scene: Scene,
               defs: MarkerDefs) -> None:
    """One stage (the parent layer gives the border width, the name's size and anchor, and
    ``xml:space="preserve"``):
    a ``<g>`` with its id, a ``<title>`` (the full name), the box, the lane
    strip, the P1–P4 markers, the severity and improvement markers, the name (one
    ``<text>``) and the owner."""
    linked = tuple(slot.linked for slot in layout.markers)
    severity = scene.worst_severity(stage.id)
    group = SubElement(parent, "g", {
        "id": stage.id, "class": stage_classes(linked, severity, bool(stage.improvements)),
    })
    add_title(group, stage.name)
    rect = layout.rect
    SubElement(group, "rect", {
        "class": "box", "x": num(rect.x), "y": num(rect.y), "width": num(rect.width),
        "height": num(rect.height), "rx": num(layout.corner_radius), "fill": layout.fill,
        "stroke": layout.border,
    })
    strip = layout.strip
    SubElement(group, "rect", x=num(strip.x), y=num(strip.y), width=num(strip.width),
               height=num(strip.height), fill=layout.strip_colour)
    first = layout.markers[0].rect
    use(group, defs.coverage(linked), first.x, first.y)
    if severity:
        slot = layout.severity_slot
        marker = use(group, defs.severity(severity), slot.x, slot.y)
        marker.set("class", "finding")
        add_title(marker, "\n".join(
            f"{SEVERITY_WORDS[f.severity]}: {f.message}" for f in scene.findings[stage.id]
        ))
    if layout.improvement is not None:
        burst = layout.improvement
        marker = use(group, defs.improvement(layout.improvement_kind), burst.x, burst.y)
        marker.set("class", "improvement")
        add_title(marker, "\n".join(
            ("Pain point: " if i.kind == "pain_point" else "Idea: ") + i.text
            for i in stage.improvements
        ))
    wrapped_text(group, layout.name_lines, layout.name_breaks, {"class": "name"},
                 inherited_size=sizes.NAME_FONT_SIZE, preserve=False)
    if layout.owner_lines:
        owner_lines = [line.text for line in layout.owner_lines]
        wrapped_text(group, layout.owner_lines, line_breaks(stage.owner, owner_lines),
                     {"class": "owner", "fill": palette.TEXT_MUTED}, preserve=False)
