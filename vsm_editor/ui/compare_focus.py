"""Which canvas elements a difference is about, on each side of a comparison.

A stage or handoff is shown by itself. Elements that are not drawn are shown through the
stages they touch: a lane by its stages, an outcome by the stages serving it, a logic item
by its stages, a control point by the stages of the logic checked there, a component by the
stages of the logic it realizes. The stream itself has nothing to select.
"""

from __future__ import annotations

from vsm_editor.analysis.compare_result import Comparison, Difference
from vsm_editor.model.entities import AnatomyMap


def canvas_ids(anatomy: AnatomyMap | None, element: str, element_id: str | None) -> list[str]:
    """The stage and handoff ids of ``anatomy`` that show ``element_id`` (of kind
    ``element``); empty when it is not on this side or has no stage."""
    if anatomy is None or element_id is None:
        return []
    if element in ("stage", "handoff"):
        return [element_id]
    catalogue = anatomy.catalogue
    if element == "lane":
        return [s.id for s in anatomy.stages if s.lane == element_id]
    if element == "outcome":
        return [s.id for s in anatomy.stages if element_id in s.outcomes]
    if element == "logic":
        return _logic_stages(anatomy, {element_id})
    if element == "control_point":
        return _logic_stages(anatomy, {x.id for x in catalogue.logic
                                       if x.control_point == element_id})
    if element == "component":
        found = next((c for c in catalogue.components if c.id == element_id), None)
        return _logic_stages(anatomy, set(found.realizes) if found else set())
    return []


def _logic_stages(anatomy: AnatomyMap, logic_ids: set[str]) -> list[str]:
    wanted = {stage for x in anatomy.catalogue.logic if x.id in logic_ids for stage in x.stages}
    return [s.id for s in anatomy.stages if s.id in wanted]


def difference_ids(comparison: Comparison, difference: Difference) -> tuple[list[str], list[str]]:
    """The canvas ids to select for ``difference`` on A's canvas and on B's."""
    return (
        canvas_ids(comparison.a_map, difference.element, difference.a_id),
        canvas_ids(comparison.b_map, difference.element, difference.b_id),
    )


def matched_ids(comparison: Comparison, ids: list[str], from_a: bool) -> list[str]:
    """``ids`` (stages and handoffs of one side) as the ids of their matches on the other."""
    matching = comparison.matching
    found = []
    for element_id in ids:
        for pairing in (matching.stages, matching.handoffs):
            table = pairing.a_to_b if from_a else pairing.b_to_a
            if element_id in table:
                found.append(table[element_id])
                break
    return found


def kinds_by_element(comparison: Comparison, side_a: bool) -> dict[str, list[str]]:
    """The kinds of change of each stage and handoff on one side (added ones only on B's,
    removed ones only on A's), in the order the comparison lists them."""
    kinds: dict[str, list[str]] = {}
    for difference in comparison.differences:
        if difference.element not in ("stage", "handoff"):
            continue
        element_id = difference.a_id if side_a else difference.b_id
        if element_id is None:
            continue
        found = kinds.setdefault(element_id, [])
        if difference.kind not in found:
            found.append(difference.kind)
    return kinds
