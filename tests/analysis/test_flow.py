"""Flow metrics against hand-worked examples (issue 3, "Flow metrics").

Every example's numbers are worked out by hand in its docstring, using the formulas of
``vsm_editor.analysis.flow``: T(v) = PT(v)·f(v) + after(v), alternatives weighted by their
shares, a parallel split taking its longest branch, a rework loop of rate r repeating its
stretch 1/(1 − r) times. Times are in hours unless a test says otherwise.
"""

from __future__ import annotations

import pytest

from vsm_editor.analysis.flow import FlowMetrics, compute_flow
from vsm_editor.analysis.graph import build_flow_graph
from vsm_editor.model import (
    CURRENT_VERSION,
    FORMAT_NAME,
    AnalysisSettings,
    AnatomyMap,
    DeliveryMetrics,
    Duration,
    Handoff,
    Percent,
    Rate,
    Stage,
    Stream,
)
from vsm_editor.model.integrity import check_map

APPROX = pytest.approx


def stage(
    stage_id: str,
    pt: float | None = None,
    unit: str | None = "hours",
    pca: float | None = None,
    parallel: bool = False,
    measured: bool = False,
    **fields: object,
) -> Stage:
    return Stage(
        id=stage_id,
        name=stage_id,
        process_time=None if pt is None else Duration(value=pt, unit=unit, measured=measured),  # type: ignore[arg-type]
        pca=None if pca is None else Percent(value=pca, measured=measured),
        split="parallel" if parallel else "alternatives",
        **fields,  # type: ignore[arg-type]
    )


def flow(
    source: str,
    target: str,
    wait: float | None = None,
    share: float | None = None,
    unit: str | None = "hours",
    measured: bool = False,
) -> Handoff:
    return Handoff(
        id=f"h_{source}_{target}",
        source=source,
        target=target,
        wait=None if wait is None else Duration(value=wait, unit=unit, measured=measured),  # type: ignore[arg-type]
        share=None if share is None else Percent(value=share, measured=measured),
    )


def rework(source: str, target: str, rate: float, measured: bool = False) -> Handoff:
    return Handoff(
        id=f"r_{source}_{target}",
        source=source,
        target=target,
        kind="rework",
        rework_rate=Rate(value=rate, measured=measured),
    )


def make_map(
    stages: list[Stage],
    handoffs: list[Handoff],
    day: float = 8.0,
    measured_lead: Duration | None = None,
    threshold: float = 0.5,
) -> AnatomyMap:
    anatomy = AnatomyMap(
        format=FORMAT_NAME,
        version=CURRENT_VERSION,
        stream=Stream(id="vs_test", name="Test stream", working_day_hours=day),
        stages=stages,
        handoffs=handoffs,
        delivery_metrics=DeliveryMetrics(measured_lead_time=measured_lead),
        analysis=AnalysisSettings(hidden_queue_threshold=threshold),
    )
    check_map(anatomy)  # every example is a valid map
    return anatomy


def ladder_pairs(metrics: FlowMetrics) -> list[tuple[str, str, float]]:
    return [(step.kind, step.stage, step.expected_hours) for step in metrics.ladder]


# --------------------------------------------------------------------------- straight line
def line_map(**options: object) -> AnatomyMap:
    return make_map(
        [stage("A", 2, pca=90), stage("B", 3, pca=80), stage("C", 1, pca=50)],
        [flow("A", "B", 1), flow("B", "C", 4)],
        **options,  # type: ignore[arg-type]
    )


def test_straight_line():
    """A(2 h, 90 %) -1 h-> B(3 h, 80 %) -4 h-> C(1 h, 50 %).

    LT = 2 + 1 + 3 + 4 + 1 = 11; PT = 2 + 3 + 1 = 6; WT = 1 + 4 = 5; flow efficiency
    6 / 11; rolled %C&A = 0.9 · 0.8 · 0.5 = 36 %; bottleneck C (4 h before it); every stage
    worked once; the ladder is 0/2, 1/3, 4/1 (wait/process per stage).
    """
    metrics = compute_flow(line_map())
    assert metrics.lead_time_hours == APPROX(11.0)
    assert metrics.process_time_hours == APPROX(6.0)
    assert metrics.critical_process_time_hours == APPROX(6.0)
    assert metrics.wait_time_hours == APPROX(5.0)
    assert metrics.flow_efficiency == APPROX(6 / 11)
    assert metrics.rolled_pca == APPROX(36.0)
    assert metrics.bottleneck == "C"
    assert metrics.bottleneck_handoff == "h_B_C"
    assert metrics.bottleneck_wait_hours == APPROX(4.0)
    assert metrics.critical_path == ["A", "B", "C"]
    assert metrics.critical_handoffs == ["h_A_B", "h_B_C"]
    assert metrics.visits == {"A": APPROX(1.0), "B": APPROX(1.0), "C": APPROX(1.0)}
    assert metrics.missing == [] and metrics.complete
    assert metrics.rework_loops == []
    assert metrics.starts == ["A"]
    assert not metrics.ladder_follows_critical_path
    assert ladder_pairs(metrics) == [
        ("wait", "A", 0.0), ("process", "A", 2.0),
        ("wait", "B", 1.0), ("process", "B", 3.0),
        ("wait", "C", 4.0), ("process", "C", 1.0),
    ]
    assert metrics.ladder[0].handoff is None
    assert metrics.ladder[2].handoff == "h_A_B"
    assert metrics.ladder[2].unit == "h" and metrics.ladder[2].value == 1.0
    assert metrics.ladder_wait_hours + metrics.ladder_process_hours == APPROX(11.0)


