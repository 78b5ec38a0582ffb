"""Handoff routing: right angles, attached to the boxes' sides, never through a third box."""

from __future__ import annotations

import random
import time
from collections import defaultdict
from dataclasses import dataclass

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vsm_editor.analysis.layout_crossings import Drawing, count_crossings
from vsm_editor.model.geometry import Rect, lane_tops, stage_rect
from vsm_editor.style.routing import Route, nearest_sides, route_all, route_map
from vsm_editor.style.sizes import ROUTE_MARGIN


@dataclass
class H:
    id: str
    source: str
    target: str
    kind: str = "flow"


def _on_side(point, rect: Rect, side: str) -> bool:
    x, y = point
    if side in ("left", "right"):
        edge = rect.x if side == "left" else rect.right
        return x == pytest.approx(edge) and rect.y <= y <= rect.bottom
    edge = rect.y if side == "top" else rect.bottom
    return y == pytest.approx(edge) and rect.x <= x <= rect.right


_OUTWARD = {"left": (-1, 0), "right": (1, 0), "top": (0, -1), "bottom": (0, 1)}


def _enters_interior(a, b, rect: Rect) -> bool:
    x1, x2 = sorted((a[0], b[0]))
    y1, y2 = sorted((a[1], b[1]))
    return rect.x < x2 and x1 < rect.right and rect.y < y2 and y1 < rect.bottom


def _overlap(a1, a2, b1, b2) -> bool:
    """Whether two axis-parallel segments lie on one line and share a stretch."""
    for axis in (0, 1):
        if a1[axis] == a2[axis] == b1[axis] == b2[axis]:
            other = 1 - axis
            low = max(min(a1[other], a2[other]), min(b1[other], b2[other]))
            high = min(max(a1[other], a2[other]), max(b1[other], b2[other]))
            return high - low > 1e-6
    return False


def check_routes(rects: dict[str, Rect], handoffs: list[H], routes: dict[str, Route]) -> None:
    assert set(routes) == {h.id for h in handoffs if h.source in rects and h.target in rects}
    groups = defaultdict(list)
    for h in handoffs:
        route = routes[h.id]
        points = route.points
        assert route.kind == h.kind
        assert route.clear, (h, route)
        assert len(points) >= 2
        for a, b in zip(points, points[1:], strict=False):
            assert a[0] == b[0] or a[1] == b[1], f"diagonal segment {a}->{b}"
            assert a != b
        source, target = rects[h.source], rects[h.target]
        assert _on_side(points[0], source, route.source_side)
        assert _on_side(points[-1], target, route.target_side)
        # The first segment leaves across the source's side, the last enters the target's.
        out = _OUTWARD[route.source_side]
        assert (points[1][0] - points[0][0]) * out[0] + (points[1][1] - points[0][1]) * out[1] > 0
        into = _OUTWARD[route.target_side]
        assert (points[-2][0] - points[-1][0]) * into[0] + (
            points[-2][1] - points[-1][1]) * into[1] > 0
        for stage_id, rect in rects.items():
            for a, b in zip(points, points[1:], strict=False):
                assert not _enters_interior(a, b, rect), (h, stage_id, rect, route)
        xs = [p[0] for p in points]
        ys = [p[1] for p in points]
        assert min(xs) <= route.label_pos[0] <= max(xs)
        assert min(ys) <= route.label_pos[1] <= max(ys)
        groups[frozenset((h.source, h.target))].append(route)
    for group in groups.values():
        for i, first in enumerate(group):
            for second in group[i + 1:]:
                for a1, a2 in zip(first.points, first.points[1:], strict=False):
                    for b1, b2 in zip(second.points, second.points[1:], strict=False):
                        assert not _overlap(a1, a2, b1, b2), (first, second)


#: Room the router needs between two boxes for clean routes: a margin on each side.
ROOM = 2 * ROUTE_MARGIN


