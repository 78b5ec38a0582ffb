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
from vsm_editor.model.geometry import Rect, lane_tops
from vsm_editor.model.quick_init import quick_init
from vsm_editor.style import palette, sizes
from vsm_editor.style.markers import LAYERS
from vsm_editor.style.text import ascent, descent, line_height, measure, wrap, wrap_text

Coverage = tuple[bool, bool, bool, bool]
_ROW_HEIGHT = max(
    sizes.LAYER_MARKER_SIZE, sizes.SEVERITY_MARKER_SIZE, sizes.IMPROVEMENT_MARKER_SIZE
)
NO_COVERAGE: Coverage = (False, False, False, False)


@quick_init
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


@quick_init
@dataclass(frozen=True, slots=True)
class LayerMarkerSlot:
    """Where a P1–P4 marker goes, and whether it is drawn filled (linked)."""

    layer: str
    rect: Rect
    linked: bool


_LAID_OUT_FIELDS = (
    "stage_id", "rect", "corner_radius", "fill", "border", "strip", "strip_colour",
    "name_size", "name_lines", "name_breaks", "owner_lines", "markers", "severity_slot",
    "improvement", "improvement_kind", "improvement_count", "grown",
)


class StageLayout:
    """A stage box laid out: the box (maybe taller or wider than stored) and its contents.

    ``name_lines`` joined with ``name_breaks`` restore the full name (see
    :class:`~vsm_editor.style.text.WrappedText`); ``grown`` says the box grew taller than
    stored to hold the name. ``severity_slot`` is where the stage's
    worst finding marker goes; ``improvement`` is None when the stage has no improvements.

    Immutable and compared by value like a frozen dataclass with these fields. A layout made
    by :func:`layout_stage` holds its box and shares the other parts with every box of the
    same size and text, placing them at its position only when they are first read (a box
    at the origin reads the shared parts themselves), so laying out a map makes few objects.
    """

    __slots__ = (
        "stage_id", "rect", "corner_radius", "fill", "border", "strip_colour", "name_size",
        "name_breaks", "improvement_kind", "improvement_count", "grown",
        "_block", "_coverage",
        "_strip", "_name_lines", "_owner_lines", "_markers", "_severity_slot",
        "_improvement",
    )

    #: The drawn box (maybe taller or wider than stored), always stored.
    rect: Rect

    def __init__(
        self, stage_id: str, rect: Rect, corner_radius: float, fill: str, border: str,
        strip: Rect, strip_colour: str, name_size: float, name_lines: tuple[TextLine, ...],
        name_breaks: tuple[str, ...], owner_lines: tuple[TextLine, ...],
        markers: tuple[LayerMarkerSlot, ...], severity_slot: Rect, improvement: Rect | None,
        improvement_kind: str, improvement_count: int, grown: bool,
    ) -> None:
        """A layout from its parts, every one given (the fields of the former dataclass)."""
        _set_stage_id(self, stage_id)
        _set_rect(self, rect)
        _set_corner_radius(self, corner_radius)
        _set_fill(self, fill)
        _set_border(self, border)
        _set_strip_colour(self, strip_colour)
        _set_name_size(self, name_size)
        _set_name_breaks(self, name_breaks)
        _set_improvement_kind(self, improvement_kind)
        _set_improvement_count(self, improvement_count)
        _set_grown(self, grown)
        _set_strip(self, strip)
        _set_name_lines(self, name_lines)
        _set_owner_lines(self, owner_lines)
        _set_markers(self, markers)
        _set_severity_slot(self, severity_slot)
        _set_improvement(self, improvement)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"StageLayout is immutable: cannot set {name!r}")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"StageLayout is immutable: cannot delete {name!r}")

    def _fields(self) -> tuple[object, ...]:
        return tuple(getattr(self, name) for name in _LAID_OUT_FIELDS)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self is other or self._fields() == other._fields()  # type: ignore[attr-defined]

    def __hash__(self) -> int:
        return hash(self._fields())

    def __repr__(self) -> str:
        parts = ", ".join(f"{name}={getattr(self, name)!r}" for name in _LAID_OUT_FIELDS)
        return f"StageLayout({parts})"

    def __reduce__(self) -> tuple[object, tuple[object, ...]]:
        return (StageLayout, self._fields())

    def _placed(self, slot: str, shared: object) -> object:
        """``shared`` (a part laid out at the origin) moved to the box, kept in ``slot``
        (only for a layout made by :func:`layout_stage`: the others hold every part)."""
        rect = self.rect
        x, y = rect.x, rect.y
        if x == 0.0 and y == 0.0:
            value = shared
        elif isinstance(shared, Rect):
            value = Rect(shared.x + x, shared.y + y, shared.width, shared.height)
        elif isinstance(shared, tuple) and shared and isinstance(shared[0], TextLine):
            value = _moved(shared, x, y)  # type: ignore[arg-type]
        elif isinstance(shared, tuple):
            value = tuple(
                LayerMarkerSlot(m.layer, Rect(m.rect.x + x, m.rect.y + y, m.rect.width,
                                              m.rect.height), m.linked)
                for m in shared
            )
        else:
            value = shared
        object.__setattr__(self, slot, value)
        return value

    @property
    def strip(self) -> Rect:
        """The lane-coloured strip along the left inside edge."""
        try:
            return self._strip
        except AttributeError:
            return self._placed("_strip", self._origin_parts().strip)  # type: ignore[return-value]

    @property
    def name_lines(self) -> tuple[TextLine, ...]:
        """The name's wrapped lines, centred in the box."""
        try:
            return self._name_lines
        except AttributeError:
            return self._placed("_name_lines", self._block.name_lines)  # type: ignore[return-value]

    @property
    def owner_lines(self) -> tuple[TextLine, ...]:
        """The owner's lines at the bottom of the box."""
        try:
            return self._owner_lines
        except AttributeError:
            return self._placed("_owner_lines", self._block.owner_lines)  # type: ignore[return-value]

    @property
    def markers(self) -> tuple[LayerMarkerSlot, ...]:
        """The four P1–P4 marker slots, left to right."""
        try:
            return self._markers
        except AttributeError:
            shared = self._origin_parts().markers(self._coverage)
            return self._placed("_markers", shared)  # type: ignore[return-value]

    @property
    def severity_slot(self) -> Rect:
        """Where the worst finding's marker goes."""
        try:
            return self._severity_slot
        except AttributeError:
            return self._placed("_severity_slot", self._origin_parts().severity)  # type: ignore[return-value]

    @property
    def improvement(self) -> Rect | None:
        """Where the improvement burst goes (None without improvements)."""
        try:
            return self._improvement
        except AttributeError:  # only a stage with improvements leaves it to be placed
            return self._placed("_improvement", self._origin_parts().improvement)  # type: ignore[return-value]

    def _origin_parts(self) -> _Frame:
        """The box's text-independent parts at the origin (of a :func:`layout_stage` box)."""
        rect = self.rect
        return _frame(rect.width, rect.height)

    def text_lines(self) -> tuple[TextLine, ...]:
        """Every text line drawn inside the box."""
        return self.name_lines + self.owner_lines

    def text_and_offset(self) -> tuple[tuple[TextLine, ...], tuple[TextLine, ...], float, float]:
        """The name's and the owner's lines and the offset that places them: the lines laid
        out at the origin (shared by every box of this size and text) and the box's corner,
        or, for a layout given its parts, its own lines and (0, 0). For writers that place
        thousands of boxes' lines themselves rather than have a moved copy made of each."""
        try:
            block = self._block
        except AttributeError:
            return self.name_lines, self.owner_lines, 0.0, 0.0
        rect = self.rect
        return block.name_lines, block.owner_lines, rect.x, rect.y


