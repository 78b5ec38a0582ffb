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

Every step is bounded (a fixed number of candidates, a search grid of limited size, index
queries that never walk empty space), so routing ends on any finite coordinates.
"""

from __future__ import annotations

import gc
import heapq
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from vsm_editor.model.entities import AnatomyMap
from vsm_editor.model.geometry import Rect, lane_tops, stage_rect
from vsm_editor.style import sizes
from vsm_editor.style.box_index import BoxIndex
from vsm_editor.style.route_channels import channel_paths, rework_sides
from vsm_editor.style.route_plans import (
    NORMALS,
    Plan,
    Point,
    Side,
    assign_ports,
    facing_sides,
    number_parallels,
)
from vsm_editor.style.route_search import coincides, grid_search

__all__ = [
    "BoxIndex", "HandoffLike", "Point", "Route", "Side", "nearest_sides", "route_all",
    "route_map",
]

_WINDOW_PADS = (2 * sizes.ROUTE_MARGIN + 60.0, 400.0, 1200.0)
_MAX_OBSTACLES = 800
_CORRIDOR_TRIES = 16
_NO_SEGMENTS: tuple[tuple[Point, Point], ...] = ()


class HandoffLike(Protocol):
    """What the router reads from a handoff."""

    id: str
    source: str
    target: str
    kind: str


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
    # Routing makes many small objects that all live on in the result: pausing the cyclic
    # garbage collector meanwhile saves it from scanning them again and again (a quarter of
    # the time on large maps). Nothing made here forms reference cycles.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _route_all(rects, handoffs, margin)
    finally:
        if collecting:
            gc.enable()


def _route_all(
    rects: Mapping[str, Rect], handoffs: Iterable[HandoffLike], margin: float
) -> dict[str, Route]:
    index = BoxIndex(rects)
    position, boxes = index.position, index.boxes
    plans: list[Plan] = []
    for handoff in handoffs:
        source = position.get(handoff.source)
        target = position.get(handoff.target)
        if source is None or target is None:
            continue
        if source == target:
            sides: tuple[Side, Side] = ("right", "top")
        elif handoff.kind == "rework":
            sides = rework_sides(index, source, target, margin)
        else:
            sides = facing_sides(boxes[source], boxes[target], margin)
        plans.append(Plan(handoff, source, target, *sides))
    number_parallels(plans)
    assign_ports(boxes, plans)
    router = _Router(index, margin)
    route = router.route
    return {plan.handoff.id: route(plan) for plan in plans}


def route_map(anatomy: AnatomyMap, rects: Mapping[str, Rect] | None = None) -> dict[str, Route]:
    """Routes for all handoffs of ``anatomy`` (between ``rects``, by default the stored boxes;
    pass :func:`vsm_editor.style.layout.laid_out_rects` to route between the drawn ones)."""
    if rects is None:
        tops = lane_tops(anatomy)
        rects = {stage.id: stage_rect(stage, tops) for stage in anatomy.stages}
    return route_all(rects, anatomy.handoffs)


class _Router:
    def __init__(self, index: BoxIndex, margin: float) -> None:
        self.index = index
        self.margin = margin
        self.channels: dict[float, list[tuple[float, float]]] = {}
        #: Segments already used by the routes between each pair of boxes (only pairs
        #: joined by more than one handoff).
        self.taken: dict[tuple[int, int], list[tuple[Point, Point]]] = {}

    def route(self, plan: Plan) -> Route:
        points, clear = self._points(plan)
        (ax, ay), (bx, by) = points[0], points[-1]
        if len(points) == 2 and (abs(ax - bx) >= 1e-9 or abs(ay - by) >= 1e-9):
            label = ((ax + bx) / 2, (ay + by) / 2)  # what the general case gives for it
        else:
            points = _simplify(points)
            label = _label_position(points)
        if plan.parallel_count > 1:
            pair = (min(plan.source, plan.target), max(plan.source, plan.target))
            self.taken.setdefault(pair, []).extend(zip(points, points[1:], strict=False))
        return Route(points, label, plan.handoff.kind, plan.source_side, plan.target_side, clear)

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
        if (plan.source_side == "right" and plan.target_side == "left"
                and abs(ps[1] - pt[1]) < 1e-6 and pt[0] > ps[0]):
            # The common case, neighbours in a row: the first simple candidate, a straight line.
            straight = [ps, pt]
            if (not index.segment_blocked(ps, pt, margin, exempt)
                    and not coincides(straight, siblings)):
                return straight, True
        elif plan.handoff.kind == "rework" and plan.source_side == plan.target_side:
            for points in channel_paths(index, source, target, plan.source_side,
                                        ps, pt, margin, self.channels):
                if not blocked(points, margin, exempt) and not coincides(points, siblings):
                    y = points[1][1]
                    self.channels.setdefault(round(y, 3), []).append(
                        (min(ps[0], pt[0]) - 1.0, max(ps[0], pt[0]) + 1.0)
                    )
                    return points, True
        for candidate in self._simple(plan):
            if not blocked(candidate, margin, exempt) and not coincides(candidate, siblings):
                return candidate, True
        for candidate in self._corridors(plan):
            if not blocked(candidate, margin, exempt) and not coincides(candidate, siblings):
                return candidate, True
        found = self._search(plan, siblings)
        if found is not None:
            return found, True
        fallback = next(iter(self._simple(plan)), None)
        if fallback is None:  # no simple shape leaves and enters right: a plain right angle
            vertical = plan.source_side in ("top", "bottom")
            fallback = [ps, (ps[0], pt[1]) if vertical else (pt[0], ps[1]), pt]
        return fallback, not blocked(fallback, 0.0, exempt)

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
        for pad in _WINDOW_PADS:
            window = (min(sb[0], tb[0]) - pad, min(sb[1], tb[1]) - pad,
                      max(sb[2], tb[2]) + pad, max(sb[3], tb[3]) + pad)
            near = index.near(*window)
            if len(near) > _MAX_OBSTACLES:
                return None
            for margin in (self.margin + shift, self.margin / 2, 2.0, 0.5):
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
    anchors = (s_at, min(s_at, t_at), max(s_at, t_at))
    ranked = heapq.nsmallest(_CORRIDOR_TRIES, [
        (abs(s_at - v) + abs(t_at - v), abs(s_at - v), n, v)
        for edges, first, last, sign, base in (
            (befores, first_b, last_b, -1, -first_b),
            (afters, first_a, last_a, 1, last_b - first_b - first_a),
        )
        for n, v in _levels_near(edges, first, last, sign, (margin, shift), base, anchors)
    ])
    return [level for *_, level in ranked]


def _levels_near(
    edges: list[float], first: int, last: int, sign: int, gap: tuple[float, float],
    base: int, anchors: tuple[float, ...],
) -> Iterator[tuple[int, float]]:
    """``(base + i, level)`` with the corridor level the sum of ``gap`` before (``sign`` -1)
    or after (+1) ``edges[i]``, for the indices ``first <= i < last`` within :data:`_CORRIDOR_TRIES`
    (and a spare) places of the level nearest to any of the ``anchors``."""
    reach = _CORRIDOR_TRIES + 2
    margin, shift = gap
    picked: set[int] = set()
    for anchor in anchors:
        at = bisect_left(edges, anchor - sign * (margin + shift), first, last)
        picked.update(range(max(first, at - reach), min(last, at + reach)))
    for i in sorted(picked):
        yield base + i, (edges[i] - margin - shift if sign < 0 else edges[i] + margin + shift)


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
    """The middle of the route's longest horizontal segment (else of its longest one)."""
    best_length, best = -1.0, (points[0], points[-1])
    for horizontal_only in (True, False):
        for a, b in zip(points, points[1:], strict=False):
            if horizontal_only and a[1] != b[1]:
                continue
            length = abs(b[0] - a[0]) + abs(b[1] - a[1])
            if length > best_length:
                best_length, best = length, (a, b)
        if best_length > 0:
            break
    a, b = best
    return ((a[0] + b[0]) / 2, (a[1] + b[1]) / 2)
