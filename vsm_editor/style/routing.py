"""Handoff routes: right-angled polylines between the nearest sides of two stage boxes.

A route never passes through a third stage's box. The common cases (a straight line, or one
Z-shaped jog through the gap between the boxes) are tried first, one at a time, and checked
against a spatial index of the boxes (:mod:`~vsm_editor.style.box_index`); then paths through
one corridor between rows (or columns) of boxes; only when all are blocked does an A* search
run over the sparse grid formed by the box edges near the two boxes
(:mod:`~vsm_editor.style.route_search`).

Handoffs sharing a side of a box get separate attachment points, so parallel handoffs between
the same two stages never coincide (:mod:`~vsm_editor.style.route_plans`); rework handoffs
leave and enter through the bottom (or top) and run in a channel below (or above) the row of
boxes between them (:mod:`~vsm_editor.style.route_channels`).

Flow handoffs are routed first; the other handoffs then take, of their first few free
paths (for a rework also a channel on the other side of its row and a route between facing
sides), the one crossing the routes so far least (:mod:`~vsm_editor.style.route_crossings`).
Finally the ports of each box side are re-dealt by where their routes turn, and the runs
sharing a free gap get their own tracks (:mod:`~vsm_editor.style.route_tidy`).

Every step is bounded (a fixed number of candidates, a search grid of limited size, index
queries that never walk empty space), so routing ends on any finite coordinates.
"""

from __future__ import annotations

import gc
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from itertools import chain
from typing import Protocol

from vsm_editor.model.entities import AnatomyMap
from vsm_editor.model.geometry import Rect, lane_tops, stage_rect
from vsm_editor.model.quick_init import quick_init
from vsm_editor.style import sizes
from vsm_editor.style.box_index import BoxIndex
from vsm_editor.style.route_channels import ChannelLevels, channel_paths, rework_sides
from vsm_editor.style.route_crossings import RouteGrid
from vsm_editor.style.route_plans import (
    NORMALS,
    Plan,
    Point,
    Side,
    assign_ports,
    facing_sides,
    number_parallels,
    side_point,
)
from vsm_editor.style.route_search import coincides, grid_search
from vsm_editor.style.route_tidy import KnownRuns, assign_tracks, order_ports

__all__ = [
    "BoxIndex", "HandoffLike", "Point", "Route", "Side", "nearest_sides", "route_all",
    "route_among",
    "route_map",
]

_WINDOW_PADS = (2 * sizes.ROUTE_MARGIN + 60.0, 400.0, 1200.0)
_MAX_OBSTACLES = 800
_CORRIDOR_TRIES = 16
#: Free paths compared by crossings for a non-flow handoff.
_CHOICES = 8
_NO_LIMIT = 1 << 30
_SNAP = 1e-6  # coordinates closer than this are the same
_NO_SEGMENTS: tuple[tuple[Point, Point], ...] = ()
#: Shapes of the candidates compared by crossings.
_CHANNEL, _SIMPLE, _CORRIDOR = 0, 1, 2


class HandoffLike(Protocol):
    """What the router reads from a handoff."""

    id: str
    source: str
    target: str
    kind: str


@quick_init  # made by the thousand
@dataclass(frozen=True, slots=True)
class Route:
    """A handoff's drawn path, first point on the source box, last on the target box.

    ``clear`` is False only when no path around the other boxes could be found (e.g. the
    source box is buried under overlapping stages); the points are then a plain jog.
    """

    points: list[Point]
    label_pos: Point
    kind: str
    source_side: Side = "right"
    target_side: Side = "left"
    clear: bool = True


def nearest_sides(
    source: Rect, target: Rect, margin: float = sizes.ROUTE_MARGIN
) -> tuple[Side, Side]:
    """The facing sides of two boxes: left and right when there is room for a route between
    them side by side (maps flow left to right), else top and bottom; boxes that overlap
    face along the axis where they are further apart."""
    return facing_sides((source.x, source.y, source.right, source.bottom),
                        (target.x, target.y, target.right, target.bottom), margin)


def route_all(
    rects: Mapping[str, Rect],
    handoffs: Iterable[HandoffLike],
    margin: float = sizes.ROUTE_MARGIN,
) -> dict[str, Route]:
    """Routes for every handoff whose two stages are in ``rects``, by handoff id."""
    with _collector_paused():
        return _route_all(BoxIndex(rects), handoffs, margin, False)


