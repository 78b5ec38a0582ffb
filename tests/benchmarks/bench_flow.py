"""Flow metrics on generated maps at 1,000 / 5,000 / 20,000 stages.

Aims (issue 3 budget of 50 ms for the whole analysis at 5,000 stages): compute_flow with
the shared flow graph given < 10 ms at 5,000 and < 60 ms at 20,000 stages. The ladder is
built on first use (the UI's cost, not the checks'), so it is timed on its own.
``BUDGET_SECONDS`` is what the benchmark enforces at 5,000 stages, on the fastest round (the
least disturbed one on a shared machine): the whole analysis's budget, which the flow
metrics alone must stay well inside.
"""

from __future__ import annotations

import pytest

from vsm_editor.analysis.flow import compute_flow
from vsm_editor.analysis.graph import build_flow_graph

pytestmark = pytest.mark.bench

BUDGET_SIZE = 5_000
BUDGET_SECONDS = 0.050


def _check_budget(benchmark, stages: int) -> None:
    stats = getattr(benchmark, "stats", None)
    if stages != BUDGET_SIZE or stats is None:
        return
    fastest = stats.stats.min
    assert fastest < BUDGET_SECONDS, f"fastest {fastest * 1000:.1f} ms over the 50 ms budget"


def test_flow_metrics(benchmark, generated_map, bench_size):
    """compute_flow with the shared flow graph already built (how the analysis calls it)."""
    anatomy = generated_map(bench_size)
    graph = build_flow_graph(anatomy)
    metrics = benchmark.pedantic(
        compute_flow, args=(anatomy, graph), rounds=15, warmup_rounds=2
    )
    assert metrics.lead_time_hours is not None and metrics.lead_time_hours > 0
    assert metrics.critical_path[0] == anatomy.stages[0].id
    assert metrics.critical_path[-1] == anatomy.stages[-1].id
    assert len(metrics.rework_loops) > 0 and metrics.missing == []
    _check_budget(benchmark, bench_size)


def test_flow_metrics_with_graph_build(benchmark, generated_map, bench_size):
    """compute_flow building the flow graph itself (networkx)."""
    anatomy = generated_map(bench_size)
    metrics = benchmark.pedantic(compute_flow, args=(anatomy,), rounds=5, warmup_rounds=1)
    assert metrics.flow_efficiency is not None and 0.0 < metrics.flow_efficiency < 1.0


def test_ladder(benchmark, generated_map, bench_size):
    """Building the timeline ladder along the critical path (on first use of ``ladder``)."""
    anatomy = generated_map(bench_size)
    metrics = compute_flow(anatomy, build_flow_graph(anatomy))
    source = metrics.ladder_source
    assert source is not None
    ladder = benchmark.pedantic(source, rounds=5, warmup_rounds=1)
    assert len(ladder) == 2 * len(metrics.critical_path)
