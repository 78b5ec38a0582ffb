"""Small drawings as plain data: filled or stroked paths and laid-out text lines.

The flow drawings (data boxes, the timeline ladder, the Lean symbols) are computed once here
in map units and drawn as they are by the SVG export, the PNG/PDF painter and the canvas, so
they look the same everywhere. A :class:`Figure` knows what it is about (``kind`` and
``element``) and a tooltip, and its bounding box for placing other things around it.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

from vsm_editor.model.geometry import Rect
from vsm_editor.model.quick_init import quick_init
from vsm_editor.style.layout import TextLine
from vsm_editor.style.paths import Path, translated
from vsm_editor.style.text import ascent, measure

Anchor = Literal["start", "middle"]


@quick_init
@dataclass(frozen=True, slots=True)
class Shape:
    """A path filled with ``fill`` and/or stroked with ``stroke`` (None: not at all)."""

    path: Path
    fill: str | None
    stroke: str | None = None
    width: float = 1.0
    role: str = ""


@quick_init
@dataclass(frozen=True, slots=True)
class Label:
    """One line of text in ``colour``; ``anchor`` says whether ``line.x`` is its left edge
    or whether it is centred on ``line.center_x``. ``role`` names it (an SVG class)."""

    line: TextLine
    colour: str
    anchor: Anchor = "start"
    role: str = ""

    @property
    def text(self) -> str:
        return self.line.text


@dataclass(slots=True)
class Figure:
    """A drawing about ``element`` (a stage or handoff id, or None for the stream): shapes
    first, labels on top, inside ``bounds``."""

    kind: str
    element: str | None
    bounds: Rect
    shapes: list[Shape] = field(default_factory=list)
    labels: list[Label] = field(default_factory=list)
    title: str = ""

    def moved(self, dx: float, dy: float) -> Figure:
        """The same figure shifted by (dx, dy)."""
        return Figure(
            self.kind, self.element, shift_rect(self.bounds, dx, dy),
            [Shape(translated(s.path, dx, dy), s.fill, s.stroke, s.width, s.role)
             for s in self.shapes],
            [Label(shift_line(lab.line, dx, dy), lab.colour, lab.anchor, lab.role)
             for lab in self.labels],
            self.title,
        )


def text_line(text: str, x: float, baseline: float, size: float, bold: bool = False,
              anchor: Anchor = "start") -> TextLine:
    """A measured line whose left edge (``start``) or centre (``middle``) is at ``x``."""
    width = measure(text, size, bold)
    left = x - width / 2 if anchor == "middle" else x
    return TextLine(text, left, baseline, width, size, bold)


def label(text: str, x: float, top: float, size: float, colour: str, *, bold: bool = False,
          anchor: Anchor = "start", role: str = "") -> Label:
    """A :class:`Label` whose line's top is at ``top``."""
    line = text_line(text, x, top + ascent(size, bold), size, bold, anchor)
    return Label(line, colour, anchor, role)


def shift_line(line: TextLine, dx: float, dy: float) -> TextLine:
    return TextLine(line.text, line.x + dx, line.baseline + dy, line.width, line.size,
                    line.bold)


def shift_rect(rect: Rect, dx: float, dy: float) -> Rect:
    return Rect(rect.x + dx, rect.y + dy, rect.width, rect.height)


def union(rects: Iterable[Rect]) -> Rect | None:
    """The smallest rectangle holding all ``rects`` (None when there are none)."""
    items = list(rects)
    if not items:
        return None
    left = min(r.x for r in items)
    top = min(r.y for r in items)
    right = max(r.right for r in items)
    bottom = max(r.bottom for r in items)
    return Rect(left, top, right - left, bottom - top)


def snapped(rect: Rect) -> Rect:
    """``rect`` grown outwards to whole units (so drawings framed by it get whole sizes)."""
    left, top = math.floor(rect.x), math.floor(rect.y)
    return Rect(left, top, math.ceil(rect.right) - left, math.ceil(rect.bottom) - top)


def line_rect(line: TextLine) -> Rect:
    """The box a text line covers (ascent to descent)."""
    return Rect(line.x, line.top, line.width, line.bottom - line.top)


#: An indexed box: its owner and its left, top, right and bottom edges.
_Entry = tuple[str, float, float, float, float]


class RectIndex:
    """Rectangles by id bucketed in a coarse grid, answering "does this box hit any other
    than ``own``" fast on maps with thousands of stages.

    A box is kept, with its edges, in every cell it covers (a huge one, over 256 cells: only
    in its first). Cells are keyed by their column and row, ``x // CELL`` (a float, or the
    int it equals: the two hash and compare alike)."""

    CELL = 256.0

    def __init__(self, rects: Mapping[str, Rect] | None = None) -> None:
        self.cells: dict[tuple[float, float], list[_Entry]] = {}
        if rects:
            self.add_all(rects.items())

    def add(self, owner: str, rect: Rect) -> None:
        cells, cell = self.cells, self.CELL
        x, y = rect.x, rect.y
        right, bottom = x + rect.width, y + rect.height
        first = (x // cell, y // cell)
        if first == (right // cell, bottom // cell):  # the usual small box: one cell
            bucket = cells.get(first)
            if bucket is None:
                cells[first] = [(owner, x, y, right, bottom)]
            else:
                bucket.append((owner, x, y, right, bottom))
            return
        entry = (owner, x, y, right, bottom)
        for key in _cells(first, right // cell, bottom // cell):
            bucket = cells.get(key)
            if bucket is None:
                cells[key] = [entry]
            else:
                bucket.append(entry)

    def add_all(self, items: Iterable[tuple[str, Rect]]) -> None:
        """:meth:`add` each (owner, rect) of ``items``."""
        add = self.add
        for owner, rect in items:
            add(owner, rect)

    def copy(self) -> RectIndex:
        """An index of the same rectangles that can grow on its own."""
        twin = RectIndex()
        twin.cells = {key: bucket.copy() for key, bucket in self.cells.items()}
        return twin

    def hits(self, candidate: Rect, own: str = "") -> bool:
        left, top = candidate.x, candidate.y
        return self.hits_box(left, top, left + candidate.width, top + candidate.height, own)

    def hits_box(self, left: float, top: float, right: float, bottom: float,
                 own: str = "") -> bool:
        """:meth:`hits` for the box from (left, top) to (right, bottom), without making a
        :class:`Rect` of it."""
        cells, cell = self.cells, self.CELL
        first, last = (left // cell, top // cell), (right // cell, bottom // cell)
        for key in ((first,) if first == last else _cells(first, *last)):
            for other, x1, y1, x2, y2 in cells.get(key, ()):
                if left < x2 and x1 < right and top < y2 and y1 < bottom and other != own:
                    return True
        return False


def _cells(first: tuple[float, float], x1: float, y1: float
           ) -> Sequence[tuple[float, float]]:
    """The cells from ``first`` to column ``x1``, row ``y1`` (a box over 256 cells: only its
    first; none when it runs backwards)."""
    x0, y0 = first
    if y1 == y0 and x1 - x0 == 1.0:  # the usual boxes over two cells
        return (first, (x1, y0))
    if x1 == x0 and y1 - y0 == 1.0:
        return (first, (x0, y1))
    if x1 < x0 or y1 < y0:
        return ()
    if (x1 - x0 + 1) * (y1 - y0 + 1) > 256:
        return (first,)
    return [(x, y) for x in range(int(x0), int(x1) + 1) for y in range(int(y0), int(y1) + 1)]