def route_among(
    index: BoxIndex,
    handoffs: Iterable[HandoffLike],
    margin: float = sizes.ROUTE_MARGIN,
    preview: bool = False,
) -> dict[str, Route]:
    """:func:`route_all` among the boxes of an index made beforehand (a drag reuses one).

    ``preview`` (while a stage is dragged) bounds the last-resort search to the nearest
    window and the full margin, so a move is answered in a few milliseconds; where that
    finds nothing the route takes its simple shape until the drop routes it in full."""
    with _collector_paused():
        return _route_all(index, handoffs, margin, preview)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Routing makes many small objects that all live on in the result: pausing the cyclic
    garbage collector meanwhile saves it from scanning them again and again (a quarter of
    the time on large maps). Nothing made here forms reference cycles."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


def _untangle_siblings(plans, paths: list[list[Point]], untidy: list[list[Point]]) -> None:
    """Handoffs between the same two stages must stay apart: where tidying made two of
    them run along one line, the whole group goes back to its paths before tidying."""
    groups: dict[tuple[int, int], list[int]] = {}
    for number, plan in enumerate(plans):
        if plan.parallel_count > 1:  # numbered with the others between the same two boxes
            source, target = plan.source, plan.target
            key = (source, target) if source <= target else (target, source)
            groups.setdefault(key, []).append(number)
    for numbers in groups.values():
        if len(numbers) > 1 and _any_overlap([paths[n] for n in numbers]):
            for n in numbers:
                paths[n][:] = untidy[n]


def _any_overlap(lines: list[list[Point]]) -> bool:
    for i, first in enumerate(lines):
        for second in lines[i + 1:]:
            for a1, a2 in zip(first, first[1:], strict=False):
                for b1, b2 in zip(second, second[1:], strict=False):
                    if _collinear_overlap(a1, a2, b1, b2):
                        return True
    return False


def _collinear_overlap(a1: Point, a2: Point, b1: Point, b2: Point) -> bool:
    for axis in (0, 1):
        if abs(a1[axis] - a2[axis]) < _SNAP and abs(b1[axis] - b2[axis]) < _SNAP \
                and abs(a1[axis] - b1[axis]) < _SNAP:
            other = 1 - axis
            low = max(min(a1[other], a2[other]), min(b1[other], b2[other]))
            high = min(max(a1[other], a2[other]), max(b1[other], b2[other]))
            return high - low > _SNAP
    return False


def _square(points: list[Point]) -> None:
    """Make runs that are straight up to float noise exactly straight (ports placed by
    fractions of two different sides can differ in the last bit)."""
    ax, ay = points[0]
    for i in range(1, len(points)):
        bx, by = points[i]
        if ax != bx and ay != by:
            if abs(ax - bx) < _SNAP:
                bx = ax
                points[i] = (bx, by)
            elif abs(ay - by) < _SNAP:
                by = ay
                points[i] = (bx, by)
        ax, ay = bx, by


