"""Where everything inside a stage box goes, in absolute map coordinates.

The box's top row holds the four P1–P4 markers at the left and, at the right, the severity
marker slot and the improvement burst. The owner sits at the bottom; the name fills the
middle, wrapped and centred.

A long name is set one or two sizes smaller (:data:`sizes.NAME_FONT_SIZES`); if it still does
not fit at the smallest size, the box grows downwards until it does. A name is never cut or
ellipsized, so a 200-character name makes a taller box. Boxes stored narrower or lower than
:data:`sizes.STAGE_MIN_WIDTH` × :data:`sizes.STAGE_MIN_HEIGHT` are drawn at that minimum.
Route handoffs between the laid-out rectangles (:func:`laid_out_rects`), not the stored ones.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from math import ceil

from vsm_editor.model.entities import AnatomyMap, Stage
from vsm_editor.model.geometry import Rect, lane_tops, stage_rect
from vsm_editor.style import palette, sizes
from vsm_editor.style.markers import LAYERS
from vsm_editor.style.text import ascent, descent, line_height, measure, wrap, wrap_text

Coverage = tuple[bool, bool, bool, bool]
_ROW_HEIGHT = max(
    sizes.LAYER_MARKER_SIZE, sizes.SEVERITY_MARKER_SIZE, sizes.IMPROVEMENT_MARKER_SIZE
)
NO_COVERAGE: Coverage = (False, False, False, False)


@dataclass(frozen=True, slots=True)
class TextLine:
    """One line of text: ``x`` is its left edge, ``baseline`` its baseline, centred on
    ``center_x`` (SVG can anchor at the middle so a fallback font stays centred)."""

    text: str
    x: float
    baseline: float
    width: float
    size: float
    bold: bool = False

    @property
    def center_x(self) -> float:
        return self.x + self.width / 2

    @property
    def top(self) -> float:
        return self.baseline - ascent(self.size, self.bold)

    @property
    def bottom(self) -> float:
        return self.baseline + descent(self.size, self.bold)


@dataclass(frozen=True, slots=True)
class LayerMarkerSlot:
    """Where a P1–P4 marker goes, and whether it is drawn filled (linked)."""

    layer: str
    rect: Rect
    linked: bool


@dataclass(frozen=True, slots=True)
class StageLayout:
    """A stage box laid out: the box (maybe taller or wider than stored) and its contents.

    ``name_lines`` joined with ``name_breaks`` restore the full name (see
    :class:`~vsm_editor.style.text.WrappedText`); ``grown`` says the box grew taller than
    stored to hold the name. ``severity_slot`` is where the stage's
    worst finding marker goes; ``improvement`` is None when the stage has no improvements.
    """

    stage_id: str
    rect: Rect
    corner_radius: float
    fill: str
    border: str
    strip: Rect
    strip_colour: str
    name_size: float
    name_lines: tuple[TextLine, ...]
    name_breaks: tuple[str, ...]
    owner_lines: tuple[TextLine, ...]
    markers: tuple[LayerMarkerSlot, ...]
    severity_slot: Rect
    improvement: Rect | None
    improvement_kind: str
    improvement_count: int
    grown: bool

    def text_lines(self) -> tuple[TextLine, ...]:
        """Every text line drawn inside the box."""
        return self.name_lines + self.owner_lines


def _wrap_name(name: str, width: float, height: float) -> tuple[float, list[str], list[str]]:
    """The largest name size whose wrapped lines fit ``height`` (else the smallest)."""
    for size in sizes.NAME_FONT_SIZES:
        wrapped = wrap_text(name, width, size)
        if len(wrapped.lines) * line_height(size) <= height:
            break
    return size, wrapped.lines, wrapped.breaks


@dataclass(frozen=True, slots=True)
class _TextBlock:
    """The text of a box laid out with the box's top-left corner at (0, 0)."""

    height: float
    grown: bool
    name_size: float
    name_lines: tuple[TextLine, ...]
    name_breaks: tuple[str, ...]
    owner_lines: tuple[TextLine, ...]


@lru_cache(maxsize=50_000)
def _text_block(name: str, owner: str, width: float, height: float) -> _TextBlock:
    left = sizes.LANE_STRIP_INSET + sizes.LANE_STRIP_WIDTH + sizes.STRIP_GAP
    right = width - sizes.STAGE_PADDING
    content_width = right - left
    center_x = (left + right) / 2
    name_top = sizes.STAGE_PADDING + _ROW_HEIGHT + sizes.ROW_GAP

    owner_size = sizes.OWNER_FONT_SIZE
    owner_text = wrap(owner, content_width, owner_size) if owner else []
    owner_height = len(owner_text) * line_height(owner_size)
    bottom_space = sizes.STAGE_PADDING + owner_height + (sizes.ROW_GAP if owner_text else 0.0)

    available = height - bottom_space - name_top
    name_size, name_text, name_breaks = _wrap_name(name, content_width, available)
    name_height = len(name_text) * line_height(name_size)
    grown = name_height > available
    if grown:
        height = ceil(height + name_height - available)
        available = height - bottom_space - name_top
    name_lines = _centred_lines(
        name_text, name_size, center_x, name_top + (available - name_height) / 2
    )
    owner_lines = _centred_lines(
        owner_text, owner_size, center_x, height - sizes.STAGE_PADDING - owner_height
    )
    return _TextBlock(height, grown, name_size, name_lines, tuple(name_breaks), owner_lines)


