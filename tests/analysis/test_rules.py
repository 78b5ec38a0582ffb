"""Each rule fires on a hand-made map that has its problem, names the field that fixes it,
and stays quiet on the complete map."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from anatomy_kit import by_rule, complete_map, flow, stage

from vsm_editor.analysis import RULES, analyze
from vsm_editor.model import (
    AnatomyMap,
    Component,
    Duration,
    Handoff,
    LogicItem,
    Outcome,
    Percent,
    Rate,
    Suppression,
)


def test_the_complete_map_has_no_findings() -> None:
    report = analyze(complete_map())
    assert report.findings == []
    assert report.summary_line() == (
        "0 errors, 0 warnings, 0 info · coverage P1 3/3, P2 3/3, P3 3/3, P4 3/3"
    )


# --------------------------------------------------------------------------- breakers
def _stage(m: AnatomyMap, stage_id: str):
    return next(s for s in m.stages if s.id == stage_id)


def _handoff(m: AnatomyMap, handoff_id: str):
    return next(h for h in m.handoffs if h.id == handoff_id)


def no_outcome(m: AnatomyMap) -> None:
    _stage(m, "st_b").outcomes = []


def unserved_outcome(m: AnatomyMap) -> None:
    m.outcomes.append(Outcome(id="oc_cost", statement="Cheaper", metric="cost", target=1.0))


def outcome_no_target(m: AnatomyMap) -> None:
    m.outcomes[0].target = None


def outcome_no_metric(m: AnatomyMap) -> None:
    m.outcomes[0].metric = "  "


def _add_stage_d(m: AnatomyMap, **fields: object) -> None:
    m.stages.append(stage("st_d", "Archive", **fields))
    m.catalogue.logic[0].stages.append("st_d")


def isolated(m: AnatomyMap) -> None:
    _add_stage_d(m)


def unreachable(m: AnatomyMap) -> None:
    _stage(m, "st_a").start = True
    _add_stage_d(m)
    m.handoffs.append(flow("ho_db", "st_d", "st_b"))


def dead_end(m: AnatomyMap) -> None:
    _stage(m, "st_c").end = True
    _add_stage_d(m)
    m.handoffs.append(flow("ho_bd", "st_b", "st_d", share=Percent(value=50)))
    _handoff(m, "ho_bc").share = Percent(value=50)


def no_decisions(m: AnatomyMap) -> None:
    _stage(m, "st_b").decisions = []


def flow_loop(m: AnatomyMap) -> None:
    _stage(m, "st_a").start = True
    _stage(m, "st_c").end = True
    m.handoffs.append(flow("ho_ba", "st_b", "st_a", share=Percent(value=20)))
    _handoff(m, "ho_bc").share = Percent(value=80)


def no_logic(m: AnatomyMap) -> None:
    m.catalogue.logic[0].stages = ["st_a", "st_c"]


def no_control_point(m: AnatomyMap) -> None:
    m.catalogue.logic[0].control_point = None


def rule_no_owner(m: AnatomyMap) -> None:
    m.catalogue.logic[0].owner = ""


def _add_logic(m: AnatomyMap, stages: list[str], realized: bool) -> None:
    m.catalogue.logic.append(
        LogicItem(
            id="lg_score", kind="integration", statement="Fetch the credit score",
            stages=stages, control_point="cp_form",
        )
    )
    if realized:
        m.catalogue.components[0].realizes.append("lg_score")


def logic_unused(m: AnatomyMap) -> None:
    _add_logic(m, [], realized=True)


def logic_unrealized(m: AnatomyMap) -> None:
    _add_logic(m, ["st_a"], realized=False)


def component_realizes_nothing(m: AnatomyMap) -> None:
    m.catalogue.components.append(Component(id="cm_api", kind="api", name="Score API"))


def stage_no_components(m: AnatomyMap) -> None:
    m.catalogue.logic[0].stages = ["st_a", "st_c"]
    _add_logic(m, ["st_b"], realized=False)


def no_lane(m: AnatomyMap) -> None:
    _stage(m, "st_b").lane = None


def no_owner(m: AnatomyMap) -> None:
    _stage(m, "st_b").owner = " \t"


def no_process_time(m: AnatomyMap) -> None:
    _stage(m, "st_b").process_time = None


def no_wait(m: AnatomyMap) -> None:
    _handoff(m, "ho_ab").wait = None


def process_time_no_unit(m: AnatomyMap) -> None:
    _stage(m, "st_b").process_time = Duration(value=3.0)


def wait_no_unit(m: AnatomyMap) -> None:
    _handoff(m, "ho_ab").wait = Duration(value=3.0)


def measured_lead_time_no_unit(m: AnatomyMap) -> None:
    m.delivery_metrics.measured_lead_time = Duration(value=3.0)


def pca_too_high(m: AnatomyMap) -> None:
    _stage(m, "st_b").pca = Percent(value=120.0)


def pca_negative(m: AnatomyMap) -> None:
    _stage(m, "st_b").pca = Percent(value=-5.0)


def _alternatives(m: AnatomyMap, first: float | None, second: float | None) -> None:
    _add_stage_d(m, end=True)
    _stage(m, "st_c").end = True
    _handoff(m, "ho_ab").share = None if first is None else Percent(value=first)
    m.handoffs.append(
        flow("ho_ad", "st_a", "st_d", share=None if second is None else Percent(value=second))
    )


def share_missing(m: AnatomyMap) -> None:
    _alternatives(m, 70.0, None)


def shares_not_100(m: AnatomyMap) -> None:
    _alternatives(m, 50.0, 30.0)


def share_negative(m: AnatomyMap) -> None:
    _alternatives(m, 120.0, -20.0)


def _rework(m: AnatomyMap, rate: float | None) -> None:
    m.handoffs.append(
        Handoff(
            id="ho_cb", source="st_c", target="st_b", kind="rework",
            rework_rate=None if rate is None else Rate(value=rate),
        )
    )


def rework_rate_one(m: AnatomyMap) -> None:
    _rework(m, 1.0)


def rework_rate_negative(m: AnatomyMap) -> None:
    _rework(m, -0.1)


def rework_no_rate(m: AnatomyMap) -> None:
    _rework(m, None)


def parallel_no_join(m: AnatomyMap) -> None:
    _alternatives(m, None, None)
    _stage(m, "st_a").split = "parallel"


def no_start_no_end(m: AnatomyMap) -> None:
    m.handoffs.append(flow("ho_ca", "st_c", "st_a"))


def hidden_queue(m: AnatomyMap) -> None:
    m.delivery_metrics.measured_lead_time = Duration(value=5.0, unit="working_days")


def stale_suppression(m: AnatomyMap) -> None:
    m.analysis.suppressions.append(
        Suppression(key="p1-stage-no-outcome@stage:st_gone/outcomes", reason="merged away")
    )


CASES: list[tuple[str, Callable[[AnatomyMap], None], str]] = [
    ("p1-stage-no-outcome", no_outcome, "stage:st_b/outcomes"),
    ("p1-outcome-unserved", unserved_outcome, "outcome:oc_cost/served_by"),
    ("p1-outcome-no-target", outcome_no_target, "outcome:oc_fast/target"),
    ("p1-outcome-no-target", outcome_no_metric, "outcome:oc_fast/metric"),
    ("p2-stage-isolated", isolated, "stage:st_d/handoffs"),
    ("p2-stage-unreachable", unreachable, "stage:st_d/start"),
    ("p2-stage-dead-end", dead_end, "stage:st_d/end"),
    ("p2-stage-no-decisions", no_decisions, "stage:st_b/decisions"),
    ("p2-flow-loop", flow_loop, "handoff:ho_ba/kind"),
    ("p3-stage-no-logic", no_logic, "stage:st_b/logic"),
    ("p3-logic-no-control-point", no_control_point, "logic:lg_limit/control_point"),
    ("p3-rule-no-owner", rule_no_owner, "logic:lg_limit/owner"),
    ("p3-logic-unused", logic_unused, "logic:lg_score/stages"),
    ("p4-logic-unrealized", logic_unrealized, "logic:lg_score/realized_by"),
    ("p4-component-realizes-nothing", component_realizes_nothing, "component:cm_api/realizes"),
    ("p4-stage-no-components", stage_no_components, "stage:st_b/components"),
    ("flow-stage-no-lane", no_lane, "stage:st_b/lane"),
    ("flow-stage-no-owner", no_owner, "stage:st_b/owner"),
    ("flow-stage-no-process-time", no_process_time, "stage:st_b/process_time"),
    ("flow-handoff-no-wait", no_wait, "handoff:ho_ab/wait"),
    ("flow-time-no-unit", process_time_no_unit, "stage:st_b/process_time"),
    ("flow-time-no-unit", wait_no_unit, "handoff:ho_ab/wait"),
    (
        "flow-time-no-unit", measured_lead_time_no_unit,
        "stream:vs_test/delivery_metrics/measured_lead_time",
    ),
    ("flow-pca-out-of-range", pca_too_high, "stage:st_b/pca"),
    ("flow-pca-out-of-range", pca_negative, "stage:st_b/pca"),
    ("flow-share-missing", share_missing, "stage:st_a/handoff:ho_ad/share"),
    ("flow-shares-not-100", shares_not_100, "stage:st_a/handoff:ho_ab/share"),
    ("flow-shares-not-100", share_negative, "stage:st_a/handoff:ho_ab/share"),
    ("flow-rework-rate-out-of-range", rework_rate_one, "handoff:ho_cb/rework_rate"),
    ("flow-rework-rate-out-of-range", rework_rate_negative, "handoff:ho_cb/rework_rate"),
    ("flow-rework-no-rate", rework_no_rate, "handoff:ho_cb/rework_rate"),
    ("flow-parallel-no-join", parallel_no_join, "stage:st_a/split"),
    ("flow-no-start", no_start_no_end, "stream:vs_test/start"),
    ("flow-no-end", no_start_no_end, "stream:vs_test/end"),
    ("flow-hidden-queue", hidden_queue, "stream:vs_test/delivery_metrics/measured_lead_time"),
    (
        "structure-stale-suppression", stale_suppression,
        "suppression:p1-stage-no-outcome@stage:st_gone/outcomes",
    ),
]


@pytest.mark.parametrize(("rule", "breaker", "path"), CASES, ids=[c[1].__name__ for c in CASES])
def test_rule_fires_and_names_the_field(rule: str, breaker, path: str) -> None:
    anatomy = complete_map()
    assert by_rule(analyze(anatomy).findings, rule) == []
    breaker(anatomy)
    fired = by_rule(analyze(anatomy).findings, rule)
    assert [f.path for f in fired] == [path]
    finding = fired[0]
    assert finding.severity == RULES[rule].severity
    assert finding.layer == RULES[rule].layer
    assert finding.element in finding.elements
    assert finding.key == f"{rule}@{path}"
    assert finding.message.strip()


def test_every_rule_has_a_case() -> None:
    assert {rule for rule, _b, _p in CASES} == set(RULES)


def test_registry_entries_are_complete() -> None:
    for rule_id, info in RULES.items():
        assert rule_id == info.id
        prefix = rule_id.split("-")[0]
        assert prefix == info.layer.lower()
        assert info.severity in ("error", "warning", "info")
        assert info.title and len(info.explanation) > 80
        assert rule_id == rule_id.lower() and " " not in rule_id
    layers = [info.layer for info in RULES.values()]
    assert layers == sorted(layers, key=["P1", "P2", "P3", "P4", "flow", "structure"].index)


# --------------------------------------------------------------------------- quiet cases
def test_outside_flow_rules_stay_quiet_on_one_stage() -> None:
    anatomy = complete_map()
    anatomy.stages = anatomy.stages[:1]
    anatomy.handoffs = []
    anatomy.catalogue.logic[0].stages = ["st_a"]
    anatomy.delivery_metrics.measured_lead_time = None
    assert analyze(anatomy).findings == []


def test_unreachable_is_not_repeated_when_the_stream_has_no_start() -> None:
    anatomy = complete_map()
    no_start_no_end(anatomy)
    rules = {f.rule for f in analyze(anatomy).findings}
    assert {"flow-no-start", "flow-no-end", "p2-flow-loop"} <= rules
    assert not rules & {"p2-stage-unreachable", "p2-stage-dead-end"}


def test_a_non_rule_logic_item_needs_no_owner() -> None:
    anatomy = complete_map()
    anatomy.catalogue.logic[0].owner = ""
    anatomy.catalogue.logic[0].kind = "data"
    assert by_rule(analyze(anatomy).findings, "p3-rule-no-owner") == []


def test_missing_times_are_not_asked_for_when_the_map_records_none() -> None:
    anatomy = complete_map()
    for s in anatomy.stages:
        s.process_time = None
    for h in anatomy.handoffs:
        h.wait = None
    anatomy.delivery_metrics.measured_lead_time = None
    rules = {f.rule for f in analyze(anatomy).findings}
    assert not rules & {"flow-stage-no-process-time", "flow-handoff-no-wait"}
    anatomy.stages[0].process_time = Duration(value=1.0, unit="hours")
    rules = {f.rule for f in analyze(anatomy).findings}
    assert {"flow-stage-no-process-time", "flow-handoff-no-wait"} <= rules


def test_shares_within_rounding_of_100_are_fine() -> None:
    anatomy = complete_map()
    _alternatives(anatomy, 66.7, 33.4)
    assert by_rule(analyze(anatomy).findings, "flow-shares-not-100") == []


def test_parallel_branches_that_join_are_fine() -> None:
    anatomy = complete_map()
    parallel_no_join(anatomy)
    _stage(anatomy, "st_d").end = False
    anatomy.handoffs.append(flow("ho_dc", "st_d", "st_c"))
    assert by_rule(analyze(anatomy).findings, "flow-parallel-no-join") == []


def test_parallel_join_inside_a_cycle_is_found() -> None:
    anatomy = complete_map()
    parallel_no_join(anatomy)
    _stage(anatomy, "st_d").end = False
    anatomy.handoffs += [flow("ho_dx", "st_d", "st_a")]  # d loops back: a, d in one cycle
    findings = analyze(anatomy).findings
    assert by_rule(findings, "flow-parallel-no-join") != [] or by_rule(findings, "p2-flow-loop")
    anatomy.handoffs += [flow("ho_dc", "st_d", "st_c")]
    assert by_rule(analyze(anatomy).findings, "flow-parallel-no-join") == []


def test_information_handoffs_do_not_connect_a_stage() -> None:
    anatomy = complete_map()
    isolated(anatomy)
    anatomy.handoffs.append(Handoff(id="ho_cd", source="st_c", target="st_d", kind="information"))
    assert [f.path for f in by_rule(analyze(anatomy).findings, "p2-stage-isolated")] == [
        "stage:st_d/handoffs"
    ]


def test_hidden_queue_follows_the_threshold_setting() -> None:
    anatomy = complete_map()
    hidden_queue(anatomy)  # computed 5 h of a measured 40 h: 12.5 %
    assert by_rule(analyze(anatomy).findings, "flow-hidden-queue")
    anatomy.analysis.hidden_queue_threshold = 0.1
    assert by_rule(analyze(anatomy).findings, "flow-hidden-queue") == []


def test_findings_are_sorted_by_severity_then_layer_then_element() -> None:
    anatomy = complete_map()
    for breaker in (no_outcome, pca_too_high, no_logic, rework_rate_one, flow_loop):
        breaker(anatomy)
    findings = analyze(anatomy).findings
    rank = {"error": 0, "warning": 1, "info": 2}
    layers = ["P1", "P2", "P3", "P4", "flow", "structure"]
    keys = [(rank[f.severity], layers.index(f.layer), f.element) for f in findings]
    assert keys == sorted(keys)
    assert findings[0].severity == "error" and findings[-1].severity == "info"


def test_messages_use_names_and_survive_odd_names() -> None:
    anatomy = complete_map()
    _stage(anatomy, "st_b").name = "Проверка заявки 受付 " + "x" * 100
    no_outcome(anatomy)
    (finding,) = by_rule(analyze(anatomy).findings, "p1-stage-no-outcome")
    assert "Проверка заявки 受付" in finding.message
    assert "…" in finding.message and len(finding.message) < 200
    _stage(anatomy, "st_b").name = ""
    (finding,) = by_rule(analyze(anatomy).findings, "p1-stage-no-outcome")
    assert "st_b" in finding.message
