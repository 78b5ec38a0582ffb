"""Coverage: one definition of P1–P4 linked per stage, and the stream's counts."""

from __future__ import annotations

from anatomy_kit import complete_map, flow, stage

from vsm_editor.analysis import analyze, compute_coverage
from vsm_editor.model import Component, ControlPoint, LogicItem, Outcome


def _entry(anatomy, stage_id="st_b"):
    return compute_coverage(anatomy)[stage_id]


def test_complete_map_is_fully_covered_with_its_links() -> None:
    coverage = compute_coverage(complete_map())
    assert coverage.total == 3 and coverage.complete == 3
    assert coverage.counts == {"P1": 3, "P2": 3, "P3": 3, "P4": 3}
    entry = coverage["st_b"]
    assert entry.linked == (True, True, True, True) and entry.missing == ()
    assert entry.measurable_outcomes == ("oc_fast",)
    assert entry.logic == ("lg_limit",)
    assert entry.control_points == ("cp_form",)
    assert entry.components == ("cm_ui",)
    assert entry.on_flow_path and entry.decisions == 1
    assert coverage.summary() == "P1 3/3, P2 3/3, P3 3/3, P4 3/3"


def test_p1_needs_an_outcome_with_metric_and_target() -> None:
    anatomy = complete_map()
    anatomy.outcomes[0].target = None
    assert not _entry(anatomy).p1
    anatomy.outcomes[0].target = 4.0
    anatomy.outcomes[0].metric = ""
    assert not _entry(anatomy).p1
    anatomy.outcomes.append(Outcome(id="oc_ok", statement="Ok", metric="count", target=0.0))
    anatomy.stages[1].outcomes = ["oc_fast", "oc_ok"]
    entry = _entry(anatomy)
    assert entry.p1 and entry.measurable_outcomes == ("oc_ok",)
    assert entry.outcomes == ("oc_fast", "oc_ok")


def test_p2_needs_the_flow_path_and_a_decision() -> None:
    anatomy = complete_map()
    anatomy.stages[1].decisions = []
    entry = _entry(anatomy)
    assert entry.on_flow_path and not entry.p2
    anatomy = complete_map()
    anatomy.stages.append(stage("st_d", "Side job"))
    anatomy.catalogue.logic[0].stages.append("st_d")
    entry = _entry(anatomy, "st_d")
    assert not entry.on_flow_path and not entry.p2
    assert entry.p1 and entry.p3 and entry.p4
    anatomy.handoffs.append(flow("ho_cd", "st_c", "st_d"))  # now the end of the stream
    assert _entry(anatomy, "st_d").p2


def test_p2_is_false_for_a_stage_that_cannot_reach_an_end() -> None:
    anatomy = complete_map()
    anatomy.stages[2].end = True
    anatomy.stages.append(stage("st_d", "Dead end"))
    anatomy.handoffs.append(flow("ho_bd", "st_b", "st_d"))
    assert not _entry(anatomy, "st_d").p2
    assert _entry(anatomy, "st_b").p2


def test_p3_needs_logic_and_a_control_point_for_each() -> None:
    anatomy = complete_map()
    anatomy.catalogue.logic.append(
        LogicItem(id="lg_data", kind="data", statement="Customer id", stages=["st_b"])
    )
    anatomy.catalogue.components[0].realizes.append("lg_data")
    entry = _entry(anatomy)
    assert not entry.p3 and entry.p4
    assert entry.logic == ("lg_data", "lg_limit") and entry.control_points == ("cp_form",)
    anatomy.catalogue.control_points.append(ControlPoint(id="cp_commit", kind="before_commit"))
    anatomy.catalogue.logic[1].control_point = "cp_commit"
    entry = _entry(anatomy)
    assert entry.p3 and entry.control_points == ("cp_commit", "cp_form")
    anatomy.catalogue.logic = []
    anatomy.catalogue.components[0].realizes = []
    entry = _entry(anatomy)
    assert not entry.p3 and not entry.p4 and entry.control_points == ()


def test_p4_needs_every_logic_item_realized_and_at_least_one() -> None:
    anatomy = complete_map()
    anatomy.catalogue.logic.append(
        LogicItem(
            id="lg_event", kind="event", statement="Notify", stages=["st_b"],
            control_point="cp_form",
        )
    )
    entry = _entry(anatomy)
    assert entry.p3 and not entry.p4 and entry.components == ("cm_ui",)
    anatomy.catalogue.components.append(
        Component(id="cm_bus", kind="event", name="Bus", realizes=["lg_event"])
    )
    entry = _entry(anatomy)
    assert entry.p4 and entry.components == ("cm_bus", "cm_ui")
    assert _entry(anatomy, "st_a").components == ("cm_ui",)


def test_stream_counts_match_the_stage_entries() -> None:
    anatomy = complete_map()
    anatomy.stages[0].outcomes = []
    anatomy.stages[1].decisions = []
    anatomy.catalogue.logic[0].stages = ["st_a"]
    coverage = analyze(anatomy).coverage
    assert coverage.counts == {"P1": 2, "P2": 2, "P3": 1, "P4": 1}
    assert [e.stage for e in coverage] == ["st_a", "st_b", "st_c"]
    assert dict(coverage.items())["st_c"].missing == ("P3", "P4")
    assert "P1 2/3, P2 2/3, P3 1/3, P4 1/3" in analyze(anatomy).summary_line()


def test_coverage_of_an_empty_map() -> None:
    anatomy = complete_map()
    anatomy.stages, anatomy.handoffs = [], []
    anatomy.catalogue.logic[0].stages = []
    coverage = compute_coverage(anatomy)
    assert len(coverage) == 0 and coverage.summary() == "P1 0/0, P2 0/0, P3 0/0, P4 0/0"


def test_findings_and_coverage_agree() -> None:
    """A stage missing a layer has a finding of that layer about it, and vice versa."""
    anatomy = complete_map()
    anatomy.stages[0].outcomes = []
    anatomy.stages[1].decisions = []
    anatomy.catalogue.logic[0].stages = ["st_c"]
    report = analyze(anatomy)
    for entry in report.coverage:
        layers = {f.layer for f in report.findings if entry.stage in f.elements}
        for layer, linked in zip(("P1", "P2", "P3"), entry.linked, strict=False):
            assert (layer in layers) == (not linked), (entry.stage, layer)


def test_report_groups_findings_by_element() -> None:
    anatomy = complete_map()
    anatomy.stages[1].outcomes = []
    anatomy.catalogue.logic[0].control_point = None
    report = analyze(anatomy)
    by_element = report.by_element()
    assert [f.rule for f in by_element["st_b"]] == [
        "p1-stage-no-outcome", "p3-logic-no-control-point"
    ]
    assert report.worst_severity("st_b") == "warning"
    assert report.worst_severity("cm_ui") is None
    assert report.counts() == {"error": 0, "warning": 2, "info": 0}
