"""Where fast capture puts new stages and which stages step aside (plain geometry, no Qt).

Positions are absolute top-left corners in map coordinates, as ``Modeling.move_stages``
takes them. "Downstream" follows flow handoffs only; information and rework handoffs never
decide what moves.
"""

from __future__ import annotations

from collections import deque

from vsm_editor.commands.modeling import GAP
from vsm_editor.model.entities import AnatomyMap, Handoff
from vsm_editor.model.geometry import Rect, lane_tops, stage_rect

BRANCH_GAP = 30.0  # vertical space between a stage and a branch added below it
LANE_PADDING = 30.0  # room kept under a branch that makes its lane grow


def stage_rects(anatomy: AnatomyMap) -> dict[str, Rect]:
    """Every stage's box in absolute coordinates."""
    tops = lane_tops(anatomy)
    return {stage.id: stage_rect(stage, tops) for stage in anatomy.stages}


def outgoing_flows(anatomy: AnatomyMap, stage_id: str) -> list[Handoff]:
    """The flow handoffs leaving ``stage_id``, in the map's order."""
    return [h for h in anatomy.handoffs if h.kind == "flow" and h.source == stage_id]


def incoming_flows(anatomy: AnatomyMap, stage_id: str) -> list[Handoff]:
    """The flow handoffs entering ``stage_id``, in the map's order."""
    return [h for h in anatomy.handoffs if h.kind == "flow" and h.target == stage_id]


def downstream(anatomy: AnatomyMap, stage_id: str) -> set[str]:
    """Stages reachable from ``stage_id`` along flow handoffs (not the stage itself)."""
    nexts: dict[str, list[str]] = {}
    for handoff in anatomy.handoffs:
        if handoff.kind == "flow":
            nexts.setdefault(handoff.source, []).append(handoff.target)
    seen: set[str] = set()
    queue = deque(nexts.get(stage_id, ()))
    while queue:
        current = queue.popleft()
        if current in seen or current == stage_id:
            continue
        seen.add(current)
        queue.extend(nexts.get(current, ()))
    return seen


def make_room(
    anatomy: AnatomyMap, anchor: str | None, new_box: Rect
) -> dict[str, tuple[float, float]]:
    """New positions for the stages that must move right so ``new_box`` fits after
    ``anchor``: the anchor's downstream stages that start at or right of the new box, and
    any stage the box (with a gap on its right) would cover, with its own downstream. All
    move by one amount, just enough to leave a gap after the new box; empty when nothing
    is in the way."""
    rects = stage_rects(anatomy)
    movers: set[str] = set()
    if anchor is not None:
        movers |= {s for s in downstream(anatomy, anchor) if rects[s].x >= new_box.x - 1}
    probe = Rect(new_box.x, new_box.y, new_box.width + GAP - 1, new_box.height)
    for stage_id, rect in rects.items():
        if stage_id != anchor and rect.intersects(probe):
            movers.add(stage_id)
            movers |= {s for s in downstream(anatomy, stage_id) if rects[s].x >= rect.x}
    movers.discard(anchor)  # type: ignore[arg-type]
    if not movers:
        return {}
    shift = new_box.right + GAP - min(rects[s].x for s in movers)
    if shift <= 0:
        return {}
    return {s: (rects[s].x + shift, rects[s].y) for s in sorted(movers)}


def chain_box(anatomy: AnatomyMap, anchor: str, count: int, width: float, height: float) -> Rect:
    """The strip ``count`` new stages of ``width`` take right after ``anchor``."""
    rect = stage_rects(anatomy)[anchor]
    length = count * (width + GAP) - GAP
    return Rect(rect.right + GAP, rect.y, length, height)


def branch_offset(anatomy: AnatomyMap, stage_id: str, height: float) -> float:
    """The lane-relative ``y`` for a branch of ``height`` below ``stage_id``: under the
    stage, and under any stage of the same lane that already sits there."""
    stage = next(s for s in anatomy.stages if s.id == stage_id)
    column = [
        s for s in anatomy.stages
        if s.lane == stage.lane and s.id != stage.id
        and s.x < stage.x + stage.width and stage.x < s.x + s.width
    ]
    y = stage.y + stage.height + BRANCH_GAP
    moved = True
    while moved:
        moved = False
        for other in column:
            if other.y < y + height and y < other.y + other.height:
                y = other.y + other.height + BRANCH_GAP
                moved = True
    return y


def lane_height_for(anatomy: AnatomyMap, lane_id: str | None, bottom: float) -> float | None:
    """The height ``lane_id`` must grow to so a box ending at lane-relative ``bottom`` fits
    (None when it already fits or there is no lane)."""
    lane = next((lane for lane in anatomy.lanes if lane.id == lane_id), None)
    if lane is None or bottom + LANE_PADDING <= lane.height:
        return None
    return bottom + LANE_PADDING
