"""What Find searches: every text that belongs to a stage or a handoff (no Qt).

A stage is found by its name, owner, description and notes, its lane's name, its decisions
and improvement ideas, the outcomes it serves, the logic items applied at it and the
components realizing them (with their control points); a handoff by its label, artifact and
notes. Matching ignores case (``str.casefold``) and runs of white space.
"""

from __future__ import annotations

from collections import defaultdict

from vsm_editor.model.entities import AnatomyMap
from vsm_editor.model.geometry import lane_tops, stage_rect


def element_texts(anatomy: AnatomyMap) -> dict[str, list[str]]:
    """Element id → the texts Find looks at, for every stage and handoff."""
    lanes = {lane.id: lane.name for lane in anatomy.lanes}
    outcomes = {o.id: [o.statement, o.metric, o.notes] for o in anatomy.outcomes}
    points = {c.id: [c.subject, c.notes] for c in anatomy.catalogue.control_points}
    built_by: dict[str, list[str]] = defaultdict(list)
    for component in anatomy.catalogue.components:
        for logic_id in component.realizes:
            built_by[logic_id] += [component.name, component.spec, component.notes]
    texts: dict[str, list[str]] = {}
    decision_stage: dict[str, str] = {}
    for stage in anatomy.stages:
        found = [stage.name, stage.owner, stage.description, stage.notes,
                 lanes.get(stage.lane or "", "")]
        for decision in stage.decisions:
            decision_stage[decision.id] = stage.id
            found += [decision.text, decision.notes]
        for idea in stage.improvements:
            found += [idea.text, idea.notes]
        for outcome_id in stage.outcomes:
            found += outcomes.get(outcome_id, [])
        texts[stage.id] = found
    for item in anatomy.catalogue.logic:
        about = [item.statement, item.owner, item.notes, *built_by.get(item.id, [])]
        about += points.get(item.control_point or "", [])
        at = set(item.stages)
        if item.decision in decision_stage:
            at.add(decision_stage[item.decision])
        for stage_id in at:
            if stage_id in texts:
                texts[stage_id] += about
    for handoff in anatomy.handoffs:
        texts[handoff.id] = [handoff.label, handoff.artifact, handoff.notes]
    return {key: [t for t in found if t] for key, found in texts.items()}


def find_matches(anatomy: AnatomyMap, query: str) -> list[str]:
    """Ids of the stages and handoffs with ``query`` in any of their texts, in reading
    order (left to right, then top to bottom). An empty query finds nothing."""
    needle = " ".join(query.split()).casefold()
    if not needle:
        return []
    hits = [
        key for key, texts in element_texts(anatomy).items()
        if any(needle in " ".join(text.split()).casefold() for text in texts)
    ]
    tops = lane_tops(anatomy)
    centres = {s.id: stage_rect(s, tops).center for s in anatomy.stages}
    for handoff in anatomy.handoffs:
        a = centres.get(handoff.source, (0.0, 0.0))
        b = centres.get(handoff.target, (0.0, 0.0))
        centres[handoff.id] = ((a[0] + b[0]) / 2, (a[1] + b[1]) / 2)
    return sorted(hits, key=lambda key: (centres[key][0], centres[key][1], key))
