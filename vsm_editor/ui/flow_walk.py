"""Walking along the flow with the keyboard: next, previous and sibling stages (no Qt).

Among several candidates the one drawn highest (then leftmost) comes first, so walking
follows what the eye sees.
"""

from __future__ import annotations

from vsm_editor.model.entities import AnatomyMap
from vsm_editor.ui.capture_place import incoming_flows, outgoing_flows, stage_rects


def _ordered(anatomy: AnatomyMap, stage_ids: list[str]) -> list[str]:
    rects = stage_rects(anatomy)
    unique = list(dict.fromkeys(s for s in stage_ids if s in rects))
    return sorted(unique, key=lambda s: (rects[s].y, rects[s].x))


def successors(anatomy: AnatomyMap, stage_id: str) -> list[str]:
    """The targets of the stage's flow handoffs, top to bottom."""
    return _ordered(anatomy, [h.target for h in outgoing_flows(anatomy, stage_id)])


def predecessors(anatomy: AnatomyMap, stage_id: str) -> list[str]:
    """The sources of the flow handoffs into the stage, top to bottom."""
    return _ordered(anatomy, [h.source for h in incoming_flows(anatomy, stage_id)])


def starts(anatomy: AnatomyMap) -> list[str]:
    """Stages with no incoming flow handoff, left to right."""
    rects = stage_rects(anatomy)
    found = [s.id for s in anatomy.stages if not incoming_flows(anatomy, s.id)]
    return sorted(found, key=lambda s: (rects[s].x, rects[s].y))


def siblings(anatomy: AnatomyMap, stage_id: str, via: str | None = None) -> list[str]:
    """The alternatives of ``stage_id``: the other successors of its predecessor ``via``
    (its first predecessor when not given), or the other start stages; the stage itself
    included, top to bottom."""
    before = predecessors(anatomy, stage_id)
    if via not in before:
        via = before[0] if before else None
    if via is None:
        return _ordered(anatomy, starts(anatomy))
    return successors(anatomy, via)


def next_sibling(anatomy: AnatomyMap, stage_id: str, step: int, via: str | None = None) -> str:
    """The sibling ``step`` places down (negative: up), wrapping around; the stage itself
    when it has no siblings."""
    group = siblings(anatomy, stage_id, via)
    if stage_id not in group:
        return stage_id
    return group[(group.index(stage_id) + step) % len(group)]