@st.composite
def layouts(draw, gap: float = ROOM):
    """Boxes of random sizes jittered inside the cells of a grid (never overlapping, at
    least ``gap`` apart), and random handoffs between them, parallel and reverse ones
    included."""
    columns = draw(st.integers(1, 7))
    rows = draw(st.integers(1, 4))
    cell_w, cell_h = 260.0, 170.0
    rects: dict[str, Rect] = {}
    for c in range(columns):
        for r in range(rows):
            if not draw(st.booleans()) and rects:
                continue
            w = draw(st.floats(100, 220 - gap))
            h = draw(st.floats(50, 120))
            x = c * cell_w + draw(st.floats(0, cell_w - w - gap))
            y = r * cell_h + draw(st.floats(0, cell_h - h - gap))
            rects[f"s{c}_{r}"] = Rect(round(x), round(y), round(w), round(h))
    ids = sorted(rects)
    pairs = st.tuples(st.sampled_from(ids), st.sampled_from(ids),
                      st.sampled_from(["flow", "flow", "information", "rework"]))
    chosen = draw(st.lists(pairs, max_size=14))
    handoffs = [H(f"h{i}", s, t, k) for i, (s, t, k) in enumerate(chosen) if s != t]
    if len(ids) >= 2:  # always some parallel handoffs between one pair
        handoffs += [H("p1", ids[0], ids[-1]), H("p2", ids[0], ids[-1], "information"),
                     H("p3", ids[-1], ids[0], "rework")]
    return rects, handoffs


@settings(max_examples=120, deadline=None)
@given(layouts())
def test_routes_on_random_layouts(layout):
    rects, handoffs = layout
    check_routes(rects, handoffs, route_all(rects, handoffs))


@settings(max_examples=80, deadline=None)
@given(layouts(gap=2.0))
def test_boxes_almost_touching_still_get_orthogonal_routes_from_side_to_side(layout):
    """Closer than the router's margins there may be no clean path (a route is then marked
    not clear), but every route stays orthogonal and joins the right sides."""
    rects, handoffs = layout
    routes = route_all(rects, handoffs)
    for h in handoffs:
        route = routes[h.id]
        points = route.points
        assert len(points) >= 2
        for a, b in zip(points, points[1:], strict=False):
            assert a[0] == b[0] or a[1] == b[1], f"diagonal segment {a}->{b}"
        assert _on_side(points[0], rects[h.source], route.source_side)
        assert _on_side(points[-1], rects[h.target], route.target_side)


def test_ports_differing_by_float_noise_give_a_straight_run():
    rects = {"a": Rect(76, 10, 180, 37), "b": Rect(260, 4, 180, 49.5)}
    handoffs = [H("h1", "a", "b"), H("h2", "a", "b", "information"), H("h3", "b", "a", "rework")]
    for route in route_all(rects, handoffs).values():
        for a, b in zip(route.points, route.points[1:], strict=False):
            assert a[0] == b[0] or a[1] == b[1], f"diagonal segment {a}->{b}"


def test_routes_on_a_grid_of_200_stages():
    rng = random.Random(7)
    rects = {
        f"s{c}_{r}": Rect(c * 240.0, r * 140.0, 180.0, 90.0) for c in range(20) for r in range(10)
    }
    ids = sorted(rects)
    handoffs = []
    for i in range(400):
        source, target = rng.sample(ids, 2)
        handoffs.append(H(f"h{i}", source, target, rng.choice(["flow", "information", "rework"])))
    for c in range(19):  # the common case: left-to-right neighbours
        handoffs.append(H(f"n{c}", f"s{c}_3", f"s{c + 1}_3"))
    routes = route_all(rects, handoffs)
    check_routes(rects, handoffs, routes)
    for c in range(19):
        route = routes[f"n{c}"]  # straight, or one small jog in the gap
        assert len(route.points) <= 4
        assert all(c * 240.0 + 180 <= x <= c * 240.0 + 240 for x, _ in route.points)


def test_neighbours_in_a_row_are_joined_straight_at_mid_height():
    rects = {"a": Rect(0, 0, 180, 90), "b": Rect(240, 0, 180, 90)}
    route = route_all(rects, [H("h", "a", "b")])["h"]
    assert route.points == [(180, 45), (240, 45)]
    assert route.label_pos == (210, 45)
    assert (route.source_side, route.target_side) == ("right", "left")


def test_a_stage_in_the_way_is_routed_around():
    rects = {"a": Rect(0, 0, 180, 90), "mid": Rect(240, 0, 180, 90), "b": Rect(480, 0, 180, 90)}
    handoffs = [H("h", "a", "b")]
    route = route_all(rects, handoffs)["h"]
    assert len(route.points) > 2
    check_routes(rects, handoffs, {"h": route})


