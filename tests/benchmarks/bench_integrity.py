"""The model's integrity check (part of every load) at the budget size."""

from __future__ import annotations

from vsm_editor.model.integrity import check_map

BUDGET_SIZE = 5_000


def test_check_map(benchmark, generated_map):
    kinds = benchmark(check_map, generated_map(BUDGET_SIZE))
    assert sum(kind == "stage" for kind in kinds.values()) == BUDGET_SIZE
