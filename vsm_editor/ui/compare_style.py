"""How the comparison view marks a kind of difference: a colour, a letter and a badge shape.

Meaning never rests on colour alone: every kind has its own letter and its own badge shape,
and removed elements get a dashed outline. The badge painter is shared by the canvases and
the legend, so the legend shows exactly what the canvas draws.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPen, QPixmap, QPolygonF

from vsm_editor.analysis.compare_result import DIFFERENCE_KINDS
from vsm_editor.ui.theme import font

BADGE = 20.0  # badge size in screen pixels


@dataclass(frozen=True)
class KindLook:
    """The look of one difference kind."""

    kind: str
    colour: str
    letter: str
    shape: str  # circle | square | diamond | hexagon | triangle | octagon
    text_colour: str = "#ffffff"
    dashed: bool = False


LOOKS: dict[str, KindLook] = {
    "added": KindLook("added", "#2f855a", "+", "circle"),
    "removed": KindLook("removed", "#c53030", "−", "square", dashed=True),
    "renamed": KindLook("renamed", "#2b6cb0", "R", "diamond"),
    "moved": KindLook("moved", "#6b46c1", "M", "hexagon"),
    "re-annotated": KindLook("re-annotated", "#d69e2e", "A", "triangle", "#1a202c"),
    "edited": KindLook("edited", "#0e7490", "E", "octagon"),
}
assert tuple(LOOKS) == DIFFERENCE_KINDS


def look(kind: str) -> KindLook:
    """The look of ``kind`` (a difference kind)."""
    return LOOKS[kind]


def primary_kind(kinds: list[str] | set[str]) -> str:
    """The kind whose colour outlines an element with several kinds of change."""
    return next(kind for kind in DIFFERENCE_KINDS if kind in kinds)


def _polygon(rect: QRectF, corners: int, start_deg: float) -> QPolygonF:
    import math

    centre, radius = rect.center(), rect.width() / 2
    return QPolygonF([
        QPointF(centre.x() + radius * math.cos(math.radians(start_deg + i * 360 / corners)),
                centre.y() + radius * math.sin(math.radians(start_deg + i * 360 / corners)))
        for i in range(corners)
    ])


def paint_badge(painter: QPainter, rect: QRectF, kind: str) -> None:
    """The badge of ``kind`` filling ``rect``: its shape in its colour, its letter inside."""
    spec = look(kind)
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QPen(QColor("#ffffff"), 1.5))
    painter.setBrush(QColor(spec.colour))
    if spec.shape == "circle":
        painter.drawEllipse(rect)
    elif spec.shape == "square":
        painter.drawRect(rect.adjusted(1, 1, -1, -1))
    elif spec.shape == "diamond":
        painter.drawPolygon(_polygon(rect.adjusted(-1, -1, 1, 1), 4, -90))
    elif spec.shape == "hexagon":
        painter.drawPolygon(_polygon(rect, 6, 0))
    elif spec.shape == "triangle":
        painter.drawPolygon(_polygon(rect.adjusted(-2, -3, 2, 1), 3, -90))
    else:
        painter.drawPolygon(_polygon(rect, 8, 22.5))
    painter.setPen(QColor(spec.text_colour))
    painter.setFont(font(rect.height() * 0.62, True))
    text_rect = rect.adjusted(0, 2, 0, 0) if spec.shape == "triangle" else rect
    painter.drawText(text_rect, Qt.AlignmentFlag.AlignCenter, spec.letter)
    painter.restore()


def badge_icon(kind: str, size: int = 18) -> QIcon:
    """The badge of ``kind`` as an icon (the list and the legend use it)."""
    ratio = 2
    pixmap = QPixmap(size * ratio, size * ratio)
    pixmap.setDevicePixelRatio(ratio)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    paint_badge(painter, QRectF(1, 1, size - 2, size - 2), kind)
    painter.end()
    return QIcon(pixmap)
