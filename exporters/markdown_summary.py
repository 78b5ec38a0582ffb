"""The report's opening: the title block, the summary of the stream's numbers and the
outcomes table (P1 at stream level)."""

from __future__ import annotations

from vsm_editor.exporters import markdown_numbers as num
from vsm_editor.exporters.markdown_context import ReportData
from vsm_editor.exporters.markdown_text import (
    EMPTY,
    bullets,
    cell,
    escape,
    heading,
    paragraphs,
    table,
)

from vsm_editor.analysis.coverage import LAYERS
from vsm_editor.model.units import UNIT_LABELS

ORIGINS = {
    "future_state": "future state of",
    "imported": "imported from",
    "template": "made from template",
    "copy": "copy of",
}


def title_block(data: ReportData) -> list[str]:
    """``# name``, the description, then author, revision and origin."""
    stream = data.anatomy.stream
    lines = heading(1, escape(stream.name) or "Untitled value stream")
    lines += paragraphs(stream.description)
    facts = []
    if stream.author.strip():
        facts.append(f"Author: {escape(stream.author)}")
    facts.append(f"Revision: {stream.revision}")
    origin = data.anatomy.origin
    if origin is not None:
        words = ORIGINS.get(origin.kind, origin.kind)
        text = f"Origin: {escape(words)}"
        if origin.source.strip():
            text += f" {escape(origin.source)}"
        if origin.created.strip():
            text += f", created {escape(origin.created)}"
        facts.append(text)
    day = stream.working_day_hours
    facts.append(f"Working day: {num.short_number(day)} h (1 {UNIT_LABELS['working_days']})")
    return lines + bullets(facts)


def summary(data: ReportData) -> list[str]:
    """The stream in numbers: size, coverage, flow metrics, hidden queue, delivery metrics."""
    anatomy, flow, coverage = data.anatomy, data.flow, data.report.coverage
    kinds = {"flow": 0, "information": 0, "rework": 0}
    for handoff in anatomy.handoffs:
        kinds[handoff.kind] = kinds.get(handoff.kind, 0) + 1
    handoff_words = ", ".join(f"{count} {kind}" for kind, count in kinds.items() if count)
    rows = [
        ["Stages", str(len(anatomy.stages))],
        ["Handoffs", f"{len(anatomy.handoffs)}" + (f" ({handoff_words})" if handoff_words else "")],
        ["Outcomes", str(len(anatomy.outcomes))],
    ]
    total = coverage.total
    for layer in LAYERS:
        rows.append([f"Coverage {layer}", f"{coverage.linked(layer)}/{total}"])
    rows.append(["Stages with all four layers", f"{coverage.complete}/{total}"])
    rows += [
        ["Lead time", data.hours(flow.lead_time_hours)],
        ["Process time (all work)", data.hours(flow.process_time_hours)],
        ["Process time on the critical path", data.hours(flow.critical_process_time_hours)],
        ["Wait time", data.hours(flow.wait_time_hours)],
        ["Flow efficiency", _efficiency(flow.flow_efficiency)],
        ["Rolled %C&A", num.percent(flow.rolled_pca)],
        ["Bottleneck", _bottleneck(data)],
        ["Rework loops", str(len(flow.rework_loops))],
    ]
    rows += _hidden_queue(data)
    rows += _delivery(data)
    lines = heading(2, "Summary")
    lines += [f"Findings: {escape(data.report.summary_line())}.", ""]
    lines += table(["Measure", "Value"], ([escape(a), b] for a, b in rows))
    lines += _flow_caveats(data)
    return lines


def _efficiency(value: float | None) -> str:
    return EMPTY if value is None else num.percent(value * 100.0)


def _bottleneck(data: ReportData) -> str:
    flow = data.flow
    if flow.bottleneck is None:
        return "none (no positive wait)"
    return f"{data.name(flow.bottleneck)} (expected wait {data.hours(flow.bottleneck_wait_hours)})"


def _hidden_queue(data: ReportData) -> list[list[str]]:
    """Measured against computed lead time, when the map has a measured lead time."""
    measured = data.anatomy.delivery_metrics.measured_lead_time
    if measured is None:
        return []
    queue = data.flow.hidden_queue
    if queue is None:
        return [["Hidden queue", "not computed (no usable lead time on the map)"]]
    verdict = (
        f"flagged: the map shows less than {num.percent(queue.threshold * 100.0, 0)} of it"
        if queue.flagged
        else "not flagged"
    )
    return [
        ["Measured lead time", f"{num.duration(measured)} = {data.hours(queue.measured_hours)}"],
        [
            "Hidden queue",
            f"the map accounts for {num.percent(queue.ratio * 100.0)} of the measured lead "
            f"time; {verdict}",
        ],
    ]


def _delivery(data: ReportData) -> list[list[str]]:
    metrics = data.anatomy.delivery_metrics
    rows = []
    if metrics.deployment_frequency is not None:
        rows.append(["Deployment frequency", num.frequency(metrics.deployment_frequency)])
    if metrics.lead_time_for_changes is not None:
        rows.append(["Lead time for changes", num.duration(metrics.lead_time_for_changes)])
    if metrics.change_failure_rate is not None:
        rows.append(["Change failure rate", num.percentage(metrics.change_failure_rate)])
    if metrics.time_to_restore is not None:
        rows.append(["Time to restore service", num.duration(metrics.time_to_restore)])
    return rows


def _flow_caveats(data: ReportData) -> list[str]:
    """What the reader must know to trust the numbers: estimates, missing times, notes."""
    flow = data.flow
    notes = []
    if flow.estimated:
        notes.append("Some numbers used are workshop estimates, not measurements.")
    if flow.missing:
        missing = ", ".join(data.name(element) for element in flow.missing)
        notes.append(f"Missing times count as 0, so the times are a lower bound: {missing}.")
    if flow.missing_pca:
        missing = ", ".join(data.name(element) for element in flow.missing_pca)
        notes.append(f"Missing %C&A counts as 100 %: {missing}.")
    notes += [escape(note[:1].upper() + note[1:]) + "." for note in flow.notes]
    return bullets(notes)


def outcomes(data: ReportData) -> list[str]:
    """The outcomes table: what the stream must improve, and which stages serve it."""
    lines = heading(2, "Outcomes")
    if not data.anatomy.outcomes:
        return lines + ["The stream records no outcomes.", ""]
    rows = []
    for outcome in data.anatomy.outcomes:
        served = [data.name(stage_id) for stage_id in data.served_by.get(outcome.id, [])]
        rows.append([
            cell(outcome.statement),
            cell(outcome.metric),
            cell(outcome.unit),
            num.short_number(outcome.baseline),
            num.short_number(outcome.target),
            num.DIRECTIONS.get(outcome.direction, escape(outcome.direction)),
            "; ".join(served) if served else "no stage",
        ])
    header = ["Outcome", "Metric", "Unit", "Baseline", "Target", "Direction", "Served by"]
    lines += table(header, rows)
    for outcome in data.anatomy.outcomes:
        if outcome.notes.strip():
            lines += [f"Note on {cell(outcome.statement)}: {escape(outcome.notes)}", ""]
    return lines