def test_graph_given_or_built_gives_the_same_numbers():
    """Passing the shared flow graph changes nothing but who builds it."""
    anatomy = line_map()
    built = compute_flow(anatomy)
    given = compute_flow(anatomy, build_flow_graph(anatomy))
    assert built == given
    assert built.ladder == given.ladder


# --------------------------------------------------------------------------- alternatives
def alternatives_map() -> AnatomyMap:
    return make_map(
        [stage("A", 1, pca=100), stage("B", 4, pca=90), stage("C", 2, pca=50),
         stage("D", 1, pca=80)],
        [flow("A", "B", 2, share=70), flow("A", "C", 10, share=30),
         flow("B", "D", 1), flow("C", "D", 3)],
    )


def test_alternatives_70_30():
    """A(1) splits 70 % -2 h-> B(4) -1 h-> D(1) and 30 % -10 h-> C(2) -3 h-> D.

    T(D) = 1; T(B) = 4 + 1 + 1 = 6; T(C) = 2 + 3 + 1 = 6;
    LT = T(A) = 1 + 0.7·(2 + 6) + 0.3·(10 + 6) = 1 + 5.6 + 4.8 = 11.4.
    Process part: 1 + 0.7·(4 + 1) + 0.3·(2 + 1) = 5.4 = Σ visits·PT
    (1·1 + 0.7·4 + 0.3·2 + 1·1); wait part 0.7·3 + 0.3·13 = 6.0; efficiency 5.4 / 11.4.
    Visits A 1, B 0.7, C 0.3, D 1 (the alternatives merge again).
    Critical path: B contributes 0.7·8 = 5.6 > C's 0.3·16 = 4.8, so A, B, D.
    Bottleneck: expected waits 0.7·2 = 1.4, 0.3·10 = 3.0, 0.7·1 = 0.7, 0.3·3 = 0.9 → C.
    Rolled %C&A: Q(B) = 0.9·0.8 = 0.72, Q(C) = 0.5·0.8 = 0.4, Q(A) = 0.7·0.72 + 0.3·0.4
    = 0.624 → 62.4 %.
    """
    metrics = compute_flow(alternatives_map())
    assert metrics.lead_time_hours == APPROX(11.4)
    assert metrics.process_time_hours == APPROX(5.4)
    assert metrics.critical_process_time_hours == APPROX(5.4)
    assert metrics.wait_time_hours == APPROX(6.0)
    assert metrics.flow_efficiency == APPROX(5.4 / 11.4)
    assert metrics.visits == {"A": APPROX(1.0), "B": APPROX(0.7), "C": APPROX(0.3),
                              "D": APPROX(1.0)}
    assert metrics.critical_path == ["A", "B", "D"]
    assert metrics.bottleneck == "C"
    assert metrics.bottleneck_wait_hours == APPROX(3.0)
    assert metrics.rolled_pca == APPROX(62.4)
    assert metrics.ladder_follows_critical_path
    assert metrics.notes == []


def test_alternative_contributing_most_wins_the_critical_path():
    """A(1) splits 90 % -0 h-> B(1) and 10 % -0 h-> C(20); both end.

    B contributes 0.9·1 = 0.9, C 0.1·20 = 2.0: the critical path is A, C.
    LT = 1 + 0.9·1 + 0.1·20 = 3.9.
    """
    anatomy = make_map(
        [stage("A", 1), stage("B", 1), stage("C", 20)],
        [flow("A", "B", 0, share=90), flow("A", "C", 0, share=10)],
    )
    metrics = compute_flow(anatomy)
    assert metrics.lead_time_hours == APPROX(3.9)
    assert metrics.critical_path == ["A", "C"]


