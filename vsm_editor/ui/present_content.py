"""What presentation mode says about one stage: its P1–P4, up to the revealed layer.

Plain data (no Qt), read from the map and the analysis' coverage (the one definition of a
layer being linked), so the panel and the tests read the same thing.
"""

from __future__ import annotations

from dataclasses import dataclass

from vsm_editor.analysis.coverage import StageCoverage
from vsm_editor.model import AnatomyMap

LAYER_TITLES = {
    "P1": "Strategy · outcomes served",
    "P2": "Process · decisions",
    "P3": "System logic · control points",
    "P4": "Components",
}
MAX_LINES = 5  # per layer; the rest is counted
_POINT_KINDS = {
    "field": "field update", "form": "form validation", "before_commit": "before commit",
    "before_transition": "before transition", "background": "background process",
}


@dataclass(frozen=True)
class LayerSection:
    """One layer of the current stage: linked or not, why not, and its items as lines."""

    layer: str
    title: str
    linked: bool
    gap: str  # why the layer is not linked ('' when it is)
    lines: tuple[str, ...]


@dataclass(frozen=True)
class StageSlide:
    """Everything shown beside the current stage."""

    stage_id: str
    name: str
    context: str  # lane · owner
    sections: tuple[LayerSection, ...]


def _trim(lines: list[str]) -> tuple[str, ...]:
    if len(lines) <= MAX_LINES:
        return tuple(lines)
    return (*lines[: MAX_LINES - 1], f"+ {len(lines) - MAX_LINES + 1} more")


def _number(value: float | None) -> str:
    return "?" if value is None else f"{value:g}"


def stage_slide(anatomy: AnatomyMap, stage_id: str, entry: StageCoverage | None,
                reveal: int = 4) -> StageSlide:
    """The slide for ``stage_id`` showing layers P1…P``reveal``."""
    stage = next(s for s in anatomy.stages if s.id == stage_id)
    lane = next((lane.name for lane in anatomy.lanes if lane.id == stage.lane), "")
    context = " · ".join(part for part in (lane, stage.owner) if part)
    builders = (_p1, _p2, _p3, _p4)
    sections = tuple(builders[i](anatomy, stage, entry) for i in range(max(0, min(4, reveal))))
    return StageSlide(stage_id, stage.name or "(unnamed stage)", context, sections)


def _p1(anatomy: AnatomyMap, stage, entry: StageCoverage | None) -> LayerSection:
    outcomes = {o.id: o for o in anatomy.outcomes}
    lines = []
    for outcome_id in stage.outcomes:
        outcome = outcomes.get(outcome_id)
        if outcome is None:
            continue
        if outcome.metric and outcome.target is not None:
            unit = f" {outcome.unit}" if outcome.unit else ""
            lines.append(f"{outcome.statement} — {outcome.metric}: "
                         f"{_number(outcome.baseline)} → {_number(outcome.target)}{unit}")
        else:
            lines.append(f"{outcome.statement} — no measurable target")
    linked = bool(entry and entry.p1)
    gap = "" if linked else (
        "serves outcomes without a measurable target" if lines else "serves no outcome")
    return LayerSection("P1", LAYER_TITLES["P1"], linked, gap, _trim(lines))


def _p2(anatomy: AnatomyMap, stage, entry: StageCoverage | None) -> LayerSection:
    names = {s.id: s.name for s in anatomy.stages}
    incoming = [names[h.source] for h in anatomy.handoffs
                if h.target == stage.id and h.kind == "flow" and h.source in names]
    outgoing = [names[h.target] for h in anatomy.handoffs
                if h.source == stage.id and h.kind == "flow" and h.target in names]
    lines = [f"{i}. {d.text}" for i, d in enumerate(stage.decisions, start=1)]
    lines = list(_trim(lines))
    if incoming:
        lines.append("from: " + ", ".join(incoming))
    if outgoing:
        lines.append("to: " + ", ".join(outgoing))
    linked = bool(entry and entry.p2)
    if linked:
        gap = ""
    elif entry is not None and not entry.on_flow_path:
        gap = "not on a path from a start to an end"
    else:
        gap = "no decisions recorded"
    return LayerSection("P2", LAYER_TITLES["P2"], linked, gap, tuple(lines))


def _p3(anatomy: AnatomyMap, stage, entry: StageCoverage | None) -> LayerSection:
    points = {p.id: p for p in anatomy.catalogue.control_points}
    logic = [item for item in anatomy.catalogue.logic if stage.id in item.stages]
    lines = []
    for item in logic:
        point = points.get(item.control_point or "")
        where = (f"at {_POINT_KINDS.get(point.kind, point.kind)}"
                 + (f": {point.subject}" if point.subject else "")) if point else "no control point"
        lines.append(f"{item.kind.replace('_', ' ')}: {item.statement} — {where}")
    linked = bool(entry and entry.p3)
    gap = "" if linked else ("logic without a control point" if logic else "no logic recorded")
    return LayerSection("P3", LAYER_TITLES["P3"], linked, gap, _trim(lines))


def _p4(anatomy: AnatomyMap, stage, entry: StageCoverage | None) -> LayerSection:
    logic_ids = {item.id for item in anatomy.catalogue.logic if stage.id in item.stages}
    components = [c for c in anatomy.catalogue.components if logic_ids & set(c.realizes)]
    lines = [f"{c.kind.replace('_', ' ')}: {c.name}" for c in components]
    linked = bool(entry and entry.p4)
    if linked:
        gap = ""
    elif not logic_ids:
        gap = "no logic for components to realize"
    else:
        gap = "logic no component realizes"
    return LayerSection("P4", LAYER_TITLES["P4"], linked, gap, _trim(lines))