def _route_all(
    index: BoxIndex, handoffs: Iterable[HandoffLike], margin: float, preview: bool
) -> dict[str, Route]:
    position, boxes = index.position, index.boxes
    plans: list[Plan] = []
    levels: ChannelLevels = {}
    for handoff in handoffs:
        source = position.get(handoff.source)
        target = position.get(handoff.target)
        if source is None or target is None:
            continue
        if source == target:
            sides: tuple[Side, Side] = ("right", "top")
        elif handoff.kind == "rework":
            sides = rework_sides(index, source, target, margin, levels)
        else:
            sides = facing_sides(boxes[source], boxes[target], margin)
        plans.append(Plan(handoff, source, target, *sides))
    number_parallels(plans)
    assign_ports(boxes, plans)
    router = _Router(index, margin, preview, levels)
    ports = router.ports
    for plan in plans:
        for key, port in (((plan.source, plan.source_side), plan.source_port),
                          ((plan.target, plan.target_side), plan.target_port)):
            value = _along(port, key[1])
            taken = ports.get(key)
            if taken is None:
                ports[key] = [value]
            else:
                taken.append(value)
    path = router.path
    # Flow handoffs first: the others then pick the paths that cross them least.
    found: list[tuple[list[Point], bool]] = [([], True)] * len(plans)
    for number in sorted(range(len(plans)), key=lambda n: plans[n].handoff.kind != "flow"):
        found[number] = path(plans[number])
    paths = [points for points, _ in found]
    # Ports and tracks depend on each other: deal the ports again once the tracks are
    # known, then place the tracks for the final ports.
    # (only handoffs between the same two stages may go back to their untidy paths)
    untidy = [list(points) if plan.parallel_count > 1 else points
              for plan, points in zip(plans, paths, strict=True)]
    order_ports(index, plans, paths)
    known: KnownRuns = {}
    moved = assign_tracks(index, plans, paths, (0,), known)
    order_ports(index, plans, paths, moved)
    assign_tracks(index, plans, paths, (0, 1), known)
    _untangle_siblings(plans, paths, untidy)
    routes: dict[str, Route] = {}
    for plan, points, (_, clear) in zip(plans, paths, found, strict=True):
        _square(points)
        (ax, ay), (bx, by) = points[0], points[-1]
        if len(points) == 2:
            label = ((ax + bx) / 2, (ay + by) / 2)
        else:
            label = _label_position(points)
        routes[plan.handoff.id] = Route(
            points, label, plan.handoff.kind, plan.source_side, plan.target_side, clear
        )
    return routes


def route_map(anatomy: AnatomyMap, rects: Mapping[str, Rect] | None = None) -> dict[str, Route]:
    """Routes for all handoffs of ``anatomy`` (between ``rects``, by default the stored boxes;
    pass :func:`vsm_editor.style.layout.laid_out_rects` to route between the drawn ones)."""
    if rects is None:
        tops = lane_tops(anatomy)
        rects = {stage.id: stage_rect(stage, tops) for stage in anatomy.stages}
    return route_all(rects, anatomy.handoffs)


