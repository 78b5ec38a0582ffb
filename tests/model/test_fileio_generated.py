"""The benchmark generator (``tests/benchmarks/generate.py``) makes valid, realistic maps."""

from __future__ import annotations

import subprocess
import sys
from collections import Counter, defaultdict
from pathlib import Path

import pytest
from benchmarks.generate import generate_map, main

from vsm_editor.model import dump_bytes, load_bytes, load_map
from vsm_editor.model.geometry import lane_tops, stage_rect
from vsm_editor.model.integrity import check_map

GENERATOR = Path(__file__).resolve().parents[1] / "benchmarks" / "generate.py"


@pytest.fixture(scope="module")
def big():
    return generate_map(600, seed=3)


@pytest.mark.parametrize("stages", [1, 2, 3, 4, 5, 7, 11, 50, 333])
def test_exact_stage_count_and_valid(stages):
    anatomy = generate_map(stages, seed=stages)
    assert len(anatomy.stages) == stages
    check_map(anatomy)
    assert load_bytes(dump_bytes(anatomy)) == anatomy


def test_deterministic_per_seed():
    assert dump_bytes(generate_map(120, 5)) == dump_bytes(generate_map(120, 5))
    assert dump_bytes(generate_map(120, 5)) != dump_bytes(generate_map(120, 6))


def test_refuses_zero_stages():
    with pytest.raises(ValueError, match="at least one stage"):
        generate_map(0)


def test_lanes_by_function_and_no_overlaps(big):
    assert 8 <= len(big.lanes) <= 20
    assert len({lane.name for lane in big.lanes}) == len(big.lanes)
    tops = lane_tops(big)
    heights = {lane.id: lane.height for lane in big.lanes}
    by_lane = defaultdict(list)
    for stage in big.stages:
        assert stage.lane in heights
        assert 0 <= stage.y and stage.y + stage.height <= heights[stage.lane]
        by_lane[stage.lane].append(stage_rect(stage, tops))
    for rects in by_lane.values():
        slots = {(r.x, r.y) for r in rects}
        assert len(slots) == len(rects)
        ordered = sorted(rects, key=lambda r: (r.y, r.x))
        for a, b in zip(ordered, ordered[1:], strict=False):
            assert not a.intersects(b)


def _flow_out(anatomy):
    out = defaultdict(list)
    for handoff in anatomy.handoffs:
        if handoff.kind == "flow":
            out[handoff.source].append(handoff)
    return out


def test_alternative_shares_sum_to_100_and_parallel_branches_join(big):
    out = _flow_out(big)
    splits = Counter()
    for stage in big.stages:
        branches = out[stage.id]
        if len(branches) < 2:
            continue
        splits[stage.split] += 1
        if stage.split == "alternatives":
            assert sum(h.share.value for h in branches) == pytest.approx(100.0)
        else:
            assert all(h.share is None for h in branches)
            reach = [_reachable(out, h.target) for h in branches]
            assert set.intersection(*reach), f"parallel split at {stage.id} never joins"
    assert splits["alternatives"] >= 5 and splits["parallel"] >= 3


def _reachable(out, start, limit=50):
    seen, frontier = {start}, [start]
    while frontier and len(seen) < limit:
        node = frontier.pop()
        for handoff in out[node]:
            if handoff.target not in seen:
                seen.add(handoff.target)
                frontier.append(handoff.target)
    return seen


def test_rework_information_and_times(big):
    order = {stage.id: index for index, stage in enumerate(big.stages)}
    kinds = Counter(h.kind for h in big.handoffs)
    assert kinds["rework"] >= 10 and kinds["information"] >= 10
    for handoff in big.handoffs:
        if handoff.kind == "rework":
            assert 0 < handoff.rework_rate.value < 1
            assert order[handoff.target] < order[handoff.source]
        if handoff.kind == "flow":
            assert handoff.wait is not None and handoff.wait.unit is not None
    for stage in big.stages:
        assert stage.process_time.unit is not None
        assert 0 <= stage.pca.value <= 100
    assert big.stages[0].start and big.stages[-1].end


def test_p1_to_p4_on_every_stage(big):
    outcomes = {o.id: o for o in big.outcomes}
    assert all(o.metric and o.target is not None for o in outcomes.values())
    logic_at = defaultdict(list)
    for item in big.catalogue.logic:
        assert item.control_point is not None and item.owner
        for stage_id in item.stages:
            logic_at[stage_id].append(item)
    realized = Counter(i for c in big.catalogue.components for i in c.realizes)
    for stage in big.stages:
        assert 1 <= len(stage.outcomes) <= 3
        assert 2 <= len(stage.decisions) <= 4
        assert 2 <= len(logic_at[stage.id]) <= 3
        for item in logic_at[stage.id]:
            assert realized[item.id] >= 1
    assert all(cp.component for cp in big.catalogue.control_points)
    shared = [i for i in big.catalogue.logic if len(i.stages) > 1]
    assert shared, "no logic item serves several stages"
    stage_of = {i.id: i.stages[0] for i in big.catalogue.logic}
    assert any(len({stage_of[i] for i in c.realizes}) > 1 for c in big.catalogue.components)


def test_size_is_about_a_megabyte_per_thousand_stages():
    size = len(dump_bytes(generate_map(1_000, 0)))
    assert 0.9e6 < size < 1.6e6  # 5,000 stages: about 6.7 MB


def test_command_line_writes_the_generated_map(tmp_path):
    target = tmp_path / "g.vsm.json"
    assert main(["--stages", "40", "--seed", "2", "-o", str(target)]) == 0
    assert target.read_bytes() == dump_bytes(generate_map(40, 2))
    assert main(["--stages", "0", "-o", str(tmp_path / "none.vsm.json")]) == 2


def test_script_runs_standalone(tmp_path):
    target = tmp_path / "script.vsm.json"
    result = subprocess.run(
        [sys.executable, str(GENERATOR), "--stages", "25", "--seed", "1", "-o", str(target)],
        capture_output=True, text=True, timeout=120, check=False,
    )
    assert result.returncode == 0, result.stderr
    assert len(load_map(target).stages) == 25
