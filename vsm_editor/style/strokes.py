"""How each handoff kind is stroked: colour, width, dash pattern, arrow head, corner rounding.

Flow is solid with an arrow; information is dashed with an arrow; rework is dotted, with
strongly rounded corners (it curves back round the row) and an arrow.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from vsm_editor.style import palette, sizes
from vsm_editor.style.paths import Path, Point, polyline, rounded_polyline


@dataclass(frozen=True)
class HandoffStroke:
    """The look of one handoff kind.

    ``dash`` is in map units (SVG ``stroke-dasharray``); Qt's ``QPen.setDashPattern`` wants
    multiples of the pen width, which :meth:`dash_in_pen_widths` gives. An empty dash is solid.
    ``round_caps`` matters for the dotted style (zero-length dashes drawn as dots).
    """

    kind: str
    colour: str
    width: float
    dash: tuple[float, ...]
    round_caps: bool
    arrow: bool
    corner_radius: float
    label: str

    def dash_in_pen_widths(self) -> tuple[float, ...]:
        return tuple(value / self.width for value in self.dash)

    def svg_dasharray(self) -> str:
        """The ``stroke-dasharray`` value ("none" when solid)."""
        return " ".join(f"{v:g}" for v in self.dash) if self.dash else "none"

    def path(self, points: list[Point]) -> Path:
        """The route as a path, corners rounded by this kind's radius."""
        if self.corner_radius > 0:
            return rounded_polyline(points, self.corner_radius)
        return polyline(points)


HANDOFF_STROKES: Final = {
    "flow": HandoffStroke(
        kind="flow", colour=palette.HANDOFF_COLOURS["flow"], width=sizes.HANDOFF_WIDTH,
        dash=(), round_caps=False, arrow=True, corner_radius=sizes.ROUTE_CORNER_RADIUS,
        label="Flow (work moves on)",
    ),
    "information": HandoffStroke(
        kind="information", colour=palette.HANDOFF_COLOURS["information"],
        width=sizes.HANDOFF_WIDTH, dash=(6.0, 4.0), round_caps=False, arrow=True,
        corner_radius=sizes.ROUTE_CORNER_RADIUS, label="Information",
    ),
    "rework": HandoffStroke(
        kind="rework", colour=palette.HANDOFF_COLOURS["rework"], width=2.0,
        dash=(0.1, 4.0), round_caps=True, arrow=True,
        corner_radius=sizes.REWORK_CORNER_RADIUS, label="Rework (sent back)",
    ),
}


def handoff_stroke(kind: str) -> HandoffStroke:
    """The stroke of ``kind`` (unknown kinds draw as flow)."""
    return HANDOFF_STROKES.get(kind, HANDOFF_STROKES["flow"])


def arrow_head(points: list[Point], length: float = sizes.ARROW_LENGTH,
               half_width: float = sizes.ARROW_HALF_WIDTH) -> list[Point]:
    """An open arrow head (three points: wing, tip, wing) at the route's last point.

    Stroke it, don't fill it: a stroke-only head is cheap to paint and cannot flood-fill the
    route's path.
    """
    tip = points[-1]
    for previous in reversed(points[:-1]):
        if previous != tip:
            break
    else:
        return [tip, tip, tip]
    dx, dy = tip[0] - previous[0], tip[1] - previous[1]
    norm = (dx * dx + dy * dy) ** 0.5
    ux, uy = dx / norm, dy / norm
    base = (tip[0] - ux * length, tip[1] - uy * length)
    return [
        (base[0] - uy * half_width, base[1] + ux * half_width),
        tip,
        (base[0] + uy * half_width, base[1] - ux * half_width),
    ]