class _Router:
    def __init__(
        self, index: BoxIndex, margin: float, preview: bool = False,
        levels: ChannelLevels | None = None,
    ) -> None:
        self.index = index
        self.margin = margin
        #: Rework channel levels found so far (see :func:`channel_paths`).
        self.levels: ChannelLevels = {} if levels is None else levels
        #: The last resort's search windows, and how many of its margins it tries
        #: (the first of each while dragging).
        self.search_pads = _WINDOW_PADS[:1] if preview else _WINDOW_PADS
        self.search_margins = 1 if preview else 4
        self.channels: dict[float, list[tuple[float, float]]] = {}
        #: Segments already used by the routes between each pair of boxes (only pairs
        #: joined by more than one handoff).
        self.taken: dict[tuple[int, int], list[tuple[Point, Point]]] = {}
        #: The ports on each side of each box (their place along the side).
        self.ports: dict[tuple[int, str], list[float]] = {}
        #: The routes so far, to choose the paths of non-flow handoffs by crossings.
        self.grid = RouteGrid()

    def path(self, plan: Plan) -> tuple[list[Point], bool]:
        """The plan's polyline (without repeated or straight-through points) and whether
        it is clear of the other boxes."""
        points, clear = self._points(plan)
        (ax, ay), (bx, by) = points[0], points[-1]
        if len(points) != 2 or (abs(ax - bx) < 1e-9 and abs(ay - by) < 1e-9):
            points = _simplify(points)
        if plan.parallel_count > 1:
            pair = (min(plan.source, plan.target), max(plan.source, plan.target))
            self.taken.setdefault(pair, []).extend(zip(points, points[1:], strict=False))
        self.grid.add(points)
        return points, clear

    def _points(self, plan: Plan) -> tuple[list[Point], bool]:
        index, margin = self.index, self.margin
        source, target = plan.source, plan.target
        exempt = (source, target)
        ps, pt = plan.source_port, plan.target_port
        siblings: Sequence[tuple[Point, Point]] = _NO_SEGMENTS
        if plan.parallel_count > 1:
            siblings = self.taken.get((min(exempt), max(exempt)), _NO_SEGMENTS)
        blocked = index.path_blocked

        if source == target:
            return self._self_loop(plan), True
        tried_straight = False
        if (plan.source_side == "right" and plan.target_side == "left"
                and abs(ps[1] - pt[1]) < 1e-6 and pt[0] > ps[0]):
            # The common case, neighbours in a row: the first simple candidate, a straight line.
            straight = [ps, pt]
            if not blocked(straight, margin, exempt) and not coincides(straight, siblings):
                return straight, True
            tried_straight = True
        elif plan.handoff.kind != "flow":
            best = self._least_crossing(plan, siblings)
            if best is not None:
                return best, True
        for candidate in self._simple(plan):
            if tried_straight and len(candidate) == 2:
                continue  # that straight line again
            if not blocked(candidate, margin, exempt) and not coincides(candidate, siblings):
                return candidate, True
        ends_blocked: bool | None = None
        for candidate in self._corridors(plan):
            if ends_blocked is None:  # the end segments are the same for all corridors
                ends_blocked = (blocked(candidate[:2], margin, exempt)
                                or blocked(candidate[-2:], margin, exempt))
                if ends_blocked:
                    break
            if not blocked(candidate[1:-1], margin, exempt) and not coincides(candidate, siblings):
                return candidate, True
        found = self._search(plan, siblings)
        if found is not None:
            return found, True
        fallback = next(iter(self._simple(plan)), None)
        if fallback is None:  # no simple shape leaves and enters right: a plain right angle
            vertical = plan.source_side in ("top", "bottom")
            fallback = [ps, (ps[0], pt[1]) if vertical else (pt[0], ps[1]), pt]
        return fallback, not blocked(fallback, 0.0, exempt)

    def _least_crossing(
        self, plan: Plan, siblings: Sequence[tuple[Point, Point]]
    ) -> list[Point] | None:
        """Of the first free channel, simple and corridor paths, the one crossing the
        routes drawn so far least (the earliest on a tie); None when none is free. A
        rework also tries a channel on the other side of its row and a route between
        the facing sides, and takes their sides and ports when one of those wins."""
        index, margin = self.index, self.margin
        exempt = (plan.source, plan.target)
        blocked, crossings = index.path_blocked, self.grid.crossings
        best: list[Point] | None = None
        best_plan = plan
        best_channel = False
        best_count = 0
        tried = 0
        for option in self._options(plan):
            channel = option.handoff.kind == "rework" and option.source_side == option.target_side
            candidates: Iterator[tuple[list[Point], int]] = chain(
                ((points, _CHANNEL) for points in (
                    channel_paths(index, option.source, option.target, option.source_side,
                                  option.source_port, option.target_port, margin,
                                  self.channels, self.levels)
                    if channel else ())),
                ((points, _SIMPLE) for points in self._simple(option)),
                ((points, _CORRIDOR) for points in self._corridors(option)),
            )
            tried = 0
            # The option's corridors all step out of the boxes alike: the crossings of their
            # two end segments, and whether those are blocked, are found once.
            end_count = -1
            ends_blocked: bool | None = None
            for points, shape in candidates:
                # Counting (stopped at the best count) is cheaper than checking the boxes.
                limit = best_count if best is not None else _NO_LIMIT
                if shape == _CORRIDOR:
                    if end_count < 0:
                        end_count = (crossings(points[:2], _NO_LIMIT)
                                     + crossings(points[-2:], _NO_LIMIT))
                    count = end_count if end_count >= limit else (
                        end_count + crossings(points[1:-1], limit - end_count))
                else:
                    count = crossings(points, limit)
                if best is not None and count >= best_count:
                    tried += 1  # no better, free or not
                    if tried >= _CHOICES:
                        break
                    continue
                if shape == _CORRIDOR:
                    if ends_blocked is None:
                        ends_blocked = (blocked(points[:2], margin, exempt)
                                        or blocked(points[-2:], margin, exempt))
                    if ends_blocked:
                        break  # so are all the option's corridors (they come last)
                    if blocked(points[1:-1], margin, exempt):
                        continue
                elif blocked(points, margin, exempt):
                    continue
                if coincides(points, siblings):
                    continue
                best, best_count, best_plan = points, count, option
                best_channel = shape == _CHANNEL
                tried += 1
                if best_count == 0 or tried >= _CHOICES:
                    break
            if best is not None and best_count == 0:
                break
        if best is None:
            return None
        if best_plan is not plan:
            for box, side, port in ((plan.source, plan.source_side, plan.source_port),
                                    (plan.target, plan.target_side, plan.target_port)):
                self.ports[(box, side)].remove(_along(port, side))
            plan.source_side, plan.target_side = best_plan.source_side, best_plan.target_side
            plan.source_port, plan.target_port = best_plan.source_port, best_plan.target_port
            for box, side, port in ((plan.source, plan.source_side, plan.source_port),
                                    (plan.target, plan.target_side, plan.target_port)):
                self.ports.setdefault((box, side), []).append(_along(port, side))
        if best_channel:
            ps, pt = plan.source_port, plan.target_port
            self.channels.setdefault(round(best[1][1], 3), []).append(
                (min(ps[0], pt[0]) - 1.0, max(ps[0], pt[0]) + 1.0)
            )
        return best

    def _options(self, plan: Plan) -> Iterator[Plan]:
        """The plan itself; for a rework also the other channel side and the facing sides,
        on ports next to the ones those sides have."""
        yield plan
        if plan.handoff.kind != "rework" or plan.parallel_count > 1:
            return
        boxes = self.index.boxes
        sb, tb = boxes[plan.source], boxes[plan.target]
        other: Side = "top" if plan.source_side == "bottom" else "bottom"
        facing = facing_sides(sb, tb, self.margin)
        for source_side, target_side in ((other, other), facing):
            if (source_side, target_side) == (plan.source_side, plan.target_side):
                continue
            source_port = self._spare_port(plan.source, source_side)
            target_port = self._spare_port(plan.target, target_side)
            if source_port is None or target_port is None:
                continue
            yield replace(plan, source_side=source_side, target_side=target_side,
                          source_port=source_port, target_port=target_port)

    def _spare_port(self, box: int, side: Side) -> Point | None:
        """The middle of the side if no handoff uses it, else a point next to its ports."""
        taken = self.ports.get((box, side))
        if not taken:
            return side_point(self.index.boxes[box], side, 0.0)
        x1, y1, x2, y2 = self.index.boxes[box]
        along = 1 if side in ("left", "right") else 0
        low, high = (y1, y2) if along else (x1, x2)
        inset = sizes.STAGE_CORNER_RADIUS
        for value in (max(taken) + sizes.PORT_SPACING, min(taken) - sizes.PORT_SPACING):
            if low + inset <= value <= high - inset:
                base = side_point(self.index.boxes[box], side, 0.0)
                return (base[0], value) if along else (value, base[1])
        return None

    def _self_loop(self, plan: Plan) -> list[Point]:
        x1, y1, x2, y2 = self.index.boxes[plan.source]
        m = self.margin
        cx = (x1 + x2) / 2 + plan.parallel_index * sizes.ROUTE_SPACING
        cy = (y1 + y2) / 2 - plan.parallel_index * sizes.ROUTE_SPACING
        out = x2 + m + plan.parallel_index * sizes.ROUTE_SPACING
        above = y1 - m - plan.parallel_index * sizes.ROUTE_SPACING
        return [(x2, cy), (out, cy), (out, above), (cx, above), (cx, y1)]

    def _simple(self, plan: Plan) -> Iterator[list[Point]]:
        """Straight, Z-shaped and L-shaped candidates between the two ports, made one at a
        time (the first one is usually free)."""
        ps, pt = plan.source_port, plan.target_port
        ds, dt = NORMALS[plan.source_side], NORMALS[plan.target_side]
        if ds[0] != 0 and dt[0] != 0:  # leaving and entering sideways
            if abs(ps[1] - pt[1]) < 1e-6 and (pt[0] - ps[0]) * ds[0] > 0:
                straight = [ps, pt]
                if _leaves_outwards(straight, ds, dt):
                    yield straight
            shift = (plan.parallel_index - (plan.parallel_count - 1) / 2) * sizes.ROUTE_SPACING
            step = self.margin + abs(shift)
            offset = -shift if (pt[1] > ps[1]) == (ds[0] > 0) else shift
            for x in ((ps[0] + pt[0]) / 2 + offset, ps[0] + ds[0] * step + offset,
                      pt[0] + dt[0] * step + offset):
                candidate = [ps, (x, ps[1]), (x, pt[1]), pt]
                if _leaves_outwards(candidate, ds, dt):
                    yield candidate
        elif ds[1] != 0 and dt[1] != 0:  # leaving and entering vertically
            if abs(ps[0] - pt[0]) < 1e-6 and (pt[1] - ps[1]) * ds[1] > 0:
                straight = [ps, pt]
                if _leaves_outwards(straight, ds, dt):
                    yield straight
            shift = (plan.parallel_index - (plan.parallel_count - 1) / 2) * sizes.ROUTE_SPACING
            step = self.margin + abs(shift)
            offset = -shift if (pt[0] > ps[0]) == (ds[1] > 0) else shift
            for y in ((ps[1] + pt[1]) / 2 + offset, ps[1] + ds[1] * step + offset,
                      pt[1] + dt[1] * step + offset):
                candidate = [ps, (ps[0], y), (pt[0], y), pt]
                if _leaves_outwards(candidate, ds, dt):
                    yield candidate
        else:  # one side horizontal, the other vertical: an L
            corner = (pt[0], ps[1]) if ds[0] != 0 else (ps[0], pt[1])
            candidate = [ps, corner, pt]
            if _leaves_outwards(candidate, ds, dt):
                yield candidate

    def _corridors(self, plan: Plan) -> Iterator[list[Point]]:
        """Paths that step out of both boxes and meet in one free corridor between rows (or
        columns) of boxes, nearest corridors first."""
        ps, pt = plan.source_port, plan.target_port
        ds, dt = NORMALS[plan.source_side], NORMALS[plan.target_side]
        horizontal = ds[0] != 0
        if horizontal != (dt[0] != 0):
            return
        m = self.margin
        # Parallel handoffs step out further and take corridors further out, one by one.
        shift = plan.parallel_index * sizes.ROUTE_SPACING
        step = m + shift
        s_out = (ps[0] + ds[0] * step, ps[1] + ds[1] * step)
        t_out = (pt[0] + dt[0] * step, pt[1] + dt[1] * step)
        index = self.index
        sb, tb = index.boxes[plan.source], index.boxes[plan.target]
        reach = 2 * max(sb[3] - sb[1], tb[3] - tb[1], sb[2] - sb[0], tb[2] - tb[0])
        axis = 1 if horizontal else 0
        low = min(s_out[axis], t_out[axis]) - reach
        high = max(s_out[axis], t_out[axis]) + reach
        befores, afters = (index.tops, index.bottoms) if horizontal else (index.lefts, index.rights)
        for level in _ranked_levels(befores, afters, low, high, m, shift,
                                    s_out[axis], t_out[axis]):
            if horizontal:
                yield [ps, s_out, (s_out[0], level), (t_out[0], level), t_out, pt]
            else:
                yield [ps, s_out, (level, s_out[1]), (level, t_out[1]), t_out, pt]

    def _search(self, plan: Plan, siblings: Sequence[tuple[Point, Point]]) -> list[Point] | None:
        """A* over the box-edge grid near the two boxes, widening the window on failure."""
        index = self.index
        boxes = index.boxes
        sb, tb = boxes[plan.source], boxes[plan.target]
        shift = plan.parallel_index * sizes.ROUTE_SPACING
        for pad in self.search_pads:
            window = (min(sb[0], tb[0]) - pad, min(sb[1], tb[1]) - pad,
                      max(sb[2], tb[2]) + pad, max(sb[3], tb[3]) + pad)
            near = index.near(*window)
            if len(near) > _MAX_OBSTACLES:
                return None
            margins = (self.margin + shift, self.margin / 2, 2.0, 0.5)
            for margin in margins[:self.search_margins]:
                points = grid_search(boxes, plan, near, window, margin, siblings)
                if (
                    points is not None
                    and not index.path_blocked(points, 0.0, (plan.source, plan.target))
                    and not coincides(points, siblings)
                ):
                    return points
        return None


