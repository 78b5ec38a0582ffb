"""Vector paths as plain command lists that both QPainterPath and SVG can draw.

A path is a list of commands, each a tuple whose first item names it:

* ``("M", x, y)``: move to (QPainterPath.moveTo, SVG ``M``)
* ``("L", x, y)``: line to (lineTo, ``L``)
* ``("Q", cx, cy, x, y)``: quadratic curve (quadTo, ``Q``)
* ``("C", c1x, c1y, c2x, c2y, x, y)``: cubic curve (cubicTo, ``C``)
* ``("Z",)``: close the subpath (closeSubpath, ``Z``)

All coordinates are absolute. Shapes are filled with the non-zero rule.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from math import cos, pi, sin

PathCommand = tuple
Path = list[PathCommand]
Point = tuple[float, float]

#: The cubic Bézier handle length that approximates a quarter circle.
KAPPA = 0.5522847498


def _number(value: float) -> str:
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def svg_path_data(path: Iterable[PathCommand]) -> str:
    """The path as an SVG ``d`` attribute."""
    return " ".join(
        command[0] + (" " + " ".join(_number(v) for v in command[1:]) if len(command) > 1 else "")
        for command in path
    )


def translated(path: Iterable[PathCommand], dx: float, dy: float) -> Path:
    """The path moved by (dx, dy)."""
    result: Path = []
    for command in path:
        values = command[1:]
        moved = [v + (dx if i % 2 == 0 else dy) for i, v in enumerate(values)]
        result.append((command[0], *moved))
    return result


def polygon(points: Sequence[Point]) -> Path:
    """A closed polygon through ``points``."""
    path: Path = [("M", *points[0])]
    path.extend(("L", *point) for point in points[1:])
    path.append(("Z",))
    return path


def polyline(points: Sequence[Point]) -> Path:
    """An open polyline through ``points``."""
    path: Path = [("M", *points[0])]
    path.extend(("L", *point) for point in points[1:])
    return path


def rectangle(x: float, y: float, width: float, height: float) -> Path:
    """A closed axis-aligned rectangle."""
    return polygon([(x, y), (x + width, y), (x + width, y + height), (x, y + height)])


def rounded_rectangle(x: float, y: float, width: float, height: float, radius: float) -> Path:
    """A rectangle with quarter-circle corners of ``radius`` (clamped to fit)."""
    r = max(0.0, min(radius, width / 2, height / 2))
    if r == 0:
        return rectangle(x, y, width, height)
    k = r * (1 - KAPPA)
    right, bottom = x + width, y + height
    return [
        ("M", x + r, y),
        ("L", right - r, y),
        ("C", right - k, y, right, y + k, right, y + r),
        ("L", right, bottom - r),
        ("C", right, bottom - k, right - k, bottom, right - r, bottom),
        ("L", x + r, bottom),
        ("C", x + k, bottom, x, bottom - k, x, bottom - r),
        ("L", x, y + r),
        ("C", x, y + k, x + k, y, x + r, y),
        ("Z",),
    ]


def circle(cx: float, cy: float, radius: float) -> Path:
    """A closed circle made of four cubic arcs."""
    r, k = radius, radius * KAPPA
    return [
        ("M", cx + r, cy),
        ("C", cx + r, cy + k, cx + k, cy + r, cx, cy + r),
        ("C", cx - k, cy + r, cx - r, cy + k, cx - r, cy),
        ("C", cx - r, cy - k, cx - k, cy - r, cx, cy - r),
        ("C", cx + k, cy - r, cx + r, cy - k, cx + r, cy),
        ("Z",),
    ]


def regular_polygon(
    cx: float, cy: float, radius: float, corners: int, rotation: float = 0.0
) -> list[Point]:
    """Corner points of a regular polygon (rotation in radians, 0 = first corner at right)."""
    return [
        (cx + radius * cos(rotation + 2 * pi * i / corners),
         cy + radius * sin(rotation + 2 * pi * i / corners))
        for i in range(corners)
    ]


def star(cx: float, cy: float, outer: float, inner: float, spikes: int) -> list[Point]:
    """Corner points of a star (spikes pointing outwards, the first one up)."""
    points = []
    for i in range(spikes * 2):
        radius = outer if i % 2 == 0 else inner
        angle = -pi / 2 + pi * i / spikes
        points.append((cx + radius * cos(angle), cy + radius * sin(angle)))
    return points


def rounded_polyline(points: Sequence[Point], radius: float) -> Path:
    """An open polyline whose corners are rounded with quadratic curves of up to ``radius``."""
    if len(points) < 3 or radius <= 0:
        return polyline(points)
    path: Path = [("M", *points[0])]
    for into, corner, out in rounded_corners(points, radius):
        path.append(("L", *into))
        path.append(("Q", *corner, *out))
    path.append(("L", *points[-1]))
    return path


def rounded_corners(points: Sequence[Point], radius: float
                    ) -> Iterator[tuple[Point, Point, Point]]:
    """Each inner corner of a polyline rounded by up to ``radius``: where its curve starts,
    the corner (the curve's control point) and where the curve ends."""
    for previous, corner, following in zip(points, points[1:], points[2:], strict=False):
        x, y = corner
        yield (toward(x, y, previous[0], previous[1], radius), corner,
               toward(x, y, following[0], following[1], radius))


def toward(x: float, y: float, other_x: float, other_y: float, radius: float) -> Point:
    """The point ``radius`` from (x, y) towards (other_x, other_y) (at most halfway)."""
    dx, dy = other_x - x, other_y - y
    length = (dx * dx + dy * dy) ** 0.5
    if length == 0:
        return (x, y)
    half = length / 2
    step = (half if half < radius else radius) / length  # min(radius, half), without a call
    return (x + dx * step, y + dy * step)
