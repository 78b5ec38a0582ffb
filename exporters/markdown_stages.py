"""One section per stage, in flow order: its facts, P1–P4, its control points grouped by
where the system acts, its flow numbers, improvement ideas, notes and coverage."""

from __future__ import annotations

from vsm_editor.exporters import markdown_numbers as num
from vsm_editor.exporters.markdown_context import ReportData
from vsm_editor.exporters.markdown_text import (
    EMPTY,
    bullets,
    cell,
    escape,
    heading,
    ident,
    numbered,
    paragraphs,
    table,
)

from vsm_editor.analysis.coverage import LAYERS, StageCoverage
from vsm_editor.model.entities import Handoff, Stage

NONE = "None recorded."
LAYER_NAMES = {"P1": "strategy", "P2": "process", "P3": "system logic", "P4": "components"}


def coverage_flags(entry: StageCoverage | None) -> str:
    """``P1 ✓ linked · P2 ✗ missing …``: the glyph plus a word, never the glyph alone."""
    if entry is None:
        return EMPTY
    return " · ".join(
        f"{layer} {'✓ linked' if ok else '✗ missing'}"
        for layer, ok in zip(LAYERS, entry.linked, strict=True)
    )


def stage_sections(data: ReportData) -> list[str]:
    """``## Stages`` then a ``###`` section for every stage, in flow order."""
    lines = heading(2, "Stages")
    if not data.order:
        return lines + ["The stream has no stages yet.", ""]
    for stage_id in data.order:
        lines += stage_section(data, data.stages[stage_id])
    return lines


def stage_section(data: ReportData, stage: Stage) -> list[str]:
    """The section of one stage."""
    entry = data.report.coverage.stages.get(stage.id)
    lines = heading(3, data.name(stage.id))
    lines += bullets(_facts(data, stage, entry))
    lines += paragraphs(stage.description)
    lines += _outcomes(data, stage)
    lines += heading(4, "P2 Decisions") + (
        numbered(cell(d.text) for d in stage.decisions) or [NONE, ""]
    )
    logic_ids = data.logic_at.get(stage.id, [])
    lines += _logic(data, logic_ids)
    lines += _control_points(data, logic_ids)
    lines += _components(data, logic_ids)
    lines += _flow_numbers(data, stage)
    lines += _improvements(stage)
    if stage.notes.strip():
        lines += heading(4, "Notes") + paragraphs(stage.notes)
    return lines


def _facts(data: ReportData, stage: Stage, entry: StageCoverage | None) -> list[str]:
    lane = data.name(stage.lane) if stage.lane else "none"
    facts = [f"Lane: {lane}", f"Owner: {cell(stage.owner) if stage.owner.strip() else 'none'}"]
    marks = [word for word, on in (("start", stage.start), ("end", stage.end)) if on]
    if marks:
        facts.append(f"Marked as: {', '.join(marks)}")
    facts.append(f"Comes from: {_neighbours(data, data.incoming.get(stage.id, []), 'source')}")
    facts.append(f"Goes to: {_neighbours(data, data.outgoing.get(stage.id, []), 'target')}")
    if len([h for h in data.outgoing.get(stage.id, []) if h.kind == "flow"]) > 1:
        facts.append(f"Split: {stage.split}")
    facts.append(f"Coverage: {coverage_flags(entry)}")
    findings = data.findings_of.get(stage.id, [])
    if findings:
        rules = ", ".join(ident(rule) for rule in dict.fromkeys(f.rule for f in findings))
        facts.append(f"Open findings: {len(findings)} ({rules}; see Open findings)")
    return facts


def _neighbours(data: ReportData, handoffs: list[Handoff], end: str) -> str:
    if not handoffs:
        return "nothing"
    ordered = sorted(handoffs, key=lambda h: data.stage_rank(getattr(h, end)))
    return "; ".join(f"{data.name(getattr(h, end))} ({h.kind})" for h in ordered)


def _outcomes(data: ReportData, stage: Stage) -> list[str]:
    lines = heading(4, "P1 Outcomes served")
    items = []
    for outcome_id in dict.fromkeys(stage.outcomes):
        outcome = data.outcomes.get(outcome_id)
        if outcome is None:
            items.append(f"{data.name(outcome_id)} (unknown outcome)")
            continue
        text = cell(outcome.statement)
        if outcome.metric.strip() and outcome.target is not None:
            unit = f" {escape(outcome.unit)}" if outcome.unit.strip() else ""
            text += (
                f" (metric: {escape(outcome.metric)}; target {num.short_number(outcome.target)}"
                f"{unit}, {outcome.direction})"
            )
        else:
            text += " (not measurable: no metric or no target)"
        items.append(text)
    return lines + (bullets(items) or [NONE, ""])


