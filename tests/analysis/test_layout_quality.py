"""Auto-layout quality: the crossing count itself, a tangled map untangled, and the
comparison with Graphviz ``dot`` (rankdir LR, one cluster per lane) on generated maps.

The dot comparison runs when ``dot`` is installed (Debian package ``graphviz``); without it
the test is skipped, except on CI (``CI=true``) where it fails.
"""

from __future__ import annotations

import copy
import os
import random
import sys
from pathlib import Path

import pytest

from vsm_editor.analysis.layout import LayoutResult, auto_layout
from vsm_editor.analysis.layout_crossings import (
    Drawing,
    count_crossings,
    routed_drawing,
    straight_drawing,
)
from vsm_editor.analysis.layout_dot import _flatten, dot_available, dot_drawing, run_dot, to_dot
from vsm_editor.analysis.layout_order import LayeredGraph
from vsm_editor.model.entities import AnatomyMap, Handoff, Lane, Stage, Stream
from vsm_editor.model.geometry import Rect, lane_tops, stage_rect
from vsm_editor.model.migrations import CURRENT_VERSION, FORMAT_NAME
from vsm_editor.templates import load_template

_BENCH = str(Path(__file__).resolve().parents[1] / "benchmarks")
if _BENCH not in sys.path:
    sys.path.insert(0, _BENCH)

from generate import generate_map  # noqa: E402

#: The issue's bar: our routed crossings at most this many times dot's.
DOT_FACTOR = 1.2


def applied(anatomy: AnatomyMap, result: LayoutResult) -> AnatomyMap:
    laid = copy.deepcopy(anatomy)
    for lane in laid.lanes:
        lane.height = result.lane_heights.get(lane.id, lane.height)
    for stage in laid.stages:
        if stage.id in result.positions:
            stage.x, stage.y = result.positions[stage.id]
    return laid


def boxes(anatomy: AnatomyMap) -> dict[str, Rect]:
    tops = lane_tops(anatomy)
    return {stage.id: stage_rect(stage, tops) for stage in anatomy.stages}


