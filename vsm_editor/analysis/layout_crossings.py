"""Counting crossings in a finished drawing, the same way for any layout engine.

A drawing is the stage boxes plus one polyline per handoff. A crossing is a pair of
segments of two different handoffs that intersect: for handoffs with no stage in common any
shared point counts (a touch, a collinear overlap); handoffs of a common stage merge where
they touch or run together (a fan-out or join drawn as one bus, as orthogonal editors draw
them), so between them only a transversal crossing counts, and not on or right next to the
common stage's box.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from vsm_editor.model.entities import AnatomyMap
from vsm_editor.model.geometry import Rect

Point = tuple[float, float]
#: How close to a shared stage box two handoffs may meet without counting as a crossing.
END_TOLERANCE = 4.0
_EPS = 1e-9


@dataclass(frozen=True, slots=True)
class Drawing:
    """Boxes by stage id, polylines by handoff id and each handoff's (source, target)."""

    boxes: Mapping[str, Rect]
    lines: Mapping[str, list[Point]]
    ends: Mapping[str, tuple[str, str]]


def routed_drawing(anatomy: AnatomyMap, boxes: Mapping[str, Rect]) -> Drawing:
    """The drawing the editor shows: orthogonal routes (:mod:`vsm_editor.style.routing`)
    between ``boxes``."""
    from vsm_editor.style.routing import route_all

    routes = route_all(boxes, anatomy.handoffs)
    ends = {h.id: (h.source, h.target) for h in anatomy.handoffs if h.id in routes}
    return Drawing(boxes, {key: route.points for key, route in routes.items()}, ends)


def straight_drawing(anatomy: AnatomyMap, boxes: Mapping[str, Rect]) -> Drawing:
    """Straight centre-to-centre segments between ``boxes`` (a router-free yardstick)."""
    lines, ends = {}, {}
    for h in anatomy.handoffs:
        if h.source in boxes and h.target in boxes and h.source != h.target:
            lines[h.id] = [boxes[h.source].center, boxes[h.target].center]
            ends[h.id] = (h.source, h.target)
    return Drawing(boxes, lines, ends)


def count_crossings(drawing: Drawing) -> int:
    """Pairs of intersecting segments of different handoffs (see the module docstring)."""
    segments: list[tuple[str, Point, Point]] = []
    for key, points in drawing.lines.items():
        for a, b in zip(points, points[1:], strict=False):
            if a != b:
                segments.append((key, a, b))
    if len(segments) < 2:
        return 0
    cell = _cell_size(segments)
    grid: dict[tuple[int, int], list[int]] = defaultdict(list)
    for i, (_, a, b) in enumerate(segments):
        for key in _cells(a, b, cell):
            grid[key].append(i)
    seen: set[tuple[int, int]] = set()
    count = 0
    for members in grid.values():
        if len(members) < 2:
            continue
        for n, i in enumerate(members):
            ki, a, b = segments[i]
            for j in members[n + 1 :]:
                kj, c, d = segments[j]
                if ki == kj or (i, j) in seen:
                    continue
                seen.add((i, j))
                point = _intersection(a, b, c, d)
                if point is None:
                    continue
                shared = set(drawing.ends[ki]) & set(drawing.ends[kj])
                if not shared or (
                    _transversal(a, b, c, d) and not _near_boxes(drawing, shared, point)
                ):
                    count += 1
    return count