def _slot_setters(*names: str) -> tuple[Callable[[StageLayout, object], None], ...]:
    """The slots' own ``__set__``: ~40 % quicker than ``object.__setattr__`` (which the
    class's ``__setattr__`` leaves as the only other way in)."""
    return tuple(StageLayout.__dict__[name].__set__ for name in names)


(_set_stage_id, _set_rect, _set_corner_radius, _set_fill, _set_border, _set_strip_colour,
 _set_name_size, _set_name_breaks, _set_improvement_kind, _set_improvement_count, _set_grown,
 _set_block, _set_coverage, _set_strip, _set_name_lines, _set_owner_lines,
 _set_markers, _set_severity_slot, _set_improvement) = _slot_setters(
    "stage_id", "rect", "corner_radius", "fill", "border", "strip_colour", "name_size",
    "name_breaks", "improvement_kind", "improvement_count", "grown", "_block",
    "_coverage", "_strip", "_name_lines", "_owner_lines", "_markers", "_severity_slot",
    "_improvement")


class _Frame:
    """The parts of a box of one size that do not depend on its text, at the origin."""

    __slots__ = ("rect", "strip", "severity", "improvement", "_markers")

    def __init__(self, width: float, height: float) -> None:
        left = sizes.LANE_STRIP_INSET + sizes.LANE_STRIP_WIDTH + sizes.STRIP_GAP
        right = width - sizes.STAGE_PADDING
        top_row = sizes.STAGE_PADDING
        burst = sizes.IMPROVEMENT_MARKER_SIZE
        self.rect = Rect(0.0, 0.0, width, height)
        self.strip = Rect(sizes.LANE_STRIP_INSET, sizes.STAGE_CORNER_RADIUS,
                          sizes.LANE_STRIP_WIDTH,
                          max(0.0, height - 2 * sizes.STAGE_CORNER_RADIUS))
        self.improvement = Rect(right - burst, top_row, burst, burst)
        self.severity = Rect(
            self.improvement.x - sizes.LAYER_MARKER_GAP - sizes.SEVERITY_MARKER_SIZE,
            top_row + (_ROW_HEIGHT - sizes.SEVERITY_MARKER_SIZE) / 2,
            sizes.SEVERITY_MARKER_SIZE,
            sizes.SEVERITY_MARKER_SIZE,
        )
        step = sizes.LAYER_MARKER_SIZE + sizes.LAYER_MARKER_GAP
        self._markers = tuple(
            Rect(left + i * step, top_row, sizes.LAYER_MARKER_SIZE, sizes.LAYER_MARKER_SIZE)
            for i in range(len(LAYERS))
        )

    def markers(self, coverage: Coverage) -> tuple[LayerMarkerSlot, ...]:
        """The P1–P4 slots at the origin, filled as ``coverage`` says."""
        return _marker_slots(self._markers, tuple(bool(flag) for flag in coverage))