def tangled(anatomy: AnatomyMap, seed: int) -> AnatomyMap:
    """The same map with every stage thrown to a random column of its lane."""
    anatomy = copy.deepcopy(anatomy)
    rng = random.Random(seed)
    columns = max(4, len(anatomy.stages) // 3)
    for stage in anatomy.stages:
        stage.x = 40.0 + 230.0 * rng.randrange(columns)
        stage.y = 20.0 + 130.0 * rng.randrange(2)
    for lane in anatomy.lanes:
        lane.height = max(lane.height, 300.0)
    return anatomy


# ----------------------------------------------------------------------------- counting
def _drawing(lines: dict[str, list[tuple[float, float]]], ends: dict[str, tuple[str, str]],
             rects: dict[str, Rect] | None = None) -> Drawing:
    return Drawing(rects or {}, lines, ends)


def test_an_x_is_one_crossing_and_parallel_lines_none() -> None:
    lines = {"h1": [(0.0, 0.0), (10.0, 10.0)], "h2": [(0.0, 10.0), (10.0, 0.0)],
             "h3": [(0.0, 20.0), (10.0, 20.0)]}
    ends = {"h1": ("a", "b"), "h2": ("c", "d"), "h3": ("e", "f")}
    assert count_crossings(_drawing(lines, ends)) == 1


def test_unrelated_handoffs_running_together_count() -> None:
    lines = {"h1": [(0.0, 0.0), (0.0, 10.0)], "h2": [(0.0, 5.0), (0.0, 20.0)]}
    assert count_crossings(_drawing(lines, {"h1": ("a", "b"), "h2": ("c", "d")})) == 1


def test_a_fan_out_bus_is_no_crossing_but_a_real_crossing_is() -> None:
    rects = {s: Rect(0.0, 0.0, 1.0, 1.0) for s in "abcd"}
    rects["s"] = Rect(-20.0, -20.0, 10.0, 10.0)
    bus = {"h1": [(0.0, 0.0), (0.0, 10.0), (5.0, 10.0)], "h2": [(0.0, 0.0), (0.0, 20.0)]}
    assert count_crossings(_drawing(bus, {"h1": ("s", "a"), "h2": ("s", "b")}, rects)) == 0
    cross = {"h1": [(0.0, 0.0), (10.0, 10.0)], "h2": [(0.0, 10.0), (10.0, 0.0)]}
    assert count_crossings(_drawing(cross, {"h1": ("s", "a"), "h2": ("s", "b")}, rects)) == 1


def test_dot_splines_flatten_from_tail_to_arrow_tip() -> None:
    points = _flatten("e,100,0 0,0 30,0 60,0 90,0")
    assert points[0] == (0.0, 0.0)
    assert points[-1] == (100.0, 0.0)
    assert len(points) == 2 + 8
    assert all(y == 0.0 for _, y in points)


def test_dot_source_has_a_cluster_per_lane_and_only_flow_ranks() -> None:
    anatomy = load_template("secure-api")
    source = to_dot(anatomy)
    assert source.count("subgraph cluster_") == len({s.lane for s in anatomy.stages})
    assert "rankdir=LR" in source
    non_flow = sum(1 for h in anatomy.handoffs if h.kind != "flow")
    assert source.count("constraint=false") == non_flow


# ----------------------------------------------------------------------------- untangling
@pytest.mark.parametrize("seed", [0, 1])
def test_a_tangled_map_gets_far_fewer_crossings(seed: int) -> None:
    anatomy = tangled(generate_map(120, seed), seed)
    before_routed = count_crossings(routed_drawing(anatomy, boxes(anatomy)))
    before_straight = count_crossings(straight_drawing(anatomy, boxes(anatomy)))
    laid = applied(anatomy, auto_layout(anatomy))
    after_routed = count_crossings(routed_drawing(laid, boxes(laid)))
    after_straight = count_crossings(straight_drawing(laid, boxes(laid)))
    assert after_routed * 3 < before_routed
    assert after_straight * 3 < before_straight


def test_a_tangled_template_gets_fewer_crossings() -> None:
    anatomy = tangled(load_template("secure-api"), 3)
    before = count_crossings(routed_drawing(anatomy, boxes(anatomy)))
    laid = applied(anatomy, auto_layout(anatomy))
    after = count_crossings(routed_drawing(laid, boxes(laid)))
    assert after < before


# ----------------------------------------------------------------------------- long handoffs
def test_a_long_handoff_runs_along_its_target_lane_unless_told() -> None:
    graph = LayeredGraph(real=4)
    for layer, lane in ((0, 0), (3, 2), (3, 1), (0, 2)):
        graph.add_node(layer, lane, (0.0, float(layer)))
    graph.add_edge(0, 1)  # left to right: dummies in the target's lane 2
    graph.add_edge(2, 3)  # a back edge's target is on the left: lane 2 again
    graph.add_edge(0, 2, dummy_lane=0)
    assert graph.lane[4:6] == [2, 2]
    assert graph.lane[6:8] == [2, 2]
    assert graph.lane[8:10] == [0, 0]


def _split_skipping_a_column(skipper_on_top: bool) -> AnatomyMap:
    """s (lower lane) splits into p and q (upper lane); q goes on through r; p and r join
    at j in the lower lane, so p's handoff skips r's column and drops to the lower lane."""
    rows = (40.0, 200.0) if skipper_on_top else (200.0, 40.0)
    spots = {"s": (1, 0.0, 40.0), "p": (0, 300.0, rows[0]), "q": (0, 300.0, rows[1]),
             "r": (0, 600.0, 40.0), "j": (1, 900.0, 40.0)}
    stages = [Stage(id=f"st_{key}", name=key, lane=f"ln_{lane}", x=x, y=y)
              for key, (lane, x, y) in spots.items()]
    pairs = [("s", "p"), ("s", "q"), ("q", "r"), ("p", "j"), ("r", "j")]
    return AnatomyMap(
        format=FORMAT_NAME,
        version=CURRENT_VERSION,
        stream=Stream(id="vs_test", name="Test"),
        lanes=[Lane(id="ln_0", name="Upper", height=400.0), Lane(id="ln_1", name="Lower")],
        stages=stages,
        handoffs=[Handoff(id=f"ho_{i}", source=f"st_{a}", target=f"st_{b}", kind="flow")
                  for i, (a, b) in enumerate(pairs)],
    )


@pytest.mark.parametrize("skipper_on_top", [True, False])
def test_the_handoff_that_skips_a_column_leaves_from_the_row_nearer_its_target(
    skipper_on_top: bool,
) -> None:
    """The router drops p's handoff to the lower lane right after p: p must sit under q
    (whatever the current order), or that drop crosses q's handoff to r."""
    anatomy = _split_skipping_a_column(skipper_on_top)
    laid = applied(anatomy, auto_layout(anatomy))
    placed = {stage.id: stage.y for stage in laid.stages}
    assert placed["st_p"] > placed["st_q"]
    assert count_crossings(routed_drawing(laid, boxes(laid))) == 0


# ----------------------------------------------------------------------------- dot
def _require_dot() -> None:
    if dot_available():
        return
    reason = "Graphviz dot is not installed (apt-get install -y graphviz)"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(reason + "; CI must have it")
    pytest.skip(reason)


def _ours_and_dots(anatomy: AnatomyMap) -> tuple[int, int]:
    """Routed crossings after our auto-layout, and in dot's drawing of the same graph."""
    laid = applied(anatomy, auto_layout(anatomy))
    ours = count_crossings(routed_drawing(laid, boxes(laid)))
    output, _ = run_dot(to_dot(anatomy))
    return ours, count_crossings(dot_drawing(output))


@pytest.mark.parametrize("stages", [100, 200, 300])
def test_routed_crossings_at_most_1_2_times_dots_on_each_small_map(stages: int) -> None:
    """Every generated map of 100, 200 and 300 stages, seeds 0 to 4, on its own: ours
    (orthogonal routes of vsm_editor.style.routing) against dot's own splines, counted by
    the same function."""
    _require_dot()
    over = []
    for seed in range(5):
        ours, theirs = _ours_and_dots(generate_map(stages, seed))
        print(f"{stages} stages, seed {seed}: ours {ours}, dot {theirs}")
        if ours > DOT_FACTOR * theirs:
            over.append((seed, ours, theirs))
    assert not over, f"over {DOT_FACTOR}x dot (seed, ours, dot): {over}"


#: Maps of seeds 5 to 11 still over the bar (ours, dot): rework and information channels
#: that run along a row and cross the flows leaving it, and routes sharing a channel level.
_KNOWN_OVER = {(100, 5): (1, 0), (200, 5): (10, 5), (200, 7): (8, 6), (300, 7): (7, 5)}


@pytest.mark.parametrize(
    ("stages", "seed"),
    [
        pytest.param(
            stages, seed,
            marks=[pytest.mark.xfail(strict=True, reason=f"ours, dot: {_KNOWN_OVER[stages, seed]}")]
            if (stages, seed) in _KNOWN_OVER else [],
        )
        for stages in (100, 200, 300)
        for seed in range(5, 12)
    ],
)
def test_routed_crossings_at_most_1_2_times_dots_on_more_seeds(stages: int, seed: int) -> None:
    _require_dot()
    ours, theirs = _ours_and_dots(generate_map(stages, seed))
    assert ours <= DOT_FACTOR * theirs, (ours, theirs)


def test_routed_crossings_at_most_1_2_times_dots_on_large_maps() -> None:
    """1,000-stage generated maps, seeds 0 to 2, each on its own and summed."""
    _require_dot()
    ours_total = dot_total = 0
    for seed in (0, 1, 2):
        ours, theirs = _ours_and_dots(generate_map(1000, seed))
        print(f"1000 stages, seed {seed}: ours {ours}, dot {theirs}")
        assert ours <= DOT_FACTOR * theirs, (seed, ours, theirs)
        ours_total += ours
        dot_total += theirs
    assert ours_total <= DOT_FACTOR * dot_total
