"""SVG text primitives shared by the export's parts: numbers, escaped strings, wrapped text
and the ``<defs>`` of reusable symbols (P1–P4 and finding markers, data-box frames, queue
triangles) that the drawing places with ``<use>``, and of the handoffs' arrow-head markers.

The export writes its document as text: lxml's element API costs about 2 µs per element and a
5,000-stage map has some 100,000, far over the budget. Every user string reaches the text
through :func:`text_content` or :func:`attr_value` (the BPMN exporter's escaping helpers:
``&``, ``<``, ``>`` and, in attributes, quotes and line breaks escaped; the few characters
XML 1.0 cannot carry at all dropped, which the style module measures as zero-width or narrow,
so a name never grows wider than laid out). Element and attribute names are fixed here;
numbers come from :func:`num`.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence

from vsm_editor.exporters.bpmn_xml import attr, markup_free, xml_safe

from vsm_editor.style import sizes
from vsm_editor.style.figure import Figure, Label
from vsm_editor.style.layout import TextLine
from vsm_editor.style.markers import (
    LAYERS,
    MarkerShape,
    improvement_marker,
    layer_marker,
    severity_marker,
)
from vsm_editor.style.paths import Path, Point, svg_path_data, toward
from vsm_editor.style.strokes import HandoffStroke, arrow_head, handoff_stroke
from vsm_editor.style.text import ascent, descent, measure

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
#: The attribute that points a ``<use>`` at a symbol (SVG 1.1 spelling, read everywhere).
HREF = "xlink:href"
#: Keeps the spaces of ``<text>`` content as laid out.
PRESERVE = ' xml:space="preserve"'

#: Text written so far: parts appended in document order, joined once at the end.
Out = list[str]


class _NumberTexts(dict[float, str]):
    """Numbers already written: a drawing repeats the same few thousand numbers many times,
    and a dict lookup is cheaper than formatting (or than a Python function call)."""

    def __missing__(self, value: float) -> str:
        if len(self) > 262_144:
            self.clear()
        text = f"{value:.2f}".rstrip("0").rstrip(".")
        text = self[value] = "0" if text in ("-0", "") else text
        return text


#: A coordinate as short text (at most two decimals, no trailing zeros): ``num(2.50)`` is
#: ``"2.5"``, ``num(-0.001)`` is ``"0"``. Memoized. (Two, not one: the raster exports are
#: checked against the SVG's numbers to 0.01, ``tests/ui/test_raster_frame.py``.)
num: Callable[[float], str] = _NumberTexts().__getitem__


def xml_text(text: str) -> str:
    """``text`` without the characters XML cannot represent (everything else is kept)."""
    return xml_safe(text)


def text_content(text: str) -> str:
    """A user string as element content: exactly the string, minus what XML cannot hold
    (a carriage return as a reference, so parsers keep it)."""
    if text.isascii() and text.isprintable():  # no control character: only markup to escape
        return markup_free(text)
    escaped = markup_free(xml_safe(text))
    return escaped.replace("\r", "&#13;") if "\r" in escaped else escaped


def attr_value(text: str) -> str:
    """A string as the inside of a double-quoted attribute (element ids, mostly: NCNames,
    which need no escaping, are returned as they are)."""
    if text.isascii() and text.isidentifier():
        return text
    return attr(text)


def title(text: str) -> str:
    """A ``<title>`` element (tooltip and accessible name)."""
    return f"<title>{text_content(text)}</title>"


def separator_text(separator: str) -> str:
    """What a line break stands for inside a text element: the removed space (or newline,
    shown as a space under ``xml:space="preserve"``), nothing for a break inside a word."""
    return separator if separator in (" ", "\n") else ""


def wrapped_text(
    out: Out,
    lines: Sequence[TextLine],
    breaks: Sequence[str] = (),
    attrs: str = "",
    inherited_size: float | None = None,
    anchor: str = "middle",
    preserve: bool = True,
    inline_first: bool = False,
    offset: tuple[float, float] = (0.0, 0.0),
) -> None:
    """One ``<text{attrs}>`` holding ``lines`` (laid out by the style module) as centred
    ``<tspan x dy>`` children (the first on the text's own ``y``, without ``dy``);
    ``breaks`` are the separators between lines, kept at the end of each line so that
    selecting or copying the element gives the whole original text (the centre moves by
    half the separator's width to stay where the layout put it).
    ``font-size`` is set unless the parent already gives ``inherited_size``. With
    ``anchor="start"`` the lines are placed by their left edges instead (the text element
    must then be anchored at the start). ``preserve=False`` leaves ``xml:space="preserve"``
    (spaces kept as laid out) to an ancestor that already sets it. ``inline_first`` writes
    the first line as the text element's own content at its ``x`` (shorter; stage names keep
    every line a ``<tspan>``). ``offset`` moves every line by (dx, dy)."""
    head = "<text" + attrs + (PRESERVE if preserve else "")
    if not lines:
        out.append(head + "/>")
        return
    dx, dy = offset
    first = lines[0]
    size = first.size
    previous = first.baseline + dy
    head += f' y="{num(previous)}"'
    if size != inherited_size:
        head += f' font-size="{num(size)}"'
    if len(lines) == 1 and anchor == "middle":  # the usual short name: one line
        x = num(first.x + dx + first.width / 2)
        if inline_first:
            out.append(f'{head} x="{x}">{text_content(first.text)}</text>')
        else:
            out.append(f'{head}><tspan x="{x}">{text_content(first.text)}</tspan></text>')
        return
    parts = [head]
    last = len(lines) - 1
    for i, line in enumerate(lines):
        tail = separator_text(breaks[i]) if i < last and i < len(breaks) else ""
        if anchor == "start":
            x = line.x + dx
        else:
            x = line.x + dx + line.width / 2
            if tail:
                x += measure(tail, line.size, line.bold) / 2
        content = text_content(line.text + tail)
        if i == 0 and inline_first:
            parts.append(f' x="{num(x)}">{content}')
        else:
            if i == 0:  # on the text's own baseline: no dy
                parts.append(f'><tspan x="{num(x)}">{content}</tspan>')
            else:
                baseline = line.baseline + dy
                parts.append(f'<tspan x="{num(x)}" dy="{num(baseline - previous)}">'
                             f"{content}</tspan>")
                previous = baseline
    parts.append("</text>")
    out.append("".join(parts))


def path_data(path: Path) -> str:
    """``d`` of a path: closed shapes as :func:`~vsm_editor.style.paths.svg_path_data`
    writes them, open ones (routes, the ladder) shorter: no spaces around commands, lines
    along an axis as ``H``/``V`` or, where shorter, ``h``/``v``, corners as ``Q`` or, where
    shorter, ``q`` (steps between the written, rounded coordinates, so nothing adds up along
    a long path)."""
    if not path or path[-1][0] == "Z" or path[0][0] != "M":
        return svg_path_data(path)
    written = _WRITTEN
    _, x, y = path[0]
    sx, fx = written[x]
    sy, fy = written[y]
    parts = [f"M{sx} {sy}"]  # a list: the ladder's wave has some 15,000 lines
    add = parts.append
    for command in path[1:]:
        kind = command[0]
        if kind == "L":  # as in route_data
            tx, tfx = written[command[1]]
            ty, tfy = written[command[2]]
            if ty == sy:
                step = num(tfx - fx)
                add("h" + step if len(step) < len(tx) else "H" + tx)
            elif tx == sx:
                step = num(tfy - fy)
                add("v" + step if len(step) < len(ty) else "V" + ty)
            else:
                add(f"L{tx} {ty}")
            sx, sy, fx, fy = tx, ty, tfx, tfy
        elif kind == "Q":
            add(_curve(fx, fy, command[1], command[2], command[3], command[4]))
            (sx, fx), (sy, fy) = written[command[3]], written[command[4]]
        elif len(command) >= 3:
            add(kind + " ".join([num(v) for v in command[1:]]))
            (sx, fx), (sy, fy) = written[command[-2]], written[command[-1]]
        else:
            return svg_path_data(path)
    return "".join(parts)


class _WrittenNumbers(dict[float, tuple[str, float]]):
    """Numbers as :func:`num` writes them, with the value each written text stands for
    (what a relative step is measured from)."""

    def __missing__(self, value: float) -> tuple[str, float]:
        if len(self) > 262_144:
            self.clear()
        text = num(value)
        pair = self[value] = (text, float(text))
        return pair


_WRITTEN = _WrittenNumbers()


def route_data(points: Sequence[Point], radius: float) -> str:
    """``d`` of a route: ``path_data(rounded_polyline(points, radius))``, written without
    making the path (a map's thousands of routes): each inner corner rounded as
    :func:`~vsm_editor.style.paths.rounded_corners` rounds it."""
    written = _WRITTEN
    x, y = points[0]
    sx, fx = written[x]  # the written end so far: its texts and the values they stand for
    sy, fy = written[y]
    d = f"M{sx} {sy}"
    last = len(points) - 1
    rounded = last > 1 and radius > 0
    ax, ay = x, y  # the previous corner, unrounded
    for i in range(1, last + 1):
        cx, cy = points[i]
        if rounded and i < last:  # a line to where the corner's curve starts
            x, y = toward(cx, cy, ax, ay, radius)
        else:
            x, y = cx, cy
        tx, tfx = written[x]
        ty, tfy = written[y]
        if ty == sy:
            step = num(tfx - fx)
            d += "h" + step if len(step) < len(tx) else "H" + tx
        elif tx == sx:
            step = num(tfy - fy)
            d += "v" + step if len(step) < len(ty) else "V" + ty
        else:
            d += f"L{tx} {ty}"
        sx, sy, fx, fy = tx, ty, tfx, tfy
        if rounded and i < last:  # the curve around the corner
            x, y = points[i + 1]
            x, y = toward(cx, cy, x, y, radius)
            d += _curve(fx, fy, cx, cy, x, y)
            (sx, fx), (sy, fy) = written[x], written[y]
            ax, ay = cx, cy
    return d


def _curve(px: float, py: float, cx: float, cy: float, x: float, y: float) -> str:
    """A quadratic curve from the written point (px, py) through control (cx, cy) to
    (x, y), as ``q`` or ``Q``, whichever is shorter."""
    written = _WRITTEN
    (qx, qfx), (qy, qfy), (tx, tfx), (ty, tfy) = written[cx], written[cy], written[x], written[y]
    relative = f"q{num(qfx - px)} {num(qfy - py)} {num(tfx - px)} {num(tfy - py)}"
    if len(relative) < len(qx) + len(qy) + len(tx) + len(ty) + 4:
        return relative
    return f"Q{qx} {qy} {tx} {ty}"


def polyline_points(points: Sequence[tuple[float, float]]) -> str:
    """``points`` as an SVG ``points`` attribute."""
    return " ".join([f"{num(x)},{num(y)}" for x, y in points])


def use(href: str, x: float, y: float, attrs: str = "", body: str = "") -> str:
    """A ``<use>`` of an internal symbol at (x, y), with ``body`` (e.g. a title) inside."""
    head = f'<use {HREF}="{href}" x="{num(x)}" y="{num(y)}"{attrs}'
    return f"{head}>{body}</use>" if body else head + "/>"


def figure_labels(figure: Figure, inherited: tuple[float, str, str, bool] | None = None
                  ) -> list[str]:
    """The figure's labels as ``<text>`` elements; attributes equal to ``inherited`` (size,
    colour, anchor, bold given by an ancestor) are left to it."""
    return label_texts(figure.labels, inherited)


def label_texts(labels: Sequence[Label], inherited: tuple[float, str, str, bool] | None = None,
                on_row: bool = False) -> list[str]:
    """``labels`` as ``<text>`` elements (see :func:`figure_labels`). ``on_row`` leaves
    their baseline and role to an ancestor (a group moved to the baseline, classed with the
    role), for a row of labels sharing both."""
    texts = []
    contents: dict[str, str] = {}  # a ladder's rungs repeat the same few texts
    size, colour, anchor, bold = inherited if inherited is not None else (None, None, None, None)
    for item in labels:
        line = item.line
        middle = item.anchor == "middle"
        x = line.x + line.width / 2 if middle else line.x
        content = contents.get(line.text)
        if content is None:
            content = contents[line.text] = text_content(line.text)
        if (on_row and line.size == size and item.colour == colour and item.anchor == anchor
                and (not line.bold) == (not bold)):  # a rung: everything inherited
            texts.append(f'<text x="{num(x)}">{content}</text>')
            continue
        head = (f'<text x="{num(x)}"' if on_row
                else f'<text x="{num(x)}" y="{num(line.baseline)}"')
        if inherited is None or line.size != inherited[0]:
            head += f' font-size="{num(line.size)}"'
        if inherited is None or item.colour != inherited[1]:
            head += f' fill="{item.colour}"'
        if inherited is None or item.anchor != inherited[2]:
            head += f' text-anchor="{item.anchor}"'
        if line.bold and (inherited is None or not inherited[3]):
            head += ' font-weight="bold"'
        elif not line.bold and inherited is not None and inherited[3]:
            head += ' font-weight="normal"'
        if item.role and not on_row:
            head += f' class="{item.role}"'
        texts.append(f"{head}>{content}</text>")
    return texts


def figure_shapes(figure: Figure) -> list[str]:
    """The figure's shapes as ``<path>`` elements (each with its role as class)."""
    paths = []
    for shape in figure.shapes:
        element = f'<path d="{path_data(shape.path)}" fill="{shape.fill or "none"}"'
        if shape.stroke:
            element += f' stroke="{shape.stroke}" stroke-width="{num(shape.width)}"'
        if shape.role:
            element += f' class="{shape.role}"'
        paths.append(element + "/>")
    return paths


def _shape_elements(shape: MarkerShape) -> str:
    outline = f'<path d="{svg_path_data(shape.outline)}" fill="{shape.fill or "none"}"'
    if shape.stroke:
        outline += f' stroke="{shape.stroke}" stroke-width="{num(shape.stroke_width)}"'
    outline += "/>"
    if shape.mark:
        outline += f'<path d="{svg_path_data(shape.mark)}" fill="{shape.mark_colour}"/>'
    return outline


#: Room around an arrow head inside its marker (the mitred tip reaches past the point).
ARROW_MARGIN = 4.0


def arrow_marker(marker_id: str, stroke: HandoffStroke) -> str:
    """A ``<marker>`` drawing ``stroke``'s open arrow head pointing along +x, its tip at the
    reference point, in the user units of the path it ends (the head does not grow with the
    stroke's width)."""
    margin = ARROW_MARGIN
    wing, tip, other = arrow_head([(-1.0, 0.0), (0.0, 0.0)])
    left = min(wing[0], other[0])
    top = min(wing[1], other[1], tip[1])
    dx, dy = margin - left, margin - top
    width = tip[0] - left + 2 * margin
    height = max(wing[1], other[1]) - top + 2 * margin
    points = polyline_points([(x + dx, y + dy) for x, y in (wing, tip, other)])
    return (f'<marker id="{marker_id}" markerUnits="userSpaceOnUse" orient="auto" '
            f'markerWidth="{num(width)}" markerHeight="{num(height)}" '
            f'refX="{num(tip[0] + dx)}" refY="{num(tip[1] + dy)}">'
            f'<polyline points="{points}" fill="none" stroke="{stroke.colour}" '
            f'stroke-width="{num(stroke.width)}"/></marker>')


class MarkerDefs:
    """The ``<defs>`` of reusable symbols, each added on first use; ids start with ``prefix``
    (chosen so no map element id can collide). :meth:`text` is the finished element."""

    def __init__(self, prefix: str) -> None:
        self.prefix = prefix
        self._made: dict[str, str] = {}
        self._figures: dict[tuple[str, Hashable], str] = {}
        self._numbers: dict[str, int] = {}
        #: Hrefs callers found for their own keys (a faster way back to a symbol).
        self.found: dict[Hashable, str] = {}

    def _href(self, key: str, body: Callable[[], str]) -> str:
        href = "#" + self.prefix + key
        if key not in self._made:
            self._made[key] = ""  # reserved first: a body may use other symbols
            self._made[key] = f'<g id="{self.prefix}{key}">{body()}</g>'
        return href

    def text(self) -> str:
        """The ``<defs>`` element holding every symbol used so far."""
        return "<defs>" + "".join(self._made.values()) + "</defs>"

    def layer(self, layer: str, linked: bool) -> str:
        """The href of one P1–P4 marker (its top-left corner at the origin)."""
        def body() -> str:
            shape = layer_marker(layer, linked, 0.0, 0.0)
            size = sizes.LAYER_MARKER_SIZE
            baseline = size / 2 + (ascent(shape.label_size, True)
                                   - descent(shape.label_size, True)) / 2
            return (_shape_elements(shape)
                    + f'<text x="{num(size / 2)}" y="{num(baseline)}" '
                      f'fill="{shape.label_colour}" font-size="{num(shape.label_size)}" '
                      f'font-weight="bold" text-anchor="middle">{shape.label}</text>')

        return self._href(f"{layer}-{int(linked)}", body)

    def coverage(self, linked: Sequence[bool]) -> str:
        """The href of the row of four markers for one coverage pattern."""
        def body() -> str:
            step = sizes.LAYER_MARKER_SIZE + sizes.LAYER_MARKER_GAP
            return "".join(
                use(self.layer(layer, bool(flag)), i * step, 0.0, body=title(
                    f"{layer} {'linked' if flag else 'not linked'}"))
                for i, (layer, flag) in enumerate(zip(LAYERS, linked, strict=True))
            )

        return self._href("cov-" + "".join("1" if flag else "0" for flag in linked), body)

    def severity(self, severity: str) -> str:
        """The href of a severity marker (its box's top-left corner at the origin)."""
        return self._href("sev-" + attr_value(severity),
                          lambda: _shape_elements(severity_marker(severity, 0.0, 0.0)))

    def improvement(self, kind: str) -> str:
        """The href of an improvement burst (its box's top-left corner at the origin)."""
        return self._href("imp-" + attr_value(kind),
                          lambda: _shape_elements(improvement_marker(kind, 0.0, 0.0)))

    def arrow(self, kind: str) -> str:
        """The href of the open arrow head of a handoff ``kind`` (its stroke's colour and
        width, the style's :func:`~vsm_editor.style.strokes.arrow_head`) as a ``<marker>``
        whose tip sits on a path's end, turned along its last segment."""
        key = "arrow-" + attr_value(kind)
        if key not in self._made:
            self._made[key] = arrow_marker(self.prefix + key, handoff_stroke(kind))
        return "#" + self.prefix + key

    def symbol(self, kind: str, key: Hashable, body: Callable[[], str],
               suffix: str = "") -> str:
        """The href of a symbol whose content ``body`` makes on first use; symbols of one
        ``kind`` are numbered in order of first use, one per distinct ``key`` (ids
        ``{kind}-{number}{suffix}``)."""
        href = self._figures.get((kind, key))
        if href is None:
            number = self._numbers[kind] = self._numbers.get(kind, -1) + 1
            href = self._figures[(kind, key)] = self._href(f"{kind}-{number}{suffix}", body)
        return href

    def figure(self, kind: str, key: Hashable, make: Callable[[], Figure]) -> str:
        """The href of a figure drawn at the origin (shapes and labels, no title), made by
        ``make`` on first use: data-box frames, the queue triangle. Symbols of one ``kind``
        are numbered in order of first use, one per distinct ``key``."""
        def body() -> str:
            figure = make()
            return "".join(figure_shapes(figure) + figure_labels(figure))

        return self.symbol(kind, key, body)
