"""The stream summary's rows as text: the flow numbers of ``compute_flow`` and the delivery
metrics beside them, in the map's wording (``~`` on estimates, ``–`` when missing).

Plain data, no widgets: the summary dock shows these rows, the status bar a short line of
them, and tests read them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from vsm_editor.model.entities import AnatomyMap, Frequency
from vsm_editor.style.flow_labels import (
    MISSING,
    duration_label,
    hours_label,
    mark,
    number,
    pca_total_label,
    percent_label,
    share_label,
)

if TYPE_CHECKING:
    from vsm_editor.analysis.flow import FlowMetrics

FLOW_SECTION = "Flow"
DELIVERY_SECTION = "Delivery"


@dataclass(frozen=True, slots=True)
class SummaryRow:
    """One line of the summary: ``key`` names it for code and tests, ``element`` is the
    stage or handoff it is about (clicking it selects that on the canvas)."""

    section: str
    key: str
    label: str
    value: str
    tip: str = ""
    element: str | None = None
    warning: bool = False


def frequency_label(frequency: Frequency | None) -> str:
    """``~5 per week``; ``–`` when not given."""
    if frequency is None:
        return MISSING
    return mark(f"{number(frequency.count, 2)} per {frequency.period}", not frequency.measured)


def rework_text(rate: float | None, factor: float, extra_hours: float, day: float) -> str:
    """``rework 20 % · ×1.25 · +1 h``: the loop's rate, repeat factor and added time."""
    if rate is None:
        return "rework: no usable rate"
    text = f"rework {number(100 * rate)} %"
    if factor > 1.0:
        text += f" · ×{number(factor, 2)} · +{hours_label(extra_hours, day)}"
    return text


def _names(anatomy: AnatomyMap) -> dict[str, str]:
    return {stage.id: stage.name for stage in anatomy.stages}


def flow_rows(anatomy: AnatomyMap, metrics: FlowMetrics) -> list[SummaryRow]:
    """Lead time, process times, wait, flow efficiency, rolled %C&A, the bottleneck, the
    critical path, the rework loops and what is missing."""
    day = anatomy.stream.working_day_hours
    est = metrics.estimated
    names = _names(anatomy)
    rows = [
        SummaryRow(FLOW_SECTION, "lead_time", "Lead time",
                   hours_label(metrics.lead_time_hours, day, est),
                   "Expected time from start to end along the flow (waits + process times "
                   "on the critical path)"),
        SummaryRow(FLOW_SECTION, "process_time", "Total process time",
                   hours_label(metrics.process_time_hours, day, est),
                   "All work done per item, every parallel branch and rework repeat included"),
    ]
    critical = metrics.critical_process_time_hours
    if critical is not None and metrics.process_time_hours is not None \
            and abs(critical - metrics.process_time_hours) > 1e-6:
        rows.append(SummaryRow(FLOW_SECTION, "critical_process_time",
                               "Process time on the critical path",
                               hours_label(critical, day, est)))
    rows += [
        SummaryRow(FLOW_SECTION, "wait_time", "Wait time",
                   hours_label(metrics.wait_time_hours, day, est)),
        SummaryRow(FLOW_SECTION, "flow_efficiency", "Flow efficiency",
                   share_label(metrics.flow_efficiency, est),
                   "Process time on the critical path ÷ lead time"),
        SummaryRow(FLOW_SECTION, "rolled_pca", "Rolled %C&A",
                   pca_total_label(metrics.rolled_pca, est),
                   "Share of items that go through the whole stream without rework"),
    ]
    if metrics.bottleneck is not None:
        wait = hours_label(metrics.bottleneck_wait_hours, day, est)
        value = f"{names.get(metrics.bottleneck, metrics.bottleneck)} (waits {wait})"
        tip = "The stage with the longest expected queue before it, per item"
    else:
        value, tip = MISSING, "No flow handoff has a wait"
    rows.append(SummaryRow(FLOW_SECTION, "bottleneck", "Bottleneck", value, tip,
                           metrics.bottleneck))
    steps = [names.get(s, s) for s in metrics.critical_path]
    full = " → ".join(steps) or MISSING
    path = full if len(steps) <= 4 else (
        f"{steps[0]} → {steps[1]} → … → {steps[-1]} ({len(steps)} stages)")
    tip = ("The stream branches: this is the path that makes the lead time"
           if metrics.ladder_follows_critical_path else "The stream's one path") + f": {full}"
    rows.append(SummaryRow(FLOW_SECTION, "critical_path", "Critical path", path, tip,
                           metrics.critical_path[0] if metrics.critical_path else None))
    for loop in metrics.rework_loops:
        text = rework_text(loop.rate, loop.factor, loop.extra_hours, day)
        back = f"{names.get(loop.source, loop.source)} → {names.get(loop.target, loop.target)}"
        rows.append(SummaryRow(FLOW_SECTION, f"rework:{loop.handoff}", "Rework loop",
                               f"{back}: {text.removeprefix('rework ')}",
                               f"Repeats {len(loop.stages)} stage(s) 1/(1 − rate) times on "
                               "average", loop.handoff))
    if metrics.missing:
        count = len(metrics.missing)
        rows.append(SummaryRow(FLOW_SECTION, "missing", "Missing times",
                               f"{count} missing: the numbers are a lower bound",
                               ", ".join(metrics.missing[:20]), metrics.missing[0],
                               warning=True))
    return rows


