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
from functools import cache

from vsm_editor.analysis.flow_units import duration_hours
from vsm_editor.model.entities import AnatomyMap, Duration, Handoff, Stage
from vsm_editor.model.geometry import Rect
from vsm_editor.style import palette
from vsm_editor.style.figure import Figure, Label, RectIndex, Shape, label
from vsm_editor.style.flow_labels import duration_label, percent_label
from vsm_editor.style.paths import polyline, rectangle
from vsm_editor.style.text import ascent, line_height

HEADER_SIZE = 9.0
VALUE_SIZE = 10.0
#: Space between the stage box and its data box.
DATA_BOX_GAP = 3.0
DATA_BOX_PADDING = 2.0
BORDER_WIDTH = 1.0
FILL = "#f7fafc"
BORDER = palette.LANE_SEPARATOR


class DataBox:
    """One stage's data box: ``cells`` are (heading, value) per column.

    Compared by value like a frozen dataclass of ``stage_id``, ``rect``, ``cells``, the
    tooltip (``title``) and ``above``: what its figure is drawn from. Made by
    :func:`layout_data_boxes`, its ``figure`` is drawn on first use, so exports that draw
    boxes from ``rect`` and ``cells`` (see :func:`data_box_template`) and the canvas for
    boxes never shown never build it.
    """

    __slots__ = ("stage_id", "rect", "cells", "above", "_figure", "_source", "_title")
    #: What the box is (a canvas item asks any drawing this).
    kind = "data-box"

    def __init__(self, stage_id: str, rect: Rect, cells: tuple[tuple[str, str], ...],
                 figure: Figure | None = None, above: bool = False, *,
                 source: tuple[Stage, list[Handoff]] | None = None) -> None:
        _set_stage_id(self, stage_id)
        _set_rect(self, rect)
        _set_cells(self, cells)
        _set_above(self, above)
        _set_figure(self, figure)
        _set_source(self, source)
        _set_title(self, figure.title if figure is not None else None)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"DataBox is immutable: cannot set {name!r}")

    @property
    def element(self) -> str:
        return self.stage_id

    @property
    def bounds(self) -> Rect:
        return self.rect

    @property
    def figure(self) -> Figure:
        """The box as a drawing (frame, dividers, headings, values; its tooltip as title)."""
        figure = self._figure
        if figure is None:
            figure = _figure(self.stage_id, self.rect, self.cells, self.title)
            _set_figure(self, figure)
        return figure

    @property
    def title(self) -> str:
        """The box's tooltip (the figure's title)."""
        title = self._title
        if title is None:
            title = ""
            if self._source is not None:
                stage, waits = self._source
                title = _title(stage, self.cells, waits)
            _set_title(self, title)
        return title

    def _key(self) -> tuple[object, ...]:
        return (self.stage_id, self.rect, self.cells, self.title, self.above)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self is other or self._key() == other._key()  # type: ignore[attr-defined]

    __hash__ = None  # type: ignore[assignment]  # like the dataclass: a Figure is unhashable

    def __reduce__(self) -> tuple[object, tuple[object, ...]]:
        return (DataBox, (self.stage_id, self.rect, self.cells, self.figure, self.above))

    def __repr__(self) -> str:
        return (f"DataBox(stage_id={self.stage_id!r}, rect={self.rect!r}, "
                f"cells={self.cells!r}, title={self.title!r}, above={self.above!r})")


#: The slots' setters (past the immutability guard, faster than ``object.__setattr__``).
_set_stage_id, _set_rect, _set_cells, _set_above, _set_figure, _set_source, _set_title = (
    DataBox.__dict__[name].__set__
    for name in ("stage_id", "rect", "cells", "above", "_figure", "_source", "_title"))


def data_box_height() -> float:
    """The box's height (the same for every stage)."""
    return (2 * DATA_BOX_PADDING + line_height(HEADER_SIZE) + line_height(VALUE_SIZE) + 1.0)


def incoming_waits(anatomy: AnatomyMap) -> dict[str, list[Handoff]]:
    """The flow handoffs into each stage that carry a wait, in document order."""
    result: dict[str, list[Handoff]] = {}
    for handoff in anatomy.handoffs:
        if handoff.wait is not None and handoff.kind == "flow":
            waits = result.get(handoff.target)
            if waits is None:
                result[handoff.target] = [handoff]
            else:
                waits.append(handoff)
    return result


def _longest(waits: list[Handoff], day: float) -> Duration | None:
    if len(waits) < 2:
        return waits[0].wait if waits else None
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


def _bands(anatomy: AnatomyMap, tops: Mapping[str | None, float]) -> dict[
        str, tuple[float, float]]:
    """Each lane's band (top, bottom); the first lane of an id wins."""
    bands: dict[str, tuple[float, float]] = {}
    for lane in anatomy.lanes:
        if lane.id not in bands:
            top = tops[lane.id]
            bands[lane.id] = (top, top + max(0.0, lane.height))
    return bands