def test_parallel_handoffs_are_offset():
    rects = {"a": Rect(0, 0, 180, 90), "b": Rect(300, 200, 180, 90)}
    handoffs = [H("h1", "a", "b"), H("h2", "a", "b", "information"), H("h3", "b", "a")]
    routes = route_all(rects, handoffs)
    check_routes(rects, handoffs, routes)
    starts = {routes[h.id].points[0] for h in handoffs}
    assert len(starts) == 3


def test_rework_runs_in_a_channel_below_the_row():
    rects = {f"s{i}": Rect(i * 240.0, 0, 180, 90) for i in range(4)}
    handoffs = [H(f"f{i}", f"s{i}", f"s{i + 1}") for i in range(3)]
    handoffs += [H("r1", "s3", "s0", "rework"), H("r2", "s2", "s1", "rework")]
    routes = route_all(rects, handoffs)
    check_routes(rects, handoffs, routes)
    for rework in ("r1", "r2"):
        route = routes[rework]
        assert (route.source_side, route.target_side) == ("bottom", "bottom")
        assert max(y for _, y in route.points) > 90
    # Two reworks below the same row take different channels where they overlap.
    assert routes["r1"].points[1][1] != routes["r2"].points[1][1]


def test_rework_goes_above_when_the_row_below_is_full():
    rects = {f"s{i}": Rect(i * 240.0, 200, 180, 90) for i in range(3)}
    rects.update({f"t{i}": Rect(i * 240.0 - 30, 300, 240, 90) for i in range(4)})
    handoffs = [H("r", "s2", "s0", "rework")]
    routes = route_all(rects, handoffs)
    check_routes(rects, handoffs, routes)
    assert routes["r"].source_side == "top"


def test_unknown_stages_are_skipped_and_self_loops_stay_outside():
    rects = {"a": Rect(0, 0, 180, 90)}
    handoffs = [H("x", "a", "missing"), H("loop", "a", "a")]
    routes = route_all(rects, handoffs)
    assert set(routes) == {"loop"}
    check_routes(rects, [handoffs[1]], routes)


def test_nearest_sides_prefer_side_by_side_when_there_is_room():
    a = Rect(0, 0, 180, 90)
    assert nearest_sides(a, Rect(300, 0, 180, 90)) == ("right", "left")
    assert nearest_sides(a, Rect(-300, 500, 180, 90)) == ("left", "right")
    assert nearest_sides(a, Rect(10, 300, 180, 90)) == ("bottom", "top")
    assert nearest_sides(a, Rect(-10, -300, 180, 90)) == ("top", "bottom")


def _crossings(handoffs: list[H], routes: dict[str, Route], rects: dict[str, Rect]) -> int:
    drawing = Drawing(rects, {key: route.points for key, route in routes.items()},
                      {h.id: (h.source, h.target) for h in handoffs})
    return count_crossings(drawing)


def test_runs_sharing_a_gap_get_their_own_tracks_and_do_not_cross():
    """Two handoffs from one column down to the next would turn at the middle of the gap
    on top of each other; each gets its own track, in the order that crosses nothing."""
    rects = {"a1": Rect(0, 0, 100, 50), "a2": Rect(0, 100, 100, 50),
             "b1": Rect(200, 200, 100, 50), "b2": Rect(200, 300, 100, 50)}
    handoffs = [H("h1", "a1", "b1"), H("h2", "a2", "b2")]
    routes = route_all(rects, handoffs)
    check_routes(rects, handoffs, routes)
    turns = {key: {x for x, _ in route.points[1:-1]} for key, route in routes.items()}
    assert all(len(xs) == 1 for xs in turns.values())
    assert turns["h1"] != turns["h2"]
    assert _crossings(handoffs, routes, rects) == 0


def test_a_turning_handoff_takes_the_port_on_its_side_of_a_straight_one():
    """From a box with a straight handoff to its neighbour, a handoff turning downwards
    leaves below the straight one (and one turning upwards above it), so neither crosses
    it."""
    rects = {"a": Rect(0, 100, 100, 50), "b": Rect(200, 100, 100, 50),
             "low": Rect(200, 300, 100, 50), "high": Rect(200, -100, 100, 50)}
    handoffs = [H("up", "a", "high", "information"), H("down", "a", "low", "information"),
                H("flow", "a", "b")]
    routes = route_all(rects, handoffs)
    check_routes(rects, handoffs, routes)
    straight = routes["flow"].points
    assert len(straight) == 2
    assert routes["up"].points[0][1] < straight[0][1] < routes["down"].points[0][1]
    assert _crossings(handoffs, routes, rects) == 0


