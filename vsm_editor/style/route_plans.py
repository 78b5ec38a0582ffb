"""Where each handoff attaches: the facing sides of its two boxes, its place among the
parallel handoffs between them, and its port on each side. Internal to
:mod:`vsm_editor.style.routing`.

Boxes are ``(x1, y1, x2, y2)`` tuples, as :class:`~vsm_editor.style.box_index.BoxIndex`
keeps them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from vsm_editor.style import sizes

if TYPE_CHECKING:
    from vsm_editor.style.routing import HandoffLike

Side = Literal["left", "right", "top", "bottom"]
Point = tuple[float, float]
Box = tuple[float, float, float, float]

#: The outward direction of each side.
NORMALS: dict[str, tuple[int, int]] = {
    "left": (-1, 0), "right": (1, 0), "top": (0, -1), "bottom": (0, 1)
}
_FACING = {("right", "left"), ("left", "right"), ("bottom", "top"), ("top", "bottom")}
#: The handoffs on one side of one box: (position of the other end along the side,
#: parallel index, plan number, whether the handoff leaves there).
_Slots = dict[tuple[int, str], list[tuple[float, int, int, bool]]]


@dataclass(slots=True)
class Plan:
    """One handoff to route: its boxes (indices), sides, parallel number and ports."""

    handoff: HandoffLike
    source: int
    target: int
    source_side: Side
    target_side: Side
    parallel_index: int = 0
    parallel_count: int = 1
    source_port: Point = (0.0, 0.0)
    target_port: Point = (0.0, 0.0)


def facing_sides(source: Box, target: Box, margin: float) -> tuple[Side, Side]:
    """The facing sides of two boxes (see :func:`vsm_editor.style.routing.nearest_sides`)."""
    right_gap = target[0] - source[2]
    left_gap = source[0] - target[2]
    down_gap = target[1] - source[3]
    up_gap = source[1] - target[3]
    side_gap = right_gap if right_gap >= left_gap else left_gap
    if side_gap >= 2 * margin or side_gap >= max(down_gap, up_gap):
        return ("right", "left") if right_gap >= left_gap else ("left", "right")
    return ("bottom", "top") if down_gap >= up_gap else ("top", "bottom")


def number_parallels(plans: list[Plan]) -> None:
    """Number the handoffs between the same two boxes (either way round) 0, 1, 2…"""
    groups: dict[tuple[int, int], list[Plan]] = {}
    for plan in plans:
        source, target = plan.source, plan.target
        key = (source, target) if source <= target else (target, source)
        group = groups.get(key)
        if group is None:
            groups[key] = [plan]
        else:
            group.append(plan)
    for group in groups.values():
        if len(group) > 1:
            for i, plan in enumerate(group):
                plan.parallel_index = i
                plan.parallel_count = len(group)


def side_point(box: Box, side: str, offset: float) -> Point:
    """The point ``offset`` from the middle of ``side`` of ``box``."""
    x1, y1, x2, y2 = box
    if side == "left" or side == "right":
        y = (y1 + y2) / 2 + offset
        return (x1 if side == "left" else x2, y)
    x = (x1 + x2) / 2 + offset
    return (x, y1 if side == "top" else y2)


def assign_ports(boxes: list[Box], plans: list[Plan]) -> None:
    """Spread the handoffs attached to one side of a box along that side (in the order of
    their other ends), then line up facing ports where both sides have room."""
    slots: _Slots = {}
    for number, plan in enumerate(plans):
        parallel = plan.parallel_index
        source, target = plan.source, plan.target
        for box, side, other, at_start in ((source, plan.source_side, target, True),
                                           (target, plan.target_side, source, False)):
            ox1, oy1, ox2, oy2 = boxes[other]
            along = (oy1 + oy2) / 2 if side == "left" or side == "right" else (ox1 + ox2) / 2
            entry = (along, parallel, number, at_start)
            bucket = slots.get((box, side))
            if bucket is None:
                slots[(box, side)] = [entry]
            else:
                bucket.append(entry)
    for (box_number, side), entries in slots.items():
        box = boxes[box_number]
        count = len(entries)
        if count == 1:
            _, _, number, is_source = entries[0]
            point = side_point(box, side, 0.0)
            if is_source:
                plans[number].source_port = point
            else:
                plans[number].target_port = point
            continue
        entries.sort()
        x1, y1, x2, y2 = box
        length = (y2 - y1) if side == "left" or side == "right" else (x2 - x1)
        usable = max(0.0, length - 2 * sizes.STAGE_CORNER_RADIUS)
        spacing = min(sizes.PORT_SPACING, usable / count)
        for i, (_, _, number, is_source) in enumerate(entries):
            point = side_point(box, side, (i - (count - 1) / 2) * spacing)
            if is_source:
                plans[number].source_port = point
            else:
                plans[number].target_port = point
    _straighten(boxes, plans, slots)


def _along(point: Point, side: str) -> float:
    return point[1] if side == "left" or side == "right" else point[0]


def _with_along(point: Point, side: str, value: float) -> Point:
    return (point[0], value) if side == "left" or side == "right" else (value, point[1])


def _straighten(boxes: list[Box], plans: list[Plan], slots: _Slots) -> None:
    """Line up the two ports of facing handoffs when both sides have room, so neighbours
    are joined by a straight line instead of a small jog."""
    inset = sizes.STAGE_CORNER_RADIUS
    apart = sizes.PORT_SPACING * 0.75

    def room(box: int, side: str, value: float, skip: int) -> bool:
        x1, y1, x2, y2 = boxes[box]
        low, high = (y1, y2) if side == "left" or side == "right" else (x1, x2)
        if not low + inset <= value <= high - inset:
            return False
        for _, _, number, is_source in slots[(box, side)]:
            if number != skip:
                plan = plans[number]
                port = plan.source_port if is_source else plan.target_port
                if not abs(value - _along(port, side)) >= apart:
                    return False
        return True

    for number, plan in enumerate(plans):
        sides = (plan.source_side, plan.target_side)
        if plan.source == plan.target or sides not in _FACING:
            continue
        # facing sides lie along the same axis
        along = 1 if sides[0] == "left" or sides[0] == "right" else 0
        a, b = plan.source_port[along], plan.target_port[along]
        if a == b:
            continue
        for value in (a, b):
            if room(plan.source, sides[0], value, number) and room(
                plan.target, sides[1], value, number
            ):
                plan.source_port = _with_along(plan.source_port, sides[0], value)
                plan.target_port = _with_along(plan.target_port, sides[1], value)
                break