def _ranked_levels(
    befores: list[float], afters: list[float], low: float, high: float, margin: float,
    shift: float, s_at: float, t_at: float,
) -> list[float]:
    """The corridor levels to try, best first: ``margin + shift`` before each edge of
    ``befores`` and after each of ``afters`` that lies in ``low``–``high``, ranked by least
    detour from ``s_at`` to ``t_at``, then nearest ``s_at``, then in the order of the edges
    (befores first); at most :data:`_CORRIDOR_TRIES` of them.

    Only the edges near ``s_at`` and near the ends of the stretch between the two can rank
    first, so only those are looked at (a long stretch may hold thousands of edges)."""
    first_b, last_b = bisect_left(befores, low), bisect_right(befores, high)
    first_a, last_a = bisect_left(afters, low), bisect_right(afters, high)
    ranked: list[tuple[float, float, int, float]] = []
    add = ranked.append
    gap = margin + shift
    # Entry numbers: the befores' in order, then the afters' (ties keep that order).
    for i in _indices_near(befores, first_b, last_b, s_at + gap, t_at + gap):
        v = befores[i] - margin - shift
        d = abs(s_at - v)
        add((d + abs(t_at - v), d, i - first_b, v))
    base = last_b - first_b - first_a
    for i in _indices_near(afters, first_a, last_a, s_at - gap, t_at - gap):
        v = afters[i] + margin + shift
        d = abs(s_at - v)
        add((d + abs(t_at - v), d, base + i, v))
    ranked.sort()
    return [entry[3] for entry in ranked[:_CORRIDOR_TRIES]]


