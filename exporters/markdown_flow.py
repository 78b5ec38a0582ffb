"""The flow section: the stages in flow order, every handoff with its numbers, the critical
path, the rework loops and the timeline ladder along the critical path."""

from __future__ import annotations

from vsm_editor.exporters import markdown_numbers as num
from vsm_editor.exporters.markdown_context import ReportData
from vsm_editor.exporters.markdown_text import (
    EMPTY,
    bullets,
    cell,
    escape,
    heading,
    numbered,
    table,
)


def flow_section(data: ReportData) -> list[str]:
    """``## Flow`` with its tables (see the module docstring)."""
    lines = heading(2, "Flow")
    if not data.order:
        return lines + ["The stream has no stages yet.", ""]
    lines += ["Stages in flow order:", ""]
    lines += numbered(_stage_entry(data, stage_id) for stage_id in data.order)
    lines += _handoffs(data)
    lines += _critical_path(data)
    lines += _rework_loops(data)
    lines += _ladder(data)
    return lines


def _stage_entry(data: ReportData, stage_id: str) -> str:
    stage = data.stages[stage_id]
    marks = [word for word, on in (("start", stage.start), ("end", stage.end)) if on]
    if stage_id == data.flow.bottleneck:
        marks.append("bottleneck")
    return data.name(stage_id) + (f" ({', '.join(marks)})" if marks else "")


def sorted_handoffs(data: ReportData) -> list:
    """Handoffs by their source's place in the flow, then their target's, then map order."""
    ranked = list(enumerate(data.anatomy.handoffs))
    ranked.sort(
        key=lambda pair: (data.stage_rank(pair[1].source), data.stage_rank(pair[1].target), pair[0])
    )
    return [handoff for _, handoff in ranked]


def _handoffs(data: ReportData) -> list[str]:
    lines = heading(3, "Handoffs")
    if not data.anatomy.handoffs:
        return lines + ["No handoffs connect the stages.", ""]
    rows = [
        [
            data.name(h.source),
            data.name(h.target),
            num.kind_label(num.HANDOFF_KINDS, h.kind),
            cell(h.label),
            cell(h.artifact),
            num.duration(h.wait),
            num.percentage(h.share),
            num.rate(h.rework_rate),
            cell(h.notes),
        ]
        for h in sorted_handoffs(data)
    ]
    header = ["From", "To", "Kind", "Label", "Artifact", "Wait", "Share", "Rework rate", "Notes"]
    return lines + table(header, rows)


def _critical_path(data: ReportData) -> list[str]:
    path = data.flow.critical_path
    if not path:
        return []
    lines = heading(3, "Critical path")
    lines += [" → ".join(data.name(stage_id) for stage_id in path), ""]
    if data.flow.ladder_follows_critical_path:
        lines += ["The stream branches: the lead time and the ladder follow this path.", ""]
    return lines


def _rework_loops(data: ReportData) -> list[str]:
    loops = data.flow.rework_loops
    if not loops:
        return []
    items = []
    for loop in loops:
        text = f"{data.name(loop.source)} back to {data.name(loop.target)}"
        if loop.rate is not None:
            text += f", rate {num.percent(loop.rate * 100.0)}"
        if loop.stages:
            text += (
                f": the stretch is worked {num.number(loop.factor, 2)} times on average, "
                f"adding {data.hours(loop.extra_hours)} per item"
            )
        else:
            text += ": repeats nothing (the loop does not close or has no usable rate)"
        items.append(text)
    return heading(3, "Rework loops") + bullets(items)


def _ladder(data: ReportData) -> list[str]:
    ladder = data.flow.ladder
    if not ladder:
        return []
    rows = []
    for step in ladder:
        if step.kind == "wait" and step.handoff is None:
            continue
        entered = EMPTY
        if step.missing:
            entered = "missing"
        elif step.value is not None:
            entered = f"{num.short_number(step.value)} {escape(step.unit)}".strip()
            entered += f" ({num.mark(step.measured)})"
        rows.append([
            data.name(step.stage),
            "wait before" if step.kind == "wait" else "process",
            entered,
            data.hours(step.expected_hours),
        ])
    lines = heading(3, "Timeline ladder")
    lines += table(["Stage", "Rung", "As entered", "Expected (with rework)"], rows)
    lines += [
        f"Ladder totals: wait {data.hours(data.flow.ladder_wait_hours)}, "
        f"process {data.hours(data.flow.ladder_process_hours)}.",
        "",
    ]
    return lines
