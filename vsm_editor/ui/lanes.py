"""Lane editing: rename, reorder, resize, recolour and delete, each one undo step.

:class:`LaneController` turns lane intents into ``Modeling`` calls and shows refusals on the
canvas. The lane the keyboard commands act on is the *current lane*: the one whose header
was clicked last, else the lane of the first selected stage.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

import shiboken6
from PySide6.QtCore import QEvent, QObject, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QPen
from PySide6.QtWidgets import QGraphicsRectItem, QLineEdit

from vsm_editor.commands import CommandRefusedError
from vsm_editor.ui import lanes_dialogs
from vsm_editor.ui import style_bridge as sb
from vsm_editor.ui.items import StageItem
from vsm_editor.ui.lanes_pinned import PinnedLaneHeaders, header_left
from vsm_editor.ui.override_guard import guarded_filter

if TYPE_CHECKING:
    from vsm_editor.ui.view import MapView

T = TypeVar("T")


def attempt(view: MapView, call: Callable[[], T]) -> T | None:
    """Run one edit; a refusal is shown on the canvas and gives None."""
    try:
        return call()
    except CommandRefusedError as err:
        reason = err.reason.strip()
        sentence = (reason[:1].upper() + reason[1:]).rstrip(".") + "."
        view.refuse(sentence if reason else "Not allowed.")
        return None


class LaneController(QObject):
    """Lane commands for one window's view."""

    def __init__(self, view: MapView) -> None:
        super().__init__(view)
        self.view = view
        self.scene = view.map_scene
        self.editing = view.editing
        self.modeling = view.editing.modeling
        self.document = view.editing.document
        self.current_lane: str | None = None
        self._editor: QLineEdit | None = None
        self._marker = QGraphicsRectItem()
        self._marker.setPen(QPen(QColor(sb.SELECTION), 2))
        self._marker.setBrush(QBrush(Qt.BrushStyle.NoBrush))
        self._marker.setZValue(-5)
        self._marker.hide()
        self.scene.addItem(self._marker)
        self._unsubscribe = self.document.subscribe(lambda _changes: self._show_current())
        self.pinned = PinnedLaneHeaders(view)
        view.horizontalScrollBar().valueChanged.connect(self._show_current)
        view.zoom_changed.connect(self._show_current)

    # ------------------------------------------------------------ the current lane
    def set_current(self, lane_id: str | None) -> None:
        """Make ``lane_id`` the lane keyboard commands act on (outlined on the canvas)."""
        self.current_lane = lane_id
        self._show_current()

    def _show_current(self, *_args) -> None:
        if not shiboken6.isValid(self.view) or not shiboken6.isValid(self._marker):
            return
        if self.current_lane is not None and self.current_lane not in self.scene.lanes:
            self.current_lane = None
        if self.current_lane is None:
            self._marker.hide()
            return
        self._marker.setRect(self.header_rect(self.current_lane).adjusted(1, 1, -1, -1))
        self._marker.show()

    def target_lane(self) -> str | None:
        """The current lane, else the lane of the first selected stage."""
        if self.current_lane in self.scene.lanes:
            return self.current_lane
        for item in self.scene.selectedItems():
            if isinstance(item, StageItem) and item.stage.lane is not None:
                return item.stage.lane
        return None

    def _need_lane(self) -> str | None:
        lane_id = self.target_lane()
        if lane_id is None:
            self.view.refuse("Click a lane's header (or select a stage in it) first.")
        return lane_id

    # ------------------------------------------------------------ geometry
    def band_rect(self, lane_id: str) -> QRectF:
        return self.scene.lanes[lane_id].boundingRect()

    def header_rect(self, lane_id: str) -> QRectF:
        """The lane's header as the view shows it: pinned to the view's left edge once the
        band's start has scrolled out (:mod:`~vsm_editor.ui.lanes_pinned`)."""
        band = self.band_rect(lane_id)
        return QRectF(header_left(self.view, band), band.top(),
                      sb.sizes.LANE_HEADER_WIDTH, band.height())

    def header_at(self, pos) -> str | None:
        """The lane whose header holds the scene point ``pos``."""
        for lane_id in self.scene.lanes:
            if self.header_rect(lane_id).contains(pos):
                return lane_id
        return None

    def bottom_edge_at(self, pos, tolerance: float = 4.0) -> str | None:
        """The lane whose band's bottom edge is within ``tolerance`` (scene units) of ``pos``."""
        for lane_id in self.scene.lanes:
            band = self.band_rect(lane_id)
            if band.left() <= pos.x() <= band.right() and abs(pos.y() - band.bottom()) <= tolerance:
                return lane_id
        return None

    # ------------------------------------------------------------ edits
    def rename(self, lane_id: str, text: str) -> None:
        text = " ".join(text.split())
        if text != self.document.get(lane_id).name:
            attempt(self.view, lambda: self.modeling.rename(lane_id, text))

    def reorder(self, lane_id: str, index: int) -> None:
        """Move a lane to ``index`` among the lanes; its stages come along."""
        attempt(self.view, lambda: self.modeling.reorder(lane_id, index))
        self.set_current(lane_id)

    def move_by(self, delta: int, lane_id: str | None = None) -> None:
        """Move the current lane up (-1) or down (+1)."""
        lane_id = lane_id or self._need_lane()
        if lane_id is None:
            return
        index = self.document.index_of(lane_id) + delta
        if 0 <= index < len(self.document.map.lanes):
            self.reorder(lane_id, index)

    def resize(self, lane_id: str, height: float) -> None:
        if height != self.document.get(lane_id).height:
            attempt(self.view, lambda: self.modeling.resize_lane(lane_id, height))

    def recolour(self, lane_id: str | None = None) -> None:
        """Ask for a colour and give it to the lane."""
        lane_id = lane_id or self._need_lane()
        if lane_id is None:
            return
        lane = self.document.get(lane_id)
        chosen = lanes_dialogs.choose_colour(self.view, lane.colour)
        if chosen and chosen != lane.colour:
            attempt(self.view, lambda: self.modeling.recolour_lane(lane_id, chosen))

    def delete(self, lane_id: str | None = None) -> None:
        """Delete a lane, asking where its stages go when it has any."""
        lane_id = lane_id or self._need_lane()
        if lane_id is None:
            return
        lane = self.document.get(lane_id)
        count = sum(1 for s in self.document.map.stages if s.lane == lane_id)
        destination = None
        if count:
            others = [(ln.id, ln.name) for ln in self.document.map.lanes if ln.id != lane_id]
            answer = lanes_dialogs.ask_stage_destination(self.view, lane.name, count, others)
            if answer is None:
                return
            destination = answer or None
        attempt(self.view, lambda: self.modeling.remove_lane(lane_id, destination))

    # ------------------------------------------------------------ renaming in place
    def start_rename(self, lane_id: str | None = None) -> None:
        """Edit the lane's name in a field over its header."""
        lane_id = lane_id or self._need_lane()
        if lane_id is None:
            return
        self.finish_rename(commit=True)
        self.set_current(lane_id)
        header = self.header_rect(lane_id)
        rect = self.view.mapFromScene(header).boundingRect()
        editor = QLineEdit(self.document.get(lane_id).name, self.view.viewport())
        editor.setObjectName("lane-rename")
        editor.setGeometry(rect.left() + 2, rect.top() + 4, max(rect.width() - 4, 160), 28)
        editor.selectAll()
        editor.setProperty("lane_id", lane_id)
        editor.returnPressed.connect(lambda: self.finish_rename(commit=True))
        editor.installEventFilter(self)
        editor.show()
        editor.setFocus()
        self._editor = editor

    def finish_rename(self, commit: bool) -> None:
        editor, self._editor = self._editor, None
        if editor is None:
            return
        lane_id, text = editor.property("lane_id"), editor.text()
        editor.removeEventFilter(self)
        editor.setObjectName("")
        editor.hide()
        editor.deleteLater()
        self.view.setFocus()
        if commit and lane_id in self.document:
            self.rename(lane_id, text)

    @guarded_filter
    def eventFilter(self, watched, event) -> bool:
        if watched is self._editor:
            if event.type() == QEvent.Type.KeyPress and event.key() == Qt.Key.Key_Escape:
                self.finish_rename(commit=False)
                return True
            if event.type() == QEvent.Type.FocusOut and event.reason() in (
                Qt.FocusReason.MouseFocusReason, Qt.FocusReason.TabFocusReason
            ):
                self.finish_rename(commit=True)
        return super().eventFilter(watched, event)

    def detach(self) -> None:
        self._unsubscribe()
