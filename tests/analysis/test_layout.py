"""Auto-layout properties on hypothesis maps and on every template: no overlaps, every stage
in its lane, flow left to right except back edges, selection-only layout, stability."""

from __future__ import annotations

import copy
import math
from itertools import combinations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import anatomy_maps, any_maps

from vsm_editor.analysis.graph import build_flow_graph
from vsm_editor.analysis.layout import LayoutResult, auto_layout
from vsm_editor.commands.modeling import Modeling
from vsm_editor.model.document import Document
from vsm_editor.model.entities import AnatomyMap, Handoff, Lane, Stage, Stream
from vsm_editor.model.geometry import lane_tops, stage_rect
from vsm_editor.model.migrations import CURRENT_VERSION, FORMAT_NAME
from vsm_editor.templates import load_template, template_ids

FAST = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


# ----------------------------------------------------------------------------- helpers
def applied(anatomy: AnatomyMap, result: LayoutResult) -> AnatomyMap:
    """A copy of ``anatomy`` with the layout applied as the model stores it."""
    laid = copy.deepcopy(anatomy)
    for lane in laid.lanes:
        lane.height = result.lane_heights.get(lane.id, lane.height)
    for stage in laid.stages:
        if stage.id in result.positions:
            stage.x, stage.y = result.positions[stage.id]
    return laid


def sane(anatomy: AnatomyMap) -> AnatomyMap:
    """Hypothesis maps with ordinary sizes; every stage inside its lane band."""
    anatomy = copy.deepcopy(anatomy)
    for stage in anatomy.stages:
        stage.width = stage.width if 20.0 <= stage.width <= 400.0 else 180.0
        stage.height = stage.height if 20.0 <= stage.height <= 200.0 else 90.0
        stage.x = stage.x if abs(stage.x) <= 1e5 else 0.0
        stage.y = stage.y if 0.0 <= stage.y <= 300.0 else 40.0
    for lane in anatomy.lanes:
        bottoms = [s.y + s.height for s in anatomy.stages if s.lane == lane.id]
        lane.height = max([lane.height if 1.0 <= lane.height <= 1e4 else 160.0, *bottoms])
    return anatomy


def overlaps(anatomy: AnatomyMap) -> list[tuple[str, str]]:
    tops = lane_tops(anatomy)
    rects = [(s.id, stage_rect(s, tops)) for s in anatomy.stages]
    rects.sort(key=lambda item: item[1].x)
    found = []
    for i, (a, ra) in enumerate(rects):
        for b, rb in rects[i + 1 :]:
            if rb.x >= ra.right:
                break
            if ra.intersects(rb):
                found.append((a, b))
    return found


def outside_lane(anatomy: AnatomyMap, stage_ids: set[str] | None = None) -> list[str]:
    tops = lane_tops(anatomy)
    height = {lane.id: lane.height for lane in anatomy.lanes}
    bad = []
    for stage in anatomy.stages:
        if stage_ids is not None and stage.id not in stage_ids:
            continue
        rect = stage_rect(stage, tops)
        top = tops.get(stage.lane, tops[None])
        bottom = top + height[stage.lane] if stage.lane in height else math.inf
        if not (top <= rect.y and rect.bottom <= bottom):
            bad.append(stage.id)
    return bad


def check_full_layout(anatomy: AnatomyMap) -> tuple[AnatomyMap, LayoutResult]:
    result = auto_layout(anatomy)
    assert set(result.positions) == {s.id for s in anatomy.stages}
    laid = applied(anatomy, result)
    assert overlaps(laid) == []
    assert outside_lane(laid) == []
    tops = lane_tops(laid)
    rects = {s.id: stage_rect(s, tops) for s in laid.stages}
    for handoff in laid.handoffs:
        if handoff.kind != "flow" or handoff.source == handoff.target:
            continue
        source, target = result.layers[handoff.source], result.layers[handoff.target]
        if handoff.id in result.back_edges:
            assert source > target
            assert rects[handoff.target].right < rects[handoff.source].x
        else:
            assert source < target
            assert rects[handoff.source].right < rects[handoff.target].x
    return laid, result


def build(stages: list[Stage], handoffs: list[tuple[str, str]] = (), lanes: int = 1,
          kinds: dict[int, str] | None = None) -> AnatomyMap:
    kinds = kinds or {}
    return AnatomyMap(
        format=FORMAT_NAME,
        version=CURRENT_VERSION,
        stream=Stream(id="vs_test", name="Test"),
        lanes=[Lane(id=f"ln_{i}", name=f"Lane {i}") for i in range(lanes)],
        stages=stages,
        handoffs=[
            Handoff(id=f"ho_{i}", source=s, target=t, kind=kinds.get(i, "flow"))
            for i, (s, t) in enumerate(handoffs)
        ],
    )


