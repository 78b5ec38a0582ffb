"""BPMN export of generated maps at 1,000 / 5,000 / 20,000 stages.

Budget (issue 7): BPMN of 5,000 stages < 300 ms (median). The ``parts`` benchmarks show where
the time goes: the process plan (gateways, events, flows), the diagram layout, the text.
"""

from __future__ import annotations

import gc

from vsm_editor.exporters.bpmn import export_bpmn
from vsm_editor.exporters.bpmn_flow import IdMaker, build_process, map_ids
from vsm_editor.exporters.bpmn_layout import layout

BUDGET_SIZE = 5_000
BUDGET_SECONDS = 0.300
ROUNDS = 7


def test_bpmn_export(benchmark, generated_map, bench_size):
    anatomy = generated_map(bench_size)
    data = benchmark.pedantic(export_bpmn, args=(anatomy,), rounds=ROUNDS, warmup_rounds=1)
    assert data.count(b"<bpmn:task ") == bench_size
    stats = getattr(benchmark, "stats", None)
    if bench_size == BUDGET_SIZE and stats is not None:
        median = stats.stats.median
        assert median < BUDGET_SECONDS, f"median {median * 1000:.1f} ms over the 300 ms budget"


def test_bpmn_parts_process_plan(benchmark, generated_map):
    """Measured with the garbage collector off, as export_bpmn runs it."""
    anatomy = generated_map(BUDGET_SIZE)

    def plan_without_gc():
        gc.disable()
        try:
            return build_process(anatomy, IdMaker(map_ids(anatomy)))
        finally:
            gc.enable()

    plan = benchmark(plan_without_gc)
    assert sum(node.kind == "task" for node in plan.nodes) == BUDGET_SIZE


def test_bpmn_parts_layout(benchmark, generated_map):
    anatomy = generated_map(BUDGET_SIZE)
    plan = build_process(anatomy, IdMaker(map_ids(anatomy)))
    diagram = benchmark(layout, anatomy, plan, None)
    assert len(diagram.nodes) == len(plan.nodes)