@pytest.mark.parametrize(
    ("shares", "expected_lead", "note_part"),
    [
        # 35/15 normalised to 70/30: LT = 1 + 0.7·2 + 0.3·12 = 6.0
        ((35.0, 15.0), 6.0, "normalised"),
        # 70 and a missing share: the missing one takes the remaining 30
        ((70.0, None), 6.0, "remaining 30"),
        # nothing given: equal shares, LT = 1 + 0.5·2 + 0.5·12 = 8.0
        ((None, None), 8.0, "equal"),
        # both zero: equal shares
        ((0.0, 0.0), 8.0, "equal"),
    ],
)
def test_shares_that_do_not_sum_to_100(shares, expected_lead, note_part):
    """A(1) splits to B(2) and C(12) with no waits; the fallback shares are noted."""
    anatomy = make_map(
        [stage("A", 1), stage("B", 2), stage("C", 12)],
        [flow("A", "B", 0, share=shares[0]), flow("A", "C", 0, share=shares[1])],
    )
    metrics = compute_flow(anatomy)
    assert metrics.lead_time_hours == APPROX(expected_lead)
    assert any(note_part in note for note in metrics.notes)


def test_bottleneck_weighs_waits_by_how_often_they_are_met():
    """A(1) splits 95 % -4 h-> B(1) and 5 % -20 h-> C(1). The longest single wait is the 20 h
    before C, but per item it costs 0.05·20 = 1 h against 0.95·4 = 3.8 h before B: B."""
    anatomy = make_map(
        [stage("A", 1), stage("B", 1), stage("C", 1)],
        [flow("A", "B", 4, share=95), flow("A", "C", 20, share=5)],
    )
    metrics = compute_flow(anatomy)
    assert metrics.bottleneck == "B"
    assert metrics.bottleneck_wait_hours == APPROX(3.8)


# --------------------------------------------------------------------------- parallel
def parallel_map(join_pca: float = 100) -> AnatomyMap:
    return make_map(
        [stage("A", 1, pca=90, parallel=True), stage("B", 5, pca=80), stage("C", 1, pca=50),
         stage("D", 2, pca=join_pca)],
        [flow("A", "B", 1), flow("A", "C", 2), flow("B", "D", 1), flow("C", "D", 1)],
    )


def test_parallel_split_and_join():
    """A(1) splits in parallel: -1 h-> B(5) -1 h-> D(2) and -2 h-> C(1) -1 h-> D.

    T(D) = 2; T(B) = 5 + 1 + 2 = 8; T(C) = 1 + 1 + 2 = 4;
    LT = 1 + max(1 + 8, 2 + 4) = 10 along B; critical PT = 1 + 5 + 2 = 8; WT = 2;
    flow efficiency 8 / 10; total PT counts all work: 1 + 5 + 1 + 2 = 9.
    D joins both branches: inflow 1 + 1, minus the one copy the split made = 1 visit.
    Bottleneck C (2 h before it). Rolled %C&A 0.9 · 0.8 · 0.5 · 1.0 = 36 %.
    """
    metrics = compute_flow(parallel_map())
    assert metrics.lead_time_hours == APPROX(10.0)
    assert metrics.critical_process_time_hours == APPROX(8.0)
    assert metrics.wait_time_hours == APPROX(2.0)
    assert metrics.process_time_hours == APPROX(9.0)
    assert metrics.flow_efficiency == APPROX(0.8)
    assert metrics.visits == {k: APPROX(1.0) for k in "ABCD"}
    assert metrics.critical_path == ["A", "B", "D"]
    assert metrics.bottleneck == "C"
    assert metrics.rolled_pca == APPROX(36.0)


def test_parallel_rolled_pca_counts_the_shared_tail_once():
    """As above with D at 50 %: Q(D) = 0.5, Q(B) = 0.4, Q(C) = 0.25;
    Q(A) = 0.9 · Q(D) · (Q(B)/Q(D)) · (Q(C)/Q(D)) = 0.9 · 0.5 · 0.8 · 0.5 = 0.18 = the
    product of all four stages' %C&A, each once."""
    assert compute_flow(parallel_map(join_pca=50)).rolled_pca == APPROX(18.0)


def test_parallel_branches_that_never_join():
    """A(1) splits in parallel to B(3) and C(5), both ends, waits 1 h and 0 h.

    LT = 1 + max(1 + 3, 0 + 5) = 6 along C; total PT = 1 + 3 + 5 = 9; each stage once.
    """
    anatomy = make_map(
        [stage("A", 1, parallel=True), stage("B", 3), stage("C", 5)],
        [flow("A", "B", 1), flow("A", "C", 0)],
    )
    metrics = compute_flow(anatomy)
    assert metrics.lead_time_hours == APPROX(6.0)
    assert metrics.process_time_hours == APPROX(9.0)
    assert metrics.critical_path == ["A", "C"]
    assert metrics.visits == {k: APPROX(1.0) for k in "ABC"}


