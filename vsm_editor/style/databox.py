"""The data box under each stage, in Lean convention: a small three-column table of the
stage's process time (PT), its %C&A and the wait before it, each with its unit and ``~`` on
estimates.

The box is as wide as the stage and sits just under it, inside its lane band. Where that
place is taken (another stage below, or the band's bottom too close), it goes just above the
stage instead; when neither place is free it stays under the stage. The wait is the one on
the stage's incoming flow handoff; with several incoming waits the longest is shown, headed
"Wait max" (all of them are in the tooltip).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from vsm_editor.analysis.flow_units import duration_hours
from vsm_editor.model.entities import AnatomyMap, Duration, Handoff, Stage
from vsm_editor.model.geometry import Rect
from vsm_editor.style import palette
from vsm_editor.style.figure import Figure, RectIndex, Shape, label
from vsm_editor.style.flow_labels import duration_label, percent_label
from vsm_editor.style.paths import polyline, rectangle
from vsm_editor.style.text import line_height

HEADER_SIZE = 9.0
VALUE_SIZE = 10.0
#: Space between the stage box and its data box.
DATA_BOX_GAP = 3.0
DATA_BOX_PADDING = 2.0
BORDER_WIDTH = 1.0
FILL = "#f7fafc"
BORDER = palette.LANE_SEPARATOR


@dataclass(frozen=True, slots=True)
class DataBox:
    """One stage's data box: ``cells`` are (heading, value) per column."""

    stage_id: str
    rect: Rect
    cells: tuple[tuple[str, str], ...]
    figure: Figure
    above: bool = False


def data_box_height() -> float:
    """The box's height (the same for every stage)."""
    return (2 * DATA_BOX_PADDING + line_height(HEADER_SIZE) + line_height(VALUE_SIZE) + 1.0)


def incoming_waits(anatomy: AnatomyMap) -> dict[str, list[Handoff]]:
    """The flow handoffs into each stage that carry a wait, in document order."""
    result: dict[str, list[Handoff]] = {}
    for handoff in anatomy.handoffs:
        if handoff.kind == "flow" and handoff.wait is not None:
            result.setdefault(handoff.target, []).append(handoff)
    return result


def _longest(waits: list[Handoff], day: float) -> Duration | None:
    if not waits:
        return None
    return max(waits, key=lambda h: duration_hours(h.wait, day) or 0.0).wait


def data_cells(stage: Stage, waits: list[Handoff], day: float) -> tuple[tuple[str, str], ...]:
    """(heading, value) of the three columns."""
    wait_heading = "Wait max" if len(waits) > 1 else "Wait"
    return (
        ("PT", duration_label(stage.process_time)),
        ("%C&A", percent_label(stage.pca)),
        (wait_heading, duration_label(_longest(waits, day))),
    )


def _title(stage: Stage, cells: tuple[tuple[str, str], ...], waits: list[Handoff]) -> str:
    lines = [f"{stage.name}: process time {cells[0][1]}, %C&A {cells[1][1]}"]
    lines += [f"wait {duration_label(h.wait)} ({h.id})" for h in waits]
    return "\n".join(lines) + "\n~ marks an estimate"


def _band(anatomy: AnatomyMap, stage: Stage, tops: Mapping[str | None, float]) -> tuple[
        float, float] | None:
    """The stage's lane band (top, bottom), None without a lane."""
    for lane in anatomy.lanes:
        if lane.id == stage.lane:
            top = tops[lane.id]
            return top, top + max(0.0, lane.height)
    return None


def _free(candidate: Rect, own: str, grid: RectIndex, band: tuple[float, float] | None) -> bool:
    if band is not None and (candidate.y < band[0] or candidate.bottom > band[1]):
        return False
    return not grid.hits(candidate, own)


def layout_data_boxes(anatomy: AnatomyMap, rects: Mapping[str, Rect],
                      tops: Mapping[str | None, float]) -> list[DataBox]:
    """A data box per stage (in document order) placed by its laid-out rect; none when the
    map's display turns data boxes off."""
    if not anatomy.display.data_boxes:
        return []
    day = anatomy.stream.working_day_hours
    waits = incoming_waits(anatomy)
    height = data_box_height()
    grid = RectIndex(rects)
    boxes = []
    for stage in anatomy.stages:
        rect = rects.get(stage.id)
        if rect is None:
            continue
        band = _band(anatomy, stage, tops)
        below = Rect(rect.x, rect.bottom + DATA_BOX_GAP, rect.width, height)
        above = Rect(rect.x, rect.y - DATA_BOX_GAP - height, rect.width, height)
        place, is_above = below, False
        if not _free(below, stage.id, grid, band) and _free(above, stage.id, grid, band):
            place, is_above = above, True
        stage_waits = waits.get(stage.id, [])
        cells = data_cells(stage, stage_waits, day)
        figure = _figure(stage, place, cells, _title(stage, cells, stage_waits))
        boxes.append(DataBox(stage.id, place, cells, figure, is_above))
    return boxes


def _figure(stage: Stage, box: Rect, cells: tuple[tuple[str, str], ...], title: str) -> Figure:
    figure = Figure("data-box", stage.id, box, title=title)
    figure.shapes.append(Shape(rectangle(box.x, box.y, box.width, box.height), FILL, BORDER,
                               BORDER_WIDTH, "frame"))
    column = box.width / len(cells)
    header_top = box.y + DATA_BOX_PADDING
    value_top = header_top + line_height(HEADER_SIZE) + 1.0
    for i in range(1, len(cells)):
        x = box.x + i * column
        figure.shapes.append(Shape(polyline([(x, box.y + 2.0), (x, box.bottom - 2.0)]), None,
                                   BORDER, BORDER_WIDTH, "divider"))
    for i, (heading, value) in enumerate(cells):
        middle = box.x + (i + 0.5) * column
        figure.labels.append(label(heading, middle, header_top, HEADER_SIZE,
                                   palette.TEXT_MUTED, anchor="middle", role="heading"))
        figure.labels.append(label(value, middle, value_top, VALUE_SIZE, palette.TEXT,
                                   anchor="middle", role="value"))
    return figure
