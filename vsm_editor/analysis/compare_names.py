"""Display names of a map's elements, as the comparison shows them."""

from __future__ import annotations

from vsm_editor.model.entities import AnatomyMap, ControlPoint, Handoff


def handoff_name(handoff: Handoff, stage_names: dict[str, str]) -> str:
    """The handoff's label, or ``Source → Target`` when it has none."""
    if handoff.label.strip():
        return handoff.label
    source = stage_names.get(handoff.source, handoff.source)
    target = stage_names.get(handoff.target, handoff.target)
    return f"{source} → {target}"


def point_name(point: ControlPoint) -> str:
    """A control point's subject, or its kind when it has none."""
    return point.subject if point.subject.strip() else point.kind.replace("_", " ")


def element_names(anatomy: AnatomyMap) -> dict[str, str]:
    """Every element's display name by id (the stream, lanes, outcomes, stages, decisions,
    improvements, handoffs, control points, logic items and components)."""
    names: dict[str, str] = {anatomy.stream.id: anatomy.stream.name}
    names.update((x.id, x.name) for x in anatomy.lanes)
    names.update((x.id, x.statement) for x in anatomy.outcomes)
    stage_names = {stage.id: stage.name for stage in anatomy.stages}
    names.update(stage_names)
    for stage in anatomy.stages:
        names.update((x.id, x.text) for x in stage.decisions)
        names.update((x.id, x.text) for x in stage.improvements)
    names.update((x.id, handoff_name(x, stage_names)) for x in anatomy.handoffs)
    catalogue = anatomy.catalogue
    names.update((x.id, point_name(x)) for x in catalogue.control_points)
    names.update((x.id, x.statement) for x in catalogue.logic)
    names.update((x.id, x.name) for x in catalogue.components)
    return names