def test_nested_parallel_splits_join_at_the_same_stage():
    """A(1, parallel) → B(1, parallel) and → C(4); B → B1(2) and → B2(3); B1, B2, C → D(1).
    No waits. D is the first stage all branches reach for both splits: visits of D =
    inflow 3 − (2 − 1)·1 − (2 − 1)·1 = 1. LT = 1 + max(1 + max(2, 3), 4) + 1 = 6."""
    anatomy = make_map(
        [stage("A", 1, parallel=True), stage("B", 1, parallel=True), stage("C", 4),
         stage("B1", 2), stage("B2", 3), stage("D", 1)],
        [flow("A", "B", 0), flow("A", "C", 0), flow("B", "B1", 0), flow("B", "B2", 0),
         flow("B1", "D", 0), flow("B2", "D", 0), flow("C", "D", 0)],
    )
    metrics = compute_flow(anatomy)
    assert metrics.visits["D"] == APPROX(1.0)
    assert metrics.lead_time_hours == APPROX(6.0)
    assert metrics.process_time_hours == APPROX(1 + 1 + 4 + 2 + 3 + 1)
    assert metrics.critical_path == ["A", "B", "B2", "D"]


# --------------------------------------------------------------------------- rework
def rework_map(rate: float = 0.25, measured: bool = False) -> AnatomyMap:
    return make_map(
        [stage("A", 1), stage("B", 2), stage("C", 1), stage("D", 1)],
        [flow("A", "B", 1), flow("B", "C", 2), flow("C", "D", 1),
         rework("C", "B", rate, measured=measured)],
    )


def test_rework_loop_rate_one_quarter():
    """A(1) -1-> B(2) -2-> C(1) -1-> D(1), rework C → B at 25 %.

    The loop repeats B, C and the wait between them: factor 1 / (1 − 0.25) = 4/3.
    LT = 1 + 1 + (2 + 2 + 1)·4/3 + 1 + 1 = 4 + 20/3 = 10.667 (9 without rework).
    One pass through the loop = 2 + 2 + 1 = 5 h; extra = 0.25 / 0.75 · 5 = 5/3 h.
    PT = 1 + 2·4/3 + 1·4/3 + 1 = 6; WT = 1 + 2·4/3 + 1 = 4.667; efficiency 6 / 10.667.
    Visits A 1, B 4/3, C 4/3, D 1. Bottleneck C: 2 h · 4/3 = 2.667 h expected.
    """
    metrics = compute_flow(rework_map())
    assert metrics.lead_time_hours == APPROX(4 + 20 / 3)
    assert metrics.process_time_hours == APPROX(6.0)
    assert metrics.wait_time_hours == APPROX(2 + 8 / 3)
    assert metrics.flow_efficiency == APPROX(6 / (4 + 20 / 3))
    assert metrics.visits == {"A": APPROX(1.0), "B": APPROX(4 / 3), "C": APPROX(4 / 3),
                              "D": APPROX(1.0)}
    assert metrics.bottleneck == "C"
    assert metrics.bottleneck_wait_hours == APPROX(8 / 3)
    (loop,) = metrics.rework_loops
    assert (loop.handoff, loop.source, loop.target) == ("r_C_B", "C", "B")
    assert loop.rate == 0.25
    assert loop.stages == ["B", "C"]
    assert loop.factor == APPROX(4 / 3)
    assert loop.extra_hours == APPROX(5 / 3)
    assert metrics.lead_time_hours == APPROX(9 + loop.extra_hours)
    # The ladder shows one pass as entered and the expected hours with the repeats.
    process_b = next(s for s in metrics.ladder if s.kind == "process" and s.stage == "B")
    assert process_b.hours == APPROX(2.0) and process_b.expected_hours == APPROX(8 / 3)


def test_nested_rework_loops_multiply():
    """A(1) → B(1) → C(1) → D(1), no waits; rework C → B at 50 % and D → A at 50 %.

    Inner loop B..C factor 2, outer loop A..D factor 2: B and C are worked 4 times,
    A and D twice. LT = 2·1 + 4·1 + 4·1 + 2·1 = 12 = Σ visits·PT.
    """
    anatomy = make_map(
        [stage("A", 1), stage("B", 1), stage("C", 1), stage("D", 1)],
        [flow("A", "B", 0), flow("B", "C", 0), flow("C", "D", 0),
         rework("C", "B", 0.5), rework("D", "A", 0.5)],
    )
    metrics = compute_flow(anatomy)
    assert metrics.visits == {"A": APPROX(2.0), "B": APPROX(4.0), "C": APPROX(4.0),
                              "D": APPROX(2.0)}
    assert metrics.lead_time_hours == APPROX(12.0)
    assert metrics.process_time_hours == APPROX(12.0)


