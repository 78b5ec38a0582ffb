"""Lean value-stream symbols: the queue triangle on each flow handoff with a wait, and the
supplier and customer markers at the stream's starts and ends.

The queue triangle (the "I" inventory symbol) sits on the route at its label anchor
(``Route.label_pos``) with the wait as text beside it: under the triangle on a horizontal
run, right of it on a vertical one. The supplier and customer markers are factory outlines
(a saw-tooth roof, as the Lean icon set draws them) left of each start stage and right of
each end stage, labelled. A stage that no flow handoff touches is neither, unless it is
marked start or end. The map's ``display.lean_symbols`` turns them all off.
"""

from __future__ import annotations

from collections.abc import Container, Mapping
from functools import lru_cache

from vsm_editor.model.entities import AnatomyMap, Handoff
from vsm_editor.model.geometry import Rect
from vsm_editor.style import palette, sizes
from vsm_editor.style.figure import (
    Figure,
    Label,
    RectIndex,
    Shape,
    label,
    line_rect,
    snapped,
    text_line,
    union,
)
from vsm_editor.style.flow_labels import duration_label
from vsm_editor.style.paths import Path, Point, polygon, rectangle
from vsm_editor.style.routing import Route
from vsm_editor.style.text import ascent, line_height, measure

TRIANGLE_WIDTH = 16.0
TRIANGLE_HEIGHT = 14.0
TRIANGLE_STROKE = 1.25
TRIANGLE_FILL = "#fefcbf"
QUEUE_LETTER_SIZE = 8.0
WAIT_GAP = 2.0
FACTORY_WIDTH = 40.0
FACTORY_HEIGHT = 30.0
FACTORY_GAP = 14.0
FACTORY_STROKE = 1.25
FACTORY_FILL = "#ffffff"
END_LABEL_SIZE = 9.0


def triangle(cx: float, cy: float, width: float = TRIANGLE_WIDTH,
             height: float = TRIANGLE_HEIGHT) -> Path:
    """An upward triangle whose box is centred on (cx, cy)."""
    top, bottom = cy - height / 2, cy + height / 2
    return polygon([(cx, top), (cx + width / 2, bottom), (cx - width / 2, bottom)])


def factory(x: float, y: float, width: float = FACTORY_WIDTH,
            height: float = FACTORY_HEIGHT) -> Path:
    """A factory outline in the box at (x, y): walls and a three-tooth saw roof."""
    eave, ridge = y + height * 0.45, y + height * 0.12
    points: list[Point] = [(x, y + height), (x, eave)]
    tooth = width / 3
    for i in range(3):
        left = x + i * tooth
        points += [(left + tooth, ridge), (left + tooth, eave if i < 2 else ridge)]
    points += [(x + width, y + height)]
    return polygon(points)


def factory_door(x: float, y: float, width: float = FACTORY_WIDTH,
                 height: float = FACTORY_HEIGHT) -> Path:
    """The door in the factory's middle."""
    door_w, door_h = width * 0.22, height * 0.3
    return rectangle(x + (width - door_w) / 2, y + height - door_h, door_w, door_h)


def _is_vertical_at(route: Route, point: Point) -> bool:
    """Whether the route runs vertically through ``point`` (its label anchor)."""
    px, py = point
    points = route.points
    ax, ay = points[0]
    for bx, by in points[1:]:
        if (-0.5 < ay - by < 0.5 and -0.5 < ay - py < 0.5
                and (ax <= px <= bx or bx <= px <= ax)):
            return False
        if (-0.5 < ax - bx < 0.5 and -0.5 < ax - px < 0.5
                and (ay <= py <= by or by <= py <= ay)):
            return True
        ax, ay = bx, by
    return False


