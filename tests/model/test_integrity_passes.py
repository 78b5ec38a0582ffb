"""The integrity check's fast pass and its precise pass agree on every map."""

from __future__ import annotations

import copy

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import any_maps

from vsm_editor.model.errors import IntegrityError
from vsm_editor.model.integrity import _fast_check, _InvalidError, check_map, locate_problem

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


def _fast(anatomy) -> str:
    try:
        _fast_check(anatomy)
    except _InvalidError:
        return "refused"
    return "ok"


def _precise(anatomy) -> str:
    try:
        locate_problem(anatomy)
    except IntegrityError:
        return "refused"
    return "ok"


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(any_maps(max_stages=6), st.sampled_from(BREAKS), st.integers(0, 5), st.booleans())
def test_fast_and_precise_passes_agree(anatomy, breaking, position, do_break):
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
    assert _fast(anatomy) == _precise(anatomy)
    if _precise(anatomy) == "refused":
        with pytest.raises(IntegrityError):
            check_map(anatomy)
    else:
        assert check_map(anatomy) == locate_problem(anatomy)
