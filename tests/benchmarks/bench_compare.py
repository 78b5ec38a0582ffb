"""Comparing generated maps at 1,000 / 5,000 / 20,000 stages.

Aim (issue 12): two 5,000-stage maps compare well under a second, metrics included. The
full comparison is timed in CPU time of this process (``time.process_time``), so other jobs
on a shared 2-core machine do not make it fail; it enforces ``BUDGET_SECONDS`` (median) at
5,000 stages. The other benchmarks report wall time.
The pair is the realistic case: a map and its future state with 2 % of the stages renamed,
moved and re-timed, a logic item re-applied and 10 stages added. ``unrelated`` compares two
maps that share no id (everything matched by name or added/removed: the worst case).
"""

from __future__ import annotations

import random
import time

import pytest

from vsm_editor.analysis.compare import compare_maps, format_comparison, new_future_state
from vsm_editor.model import Duration, Stage

pytestmark = pytest.mark.bench

BUDGET_SIZE = 5_000
BUDGET_SECONDS = 0.600
ROUNDS = 5


@pytest.fixture(scope="module")
def future_pair(generated_map):
    """``future_pair(stages)``: a generated map and an edited future state of it."""
    cache = {}

    def get(stages: int):
        if stages not in cache:
            current = generated_map(stages)
            future = new_future_state(current, "current.vsm.json")
            rng = random.Random(12)
            for stage in rng.sample(future.stages, stages // 50):
                stage.name += " (automated)"
                stage.x += 120.0
                stage.process_time = Duration(value=5.0, unit="minutes")
            future.catalogue.logic[0].stages = future.catalogue.logic[0].stages[:1]
            lane = future.lanes[0].id
            future.stages += [
                Stage(id=f"st_new{i}", name=f"New step {i}", lane=lane) for i in range(10)
            ]
            cache[stages] = (current, future)
        return cache[stages]

    return get


def _check_budget(benchmark, stages: int) -> None:
    stats = getattr(benchmark, "stats", None)
    if stages == BUDGET_SIZE and stats is not None:
        median = stats.stats.median
        assert median < BUDGET_SECONDS, f"median {median * 1000:.0f} ms over the budget"


@pytest.mark.benchmark(timer=time.process_time)
def test_compare_with_metrics(benchmark, future_pair, bench_size):
    current, future = future_pair(bench_size)
    result = benchmark.pedantic(compare_maps, args=(current, future), rounds=ROUNDS,
                                warmup_rounds=1)
    assert result.counts()["added"] == 10
    assert result.counts()["renamed"] == bench_size // 50 + 1  # and the stream
    assert result.metric("lead_time").delta is not None
    _check_budget(benchmark, bench_size)


def test_compare_differences_only(benchmark, future_pair, bench_size):
    current, future = future_pair(bench_size)
    result = benchmark.pedantic(compare_maps, args=(current, future),
                                kwargs={"metrics": False}, rounds=ROUNDS, warmup_rounds=1)
    assert result.counts()["moved"] == bench_size // 50


def test_compare_unrelated_maps(benchmark, generated_map):
    first, second = generated_map(BUDGET_SIZE, 0), generated_map(BUDGET_SIZE, 1)
    result = benchmark.pedantic(compare_maps, args=(first, second),
                                kwargs={"metrics": False}, rounds=3, warmup_rounds=1)
    assert len(result.differences) > BUDGET_SIZE


@pytest.mark.parametrize("fmt", ["text", "json", "md"])
def test_format(benchmark, future_pair, fmt):
    current, future = future_pair(BUDGET_SIZE)
    result = compare_maps(current, future)
    output = benchmark.pedantic(format_comparison, args=(result, fmt), rounds=ROUNDS,
                                warmup_rounds=1)
    assert "st_new9" in output
