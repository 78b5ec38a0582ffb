"""The router's last resort: an A* search for a path around the boxes near two stages.

The search runs over the sparse grid formed by the (grown) edges of the boxes in a window
around the two boxes, plus the lines of the parallel routes already placed between them. It is
bounded: the grid never has more than :data:`MAX_GRID_NODES` nodes, so it ends on any input.
Internal to :mod:`vsm_editor.style.routing`.
"""

from __future__ import annotations

import heapq
from bisect import bisect_left
from collections.abc import Sequence

from vsm_editor.style import sizes
from vsm_editor.style.route_plans import NORMALS, Box, Plan, Point

#: Extra cost of a bend, in map units of length.
BEND_COST = 24.0
#: Largest search grid (columns × rows).
MAX_GRID_NODES = 60_000


def grid_search(
    boxes: list[Box], plan: Plan, near: set[int],
    window: tuple[float, float, float, float], margin: float,
    siblings: Sequence[tuple[Point, Point]],
) -> list[Point] | None:
    """Shortest path with few bends over the grid of (grown) box edges in ``window``,
    off the boxes and off the segments of the parallel routes already placed."""
    ps, pt = plan.source_port, plan.target_port
    ds, dt = NORMALS[plan.source_side], NORMALS[plan.target_side]
    start = (ps[0] + ds[0] * margin, ps[1] + ds[1] * margin)
    goal = (pt[0] + dt[0] * margin, pt[1] + dt[1] * margin)
    wx1, wy1, wx2, wy2 = window
    obstacles = []
    for i in near:
        x1, y1, x2, y2 = boxes[i]
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
    if nx * ny > MAX_GRID_NODES:
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
    block_siblings(xs, ys, siblings, h_blocked, v_blocked)
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
            new_cost = cost + length + (BEND_COST if step != heading else 0.0)
            if ni == gi and nj == gj and step != arrive:
                new_cost += BEND_COST
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


def block_siblings(
    xs: list[float], ys: list[float], siblings: Sequence[tuple[Point, Point]],
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


def coincides(points: list[Point], segments: Sequence[tuple[Point, Point]]) -> bool:
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