def test_a_rework_takes_a_channel_crossing_no_handoff():
    """A rework in the channel right under a row whose boxes hand off downwards would
    cross those handoffs; it takes a channel that crosses none (above the row, or below
    the boxes underneath)."""
    rects = {f"s{i}": Rect(i * 200.0, 200, 100, 50) for i in range(4)}
    rects.update({f"d{i}": Rect(i * 200.0 + 100, 400, 100, 50) for i in range(1, 3)})
    handoffs = [H(f"f{i}", f"s{i}", f"s{i + 1}") for i in range(3)]
    handoffs += [H("down1", "s1", "d1"), H("down2", "s2", "d2"), H("r", "s3", "s0", "rework")]
    routes = route_all(rects, handoffs)
    check_routes(rects, handoffs, routes)
    under_row = 250 + 12.0
    assert all(y != under_row for _, y in routes["r"].points)
    assert _crossings(handoffs, routes, rects) == 0


def test_generated_map_routes_are_clean_and_fast(generate_map):
    anatomy = generate_map(1000, 2)
    tops = lane_tops(anatomy)
    rects = {stage.id: stage_rect(stage, tops) for stage in anatomy.stages}
    start = time.perf_counter()
    routes = route_map(anatomy)
    elapsed = time.perf_counter() - start
    handoffs = [H(h.id, h.source, h.target, h.kind) for h in anatomy.handoffs]
    check_routes_fast(rects, handoffs, routes)
    assert elapsed < 0.6, f"{elapsed * 1000:.0f} ms"  # ~60 ms here


def check_routes_fast(rects, handoffs, routes):
    """check_routes with a spatial look-up instead of every box for every segment."""
    from vsm_editor.style.routing import BoxIndex

    index = BoxIndex(rects)
    for h in handoffs:
        route = routes[h.id]
        assert route.clear
        assert _on_side(route.points[0], rects[h.source], route.source_side)
        assert _on_side(route.points[-1], rects[h.target], route.target_side)
        for a, b in zip(route.points, route.points[1:], strict=False):
            assert a[0] == b[0] or a[1] == b[1]
        assert not index.path_blocked(route.points, 0.0, ())


# ----------------------------------------------------------------- bounded on any input
@pytest.mark.parametrize("far", [1e300, -1e300, 1e308, 1e15, 3.5e12])
def test_routing_ends_on_boxes_far_away(far):
    """A box at an absurd (finite) place, even one whose far edge overflows to infinity,
    gets routes quickly; nothing loops over the empty space in between."""
    rects = {
        "a": Rect(0, 0, 180, 90), "b": Rect(far, 0, 180, 90), "c": Rect(300, 0, 180, 90),
        "d": Rect(0, far, 180, 90), "wide": Rect(-far, 500, 1e308, 90),
    }
    handoffs = [H("h", "a", "b"), H("r", "b", "a", "rework"), H("i", "c", "b", "information"),
                H("v", "a", "d"), H("w", "d", "c", "rework"), H("x", "wide", "a"),
                H("p1", "a", "b"), H("p2", "b", "a")]
    start = time.perf_counter()
    routes = route_all(rects, handoffs)
    assert time.perf_counter() - start < 5.0
    assert set(routes) == {h.id for h in handoffs}
    for route in routes.values():
        assert len(route.points) >= 2
        for a, b in zip(route.points, route.points[1:], strict=False):
            assert a[0] == b[0] or a[1] == b[1]


def _brute_blocked(boxes, a, b, margin, exempt):
    x1, x2 = sorted((a[0], b[0]))
    y1, y2 = sorted((a[1], b[1]))
    for i, (bx1, by1, bx2, by2) in enumerate(boxes):
        m = 0.0 if i in exempt else margin
        if bx1 - m < x2 and x1 < bx2 + m and by1 - m < y2 and y1 < by2 + m:
            return True
    return False


def _index(rects: dict[str, Rect], added: int):
    """The index of ``rects``: the last ``added`` of them put in with ``with_boxes`` (as a
    drag adds the stages it moves), the others indexed up front."""
    from vsm_editor.style.routing import BoxIndex

    names = list(rects)
    split = max(len(names) - added, 0)
    index = BoxIndex({name: rects[name] for name in names[:split]})
    if split == len(names):
        return index
    index = index.with_boxes({name: rects[name] for name in names[split:]})
    whole = BoxIndex(rects)
    assert (index.ids, index.boxes, index.position) == (whole.ids, whole.boxes, whole.position)
    assert (index.lefts, index.tops, index.rights, index.bottoms) == (
        whole.lefts, whole.tops, whole.rights, whole.bottoms)
    return index