def _moved(lines: tuple[TextLine, ...], dx: float, dy: float) -> tuple[TextLine, ...]:
    return tuple(
        TextLine(line.text, line.x + dx, line.baseline + dy, line.width, line.size, line.bold)
        for line in lines
    )


def layout_stage(
    stage: Stage,
    rect: Rect | None = None,
    lane_colour: str | None = None,
    coverage: Coverage = NO_COVERAGE,
) -> StageLayout:
    """Lay out ``stage`` in ``rect`` (its absolute box; by default x/y as stored)."""
    if rect is None:
        rect = Rect(stage.x, stage.y, stage.width, stage.height)
    width = max(rect.width, sizes.STAGE_MIN_WIDTH)
    block = _text_block(stage.name, stage.owner, width,
                        max(rect.height, sizes.STAGE_MIN_HEIGHT))
    height = block.height
    left = rect.x + sizes.LANE_STRIP_INSET + sizes.LANE_STRIP_WIDTH + sizes.STRIP_GAP
    right = rect.x + width - sizes.STAGE_PADDING
    top_row = rect.y + sizes.STAGE_PADDING
    row_height = _ROW_HEIGHT

    step = sizes.LAYER_MARKER_SIZE + sizes.LAYER_MARKER_GAP
    markers = tuple(
        LayerMarkerSlot(
            layer,
            Rect(left + i * step, top_row, sizes.LAYER_MARKER_SIZE, sizes.LAYER_MARKER_SIZE),
            bool(coverage[i]),
        )
        for i, layer in enumerate(LAYERS)
    )
    burst = sizes.IMPROVEMENT_MARKER_SIZE
    improvement_rect = Rect(right - burst, top_row, burst, burst)
    severity_slot = Rect(
        improvement_rect.x - sizes.LAYER_MARKER_GAP - sizes.SEVERITY_MARKER_SIZE,
        top_row + (row_height - sizes.SEVERITY_MARKER_SIZE) / 2,
        sizes.SEVERITY_MARKER_SIZE,
        sizes.SEVERITY_MARKER_SIZE,
    )
    improvements = stage.improvements
    kind = "pain_point" if any(i.kind == "pain_point" for i in improvements) else "idea"
    box = Rect(rect.x, rect.y, width, height)
    strip_top = rect.y + sizes.STAGE_CORNER_RADIUS
    return StageLayout(
        stage_id=stage.id,
        rect=box,
        corner_radius=sizes.STAGE_CORNER_RADIUS,
        fill=palette.STAGE_FILL,
        border=palette.STAGE_BORDER,
        strip=Rect(rect.x + sizes.LANE_STRIP_INSET, strip_top, sizes.LANE_STRIP_WIDTH,
                   max(0.0, height - 2 * sizes.STAGE_CORNER_RADIUS)),
        strip_colour=palette.strip_colour(lane_colour),
        name_size=block.name_size,
        name_lines=_moved(block.name_lines, rect.x, rect.y),
        name_breaks=block.name_breaks,
        owner_lines=_moved(block.owner_lines, rect.x, rect.y),
        markers=markers,
        severity_slot=severity_slot,
        improvement=improvement_rect if improvements else None,
        improvement_kind=kind,
        improvement_count=len(improvements),
        grown=block.grown,
    )


def _centred_lines(
    lines: Iterable[str], size: float, center_x: float, top: float
) -> tuple[TextLine, ...]:
    step = line_height(size)
    first_baseline = top + ascent(size)
    result = []
    for i, text in enumerate(lines):
        width = measure(text, size)
        result.append(TextLine(text, center_x - width / 2, first_baseline + i * step, width, size))
    return tuple(result)


def layout_map(
    anatomy: AnatomyMap,
    coverage: Mapping[str, Coverage] | Callable[[Stage], Coverage] | None = None,
) -> dict[str, StageLayout]:
    """Every stage of ``anatomy`` laid out at its absolute position, by stage id.

    ``coverage`` gives each stage's P1–P4 flags (a mapping by id or a function); missing
    stages count as not linked.
    """
    tops = lane_tops(anatomy)
    colours = {lane.id: lane.colour for lane in anatomy.lanes}
    layouts: dict[str, StageLayout] = {}
    for stage in anatomy.stages:
        if coverage is None:
            flags = NO_COVERAGE
        elif callable(coverage):
            flags = coverage(stage)
        else:
            flags = coverage.get(stage.id, NO_COVERAGE)
        layouts[stage.id] = layout_stage(
            stage, stage_rect(stage, tops), colours.get(stage.lane or ""), flags
        )
    return layouts


def laid_out_rects(layouts: Mapping[str, StageLayout]) -> dict[str, Rect]:
    """The drawn box of every stage (input for :func:`vsm_editor.style.routing.route_all`)."""
    return {stage_id: layout.rect for stage_id, layout in layouts.items()}
