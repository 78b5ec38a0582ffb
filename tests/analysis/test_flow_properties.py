"""Properties of the flow metrics on generated maps: never a crash or a hang, numbers in
range, and the formulas' invariants (a chain adds up; all times × k gives lead time × k)."""

from __future__ import annotations

import math
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import any_maps

from vsm_editor.analysis.flow import FlowMetrics, compute_flow
from vsm_editor.model import (
    CURRENT_VERSION,
    FORMAT_NAME,
    AnatomyMap,
    Duration,
    Handoff,
    Percent,
    Rate,
    Stage,
    Stream,
)
from vsm_editor.model.integrity import check_map

UNITS = ["minutes", "hours", "working_days", "calendar_days"]


def assert_sane(anatomy: AnatomyMap, metrics: FlowMetrics) -> None:
    """What must hold for any map, whatever its numbers."""
    stage_ids = {stage.id for stage in anatomy.stages}
    flow_edges = {h.id: h for h in anatomy.handoffs if h.kind == "flow"}
    assert set(metrics.visits) == stage_ids
    assert all(value >= 0.0 for value in metrics.visits.values())
    if metrics.flow_efficiency is not None:
        assert 0.0 <= metrics.flow_efficiency <= 1.0
    if metrics.rolled_pca is not None:
        assert 0.0 <= metrics.rolled_pca <= 100.0
    for value in (metrics.lead_time_hours, metrics.process_time_hours,
                  metrics.wait_time_hours, metrics.critical_process_time_hours):
        assert value is None or (math.isfinite(value) and value >= 0.0)
    # The critical path walks along flow handoffs.
    assert len(metrics.critical_handoffs) == max(0, len(metrics.critical_path) - 1)
    for position, handoff_id in enumerate(metrics.critical_handoffs):
        handoff = flow_edges[handoff_id]
        assert handoff.source == metrics.critical_path[position]
        assert handoff.target == metrics.critical_path[position + 1]
    assert len(metrics.ladder) == 2 * len(metrics.critical_path)
    assert set(metrics.missing) <= stage_ids | set(flow_edges)
    if metrics.bottleneck is not None:
        assert metrics.bottleneck in stage_ids
    for loop in metrics.rework_loops:
        assert set(loop.stages) <= stage_ids and loop.factor >= 1.0


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(any_maps(max_stages=14))
def test_never_raises_on_any_valid_map(anatomy):
    """Random valid maps (odd numbers, cycles, rework anywhere, no starts) and the odd
    shapes: compute_flow returns sane metrics and never raises or hangs."""
    assert_sane(anatomy, compute_flow(anatomy))


# ------------------------------------------------------------------ maps with all data
@st.composite
def complete_maps(draw: Any, max_stages: int = 14, parallel: bool = True,
                  rework: bool = True) -> AnatomyMap:
    """A DAG where every stage after the first flows in from 1–2 earlier stages, with every
    time, share and %C&A present and valid, random splits and rework loops."""
    count = draw(st.integers(1, max_stages))
    times = st.floats(0.0, 1000.0, allow_nan=False)
    stages = [
        Stage(
            id=f"st_{i}",
            name=f"Stage {i}",
            process_time=Duration(value=draw(times), unit=draw(st.sampled_from(UNITS))),
            pca=Percent(value=draw(st.floats(0.0, 100.0))),
            split="parallel" if parallel and draw(st.booleans()) else "alternatives",
        )
        for i in range(count)
    ]
    handoffs = []
    for i in range(1, count):
        sources = draw(st.lists(st.integers(0, i - 1), min_size=1, max_size=2, unique=True))
        for j in sources:
            handoffs.append(
                Handoff(
                    id=f"ho_{j}_{i}",
                    source=f"st_{j}",
                    target=f"st_{i}",
                    wait=Duration(value=draw(times), unit=draw(st.sampled_from(UNITS))),
                    share=Percent(value=draw(st.floats(1.0, 100.0))),
                )
            )
    if rework and count > 1:
        for _ in range(draw(st.integers(0, 3))):
            later = draw(st.integers(1, count - 1))
            earlier = draw(st.integers(0, later - 1))
            if any(h.id == f"rw_{later}_{earlier}" for h in handoffs):
                continue
            handoffs.append(
                Handoff(
                    id=f"rw_{later}_{earlier}",
                    source=f"st_{later}",
                    target=f"st_{earlier}",
                    kind="rework",
                    rework_rate=Rate(value=draw(st.floats(0.0, 0.9))),
                )
            )
    anatomy = AnatomyMap(
        format=FORMAT_NAME,
        version=CURRENT_VERSION,
        stream=Stream(id="vs_p", name="P", working_day_hours=draw(st.sampled_from([7.5, 8.0]))),
        stages=stages,
        handoffs=handoffs,
    )
    check_map(anatomy)
    return anatomy