coordinate = st.one_of(st.integers(-400, 1200).map(float),
                       st.floats(-1e4, 1e4, allow_nan=False, allow_infinity=False),
                       st.sampled_from([1e12, -1e12, 1e300, -1e300, 1e308]))
size = st.one_of(st.integers(0, 300).map(float), st.sampled_from([0.5, 1e6, 1e300]))


@settings(max_examples=250, deadline=None)
@given(
    boxes=st.lists(st.tuples(coordinate, coordinate, size, size), min_size=1, max_size=30),
    segments=st.lists(st.tuples(coordinate, coordinate, coordinate, st.booleans()),
                      min_size=1, max_size=10),
    margin=st.sampled_from([0.0, 0.5, 2.0, 12.0, 28.0]),
    data=st.data(),
    added=st.sampled_from([0, 0, 1, 3]),
)
def test_the_box_index_answers_as_checking_every_box(boxes, segments, margin, data, added):
    rects = {f"s{i}": Rect(*box) for i, box in enumerate(boxes)}
    index = _index(rects, added)
    edges = [(r.x, r.y, r.x + r.width, r.y + r.height) for r in rects.values()]
    for fixed, start, end, horizontal in segments:
        a, b = ((start, fixed), (end, fixed)) if horizontal else ((fixed, start), (fixed, end))
        exempt = tuple(data.draw(st.lists(st.integers(0, len(boxes) - 1), max_size=2)))
        assert index.segment_blocked(a, b, margin, exempt) == _brute_blocked(
            edges, a, b, margin, exempt)
        # Area look-ups may return more, never fewer, boxes than the area touches.
        x1, x2 = sorted((a[0], b[0]))
        y1, y2 = sorted((a[1], b[1]))
        near = index.near(x1, y1, x2, y2)
        touching = {i for i, (bx1, by1, bx2, by2) in enumerate(edges)
                    if bx1 <= x2 and x1 <= bx2 and by1 <= y2 and y1 <= by2}
        assert touching <= near


@settings(max_examples=200, deadline=None)
@given(
    boxes=st.lists(st.tuples(coordinate, coordinate, size, size), min_size=1, max_size=30),
    runs=st.lists(st.tuples(coordinate, coordinate, size, st.sampled_from([0, 1])),
                  min_size=1, max_size=10),
    reach=st.sampled_from([10.0, 120.0, 1000.0]),
    added=st.sampled_from([0, 0, 1, 3]),
)
def test_the_free_stretch_of_a_run_is_as_checking_every_box(boxes, runs, reach, added):
    rects = {f"s{i}": Rect(*box) for i, box in enumerate(boxes)}
    index = _index(rects, added)
    edges = [(r.x, r.y, r.x + r.width, r.y + r.height) for r in rects.values()]
    for at, start, length, axis in runs:
        low, high = start, start + length
        expected: tuple[float, float] | None = (at - reach, at + reach)
        for box in edges:
            if not (box[1 - axis] < high and low < box[3 - axis]):
                continue
            if box[axis + 2] <= at:
                expected = expected and (max(expected[0], box[axis + 2]), expected[1])
            elif box[axis] >= at:
                expected = expected and (expected[0], min(expected[1], box[axis]))
            else:
                expected = None
        assert index.free_stretch(axis, at, low, high, reach) == expected


def test_the_box_index_on_a_row_of_boxes_skips_the_gaps():
    """A segment running down the gap between two columns of boxes is free, one that grazes
    a box's grown edge is blocked, and exempt boxes are not grown."""
    from vsm_editor.style.routing import BoxIndex

    rects = {f"s{c}_{r}": Rect(c * 240.0, r * 140.0, 180.0, 90.0)
             for c in range(3) for r in range(200)}
    index = BoxIndex(rects)
    gap = 180.0 + 30.0
    assert not index.segment_blocked((gap, -50.0), (gap, 28_000.0), 12.0, ())
    assert index.segment_blocked((180.0 + 11.0, -50.0), (180.0 + 11.0, 28_000.0), 12.0, ())
    assert not index.segment_blocked((180.0 + 12.0, 0.0), (180.0 + 12.0, 5000.0), 12.0, ())
    first = index.position["s0_0"]
    assert not index.segment_blocked((181.0, 45.0), (220.0, 45.0), 12.0, (first,))
    assert index.segment_blocked((181.0, 45.0), (220.0, 45.0), 12.0, ())


