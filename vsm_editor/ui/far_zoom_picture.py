"""The far-zoom picture drawn straight from the items' data, in a few batched calls.

Below :data:`~vsm_editor.ui.items.BLOCK_BELOW` a stage is a filled block and a handoff a
thin plain line, so the picture does not need Qt to call every item's Python ``paint``
(``QGraphicsScene.render`` spends ~70 µs an item on that at 5,000 stages, most of it in
the per-item set-up). Here the stages are one ``drawRects`` per colour and the handoffs
one ``drawLines`` per kind; the few other items (lanes, halos, the flow drawings still shown
this far out) paint themselves. Stacking follows the items' z values: lanes, halos,
handoffs, flow drawings, stages with what they carry, the ladder.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtCore import QLineF, QRectF, Qt
from PySide6.QtGui import QPainter, QPen, QTransform
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem

from vsm_editor.ui import style_bridge as sb
from vsm_editor.ui.flow_items import HALO_WIDTH, LADDER_Z, FigureItem, RouteHalos
from vsm_editor.ui.items import StageItem
from vsm_editor.ui.theme import blended, colour


def draw_far_picture(scene, painter: QPainter, source: QRectF) -> None:
    """Paint the map items of ``scene`` that touch ``source`` as the view shows them far
    out; ``painter`` maps scene coordinates to the picture."""
    base = painter.worldTransform()
    option = QStyleOptionGraphicsItem()
    option.exposedRect = source
    layers = _flow_items(scene, source)
    for lane in scene.lanes.values():
        if lane.isVisible():
            lane.paint(painter, option, None)
    with _plain(painter):
        _route_halos(painter, layers["route halos"], source)
        _handoff_lines(scene, painter, source)
    for item in layers["figures"]:
        _paint(painter, item, base)
    painter.setWorldTransform(base)
    with _plain(painter):
        _stage_halos(scene, painter, source)
        _stage_blocks(scene, painter, source)
    for item in layers["on stages"] + layers["ladder"]:
        _paint(painter, item, base)
    painter.setWorldTransform(base)


def _flow_items(scene, source: QRectF) -> dict[str, list[QGraphicsItem]]:
    """The overlay's items that show this far out, by where they stack: route halos under
    the handoffs, figures over them, figures carried by stages over the stages, the ladder
    on top."""
    layers: dict[str, list[QGraphicsItem]] = {
        name: [] for name in ("route halos", "figures", "on stages", "ladder")}
    for items in scene.map_item_sources:
        for item in items():
            if isinstance(item, FigureItem) and item.drawn_at(0.0) is None:
                continue  # data boxes and queues: not drawn this far out
            if item.scene() is not scene or not item.isVisible() \
                    or not item.sceneBoundingRect().intersects(source):
                continue
            if isinstance(item, RouteHalos):
                layer = "route halos"
            elif item.zValue() >= LADDER_Z:
                layer = "ladder"
            elif isinstance(item.parentItem(), StageItem):
                layer = "on stages"
            else:
                layer = "figures"
            layers[layer].append(item)
    return layers


@contextmanager
def _plain(painter: QPainter) -> Iterator[None]:
    """Batched blocks and lines are drawn without antialiasing, as the items do far out;
    the painter's state is restored for the items that paint themselves."""
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
    try:
        yield
    finally:
        painter.restore()


def _paint(painter: QPainter, item: QGraphicsItem, base: QTransform) -> None:
    option = QStyleOptionGraphicsItem()
    option.exposedRect = item.boundingRect()
    painter.setWorldTransform(item.sceneTransform() * base)
    painter.setOpacity(item.effectiveOpacity())
    item.paint(painter, option, None)
    painter.setOpacity(1.0)


def _route_halos(painter: QPainter, halos: list[QGraphicsItem], source: QRectF) -> None:
    """Route halos as wide translucent lines: this far out a few pixels wide, where the
    round joins of the canvas's halos cannot be told from square ones."""
    lines: dict[tuple[str, int], list[QLineF]] = defaultdict(list)
    for item in halos:
        found = lines[(item.colour, item.alpha)]  # type: ignore[attr-defined]
        for route in item.visible(source):  # type: ignore[attr-defined]
            points = route.points
            for (ax, ay), (bx, by) in zip(points, points[1:], strict=False):
                found.append(QLineF(ax, ay, bx, by))
    # in device pixels (a cosmetic pen is drawn without the stroker: ~10× faster here)
    width = max(1.0, round(HALO_WIDTH * painter.worldTransform().m11()))
    for (name, alpha), found in lines.items():
        pen = QPen(blended(name, alpha, None), width)
        pen.setCosmetic(True)
        pen.setCapStyle(Qt.PenCapStyle.SquareCap)
        painter.setPen(pen)
        painter.drawLines(found)


def _stage_halos(scene, painter: QPainter, source: QRectF) -> None:
    """Stage halos as square outlines (their rounded corners are under a pixel this far out)."""
    outlines: dict[tuple[str, int], list[QRectF]] = defaultdict(list)
    for item in scene.stages.values():
        if item.halo is None or not item.isVisible():
            continue
        rect = item.halo_rect().translated(item.pos())
        if rect.intersects(source):
            outlines[item.halo].append(rect)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    for (name, alpha), rects in outlines.items():
        painter.setPen(QPen(blended(name, alpha, None), HALO_WIDTH))
        painter.drawRects(rects)


def _handoff_lines(scene, painter: QPainter, source: QRectF) -> None:
    """Every handoff as a thin plain polyline in its kind's colour (as HandoffItem far out)."""
    lines: dict[str, list[QLineF]] = defaultdict(list)
    left, top, right, bottom = source.left(), source.top(), source.right(), source.bottom()
    for item in scene.handoffs.values():
        route = item.route
        if len(route) < 2 or not item.isVisible():
            continue
        bounds = item.boundingRect()
        if bounds.right() < left or bounds.left() > right or bounds.bottom() < top \
                or bounds.top() > bottom:
            continue
        found = lines[item.handoff.kind]
        (ax, ay) = route[0]
        for bx, by in route[1:]:
            found.append(QLineF(ax, ay, bx, by))
            ax, ay = bx, by
    for kind, found in lines.items():
        painter.setPen(QPen(colour(sb.handoff_stroke(kind).colour), 0))
        painter.drawLines(found)


def _stage_blocks(scene, painter: QPainter, source: QRectF) -> None:
    """Every stage as a block in its lane's strip colour (as StageItem far out), selected
    and refused ones in their edge colours."""
    blocks: dict[tuple[str, float], list[QRectF]] = defaultdict(list)
    for item in scene.stages.values():
        if not item.isVisible():
            continue
        x, y, width, height = item.box()
        if x > source.right() or y > source.bottom() or x + width < source.left() \
                or y + height < source.top():
            continue
        if item.refused:
            fill = sb.REFUSED
        elif item.isSelected():
            fill = sb.SELECTION
        else:
            fill = sb.strip_colour(item.lane_colour)
        blocks[(fill, item.opacity())].append(QRectF(x, y, width, height))
    painter.setPen(Qt.PenStyle.NoPen)
    for (fill, opacity), rects in blocks.items():
        painter.setOpacity(opacity)
        painter.setBrush(colour(fill))
        painter.drawRects(rects)
    painter.setOpacity(1.0)


__all__ = ["draw_far_picture"]
