"""The closing sections: the open findings (by severity, then layer) with each rule's
explanation once, the suppressed findings with their reasons, and the coverage matrix."""

from __future__ import annotations

from vsm_editor.exporters.markdown_context import ReportData
from vsm_editor.exporters.markdown_stages import LAYER_NAMES
from vsm_editor.exporters.markdown_text import bullets, cell, escape, heading, ident, table

from vsm_editor.analysis import rule_info
from vsm_editor.analysis.coverage import LAYERS
from vsm_editor.analysis.rules.registry import LAYER_ORDER
from vsm_editor.model.findings import Finding

SEVERITIES = (("error", "Errors"), ("warning", "Warnings"), ("info", "Information"))
LAYER_TITLES = {
    "P1": "P1 Strategy",
    "P2": "P2 Process",
    "P3": "P3 System logic",
    "P4": "P4 Components",
    "flow": "Flow",
    "structure": "Structure",
}


def findings_section(data: ReportData) -> list[str]:
    """``## Open findings``: a table per severity and layer, then the rules explained."""
    report = data.report
    lines = heading(2, "Open findings")
    lines += [escape(report.summary_line()) + ".", ""]
    lines += _switched_off(data)
    if not report.findings:
        return lines + ["No open findings.", ""]
    for severity, title in SEVERITIES:
        of_severity = [f for f in report.findings if f.severity == severity]
        if not of_severity:
            continue
        lines += heading(3, f"{title} ({len(of_severity)})")
        layers = sorted({f.layer for f in of_severity}, key=lambda x: LAYER_ORDER.get(x, 99))
        for layer in layers:
            rows = [_row(data, f) for f in of_severity if f.layer == layer]
            lines += heading(4, escape(LAYER_TITLES.get(layer, layer)))
            lines += table(["Rule", "Element", "Message"], rows)
    lines += _explanations(report.findings)
    return lines


def _row(data: ReportData, finding: Finding) -> list[str]:
    return [ident(finding.rule), data.name(finding.element), cell(finding.message)]


def _switched_off(data: ReportData) -> list[str]:
    off = [rule for rule, setting in data.anatomy.analysis.rules.items() if not setting.enabled]
    if not off:
        return []
    return [f"Rules switched off for this map: {', '.join(ident(r) for r in sorted(off))}.", ""]


def _explanations(findings: list[Finding]) -> list[str]:
    """Each rule that has an open finding, explained once, in the order they first appear."""
    items = []
    for rule in dict.fromkeys(f.rule for f in findings):
        info = rule_info(rule)
        if info is None:
            items.append(f"{ident(rule)}: no explanation is registered for this rule.")
            continue
        items.append(
            f"{ident(rule)} **{escape(info.title)}** ({info.severity} by default, "
            f"{escape(LAYER_TITLES.get(info.layer, info.layer))}): {escape(info.explanation)}"
        )
    return heading(3, "What the rules mean") + bullets(items)


def suppressed_section(data: ReportData) -> list[str]:
    """``## Suppressed findings`` with the reasons the facilitator wrote (when any)."""
    report = data.report
    if not report.suppressed and not report.stale_suppressions:
        return []
    lines = heading(2, "Suppressed findings")
    if report.suppressed:
        rows = [
            [*_row(data, item.finding), cell(item.reason)] for item in report.suppressed
        ]
        lines += table(["Rule", "Element", "Message", "Reason"], rows)
    if report.stale_suppressions:
        lines += ["Suppressions whose finding no longer exists:", ""]
        lines += bullets(
            f"{escape(s.key)} (reason: {escape(s.reason)})" for s in report.stale_suppressions
        )
    return lines


def coverage_section(data: ReportData) -> list[str]:
    """``## Coverage``: the counts per layer, then the stage × P1–P4 matrix."""
    coverage = data.report.coverage
    lines = heading(2, "Coverage")
    counts = ", ".join(f"{layer} {coverage.linked(layer)}/{coverage.total}" for layer in LAYERS)
    lines += [f"Stages with each layer linked: {counts}; all four: "
              f"{coverage.complete}/{coverage.total}.", ""]
    if not coverage.total:
        return lines
    header = ["Stage", *(f"{layer} {LAYER_NAMES[layer]}" for layer in LAYERS), "All four"]
    rows = []
    for stage_id in data.order:
        entry = coverage.stages.get(stage_id)
        if entry is None:
            continue
        flags = ["✓ linked" if ok else "✗ missing" for ok in entry.linked]
        rows.append([data.name(stage_id), *flags, "yes" if entry.complete else "no"])
    return lines + table(header, rows)