class QueueSymbol:
    """A queue triangle (``figure``) and where its wait text goes: ``wait_box`` is a caption
    patch (caption font and padding) holding :func:`wait_lines` of ``wait_text`` centred;
    None when the wait is shown elsewhere (see :func:`queue_symbols`).

    ``box`` is the triangle's box (the figure's bounds). Compared by value like a frozen
    dataclass of ``handoff_id``, ``box``, ``wait_text`` and ``wait_box``: what its figure is
    drawn from. Made by :func:`queue_symbols`, its ``figure`` is drawn on first use, so
    exports that place :func:`queue_template` at ``box`` and the canvas for symbols never
    shown never build it.
    """

    __slots__ = ("handoff_id", "wait_text", "wait_box", "box", "_figure")

    def __init__(self, handoff_id: str, figure: Figure | None, wait_text: str,
                 wait_box: Rect | None, *, box: Rect | None = None) -> None:
        if box is None:
            if figure is None:
                raise ValueError("a queue symbol needs its figure or its triangle's box")
            box = figure.bounds
        _set_handoff_id(self, handoff_id)
        _set_wait_text(self, wait_text)
        _set_wait_box(self, wait_box)
        _set_box(self, box)
        _set_figure(self, figure)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"QueueSymbol is immutable: cannot set {name!r}")

    @property
    def title(self) -> str:
        return f"Queue: {self.wait_text}"

    @property
    def figure(self) -> Figure:
        """The triangle with its letter, titled with the wait."""
        figure = self._figure
        if figure is None:
            figure = _queue_figure(self.handoff_id, self.box, self.title)
            _set_figure(self, figure)
        return figure

    def _key(self) -> tuple[object, ...]:
        return (self.handoff_id, self.box, self.wait_text, self.wait_box)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self is other or self._key() == other._key()  # type: ignore[attr-defined]

    __hash__ = None  # type: ignore[assignment]  # like the dataclass: a Figure is unhashable

    def __reduce__(self) -> tuple[object, tuple[object, ...]]:
        return (QueueSymbol, (self.handoff_id, self.figure, self.wait_text, self.wait_box))

    def __repr__(self) -> str:
        return (f"QueueSymbol(handoff_id={self.handoff_id!r}, box={self.box!r}, "
                f"wait_text={self.wait_text!r}, wait_box={self.wait_box!r})")


#: The slots' setters (past the immutability guard, faster than ``object.__setattr__``).
_set_handoff_id, _set_wait_text, _set_wait_box, _set_box, _set_figure = (
    QueueSymbol.__dict__[name].__set__
    for name in ("handoff_id", "wait_text", "wait_box", "box", "_figure"))


class QueueDrawing:
    """A queue symbol and its wait caption as one drawing (the canvas shows them as one
    item): the triangle's and the caption's shapes, then their labels. The figure is drawn on
    first use; compared by value like the symbol."""

    __slots__ = ("symbol", "_figure")
    kind = "queue"

    def __init__(self, symbol: QueueSymbol) -> None:
        self.symbol = symbol
        self._figure: Figure | None = None

    @property
    def element(self) -> str:
        return self.symbol.handoff_id

    @property
    def bounds(self) -> Rect:
        symbol = self.symbol
        if symbol.wait_box is None:
            return symbol.box
        return union((symbol.box, symbol.wait_box))  # type: ignore[return-value]

    @property
    def title(self) -> str:
        return self.symbol.title

    def caption(self) -> Figure | None:
        """The wait caption alone (None when the symbol has no wait box)."""
        return None if self.symbol.wait_box is None else _wait_caption_figure(self.symbol)

    @property
    def figure(self) -> Figure:
        figure = self._figure
        if figure is None:
            triangle, caption = self.symbol.figure, self.caption()
            figure = Figure("queue", self.element, self.bounds, list(triangle.shapes),
                            list(triangle.labels), self.title)
            if caption is not None:
                figure.shapes.extend(caption.shapes)
                figure.labels.extend(caption.labels)
            self._figure = figure
        return figure

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self.symbol == other.symbol  # type: ignore[attr-defined]

    __hash__ = None  # type: ignore[assignment]


def _wait_caption_figure(symbol: QueueSymbol) -> Figure:
    box = symbol.wait_box
    assert box is not None
    size = sizes.LABEL_FONT_SIZE
    figure = Figure("queue-wait", symbol.handoff_id, box, title=symbol.title)
    figure.shapes.append(Shape(rectangle(box.x, box.y, box.width, box.height),
                               palette.HANDOFF_LABEL_BACKGROUND, None, 0.0, "caption"))
    baseline = box.y + sizes.LABEL_PADDING / 2 + ascent(size)
    centre = box.x + box.width / 2
    for line in wait_lines(symbol.wait_text):
        figure.labels.append(Label(text_line(line, centre, baseline, size, anchor="middle"),
                                   palette.TEXT_MUTED, "middle", "wait"))
        baseline += line_height(size)
    return figure


