"""Every rule runs on odd and random maps without crashing, and the shortcuts the analysis
takes (its own flow facts, the lead-time bound) agree with the reference implementations."""

from __future__ import annotations

import math

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import any_maps, odd_maps

from vsm_editor.analysis import RULES, analyze
from vsm_editor.analysis.context import AnalysisContext, metrics_asked
from vsm_editor.analysis.facts import build_flow_facts
from vsm_editor.analysis.flow import compute_flow
from vsm_editor.analysis.graph import build_flow_graph
from vsm_editor.analysis.index import MapIndex
from vsm_editor.analysis.lead_bound import lead_time_lower_bound
from vsm_editor.analysis.rules.flow_numbers import _flow_graph
from vsm_editor.analysis.rules.registry import MAP_SCOPES
from vsm_editor.model import AnatomyMap, Handoff, Lane, Stage, Stream
from vsm_editor.model.migrations import CURRENT_VERSION, FORMAT_NAME

SETTINGS = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
POOLS = {
    "stage": "stages", "stage_flow": "stages", "handoff": "handoffs", "outcome": "outcomes",
    "logic": "logic", "component": "components",
}


def _context(anatomy: AnatomyMap) -> AnalysisContext:
    index = MapIndex(anatomy)
    return AnalysisContext(anatomy, index, build_flow_facts(anatomy), metrics_asked(anatomy, index))


@SETTINGS
@given(any_maps())
def test_every_rule_runs_on_any_map(anatomy: AnatomyMap) -> None:
    ctx = _context(anatomy)
    ids = ctx.index
    for info in RULES.values():
        for scope, check in info.checks.items():
            if scope in MAP_SCOPES:
                findings = check(ctx)
            else:
                findings = check(ctx, list(getattr(ids, POOLS[scope]).values()))
            for finding in findings:
                assert finding.rule == info.id
                assert finding.path and finding.message
                assert finding.element == finding.elements[0]
    report = analyze(anatomy)
    assert report.summary_line().count("·") >= 1
    assert report.coverage.total == len(anatomy.stages)
    assert len({f.key for f in report.findings}) == len(report.findings)


@SETTINGS
@given(odd_maps())
def test_odd_maps(anatomy: AnatomyMap) -> None:
    report = analyze(anatomy)
    if not anatomy.stages:
        assert report.findings == [] and report.coverage.total == 0
    if len(anatomy.stages) > 1 and all(h.kind == "flow" for h in anatomy.handoffs) and (
        len(anatomy.handoffs) == len(anatomy.stages)
    ):  # one flow cycle through every stage
        rules = {f.rule for f in report.findings}
        assert {"flow-no-start", "flow-no-end", "p2-flow-loop"} <= rules


def test_big_map_with_no_annotations_and_non_latin_names() -> None:
    names = ["受付", "Проверка", "مراجعة", "", "🚀"]
    stages = [Stage(id=f"st_{i}", name=names[i % 5], x=i * 200.0) for i in range(5000)]
    handoffs = [
        Handoff(id=f"ho_{i}", source=f"st_{i}", target=f"st_{i + 1}") for i in range(4999)
    ]
    anatomy = AnatomyMap(
        format=FORMAT_NAME, version=CURRENT_VERSION, stream=Stream(id="vs_big", name="大"),
        lanes=[Lane(id="ln_empty", name="No stages here")], stages=stages, handoffs=handoffs,
    )
    report = analyze(anatomy)
    counts = report.counts()
    assert counts["warning"] == 5000 * 5  # no outcome, decisions, logic, lane, owner
    assert report.coverage.counts == {"P1": 0, "P2": 0, "P3": 0, "P4": 0}


@SETTINGS
@given(any_maps())
def test_flow_facts_match_the_shared_flow_graph(anatomy: AnatomyMap) -> None:
    facts = build_flow_facts(anatomy)
    graph = build_flow_graph(anatomy)
    assert facts.starts == graph.starts and facts.ends == graph.ends
    assert facts.from_start == graph.from_start and facts.to_end == graph.to_end
    assert sorted(map(sorted, facts.cycles)) == sorted(map(sorted, graph.cycles))
    assert (facts.order is None) == bool(graph.cycles)


@SETTINGS
@given(any_maps(), st.data())
def test_common_successor_matches_reachability(anatomy: AnatomyMap, data) -> None:
    facts = build_flow_facts(anatomy)
    nodes = sorted(facts.out_flow.keys() | facts.in_flow.keys())
    if not nodes:
        return
    chosen = data.draw(st.lists(st.sampled_from(nodes), min_size=1, max_size=3))
    graph = build_flow_graph(anatomy).graph
    import networkx as nx

    common = set(graph.nodes)
    for node in chosen:
        common &= nx.descendants(graph, node) | {node}
    assert facts.have_common_successor(chosen) == bool(common)


@SETTINGS
@given(any_maps())
def test_lead_time_bound_never_exceeds_the_lead_time(anatomy: AnatomyMap) -> None:
    facts = build_flow_facts(anatomy)
    bound = lead_time_lower_bound(anatomy, facts)
    metrics = compute_flow(anatomy)
    if bound is None or metrics.lead_time_hours is None:
        return
    assert bound <= metrics.lead_time_hours * (1 + 1e-9) + 1e-9 or math.isinf(bound)


@SETTINGS
@given(any_maps())
def test_flow_metrics_from_the_analysis_facts_equal_the_reference(anatomy: AnatomyMap) -> None:
    ctx = _context(anatomy)
    ours = compute_flow(anatomy, _flow_graph(ctx))
    reference = compute_flow(anatomy)
    assert ours.lead_time_hours == reference.lead_time_hours or (
        ours.lead_time_hours != ours.lead_time_hours
    )
    assert ours.hidden_queue == reference.hidden_queue or reference.hidden_queue is None or (
        reference.hidden_queue.ratio != reference.hidden_queue.ratio
    )


def test_lead_time_bound_is_exact_on_a_chain() -> None:
    from anatomy_kit import complete_map

    anatomy = complete_map()
    bound = lead_time_lower_bound(anatomy, build_flow_facts(anatomy))
    assert bound == compute_flow(anatomy).lead_time_hours == 5.0
