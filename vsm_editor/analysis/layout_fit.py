"""Fitting a laid-out selection among the stages that stay put.

The selection's rows in each lane move down together, by the least amount that clears every
unselected box of that lane the rows would overlap (keeping the row gap); the lane grows when
they then reach past its band. Unselected stages keep their stored places.
"""

from __future__ import annotations

from vsm_editor.analysis.layout_place import Box, Spacing
from vsm_editor.model.entities import AnatomyMap


def _span(start: float, size: float) -> tuple[float, float]:
    """The interval a stored corner and size cover (negative sizes reach backwards)."""
    return (start + min(size, 0.0), start + max(size, 0.0))


def fit_selection(
    anatomy: AnatomyMap, selected: set[str], boxes: list[Box], spacing: Spacing
) -> dict[int, float]:
    """Shift each lane's selected boxes down until clear; returns lane number → new height
    for the lanes that must grow."""
    lane_number = {lane.id: i for i, lane in enumerate(anatomy.lanes)}
    no_lane = len(anatomy.lanes)
    others: dict[int, list[tuple[float, float, float, float]]] = {}
    for stage in anatomy.stages:
        if stage.id in selected:
            continue
        x0, x1 = _span(stage.x, stage.width)
        y0, y1 = _span(stage.y, stage.height)
        others.setdefault(lane_number.get(stage.lane, no_lane), []).append((x0, x1, y0, y1))
    by_lane: dict[int, list[Box]] = {}
    for box in boxes:
        by_lane.setdefault(box.lane, []).append(box)
    grown: dict[int, float] = {}
    for number, lane_boxes in by_lane.items():
        shift = _clear_shift(lane_boxes, others.get(number, []), spacing, 0.0)
        for box in lane_boxes:
            box.y += shift
        if number < no_lane:
            bottom = max(_span(box.y, box.height)[1] for box in lane_boxes)
            needed = bottom + spacing.lane_padding
            if needed > anatomy.lanes[number].height:
                grown[number] = needed
    return grown


def _clear_shift(
    boxes: list[Box],
    others: list[tuple[float, float, float, float]],
    spacing: Spacing,
    base: float,
) -> float:
    """The least shift >= ``base`` at which no box overlaps an ``others`` box."""
    gap = spacing.row_gap
    forbidden: list[tuple[float, float]] = []
    if others:
        ordered = sorted(others)
        for box in boxes:
            bx0, bx1 = _span(box.x, box.width)
            by0, by1 = _span(box.y, box.height)
            for ox0, ox1, oy0, oy1 in ordered:
                if ox0 >= bx1 + gap:
                    break
                if bx0 - gap < ox1:
                    # Overlap for shifts strictly inside this interval.
                    forbidden.append((oy0 - by1 - gap, oy1 - by0 + gap))
    forbidden.sort()
    shift = base
    for low, high in forbidden:
        if low >= shift:
            break
        if shift < high:
            shift = high
    return shift