def _queue_figure(handoff_id: str | None, box: Rect, title: str) -> Figure:
    cx, cy = box.x + TRIANGLE_WIDTH / 2, box.y + TRIANGLE_HEIGHT / 2
    figure = Figure("queue", handoff_id, box, title=title)
    figure.shapes.append(Shape(triangle(cx, cy), TRIANGLE_FILL, palette.TEXT,
                               TRIANGLE_STROKE, "triangle"))
    baseline = cy + TRIANGLE_HEIGHT / 2 - 2.5
    figure.labels.append(label("I", cx, baseline - ascent(QUEUE_LETTER_SIZE, True),
                               QUEUE_LETTER_SIZE, palette.TEXT, bold=True,
                               anchor="middle", role="queue-letter"))
    return figure


def queue_template() -> Figure:
    """The queue triangle with its letter at the origin (its box's top-left corner), without
    a title: every symbol's figure is this moved to its ``box`` (exports can draw it once and
    place it per symbol)."""
    return _queue_figure(None, Rect(0.0, 0.0, TRIANGLE_WIDTH, TRIANGLE_HEIGHT), "")


def wait_text(handoff: Handoff) -> str:
    """The queue's text: ``wait ~3 wd``."""
    return "wait " + duration_label(handoff.wait)


def queue_symbols(anatomy: AnatomyMap, routes: Mapping[str, Route],
                  rects: Mapping[str, Rect] | None = None, *,
                  taken: RectIndex | None = None,
                  waits_shown: Container[str] = ()) -> list[QueueSymbol]:
    """A queue triangle with its wait on every routed flow handoff that has a wait.

    The triangle goes at the route's label anchor unless that spot is taken by a stage box
    in ``rects`` or an earlier symbol (two handoffs leaving on one stub), then at the middle
    of the route's next longest segment that is free; its wait ("wait" over the time, two
    short lines that fit between close stages) under it, above it or beside it, wherever it
    covers no stage and no other symbol.

    ``taken`` may give ``rects`` already indexed by stage id; each triangle and wait box is
    then added to it (by handoff id), so a caller can place more around them.
    ``waits_shown`` names handoffs whose wait a drawing shows elsewhere (the SVG export's
    data boxes): their symbols get no wait box (``wait_box`` None) and take no room for one.
    """
    if not anatomy.display.lean_symbols:
        return []
    if taken is None:
        taken = RectIndex(rects)
    symbols = []
    add = taken.add
    for handoff in anatomy.handoffs:
        if handoff.wait is None or handoff.kind != "flow":  # see shows_queue
            continue
        handoff_id = handoff.id
        route = routes.get(handoff_id)
        if route is None or len(route.points) < 2:
            continue
        text = wait_text(handoff)
        tri = _free_spot(route, taken)
        add(handoff_id, tri)
        box = None
        if handoff_id not in waits_shown:
            cx, cy = tri.x + TRIANGLE_WIDTH / 2, tri.y + TRIANGLE_HEIGHT / 2
            box = _wait_box(text, cx, cy, _is_vertical_at(route, (cx, cy)), taken)
            add(handoff_id, box)
        symbols.append(QueueSymbol(handoff_id, None, text, box, box=tri))
    return symbols


def wait_lines(text: str) -> tuple[str, ...]:
    """The wait text as its two caption lines: ``wait`` and the time."""
    head, _, tail = text.partition(" ")
    return (head, tail) if tail else (head,)


def _free_spot(route: Route, taken: RectIndex) -> Rect:
    """The triangle's box: at the label anchor, else at a free segment middle."""
    half_w, half_h = TRIANGLE_WIDTH / 2, TRIANGLE_HEIGHT / 2
    x, y = route.label_pos
    if not taken.hits_box(x - half_w, y - half_h, x + half_w, y + half_h):
        return Rect(x - half_w, y - half_h, TRIANGLE_WIDTH, TRIANGLE_HEIGHT)
    first = (x, y)
    points = route.points
    segments = sorted(zip(points, points[1:], strict=False),
                      key=lambda s: -(abs(s[1][0] - s[0][0]) + abs(s[1][1] - s[0][1])))
    for (ax, ay), (bx, by) in segments[:6]:
        for share in (0.5, 0.3, 0.7):
            x, y = ax + (bx - ax) * share, ay + (by - ay) * share
            if not taken.hits_box(x - half_w, y - half_h, x + half_w, y + half_h):
                return Rect(x - half_w, y - half_h, TRIANGLE_WIDTH, TRIANGLE_HEIGHT)
    x, y = first
    return Rect(x - half_w, y - half_h, TRIANGLE_WIDTH, TRIANGLE_HEIGHT)


