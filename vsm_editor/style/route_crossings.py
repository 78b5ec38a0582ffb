"""The routes drawn so far, indexed to count how many of them a candidate path would cross.
Internal to :mod:`vsm_editor.style.routing`, which uses it to choose among free paths.

Routes are right-angled, so every segment is horizontal or vertical. Vertical segments are
kept in horizontal bands (each band's segments sorted by x), horizontal ones in vertical
bands, and both by the line they lie on; a segment asks only the one band its line lies in,
so each meeting is counted once.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence

from vsm_editor.style.box_index import cell_of
from vsm_editor.style.route_plans import Point

#: Width of the bands.
BAND = 1024.0
#: Longer segments are neither indexed nor counted (they are rare, and costly to look
#: through on a large map).
MAX_LENGTH = 8 * BAND
_MAX_BANDS = int(MAX_LENGTH // BAND) + 2
_EPS = 1e-6


class RouteGrid:
    """The segments of the routes so far, by band (for crossing ones) and by the line
    they lie on (for ones running along)."""

    __slots__ = ("bands_x", "bands_y", "rows", "columns")

    def __init__(self) -> None:
        #: Band of y → the vertical segments reaching it: their x (sorted) and y-extents.
        self.bands_y: _Bands = {}
        #: Band of x → the horizontal segments reaching it: their y (sorted) and x-extents.
        self.bands_x: _Bands = {}
        #: y → the horizontal segments on that line, sorted by their left end (and the
        #: longest one's length); x → the vertical ones likewise.
        self.rows: _Lines = {}
        self.columns: _Lines = {}

    def add(self, points: Sequence[Point]) -> None:
        """Index the segments of one route."""
        for k in range(len(points) - 1):
            (ax, ay), (bx, by) = points[k], points[k + 1]
            if ay == by and ax != bx:
                _insert(ay, ax, bx, self.rows, self.bands_x)
            elif ax == bx and ay != by:
                _insert(ax, ay, by, self.columns, self.bands_y)

    def crossings(self, points: Sequence[Point], limit: int) -> int:
        """How many indexed segments the path's segments meet (crossing, touching or
        running along them), counting no further than ``limit``."""
        count = 0
        for k in range(len(points) - 1):
            (ax, ay), (bx, by) = points[k], points[k + 1]
            if ay == by and ax != bx:
                count += _meetings(ay, ax, bx, self.bands_y, self.rows, limit - count)
            elif ax == bx and ay != by:
                count += _meetings(ax, ay, by, self.bands_x, self.columns, limit - count)
            if count >= limit:
                return count
        return count


#: Band number → positions across (sorted) and extents along of the segments reaching it.
_Bands = dict[int, tuple[list[float], list[tuple[float, float]]]]
#: Line → starts (sorted), extents, and the longest extent's length.
_Lines = dict[float, tuple[list[float], list[tuple[float, float]], list[float]]]


def _insert(at: float, start: float, end: float, lines: _Lines, bands: _Bands) -> None:
    low, high = (start, end) if start < end else (end, start)
    if high - low > MAX_LENGTH:
        return
    line = lines.get(at)
    if line is None:
        lines[at] = ([low], [(low, high)], [high - low])
    else:
        starts, extents, longest = line
        i = bisect_right(starts, low)
        starts.insert(i, low)
        extents.insert(i, (low, high))
        if high - low > longest[0]:
            longest[0] = high - low
    first, last = cell_of(low, BAND), cell_of(high, BAND)
    if last - first > _MAX_BANDS:  # far out, where band numbers are pinned
        return
    for c in range(first, last + 1):
        band = bands.get(c)
        if band is None:
            bands[c] = ([at], [(low, high)])
        else:
            where, spans = band
            i = bisect_right(where, at)
            where.insert(i, at)
            spans.insert(i, (low, high))


def _meetings(
    at: float, start: float, end: float, bands: _Bands, lines: _Lines, limit: int
) -> int:
    """Indexed perpendicular segments that a segment at ``at`` from ``start`` to ``end``
    meets, plus the ones on its line that share a stretch with it (at most ``limit``)."""
    low, high = (start, end) if start < end else (end, start)
    if high - low > MAX_LENGTH:
        return 0
    count = 0
    line = lines.get(at)
    if line is not None:
        starts, extents, longest = line
        for i in range(bisect_left(starts, low - longest[0]), bisect_left(starts, high)):
            a, b = extents[i]
            if min(high, b) - max(low, a) > _EPS:
                count += 1
    band = bands.get(cell_of(at, BAND))
    if band is not None and count < limit:
        where, spans = band
        for i in range(bisect_left(where, low - _EPS), bisect_right(where, high + _EPS)):
            a, b = spans[i]
            if a - _EPS <= at <= b + _EPS:
                count += 1
                if count >= limit:
                    break
    return count
