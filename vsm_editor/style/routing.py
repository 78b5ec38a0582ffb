"""Handoff routes: right-angled polylines between the nearest sides of two stage boxes.

A route never passes through a third stage's box. The common cases (a straight line, or one
Z-shaped jog through the gap between the boxes) are tried first and checked against a spatial
grid index of the boxes; only when they are blocked does an A* search run over the sparse
grid formed by the box edges (plus a clearance margin) near the two boxes.

Handoffs sharing a side of a box get separate attachment points, so parallel handoffs between
the same two stages never coincide; rework handoffs leave and enter through the bottom (or
top) and run in a channel below (or above) the row of boxes between them.
"""

from __future__ import annotations

import heapq
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Literal, Protocol

from vsm_editor.model.entities import AnatomyMap
from vsm_editor.model.geometry import Rect, lane_tops, stage_rect
from vsm_editor.style import sizes

Side = Literal["left", "right", "top", "bottom"]
Point = tuple[float, float]

_NORMALS: dict[str, tuple[int, int]] = {
    "left": (-1, 0), "right": (1, 0), "top": (0, -1), "bottom": (0, 1)
}
_CELL = 512.0
_BEND_COST = 24.0
_WINDOW_PADS = (2 * sizes.ROUTE_MARGIN + 60.0, 400.0, 1200.0)
_MAX_OBSTACLES = 800
_MAX_GRID_NODES = 60_000
_CHANNEL_TRIES = 12
_CORRIDOR_TRIES = 16


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