def _free(x: float, y: float, width: float, height: float, own: str, grid: RectIndex,
          band: tuple[float, float] | None) -> bool:
    """Whether the box at (x, y) stays in ``band`` and covers no stage but ``own``."""
    if band is not None and (y < band[0] or y + height > band[1]):
        return False
    return not grid.hits_box(x, y, x + width, y + height, own)


def layout_data_boxes(anatomy: AnatomyMap, rects: Mapping[str, Rect],
                      tops: Mapping[str | None, float], *,
                      index: RectIndex | None = None,
                      waits: Mapping[str, list[Handoff]] | None = None) -> list[DataBox]:
    """A data box per stage (in document order) placed by its laid-out rect; none when the
    map's display turns data boxes off. ``index`` may give ``rects`` already indexed by
    stage id (only read here), ``waits`` the map's :func:`incoming_waits`."""
    if not anatomy.display.data_boxes:
        return []
    day = anatomy.stream.working_day_hours
    if waits is None:
        waits = incoming_waits(anatomy)
    height = data_box_height()
    grid = index if index is not None else RectIndex(rects)
    bands = _bands(anatomy, tops)
    boxes = []
    no_waits: list[Handoff] = []
    for stage in anatomy.stages:
        stage_id = stage.id
        rect = rects.get(stage_id)
        if rect is None:
            continue
        band = bands.get(stage.lane) if stage.lane is not None else None
        x, width = rect.x, rect.width
        top, is_above = rect.y + rect.height + DATA_BOX_GAP, False
        if not _free(x, top, width, height, stage_id, grid, band):
            above = rect.y - DATA_BOX_GAP - height
            if _free(x, above, width, height, stage_id, grid, band):
                top, is_above = above, True
        stage_waits = waits.get(stage_id, no_waits)
        boxes.append(DataBox(stage_id, Rect(x, top, width, height),
                             data_cells(stage, stage_waits, day), None, is_above,
                             source=(stage, stage_waits)))
    return boxes


def _figure(stage_id: str, box: Rect, cells: tuple[tuple[str, str], ...],
            title: str) -> Figure:
    figure = Figure("data-box", stage_id, box, title=title)
    figure.shapes.extend(_frame_shapes(box, len(cells)))
    value_top = box.y + DATA_BOX_PADDING + line_height(HEADER_SIZE) + 1.0
    for (heading, value), middle in zip(cells, column_middles(box, len(cells)), strict=True):
        figure.labels.append(_heading(heading, middle, box.y))
        figure.labels.append(label(value, middle, value_top, VALUE_SIZE, palette.TEXT,
                                   anchor="middle", role="value"))
    return figure


def _frame_shapes(box: Rect, columns: int) -> list[Shape]:
    shapes = [Shape(rectangle(box.x, box.y, box.width, box.height), FILL, BORDER,
                    BORDER_WIDTH, "frame")]
    column = box.width / columns
    for i in range(1, columns):
        x = box.x + i * column
        shapes.append(Shape(polyline([(x, box.y + 2.0), (x, box.bottom - 2.0)]), None,
                            BORDER, BORDER_WIDTH, "divider"))
    return shapes


def _heading(text: str, middle: float, y: float) -> Label:
    return label(text, middle, y + DATA_BOX_PADDING, HEADER_SIZE, palette.TEXT_MUTED,
                 anchor="middle", role="heading")


def column_middles(box: Rect, columns: int) -> list[float]:
    """The x of each column's middle (where its heading and value are centred)."""
    column = box.width / columns
    return [box.x + (i + 0.5) * column for i in range(columns)]


@cache
def value_baseline() -> float:
    """The values' baseline below the box's top (the same in every box)."""
    return DATA_BOX_PADDING + line_height(HEADER_SIZE) + 1.0 + ascent(VALUE_SIZE)


def data_box_template(width: float, headings: tuple[str, ...]) -> Figure:
    """What every box of ``width`` with these column ``headings`` shares, drawn at the
    origin: the frame, the dividers and the headings. A box's :attr:`DataBox.figure` is
    this moved to its rect plus the values (``VALUE_SIZE``, ``palette.TEXT``, centred on
    :func:`column_middles` at :func:`value_baseline`): exports can draw the template once and
    place it per box."""
    box = Rect(0.0, 0.0, width, data_box_height())
    figure = Figure("data-box", None, box, _frame_shapes(box, len(headings)))
    for heading, middle in zip(headings, column_middles(box, len(headings)), strict=True):
        figure.labels.append(_heading(heading, middle, 0.0))
    return figure