def _indices_near(
    edges: list[float], first: int, last: int, one_at: float, two_at: float
) -> Iterable[int]:
    """The indices ``first <= i < last`` within :data:`_CORRIDOR_TRIES` (and a spare)
    places of where ``one_at`` and ``two_at`` fall in ``edges``, in increasing order."""
    reach = _CORRIDOR_TRIES + 2
    one = bisect_left(edges, one_at, first, last)
    two = bisect_left(edges, two_at, first, last)
    if two < one:
        one, two = two, one
    low_one, high_one = max(first, one - reach), min(last, one + reach)
    low_two, high_two = max(first, two - reach), min(last, two + reach)
    if low_two <= high_one:  # the two stretches overlap or touch: one range
        return range(low_one, max(high_one, high_two))
    return chain(range(low_one, high_one), range(low_two, high_two))


def _along(point: Point, side: str) -> float:
    return point[1] if side in ("left", "right") else point[0]


def _leaves_outwards(points: list[Point], ds: tuple[int, int], dt: tuple[int, int]) -> bool:
    """Whether the path leaves the source and enters the target across the chosen sides."""
    (ax, ay), (bx, by) = points[0], points[1]
    (cx, cy), (ex, ey) = points[-2], points[-1]
    first = (bx - ax) * ds[0] + (by - ay) * ds[1]
    last = (cx - ex) * dt[0] + (cy - ey) * dt[1]
    return first > 0 and last > 0


