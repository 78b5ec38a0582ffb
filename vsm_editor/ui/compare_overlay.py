"""Marks on a comparison canvas: one overlay item per changed stage or handoff.

A stage gets an outline in the colour of its main kind of change (dashed when removed) and
a faint tint; a handoff a translucent band along its route. Each overlay carries a row of
badges (shape + letter per kind, see :mod:`compare_style`) that keep their screen size at
any zoom, so a fitted map still shows what changed. Overlays never take mouse clicks: the
stage or handoff underneath stays clickable.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPainterPathStroker, QPen
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from vsm_editor.ui.compare_style import BADGE, look, paint_badge, primary_kind
from vsm_editor.ui.items import HandoffItem, StageItem
from vsm_editor.ui.override_guard import guarded
from vsm_editor.ui.scene import MapScene

STAGE_PAD = 6.0
OUTLINE_WIDTH = 4.0
BAND_WIDTH = 12.0


class BadgeRow(QGraphicsItem):
    """The badges of an overlay, drawn at a constant screen size ending at the item's pos
    (or centred on it)."""

    def __init__(self, kinds: list[str], parent: QGraphicsItem, centred: bool = False) -> None:
        super().__init__(parent)
        self.kinds = kinds
        self._width = len(kinds) * (BADGE + 2)
        self._left = -self._width / 2 if centred else -self._width
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)

    def boundingRect(self) -> QRectF:
        return QRectF(self._left, -BADGE / 2, self._width, BADGE).adjusted(-2, -2, 2, 2)

    @guarded
    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem,
              widget: QWidget | None = None) -> None:
        x = self._left
        for kind in self.kinds:
            paint_badge(painter, QRectF(x, -BADGE / 2, BADGE, BADGE), kind)
            x += BADGE + 2


class DifferenceMark(QGraphicsItem):
    """The overlay of one element: its outline (or band) and its badges."""

    def __init__(self, element_id: str, kinds: list[str], area: QPainterPath, band: bool,
                 badge_at: QPointF) -> None:
        super().__init__()
        self.element_id = element_id
        self.kinds = kinds
        self.kind = primary_kind(kinds)
        self.band = band
        self.area = area
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.setZValue(-1 if band else 2)
        self._bounds = area.boundingRect().adjusted(-4, -4, 4, 4)
        self.badges = BadgeRow(kinds, self, centred=band)
        self.badges.setPos(badge_at)
        self.badges.setZValue(3)

    def boundingRect(self) -> QRectF:
        return self._bounds

    @guarded
    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem,
              widget: QWidget | None = None) -> None:
        spec = look(self.kind)
        tint = QColor(spec.colour)
        if self.band:
            tint.setAlpha(110)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(tint)
            painter.drawPath(self.area)
            return
        tint.setAlpha(28)
        pen = QPen(QColor(spec.colour), OUTLINE_WIDTH)
        if spec.dashed:
            pen.setDashPattern([2.5, 1.5])
        painter.setPen(pen)
        painter.setBrush(tint)
        painter.drawPath(self.area)


def stage_mark(item: StageItem, kinds: list[str]) -> DifferenceMark:
    """The overlay around a stage item."""
    x, y, w, h = item.box()
    rect = QRectF(x, y, w, h).adjusted(-STAGE_PAD, -STAGE_PAD, STAGE_PAD, STAGE_PAD)
    area = QPainterPath()
    area.addRoundedRect(rect, 8, 8)
    return DifferenceMark(item.element_id, kinds, area, False,
                          QPointF(rect.right(), rect.top()))


def handoff_mark(item: HandoffItem, kinds: list[str]) -> DifferenceMark:
    """The band along a handoff's route."""
    route = QPainterPath()
    points = item.route or [(0.0, 0.0)]
    route.moveTo(*points[0])
    for point in points[1:]:
        route.lineTo(*point)
    stroker = QPainterPathStroker()
    stroker.setWidth(BAND_WIDTH)
    stroker.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    stroker.setCapStyle(Qt.PenCapStyle.RoundCap)
    return DifferenceMark(item.element_id, kinds, stroker.createStroke(route), True,
                          _longest_middle(points))


def _longest_middle(points: list[tuple[float, float]]) -> QPointF:
    """The middle of a route's longest segment (where a badge sits clear of the stages)."""
    best, length = QPointF(*points[0]), -1.0
    for (ax, ay), (bx, by) in zip(points, points[1:], strict=False):
        size = abs(bx - ax) + abs(by - ay)
        if size > length:
            best, length = QPointF((ax + bx) / 2, (ay + by) / 2), size
    return best


def mark_scene(scene: MapScene, kinds_by_id: dict[str, list[str]]) -> dict[str, DifferenceMark]:
    """Add an overlay for every stage or handoff of ``scene`` in ``kinds_by_id``."""
    marks: dict[str, DifferenceMark] = {}
    for element_id, kinds in kinds_by_id.items():
        stage = scene.stages.get(element_id)
        handoff = scene.handoffs.get(element_id)
        if stage is not None:
            marks[element_id] = stage_mark(stage, kinds)
        elif handoff is not None and handoff.route:
            marks[element_id] = handoff_mark(handoff, kinds)
        else:
            continue
        scene.addItem(marks[element_id])
    return marks
