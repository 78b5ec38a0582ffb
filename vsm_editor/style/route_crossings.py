"""The routes drawn so far, indexed to count how many of them a candidate path would cross.
Internal to :mod:`vsm_editor.style.routing`, which uses it to choose among free paths.

Routes are right-angled, so every segment is horizontal or vertical. Vertical segments are
kept in horizontal bands (each band's segments sorted by x), horizontal ones in vertical
bands, and both by the line they lie on; a segment asks only the one band its line lies in,
so each meeting is counted once.

Adding a route only notes it; the next count files its segments (unsorted) under their
bands and lines, and a band or line is sorted the first time a count asks it. Most routes
are added before the first count and most bands are never asked, so the index costs one
pass over the segments (none when nothing is ever counted).
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
#: Beyond this, band numbers come from :func:`cell_of` (which pins them).
_FAR = 1e15

#: A filed segment: where it lies across, and its extent along.
_Filed = tuple[float, float, float]
#: A sorted band: positions across (sorted) and the segments in that order.
_Band = tuple[list[float], list[_Filed]]
#: A sorted line: left (or top) ends (sorted), extents in that order, and (in a list of
#: one) the longest extent.
_Line = tuple[list[float], list[tuple[float, float]], list[float]]


class RouteGrid:
    """The segments of the routes so far, by band (for crossing ones) and by the line
    they lie on (for ones running along)."""

    __slots__ = ("_bands", "_lines", "_new_bands", "_new_lines", "_pending")

    def __init__(self) -> None:
        #: Per axis of the segments (0: horizontal, 1: vertical): band number → the sorted
        #: segments reaching that band of the other axis ...
        self._bands: tuple[dict[int, _Band], dict[int, _Band]] = ({}, {})
        #: ... and line → the sorted segments on that line.
        self._lines: tuple[dict[float, _Line], dict[float, _Line]] = ({}, {})
        #: Segments filed since the band or line was last sorted.
        self._new_bands: tuple[dict[int, list[_Filed]], dict[int, list[_Filed]]] = ({}, {})
        self._new_lines: tuple[dict[float, list[tuple[float, float]]],
                               dict[float, list[tuple[float, float]]]] = ({}, {})
        #: Routes added since the last count (not to be changed until then).
        self._pending: list[Sequence[Point]] = []

    def add(self, points: Sequence[Point]) -> None:
        """Index the segments of one route (filed at the next count)."""
        self._pending.append(points)

    def _file_pending(self) -> None:
        """File the segments of the routes added since the last count under their lines
        and bands."""
        all_lines, all_new_lines = self._lines, self._new_lines
        all_bands, all_new_bands = self._bands, self._new_bands
        for points in self._pending:
            ax, ay = points[0]
            for k in range(1, len(points)):
                bx, by = points[k]
                if ay == by:
                    if ax == bx:
                        continue
                    axis, at, low, high = 0, ay, ax, bx
                elif ax == bx:
                    axis, at, low, high = 1, ax, ay, by
                else:
                    ax, ay = bx, by
                    continue
                ax, ay = bx, by
                if high < low:
                    low, high = high, low
                if high - low > MAX_LENGTH:
                    continue
                lines = all_lines[axis]
                line = lines.get(at) if lines else None
                if line is not None:  # sorted already: keep it so
                    _insert_in_line(line, low, high)
                else:
                    new_lines = all_new_lines[axis]
                    fresh = new_lines.get(at)
                    if fresh is None:
                        new_lines[at] = [(low, high)]
                    else:
                        fresh.append((low, high))
                if -_FAR < low and high < _FAR:
                    first, last = int(low // BAND), int(high // BAND)
                else:
                    first, last = cell_of(low, BAND), cell_of(high, BAND)
                if last - first > _MAX_BANDS:  # far out, where band numbers are pinned
                    continue
                bands, new_bands = all_bands[axis], all_new_bands[axis]
                filed = (at, low, high)
                if first == last and not bands:  # the usual case: one band, none sorted yet
                    fresh_band = new_bands.get(first)
                    if fresh_band is None:
                        new_bands[first] = [filed]
                    else:
                        fresh_band.append(filed)
                    continue
                for c in range(first, last + 1):
                    band = bands.get(c) if bands else None
                    if band is not None:  # sorted already: keep it so
                        i = bisect_right(band[0], at)
                        band[0].insert(i, at)
                        band[1].insert(i, filed)
                        continue
                    fresh_band = new_bands.get(c)
                    if fresh_band is None:
                        new_bands[c] = [filed]
                    else:
                        fresh_band.append(filed)
        self._pending.clear()

    def crossings(self, points: Sequence[Point], limit: int) -> int:
        """How many indexed segments the path's segments meet (crossing, touching or
        running along them), counting no further than ``limit``.

        A segment meets the indexed perpendicular segments it crosses or touches, and the
        ones on its own line that share a stretch with it."""
        if self._pending:
            self._file_pending()
        count = 0
        all_lines, all_bands = self._lines, self._bands
        ax, ay = points[0]
        for k in range(1, len(points)):
            bx, by = points[k]
            if ay == by and ax != bx:
                axis, at, low, high = 0, ay, ax, bx
            elif ax == bx and ay != by:
                axis, at, low, high = 1, ax, ay, by
            else:
                ax, ay = bx, by
                if count >= limit:
                    return count
                continue
            ax, ay = bx, by
            if high < low:
                low, high = high, low
            if high - low > MAX_LENGTH:
                if count >= limit:
                    return count
                continue
            line = all_lines[axis].get(at)
            if line is None:
                line = self._line(axis, at)
            if line is not None:
                starts, extents, longest = line
                for i in range(bisect_left(starts, low - longest[0]), bisect_left(starts, high)):
                    a, b = extents[i]
                    if min(high, b) - max(low, a) > _EPS:
                        count += 1
            if count >= limit:
                return count
            other = 1 - axis
            number = int(at // BAND) if -_FAR < at < _FAR else cell_of(at, BAND)
            band = all_bands[other].get(number)
            if band is None:
                band = self._band(other, number)
            if band is not None:
                where, filed = band
                for i in range(bisect_left(where, low - _EPS), bisect_right(where, high + _EPS)):
                    _, a, b = filed[i]
                    if a - _EPS <= at <= b + _EPS:
                        count += 1
                        if count >= limit:
                            return count
        return count

    def _line(self, axis: int, at: float) -> _Line | None:
        """The sorted segments on line ``at`` of ``axis`` (sorting the newly filed ones)."""
        lines = self._lines[axis]
        line = lines.get(at)
        if line is not None:
            return line
        fresh = self._new_lines[axis].pop(at, None)
        if fresh is None:
            return None
        fresh.sort()
        sorted_line = ([a for a, _ in fresh], fresh, [max(b - a for a, b in fresh)])
        lines[at] = sorted_line
        return sorted_line

    def _band(self, axis: int, number: int) -> _Band | None:
        """The sorted segments of ``axis`` in band ``number`` (sorting newly filed ones)."""
        bands = self._bands[axis]
        band = bands.get(number)
        if band is not None:
            return band
        fresh = self._new_bands[axis].pop(number, None)
        if fresh is None:
            return None
        fresh.sort()
        sorted_band = ([entry[0] for entry in fresh], fresh)
        bands[number] = sorted_band
        return sorted_band


def _insert_in_line(line: _Line, low: float, high: float) -> None:
    starts, extents, longest = line
    i = bisect_right(starts, low)
    starts.insert(i, low)
    extents.insert(i, (low, high))
    if high - low > longest[0]:
        longest[0] = high - low
