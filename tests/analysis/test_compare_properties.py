"""Properties of compare_maps on random maps: a map equals itself, and comparing B with A
mirrors comparing A with B (added ↔ removed, old ↔ new)."""

from __future__ import annotations

import copy
import json
from collections import Counter

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import anatomy_maps, any_maps

from vsm_editor.analysis.compare import Difference, compare_maps, format_comparison

FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def canonical(difference: Difference) -> tuple:
    """A hashable form, with the changes as an unordered collection."""
    changes = tuple(sorted(repr(change) for change in difference.changes))
    return (difference.kind, difference.element, difference.a_id, difference.b_id,
            difference.a_name, difference.b_name, difference.detail, difference.matched_by,
            changes)


@FAST
@given(any_maps())
def test_a_map_equals_itself_and_its_copy(anatomy) -> None:
    assert compare_maps(anatomy, anatomy, metrics=False).differences == ()
    assert compare_maps(anatomy, copy.deepcopy(anatomy), metrics=False).equal


@FAST
@given(anatomy_maps(max_stages=8), anatomy_maps(max_stages=8))
def test_comparing_the_other_way_mirrors_the_differences(a, b) -> None:
    forward = compare_maps(a, b, metrics=False)
    backward = compare_maps(b, a, metrics=False)
    assert Counter(canonical(d.mirrored()) for d in forward.differences) == Counter(
        canonical(d) for d in backward.differences
    )
    counts, mirrored = forward.counts(), backward.counts()
    assert (counts["added"], counts["removed"]) == (mirrored["removed"], mirrored["added"])
    assert forward.matching.stages.a_to_b == backward.matching.stages.b_to_a
    assert forward.matching.handoffs.a_to_b == backward.matching.handoffs.b_to_a


@st.composite
def edited_pairs(draw):
    """A map and a copy with some stages, handoffs, lanes and outcomes dropped, the lanes
    shuffled, stages given new ids or moved (may leave dangling links: the comparison must
    not care)."""
    a = draw(anatomy_maps(max_stages=8))
    b = copy.deepcopy(a)
    for kind in ("stages", "handoffs", "lanes", "outcomes"):
        items = getattr(b, kind)
        keep = draw(st.lists(st.booleans(), min_size=len(items), max_size=len(items)))
        setattr(b, kind, [item for item, kept in zip(items, keep, strict=True) if kept])
    b.lanes = draw(st.permutations(b.lanes))
    for stage in b.stages:
        if draw(st.booleans()):
            stage.id = stage.id + "_renamed"
        if draw(st.booleans()):
            stage.x += 100.0
    return a, b


@FAST
@given(edited_pairs())
def test_mirror_holds_for_edited_copies(pair) -> None:
    a, b = pair
    forward = compare_maps(a, b, metrics=False)
    backward = compare_maps(b, a, metrics=False)
    assert Counter(canonical(d.mirrored()) for d in forward.differences) == Counter(
        canonical(d) for d in backward.differences
    )


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(any_maps(max_stages=6), any_maps(max_stages=6))
def test_metrics_mirror_and_every_format_works(a, b) -> None:
    forward = compare_maps(a, b)
    backward = compare_maps(b, a)
    for row, back in zip(forward.metrics, backward.metrics, strict=True):
        assert (row.key, row.a, row.b) == (back.key, back.b, back.a)
        if row.delta is not None and row.unit != "stages":
            assert back.delta is not None and abs(row.delta + back.delta) <= 1e-9 * max(
                1.0, abs(row.delta)
            )
    data = json.loads(format_comparison(forward, "json"))
    assert len(data["differences"]) == len(forward.differences)
    lines = format_comparison(forward, "text", labels=("a\nfile", "b")).splitlines()
    count = len(forward.differences)
    assert lines[2 + count] == forward.summary()  # exactly one line per difference
    assert [line.split()[0] for line in lines[2:2 + count]] == [
        d.kind for d in forward.differences
    ]
    markdown = format_comparison(forward, "md")
    assert markdown.startswith("# Comparison: ")
