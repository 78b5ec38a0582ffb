"""The metrics table of a comparison, against numbers worked out by hand."""

from __future__ import annotations

import pytest
from test_compare_kit import copy_of, current_map, hours, stage_of

from vsm_editor.analysis.compare import compare_maps
from vsm_editor.model import Duration, Percent


def future_map():
    """Review takes 30 min instead of 2 h and is right 95 % of the time; the queue before
    Approve shrinks from 4 h to 1 h; Approve loses its logic (P3 and P4 drop)."""
    b = copy_of(current_map())
    review = stage_of(b, "st_b")
    review.process_time = Duration(value=30.0, unit="minutes")
    review.pca = Percent(value=95.0)
    b.handoffs[1].wait = hours(1.0)
    b.catalogue.logic[1].stages = []
    return b


def test_flow_deltas_against_hand_computed_numbers() -> None:
    result = compare_maps(current_map(), future_map())
    lead = result.metric("lead_time")
    # A: 1 + 2 + 1 h work, 2 + 4 h waits; B: 1 + 0.5 + 1 h work, 2 + 1 h waits.
    assert (lead.a, lead.b, lead.delta) == pytest.approx((10.0, 5.5, -4.5))
    process = result.metric("process_time")
    assert (process.a, process.b, process.delta) == pytest.approx((4.0, 2.5, -1.5))
    efficiency = result.metric("flow_efficiency")
    assert efficiency.unit == "%"
    assert efficiency.a == pytest.approx(40.0)
    assert efficiency.b == pytest.approx(100 * 2.5 / 5.5)
    assert efficiency.delta == pytest.approx(100 * 2.5 / 5.5 - 40.0)
    pca = result.metric("rolled_pca")
    assert (pca.a, pca.b) == pytest.approx((72.0, 0.9 * 0.95 * 100.0))
    assert pca.delta == pytest.approx(85.5 - 72.0)


def test_bottleneck_moves_to_the_longest_remaining_wait() -> None:
    result = compare_maps(current_map(), future_map())
    row = result.metric("bottleneck")
    assert (row.a, row.b) == ("st_c", "st_b")
    assert (row.a_label, row.b_label) == ("Approve", "Review")
    assert row.note == "another stage" and row.delta is None
    wait = result.metric("bottleneck_wait")
    assert (wait.a, wait.b, wait.delta) == pytest.approx((4.0, 2.0, -2.0))


def test_same_bottleneck_is_noted() -> None:
    a = current_map()
    row = compare_maps(a, copy_of(a)).metric("bottleneck")
    assert row.note == "same stage"


def test_coverage_deltas_per_layer() -> None:
    result = compare_maps(current_map(), future_map())
    got = {
        layer: (row.a, row.b, row.delta, row.a_of, row.b_of)
        for layer in ("P1", "P2", "P3", "P4")
        for row in [result.metric(f"coverage_{layer}")]
    }
    # Approve has no logic any more: no P3 (no logic) and no P4.
    assert got == {
        "P1": (3, 3, 0, 3, 3),
        "P2": (3, 3, 0, 3, 3),
        "P3": (3, 2, -1, 3, 3),
        "P4": (3, 2, -1, 3, 3),
    }


def test_metric_rows_come_in_a_fixed_order() -> None:
    result = compare_maps(current_map(), future_map())
    assert [row.key for row in result.metrics] == [
        "lead_time", "process_time", "flow_efficiency", "rolled_pca", "bottleneck",
        "bottleneck_wait", "coverage_P1", "coverage_P2", "coverage_P3", "coverage_P4",
    ]


def test_missing_times_give_no_delta() -> None:
    a = current_map()
    b = copy_of(a)
    for stage in b.stages:
        stage.process_time = None
        stage.pca = None
    for handoff in b.handoffs:
        handoff.wait = None
    result = compare_maps(a, b)
    assert result.metric("lead_time").b is None
    assert result.metric("lead_time").delta is None
    assert result.metric("rolled_pca").delta is None


def test_metrics_can_be_left_out() -> None:
    assert compare_maps(current_map(), future_map(), metrics=False).metrics == ()
    with pytest.raises(KeyError):
        compare_maps(current_map(), future_map(), metrics=False).metric("lead_time")


def test_coverage_rows_agree_with_the_analysis_report() -> None:
    from vsm_editor.analysis import analyze

    a, b = current_map(), future_map()
    result = compare_maps(a, b)
    for anatomy, side in ((a, "a"), (b, "b")):
        coverage = analyze(anatomy).coverage
        for layer in ("P1", "P2", "P3", "P4"):
            row = result.metric(f"coverage_{layer}")
            assert getattr(row, side) == coverage.linked(layer)
            assert getattr(row, f"{side}_of") == coverage.total
