"""Coordinates for the auto-layout: columns per layer, rows inside lane bands.

Each layer is a column as wide as its widest stage; stages are centred in their column.
Inside a lane, the stages one layer puts there stack in rows in the layer's order; a lane has
as many rows as its busiest layer needs and grows when they do not fit. A layer with fewer
stages in a lane than it has rows puts each on the row of its same-lane predecessors where
the order allows, so chains inside a lane run straight. A row is as tall as the lane's
tallest stage; stages are centred on their row.

Boxes with a negative stored width or height occupy ``[x + width, x]`` (likewise for y), so
their extent is placed, not their stored corner.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Spacing:
    """Distances the placement keeps, in map units."""

    left: float = 40.0
    column_gap: float = 50.0
    row_gap: float = 30.0
    lane_padding: float = 35.0


@dataclass(slots=True)
class Box:
    """A stage's stored size, its lane number and where the placement puts it."""

    width: float
    height: float
    lane: int
    x: float = 0.0
    #: Offset of the stored ``y`` from the top of the lane band.
    y: float = 0.0
    row: int = 0

    @property
    def extent_width(self) -> float:
        return abs(self.width)

    @property
    def extent_height(self) -> float:
        return abs(self.height)


@dataclass(slots=True)
class LaneRows:
    """How a lane's rows are laid out: count, pitch and the band height they need."""

    rows: int = 0
    row_height: float = 0.0

    def needed(self, spacing: Spacing) -> float:
        if not self.rows:
            return 0.0
        rows_height = self.rows * self.row_height + (self.rows - 1) * spacing.row_gap
        return rows_height + 2 * spacing.lane_padding


def place(
    layers: list[list[int]], boxes: list[Box], spacing: Spacing, up: list[list[int]]
) -> dict[int, LaneRows]:
    """Set every box's ``x``, ``y`` and ``row`` from the layer order (nodes ``>= len(boxes)``
    are dummies and take no room; ``up`` lists each node's neighbours one layer to the left);
    returns the rows each lane number needs."""
    real = len(boxes)
    lanes: dict[int, LaneRows] = {}
    for nodes in layers:
        counts: dict[int, int] = {}
        for node in nodes:
            if node < real:
                box = boxes[node]
                row = counts.get(box.lane, 0)
                counts[box.lane] = row + 1
                box.row = row
                rows = lanes.get(box.lane)
                if rows is None:
                    rows = lanes[box.lane] = LaneRows()
                if row >= rows.rows:
                    rows.rows = row + 1
                if box.extent_height > rows.row_height:
                    rows.row_height = box.extent_height
    _align_rows(layers, boxes, lanes, up)
    left = spacing.left
    for nodes in layers:
        column = max((boxes[n].extent_width for n in nodes if n < real), default=0.0)
        for node in nodes:
            if node < real:
                box = boxes[node]
                box.x = left + (column - box.extent_width) / 2 - min(box.width, 0.0)
        left += column + spacing.column_gap
    for box in boxes:
        rows = lanes[box.lane]
        top = spacing.lane_padding + box.row * (rows.row_height + spacing.row_gap)
        box.y = top + (rows.row_height - box.extent_height) / 2 - min(box.height, 0.0)
    return lanes


def _align_rows(
    layers: list[list[int]], boxes: list[Box], lanes: dict[int, LaneRows], up: list[list[int]]
) -> None:
    """Move stages of lane groups with spare rows onto their predecessors' rows."""
    real = len(boxes)
    for nodes in layers:
        groups: dict[int, list[int]] = {}
        for node in nodes:
            if node < real:
                groups.setdefault(boxes[node].lane, []).append(node)
        for lane, members in groups.items():
            rows = lanes[lane].rows
            if len(members) == rows:
                continue
            wanted: list[float | None] = []
            for node in members:
                same = sorted(
                    boxes[n].row for n in up[node] if n < real and boxes[n].lane == lane
                )
                wanted.append(same[len(same) // 2] if same else None)
            if any(w is not None for w in wanted):
                for node, row in zip(members, _fit_rows(wanted, rows), strict=True):
                    boxes[node].row = row


def _fit_rows(wanted: list[float | None], rows: int) -> list[int]:
    """Strictly increasing rows in ``range(rows)`` closest to the wanted ones (a node
    without a wish costs nothing anywhere); ties go to the upper rows."""
    count = len(wanted)
    inf = float("inf")
    # cost[i][r]: best cost of the first i + 1 nodes with node i on row r.
    cost = [[inf] * rows for _ in range(count)]
    for i, wish in enumerate(wanted):
        best_before = inf
        for r in range(rows):
            if i:
                if r >= 1 and cost[i - 1][r - 1] < best_before:
                    best_before = cost[i - 1][r - 1]
                base = best_before
            else:
                base = 0.0
            if base < inf:
                cost[i][r] = base + (abs(r - wish) if wish is not None else 0.0)
    result = [0] * count
    r = min(range(rows), key=lambda k: (cost[count - 1][k], k))
    for i in range(count - 1, -1, -1):
        result[i] = r
        if i:
            r = min(range(r), key=lambda k: (cost[i - 1][k], k))
    return result
