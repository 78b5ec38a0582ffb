"""Tidying finished routes so unrelated handoffs cross less. Internal to
:mod:`vsm_editor.style.routing`.

Two passes over the routed polylines, both keeping every route clear of the boxes:

- :func:`order_ports`: the handoffs that leave one side of a box and turn away from it are
  re-dealt to that side's ports, so the ones turning towards the near end of the side sit
  nearest to it, nested by how soon they turn (a handoff that turns early never has to cross
  one that runs on past it).
- :func:`assign_tracks`: the vertical runs of Z-shaped routes that share the free gap
  between two columns of boxes, and overlap in height, each get their own track (x),
  ordered to cross each other's horizontal runs as little as possible, instead of all
  turning at the middle of the gap on top of each other. This is the classic channel
  track assignment; the order is found by adjacent swaps on exact pairwise crossing counts.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from functools import partial

from vsm_editor.style import sizes
from vsm_editor.style.box_index import BoxIndex
from vsm_editor.style.route_plans import Plan, Point

#: Least distance between two ports dealt next to straight routes.
MIN_PORT_SPACING = 4.0
#: Least distance between two tracks (closer runs stay where they were).
MIN_TRACK_SPACING = 2.0
#: How far from its place a run may move (the gap it runs in, not the whole map).
TRACK_REACH = 120.0
#: Longer runs stay where they are (looking for their free stretch costs too much).
MAX_RUN = 20000.0
#: Longest run of swap passes when ordering the runs of one gap.
_MAX_PASSES = 64
_EPS = 1e-6


# ----------------------------------------------------------------------------- ports
def order_ports(
    index: BoxIndex, plans: Sequence[Plan], paths: list[list[Point]],
    only: Iterable[int] | None = None,
) -> None:
    """Re-deal the ports of each box side among the routes that turn right after leaving
    it: the ones turning towards the low end above (or left of) the ones turning towards
    the high end, and straight routes (which keep their ports) in between; a side whose
    new ports would block a route keeps the old ones. With ``only``, just the sides those
    routes (numbers into ``plans``) turn from."""
    sides: dict[tuple[int, str], list[tuple[int, bool]]] = {}
    straight: list[int] = []
    if only is not None:
        wanted = set()
        for number in only:
            plan = plans[number]
            wanted.add((plan.source, plan.source_side))
            wanted.add((plan.target, plan.target_side))
    for number, plan in enumerate(plans):
        source, target = plan.source, plan.target
        if source == target:
            continue
        start_key, end_key = (source, plan.source_side), (target, plan.target_side)
        if only is not None and start_key not in wanted and end_key not in wanted:
            continue
        if len(paths[number]) < 3:
            straight.append(number)
            continue
        bucket = sides.get(start_key)
        if bucket is None:
            sides[start_key] = [(number, True)]
        else:
            bucket.append((number, True))
        bucket = sides.get(end_key)
        if bucket is None:
            sides[end_key] = [(number, False)]
        else:
            bucket.append((number, False))
    for number in straight:  # only the sides with turning routes need them
        plan = plans[number]
        bucket = sides.get((plan.source, plan.source_side))
        if bucket is not None:
            bucket.append((number, True))
        bucket = sides.get((plan.target, plan.target_side))
        if bucket is not None:
            bucket.append((number, False))
    for (box, side), ends in sides.items():
        if len(ends) > 1:
            _deal(index, plans, paths, box, side, ends)


def _deal(
    index: BoxIndex, plans: Sequence[Plan], paths: list[list[Point]], box: int, side: str,
    ends: list[tuple[int, bool]],
) -> None:
    along = 1 if side in ("left", "right") else 0
    keyed: list[_Keyed] = []
    fixed: list[float] = []
    for number, at_start in ends:
        points = paths[number]
        if len(points) < 3:
            fixed.append(points[0 if at_start else -1][along])
            continue
        port, bend, after = (points[0], points[1], points[2]) if at_start else (
            points[-1], points[-2], points[-3])
        if abs(bend[along] - port[along]) > _EPS or abs(after[1 - along] - bend[1 - along]) > _EPS:
            return  # not leaving straight out and turning: leave the side as it is
        reach = abs(bend[1 - along] - port[1 - along])
        heading = after[along] - bend[along]
        # Turning towards the low end: nearest turns first; towards the high end: last.
        key = (0, reach, after[along]) if heading < 0 else (1, -reach, after[along])
        keyed.append((key, port[along], number, at_start, after[along], heading))
    if not keyed or (len(keyed) < 2 and not fixed):
        return
    keyed.sort()
    if _in_order(keyed, fixed):
        return
    slots = _slots(index.boxes[box], along, keyed, fixed)
    if slots is None or all(
        abs(slot - entry[1]) <= _EPS for slot, entry in zip(slots, keyed, strict=True)
    ):
        return
    changed: list[tuple[int, list[Point]]] = []
    blocked = index.path_blocked
    for slot, (_, _, number, at_start, far, heading) in zip(slots, keyed, strict=True):
        if (far - slot) * heading <= 0:
            return  # the turn would vanish or reverse
        points = list(paths[number])
        first, second, third = (0, 1, 2) if at_start else (-1, -2, -3)
        points[first] = _with(points[first], along, slot)
        points[second] = _with(points[second], along, slot)
        plan = plans[number]
        exempt = (plan.source, plan.target)
        if blocked((points[first], points[second], points[third]), 0.0, exempt):
            return
        changed.append((number, points))
    for number, points in changed:
        paths[number] = points


def _in_order(keyed: list[_Keyed], fixed: list[float]) -> bool:
    """Whether the ports already follow the wanted order (``keyed`` is sorted by it)."""
    previous = float("-inf")
    for entry in keyed:
        if entry[1] <= previous:
            return False
        previous = entry[1]
    if fixed:
        first, last = min(fixed), max(fixed)
        for entry in keyed:
            if (entry[1] >= first) if entry[0][0] == 0 else (entry[1] <= last):
                return False
    return True


#: A turning route's end on a side: sort key, port, route number, whether it is the start,
#: where its first turn leads and which way.
_Keyed = tuple[tuple[int, float, float], float, int, bool, float, float]


def _slots(
    box: tuple[float, float, float, float], along: int,
    keyed: list[_Keyed], fixed: list[float],
) -> list[float] | None:
    """Ports for the turning routes in ``keyed`` order: their own ports re-dealt, or with
    straight routes on the side (ports ``fixed``), the low-turning ones stacked before the
    first straight port and the others after the last; None when there is no room."""
    if not fixed:
        return sorted(entry[1] for entry in keyed)
    start, end = box[along] + sizes.STAGE_CORNER_RADIUS, box[along + 2] - sizes.STAGE_CORNER_RADIUS
    low_count = sum(1 for key, *_ in keyed if key[0] == 0)
    high_count = len(keyed) - low_count
    first, last = min(fixed), max(fixed)
    slots: list[float] = []
    if low_count:
        step = min(sizes.PORT_SPACING, (first - start) / low_count)
        if step < MIN_PORT_SPACING:
            return None
        slots.extend(first - step * (low_count - i) for i in range(low_count))
    if high_count:
        step = min(sizes.PORT_SPACING, (end - last) / high_count)
        if step < MIN_PORT_SPACING:
            return None
        slots.extend(last + step * (i + 1) for i in range(high_count))
    return slots


def _with(point: Point, axis: int, value: float) -> Point:
    return (value, point[1]) if axis == 0 else (point[0], value)


# ----------------------------------------------------------------------------- tracks
#: ``free(at, low, high, reach)``: the free stretch around a run (see
#: :meth:`BoxIndex.free_stretch`).
_Free = Callable[[float, float, float, float], "tuple[float, float] | None"]

class _Run:
    """A movable run: route ``number``'s points ``at`` and ``at + 1``, vertical (``axis``
    0) or horizontal (1); ``x`` is its place across, ``low``–``high`` its extent along."""

    __slots__ = ("number", "at", "axis", "x", "low", "high", "free_low", "free_high", "arms")

    def __init__(self, number: int, at: int, axis: int, x: float, low: float, high: float,
                 arms: tuple[tuple[float, int], tuple[float, int]]) -> None:
        self.number = number
        self.at = at
        self.axis = axis
        self.x = x
        self.low = low
        self.high = high
        self.free_low = x
        self.free_high = x
        #: The two runs it joins: (where they lie along it, -1 or +1 for the way they go).
        self.arms = arms


#: Runs found by an earlier :func:`assign_tracks` pass, per axis: the path lists then, the
#: runs by route number, and the routes that pass moved (their runs are found again).
KnownRuns = dict[int, tuple[list[list[Point]], dict[int, list[_Run]], set[int]]]


def assign_tracks(
    index: BoxIndex, plans: Sequence[Plan], paths: list[list[Point]],
    axes: tuple[int, ...] = (0, 1), known: KnownRuns | None = None,
) -> set[int]:
    """Give the overlapping vertical runs in each free gap between columns (axis 0), and
    the horizontal runs in each free gap between rows (axis 1), their own tracks; returns
    the numbers of the routes moved. With ``known`` (the same dict on each pass), the runs
    of the routes left alone since the last pass are reused."""
    free = index.free_stretch
    moved: set[int] = set()
    for axis in axes:
        earlier = known.get(axis) if known is not None else None
        found = _assign_axis(axis, partial(free, axis), plans, paths, moved, earlier)
        if known is not None:
            known[axis] = (list(paths), found, moved)
    return moved


def _assign_axis(
    axis: int, free: _Free, plans: Sequence[Plan], paths: list[list[Point]], moved: set[int],
    earlier: tuple[list[list[Point]], dict[int, list[_Run]], set[int]] | None,
) -> dict[int, list[_Run]]:
    """Tracks for the vertical (``axis`` 0) or horizontal (1) runs; returns the runs found
    (before moving), by route number."""
    runs, found = _movable_runs(axis, free, plans, paths, earlier)
    if len(runs) < 2:
        return found
    runs.sort(key=lambda run: (run.free_low, run.free_high))
    cluster: list[_Run] = []
    reach = float("-inf")
    for run in runs:
        if cluster and run.free_low >= reach - _EPS:
            _assign_gap(cluster, paths, moved)
            cluster = []
            reach = float("-inf")
        cluster.append(run)
        reach = max(reach, run.free_high)
    _assign_gap(cluster, paths, moved)
    return found


def _movable_runs(
    axis: int, free: _Free, plans: Sequence[Plan], paths: list[list[Point]],
    earlier: tuple[list[list[Point]], dict[int, list[_Run]], set[int]] | None = None,
) -> tuple[list[_Run], dict[int, list[_Run]]]:
    """The vertical (``axis`` 0) runs between two horizontal runs going opposite ways (a
    Z), with the free stretch of x each may move in without touching a box; or the
    horizontal ones (``axis`` 1) likewise; all in route order, and by route number.
    Below, "x" is across the run, "y" along it. A route that is the same list as in
    ``earlier`` and was not moved by that pass has its runs from then."""
    runs: list[_Run] = []
    found: dict[int, list[_Run]] = {}
    other = 1 - axis
    then_paths, then_runs, then_moved = earlier if earlier is not None else ([], {}, set())
    reuse = earlier is not None
    add = runs.append
    for number, points in enumerate(paths):
        count = len(points)
        if count < 4:
            continue
        if reuse and points is then_paths[number] and number not in then_moved:
            own = then_runs.get(number)
            if own is not None:
                runs.extend(own)
                found[number] = own
            continue
        plan = plans[number]
        if plan.source == plan.target:
            continue
        before = len(runs)
        before_point, first = points[0], points[1]
        for at in range(1, count - 2):
            second = points[at + 1]
            x = first[axis]
            if x != second[axis]:
                before_point, first = first, second
                continue
            y1, y2 = first[other], second[other]
            after_point = points[at + 2]
            if before_point[other] != y1 or after_point[other] != y2:
                before_point, first = first, second
                continue
            before_x, after_x = before_point[axis], after_point[axis]
            before_point, first = first, second
            if (before_x - x) * (after_x - x) >= 0:
                continue  # a U: both arms on one side
            low, high = (y1, y2) if y1 <= y2 else (y2, y1)
            if high - low > MAX_RUN:
                continue
            left, right = (before_x, after_x) if before_x < after_x else (after_x, before_x)
            stretch = free(x, low, high, TRACK_REACH)
            if stretch is None:
                continue
            free_low = left if left > stretch[0] else stretch[0]
            free_high = right if right < stretch[1] else stretch[1]
            if free_high - free_low <= 2 * MIN_TRACK_SPACING:
                continue
            arms = ((y1, 1 if before_x > x else -1), (y2, 1 if after_x > x else -1))
            run = _Run(number, at, axis, x, low, high, arms)
            run.free_low, run.free_high = free_low, free_high
            add(run)
        if len(runs) > before:
            found[number] = runs[before:]
    return runs, found


def _assign_gap(runs: list[_Run], paths: list[list[Point]], moved: set[int]) -> None:
    """Tracks for the runs of one gap: each group of runs overlapping in height shares the
    gap's width, in the order that crosses least."""
    if len(runs) < 2:
        return
    runs.sort(key=lambda run: (run.low, run.high))
    group: list[_Run] = []
    bottom = float("-inf")
    for run in runs:
        if group and run.low > bottom + _EPS:
            _assign_group(group, paths, moved)
            group = []
        group.append(run)
        bottom = max(bottom, run.high) if len(group) > 1 else run.high
    _assign_group(group, paths, moved)