# ----------------------------------------------------------------------------- properties
@FAST
@given(anatomy_maps(max_stages=14))
def test_hypothesis_maps_lay_out_cleanly(anatomy: AnatomyMap) -> None:
    check_full_layout(sane(anatomy))


@FAST
@given(any_maps(max_stages=10))
def test_odd_numbers_never_break_the_layout(anatomy: AnatomyMap) -> None:
    result = auto_layout(anatomy)
    assert set(result.positions) == {s.id for s in anatomy.stages}
    for x, y in result.positions.values():
        assert not math.isnan(x) and not math.isnan(y)


@FAST
@given(anatomy_maps(max_stages=14), st.data())
def test_selection_layout_moves_only_the_selection(anatomy: AnatomyMap, data) -> None:
    anatomy = sane(anatomy)
    ids = [s.id for s in anatomy.stages]
    selected = set(data.draw(st.lists(st.sampled_from(ids), unique=True) if ids else st.just([])))
    result = auto_layout(anatomy, selected)
    assert set(result.positions) == selected
    laid = applied(anatomy, result)
    before = {s.id: (s.x, s.y, s.lane) for s in anatomy.stages}
    for stage in laid.stages:
        if stage.id not in selected:
            assert (stage.x, stage.y, stage.lane) == before[stage.id]
    assert outside_lane(laid, selected) == []
    assert [pair for pair in overlaps(laid) if set(pair) & selected] == []
    assert all(new >= old.height for old in anatomy.lanes
               for lane_id, new in result.lane_heights.items() if lane_id == old.id)


@FAST
@given(anatomy_maps(max_stages=12))
def test_layout_is_deterministic_and_settles(anatomy: AnatomyMap) -> None:
    anatomy = sane(anatomy)
    first = auto_layout(anatomy)
    assert auto_layout(anatomy) == first
    laid = applied(anatomy, first)
    again = auto_layout(laid)
    assert again.changes(laid) == {}
    assert again.lane_heights == {}


@pytest.mark.parametrize("template_id", template_ids())
def test_every_template_lays_out_cleanly_and_stably(template_id: str) -> None:
    anatomy = load_template(template_id)
    laid, result = check_full_layout(anatomy)
    again = auto_layout(laid)
    assert again.changes(laid) == {}
    assert again.lane_heights == {}
    assert again.crossings == result.crossings


@pytest.mark.parametrize("template_id", template_ids())
def test_template_selection_of_half_leaves_the_rest(template_id: str) -> None:
    anatomy = load_template(template_id)
    selected = {s.id for s in anatomy.stages[::2]}
    laid = applied(anatomy, auto_layout(anatomy, selected))
    for old, new in zip(anatomy.stages, laid.stages, strict=True):
        if old.id not in selected:
            assert (new.x, new.y, new.lane) == (old.x, old.y, old.lane)
    assert [pair for pair in overlaps(laid) if set(pair) & selected] == []
    assert outside_lane(laid, selected) == []


# ----------------------------------------------------------------------------- behaviour
def test_layers_follow_the_flow_and_cycles_get_one_back_edge() -> None:
    stages = [Stage(id=f"st_{c}", name=c, lane="ln_0", x=float(i * 10))
              for i, c in enumerate("abcd")]
    anatomy = build(stages, [("st_a", "st_b"), ("st_b", "st_c"), ("st_c", "st_d"),
                             ("st_d", "st_b")])
    laid, result = check_full_layout(anatomy)
    assert result.layers == {"st_a": 0, "st_b": 1, "st_c": 2, "st_d": 3}
    assert result.back_edges == {"ho_3"}
    assert len(build_flow_graph(laid).cycles) == 1


def test_equal_orders_keep_the_current_top_to_bottom_order() -> None:
    def chains(upper_first: bool) -> AnatomyMap:
        ys = (40.0, 200.0) if upper_first else (200.0, 40.0)
        stages = [
            Stage(id="st_a1", name="a1", lane="ln_0", x=0.0, y=ys[0]),
            Stage(id="st_a2", name="a2", lane="ln_0", x=300.0, y=ys[0]),
            Stage(id="st_b1", name="b1", lane="ln_0", x=0.0, y=ys[1]),
            Stage(id="st_b2", name="b2", lane="ln_0", x=300.0, y=ys[1]),
        ]
        anatomy = build(stages, [("st_a1", "st_a2"), ("st_b1", "st_b2")])
        anatomy.lanes[0].height = 400.0
        return anatomy

    for upper_first in (True, False):
        anatomy = chains(upper_first)
        result = auto_layout(anatomy)
        a_above = result.positions["st_a1"][1] < result.positions["st_b1"][1]
        assert a_above == upper_first
        assert result.positions["st_a1"][1] == result.positions["st_a2"][1]


