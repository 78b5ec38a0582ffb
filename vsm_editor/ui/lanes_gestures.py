"""Mouse gestures on lanes, watched on the canvas viewport before the view sees them.

- click a lane's header: it becomes the current lane; drag it up or down to reorder;
- double-click a header: rename it in place;
- drag a band's bottom edge: resize the lane (a dashed preview, one step on release);
- right-click a header: the lane's menu.

A drag changes nothing until the mouse is released, then it is one undo step.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QLineF, QObject, QPointF, Qt
from PySide6.QtGui import QPen
from PySide6.QtWidgets import QGraphicsLineItem, QMenu

from vsm_editor.ui import style_bridge as sb
from vsm_editor.ui.lanes import LaneController
from vsm_editor.ui.override_guard import guarded_filter
from vsm_editor.ui.theme import colour

MOVE_THRESHOLD = 4  # pixels before a press on a header becomes a drag
E = QEvent.Type


class LaneGestures(QObject):
    """Event filter on the view's viewport turning header and edge drags into lane edits."""

    def __init__(self, lanes: LaneController, menu_actions: list | None = None) -> None:
        super().__init__(lanes)
        self.lanes = lanes
        self.view = lanes.view
        self.menu_actions = menu_actions or []
        self._drag: dict | None = None
        self._cursor_set = False
        self._guide = QGraphicsLineItem()
        self._guide.setPen(QPen(colour(sb.SELECTION), 3, Qt.PenStyle.DashLine))
        self._guide.setZValue(20)
        self._guide.hide()
        self.lanes.scene.addItem(self._guide)
        self.view.viewport().installEventFilter(self)

    def _scene_pos(self, event) -> QPointF:
        return self.view.mapToScene(event.position().toPoint())

    def _free_at(self, pos: QPointF) -> bool:
        """No stage under ``pos`` and no connect gesture: lane gestures may start here."""
        return not self.view.connect_mode and self.lanes.scene.stage_at(pos) is None

    @guarded_filter
    def eventFilter(self, watched, event) -> bool:
        kind = event.type()
        if kind == E.MouseButtonPress and event.button() == Qt.MouseButton.LeftButton:
            return self._press(self._scene_pos(event), event.position().toPoint())
        if kind == E.MouseMove:
            return self._move(self._scene_pos(event), event.position().toPoint())
        if kind == E.MouseButtonRelease and event.button() == Qt.MouseButton.LeftButton:
            return self._release(self._scene_pos(event))
        if kind == E.MouseButtonDblClick and event.button() == Qt.MouseButton.LeftButton:
            pos = self._scene_pos(event)
            lane_id = self.lanes.header_at(pos) if self._free_at(pos) else None
            if lane_id is not None:
                self.lanes.start_rename(lane_id)
                return True
        if kind == E.ContextMenu:
            pos = self.view.mapToScene(event.pos())
            lane_id = self.lanes.header_at(pos) if self._free_at(pos) else None
            if lane_id is not None:
                self.lanes.set_current(lane_id)
                self.lane_menu().exec(event.globalPos())
                return True
        return False

    def lane_menu(self) -> QMenu:
        """The current lane's commands (the window's own actions, keys shown)."""
        menu = QMenu(self.view)
        for action in self.menu_actions:
            if action is None:
                menu.addSeparator()
            else:
                menu.addAction(action)
        return menu

    # ------------------------------------------------------------ press, move, release
    def _press(self, pos: QPointF, point) -> bool:
        self.lanes.finish_rename(commit=True)
        if not self._free_at(pos):
            return False
        edge = self.lanes.bottom_edge_at(pos, 5 / max(self.view.zoom(), 0.01))
        if edge is not None:
            self.lanes.view.finish_rename(commit=True)
            self._drag = {"mode": "resize", "lane": edge, "height": None}
            return True
        lane_id = self.lanes.header_at(pos)
        if lane_id is None:
            return False
        self.lanes.view.finish_rename(commit=True)
        self.lanes.set_current(lane_id)
        self._drag = {"mode": "reorder", "lane": lane_id, "start": point, "index": None}
        return True

    def _move(self, pos: QPointF, point) -> bool:
        drag = self._drag
        if drag is None:
            self._hover(pos)
            return False
        if drag["mode"] == "resize":
            self._preview_height(drag, pos)
        elif drag["index"] is not None or (
            (point - drag["start"]).manhattanLength() >= MOVE_THRESHOLD
        ):
            self._preview_order(drag, pos)
        return True

    def _release(self, pos: QPointF) -> bool:
        drag, self._drag = self._drag, None
        if drag is None:
            return False
        self._guide.hide()
        if drag["mode"] == "resize" and drag["height"] is not None:
            self.lanes.resize(drag["lane"], drag["height"])
        elif drag["mode"] == "reorder" and drag["index"] is not None:
            self.lanes.reorder(drag["lane"], drag["index"])
        return True

    def _hover(self, pos: QPointF) -> None:
        shape = None
        if self._free_at(pos):
            if self.lanes.bottom_edge_at(pos, 5 / max(self.view.zoom(), 0.01)) is not None:
                shape = Qt.CursorShape.SizeVerCursor
            elif self.lanes.header_at(pos) is not None:
                shape = Qt.CursorShape.OpenHandCursor
        if shape is not None:
            self.view.viewport().setCursor(shape)
            self._cursor_set = True
        elif self._cursor_set:
            self.view.viewport().unsetCursor()
            self._cursor_set = False

    # ------------------------------------------------------------ previews
    def _preview_height(self, drag: dict, pos: QPointF) -> None:
        lane_id = drag["lane"]
        band = self.lanes.band_rect(lane_id)
        minimum = self.lanes.modeling.min_lane_height(lane_id)
        height = max(minimum, round((pos.y() - band.top()) / sb.GRID) * sb.GRID)
        drag["height"] = height
        y = band.top() + height
        self._guide.setLine(QLineF(band.left(), y, band.right(), y))
        self._guide.show()

    def _preview_order(self, drag: dict, pos: QPointF) -> None:
        lane_id = drag["lane"]
        others = [lane.id for lane in self.lanes.document.map.lanes if lane.id != lane_id]
        index = sum(1 for other in others if self.lanes.band_rect(other).center().y() < pos.y())
        drag["index"] = index
        if index < len(others):
            y = self.lanes.band_rect(others[index]).top()
        elif others:
            y = self.lanes.band_rect(others[-1]).bottom()
        else:
            y = self.lanes.band_rect(lane_id).top()
        band = self.lanes.band_rect(lane_id)
        self._guide.setLine(QLineF(band.left(), y, band.right(), y))
        self._guide.show()
        self.view.viewport().setCursor(Qt.CursorShape.ClosedHandCursor)
        self._cursor_set = True
