"""Where the BPMN diagram draws things: boxes for every node, lane and the pool, and the
waypoints of every edge, from the map's own geometry so the diagram looks like the map.

Tasks take their stage's box. Gateways and events sit on the stage's centre line in the gap
before (converging gateways, start event) or after (rework and split gateways, end event)
the stage, shrunk to fit when stages stand close. The diagram is a view, so absurd sizes
are clamped; the exact numbers travel in the extension data.
"""

from __future__ import annotations

from dataclasses import dataclass

from vsm_editor.exporters.bpmn_flow import END, START, TASK, ProcessPlan

from vsm_editor.model.entities import AnatomyMap, Handoff
from vsm_editor.model.geometry import lane_tops

LIMIT = 1e6  # the diagram never reaches further than this from the origin
GATEWAY_SIZE = 50.0
EVENT_SIZE = 36.0
MIN_NODE_SIZE = 14.0
OPEN_SPACE = 120.0  # room used before a first / after a last stage
POOL_HEADER = 30.0
MARGIN = 20.0
NOTE_WIDTH = 120.0
NOTE_HEIGHT = 36.0
EMPTY_LANE_HEIGHT = 120.0


@dataclass(slots=True)
class Box:
    """A diagram rectangle (``y`` grows downwards)."""

    x: float
    y: float
    width: float
    height: float

    @property
    def right(self) -> float:
        return self.x + self.width

    @property
    def bottom(self) -> float:
        return self.y + self.height

    @property
    def cx(self) -> float:
        return self.x + self.width / 2

    @property
    def cy(self) -> float:
        return self.y + self.height / 2


@dataclass
class Diagram:
    """Every box of the diagram; lanes and pool in the order they are drawn."""

    nodes: dict[str, Box]
    lanes: list[tuple[str, Box]]
    notes: dict[str, Box]
    pool: Box


def _clamp(value: float) -> float:
    return min(max(value, -LIMIT), LIMIT)


def _size(value: float) -> float:
    return min(max(value, 0.0), LIMIT)


def layout(anatomy: AnatomyMap, plan: ProcessPlan, extra_lane: str | None) -> Diagram:
    """Boxes for every node, note, lane and the pool. ``extra_lane`` is the id of the lane
    made for stages without one (None when there is none)."""
    tops = lane_tops(anatomy)
    stage_box: dict[str, Box] = {}
    for stage in anatomy.stages:
        top = tops.get(stage.lane, tops[None])
        stage_box[stage.id] = Box(
            _clamp(stage.x), _clamp(top + stage.y), _size(stage.width), _size(stage.height)
        )
    space_before, space_after = _free_space(anatomy.handoffs, stage_box)

    nodes: dict[str, Box] = {}
    for stage_id, (entry, exits) in plan.chains.items():
        box = stage_box[stage_id]
        for chain, side in ((entry, -1), (exits, 1)):
            if not chain:
                continue
            room = (space_before if side < 0 else space_after).get(stage_id, OPEN_SPACE)
            step = room / len(chain)
            for node in chain:
                standard = EVENT_SIZE if node.kind in (START, END) else GATEWAY_SIZE
                size = max(MIN_NODE_SIZE, min(standard, step - 8.0))
                offset = step * (node.slot - 0.5)
                cx = box.x - offset if side < 0 else box.right + offset
                nodes[node.id] = Box(cx - size / 2, box.cy - size / 2, size, size)
    for node in plan.nodes:
        if node.kind == TASK:
            nodes[node.id] = stage_box[node.id]

    notes = {h.id: _note_box(stage_box[h.source], stage_box[h.target]) for h in plan.information}
    return _with_lanes_and_pool(anatomy, plan, nodes, notes, tops, extra_lane)


def _free_space(
    handoffs: list[Handoff], stage_box: dict[str, Box]
) -> tuple[dict[str, float], dict[str, float]]:
    """Per stage, the room for nodes before it and after it: half the gap to its nearest
    flow neighbour on that side."""
    before: dict[str, float] = {}
    after: dict[str, float] = {}
    for handoff in handoffs:
        if handoff.kind != "flow":
            continue
        source, target = stage_box[handoff.source], stage_box[handoff.target]
        gap = target.x - source.right
        if gap <= 0:
            continue
        half = max(gap / 2, 2 * MIN_NODE_SIZE)
        after[handoff.source] = min(after.get(handoff.source, OPEN_SPACE), half)
        before[handoff.target] = min(before.get(handoff.target, OPEN_SPACE), half)
    return before, after


def _note_box(source: Box, target: Box) -> Box:
    """A text annotation above the middle of the two stages it connects."""
    cx = (source.cx + target.cx) / 2
    top = min(source.y, target.y) - NOTE_HEIGHT - 24.0
    return Box(cx - NOTE_WIDTH / 2, top, NOTE_WIDTH, NOTE_HEIGHT)


def _with_lanes_and_pool(
    anatomy: AnatomyMap, plan: ProcessPlan, nodes: dict[str, Box], notes: dict[str, Box],
    tops: dict[str | None, float], extra_lane: str | None,
) -> Diagram:
    everything = list(nodes.values()) + list(notes.values())
    left = min([0.0, *(b.x - MARGIN for b in everything)])
    right = max([left + 600.0, *(b.right + MARGIN for b in everything)])
    top = min([0.0, *(b.y - MARGIN for b in everything)])
    bottom = _clamp(max([tops[None], *(b.bottom + MARGIN for b in everything)]))
    lanes: list[tuple[str, Box]] = []
    for lane in anatomy.lanes:
        lane_top = _clamp(tops[lane.id])
        lanes.append((lane.id, Box(left, lane_top, right - left, _size(lane.height))))
    if extra_lane is not None:
        lane_top = _clamp(tops[None])
        loose = [nodes[n.id].bottom for n in plan.nodes if n.stage.lane is None]
        height = max([EMPTY_LANE_HEIGHT, *(b + MARGIN - lane_top for b in loose)])
        lanes.append((extra_lane, Box(left, lane_top, right - left, _size(height))))
        bottom = max(bottom, lane_top + height)
    pool = Box(left - POOL_HEADER, top, right - left + POOL_HEADER, bottom - top)
    return Diagram(nodes, lanes, notes, pool)


def route(source: Box, target: Box) -> list[tuple[float, float]]:
    """Orthogonal waypoints from ``source`` to ``target``: right side to left side going
    forward; under both boxes going back (rework loops, flows drawn leftwards)."""
    if target.x >= source.right:
        start = (source.right, source.cy)
        end = (target.x, target.cy)
        if abs(start[1] - end[1]) < 0.5:
            return [start, end]
        middle = (start[0] + end[0]) / 2
        return [start, (middle, start[1]), (middle, end[1]), end]
    below = max(source.bottom, target.bottom) + 30.0
    return [
        (source.cx, source.bottom),
        (source.cx, below),
        (target.cx, below),
        (target.cx, target.bottom),
    ]


def link(source: Box, target: Box) -> list[tuple[float, float]]:
    """A straight association line between the facing sides of two boxes."""
    if target.bottom <= source.y:
        return [(source.cx, source.y), (target.cx, target.bottom)]
    if source.bottom <= target.y:
        return [(source.cx, source.bottom), (target.cx, target.y)]
    return [(source.cx, source.cy), (target.cx, target.cy)]