def _crossings(left: _Run, right: _Run) -> int:
    """Crossings between two runs' vertical and horizontal runs with ``left`` on the left."""
    count = 0
    for y, way in right.arms:
        if way < 0 and left.low - _EPS <= y <= left.high + _EPS:
            count += 1
    for y, way in left.arms:
        if way > 0 and right.low - _EPS <= y <= right.high + _EPS:
            count += 1
    return count


def _assign_group(group: list[_Run], paths: list[list[Point]], moved: set[int]) -> None:
    count = len(group)
    if count < 2:
        return
    low = max(run.free_low for run in group)
    high = min(run.free_high for run in group)
    if (high - low) / (count + 1) < MIN_TRACK_SPACING:
        return
    group.sort(key=_start_key)
    for _ in range(_MAX_PASSES):
        swapped = False
        for i in range(count - 1):
            a, b = group[i], group[i + 1]
            if _crossings(b, a) < _crossings(a, b):
                group[i], group[i + 1] = b, a
                swapped = True
        if not swapped:
            break
    step = (high - low) / (count + 1)
    for k, run in enumerate(group):
        x = low + step * (k + 1)
        points = paths[run.number]
        at, axis = run.at, run.axis
        points[at] = _with(points[at], axis, x)
        points[at + 1] = _with(points[at + 1], axis, x)
        moved.add(run.number)


def _start_key(run: _Run) -> tuple[int, float, float]:
    """A good first order: runs going down with the lowest start first, then runs going
    up with the highest start first (each alone crosses nothing in that order)."""
    (y1, way1), (y2, _) = run.arms
    start, end = (y1, y2) if way1 < 0 else (y2, y1)  # the arm coming from the left
    if end >= start:
        return (0, -start, run.x)
    return (1, start, run.x)