def test_rework_loop_around_an_alternatives_split():
    """A(1) -0-> B(2); B splits 50 % -1 h-> C(3) and 50 % -0-> X(10, an end); C -0-> D(1);
    rework C → B at 50 % (factor 2). The loop's stretch is B, C (X does not lead to C).

    One pass: 2 + 1 + 3 = 6 h (the branch to C renormalised to 100 % inside the loop);
    extra = 0.5 / 0.5 · 6 = 6 h. Lead time: T(D) = 1; T(C) = 3·2 + 0 + 1 = 7; T(X) = 10;
    T(B) = 2·2 + 0.5·(1·2 + 7) + 0.5·(0 + 10) = 13.5; LT = 1 + 0 + 13.5 = 14.5.
    Visits: A 1, B 2, C 0.5·2 = 1, X 0.5, D 0.5.
    """
    anatomy = make_map(
        [stage("A", 1), stage("B", 2), stage("C", 3), stage("X", 10), stage("D", 1)],
        [flow("A", "B", 0), flow("B", "C", 1, share=50), flow("B", "X", 0, share=50),
         flow("C", "D", 0), rework("C", "B", 0.5)],
    )
    metrics = compute_flow(anatomy)
    (loop,) = metrics.rework_loops
    assert loop.stages == ["B", "C"]
    assert loop.extra_hours == APPROX(6.0)
    assert metrics.lead_time_hours == APPROX(14.5)
    assert metrics.visits == {"A": APPROX(1.0), "B": APPROX(2.0), "C": APPROX(1.0),
                              "X": APPROX(0.5), "D": APPROX(0.5)}


@pytest.mark.parametrize("rate", [1.0, 1.5, -0.1])
def test_unusable_rework_rate_is_ignored_and_noted(rate):
    """A rate outside 0 ≤ r < 1 changes nothing (LT stays 9) and says so."""
    metrics = compute_flow(rework_map(rate))
    assert metrics.lead_time_hours == APPROX(9.0)
    assert metrics.rework_loops[0].stages == []
    assert metrics.rework_loops[0].rate is None
    assert any("no usable rate" in note for note in metrics.notes)


def test_rework_pointing_forward_does_not_close():
    """A rework handoff from B to the later D cannot repeat anything: noted, ignored."""
    anatomy = make_map(
        [stage("A", 1), stage("B", 2), stage("C", 1), stage("D", 1)],
        [flow("A", "B", 1), flow("B", "C", 2), flow("C", "D", 1), rework("B", "D", 0.5)],
    )
    metrics = compute_flow(anatomy)
    assert metrics.lead_time_hours == APPROX(9.0)
    assert metrics.rework_loops[0].stages == []
    assert metrics.rework_loops[0].extra_hours == 0.0
    assert any("does not point back" in note for note in metrics.notes)


# --------------------------------------------------------------------------- combined
def combined_map() -> AnatomyMap:
    return make_map(
        [stage("S", 1), stage("P", 2, parallel=True), stage("X", 3, pca=50),
         stage("P1", 4, pca=90), stage("P2", 1, pca=80), stage("J", 1), stage("M", 2),
         stage("Q", 1, pca=90), stage("E", 1)],
        [flow("S", "P", 1, share=60), flow("S", "X", 2, share=40),
         flow("P", "P1", 1), flow("P", "P2", 3), flow("P1", "J", 1), flow("P2", "J", 1),
         flow("J", "M", 2), flow("X", "M", 1), flow("M", "Q", 1), flow("Q", "E", 1),
         rework("Q", "M", 0.2)],
    )


