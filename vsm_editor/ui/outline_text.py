"""The stream as plain text: outcomes, then every stage in flow order with its four layers.

Read by the Outline panel (for screen-reader users) and copied as is into an email. Pure
Python: no Qt, so tests and other callers can use it headless.

For each stage: its lane and owner, start/end marks, the outcomes it serves (P1), its
decisions (P2) and where the flow goes next, its logic with the control point where the
system acts (P3), the components realizing that logic (P4) and its number of findings.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from vsm_editor.model.entities import AnatomyMap, Stage
from vsm_editor.model.findings import Finding

CONTROL_POINT_WORDS = {
    "field": "field update",
    "form": "form validation",
    "before_commit": "before commit",
    "before_transition": "before transition",
    "background": "background process",
}
NONE = "none recorded"


def _words(kind: str) -> str:
    return kind.replace("_", " ")


def _join(items: Iterable[str]) -> str:
    listed = [item for item in items if item]
    return "; ".join(listed) if listed else NONE


def _count_words(findings: list[Finding]) -> str:
    if not findings:
        return "none"
    counts = Counter(f.severity for f in findings)
    parts = [f"{counts[s]} {s if counts[s] == 1 or s == 'info' else s + 's'}"
             for s in ("error", "warning", "info") if counts[s]]
    return f"{len(findings)} ({', '.join(parts)})"


def stage_order(anatomy: AnatomyMap) -> list[Stage]:
    """The stages in flow order (from the starts along flow handoffs, rework ignored)."""
    from vsm_editor.exporters.bpmn_flow import starts_and_ends
    from vsm_editor.exporters.markdown_order import flow_order

    starts, _ends = starts_and_ends(anatomy)
    by_id = {stage.id: stage for stage in anatomy.stages}
    return [by_id[stage_id] for stage_id in flow_order(anatomy, starts)]


def outline_text(anatomy: AnatomyMap, findings: list[Finding] | None = None) -> str:
    """The outline of ``anatomy``; ``findings`` (from the analysis) give the counts."""
    from vsm_editor.exporters.bpmn_flow import starts_and_ends

    stream = anatomy.stream
    lines = [f"Value stream: {stream.name or 'Untitled'}"]
    if stream.description.strip():
        lines.append(" ".join(stream.description.split()))
    lines.append("")
    outcome_names = {o.id: o.statement for o in anatomy.outcomes}
    lines.append(f"Outcomes (P1): {len(anatomy.outcomes) or 'none recorded'}")
    for number, outcome in enumerate(anatomy.outcomes, start=1):
        lines.append(f"  {number}. {outcome.statement}{_measure(outcome)}")
    lines.append("")

    stages = stage_order(anatomy)
    starts, ends = starts_and_ends(anatomy)
    lanes = {lane.id: lane.name for lane in anatomy.lanes}
    names = {stage.id: stage.name for stage in anatomy.stages}
    catalogue = anatomy.catalogue
    points = {cp.id: cp for cp in catalogue.control_points}
    per_stage: dict[str, list[Finding]] = {stage.id: [] for stage in anatomy.stages}
    for finding in findings or []:
        for element in dict.fromkeys(finding.elements or (finding.element,)):
            if element in per_stage:
                per_stage[element].append(finding)
    total = len(findings) if findings is not None else None
    heading = f"Stages in flow order: {len(stages)}"
    if total is not None:
        heading += f"; findings on the map: {_count_words(list(findings or []))}"
    lines.append(heading)
    for number, stage in enumerate(stages, start=1):
        marks = [word for word, on in (("start", stage.id in starts), ("end", stage.id in ends))
                 if on]
        where = [f"lane {lanes[stage.lane]}" if stage.lane in lanes else "no lane",
                 f"owner {stage.owner}" if stage.owner.strip() else "no owner"]
        lines.append("")
        lines.append(f"{number}. {stage.name}" + (f" [{', '.join(marks)}]" if marks else ""))
        lines.append(f"   {', '.join(where)}")
        lines.append("   Outcomes (P1): "
                     + _join(outcome_names.get(o, o) for o in stage.outcomes))
        lines.append("   Decisions (P2): " + _join(d.text for d in stage.decisions))
        nexts = [h for h in anatomy.handoffs if h.source == stage.id and h.target in names]
        lines.append("   Next: " + _join(
            names[h.target] + ("" if h.kind == "flow" else f" ({h.kind})") for h in nexts))
        logic = [item for item in catalogue.logic if stage.id in item.stages]
        lines.append("   Logic (P3): " + _join(
            f"{_words(item.kind)} “{item.statement}” at "
            + (_point(points[item.control_point]) if item.control_point in points
               else "no control point")
            for item in logic))
        logic_ids = {item.id for item in logic}
        components = [c for c in catalogue.components if logic_ids.intersection(c.realizes)]
        lines.append("   Components (P4): " + _join(
            f"{_words(c.kind)} “{c.name}”" for c in components))
        if total is not None:
            lines.append(f"   Findings: {_count_words(per_stage[stage.id])}")
    return "\n".join(lines) + "\n"


def _point(point) -> str:
    words = CONTROL_POINT_WORDS.get(point.kind, _words(point.kind))
    return f"{words} ({point.subject})" if point.subject.strip() else words


def _measure(outcome) -> str:
    parts = []
    if outcome.metric:
        parts.append(outcome.metric + (f" in {outcome.unit}" if outcome.unit else ""))
    if outcome.baseline is not None or outcome.target is not None:
        base = "?" if outcome.baseline is None else f"{outcome.baseline:g}"
        goal = "?" if outcome.target is None else f"{outcome.target:g}"
        parts.append(f"from {base} to {goal} ({outcome.direction})")
    return f" — {', '.join(parts)}" if parts else ""