def _simplify(points: list[Point]) -> list[Point]:
    """Drop repeated points and the middle points of straight runs."""
    result: list[Point] = []
    for point in points:
        if result and abs(point[0] - result[-1][0]) < 1e-9 and abs(point[1] - result[-1][1]) < 1e-9:
            continue
        if len(result) >= 2:
            (ax, ay), (bx, by) = result[-2], result[-1]
            if (ax == bx == point[0]) or (ay == by == point[1]):
                if (bx - ax) * (point[0] - bx) >= 0 and (by - ay) * (point[1] - by) >= 0:
                    result[-1] = point
                    continue
        result.append(point)
    return result


def _label_position(points: list[Point]) -> Point:
    """The middle of the route's longest horizontal segment (else of its longest one; the
    first of equally long ones)."""
    level_length, level = -1.0, (points[0], points[-1])
    any_length, longest = -1.0, level
    a = points[0]
    for k in range(1, len(points)):
        b = points[k]
        length = abs(b[0] - a[0]) + abs(b[1] - a[1])
        if a[1] == b[1] and length > level_length:
            level_length, level = length, (a, b)
        if length > any_length:
            any_length, longest = length, (a, b)
        a = b
    if level_length > 0 or not any_length > level_length:
        a, b = level
    else:
        a, b = longest
    return ((a[0] + b[0]) / 2, (a[1] + b[1]) / 2)
