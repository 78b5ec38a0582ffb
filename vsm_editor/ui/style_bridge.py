"""The one place the canvas meets the Qt-free drawing style (``vsm_editor.style``).

Colours, sizes, marker shapes, stroke kinds, text wrapping, stage box layout and handoff
routes all come from the style module, which the exports use too; this module only turns
them into Qt objects and caches what is expensive.
"""

from __future__ import annotations

from functools import cache, lru_cache
from pathlib import Path

from PySide6.QtCore import QPointF
from PySide6.QtGui import QPainterPath

from vsm_editor.model.geometry import Rect
from vsm_editor.resources_access import resource
from vsm_editor.style import palette, sizes
from vsm_editor.style import text as style_text
from vsm_editor.style.layout import NO_COVERAGE, Coverage, StageLayout, layout_stage
from vsm_editor.style.markers import LAYERS, MarkerShape, improvement_marker, layer_marker
from vsm_editor.style.strokes import HandoffStroke, arrow_head, handoff_stroke

Point = tuple[float, float]
Box = tuple[float, float, float, float]  # x, y, width, height

GRID = 10.0
CANVAS = "#f4f5f7"  # the canvas around the lanes (UI only; exports have their own page)
SELECTION = palette.STAGE_SELECTED_BORDER
REFUSED = palette.SEVERITY_COLOURS["error"]

__all__ = [
    "LAYERS", "NO_COVERAGE", "Coverage", "HandoffStroke", "MarkerShape", "StageLayout",
    "arrow_head", "handoff_stroke", "palette", "sizes",
]


def font_files() -> list[Path]:
    """The shipped font files to register with Qt (regular first)."""
    return [
        Path(str(resource("fonts", name)))
        for name in (style_text.REGULAR_FONT, style_text.BOLD_FONT)
    ]


# ---------------------------------------------------------------- colours
@cache
def band_colour(lane_colour: str | None) -> str:
    """A lane's muted band colour."""
    return palette.band_colour(lane_colour)


@cache
def header_colour(lane_colour: str | None) -> str:
    """A lane header: its band, a little darker."""
    return palette.mix(band_colour(lane_colour), palette.TEXT, 0.08)


@cache
def strip_colour(lane_colour: str | None) -> str:
    """The lane-coloured strip inside a stage box."""
    return palette.strip_colour(lane_colour)


# ---------------------------------------------------------------- stage layout
@lru_cache(maxsize=8192)
def _layout(name: str, owner: str, width: float, height: float, coverage: Coverage,
            improvements: tuple[str, ...]) -> StageLayout:
    from vsm_editor.model import Improvement, Stage

    stage = Stage(
        id="st_layout", name=name, owner=owner, width=width, height=height,
        improvements=[Improvement(id=f"im_{i}", text="", kind=k)  # type: ignore[arg-type]
                      for i, k in enumerate(improvements)],
    )
    return layout_stage(stage, Rect(0.0, 0.0, width, height), None, coverage)


def stage_layout(stage, coverage: Coverage = NO_COVERAGE) -> StageLayout:
    """``stage`` laid out at the origin (item coordinates); shared between equal stages."""
    kinds = tuple(i.kind for i in stage.improvements)
    return _layout(stage.name, stage.owner, stage.width, stage.height, tuple(coverage), kinds)


def wrap(text: str, width: float, size: float, bold: bool = False) -> list[str]:
    """``text`` wrapped to ``width`` with the shared text measurement."""
    return style_text.wrap(text, width, size, bold=bold)


def measure(text: str, size: float, bold: bool = False) -> float:
    return style_text.measure(text, size, bold)


def ascent(size: float, bold: bool = False) -> float:
    return style_text.ascent(size, bold)


def line_height(size: float, bold: bool = False) -> float:
    return style_text.line_height(size, bold)


# ---------------------------------------------------------------- paths
def qt_path(commands) -> QPainterPath:
    """A style path (M/L/Q/C/Z command tuples) as a QPainterPath."""
    path = QPainterPath()
    for command in commands:
        op = command[0]
        if op == "M":
            path.moveTo(command[1], command[2])
        elif op == "L":
            path.lineTo(command[1], command[2])
        elif op == "Q":
            path.quadTo(command[1], command[2], command[3], command[4])
        elif op == "C":
            path.cubicTo(*command[1:7])
        elif op == "Z":
            path.closeSubpath()
    return path


@cache
def layer_marker_shape(layer: str, linked: bool) -> tuple[MarkerShape, QPainterPath]:
    """The P1–P4 marker at the origin and its outline as a Qt path."""
    shape = layer_marker(layer, linked, 0.0, 0.0)
    return shape, qt_path(shape.outline)


@cache
def improvement_shape(kind: str) -> tuple[MarkerShape, QPainterPath, QPainterPath]:
    """The improvement burst at the origin: the shape, its outline and its mark."""
    shape = improvement_marker(kind, 0.0, 0.0)
    return shape, qt_path(shape.outline), qt_path(shape.mark)


def points(route: list[Point]) -> list[QPointF]:
    return [QPointF(x, y) for x, y in route]


# ---------------------------------------------------------------- routes
def route(source: Box, target: Box, kind: str, offset: float = 0.0) -> list[Point]:
    """An orthogonal route between two boxes (scene coordinates).

    Forward handoffs leave the right side and enter the left; stacked boxes connect bottom
    to top; backward and rework handoffs go round under both boxes. ``offset`` separates
    parallel handoffs between the same two stages.
    """
    sx, sy, sw, sh = source
    tx, ty, tw, th = target
    margin = sizes.ROUTE_MARGIN
    if kind != "rework" and tx >= sx + sw + 2 * margin:
        start, end = (sx + sw, sy + sh / 2 + offset), (tx, ty + th / 2 + offset)
        if abs(start[1] - end[1]) < 0.5:
            return [start, end]
        mid_x = (start[0] + end[0]) / 2
        return [start, (mid_x, start[1]), (mid_x, end[1]), end]
    if kind != "rework" and (ty >= sy + sh + 2 * margin or ty + th <= sy - 2 * margin):
        down = ty >= sy + sh
        start = (sx + sw / 2 + offset, sy + sh if down else sy)
        end = (tx + tw / 2 + offset, ty if down else ty + th)
        if abs(start[0] - end[0]) < 0.5:
            return [start, end]
        mid_y = (start[1] + end[1]) / 2
        return [start, (start[0], mid_y), (end[0], mid_y), end]
    below = max(sy + sh, ty + th) + 2 * margin + abs(offset)
    start = (sx + sw / 2 + offset, sy + sh)
    end = (tx + tw / 2 + offset, ty + th)
    return [start, (start[0], below), (end[0], below), end]
