"""A spatial index of stage boxes for the router: which boxes lie near an area, and whether
an axis-parallel segment enters one.

Two kinds of look-up over the same boxes ``(x1, y1, x2, y2)``:

- a coarse uniform grid (cells of ``cell`` units, integer cell keys) for area look-ups
  (:meth:`BoxIndex.near`);
- bands for segment look-ups: the map cut across one axis at the box edges into bands
  (:class:`_Bands`), each band listing the boxes that cross it sorted by their leading edge
  along the other axis. Rows (cut at tops and bottoms) answer for segments wider than tall,
  columns (cut at lefts and rights) for the others.

Cutting at the box edges makes the bands follow the map: on a map laid out in rows and
columns a box lies in one band per axis, and a route running in the gap between two columns
meets no box at all. A segment query visits only the bands its grown extent crosses and, in
each, only the boxes whose leading edge is in range (both found by bisection), so its cost
depends on the boxes near the segment, not on the segment's length or on how large the
coordinates are. Edges closer than a minimum gap share a cut, and the gap doubles until the
bands hold at most :data:`BAND_BUDGET` entries per box, so building stays linear in practice.

Everything is bounded on any finite input: grid cell numbers of values beyond ±1e15 (or
infinite after an overflow) are pinned to the outermost cell, and a box spanning more than
:data:`MAX_SPAN` cells or bands is kept in a short list that every query checks.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping, Sequence
from itertools import islice
from operator import itemgetter, sub

from vsm_editor.model.geometry import Rect

Point = tuple[float, float]
Box = tuple[float, float, float, float]
#: A box in a band: its edges and its index.
_Entry = tuple[float, float, float, float, int]
_Band = tuple[list[float], list[_Entry], float, float, float]

#: Side of the coarse grid's cells (area look-ups).
CELL = 512.0
#: A box crossing more grid cells or bands than this is checked by every query instead.
MAX_SPAN = 4096
#: Smallest distance between two cuts of the bands (doubled while over budget).
MIN_BAND_GAP = 8.0
#: Entries per box that the bands may hold before the cuts are thinned out.
BAND_BUDGET = 4
_FAR = 1e15
_FAR_CELL = 1 << 62
#: Widening of the bisection bounds so rounding never drops a candidate; the exact test
#: decides.
_SLACK = 1.0


def cell_of(value: float, size: float) -> int:
    """The integer cell of ``value`` for cells of ``size`` (huge values share the last one)."""
    if -_FAR < value < _FAR:
        return int(value // size)
    return _FAR_CELL if value > 0 else -_FAR_CELL


def _thinned(edges: list[float], gap: float) -> list[float]:
    """The sorted ``edges`` with every edge closer than ``gap`` to the last kept one dropped."""
    kept: list[float] = []
    last = float("-inf")
    for edge in edges:
        if edge - last >= gap:
            kept.append(edge)
            last = edge
    return kept


def _with_edges(edges: list[float], more: Iterable[float]) -> list[float]:
    """The sorted distinct ``edges`` with ``more`` put in their places (``edges`` kept)."""
    merged = list(edges)
    for value in more:
        at = bisect_left(merged, value)
        if at == len(merged) or merged[at] != value:
            merged.insert(at, value)
    return merged


class _Bands:
    """The boxes in bands across one axis (``across``: 0 for columns, 1 for rows); in each
    band, the boxes crossing it sorted along the other axis.

    Band ``k`` holds the values ``v`` with ``bisect_right(cuts, v) == k``; a box is listed in
    every band that its open extent ``(low, high)`` reaches (a box without extent in the band
    of its edge).
    """

    __slots__ = ("cuts", "bands", "big")

    def __init__(self, entries: list[_Entry], across: int) -> None:
        along = 1 - across
        lows = [e[across] for e in entries]
        highs = [e[across + 2] for e in entries]
        edges = sorted(set(lows) | set(highs))
        gap, budget = MIN_BAND_GAP, BAND_BUDGET * len(entries)
        while True:
            cuts = _thinned(edges, gap)
            firsts = [bisect_right(cuts, low) for low in lows]
            spans = [
                (last if last > first else first) - first
                for first, last in zip(firsts, [bisect_left(cuts, high) for high in highs],
                                       strict=True)
            ]
            total = len(spans) + (sum(spans) if max(spans, default=0) <= MAX_SPAN
                                  else sum(min(span, MAX_SPAN) for span in spans))
            if total <= budget or len(cuts) < 2:
                break
            gap *= 2
        self.cuts = cuts
        members: list[list[_Entry] | None] = [None] * (len(cuts) + 1)
        big: list[_Entry] = []
        order = sorted(range(len(entries)), key=[e[along] for e in entries].__getitem__)
        for number in order:
            span = spans[number]
            first = firsts[number]
            if span == 0:
                band = members[first]
                if band is None:
                    members[first] = [entries[number]]
                else:
                    band.append(entries[number])
                continue
            if span > MAX_SPAN:
                big.append(entries[number])
                continue
            for k in range(first, first + span + 1):
                band = members[k]
                if band is None:
                    members[k] = [entries[number]]
                else:
                    band.append(entries[number])
        start, end = itemgetter(along), itemgetter(along + 2)
        low, high = itemgetter(across), itemgetter(across + 2)
        #: Per band: None when empty, else (leading edges, entries, longest extent, and the
        #: lowest and highest edge of its boxes across).
        self.bands: list[_Band | None] = [
            None if band is None else (
                list(map(start, band)), band,
                max(map(sub, map(end, band), map(start, band))),
                min(map(low, band)), max(map(high, band)),
            )
            for band in members
        ]
        self.big = big

    def with_big(self, entries: list[_Entry]) -> _Bands:
        """These bands with ``entries`` added to the boxes that every query checks."""
        bands = object.__new__(_Bands)
        bands.cuts, bands.bands, bands.big = self.cuts, self.bands, self.big + entries
        return bands


class BoxIndex:
    """The boxes, indexed for the router's "which boxes may touch this" questions."""

    def __init__(self, rects: Mapping[str, Rect], cell: float = CELL) -> None:
        self.cell = cell
        self.ids = list(rects)
        self.boxes: list[Box] = [(r.x, r.y, r.x + r.width, r.y + r.height)
                                 for r in rects.values()]
        self.position = {stage_id: i for i, stage_id in enumerate(self.ids)}
        #: Distinct box edges, sorted: where corridors between rows and columns can run.
        self.lefts = sorted({b[0] for b in self.boxes})
        self.tops = sorted({b[1] for b in self.boxes})
        self.rights = sorted({b[2] for b in self.boxes})
        self.bottoms = sorted({b[3] for b in self.boxes})
        cells: dict[tuple[int, int], list[int]] = {}
        self.cells = cells
        #: Boxes too large for the grid: part of every :meth:`near` answer.
        self.big: list[int] = []
        far = _FAR
        for i, (x1, y1, x2, y2) in enumerate(self.boxes):
            if -far < x1 < far and -far < x2 < far and -far < y1 < far and -far < y2 < far:
                cx1, cx2 = int(x1 // cell), int(x2 // cell)
                cy1, cy2 = int(y1 // cell), int(y2 // cell)
            else:
                cx1, cx2 = cell_of(x1, cell), cell_of(x2, cell)
                cy1, cy2 = cell_of(y1, cell), cell_of(y2, cell)
            if cx1 == cx2 and cy1 == cy2:
                bucket = cells.get((cx1, cy1))
                if bucket is None:
                    cells[(cx1, cy1)] = [i]
                else:
                    bucket.append(i)
                continue
            if (cx2 - cx1 + 1) * (cy2 - cy1 + 1) > MAX_SPAN:
                self.big.append(i)
                continue
            for cx in range(cx1, cx2 + 1):
                for cy in range(cy1, cy2 + 1):
                    bucket = cells.get((cx, cy))
                    if bucket is None:
                        cells[(cx, cy)] = [i]
                    else:
                        bucket.append(i)
        entries = [(*box, i) for i, box in enumerate(self.boxes)]
        self._rows = _Bands(entries, 1)
        self._columns = _Bands(entries, 0)

    def with_boxes(self, rects: Mapping[str, Rect]) -> BoxIndex:
        """This index and a few more boxes (stages being dragged over the others), which
        every query checks one by one; the grid and bands are shared, not rebuilt."""
        index = object.__new__(BoxIndex)
        index.cell, index.cells = self.cell, self.cells
        first = len(self.boxes)
        extra = [(r.x, r.y, r.x + r.width, r.y + r.height) for r in rects.values()]
        index.ids = self.ids + list(rects)
        index.boxes = self.boxes + extra
        index.position = dict(self.position)
        index.position.update((stage_id, first + n) for n, stage_id in enumerate(rects))
        # a drag adds its boxes on every mouse move: a copy with a few insertions, not a sort
        index.lefts = _with_edges(self.lefts, (b[0] for b in extra))
        index.tops = _with_edges(self.tops, (b[1] for b in extra))
        index.rights = _with_edges(self.rights, (b[2] for b in extra))
        index.bottoms = _with_edges(self.bottoms, (b[3] for b in extra))
        index.big = self.big + list(range(first, first + len(extra)))
        entries = [(*box, first + n) for n, box in enumerate(extra)]
        index._rows = self._rows.with_big(entries)
        index._columns = self._columns.with_big(entries)
        return index

    def near(self, x1: float, y1: float, x2: float, y2: float) -> set[int]:
        """Indices of the boxes in the grid cells the area touches."""
        cell = self.cell
        cx1, cx2 = cell_of(x1, cell), cell_of(x2, cell)
        cy1, cy2 = cell_of(y1, cell), cell_of(y2, cell)
        found: set[int] = set(self.big)
        if (cx2 - cx1 + 1) * (cy2 - cy1 + 1) > len(self.cells):
            for (cx, cy), bucket in self.cells.items():
                if cx1 <= cx <= cx2 and cy1 <= cy <= cy2:
                    found.update(bucket)
            return found
        cells = self.cells
        for cx in range(cx1, cx2 + 1):
            for cy in range(cy1, cy2 + 1):
                bucket = cells.get((cx, cy))
                if bucket:
                    found.update(bucket)
        return found

    def segment_blocked(self, a: Point, b: Point, margin: float, exempt: tuple[int, ...]) -> bool:
        """Whether the axis-parallel segment a–b enters a box's interior grown by ``margin``
        (the ``exempt`` boxes, the route's own ends, are not grown)."""
        return self.path_blocked((a, b), margin, exempt)

    def free_stretch(
        self, axis: int, at: float, low: float, high: float, reach: float
    ) -> tuple[float, float] | None:
        """How far a run may move across without entering a box: for a vertical run
        (``axis`` 0) at x = ``at`` over y in ``low``–``high``, the free x-interval around
        it; for a horizontal run (``axis`` 1) at y = ``at`` over x, the free y-interval.
        Clipped to ``reach`` either side; None when the run is inside a box already."""
        bands = self._columns if axis == 0 else self._rows
        cuts, members = bands.cuts, bands.bands
        free_low, free_high = at - reach, at + reach
        home = bisect_right(cuts, at)
        for k, step, limit in ((home, -1, free_low), (home + 1, 1, free_high)):
            while 0 <= k < len(members):
                if step < 0 and k < len(cuts) and cuts[k] < limit - _SLACK:
                    break
                if step > 0 and k > 0 and cuts[k - 1] > limit + _SLACK:
                    break
                band = members[k]
                k += step
                if band is None:
                    continue
                found = False
                starts, entries, longest, _, _ = band
                for n in range(bisect_left(starts, low - longest), bisect_left(starts, high)):
                    entry = entries[n]
                    b_low, b_high = entry[1 - axis], entry[3 - axis]
                    if not (b_low < high and low < b_high):
                        continue
                    a_low, a_high = entry[axis], entry[axis + 2]
                    if a_high <= at:
                        if a_high > free_low:
                            free_low = a_high
                        found = found or step < 0
                    elif a_low >= at:
                        if a_low < free_high:
                            free_high = a_low
                        found = found or step > 0
                    else:
                        return None
                if found:
                    break
        for entry in bands.big:
            if entry[1 - axis] < high and low < entry[3 - axis]:
                a_low, a_high = entry[axis], entry[axis + 2]
                if a_high <= at:
                    free_low = max(free_low, a_high)
                elif a_low >= at:
                    free_high = min(free_high, a_low)
                else:
                    return None
        return free_low, free_high

    def path_blocked(
        self, points: Sequence[Point], margin: float, exempt: tuple[int, ...]
    ) -> bool:
        """Whether any segment of the polyline is blocked (see :meth:`segment_blocked`)."""
        grown = margin if margin > 0.0 else 0.0
        grow = grown + _SLACK
        rows, columns = self._rows, self._columns
        bx, by = points[0]
        for point in islice(points, 1, None):
            x1, y1 = bx, by
            x2, y2 = bx, by = point
            if x2 < x1:
                x1, x2 = x2, x1
            if y2 < y1:
                y1, y2 = y2, y1
            if x2 - x1 >= y2 - y1:
                bands = rows
                across_1, across_2 = y1, y2
                start, end = x1 - grow, x2 + grow
            else:
                bands = columns
                across_1, across_2 = x1, x2
                start, end = y1 - grow, y2 + grow
            cuts, members = bands.cuts, bands.bands
            first = bisect_right(cuts, across_1 - grow)
            # Most segments are thin across: the next cut is past them, so they ask one band.
            if first == len(cuts) or cuts[first] > across_2 + grow:
                last = first
            else:
                last = bisect_right(cuts, across_2 + grow, first)
            for k in range(first, last + 1):
                band = members[k]
                if band is None:
                    continue
                starts, entries, longest, lowest, highest = band
                # No box of the band comes within the margin across: skip it (exact, as below).
                if not (lowest - grown < across_2 and across_1 < highest + grown):
                    continue
                for n in range(bisect_left(starts, start - longest), bisect_right(starts, end)):
                    ex1, ey1, ex2, ey2, i = entries[n]
                    m = 0.0 if i in exempt else margin
                    # The closed segment against the open grown box (also right for a point).
                    if ex1 - m < x2 and x1 < ex2 + m and ey1 - m < y2 and y1 < ey2 + m:
                        return True
            if bands.big:
                for ex1, ey1, ex2, ey2, i in bands.big:
                    m = 0.0 if i in exempt else margin
                    if ex1 - m < x2 and x1 < ex2 + m and ey1 - m < y2 and y1 < ey2 + m:
                        return True
        return False