@lru_cache(maxsize=4096)
def _marker_slots(rects: tuple[Rect, ...], linked: tuple[bool, ...]
                  ) -> tuple[LayerMarkerSlot, ...]:
    return tuple(
        LayerMarkerSlot(layer, rect, flag)
        for layer, rect, flag in zip(LAYERS, rects, linked, strict=False)
    )


@lru_cache(maxsize=4096)
def _frame(width: float, height: float) -> _Frame:
    return _Frame(width, height)


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
        return _laid_out(stage, stage.x, stage.y, stage.width, stage.height,
                         palette.strip_colour(lane_colour), coverage)
    return _laid_out(stage, rect.x, rect.y, rect.width, rect.height,
                     palette.strip_colour(lane_colour), coverage)


_new_layout = object.__new__
_CORNER, _FILL, _BORDER = sizes.STAGE_CORNER_RADIUS, palette.STAGE_FILL, palette.STAGE_BORDER
_MIN_WIDTH, _MIN_HEIGHT = sizes.STAGE_MIN_WIDTH, sizes.STAGE_MIN_HEIGHT


def _laid_out(stage: Stage, x: float, y: float, width: float, height: float,
              strip_colour: str, coverage: Coverage) -> StageLayout:
    """The layout of ``stage`` in the box at (x, y): the box itself, and shared parts placed
    when read (the improvement burst is known to be None without improvements)."""
    width = width if width > _MIN_WIDTH else _MIN_WIDTH
    height = height if height > _MIN_HEIGHT else _MIN_HEIGHT
    block = _text_block(stage.name, stage.owner, width, height)
    improvements = stage.improvements
    layout = _new_layout(StageLayout)
    _set_stage_id(layout, stage.id)
    # As the shared box at the origin moved by (x, y) (0.0 + x, as a float; -0.0 becomes 0.0).
    _set_rect(layout, Rect(0.0 + x, 0.0 + y, width, block.height))
    _set_corner_radius(layout, _CORNER)
    _set_fill(layout, _FILL)
    _set_border(layout, _BORDER)
    _set_strip_colour(layout, strip_colour)
    _set_name_size(layout, block.name_size)
    _set_name_breaks(layout, block.name_breaks)
    _set_grown(layout, block.grown)
    _set_block(layout, block)
    _set_coverage(layout, coverage)
    if improvements:
        _set_improvement_kind(layout, "pain_point" if any(
            i.kind == "pain_point" for i in improvements) else "idea")
        _set_improvement_count(layout, len(improvements))
    else:
        _set_improvement_kind(layout, "idea")
        _set_improvement_count(layout, 0)
        _set_improvement(layout, None)
    return layout


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
    no_lane = tops[None]
    strips = {lane.id: palette.strip_colour(lane.colour) for lane in anatomy.lanes}
    default_strip = palette.strip_colour(None)
    stages = anatomy.stages
    if coverage is None:
        flags: Iterable[Coverage] = [NO_COVERAGE] * len(stages)
    elif callable(coverage):
        flags = map(coverage, stages)
    else:
        by_id = coverage.get
        flags = [by_id(stage.id, NO_COVERAGE) for stage in stages]
    layouts: dict[str, StageLayout] = {}
    for stage, stage_flags in zip(stages, flags, strict=True):
        lane = stage.lane
        layouts[stage.id] = _laid_out(
            stage, stage.x, tops.get(lane, no_lane) + stage.y, stage.width, stage.height,
            strips.get(lane or "", default_strip), stage_flags,
        )
    return layouts


def laid_out_rects(layouts: Mapping[str, StageLayout]) -> dict[str, Rect]:
    """The drawn box of every stage (input for :func:`vsm_editor.style.routing.route_all`)."""
    return {stage_id: layout.rect for stage_id, layout in layouts.items()}