def _logic(data: ReportData, logic_ids: list[str]) -> list[str]:
    lines = heading(4, "P3 Logic applied")
    if not logic_ids:
        return lines + [NONE, ""]
    rows = []
    for logic_id in logic_ids:
        item = data.logic[logic_id]
        point = data.control_points.get(item.control_point or "")
        where = "none"
        if point is not None:
            where = f"{num.kind_label(num.CONTROL_POINT_KINDS, point.kind)}: {cell(point.subject)}"
        elif item.control_point:
            where = data.name(item.control_point)
        rows.append([
            num.kind_label(num.LOGIC_KINDS, item.kind),
            cell(item.statement),
            where,
            cell(item.owner),
            data.name(item.decision) if item.decision else EMPTY,
        ])
    header = ["Kind", "Statement", "Control point", "Owner", "Implements decision"]
    return lines + table(header, rows)


def _control_points(data: ReportData, logic_ids: list[str]) -> list[str]:
    """The stage's control points, in the order the system meets them, with their checks."""
    lines = heading(4, "Control points")
    groups: dict[str, list[str]] = {}
    for logic_id in logic_ids:
        groups.setdefault(data.logic[logic_id].control_point or "", []).append(logic_id)
    if not groups:
        return lines + [NONE, ""]

    def order(point_id: str) -> tuple[int, int]:
        point = data.control_points.get(point_id)
        if point is None:
            return (len(num.CONTROL_POINT_ORDER) + 1, 0)
        return (num.CONTROL_POINT_ORDER.get(point.kind, 99), data.catalogue_rank(point_id))

    rows = []
    for point_id in sorted(groups, key=order):
        checks = "; ".join(_check_words(data, logic_id) for logic_id in groups[point_id])
        point = data.control_points.get(point_id)
        if point is None:
            kind = "No control point" if not point_id else f"Unknown {data.name(point_id)}"
            rows.append([kind, EMPTY, EMPTY, checks])
            continue
        rows.append([
            num.kind_label(num.CONTROL_POINT_KINDS, point.kind),
            cell(point.subject),
            data.name(point.component) if point.component else EMPTY,
            checks,
        ])
    return lines + table(["Control point", "Subject", "Component", "Checks"], rows)


def _check_words(data: ReportData, logic_id: str) -> str:
    item = data.logic[logic_id]
    return f"{num.kind_label(num.LOGIC_KINDS, item.kind)}: {cell(item.statement)}"


def _components(data: ReportData, logic_ids: list[str]) -> list[str]:
    lines = heading(4, "P4 Components")
    realizing: dict[str, list[str]] = {}
    for logic_id in logic_ids:
        for component_id in data.realized_by.get(logic_id, []):
            realizing.setdefault(component_id, []).append(logic_id)
    if not realizing:
        return lines + [NONE, ""]
    rows = []
    for component_id in sorted(realizing, key=data.catalogue_rank):
        component = data.components[component_id]
        rows.append([
            num.kind_label(num.COMPONENT_KINDS, component.kind),
            cell(component.name),
            cell(component.spec),
            "; ".join(data.name(i) for i in realizing[component_id]),
        ])
    return lines + table(["Kind", "Name", "Spec", "Realizes"], rows)


def _flow_numbers(data: ReportData, stage: Stage) -> list[str]:
    flow = data.flow
    rows = [
        ["Process time", num.duration(stage.process_time)],
        ["%C&A", num.percentage(stage.pca)],
    ]
    for handoff in data.incoming.get(stage.id, []):
        if handoff.kind == "flow":
            label = f"Wait before (from {data.name(handoff.source)})"
            rows.append([label, num.duration(handoff.wait)])
    visits = flow.visits.get(stage.id)
    if visits is not None:
        rows.append(["Expected passes per item", num.number(visits, 2)])
    rows.append(["On the critical path", "yes" if stage.id in data.critical else "no"])
    if stage.id == flow.bottleneck:
        rows.append(["Bottleneck", f"yes (expected wait {data.hours(flow.bottleneck_wait_hours)})"])
    if stage.id in data.missing:
        rows.append(["Missing", "process time (counted as 0)"])
    return heading(4, "Flow numbers") + table(["Measure", "Value"], rows)


def _improvements(stage: Stage) -> list[str]:
    if not stage.improvements:
        return []
    items = []
    for improvement in stage.improvements:
        kind = "Pain point" if improvement.kind == "pain_point" else "Idea"
        text = f"{kind}: {cell(improvement.text)}"
        if improvement.notes.strip():
            text += f" ({escape(improvement.notes)})"
        items.append(text)
    return heading(4, "Improvement ideas and pain points") + bullets(items)
