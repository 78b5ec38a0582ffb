"""The shared drawing style at map scale: wrapping names, laying out boxes, routing handoffs.

Aims (issues 4 and 7): the canvas opens 5,000 stages in under a second and 20,000 in under
three, and the SVG export of 5,000 stages takes under 500 ms, analysis and drawing included;
the style's share must leave room for the rest. ``BUDGETS`` below is what the benchmarks
enforce (on the median, at 5,000 stages; measured here on a loaded 2-core machine: wrapping
~15 ms, layout ~15 ms, routing ~130 ms CPU).
"""

from __future__ import annotations

import pytest

from vsm_editor.model.geometry import lane_tops, stage_rect
from vsm_editor.style.layout import laid_out_rects, layout_map
from vsm_editor.style.routing import route_all
from vsm_editor.style.sizes import NAME_FONT_SIZE, STAGE_WIDTH
from vsm_editor.style.text import clear_caches, wrap

pytestmark = pytest.mark.bench

BUDGET_SIZE = 5_000
BUDGETS = {"wrap": 0.100, "layout": 0.080, "route": 0.350}
NAME_WIDTH = STAGE_WIDTH - 26


def _check(benchmark, stages: int, budget: float) -> None:
    stats = getattr(benchmark, "stats", None)
    if stages != BUDGET_SIZE or stats is None:
        return
    median = stats.stats.median
    assert median < budget, f"median {median * 1000:.1f} ms over {budget * 1000:.0f} ms"


def _wrap_all(names: list[str]) -> int:
    return sum(len(wrap(name, NAME_WIDTH, NAME_FONT_SIZE)) for name in names)


def test_wrap_names_warm(benchmark, generated_map, bench_size):
    """Wrap every stage name once the shaped words are cached (how the canvas repaints)."""
    names = [stage.name for stage in generated_map(bench_size).stages]
    _wrap_all(names)
    lines = benchmark.pedantic(_wrap_all, args=(names,), rounds=10, warmup_rounds=1)
    assert lines >= len(names)
    _check(benchmark, bench_size, BUDGETS["wrap"])


def test_wrap_names_cold(benchmark, generated_map):
    """Wrap 5,000 names with empty caches (the first paint after start)."""
    names = [stage.name for stage in generated_map(BUDGET_SIZE).stages]

    def cold() -> int:
        clear_caches()
        return _wrap_all(names)

    assert benchmark.pedantic(cold, rounds=5) >= len(names)


def test_layout_stages(benchmark, generated_map, bench_size):
    """Lay out every stage box (wrapped name, owner, markers) of a generated map."""
    anatomy = generated_map(bench_size)
    layouts = benchmark.pedantic(layout_map, args=(anatomy,), rounds=5, warmup_rounds=1)
    assert len(layouts) == bench_size
    _check(benchmark, bench_size, BUDGETS["layout"])


def test_route_handoffs(benchmark, generated_map, bench_size):
    """Route every handoff between the stored boxes of a generated map."""
    anatomy = generated_map(bench_size)
    tops = lane_tops(anatomy)
    rects = {stage.id: stage_rect(stage, tops) for stage in anatomy.stages}
    routes = benchmark.pedantic(
        route_all, args=(rects, anatomy.handoffs), rounds=5, warmup_rounds=1
    )
    assert len(routes) == len(anatomy.handoffs)
    assert all(route.clear for route in routes.values())
    _check(benchmark, bench_size, BUDGETS["route"])


def test_route_between_laid_out_boxes(benchmark, generated_map):
    """Route a 5,000-stage map between the drawn (laid-out) boxes, as the exporters do."""
    anatomy = generated_map(BUDGET_SIZE)
    rects = laid_out_rects(layout_map(anatomy))
    routes = benchmark.pedantic(route_all, args=(rects, anatomy.handoffs), rounds=3)
    assert all(route.clear for route in routes.values())
    _check(benchmark, BUDGET_SIZE, BUDGETS["route"])
