"""The Markdown anatomy report: every template exports and parses into the expected outline
(h1 title, h2 sections, an h3 per stage, the tables with their headers), and what it says
matches the analysis, the flow metrics and the catalogue."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from test_markdown_helpers import (  # noqa: E402
    TEMPLATES,
    report_of,
    template_map,
    template_map_bytes,
)
from vsm_editor.exporters.markdown import export_markdown  # noqa: E402
from vsm_editor.exporters.markdown_order import flow_order  # noqa: E402

from vsm_editor.analysis import RULES, analyze  # noqa: E402
from vsm_editor.analysis.flow import compute_flow  # noqa: E402
from vsm_editor.model import load_bytes  # noqa: E402
from vsm_editor.model.entities import (  # noqa: E402
    AnatomyMap,
    DeliveryMetrics,
    Duration,
    Handoff,
    Origin,
    RuleSetting,
    Stage,
    Stream,
    Suppression,
)
from vsm_editor.templates import load_template  # noqa: E402

SECTIONS = ["Summary", "Outcomes", "Flow", "Stages", "Catalogue", "Open findings", "Coverage"]
STAGE_PARTS = ["P1 Outcomes served", "P2 Decisions", "P3 Logic applied", "Control points",
               "P4 Components", "Flow numbers"]


def _sections(outline) -> list[str]:
    return outline.titles(2)


@pytest.mark.parametrize("template_id", TEMPLATES)
def test_every_template_gives_the_full_outline(template_id: str) -> None:
    anatomy = template_map(template_id)
    data = export_markdown(anatomy)
    assert isinstance(data, bytes) and data.endswith(b"\n") and not data.endswith(b"\n\n")
    report = report_of(anatomy)
    assert report.titles(1) == [anatomy.stream.name]
    assert [s for s in _sections(report) if s != "Suppressed findings"] == SECTIONS
    # An h3 per stage under "Stages", in flow order, each with the same h4 parts.
    order = flow_order(anatomy, compute_flow(anatomy).starts or [])
    names = {s.id: s.name for s in anatomy.stages}
    stage_titles = _stage_titles(report)
    assert stage_titles == [names[i] for i in order]
    assert sorted(stage_titles) == sorted(names.values())
    for stage in anatomy.stages:
        table = report.table("Stages", stage.name, "Flow numbers")
        assert table.header == ["Measure", "Value"]
    h4 = _stage_parts(report)
    for part in STAGE_PARTS:
        assert h4.count(part) == len(anatomy.stages), part
    assert report.table("Summary").header == ["Measure", "Value"]
    assert report.table("Outcomes").header == [
        "Outcome", "Metric", "Unit", "Baseline", "Target", "Direction", "Served by"]
    assert report.table("Coverage").header == [
        "Stage", "P1 strategy", "P2 process", "P3 system logic", "P4 components", "All four"]
    assert report.raw_html_tokens() == []


def _stage_parts(report) -> list[str]:
    """The h4 titles inside the Stages section."""
    parts, inside = [], False
    for level, text in report.headings:
        if level == 2:
            inside = text == "Stages"
        elif level == 4 and inside:
            parts.append(text)
    return parts


def _stage_titles(report) -> list[str]:
    titles, inside = [], False
    for level, text in report.headings:
        if level == 2:
            inside = text == "Stages"
        elif level == 3 and inside:
            titles.append(text)
    return titles


def test_the_report_is_deterministic() -> None:
    one = export_markdown(template_map("secure-api"))
    two = export_markdown(load_bytes(template_map_bytes("secure-api"), "again"))
    assert one == two


def test_the_origin_date_comes_from_the_map() -> None:
    anatomy = load_template("validate-booking")  # stamped with today's date as its origin
    anatomy.origin = Origin(kind="template", source="validate-booking", created="2024-05-01")
    text = export_markdown(anatomy).decode()
    assert "- Origin: made from template validate-booking, created 2024-05-01" in text
    anatomy.stream = Stream(id="vs_1", name="N", author="Ada", revision=7)
    text = export_markdown(anatomy).decode()
    assert "- Author: Ada" in text and "- Revision: 7" in text


def test_validate_booking_lists_its_three_control_points() -> None:
    report = report_of(template_map("validate-booking"))
    table = report.table("Stages", "Validate Booking", "Control points")
    assert table.header == ["Control point", "Subject", "Component", "Checks"]
    assert table.column("Control point") == ["Form validation", "Before commit",
                                             "Before transition"]
    assert table.column("Subject") == ["Booking form", "Saving the booking record",
                                       "Booking: Draft to Released"]
    assert table.column("Component") == ["Booking form", "Booking consistency check",
                                         "Release approval"]
    checks = table.column("Checks")
    assert checks[0].startswith("Data: A booking names the customer")
    assert checks[1].startswith("Rule: On save, the end date follows")
    assert checks[2].startswith("Rule: A booking moves to Released")
    decisions = [t for lvl, t in report.headings if lvl == 4 and t == "P2 Decisions"]
    assert len(decisions) == 1
    assert "1. Is the booking complete?\n2. Is it consistent" in report.text


def test_secure_api_findings_appear_with_their_explanations() -> None:
    anatomy = template_map("secure-api")
    result = analyze(anatomy)
    assert result.findings, "the template is meant to have findings"
    report = report_of(anatomy)
    rows = [row for table in report.tables_under("Open findings") for row in table.rows
            if table.header == ["Rule", "Element", "Message"]]
    assert sorted((r[0], r[2]) for r in rows) == sorted(
        (f.rule, " ".join(f.message.split())) for f in result.findings)
    hidden = [r for r in rows if r[0] == "flow-hidden-queue"]
    assert hidden and hidden[0][1] == anatomy.stream.name
    for rule in {f.rule for f in result.findings}:
        assert report.text.count(RULES[rule].explanation) == 1, rule
        assert f"**{RULES[rule].title}**" in report.text
    # Grouped by severity then layer: every table sits under "Warnings (5)" and a layer.
    sections = {t.section for t in report.tables_under("Open findings")}
    assert sections == {("Open findings", "Warnings (5)", layer)
                        for layer in ("P1 Strategy", "P3 System logic", "P4 Components", "Flow")}


def test_an_explanation_is_given_once_however_many_findings_use_it() -> None:
    anatomy = template_map("hire-to-retire")
    result = analyze(anatomy)
    no_logic = [f for f in result.findings if f.rule == "p3-stage-no-logic"]
    assert len(no_logic) >= 2
    report = report_of(anatomy)
    assert report.text.count(RULES["p3-stage-no-logic"].explanation) == 1
    table = report.table("Open findings", f"Warnings ({len(result.findings)})", "P3 System logic")
    assert len(table.rows) == len(no_logic)


def _hours(cell: str) -> float:
    match = re.match(r"^(-?[\d.]+) h\b", cell)
    assert match, cell
    return float(match.group(1))


@pytest.mark.parametrize("template_id", TEMPLATES)
def test_summary_numbers_match_the_flow_metrics(template_id: str) -> None:
    anatomy = template_map(template_id)
    flow = compute_flow(anatomy)
    coverage = analyze(anatomy).coverage
    summary = report_of(anatomy).table("Summary").as_dict()
    tolerance = 0.051
    for label, value in (("Lead time", flow.lead_time_hours),
                         ("Process time (all work)", flow.process_time_hours),
                         ("Process time on the critical path", flow.critical_process_time_hours),
                         ("Wait time", flow.wait_time_hours)):
        assert value is not None
        if value < 1.0:
            tolerance = 0.0051
        assert abs(_hours(summary[label]) - value) <= tolerance, label
    efficiency = float(summary["Flow efficiency"].removesuffix(" %"))
    assert abs(efficiency - 100 * flow.flow_efficiency) <= 0.051
    assert abs(float(summary["Rolled %C&A"].removesuffix(" %")) - flow.rolled_pca) <= 0.051
    assert summary["Stages"] == str(len(anatomy.stages))
    assert summary["Handoffs"].split()[0] == str(len(anatomy.handoffs))
    for layer in ("P1", "P2", "P3", "P4"):
        assert summary[f"Coverage {layer}"] == f"{coverage.linked(layer)}/{coverage.total}"
    names = {s.id: s.name for s in anatomy.stages}
    if flow.bottleneck:
        assert summary["Bottleneck"].startswith(names[flow.bottleneck] + " (expected wait ")
    assert summary["Rework loops"] == str(len(flow.rework_loops))


def test_secure_api_summary_shows_the_hidden_queue_and_delivery_metrics() -> None:
    anatomy = template_map("secure-api")
    flow = compute_flow(anatomy)
    assert flow.hidden_queue is not None and flow.hidden_queue.flagged
    summary = report_of(anatomy).table("Summary").as_dict()
    assert summary["Lead time"] == "303.8 h (38.0 wd)"
    assert summary["Measured lead time"] == "84 wd (measured) = 672.0 h (84.0 wd)"
    ratio = f"{100 * flow.hidden_queue.ratio:.1f} %"
    assert summary["Hidden queue"].startswith(f"the map accounts for {ratio} ")
    assert "flagged" in summary["Hidden queue"]
    assert summary["Deployment frequency"] == "2 per month (measured)"
    assert summary["Lead time for changes"] == "12 wd (measured)"
    assert summary["Change failure rate"] == "12 % (measured)"
    assert summary["Time to restore service"] == "4 h (measured)"
    # Without a measured lead time there is no hidden-queue line.
    anatomy.delivery_metrics = DeliveryMetrics()
    summary = report_of(anatomy).table("Summary").as_dict()
    assert "Hidden queue" not in summary and "Deployment frequency" not in summary


def test_outcomes_table_names_the_stages_serving_each_outcome() -> None:
    anatomy = template_map("secure-api")
    table = report_of(anatomy).table("Outcomes")
    assert table.column("Outcome") == [o.statement for o in anatomy.outcomes]
    names = {s.id: s.name for s in anatomy.stages}
    for outcome, served in zip(anatomy.outcomes, table.column("Served by"), strict=True):
        expected = {names[s.id] for s in anatomy.stages if outcome.id in s.outcomes}
        assert set(served.split("; ")) == expected
        assert table.rows[0][table.header.index("Direction")].startswith(outcome.direction)


def test_flow_table_lists_every_handoff_with_its_numbers() -> None:
    anatomy = template_map("secure-api")
    report = report_of(anatomy)
    table = report.table("Flow", "Handoffs")
    assert table.header == ["From", "To", "Kind", "Label", "Artifact", "Wait", "Share",
                            "Rework rate", "Notes"]
    assert len(table.rows) == len(anatomy.handoffs)
    by_label = {row[3]: row for row in table.rows}
    assert by_label["new data or non-standard design"][5:7] == ["6 wd (estimated)",
                                                                  "70 % (estimated)"]
    assert by_label["defects found"][2] == "Rework"
    assert by_label["defects found"][7] == "0.2 = 20 % (measured)"
    assert by_label["waits for a shared test environment"][5] == "1 wd (measured)"
    assert {row[2] for row in table.rows} == {"Flow", "Information", "Rework"}
    critical = compute_flow(anatomy).critical_path
    names = {s.id: s.name for s in anatomy.stages}
    assert " → ".join(names[i] for i in critical) in report.text


def _id(anatomy: AnatomyMap, name: str) -> str:
    return next(s.id for s in anatomy.stages if s.name == name)


def test_stage_flow_numbers_carry_units_and_marks() -> None:
    anatomy = template_map("secure-api")
    report = report_of(anatomy)
    numbers = report.table("Stages", "Development", "Flow numbers").as_dict()
    assert numbers["Process time"] == "5 wd (measured)"
    visits = compute_flow(anatomy).visits[_id(anatomy, "Development")]
    assert visits == pytest.approx(1.25 * 1.25)  # inside two rework loops of 20 % each
    assert numbers["Expected passes per item"] == f"{visits:.2f}"
    assert numbers["On the critical path"] == "yes"
    review = report.table("Stages", "Architecture and risk review", "Flow numbers").as_dict()
    assert review["Bottleneck"].startswith("yes (expected wait ")
    assert review["Wait before (from Requirement clarification)"] == "6 wd (estimated)"


def test_stage_section_shows_p3_p4_ideas_notes_and_coverage() -> None:
    anatomy = template_map("secure-api")
    report = report_of(anatomy)
    stage = next(s for s in anatomy.stages if s.name == "Billing and reporting enablement")
    logic = report.table("Stages", stage.name, "P3 Logic applied")
    assert logic.header == ["Kind", "Statement", "Control point", "Owner", "Implements decision"]
    applied = [i for i in anatomy.catalogue.logic if stage.id in i.stages]
    assert logic.column("Statement") == [i.statement for i in applied]
    components = report.table("Stages", stage.name, "P4 Components")
    assert components.header == ["Kind", "Name", "Spec", "Realizes"]
    realizing = {c.name for c in anatomy.catalogue.components
                 if set(c.realizes) & {i.id for i in applied}}
    assert set(components.column("Name")) == realizing
    assert "- Coverage: P1 ✗ missing · P2 ✓ linked · P3 ✓ linked · P4 ✓ linked" in report.text
    assert "Serves no outcome yet" in report.text  # the stage's notes
    assert "- Open findings: 1 (`p1-stage-no-outcome`; see Open findings)" in report.text
    review = next(s for s in anatomy.stages if s.name == "Architecture and risk review")
    assert f"- Pain point: {review.improvements[0].text}" in report.text
    assert f"- Idea: {review.improvements[1].text}" in report.text


def test_catalogue_says_where_each_element_is_used() -> None:
    anatomy = template_map("validate-booking")
    report = report_of(anatomy)
    logic = report.table("Catalogue", "Logic items")
    assert logic.column("Used at stages") == ["Validate Booking"] * 3
    assert logic.column("Realized by") == ["Booking form", "Booking consistency check",
                                           "Release approval"]
    components = report.table("Catalogue", "Components")
    assert components.column("Hosts control points") == [
        "Booking form", "Saving the booking record", "Booking: Draft to Released"]
    points = report.table("Catalogue", "Control points")
    assert points.column("Kind") == ["Form validation", "Before commit", "Before transition"]


def test_coverage_matrix_matches_the_analysis_in_words() -> None:
    anatomy = template_map("customer-onboarding")
    coverage = analyze(anatomy).coverage
    table = report_of(anatomy).table("Coverage")
    names = {s.id: s.name for s in anatomy.stages}
    by_name = {row[0]: row[1:] for row in table.rows}
    assert set(by_name) == set(names.values())
    for stage_id, entry in coverage.items():
        words = ["✓ linked" if ok else "✗ missing" for ok in entry.linked]
        assert by_name[names[stage_id]] == [*words, "yes" if entry.complete else "no"]


def test_suppressed_findings_show_their_reasons() -> None:
    anatomy = template_map("secure-api")
    finding = next(f for f in analyze(anatomy).findings if f.rule == "p3-rule-no-owner")
    anatomy.analysis.suppressions = [
        Suppression(key=finding.key, reason="Owned by the | change board <b>"),
        Suppression(key="p1-stage-no-outcome@stage:st_gone/outcomes", reason="old"),
    ]
    report = report_of(anatomy)
    table = report.table("Suppressed findings")
    assert table.header == ["Rule", "Element", "Message", "Reason"]
    assert table.rows[0][0] == "p3-rule-no-owner"
    assert table.rows[0][3] == "Owned by the | change board <b>"
    assert "p1-stage-no-outcome@stage:st_gone/outcomes (reason: old)" in report.html()
    open_rules = {row[0] for t in report.tables_under("Open findings") for row in t.rows}
    assert "p3-rule-no-owner" not in open_rules


def test_rules_switched_off_are_named() -> None:
    anatomy = template_map("secure-api")
    anatomy.analysis.rules = {"flow-hidden-queue": RuleSetting(enabled=False)}
    text = export_markdown(anatomy).decode()
    assert "Rules switched off for this map: `flow-hidden-queue`." in text
    assert "| `flow-hidden-queue` |" not in text


def _chain(*names: str) -> AnatomyMap:
    stages = [Stage(id=f"st_{i}", name=name) for i, name in enumerate(names)]
    return AnatomyMap(format="vsm-anatomy", version=1, stream=Stream(id="vs", name="S"),
                      stages=stages, handoffs=[])


def test_flow_order_is_topological_from_the_starts_then_the_rest() -> None:
    # Map order scrambled: D, B, A, C, X(loose), Y→Z (no start reaches them), with a flow
    # cycle C→B; the starts are A only.
    anatomy = _chain("D", "B", "A", "C", "X", "Z", "Y")
    ids = {s.name: s.id for s in anatomy.stages}
    for stage in anatomy.stages:
        stage.start = stage.name == "A"

    def flow(a: str, b: str) -> Handoff:
        return Handoff(id=f"ho_{a}{b}", source=ids[a], target=ids[b])

    anatomy.handoffs = [flow("A", "B"), flow("B", "C"), flow("C", "D"), flow("C", "B"),
                        flow("A", "C"), flow("Y", "Z")]
    order = flow_order(anatomy, ["st_2"])
    names = {s.id: s.name for s in anatomy.stages}
    assert [names[i] for i in order] == ["A", "B", "C", "D", "X", "Y", "Z"]
    assert _stage_titles(report_of(anatomy)) == ["A", "B", "C", "D", "X", "Y", "Z"]


def test_an_empty_map_still_reports() -> None:
    anatomy = AnatomyMap(format="vsm-anatomy", version=1, stream=Stream(id="vs", name=""))
    report = report_of(anatomy)
    assert report.titles(1) == ["Untitled value stream"]
    assert "The stream has no stages yet." in report.text
    assert "The stream records no outcomes." in report.text


def test_times_without_unit_and_missing_times_are_said_in_words() -> None:
    anatomy = _chain("A", "B")
    anatomy.stages[0].process_time = Duration(value=5)
    anatomy.stages[1].process_time = Duration(value=30, unit="minutes", measured=True)
    anatomy.handoffs = [Handoff(id="ho_ab", source="st_0", target="st_1")]
    report = report_of(anatomy)
    assert report.table("Stages", "A", "Flow numbers").as_dict()["Process time"] == \
        "5 (no unit, estimated)"
    b = report.table("Stages", "B", "Flow numbers").as_dict()
    assert b["Process time"] == "30 min (measured)"
    assert b["Wait before (from A)"] == "—"
    assert "Missing times count as 0" in report.text