def test_alternatives_parallel_and_rework_combined():
    """S(1) splits: 60 % -1-> P(2), 40 % -2-> X(3, 50 %).
    P splits in parallel: -1-> P1(4, 90 %) -1-> J(1) and -3-> P2(1, 80 %) -1-> J.
    J -2-> M(2); X -1-> M; M -1-> Q(1, 90 %) -1-> E(1); rework Q → M at 20 % (factor 1.25).

    Backwards: T(E) = 1; T(Q) = 1·1.25 + 1 + 1 = 3.25; T(M) = 2·1.25 + 1·1.25 + 3.25 = 7;
    T(J) = 1 + 2 + 7 = 10; T(P1) = 4 + 1 + 10 = 15; T(P2) = 1 + 1 + 10 = 12;
    T(P) = 2 + max(1 + 15, 3 + 12) = 18; T(X) = 3 + 1 + 7 = 11;
    LT = T(S) = 1 + 0.6·(1 + 18) + 0.4·(2 + 11) = 17.6.
    Process part: TP(Q) = 2.25, TP(M) = 4.75, TP(J) = 5.75, TP(P1) = 9.75, TP(P) = 11.75,
    TP(X) = 7.75, TP(S) = 1 + 0.6·11.75 + 0.4·7.75 = 11.15; WT = 17.6 − 11.15 = 6.45.
    Visits: S 1, P 0.6, X 0.4, P1 0.6, P2 0.6, J 1.2 − 0.6 = 0.6, M (0.6 + 0.4)·1.25 = 1.25,
    Q 1.25, E 1. Total PT = 1 + 1.2 + 1.2 + 2.4 + 0.6 + 0.6 + 2.5 + 1.25 + 1 = 11.75
    (> 11.15: P2's work is off the critical path). Efficiency 11.15 / 17.6.
    Critical path: P contributes 0.6·19 = 11.4 > X's 0.4·13 = 5.2; P1 (16) beats P2 (15):
    S, P, P1, J, M, Q, E. Bottleneck: the largest expected wait is P → P2, 0.6·3 = 1.8
    (J → M 1.2, M → Q 1·1.25·1 = 1.25). Rework: one pass 2 + 1 + 1 = 4, extra 0.25·4 = 1.
    Rolled %C&A: Q(Q) = Q(M) = Q(J) = 0.9; Q(P1) = 0.81; Q(P2) = 0.72;
    Q(P) = 0.9·(0.81/0.9)·(0.72/0.9) = 0.648; Q(X) = 0.45; Q(S) = 0.6·0.648 + 0.4·0.45
    = 0.5688. Ladder along the path: waits 0, 1, 1, 1, 2, 1·1.25, 1 = 7.25;
    process 1, 2, 4, 1, 2·1.25, 1·1.25, 1 = 12.75 (20 h: that path's own duration).
    """
    metrics = compute_flow(combined_map())
    assert metrics.lead_time_hours == APPROX(17.6)
    assert metrics.critical_process_time_hours == APPROX(11.15)
    assert metrics.wait_time_hours == APPROX(6.45)
    assert metrics.process_time_hours == APPROX(11.75)
    assert metrics.flow_efficiency == APPROX(11.15 / 17.6)
    assert metrics.visits == {
        "S": APPROX(1.0), "P": APPROX(0.6), "X": APPROX(0.4), "P1": APPROX(0.6),
        "P2": APPROX(0.6), "J": APPROX(0.6), "M": APPROX(1.25), "Q": APPROX(1.25),
        "E": APPROX(1.0),
    }
    assert metrics.critical_path == ["S", "P", "P1", "J", "M", "Q", "E"]
    assert metrics.critical_handoffs == ["h_S_P", "h_P_P1", "h_P1_J", "h_J_M", "h_M_Q",
                                         "h_Q_E"]
    assert metrics.bottleneck == "P2"
    assert metrics.bottleneck_wait_hours == APPROX(1.8)
    (loop,) = metrics.rework_loops
    assert loop.stages == ["M", "Q"] and loop.extra_hours == APPROX(1.0)
    assert metrics.rolled_pca == APPROX(56.88)
    assert metrics.ladder_wait_hours == APPROX(7.25)
    assert metrics.ladder_process_hours == APPROX(12.75)
    assert [s.kind for s in metrics.ladder] == ["wait", "process"] * 7
    assert metrics.ladder_follows_critical_path
    assert metrics.missing == [] and metrics.notes == []


# --------------------------------------------------------------------------- units
@pytest.mark.parametrize(
    ("value", "unit", "day", "hours"),
    [
        (90.0, "minutes", 8.0, 1.5),
        (2.0, "hours", 8.0, 2.0),
        (2.0, "working_days", 8.0, 16.0),
        (2.0, "working_days", 7.5, 15.0),
        (1.5, "calendar_days", 7.5, 36.0),
    ],
)
def test_units(value, unit, day, hours):
    """One stage of ``value unit`` after a 30-minute wait behind a 0 h start:
    LT = 0.5 + hours (a working day is the stream's day length, a calendar day 24 h)."""
    anatomy = make_map(
        [stage("A", 0), stage("B", value, unit=unit)],
        [flow("A", "B", 30, unit="minutes")],
        day=day,
    )
    metrics = compute_flow(anatomy)
    assert metrics.lead_time_hours == APPROX(0.5 + hours)
    assert metrics.process_time_hours == APPROX(hours)
    step = metrics.ladder[-1]
    assert step.hours == APPROX(hours) and step.value == value


def test_mixed_units_in_one_stream():
    """A(45 min) -1 wd-> B(0.5 wd) -2 d-> C(3 h) with a 7.5 h day:
    LT = 0.75 + 7.5 + 3.75 + 48 + 3 = 63 h; PT = 7.5 h; WT = 55.5 h."""
    anatomy = make_map(
        [stage("A", 45, unit="minutes"), stage("B", 0.5, unit="working_days"), stage("C", 3)],
        [flow("A", "B", 1, unit="working_days"), flow("B", "C", 2, unit="calendar_days")],
        day=7.5,
    )
    metrics = compute_flow(anatomy)
    assert metrics.lead_time_hours == APPROX(63.0)
    assert metrics.process_time_hours == APPROX(7.5)
    assert metrics.wait_time_hours == APPROX(55.5)
    assert [step.unit for step in metrics.ladder] == ["", "min", "wd", "wd", "d", "h"]


