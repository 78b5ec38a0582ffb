"""The differences of each element kind between two matched maps.

Each ``*_differences`` function walks A's elements in order (a matched pair gives its
changes, an unmatched one is *removed*), then B's unmatched elements (*added*). The field
rules are in :mod:`vsm_editor.analysis.compare_fields`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from vsm_editor.analysis.compare_fields import MOVE_TOLERANCE, PairChanges, sub_items
from vsm_editor.analysis.compare_match import stable_in_order
from vsm_editor.analysis.compare_names import handoff_name, point_name
from vsm_editor.analysis.compare_result import Difference, ElementKind, Matching, Pairing
from vsm_editor.model.entities import (
    AnatomyMap,
    Component,
    ControlPoint,
    Handoff,
    Lane,
    LogicItem,
    Outcome,
    Stage,
)

DELIVERY_FIELDS = (
    "deployment_frequency",
    "lead_time_for_changes",
    "change_failure_rate",
    "time_to_restore",
    "measured_lead_time",
)


class StageLinks:
    """Per stage of one map: the logic items applied there, their control points and the
    components realizing them (ids in order of first appearance), as the coverage defines
    them."""

    def __init__(self, anatomy: AnatomyMap) -> None:
        logic_at: dict[str, list[str]] = {}
        point_of: dict[str, str | None] = {}
        for item in anatomy.catalogue.logic:
            point_of[item.id] = item.control_point
            for stage_id in item.stages:
                logic_at.setdefault(stage_id, []).append(item.id)
        realized_by: dict[str, list[str]] = {}
        for component in anatomy.catalogue.components:
            for logic_id in component.realizes:
                realized_by.setdefault(logic_id, []).append(component.id)
        self.logic = logic_at
        self.points: dict[str, list[str]] = {}
        self.components: dict[str, list[str]] = {}
        no_components: list[str] = []
        for stage_id, items in logic_at.items():
            points: dict[str, None] = {}
            components: dict[str, None] = {}
            for logic_id in items:
                point = point_of[logic_id]
                if point is not None:
                    points[point] = None
                for component_id in realized_by.get(logic_id, no_components):
                    components[component_id] = None
            self.points[stage_id] = list(points)
            self.components[stage_id] = list(components)


def element_differences(
    element: ElementKind,
    a_items: Sequence[Any],
    b_items: Sequence[Any],
    pairing: Pairing,
    names: tuple[Callable[[Any], str], Callable[[Any], str]],
    compare: Callable[[Any, Any, PairChanges], str],
    *,
    derived: bool = False,
) -> list[Difference]:
    """Removed, changed and added elements of one kind. ``compare(a, b, changes)`` fills
    ``changes`` for a matched pair and returns the moved detail. Equal elements with equal
    ids are skipped (every id they refer to then exists in both maps, so it is matched by
    id) unless ``derived`` says the kind has changes not stored on the element itself (a
    stage's logic links, a lane's place in the order)."""
    found: list[Difference] = []
    b_by_id = {item.id: item for item in b_items}
    a_to_b, how = pairing.a_to_b, pairing.how
    name_a, name_b = names
    for item in a_items:
        b_id = a_to_b.get(item.id)
        if b_id is None:
            found.append(Difference(kind="removed", element=element, a_id=item.id, b_id=None,
                                    a_name=name_a(item)))
            continue
        other = b_by_id[b_id]
        if not derived and item == other:
            continue
        changes = PairChanges()
        detail = compare(item, other, changes)
        if changes.any():
            found.extend(changes.differences(
                element, item.id, b_id, (name_a(item), name_b(other)), how[item.id], detail
            ))
    b_to_a = pairing.b_to_a
    for item in b_items:
        if item.id not in b_to_a:
            found.append(Difference(kind="added", element=element, a_id=None, b_id=item.id,
                                    b_name=name_b(item)))
    return found


def map_differences(a: AnatomyMap, b: AnatomyMap, m: Matching) -> list[Difference]:
    """Every difference between ``a`` and ``b``, ordered by element kind."""
    found = stream_differences(a, b)
    found += lane_differences(a, b, m)
    found += stage_differences(a, b, m)
    found += handoff_differences(a, b, m)
    found += element_differences(
        "outcome", a.outcomes, b.outcomes, m.outcomes, (_statement, _statement), _outcome
    )
    cat_a, cat_b = a.catalogue, b.catalogue
    found += element_differences(
        "control_point", cat_a.control_points, cat_b.control_points, m.control_points,
        (point_name, point_name), lambda x, y, c: _control_point(x, y, c, m),
    )
    found += element_differences(
        "logic", cat_a.logic, cat_b.logic, m.logic, (_statement, _statement),
        lambda x, y, c: _logic(x, y, c, m),
    )
    found += element_differences(
        "component", cat_a.components, cat_b.components, m.components, (_name, _name),
        lambda x, y, c: _component(x, y, c, m),
    )
    return found


# ------------------------------------------------------------------ stream and lanes
def stream_differences(a: AnatomyMap, b: AnatomyMap) -> list[Difference]:
    """The stream's own changes: name, description, author, working day, delivery metrics.
    (The stream id, revision, origin, analysis settings and display toggles are not
    compared: they say where a file came from, not what the stream is.)"""
    sa, sb = a.stream, b.stream
    changes = PairChanges()
    changes.rename("name", sa.name, sb.name)
    changes.annotate("working_day_hours", sa.working_day_hours, sb.working_day_hours, "flow")
    da, db = a.delivery_metrics, b.delivery_metrics
    for name in DELIVERY_FIELDS:
        changes.annotate(f"delivery_metrics.{name}", getattr(da, name), getattr(db, name), "flow")
    changes.edit("description", sa.description, sb.description)
    changes.edit("author", sa.author, sb.author)
    return changes.differences("stream", sa.id, sb.id, (sa.name, sb.name), "stream")


def lane_differences(a: AnatomyMap, b: AnatomyMap, m: Matching) -> list[Difference]:
    """Lanes: renamed, moved in the lane order, re-coloured or resized.

    A lane *moved* when it is not in every longest run of matched lanes that keeps its order
    from A to B, and its place among the matched lanes changed: moving one lane from the top
    to the bottom moves that lane only; reversing five lanes moves all but the middle one.
    Lanes added or removed around it do not move a lane."""
    pairing = m.lanes
    a_rank = {lane.id: i + 1 for i, lane in enumerate(a.lanes)}
    b_rank = {lane.id: i + 1 for i, lane in enumerate(b.lanes)}
    matched = [lane.id for lane in a.lanes if lane.id in pairing.a_to_b]
    stable = stable_in_order(matched, {x: b_rank[pairing.a_to_b[x]] for x in matched})
    place_a = {x: i for i, x in enumerate(matched)}
    place_b = {x: i for i, x in enumerate(
        [lane.id for lane in b.lanes if lane.id in pairing.b_to_a]
    )}

    def compare(la: Lane, lb: Lane, changes: PairChanges) -> str:
        changes.rename("name", la.name, lb.name)
        moved = la.id not in stable and place_a[la.id] != place_b[lb.id]
        changes.move("order", a_rank[la.id], b_rank[lb.id], changed=moved)
        changes.edit("colour", la.colour, lb.colour)
        changes.edit_size("height", la.height, lb.height)
        return "order"

    return element_differences(
        "lane", a.lanes, b.lanes, pairing, (_name, _name), compare, derived=True
    )


# ------------------------------------------------------------------ stages
def stage_differences(a: AnatomyMap, b: AnatomyMap, m: Matching) -> list[Difference]:
    """Stages: renamed, moved (lane, position), re-annotated (P1–P4, flow numbers), edited."""
    links_a, links_b = StageLinks(a), StageLinks(b)
    empty: list[str] = []

    def compare(sa: Stage, sb: Stage, changes: PairChanges) -> str:
        same = sa == sb
        if not same:
            _stage_fields(sa, sb, changes, m)
        changes.links("logic", links_a.logic.get(sa.id, empty),
                      links_b.logic.get(sb.id, empty), m.logic, "P3")
        changes.links("control_points", links_a.points.get(sa.id, empty),
                      links_b.points.get(sb.id, empty), m.control_points, "P3")
        changes.links("components", links_a.components.get(sa.id, empty),
                      links_b.components.get(sb.id, empty), m.components, "P4")
        if changes.annotated and not same:
            order = {"P1": 0, "P2": 1, "P3": 2, "P4": 3, "flow": 4}
            changes.annotated.sort(key=lambda change: order[change.layer])
        fields = {change.field for change in changes.moved}
        lane, position = "lane" in fields, bool(fields & {"x", "y"})
        return "lane and position" if lane and position else "lane" if lane else "position"

    return element_differences(
        "stage", a.stages, b.stages, m.stages, (_name, _name), compare, derived=True
    )


def _stage_fields(sa: Stage, sb: Stage, changes: PairChanges, m: Matching) -> None:
    changes.rename("name", sa.name, sb.name)
    changes.move("lane", sa.lane, sb.lane, changed=m.lanes.to_b(sa.lane) != sb.lane)
    changes.move("x", sa.x, sb.x, changed=abs(sa.x - sb.x) > MOVE_TOLERANCE)
    changes.move("y", sa.y, sb.y, changed=abs(sa.y - sb.y) > MOVE_TOLERANCE)
    changes.links("outcomes", sa.outcomes, sb.outcomes, m.outcomes, "P1")
    sub_items(changes.annotated, "decisions", sa.decisions, sb.decisions, m.decisions, "P2",
              ("notes",), ordered=True)
    changes.annotate("start", sa.start, sb.start, "P2")
    changes.annotate("end", sa.end, sb.end, "P2")
    changes.annotate("split", sa.split, sb.split, "P2")
    changes.annotate("process_time", sa.process_time, sb.process_time, "flow")
    changes.annotate("pca", sa.pca, sb.pca, "flow")
    changes.edit("owner", sa.owner, sb.owner)
    changes.edit("description", sa.description, sb.description)
    changes.edit_size("width", sa.width, sb.width)
    changes.edit_size("height", sa.height, sb.height)
    sub_items(changes.edited, "improvements", sa.improvements, sb.improvements,
              m.improvements, "", ("kind", "notes"), ordered=False)
    changes.edit("notes", sa.notes, sb.notes)


# ------------------------------------------------------------------ handoffs
def handoff_differences(a: AnatomyMap, b: AnatomyMap, m: Matching) -> list[Difference]:
    """Handoffs: label (renamed), re-attached ends (moved), kind and flow numbers
    (re-annotated), artifact and notes (edited)."""
    stages = m.stages
    names_a = {stage.id: stage.name for stage in a.stages}
    names_b = {stage.id: stage.name for stage in b.stages}

    def compare(ha: Handoff, hb: Handoff, changes: PairChanges) -> str:
        changes.rename("label", ha.label, hb.label)
        source = stages.to_b(ha.source) != hb.source
        target = stages.to_b(ha.target) != hb.target
        changes.move("source", ha.source, hb.source, changed=source)
        changes.move("target", ha.target, hb.target, changed=target)
        changes.annotate("kind", ha.kind, hb.kind, "P2")
        changes.annotate("wait", ha.wait, hb.wait, "flow")
        changes.annotate("share", ha.share, hb.share, "flow")
        changes.annotate("rework_rate", ha.rework_rate, hb.rework_rate, "flow")
        changes.edit("artifact", ha.artifact, hb.artifact)
        changes.edit("notes", ha.notes, hb.notes)
        return "source and target" if source and target else "source" if source else "target"

    return element_differences(
        "handoff", a.handoffs, b.handoffs, m.handoffs,
        (lambda h: handoff_name(h, names_a), lambda h: handoff_name(h, names_b)), compare,
    )


# ------------------------------------------------------------------ outcomes and catalogue
def _outcome(oa: Outcome, ob: Outcome, changes: PairChanges) -> str:
    changes.rename("statement", oa.statement, ob.statement)
    for name in ("metric", "unit", "baseline", "target", "direction"):
        changes.annotate(name, getattr(oa, name), getattr(ob, name), "P1")
    changes.edit("notes", oa.notes, ob.notes)
    return ""


def _control_point(pa: ControlPoint, pb: ControlPoint, changes: PairChanges, m: Matching) -> str:
    changes.rename("subject", pa.subject, pb.subject)
    changes.annotate("kind", pa.kind, pb.kind, "P3")
    changes.reference("component", pa.component, pb.component, m.components, "P3")
    changes.edit("notes", pa.notes, pb.notes)
    return ""


def _logic(la: LogicItem, lb: LogicItem, changes: PairChanges, m: Matching) -> str:
    changes.rename("statement", la.statement, lb.statement)
    changes.annotate("kind", la.kind, lb.kind, "P3")
    changes.links("stages", la.stages, lb.stages, m.stages, "P3")
    changes.reference("decision", la.decision, lb.decision, m.decisions, "P3")
    changes.reference("control_point", la.control_point, lb.control_point, m.control_points,
                      "P3")
    changes.annotate("owner", la.owner, lb.owner, "P3")
    changes.edit("notes", la.notes, lb.notes)
    return ""


def _component(ca: Component, cb: Component, changes: PairChanges, m: Matching) -> str:
    changes.rename("name", ca.name, cb.name)
    changes.annotate("kind", ca.kind, cb.kind, "P4")
    changes.annotate("spec", ca.spec, cb.spec, "P4")
    changes.links("realizes", ca.realizes, cb.realizes, m.logic, "P4")
    changes.edit("notes", ca.notes, cb.notes)
    return ""


def _name(element: Any) -> str:
    return element.name


def _statement(element: Any) -> str:
    return element.statement