def _cell_size(segments: list[tuple[str, Point, Point]]) -> float:
    lengths = sorted(abs(b[0] - a[0]) + abs(b[1] - a[1]) for _, a, b in segments)
    return max(50.0, lengths[len(lengths) // 2] * 2)


def _cells(a: Point, b: Point, cell: float) -> Iterable[tuple[int, int]]:
    x1, x2 = sorted((a[0], b[0]))
    y1, y2 = sorted((a[1], b[1]))
    cx1, cx2, cy1, cy2 = int(x1 // cell), int(x2 // cell), int(y1 // cell), int(y2 // cell)
    if (cx2 - cx1 + 1) * (cy2 - cy1 + 1) > 4096:  # a huge diagonal: walk along it
        steps = max(cx2 - cx1, cy2 - cy1) + 1
        cells = set()
        for s in range(steps + 1):
            t = s / steps
            x, y = a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t
            for dx in (-1, 0, 1):
                for dy in (-1, 0, 1):
                    cells.add((int(x // cell) + dx, int(y // cell) + dy))
        return cells
    return [(cx, cy) for cx in range(cx1, cx2 + 1) for cy in range(cy1, cy2 + 1)]


def _cross(o: Point, a: Point, b: Point) -> float:
    return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])


def _intersection(a: Point, b: Point, c: Point, d: Point) -> Point | None:
    """A point the closed segments a–b and c–d share (the middle of a collinear overlap)."""
    if (
        max(a[0], b[0]) < min(c[0], d[0]) - _EPS
        or max(c[0], d[0]) < min(a[0], b[0]) - _EPS
        or max(a[1], b[1]) < min(c[1], d[1]) - _EPS
        or max(c[1], d[1]) < min(a[1], b[1]) - _EPS
    ):
        return None
    d1, d2 = _cross(c, d, a), _cross(c, d, b)
    d3, d4 = _cross(a, b, c), _cross(a, b, d)
    scale = max(abs(b[0] - a[0]) + abs(b[1] - a[1]), abs(d[0] - c[0]) + abs(d[1] - c[1]), 1.0)
    tolerance = _EPS * scale * scale
    if abs(d1) <= tolerance and abs(d2) <= tolerance:  # collinear
        return _overlap_middle(a, b, c, d)
    if (d1 > tolerance and d2 > tolerance) or (d1 < -tolerance and d2 < -tolerance):
        return None
    if (d3 > tolerance and d4 > tolerance) or (d3 < -tolerance and d4 < -tolerance):
        return None
    denominator = d1 - d2
    if abs(denominator) <= tolerance:
        return None
    t = d1 / denominator
    return (a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t)


def _overlap_middle(a: Point, b: Point, c: Point, d: Point) -> Point | None:
    """The middle of the shared stretch of two collinear segments (None if it is a point
    or there is none)."""
    axis = 0 if abs(b[0] - a[0]) >= abs(b[1] - a[1]) else 1
    lo1, hi1 = sorted((a[axis], b[axis]))
    lo2, hi2 = sorted((c[axis], d[axis]))
    lo, hi = max(lo1, lo2), min(hi1, hi2)
    if hi - lo <= _EPS:
        return None
    t = ((lo + hi) / 2 - a[axis]) / ((b[axis] - a[axis]) or 1.0)
    return (a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t)


def _transversal(a: Point, b: Point, c: Point, d: Point) -> bool:
    """Whether each segment has the other's ends strictly on both sides (a true crossing,
    not a touch or an overlap)."""
    d1, d2 = _cross(c, d, a), _cross(c, d, b)
    d3, d4 = _cross(a, b, c), _cross(a, b, d)
    scale = max(abs(b[0] - a[0]) + abs(b[1] - a[1]), abs(d[0] - c[0]) + abs(d[1] - c[1]), 1.0)
    tolerance = _EPS * scale * scale
    return (
        ((d1 > tolerance and d2 < -tolerance) or (d1 < -tolerance and d2 > tolerance))
        and ((d3 > tolerance and d4 < -tolerance) or (d3 < -tolerance and d4 > tolerance))
    )


def _near_boxes(drawing: Drawing, stage_ids: set[str], point: Point) -> bool:
    """Whether ``point`` is on or beside one of the stages' boxes."""
    for stage_id in stage_ids:
        box = drawing.boxes[stage_id]
        t = END_TOLERANCE
        if box.x - t <= point[0] <= box.right + t and box.y - t <= point[1] <= box.bottom + t:
            return True
    return False