# --------------------------------------------------------------------------- missing data
def test_missing_times_are_listed_and_count_as_zero():
    """A(2) -?-> B(no unit) -3-> C(1): B's time has no unit and the first wait is absent.

    Both are listed in ``missing`` (stages first, then handoffs); the numbers are computed
    with them as 0 h: LT = 2 + 0 + 0 + 3 + 1 = 6, PT = 3."""
    anatomy = make_map(
        [stage("A", 2), stage("B", 4, unit=None), stage("C", 1)],
        [flow("A", "B"), flow("B", "C", 3)],
    )
    metrics = compute_flow(anatomy)
    assert metrics.missing == ["B", "h_A_B"]
    assert not metrics.complete
    assert metrics.lead_time_hours == APPROX(6.0)
    assert metrics.process_time_hours == APPROX(3.0)
    missing_steps = [(s.kind, s.stage) for s in metrics.ladder if s.missing]
    assert missing_steps == [("wait", "B"), ("process", "B")]


def test_no_times_at_all_gives_no_numbers():
    """Without any usable time there is nothing to add up: no lead time, no efficiency,
    but the path, the visits and the list of what is missing are still there."""
    anatomy = make_map([stage("A"), stage("B")], [flow("A", "B")])
    metrics = compute_flow(anatomy)
    assert metrics.lead_time_hours is None
    assert metrics.process_time_hours is None
    assert metrics.flow_efficiency is None
    assert metrics.rolled_pca is None
    assert metrics.bottleneck is None
    assert metrics.critical_path == ["A", "B"]
    assert metrics.missing == ["A", "B", "h_A_B"]
    assert metrics.missing_pca == ["A", "B"]


def test_waits_only_give_lead_time_without_process_time():
    """Only the 5 h wait is known: LT = 5, no total process time, efficiency 0."""
    anatomy = make_map([stage("A"), stage("B")], [flow("A", "B", 5)])
    metrics = compute_flow(anatomy)
    assert metrics.lead_time_hours == APPROX(5.0)
    assert metrics.process_time_hours is None
    assert metrics.flow_efficiency == 0.0


def test_negative_time_counts_as_missing():
    """A negative process time cannot be used: missing, noted, 0 h (LT = 1 + 2)."""
    anatomy = make_map([stage("A", -3), stage("B", 2)], [flow("A", "B", 1)])
    metrics = compute_flow(anatomy)
    assert metrics.missing == ["A"]
    assert metrics.lead_time_hours == APPROX(3.0)
    assert any("negative" in note for note in metrics.notes)


def test_estimated_flag():
    """Estimates anywhere in the numbers that drive the result set ``estimated``."""
    measured = make_map(
        [stage("A", 2, pca=90, measured=True), stage("B", 1, pca=80, measured=True)],
        [flow("A", "B", 1, measured=True)],
    )
    assert compute_flow(measured).estimated is False
    one_estimate = make_map(
        [stage("A", 2, pca=90, measured=True), stage("B", 1, pca=80, measured=True)],
        [flow("A", "B", 1, measured=False)],
    )
    assert compute_flow(one_estimate).estimated is True
    assert compute_flow(rework_map(measured=False)).estimated is True


def test_pca_out_of_range_is_clamped_and_noted():
    """%C&A 150 is read as 100 %, −5 as 0 %: rolled %C&A 0, with notes."""
    anatomy = make_map([stage("A", 1, pca=150), stage("B", 1, pca=-5)], [flow("A", "B", 0)])
    metrics = compute_flow(anatomy)
    assert metrics.rolled_pca == 0.0
    assert sum("%C&A" in note for note in metrics.notes) == 2


# --------------------------------------------------------------------------- hidden queue
@pytest.mark.parametrize(
    ("measured_hours", "threshold", "flagged"),
    [
        (22.0, 0.5, False),  # computed 11 = 0.5 · 22: at the threshold, not below it
        (22.5, 0.5, True),  # 11 < 11.25
        (20.0, 0.5, False),
        (12.0, 0.9, False),  # a threshold of the map's own: 0.9 · 12 = 10.8 ≤ 11
        (13.0, 0.9, True),  # 0.9 · 13 = 11.7 > 11
    ],
)
def test_hidden_queue(measured_hours, threshold, flagged):
    """The straight line's computed LT is 11 h; flagged when 11 < threshold · measured."""
    anatomy = line_map(
        measured_lead=Duration(value=measured_hours, unit="hours", measured=True),
        threshold=threshold,
    )
    queue = compute_flow(anatomy).hidden_queue
    assert queue is not None
    assert queue.computed_hours == APPROX(11.0)
    assert queue.measured_hours == APPROX(measured_hours)
    assert queue.ratio == APPROX(11.0 / measured_hours)
    assert queue.threshold == threshold
    assert queue.flagged is flagged


