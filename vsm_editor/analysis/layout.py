"""Auto-layout: a tangled map becomes a clean left-to-right stream, without Qt.

:func:`auto_layout` lays out the whole map or only a selection in layers (longest path on
the flow graph with its cycles broken), orders each layer to remove crossings (barycentre
sweeps and adjacent swaps, lane by lane, starting from the current drawing and only taking
strictly better orders, so the current order wins ties), and places the stages in columns
and in rows inside their own lanes, growing a lane when its rows do not fit. It changes
nothing: the caller applies the :class:`LayoutResult` as one undo step, lane heights first,
then the moves (see :meth:`LayoutResult.absolute_positions`).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field

from vsm_editor.analysis.graph import build_flow_graph
from vsm_editor.analysis.layout_fit import fit_selection
from vsm_editor.analysis.layout_layers import back_edges, longest_path_layers
from vsm_editor.analysis.layout_order import LayeredGraph, reduce_crossings
from vsm_editor.analysis.layout_place import Box, Spacing, place
from vsm_editor.model.entities import AnatomyMap, Stage
from vsm_editor.model.geometry import lane_tops

#: Largest |x| a laid-out selection may start at (beyond it float steps get too coarse).
_MAX_ANCHOR = 1e7


@dataclass(frozen=True, slots=True)
class LayoutOptions:
    """Spacing of the layout and how often it re-runs on its own result.

    ``settle_rounds``: the layout is repeated from its own drawing until nothing changes
    (at most this many extra rounds), so laying out a laid-out map changes nothing.
    """

    left: float = 40.0
    column_gap: float = 50.0
    row_gap: float = 30.0
    lane_padding: float = 35.0
    settle_rounds: int = 3

    @property
    def spacing(self) -> Spacing:
        return Spacing(self.left, self.column_gap, self.row_gap, self.lane_padding)


@dataclass
class LayoutResult:
    """New places for the laid-out stages; nothing is changed in the map.

    ``positions``: stage id → (x, y) with ``y`` relative to the stage's lane band, as stored.
    ``lane_heights``: lane id → new height, only for lanes that must grow.
    ``layers``: stage id → column number; ``back_edges``: ids of flow handoffs drawn right to
    left to break a flow cycle; ``crossings``: crossings of the layered drawing.
    """

    positions: dict[str, tuple[float, float]] = field(default_factory=dict)
    lane_heights: dict[str, float] = field(default_factory=dict)
    layers: dict[str, int] = field(default_factory=dict)
    back_edges: set[str] = field(default_factory=set)
    crossings: int = 0

    def absolute_positions(self, anatomy: AnatomyMap) -> dict[str, tuple[float, float]]:
        """Top-left corners in map coordinates once ``lane_heights`` are applied: what
        ``Modeling.move_stages`` takes after the lanes were resized."""
        top = 0.0
        tops: dict[str | None, float] = {}
        for lane in anatomy.lanes:
            tops[lane.id] = top
            top += self.lane_heights.get(lane.id, lane.height)
        tops[None] = top
        lane_of = {stage.id: stage.lane for stage in anatomy.stages}
        return {
            stage_id: (x, tops.get(lane_of[stage_id], top) + y)
            for stage_id, (x, y) in self.positions.items()
        }

    def changes(self, anatomy: AnatomyMap) -> dict[str, tuple[float, float]]:
        """Only the positions that differ from the stored ones."""
        stored = {stage.id: (stage.x, stage.y) for stage in anatomy.stages}
        return {key: value for key, value in self.positions.items() if stored[key] != value}


def auto_layout(
    anatomy: AnatomyMap,
    selection: Iterable[str] | None = None,
    options: LayoutOptions | None = None,
) -> LayoutResult:
    """Lay out every stage, or only the stages in ``selection`` (the others stay where they
    are and the selected ones are placed clear of them)."""
    options = options or LayoutOptions()
    stages = anatomy.stages
    if selection is not None:
        chosen = set(selection)
        stages = [stage for stage in stages if stage.id in chosen]
    if not stages:
        return LayoutResult()
    flow = build_flow_graph(anatomy)
    ids = [stage.id for stage in stages]
    graph = flow.graph if selection is None else flow.graph.subgraph(ids)
    starts = [node for node in flow.starts if node in graph]
    lane_number = {lane.id: i for i, lane in enumerate(anatomy.lanes)}
    tops = lane_tops(anatomy)
    centres = {stage.id: _centre(stage, tops) for stage in stages}

    current_x = {k: c[0] for k, c in centres.items()}
    reversed_edges = back_edges(graph, starts, current_x)
    layer = longest_path_layers(
        ids, ((v, u) if (u, v) in reversed_edges else (u, v) for u, v in graph.edges), current_x
    )
    layered = _layered_graph(anatomy, stages, layer, lane_number, centres)
    no_lane = len(lane_number)
    boxes = [
        Box(stage.width, stage.height, lane_number.get(stage.lane, no_lane)) for stage in stages
    ]
    previous: list[tuple[float, float]] | None = None
    # Settle: lay out again from the new drawing until it no longer changes, so laying out
    # a laid-out map changes nothing (the layers provably stay; only the order may move).
    for _ in range(1 + max(0, options.settle_rounds)):
        layered.initial_order()
        crossings = reduce_crossings(layered)
        lanes = place(layered.layers, boxes, options.spacing, layered.up)
        placed = [(box.x, box.y) for box in boxes]
        if placed == previous:
            break
        previous = placed
        laid_tops = _tops_with(anatomy, lanes, options.spacing)
        layered.move_real([
            (laid_tops[box.lane] + box.y + box.height / 2, box.x + box.width / 2)
            for box in boxes
        ])
    result = LayoutResult(
        layers={stage.id: layer[stage.id] for stage in stages},
        back_edges={graph.edges[u, v]["id"] for u, v in reversed_edges},
        crossings=crossings,
    )

    lane_ids = [lane.id for lane in anatomy.lanes]
    if selection is None:
        heights = _grown_lanes(anatomy, lanes, options.spacing)
    else:
        anchor = min(box.x + min(box.width, 0.0) for box in boxes)
        current_left = min(stage.x + min(stage.width, 0.0) for stage in stages)
        target = current_left if math.isfinite(current_left) else 0.0
        target = max(-_MAX_ANCHOR, min(_MAX_ANCHOR, target))
        for box in boxes:
            box.x += target - anchor
        heights = fit_selection(anatomy, set(ids), boxes, options.spacing)
    result.positions = {
        stage.id: (box.x, box.y) for stage, box in zip(stages, boxes, strict=True)
    }
    result.lane_heights = {
        lane_ids[number]: height for number, height in heights.items() if number < len(lane_ids)
    }
    return result


def _centre(stage: Stage, tops: dict[str | None, float]) -> tuple[float, float]:
    """The box's centre in map coordinates (never NaN, even for odd stored numbers)."""
    x = stage.x + stage.width / 2
    y = tops.get(stage.lane, tops[None]) + stage.y + stage.height / 2
    return (0.0 if math.isnan(x) else x, 0.0 if math.isnan(y) else y)