def delivery_rows(anatomy: AnatomyMap, metrics: FlowMetrics) -> list[SummaryRow]:
    """The delivery metrics, the measured lead time beside the computed one and the
    hidden-queue flag."""
    delivery = anatomy.delivery_metrics
    day = anatomy.stream.working_day_hours
    rows = [
        SummaryRow(DELIVERY_SECTION, "deployment_frequency", "Deployment frequency",
                   frequency_label(delivery.deployment_frequency)),
        SummaryRow(DELIVERY_SECTION, "lead_time_for_changes", "Lead time for changes",
                   duration_label(delivery.lead_time_for_changes)),
        SummaryRow(DELIVERY_SECTION, "change_failure_rate", "Change failure rate",
                   percent_label(delivery.change_failure_rate)),
        SummaryRow(DELIVERY_SECTION, "time_to_restore", "Time to restore",
                   duration_label(delivery.time_to_restore)),
        SummaryRow(DELIVERY_SECTION, "measured_lead_time", "Measured end-to-end lead time",
                   duration_label(delivery.measured_lead_time)),
        SummaryRow(DELIVERY_SECTION, "computed_lead_time", "Computed lead time (map)",
                   hours_label(metrics.lead_time_hours, day, metrics.estimated)),
    ]
    hidden = metrics.hidden_queue
    if hidden is None:
        rows.append(SummaryRow(DELIVERY_SECTION, "hidden_queue", "Hidden queue", MISSING,
                               "Needs a measured end-to-end lead time and a computed one"))
        return rows
    share = f"{number(100 * hidden.ratio)} %"
    threshold = f"{number(100 * hidden.threshold)} %"
    if hidden.flagged:
        value = f"Yes: the map shows {share} of it"
    else:
        value = f"No: the map shows {share} of it"
    rows.append(SummaryRow(DELIVERY_SECTION, "hidden_queue", "Hidden queue", value,
                           f"Flagged when the computed lead time is below {threshold} of the "
                           "measured one: most of the real lead time is then spent in queues "
                           "the map does not show", warning=hidden.flagged))
    return rows


def summary_rows(anatomy: AnatomyMap, metrics: FlowMetrics) -> list[SummaryRow]:
    """Every row of the summary, flow first."""
    return flow_rows(anatomy, metrics) + delivery_rows(anatomy, metrics)


def status_line(anatomy: AnatomyMap, metrics: FlowMetrics) -> str:
    """``LT ~2.2 wd (17.6 h) · FE ~63.4 % · ⚠ hidden queue``: the status bar's summary."""
    day = anatomy.stream.working_day_hours
    est = metrics.estimated
    parts = [f"LT {hours_label(metrics.lead_time_hours, day, est)}",
             f"FE {share_label(metrics.flow_efficiency, est)}"]
    if metrics.hidden_queue is not None and metrics.hidden_queue.flagged:
        parts.append("⚠ hidden queue")
    return " · ".join(parts)