def test_hidden_queue_in_working_days():
    """Measured 3 working days of 7.5 h = 22.5 h; 11 < 11.25: flagged."""
    anatomy = line_map(measured_lead=Duration(value=3, unit="working_days"), day=7.5)
    queue = compute_flow(anatomy).hidden_queue
    assert queue is not None and queue.flagged and queue.measured_hours == APPROX(22.5)


def test_no_hidden_queue_without_measured_lead_time():
    assert compute_flow(line_map()).hidden_queue is None
    no_unit = line_map(measured_lead=Duration(value=30))
    assert compute_flow(no_unit).hidden_queue is None


# --------------------------------------------------------------------------- starts, ends
def test_several_starts_take_the_longest():
    """A(1) -1-> C(1) and B(5) -0-> C; no stage marked: A and B are starts, read as
    parallel inputs meeting at C. LT = max(1 + 1 + 1, 5 + 0 + 1) = 6 from B; C worked once;
    total PT 1 + 5 + 1 = 7."""
    anatomy = make_map(
        [stage("A", 1), stage("B", 5), stage("C", 1)],
        [flow("A", "C", 1), flow("B", "C", 0)],
    )
    metrics = compute_flow(anatomy)
    assert metrics.starts == ["A", "B"]
    assert metrics.lead_time_hours == APPROX(6.0)
    assert metrics.critical_path == ["B", "C"]
    assert metrics.visits["C"] == APPROX(1.0)
    assert metrics.process_time_hours == APPROX(7.0)
    assert metrics.ladder_follows_critical_path
    assert any("parallel inputs" in note for note in metrics.notes)


def test_flow_stops_at_a_marked_end():
    """B is marked as the end but hands on to C: the metrics stop at B (LT = 1 + 1 + 2)."""
    anatomy = make_map(
        [stage("A", 1), stage("B", 2, end=True), stage("C", 10)],
        [flow("A", "B", 1), flow("B", "C", 5)],
    )
    metrics = compute_flow(anatomy)
    assert metrics.lead_time_hours == APPROX(4.0)
    assert metrics.critical_path == ["A", "B"]
    assert metrics.visits["C"] == 0.0
    assert "C" not in metrics.missing


def test_information_handoffs_carry_no_time():
    """An information handoff with a 100 h wait changes nothing (LT 11 as the line)."""
    anatomy = line_map()
    anatomy.handoffs.append(
        Handoff(id="h_info", source="A", target="C", kind="information",
                wait=Duration(value=100, unit="hours"))
    )
    metrics = compute_flow(anatomy)
    assert metrics.lead_time_hours == APPROX(11.0)
    assert metrics.critical_path == ["A", "B", "C"]


# --------------------------------------------------------------------------- cycles, empty
def test_flow_cycle_without_start_is_broken_not_fatal():
    """A → B → C → A, all flow, 1 h waits and 1 h stages: no stage is a start. The search
    from the top of the document ignores C → A and starts at A: LT = 1+1+1+1+1 = 5."""
    anatomy = make_map(
        [stage("A", 1), stage("B", 1), stage("C", 1)],
        [flow("A", "B", 1), flow("B", "C", 1), flow("C", "A", 1)],
    )
    metrics = compute_flow(anatomy)
    assert metrics.ignored_handoffs == ["h_C_A"]
    assert metrics.lead_time_hours == APPROX(5.0)
    assert metrics.critical_path == ["A", "B", "C"]
    assert any("closes a flow cycle" in note for note in metrics.notes)


def test_flow_cycle_behind_a_start():
    """S → A → B → E with a flow handoff B → A: B → A is ignored, LT = 4 stages + 3 waits."""
    anatomy = make_map(
        [stage("S", 1), stage("A", 1), stage("B", 1), stage("E", 1)],
        [flow("S", "A", 1), flow("A", "B", 1), flow("B", "A", 1), flow("B", "E", 1)],
    )
    metrics = compute_flow(anatomy)
    assert metrics.ignored_handoffs == ["h_B_A"]
    assert metrics.lead_time_hours == APPROX(7.0)
    assert metrics.critical_path == ["S", "A", "B", "E"]
    assert "h_B_A" not in metrics.missing


def test_empty_map():
    metrics = compute_flow(make_map([], []))
    assert metrics == FlowMetrics()
    assert metrics.ladder == []


def test_one_stage():
    """A single 3 h stage: LT = PT = 3, efficiency 1, it is its own critical path."""
    metrics = compute_flow(make_map([stage("A", 3, pca=80)], []))
    assert metrics.lead_time_hours == APPROX(3.0)
    assert metrics.flow_efficiency == APPROX(1.0)
    assert metrics.rolled_pca == APPROX(80.0)
    assert metrics.critical_path == ["A"]
    assert metrics.bottleneck is None
