"""Marker shapes: the P1–P4 layer markers, the severity markers and the improvement burst.

Each marker is returned as :class:`MarkerShape` paths (see :mod:`vsm_editor.style.paths`)
placed in a box, so the canvas and the exports draw identical symbols. Meaning never rests on
colour alone: layer markers carry their letter and are filled or outlined, severities differ
in outline (octagon, triangle, circle) and in the symbol inside.
"""

from __future__ import annotations

from dataclasses import dataclass
from math import pi
from typing import Final, Literal

from vsm_editor.style import palette, sizes
from vsm_editor.style.paths import (
    Path,
    circle,
    polygon,
    rectangle,
    regular_polygon,
    rounded_rectangle,
    star,
)

Layer = Literal["P1", "P2", "P3", "P4"]
LAYERS: Final[tuple[Layer, ...]] = ("P1", "P2", "P3", "P4")
LAYER_NAMES: Final = {
    "P1": "Strategy",
    "P2": "Process",
    "P3": "System logic",
    "P4": "Components",
}
SEVERITIES: Final = ("error", "warning", "info")
SEVERITY_SHAPE_NAMES: Final = {"error": "octagon", "warning": "triangle", "info": "circle"}


@dataclass(frozen=True, slots=True)
class MarkerShape:
    """A symbol: an outline filled (or only stroked) and an inner mark filled on top.

    ``fill`` is None for an outlined shape; ``label`` is text centred in the box (drawn with
    the bold font at ``label_size``), used by the layer markers.
    """

    outline: Path
    fill: str | None
    stroke: str | None
    stroke_width: float
    mark: Path
    mark_colour: str
    label: str = ""
    label_colour: str = palette.TEXT
    label_size: float = sizes.MARKER_FONT_SIZE


def layer_marker(layer: str, linked: bool, x: float, y: float,
                 size: float = sizes.LAYER_MARKER_SIZE) -> MarkerShape:
    """The P1–P4 marker: a small square with its label, filled when linked, outlined when not."""
    colour = palette.LAYER_COLOURS[layer]
    inset = sizes.LAYER_MARKER_BORDER_WIDTH / 2
    outline = rounded_rectangle(x + inset, y + inset, size - 2 * inset, size - 2 * inset, 2.0)
    return MarkerShape(
        outline=outline,
        fill=colour if linked else palette.MARKER_UNLINKED_FILL,
        stroke=colour,
        stroke_width=sizes.LAYER_MARKER_BORDER_WIDTH,
        mark=[],
        mark_colour=colour,
        label=layer,
        label_colour=palette.LAYER_LINKED_TEXT if linked else colour,
    )


def severity_marker(severity: str, x: float, y: float,
                    size: float = sizes.SEVERITY_MARKER_SIZE) -> MarkerShape:
    """The finding marker: error an octagon with a bar, warning a triangle with "!",
    info a circle with "i"."""
    s = size
    cx, cy = x + s / 2, y + s / 2
    if severity == "error":
        outline = polygon(regular_polygon(cx, cy, s / 2, 8, rotation=pi / 8))
        mark = rectangle(x + s * 0.22, cy - s * 0.09, s * 0.56, s * 0.18)
    elif severity == "warning":
        outline = polygon([(cx, y), (x + s, y + s * 0.94), (x, y + s * 0.94)])
        mark = rectangle(cx - s * 0.06, y + s * 0.32, s * 0.12, s * 0.32)
        mark += rectangle(cx - s * 0.06, y + s * 0.70, s * 0.12, s * 0.12)
    elif severity == "info":
        outline = circle(cx, cy, s / 2)
        mark = rectangle(cx - s * 0.07, y + s * 0.18, s * 0.14, s * 0.14)
        mark += rectangle(cx - s * 0.07, y + s * 0.40, s * 0.14, s * 0.42)
    else:
        raise ValueError(f"unknown severity {severity!r}")
    return MarkerShape(
        outline=outline,
        fill=palette.SEVERITY_COLOURS[severity],
        stroke=None,
        stroke_width=0.0,
        mark=mark,
        mark_colour=palette.SEVERITY_MARK_COLOURS[severity],
    )


def improvement_marker(kind: str, x: float, y: float,
                       size: float = sizes.IMPROVEMENT_MARKER_SIZE) -> MarkerShape:
    """The kaizen burst: an eight-pointed star (ideas yellow, pain points red with a bar)."""
    cx, cy = x + size / 2, y + size / 2
    outline = polygon(star(cx, cy, size / 2, size * 0.3, 8))
    mark: Path = []
    if kind == "pain_point":
        mark = rectangle(cx - size * 0.05, cy - size * 0.2, size * 0.1, size * 0.25)
        mark += rectangle(cx - size * 0.05, cy + size * 0.1, size * 0.1, size * 0.1)
    return MarkerShape(
        outline=outline,
        fill=palette.IMPROVEMENT_COLOURS.get(kind, palette.IMPROVEMENT_COLOURS["idea"]),
        stroke=palette.IMPROVEMENT_BORDER,
        stroke_width=1.0,
        mark=mark,
        mark_colour=palette.IMPROVEMENT_BORDER,
    )