@settings(max_examples=200, deadline=None)
@given(complete_maps())
def test_flow_efficiency_within_0_and_1_when_all_data_is_present(anatomy):
    """With every number present: nothing missing, LT = critical PT + WT, efficiency in 0..1
    (absent only when LT is 0), the one start worked at least once."""
    metrics = compute_flow(anatomy)
    assert_sane(anatomy, metrics)
    assert metrics.missing == []
    assert metrics.lead_time_hours is not None
    if metrics.lead_time_hours > 0.0:
        assert metrics.flow_efficiency is not None
        assert 0.0 <= metrics.flow_efficiency <= 1.0
    assert metrics.lead_time_hours == _approx(
        metrics.critical_process_time_hours + metrics.wait_time_hours  # type: ignore[operator]
    )
    assert metrics.visits["st_0"] >= 1.0 - 1e-9


@settings(max_examples=100, deadline=None)
@given(complete_maps(parallel=False, rework=False))
def test_without_parallel_splits_all_work_is_on_the_expected_path(anatomy):
    """Only alternatives: the expected process time inside the lead time is all the work."""
    metrics = compute_flow(anatomy)
    assert metrics.process_time_hours == _approx(metrics.critical_process_time_hours)


@settings(max_examples=100, deadline=None)
@given(complete_maps(), st.sampled_from([0.5, 2.0, 3.0]))
def test_lead_time_scales_with_the_times(anatomy, factor):
    """Every time × k gives lead time and process time × k, the same efficiency and path."""
    before = compute_flow(anatomy)
    for item in [*anatomy.stages, *anatomy.handoffs]:
        for name in ("process_time", "wait"):
            duration = getattr(item, name, None)
            if duration is not None:
                duration.value *= factor
    after = compute_flow(anatomy)
    assert after.lead_time_hours == _approx(before.lead_time_hours * factor)  # type: ignore[operator]
    assert after.process_time_hours == _approx(before.process_time_hours * factor)  # type: ignore[operator]
    assert after.critical_path == before.critical_path or before.lead_time_hours == 0.0


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.floats(0, 100), st.floats(0, 100)), min_size=1, max_size=30))
def test_a_chain_adds_up(times):
    """A chain without branches: LT = Σ PT + Σ waits, rolled %C&A = Π %C&A."""
    stages = [Stage(id=f"s{i}", name="s", process_time=Duration(value=pt, unit="hours"),
                    pca=Percent(value=90.0))
              for i, (pt, _) in enumerate(times)]
    handoffs = [Handoff(id=f"h{i}", source=f"s{i - 1}", target=f"s{i}",
                        wait=Duration(value=wait, unit="hours"))
                for i, (_, wait) in enumerate(times) if i]
    anatomy = AnatomyMap(format=FORMAT_NAME, version=CURRENT_VERSION,
                         stream=Stream(id="vs", name="c"), stages=stages, handoffs=handoffs)
    metrics = compute_flow(anatomy)
    expected = math.fsum(pt for pt, _ in times) + math.fsum(w for _, w in times[1:])
    assert metrics.lead_time_hours == _approx(expected)
    assert metrics.rolled_pca == _approx(100.0 * 0.9 ** len(times))
    assert metrics.critical_path == [stage.id for stage in stages]


def test_long_cyclic_chain_does_not_recurse_or_hang():
    """5,000 stages in one flow cycle: iterative search, one ignored handoff, a result."""
    count = 5_000
    stages = [Stage(id=f"s{i}", name="s", process_time=Duration(value=1, unit="hours"))
              for i in range(count)]
    handoffs = [Handoff(id=f"h{i}", source=f"s{i}", target=f"s{(i + 1) % count}")
                for i in range(count)]
    anatomy = AnatomyMap(format=FORMAT_NAME, version=CURRENT_VERSION,
                         stream=Stream(id="vs", name="c"), stages=stages, handoffs=handoffs)
    metrics = compute_flow(anatomy)
    assert metrics.ignored_handoffs == [f"h{count - 1}"]
    assert metrics.lead_time_hours == _approx(float(count))


def _approx(value: float) -> Any:
    return pytest.approx(value, rel=1e-9, abs=1e-9)


def test_rework_factors_too_large_to_add_up():
    """25 nested loops at a rate just below 1 (factor ≈ 9·10¹⁵ each) overflow the floats:
    no totals and a note, but no exception, and visits stay non-negative numbers."""
    count = 50
    stages = [Stage(id=f"s{i}", name="s", process_time=Duration(value=1, unit="hours"))
              for i in range(count)]
    handoffs = [Handoff(id=f"h{i}", source=f"s{i}", target=f"s{i + 1}")
                for i in range(count - 1)]
    handoffs += [Handoff(id=f"r{i}", source=f"s{count - 1 - i}", target=f"s{i}", kind="rework",
                         rework_rate=Rate(value=0.9999999999999999))
                 for i in range(count // 2)]
    anatomy = AnatomyMap(format=FORMAT_NAME, version=CURRENT_VERSION,
                         stream=Stream(id="vs", name="c"), stages=stages, handoffs=handoffs)
    metrics = compute_flow(anatomy)
    assert metrics.lead_time_hours is None and metrics.flow_efficiency is None
    assert any("too large" in note for note in metrics.notes)
    assert all(value >= 0.0 for value in metrics.visits.values())