@lru_cache(maxsize=4096)
def wait_box_size(text: str) -> tuple[float, float]:
    """The width and height of the caption patch holding :func:`wait_lines` of ``text``."""
    size, pad = sizes.LABEL_FONT_SIZE, sizes.LABEL_PADDING
    lines = wait_lines(text)
    width = max(measure(line, size) for line in lines) + 2 * pad
    return width, len(lines) * line_height(size) + pad


def _wait_box(text: str, cx: float, cy: float, vertical: bool, taken: RectIndex) -> Rect:
    width, height = wait_box_size(text)
    half_w, half_h = TRIANGLE_WIDTH / 2, TRIANGLE_HEIGHT / 2
    below = (cx - width / 2, cy + half_h + WAIT_GAP)
    above = (cx - width / 2, cy - half_h - WAIT_GAP - height)
    right = (cx + half_w + WAIT_GAP, cy - height / 2)
    left = (cx - half_w - WAIT_GAP - width, cy - height / 2)
    order = (right, left, below, above) if vertical else (below, above, right, left)
    for x, y in order:
        if not taken.hits_box(x, y, x + width, y + height):
            return Rect(x, y, width, height)
    return Rect(order[0][0], order[0][1], width, height)


def shows_queue(handoff: Handoff) -> bool:
    """Whether a handoff gets a queue triangle (a flow handoff with a wait)."""
    return handoff.kind == "flow" and handoff.wait is not None


def stream_ends(anatomy: AnatomyMap) -> tuple[list[str], list[str]]:
    """The start and end stages that get a supplier / customer marker."""
    flows = [handoff for handoff in anatomy.handoffs if handoff.kind == "flow"]
    outgoing = {handoff.source for handoff in flows}
    incoming = {handoff.target for handoff in flows}
    flowing = outgoing | incoming
    marked_starts = [s.id for s in anatomy.stages if s.start]
    marked_ends = [s.id for s in anatomy.stages if s.end]
    starts = marked_starts or [s.id for s in anatomy.stages
                               if s.id in flowing and s.id not in incoming]
    ends = marked_ends or [s.id for s in anatomy.stages
                           if s.id in flowing and s.id not in outgoing]
    return starts, ends


def end_markers(anatomy: AnatomyMap, rects: Mapping[str, Rect]) -> list[Figure]:
    """A supplier factory left of each start and a customer factory right of each end."""
    if not anatomy.display.lean_symbols:
        return []
    starts, ends = stream_ends(anatomy)
    figures = []
    for role, ids in (("supplier", starts), ("customer", ends)):
        word = "Supplier" if role == "supplier" else "Customer"
        for stage_id in ids:
            rect = rects.get(stage_id)
            if rect is None:
                continue
            text_height = line_height(END_LABEL_SIZE)
            y = rect.y + (rect.height - FACTORY_HEIGHT - text_height) / 2
            if role == "supplier":
                x = rect.x - FACTORY_GAP - FACTORY_WIDTH
            else:
                x = rect.right + FACTORY_GAP
            figure = Figure(role, stage_id, Rect(0, 0, 0, 0), title=f"{word} of the stream")
            figure.shapes.append(Shape(factory(x, y), FACTORY_FILL, palette.TEXT,
                                       FACTORY_STROKE, "factory"))
            figure.shapes.append(Shape(factory_door(x, y), palette.TEXT_MUTED, None, 0.0,
                                       "door"))
            caption = label(word, x + FACTORY_WIDTH / 2, y + FACTORY_HEIGHT + 1.0,
                            END_LABEL_SIZE, palette.TEXT_MUTED, anchor="middle",
                            role="end-label")
            figure.labels.append(caption)
            box = Rect(x, y, FACTORY_WIDTH, FACTORY_HEIGHT)
            figure.bounds = snapped(union([box, line_rect(caption.line)]) or box)
            figures.append(figure)
    return figures
