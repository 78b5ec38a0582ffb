"""The spotlight on the presented stage: the rest of the map dimmed, a bold ring round it."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from vsm_editor.ui.override_guard import guarded

DIM = QColor(15, 23, 42, 120)  # slate, about half opaque: the map stays readable behind it
RING = "#ffb000"  # amber ring, outlined in black so it shows on light and dark
RING_EDGE = "#000000"
RING_WIDTH = 6.0  # device pixels (cosmetic pen)
PAD = 6.0  # scene units between the box and the ring


class Spotlight(QGraphicsItem):
    """Covers ``area`` except the stage box ``target`` (scene coordinates)."""

    def __init__(self, area: QRectF) -> None:
        super().__init__()
        self.setZValue(100)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self._area = QRectF(area)
        self.target = QRectF()

    def set_target(self, target: QRectF) -> None:
        """Put the light on ``target``."""
        self.target = QRectF(target)
        self.update()

    def boundingRect(self) -> QRectF:
        return self._area

    @guarded
    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem,
              widget: QWidget | None = None) -> None:
        hole = self.target.adjusted(-PAD, -PAD, PAD, PAD)
        shade = QPainterPath()
        shade.addRect(self._area)
        cut = QPainterPath()
        cut.addRoundedRect(hole, 10, 10)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(DIM)
        painter.drawPath(shade.subtracted(cut))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        for colour, width in ((RING_EDGE, RING_WIDTH + 3), (RING, RING_WIDTH)):
            pen = QPen(QColor(colour), width)
            pen.setCosmetic(True)
            pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
            painter.setPen(pen)
            painter.drawRoundedRect(hole, 10, 10)