def test_crossing_order_is_untangled() -> None:
    stages = [
        Stage(id="st_a1", name="a1", lane="ln_0", x=0.0, y=40.0),
        Stage(id="st_b1", name="b1", lane="ln_0", x=0.0, y=200.0),
        Stage(id="st_a2", name="a2", lane="ln_0", x=300.0, y=200.0),
        Stage(id="st_b2", name="b2", lane="ln_0", x=300.0, y=40.0),
    ]
    anatomy = build(stages, [("st_a1", "st_a2"), ("st_b1", "st_b2")])
    result = auto_layout(anatomy)
    assert result.crossings == 0
    assert result.positions["st_a1"][1] == result.positions["st_a2"][1]


def test_a_busy_layer_grows_its_lane() -> None:
    stages = [Stage(id="st_s", name="s", lane="ln_0")]
    stages += [Stage(id=f"st_{i}", name=str(i), lane="ln_0") for i in range(3)]
    stages += [Stage(id="st_j", name="j", lane="ln_1")]
    pairs = [("st_s", f"st_{i}") for i in range(3)] + [(f"st_{i}", "st_j") for i in range(3)]
    anatomy = build(stages, pairs, lanes=2)
    laid, result = check_full_layout(anatomy)
    assert result.lane_heights["ln_0"] == pytest.approx(2 * 35 + 3 * 90 + 2 * 30)
    assert "ln_1" not in result.lane_heights
    columns = {s.id: s.x for s in laid.stages}
    assert columns["st_0"] == columns["st_1"] == columns["st_2"]


def test_selected_stages_avoid_the_others_in_their_lane() -> None:
    stages = [Stage(id=f"st_{i}", name=str(i), lane="ln_0", x=40.0 + 230 * i, y=35.0)
              for i in range(4)]
    stages.append(Stage(id="st_new", name="new", lane="ln_0", x=500.0, y=35.0))
    anatomy = build(stages, [("st_1", "st_new")])
    result = auto_layout(anatomy, {"st_new"})
    laid = applied(anatomy, result)
    assert overlaps(laid) == []
    assert result.lane_heights["ln_0"] > 160.0
    assert outside_lane(laid) == []


def test_unknown_and_empty_selections_do_nothing() -> None:
    anatomy = load_template("secure-api")
    assert auto_layout(anatomy, set()) == LayoutResult()
    assert auto_layout(anatomy, {"st_nowhere"}) == LayoutResult()


def test_one_undo_step_through_the_modeling_facade() -> None:
    """The call the UI makes: lanes grow first, then one move, all in one transaction."""
    anatomy = load_template("secure-api")
    for i, stage in enumerate(anatomy.stages):
        stage.x = float((7 * i) % 5) * 230.0 + 40.0
    anatomy.stages[0].y = 0.0
    doc = Document(copy.deepcopy(anatomy))
    modeling = Modeling(doc)
    result = auto_layout(doc.map)
    assert result.changes(doc.map)
    with modeling.transaction("Auto-layout"):
        for lane_id, height in result.lane_heights.items():
            modeling.resize_lane(lane_id, height)
        modeling.move_stages(result.absolute_positions(doc.map))
    expected = applied(anatomy, result)
    assert [(s.x, s.y, s.lane) for s in doc.map.stages] == [
        (s.x, s.y, s.lane) for s in expected.stages
    ]
    assert auto_layout(doc.map).changes(doc.map) == {}
    modeling.stack.undo()
    assert [(s.x, s.y) for s in doc.map.stages] == [(s.x, s.y) for s in anatomy.stages]


def test_every_pair_of_template_stages_is_apart_by_the_gaps() -> None:
    laid, _ = check_full_layout(load_template("secure-api"))
    tops = lane_tops(laid)
    rects = [stage_rect(s, tops) for s in laid.stages]
    for a, b in combinations(rects, 2):
        apart_x = max(b.x - a.right, a.x - b.right)
        apart_y = max(b.y - a.bottom, a.y - b.bottom)
        assert apart_x >= 50.0 or apart_y >= 30.0