class BoxIndex:
    """A uniform grid over the boxes, answering "which boxes may touch this area"."""

    def __init__(self, rects: Mapping[str, Rect], cell: float = _CELL) -> None:
        self.cell = cell
        self.ids = list(rects)
        self.boxes = [(r.x, r.y, r.right, r.bottom) for r in rects.values()]
        self.position = {stage_id: i for i, stage_id in enumerate(self.ids)}
        self.cells: dict[tuple[int, int], list[int]] = defaultdict(list)
        #: Distinct box edges, sorted: where corridors between rows and columns can run.
        self.lefts = sorted({b[0] for b in self.boxes})
        self.tops = sorted({b[1] for b in self.boxes})
        self.rights = sorted({b[2] for b in self.boxes})
        self.bottoms = sorted({b[3] for b in self.boxes})
        for i, (x1, y1, x2, y2) in enumerate(self.boxes):
            for cx in range(int(x1 // cell), int(x2 // cell) + 1):
                for cy in range(int(y1 // cell), int(y2 // cell) + 1):
                    self.cells[(cx, cy)].append(i)

    def near(self, x1: float, y1: float, x2: float, y2: float) -> set[int]:
        """Indices of the boxes in the grid cells the area touches."""
        cell = self.cell
        cx1, cx2 = int(x1 // cell), int(x2 // cell)
        cy1, cy2 = int(y1 // cell), int(y2 // cell)
        found: set[int] = set()
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
        x1, x2 = (a[0], b[0]) if a[0] <= b[0] else (b[0], a[0])
        y1, y2 = (a[1], b[1]) if a[1] <= b[1] else (b[1], a[1])
        boxes, cells, cell = self.boxes, self.cells, self.cell
        for cx in range(int((x1 - margin) // cell), int((x2 + margin) // cell) + 1):
            for cy in range(int((y1 - margin) // cell), int((y2 + margin) // cell) + 1):
                for i in cells.get((cx, cy), ()):
                    m = 0.0 if i in exempt else margin
                    bx1, by1, bx2, by2 = boxes[i]
                    # The closed segment against the open grown box (also right for a point).
                    if bx1 - m < x2 and x1 < bx2 + m and by1 - m < y2 and y1 < by2 + m:
                        return True
        return False

    def path_blocked(self, points: list[Point], margin: float, exempt: tuple[int, ...]) -> bool:
        """Whether any segment of the polyline is blocked (see :meth:`segment_blocked`)."""
        return any(
            self.segment_blocked(a, b, margin, exempt)
            for a, b in zip(points, points[1:], strict=False)
        )


@dataclass(slots=True)
class _Plan:
    handoff: HandoffLike
    source: int
    target: int
    source_side: Side
    target_side: Side
    parallel_index: int = 0
    parallel_count: int = 1
    source_port: Point = (0.0, 0.0)
    target_port: Point = (0.0, 0.0)


def nearest_sides(
    source: Rect, target: Rect, margin: float = sizes.ROUTE_MARGIN
) -> tuple[Side, Side]:
    """The facing sides of two boxes: left and right when there is room for a route between
    them side by side (maps flow left to right), else top and bottom; boxes that overlap
    face along the axis where they are further apart."""
    right_gap = target.x - source.right
    left_gap = source.x - target.right
    down_gap = target.y - source.bottom
    up_gap = source.y - target.bottom
    side_by_side = max(right_gap, left_gap) >= 2 * margin
    if side_by_side or max(right_gap, left_gap) >= max(down_gap, up_gap):
        return ("right", "left") if right_gap >= left_gap else ("left", "right")
    return ("bottom", "top") if down_gap >= up_gap else ("top", "bottom")


def route_all(
    rects: Mapping[str, Rect],
    handoffs: Iterable[HandoffLike],
    margin: float = sizes.ROUTE_MARGIN,
) -> dict[str, Route]:
    """Routes for every handoff whose two stages are in ``rects``, by handoff id."""
    index = BoxIndex(rects)
    position = index.position
    plans: list[_Plan] = []
    for handoff in handoffs:
        source = position.get(handoff.source)
        target = position.get(handoff.target)
        if source is None or target is None:
            continue
        source_rect, target_rect = rects[handoff.source], rects[handoff.target]
        if source == target:
            sides: tuple[Side, Side] = ("right", "top")
        elif handoff.kind == "rework":
            sides = _rework_sides(index, source, target, margin)
        else:
            sides = nearest_sides(source_rect, target_rect, margin)
        plans.append(_Plan(handoff, source, target, *sides))
    _number_parallels(plans)
    _assign_ports(index, plans)
    router = _Router(index, margin)
    return {plan.handoff.id: router.route(plan) for plan in plans}


def route_map(anatomy: AnatomyMap, rects: Mapping[str, Rect] | None = None) -> dict[str, Route]:
    """Routes for all handoffs of ``anatomy`` (between ``rects``, by default the stored boxes;
    pass :func:`vsm_editor.style.layout.laid_out_rects` to route between the drawn ones)."""
    if rects is None:
        tops = lane_tops(anatomy)
        rects = {stage.id: stage_rect(stage, tops) for stage in anatomy.stages}
    return route_all(rects, anatomy.handoffs)


def _rework_sides(index: BoxIndex, source: int, target: int, margin: float) -> tuple[Side, Side]:
    """Bottom to bottom when a channel below the row is free, else top to top."""
    for side in ("bottom", "top"):
        if _channel(index, source, target, side, margin) is not None:
            return side, side  # type: ignore[return-value]
    return "bottom", "bottom"


def _number_parallels(plans: list[_Plan]) -> None:
    groups: dict[tuple[int, int], list[_Plan]] = defaultdict(list)
    for plan in plans:
        groups[(min(plan.source, plan.target), max(plan.source, plan.target))].append(plan)
    for group in groups.values():
        for i, plan in enumerate(group):
            plan.parallel_index = i
            plan.parallel_count = len(group)


def _side_point(box: tuple[float, float, float, float], side: str, offset: float) -> Point:
    x1, y1, x2, y2 = box
    if side in ("left", "right"):
        y = (y1 + y2) / 2 + offset
        return (x1 if side == "left" else x2, y)
    x = (x1 + x2) / 2 + offset
    return (x, y1 if side == "top" else y2)


def _assign_ports(index: BoxIndex, plans: list[_Plan]) -> None:
    """Spread the handoffs attached to one side of a box along that side."""
    boxes = index.boxes
    slots: dict[tuple[int, str], list[tuple[float, int, int, bool]]] = defaultdict(list)
    for number, plan in enumerate(plans):
        for own, other, side, is_source in (
            (plan.source, plan.target, plan.source_side, True),
            (plan.target, plan.source, plan.target_side, False),
        ):
            ox1, oy1, ox2, oy2 = boxes[other]
            along = (oy1 + oy2) / 2 if side in ("left", "right") else (ox1 + ox2) / 2
            slots[(own, side)].append((along, plan.parallel_index, number, is_source))
    for (box_number, side), entries in slots.items():
        entries.sort()
        x1, y1, x2, y2 = boxes[box_number]
        length = (y2 - y1) if side in ("left", "right") else (x2 - x1)
        usable = max(0.0, length - 2 * sizes.STAGE_CORNER_RADIUS)
        count = len(entries)
        spacing = min(sizes.PORT_SPACING, usable / count) if count > 1 else 0.0
        for i, (_, _, number, is_source) in enumerate(entries):
            point = _side_point(boxes[box_number], side, (i - (count - 1) / 2) * spacing)
            if is_source:
                plans[number].source_port = point
            else:
                plans[number].target_port = point
    _straighten(index, plans, slots)


def _straighten(
    index: BoxIndex, plans: list[_Plan],
    slots: dict[tuple[int, str], list[tuple[float, int, int, bool]]],
) -> None:
    """Line up the two ports of facing handoffs when both sides have room, so neighbours
    are joined by a straight line instead of a small jog."""
    boxes = index.boxes
    facing = {("right", "left"), ("left", "right"), ("bottom", "top"), ("top", "bottom")}

    def along(point: Point, side: str) -> float:
        return point[1] if side in ("left", "right") else point[0]

    def ports(box: int, side: str, skip: int) -> list[float]:
        found = []
        for _, _, number, is_source in slots[(box, side)]:
            if number != skip:
                plan = plans[number]
                found.append(along(plan.source_port if is_source else plan.target_port, side))
        return found

    def room(box: int, side: str, value: float, skip: int) -> bool:
        x1, y1, x2, y2 = boxes[box]
        low, high = (y1, y2) if side in ("left", "right") else (x1, x2)
        inset = sizes.STAGE_CORNER_RADIUS
        if not low + inset <= value <= high - inset:
            return False
        return all(abs(value - other) >= sizes.PORT_SPACING * 0.75
                   for other in ports(box, side, skip))

    for number, plan in enumerate(plans):
        sides = (plan.source_side, plan.target_side)
        if plan.source == plan.target or sides not in facing:
            continue
        a, b = along(plan.source_port, sides[0]), along(plan.target_port, sides[1])
        if a == b:
            continue
        for value in (a, b):
            if room(plan.source, sides[0], value, number) and room(
                plan.target, sides[1], value, number
            ):
                plan.source_port = _with_along(plan.source_port, sides[0], value)
                plan.target_port = _with_along(plan.target_port, sides[1], value)
                break


def _with_along(point: Point, side: str, value: float) -> Point:
    return (point[0], value) if side in ("left", "right") else (value, point[1])


def _channel(
    index: BoxIndex, source: int, target: int, side: str, margin: float
) -> list[Point] | None:
    """The first free rework path from the side centres (None when there is none)."""
    exempt = (source, target)
    for points in _channel_paths(index, source, target, side, None, None, margin, {}):
        if not index.path_blocked(points, margin, exempt):
            return points
    return None


def _channel_paths(
    index: BoxIndex, source: int, target: int, side: str,
    source_port: Point | None, target_port: Point | None, margin: float,
    used: dict[float, list[tuple[float, float]]],
) -> Iterator[list[Point]]:
    """Rework paths out of ``side`` of both boxes, joined by a horizontal channel beyond the
    boxes in between (below for "bottom", above for "top"), nearest channels first."""
    boxes = index.boxes
    sb, tb = boxes[source], boxes[target]
    ps = source_port or _side_point(sb, side, 0.0)
    pt = target_port or _side_point(tb, side, 0.0)
    x1, x2 = min(ps[0], pt[0]), max(ps[0], pt[0])
    sign = 1 if side == "bottom" else -1
    edge = max(ps[1], pt[1]) if sign > 0 else min(ps[1], pt[1])
    level = edge + sign * margin
    reach = 4 * max(sb[3] - sb[1], tb[3] - tb[1]) + 4 * margin
    near = index.near(x1 - margin, min(level, level + sign * reach),
                      x2 + margin, max(level, level + sign * reach))
    # Candidate levels: just past the two boxes, then just past each box in the corridor.
    candidates = {level}
    for i in near:
        bx1, by1, bx2, by2 = boxes[i]
        if bx1 - margin < x2 and x1 < bx2 + margin:
            candidates.add(by2 + margin if sign > 0 else by1 - margin)
    ordered = sorted(
        (y for y in candidates if (y - level) * sign >= 0), key=lambda y: abs(y - level)
    )
    for y in ordered[:_CHANNEL_TRIES]:
        y = _free_level(used, y, x1, x2, sign)
        yield [ps, (ps[0], y), (pt[0], y), pt]


def _free_level(used: dict[float, list[tuple[float, float]]], y: float, x1: float, x2: float,
                sign: int) -> float:
    """``y`` moved outwards until no other rework channel runs there over x1–x2."""
    for _ in range(50):
        spans = used.get(round(y, 3), ())
        if not any(a <= x2 and x1 <= b for a, b in spans):
            return y
        y += sign * sizes.ROUTE_SPACING
    return y


class _Router:
    def __init__(self, index: BoxIndex, margin: float) -> None:
        self.index = index
        self.margin = margin
        self.channels: dict[float, list[tuple[float, float]]] = defaultdict(list)
        #: Segments already used by the routes between each pair of boxes.
        self.taken: dict[tuple[int, int], list[tuple[Point, Point]]] = defaultdict(list)

    def route(self, plan: _Plan) -> Route:
        points, clear = self._points(plan)
        points = _simplify(points)
        pair = (min(plan.source, plan.target), max(plan.source, plan.target))
        self.taken[pair].extend(zip(points, points[1:], strict=False))
        return Route(points, _label_position(points), plan.handoff.kind,
                     plan.source_side, plan.target_side, clear)

    def _points(self, plan: _Plan) -> tuple[list[Point], bool]:
        index, margin = self.index, self.margin
        exempt = (plan.source, plan.target)
        ps, pt = plan.source_port, plan.target_port
        siblings = self.taken[(min(exempt), max(exempt))]

        def free(points: list[Point]) -> bool:
            return not index.path_blocked(points, margin, exempt) and not _coincides(
                points, siblings
            )

        if plan.source == plan.target:
            return self._self_loop(plan), True
        if plan.handoff.kind == "rework" and plan.source_side == plan.target_side:
            for points in _channel_paths(index, plan.source, plan.target, plan.source_side,
                                         ps, pt, margin, self.channels):
                if free(points):
                    y = points[1][1]
                    self.channels[round(y, 3)].append(
                        (min(ps[0], pt[0]) - 1.0, max(ps[0], pt[0]) + 1.0)
                    )
                    return points, True
        for candidate in self._simple(plan):
            if free(candidate):
                return candidate, True
        for candidate in self._corridors(plan):
            if free(candidate):
                return candidate, True
        found = self._search(plan, siblings)
        if found is not None:
            return found, True
        fallback = next(iter(self._simple(plan)), [ps, pt])
        return fallback, not index.path_blocked(fallback, 0.0, exempt)

    def _self_loop(self, plan: _Plan) -> list[Point]:
        x1, y1, x2, y2 = self.index.boxes[plan.source]
        m = self.margin
        cx = (x1 + x2) / 2 + plan.parallel_index * sizes.ROUTE_SPACING
        cy = (y1 + y2) / 2 - plan.parallel_index * sizes.ROUTE_SPACING
        out = x2 + m + plan.parallel_index * sizes.ROUTE_SPACING
        above = y1 - m - plan.parallel_index * sizes.ROUTE_SPACING
        return [(x2, cy), (out, cy), (out, above), (cx, above), (cx, y1)]

    def _simple(self, plan: _Plan) -> list[list[Point]]:
        """Straight, Z-shaped and L-shaped candidates between the two ports."""
        ps, pt = plan.source_port, plan.target_port
        ds, dt = _NORMALS[plan.source_side], _NORMALS[plan.target_side]
        m = self.margin
        shift = (plan.parallel_index - (plan.parallel_count - 1) / 2) * sizes.ROUTE_SPACING
        candidates: list[list[Point]] = []
        if ds[0] != 0 and dt[0] != 0:  # leaving and entering sideways
            if abs(ps[1] - pt[1]) < 1e-6 and (pt[0] - ps[0]) * ds[0] > 0:
                candidates.append([ps, pt])
            going_down = pt[1] > ps[1]
            offset = -shift if going_down == (ds[0] > 0) else shift
            near_source = ps[0] + ds[0] * (m + abs(shift))
            near_target = pt[0] + dt[0] * (m + abs(shift))
            for x in ((ps[0] + pt[0]) / 2 + offset, near_source + offset, near_target + offset):
                candidates.append([ps, (x, ps[1]), (x, pt[1]), pt])
        elif ds[1] != 0 and dt[1] != 0:  # leaving and entering vertically
            if abs(ps[0] - pt[0]) < 1e-6 and (pt[1] - ps[1]) * ds[1] > 0:
                candidates.append([ps, pt])
            going_right = pt[0] > ps[0]
            offset = -shift if going_right == (ds[1] > 0) else shift
            near_source = ps[1] + ds[1] * (m + abs(shift))
            near_target = pt[1] + dt[1] * (m + abs(shift))
            for y in ((ps[1] + pt[1]) / 2 + offset, near_source + offset, near_target + offset):
                candidates.append([ps, (ps[0], y), (pt[0], y), pt])
        else:  # one side horizontal, the other vertical: an L
            corner = (pt[0], ps[1]) if ds[0] != 0 else (ps[0], pt[1])
            candidates.append([ps, corner, pt])
        return [c for c in candidates if _leaves_outwards(c, ds, dt)]

    def _corridors(self, plan: _Plan) -> list[list[Point]]:
        """Paths that step out of both boxes and meet in one free corridor between rows (or
        columns) of boxes, nearest corridors first."""
        ps, pt = plan.source_port, plan.target_port
        ds, dt = _NORMALS[plan.source_side], _NORMALS[plan.target_side]
        horizontal = ds[0] != 0
        if horizontal != (dt[0] != 0):
            return []
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
        levels = [v - m - shift
                  for v in befores[bisect_left(befores, low):bisect_right(befores, high)]]
        levels += [v + m + shift
                   for v in afters[bisect_left(afters, low):bisect_right(afters, high)]]
        ranked = sorted(levels, key=lambda v: (
            abs(s_out[axis] - v) + abs(t_out[axis] - v), abs(s_out[axis] - v)
        ))
        candidates = []
        for level in ranked[:_CORRIDOR_TRIES]:
            if horizontal:
                middle = [(s_out[0], level), (t_out[0], level)]
            else:
                middle = [(level, s_out[1]), (level, t_out[1])]
            candidates.append([ps, s_out, *middle, t_out, pt])
        return candidates

    def _search(self, plan: _Plan, siblings: list[tuple[Point, Point]]) -> list[Point] | None:
        """A* over the box-edge grid near the two boxes, widening the window on failure."""
        boxes = self.index.boxes
        sb, tb = boxes[plan.source], boxes[plan.target]
        shift = plan.parallel_index * sizes.ROUTE_SPACING
        for pad in _WINDOW_PADS:
            window = (min(sb[0], tb[0]) - pad, min(sb[1], tb[1]) - pad,
                      max(sb[2], tb[2]) + pad, max(sb[3], tb[3]) + pad)
            near = self.index.near(*window)
            if len(near) > _MAX_OBSTACLES:
                return None
            for margin in (self.margin + shift, self.margin / 2, 2.0, 0.5):
                points = _grid_search(self.index, plan, near, window, margin, siblings)
                if (
                    points is not None
                    and not self.index.path_blocked(points, 0.0, (plan.source, plan.target))
                    and not _coincides(points, siblings)
                ):
                    return points
        return None


def _leaves_outwards(points: list[Point], ds: tuple[int, int], dt: tuple[int, int]) -> bool:
    """Whether the path leaves the source and enters the target across the chosen sides."""
    (ax, ay), (bx, by) = points[0], points[1]
    (cx, cy), (ex, ey) = points[-2], points[-1]
    first = (bx - ax) * ds[0] + (by - ay) * ds[1]
    last = (cx - ex) * dt[0] + (cy - ey) * dt[1]
    return first > 0 and last > 0


def _grid_search(
    index: BoxIndex, plan: _Plan, near: set[int],
    window: tuple[float, float, float, float], margin: float,
    siblings: list[tuple[Point, Point]],
) -> list[Point] | None:
    """Shortest path with few bends over the grid of (grown) box edges in ``window``,
    off the boxes and off the segments of the parallel routes already placed."""
    ps, pt = plan.source_port, plan.target_port
    ds, dt = _NORMALS[plan.source_side], _NORMALS[plan.target_side]
    start = (ps[0] + ds[0] * margin, ps[1] + ds[1] * margin)
    goal = (pt[0] + dt[0] * margin, pt[1] + dt[1] * margin)
    wx1, wy1, wx2, wy2 = window
    obstacles = []
    for i in near:
        x1, y1, x2, y2 = index.boxes[i]
        grown = (x1 - margin, y1 - margin, x2 + margin, y2 + margin)
        if grown[0] < wx2 and wx1 < grown[2] and grown[1] < wy2 and wy1 < grown[3]:
            obstacles.append(grown)
    half = sizes.ROUTE_SPACING / 2
    sibling_xs = {a[0] + d for a, b in siblings if a[0] == b[0] for d in (-half, 0.0, half)}
    sibling_ys = {a[1] + d for a, b in siblings if a[1] == b[1] for d in (-half, 0.0, half)}
    xs = sorted({wx1, wx2, start[0], goal[0]}
                | {v for o in obstacles for v in (o[0], o[2]) if wx1 < v < wx2}
                | {v for v in sibling_xs if wx1 < v < wx2})
    ys = sorted({wy1, wy2, start[1], goal[1]}
                | {v for o in obstacles for v in (o[1], o[3]) if wy1 < v < wy2}
                | {v for v in sibling_ys if wy1 < v < wy2})
    nx, ny = len(xs), len(ys)
    if nx * ny > _MAX_GRID_NODES:
        return None
    node_blocked = bytearray(nx * ny)
    h_blocked = bytearray(nx * ny)  # edge from (i, j) to (i + 1, j)
    v_blocked = bytearray(nx * ny)  # edge from (i, j) to (i, j + 1)
    for x1, y1, x2, y2 in obstacles:
        # Grid indices of the obstacle's edges; an edge outside the window lies beyond
        # the grid (index -1 or n), so the nodes up to the window's border count as inside.
        a = bisect_left(xs, x1) if x1 > wx1 else -1
        b = bisect_left(xs, x2) if x2 < wx2 else nx
        c = bisect_left(ys, y1) if y1 > wy1 else -1
        d = bisect_left(ys, y2) if y2 < wy2 else ny
        for j in range(max(c, 0), min(d, ny - 1) + 1):
            row = j * nx
            inner_row = c < j < d
            for i in range(max(a, 0), min(b, nx - 1) + 1):
                if inner_row:
                    if i < b:
                        h_blocked[row + i] = 1
                    if a < i < b:
                        node_blocked[row + i] = 1
                if a < i < b and j < d:
                    v_blocked[row + i] = 1
    _block_siblings(xs, ys, siblings, h_blocked, v_blocked)
    si, sj = bisect_left(xs, start[0]), bisect_left(ys, start[1])
    gi, gj = bisect_left(xs, goal[0]), bisect_left(ys, goal[1])
    if node_blocked[sj * nx + si] or node_blocked[gj * nx + gi]:
        return None
    arrive = (-dt[0], -dt[1])
    directions = ((1, 0), (-1, 0), (0, 1), (0, -1))

    def estimate(i: int, j: int) -> float:
        return abs(xs[i] - xs[gi]) + abs(ys[j] - ys[gj])

    start_state = (si, sj, ds)
    best: dict[tuple[int, int, tuple[int, int]], float] = {start_state: 0.0}
    came: dict[tuple[int, int, tuple[int, int]], tuple[int, int, tuple[int, int]] | None] = {
        start_state: None
    }
    queue = [(estimate(si, sj), 0.0, start_state)]
    found = None
    while queue:
        _, cost, state = heapq.heappop(queue)
        if cost > best.get(state, float("inf")):
            continue
        i, j, heading = state
        if i == gi and j == gj:
            found = state
            break
        for step in directions:
            if step == (-heading[0], -heading[1]):
                continue
            ni, nj = i + step[0], j + step[1]
            if not (0 <= ni < nx and 0 <= nj < ny) or node_blocked[nj * nx + ni]:
                continue
            if step[1] == 0 and h_blocked[j * nx + min(i, ni)]:
                continue
            if step[0] == 0 and v_blocked[min(j, nj) * nx + i]:
                continue
            length = abs(xs[ni] - xs[i]) + abs(ys[nj] - ys[j])
            new_cost = cost + length + (_BEND_COST if step != heading else 0.0)
            if ni == gi and nj == gj and step != arrive:
                new_cost += _BEND_COST
            next_state = (ni, nj, step)
            if new_cost < best.get(next_state, float("inf")):
                best[next_state] = new_cost
                came[next_state] = state
                heapq.heappush(queue, (new_cost + estimate(ni, nj), new_cost, next_state))
    if found is None:
        return None
    cells = []
    state: tuple[int, int, tuple[int, int]] | None = found
    while state is not None:
        cells.append((xs[state[0]], ys[state[1]]))
        state = came[state]
    cells.reverse()
    return [ps, *cells, pt]


def _block_siblings(
    xs: list[float], ys: list[float], siblings: list[tuple[Point, Point]],
    h_blocked: bytearray, v_blocked: bytearray,
) -> None:
    """Close the grid edges that lie along a parallel route's segments."""
    nx = len(xs)
    for a, b in siblings:
        if a[1] == b[1]:
            j = bisect_left(ys, a[1])
            if j < len(ys) and ys[j] == a[1]:
                lo, hi = sorted((a[0], b[0]))
                for i in range(bisect_left(xs, lo), bisect_left(xs, hi)):
                    h_blocked[j * nx + i] = 1
        else:
            i = bisect_left(xs, a[0])
            if i < nx and xs[i] == a[0]:
                lo, hi = sorted((a[1], b[1]))
                for j in range(bisect_left(ys, lo), bisect_left(ys, hi)):
                    v_blocked[j * nx + i] = 1


def _coincides(points: list[Point], segments: list[tuple[Point, Point]]) -> bool:
    """Whether the polyline shares a stretch of line with any of ``segments``."""
    if not segments:
        return False
    for a, b in zip(points, points[1:], strict=False):
        for c, d in segments:
            if a[0] == b[0] == c[0] == d[0]:
                low = max(min(a[1], b[1]), min(c[1], d[1]))
                high = min(max(a[1], b[1]), max(c[1], d[1]))
            elif a[1] == b[1] == c[1] == d[1]:
                low = max(min(a[0], b[0]), min(c[0], d[0]))
                high = min(max(a[0], b[0]), max(c[0], d[0]))
            else:
                continue
            if high - low > 1e-6:
                return True
    return False


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