@settings(max_examples=200, deadline=None)
@given(
    befores=st.lists(st.integers(-3000, 3000).map(float), max_size=120, unique=True),
    afters=st.lists(st.integers(-3000, 3000).map(float), max_size=120, unique=True),
    ends=st.tuples(st.integers(-3500, 3500).map(float), st.integers(-3500, 3500).map(float)),
    reach=st.integers(0, 4000).map(float),
    shift=st.sampled_from([0.0, 8.0, 16.0]),
)
def test_corridor_levels_rank_as_a_full_sort_would(befores, afters, ends, reach, shift):
    """Only the edges near the ports are looked at, yet the ranking is that of sorting all
    the levels in reach (least detour, then nearest the source, then in order)."""
    from bisect import bisect_left, bisect_right

    from vsm_editor.style.routing import _CORRIDOR_TRIES, _ranked_levels

    befores.sort()
    afters.sort()
    s_at, t_at = ends
    low, high = min(ends) - reach, max(ends) + reach
    margin = 12.0
    levels = [v - margin - shift
              for v in befores[bisect_left(befores, low):bisect_right(befores, high)]]
    levels += [v + margin + shift
               for v in afters[bisect_left(afters, low):bisect_right(afters, high)]]
    expected = sorted(levels, key=lambda v: (abs(s_at - v) + abs(t_at - v), abs(s_at - v)))
    assert _ranked_levels(befores, afters, low, high, margin, shift, s_at, t_at) == (
        expected[:_CORRIDOR_TRIES])


def test_routing_a_generated_map_stays_fast(generate_map):
    """Routing cost grows about linearly: 1,000 generated stages well under the old 60 ms."""
    anatomy = generate_map(1000, 1)
    tops = lane_tops(anatomy)
    rects = {stage.id: stage_rect(stage, tops) for stage in anatomy.stages}
    route_all(rects, anatomy.handoffs)
    start = time.process_time()
    routes = route_all(rects, anatomy.handoffs)
    elapsed = time.process_time() - start
    assert all(route.clear for route in routes.values())
    assert elapsed < 0.25, f"{elapsed * 1000:.0f} ms CPU"  # ~25 ms here


def test_routing_among_a_prepared_index_gives_the_same_routes(generate_map):
    from vsm_editor.style.routing import BoxIndex, route_among

    anatomy = generate_map(120, 3)
    tops = lane_tops(anatomy)
    rects = {stage.id: stage_rect(stage, tops) for stage in anatomy.stages}
    moved = anatomy.stages[40].id
    still = BoxIndex({name: rect for name, rect in rects.items() if name != moved})
    index = still.with_boxes({moved: rects[moved]})
    together = {name: rects[name] for name in index.ids}
    assert route_among(index, anatomy.handoffs) == route_all(together, anatomy.handoffs)


def _walled_in() -> tuple[dict[str, Rect], list[H]]:
    """A target fenced in 16 px away, the fence open by 16 px below its middle: only the
    searches with a smaller margin than the usual one get in."""
    rects = {"a": Rect(0, 100, 180, 90), "b": Rect(600, 100, 180, 90)}
    for n, (x, y, w, h) in enumerate([(584, 40, 212, 44), (584, 206, 212, 44),
                                      (530, 40, 54, 130), (530, 186, 54, 64),
                                      (796, 40, 54, 210)]):
        rects[f"wall{n}"] = Rect(x, y, w, h)
    return rects, [H("h", "a", "b")]


def test_a_preview_route_tries_one_search_and_the_full_route_finds_the_gap(monkeypatch):
    from vsm_editor.style import routing
    from vsm_editor.style.routing import BoxIndex, route_among

    calls = []
    search = routing.grid_search
    monkeypatch.setattr(routing, "grid_search",
                        lambda *args: calls.append(args[4]) or search(*args))
    rects, handoffs = _walled_in()
    full = route_all(rects, handoffs)["h"]
    searched = len(calls)
    calls.clear()
    quick = route_among(BoxIndex(rects), handoffs, preview=True)["h"]
    assert searched > 1 and calls == [ROUTE_MARGIN]
    assert full.clear and not quick.clear
    for route in (full, quick):
        assert route.points[0][0] == 180.0 and route.points[-1][0] == 600.0