def _layered_graph(
    anatomy: AnatomyMap,
    stages: list[Stage],
    layer: dict[str, int],
    lane_number: dict[str, int],
    centres: dict[str, tuple[float, float]],
) -> LayeredGraph:
    """Stages as nodes plus every handoff between them (all kinds are drawn, so all count)."""
    graph = LayeredGraph(real=len(stages))
    index: dict[str, int] = {}
    no_lane = len(lane_number)
    for stage in stages:
        x, y = centres[stage.id]
        index[stage.id] = graph.add_node(
            layer[stage.id], lane_number.get(stage.lane, no_lane), (y, x)
        )
    for handoff in anatomy.handoffs:
        u, v = index.get(handoff.source), index.get(handoff.target)
        if u is None or v is None or u == v:
            continue
        dummy_lane = None
        if handoff.kind == "rework":  # drawn in a channel under the lower of the two lanes
            dummy_lane = max(graph.lane[u], graph.lane[v])
        graph.add_edge(u, v, dummy_lane)
    return graph


def _tops_with(anatomy: AnatomyMap, lanes: dict, spacing: Spacing) -> dict[int, float]:
    """Lane tops by lane number once the lanes have grown as the placement needs."""
    tops: dict[int, float] = {}
    top = 0.0
    for number, lane in enumerate(anatomy.lanes):
        tops[number] = top
        rows = lanes.get(number)
        needed = rows.needed(spacing) if rows is not None else 0.0
        top += max(lane.height, needed)
    tops[len(anatomy.lanes)] = top
    return tops


def _grown_lanes(anatomy: AnatomyMap, lanes: dict, spacing: Spacing) -> dict[int, float]:
    """Lane number → new height for the lanes whose rows need more room than they have."""
    grown: dict[int, float] = {}
    for number, lane in enumerate(anatomy.lanes):
        rows = lanes.get(number)
        if rows is not None and rows.needed(spacing) > lane.height:
            grown[number] = rows.needed(spacing)
    return grown
