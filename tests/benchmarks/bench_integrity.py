"""The model's integrity check against the prototype in ``fast_integrity.py``."""

from __future__ import annotations

import copy

import pytest
from fast_integrity import fast_check_map
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import any_maps

from vsm_editor.model.errors import IntegrityError
from vsm_editor.model.integrity import check_map

BUDGET_SIZE = 5_000


def test_model_check_map(benchmark, generated_map):
    kinds = benchmark(check_map, generated_map(BUDGET_SIZE))
    assert sum(kind == "stage" for kind in kinds.values()) == BUDGET_SIZE


def test_prototype_fast_check_map(benchmark, generated_map):
    anatomy = generated_map(BUDGET_SIZE)
    kinds = benchmark(fast_check_map, anatomy)
    assert kinds == check_map(anatomy)


def _outcome(check, anatomy):
    try:
        return ("ok", check(anatomy))
    except IntegrityError as err:
        return ("error", str(err))


BREAKS = [
    ("stages", "lane", "zz_missing"),
    ("stages", "id", "1bad"),
    ("handoffs", "target", None),  # None: the handoff's own source (a self-loop)
    ("handoffs", "source", "zz_missing"),
    ("catalogue.logic", "decision", "zz_missing"),
    ("catalogue.logic", "stages", []),
    ("catalogue.control_points", "component", "zz_missing"),
    ("catalogue.components", "realizes", ["zz_missing"]),
    ("lanes", "id", "DUP"),
]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(any_maps(max_stages=6), st.sampled_from(BREAKS), st.integers(0, 5), st.booleans())
def test_prototype_agrees_with_the_model(anatomy, breaking, position, do_break):
    anatomy = copy.deepcopy(anatomy)
    if do_break:
        path, field, value = breaking
        items = anatomy
        for part in path.split("."):
            items = getattr(items, part)
        if items:
            item = items[position % len(items)]
            if value is None:
                value = item.source
            if value == "DUP":
                value = anatomy.stream.id
            setattr(item, field, value)
    assert _outcome(fast_check_map, anatomy) == _outcome(check_map, anatomy)


@pytest.mark.parametrize("seed", [1, 2])
def test_prototype_accepts_generated_maps(generated_map, seed):
    anatomy = generated_map(1_000, seed)
    assert fast_check_map(anatomy) == check_map(anatomy)
