"""Rework channels: a rework handoff leaves and enters through the bottom (or top) of its
boxes and runs in a horizontal channel below (or above) the boxes in between. Internal to
:mod:`vsm_editor.style.routing`.
"""

from __future__ import annotations

from collections.abc import Iterator

from vsm_editor.style import sizes
from vsm_editor.style.box_index import BoxIndex
from vsm_editor.style.route_plans import Box, Point, Side, side_point

#: Channel levels tried per rework handoff.
CHANNEL_TRIES = 12
#: Steps outwards tried to keep clear of other rework channels.
_LEVEL_STEPS = 50


#: Channel levels found so far in one routing, by boxes, side and ports (the level search
#: is the same for the first free channel and for the later choice by crossings).
ChannelLevels = dict[tuple[int, int, str, Point, Point], list[float]]


def rework_sides(
    index: BoxIndex, source: int, target: int, margin: float,
    levels: ChannelLevels | None = None,
) -> tuple[Side, Side]:
    """Bottom to bottom when a channel below the row is free, else top to top."""
    for side in ("bottom", "top"):
        if first_channel(index, source, target, side, margin, levels) is not None:
            return side, side  # type: ignore[return-value]
    return "bottom", "bottom"


def first_channel(
    index: BoxIndex, source: int, target: int, side: str, margin: float,
    levels: ChannelLevels | None = None,
) -> list[Point] | None:
    """The first free rework path from the side centres (None when there is none)."""
    exempt = (source, target)
    for points in channel_paths(index, source, target, side, None, None, margin, {}, levels):
        if not index.path_blocked(points, margin, exempt):
            return points
    return None


def channel_paths(
    index: BoxIndex, source: int, target: int, side: str,
    source_port: Point | None, target_port: Point | None, margin: float,
    used: dict[float, list[tuple[float, float]]], levels: ChannelLevels | None = None,
) -> Iterator[list[Point]]:
    """Rework paths out of ``side`` of both boxes, joined by a horizontal channel beyond the
    boxes in between (below for "bottom", above for "top"), nearest channels first.
    ``levels`` keeps the channel levels found (for the same ``margin``) for reuse."""
    boxes = index.boxes
    sb, tb = boxes[source], boxes[target]
    ps = source_port or side_point(sb, side, 0.0)
    pt = target_port or side_point(tb, side, 0.0)
    x1, x2 = min(ps[0], pt[0]), max(ps[0], pt[0])
    sign = 1 if side == "bottom" else -1
    key = (source, target, side, ps, pt)
    ordered = levels.get(key) if levels is not None else None
    if ordered is None:
        ordered = _channel_levels(index, sb, tb, ps, pt, x1, x2, sign, margin)
        if levels is not None:
            levels[key] = ordered
    for y in ordered:
        y = free_level(used, y, x1, x2, sign)
        yield [ps, (ps[0], y), (pt[0], y), pt]


def _channel_levels(
    index: BoxIndex, sb: Box, tb: Box, ps: Point, pt: Point, x1: float, x2: float,
    sign: int, margin: float,
) -> list[float]:
    """The channel levels to try, nearest first: just past the two boxes, then just past
    each box in the corridor over ``x1``–``x2``."""
    boxes = index.boxes
    edge = max(ps[1], pt[1]) if sign > 0 else min(ps[1], pt[1])
    level = edge + sign * margin
    reach = 4 * max(sb[3] - sb[1], tb[3] - tb[1]) + 4 * margin
    near = index.near(x1 - margin, min(level, level + sign * reach),
                      x2 + margin, max(level, level + sign * reach))
    candidates = {level}
    for i in near:
        bx1, by1, bx2, by2 = boxes[i]
        if bx1 - margin < x2 and x1 < bx2 + margin:
            candidates.add(by2 + margin if sign > 0 else by1 - margin)
    ordered = sorted(
        (y for y in candidates if (y - level) * sign >= 0), key=lambda y: abs(y - level)
    )
    return ordered[:CHANNEL_TRIES]


def free_level(used: dict[float, list[tuple[float, float]]], y: float, x1: float, x2: float,
                sign: int) -> float:
    """``y`` moved outwards until no other rework channel runs there over x1–x2."""
    for _ in range(_LEVEL_STEPS):
        spans = used.get(round(y, 3), ())
        if not any(a <= x2 and x1 <= b for a, b in spans):
            return y
        y += sign * sizes.ROUTE_SPACING
    return y
