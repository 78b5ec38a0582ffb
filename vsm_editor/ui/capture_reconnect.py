"""Reconnect a handoff by dragging either of its ends onto another stage.

A selected handoff shows a round grip at each end. Dragging a grip draws a dashed line from
the end that stays; releasing it over a stage moves that end there (one undo step), and a
refused reconnection (a loop onto itself, a duplicate) is explained on the canvas.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QEvent, QLineF, QObject, QPointF, Qt
from PySide6.QtGui import QBrush, QColor, QPen
from PySide6.QtWidgets import QGraphicsEllipseItem, QGraphicsLineItem

from vsm_editor.commands import CommandRefusedError
from vsm_editor.ui import style_bridge as sb
from vsm_editor.ui.capture import sentence
from vsm_editor.ui.items import HandoffItem
from vsm_editor.ui.override_guard import guarded_filter

if TYPE_CHECKING:
    from vsm_editor.ui.view import MapView

GRIP_RADIUS = 6.0  # map units
HIT_PIXELS = 10.0  # how close (on screen) a press must be to grab a grip
ENDS = ("source", "target")


class HandoffEndDrag(QObject):
    """The end grips of the selected handoff and the drag that reconnects them."""

    def __init__(self, view: MapView) -> None:
        super().__init__(view)
        self.view = view
        self.scene = view.map_scene
        self.modeling = view.editing.modeling
        self.document = view.editing.document
        self.grips: dict[str, QGraphicsEllipseItem] = {}
        for end in ENDS:
            grip = QGraphicsEllipseItem(-GRIP_RADIUS, -GRIP_RADIUS, 2 * GRIP_RADIUS,
                                        2 * GRIP_RADIUS)
            grip.setPen(QPen(QColor("white"), 1.5))
            grip.setBrush(QBrush(QColor(sb.SELECTION)))
            grip.setZValue(6)
            grip.setToolTip(f"Drag to attach the handoff's {end} to another stage")
            grip.hide()
            self.scene.addItem(grip)
            self.grips[end] = grip
        self._drag: dict | None = None
        self.scene.selectionChanged.connect(self.refresh)
        self._unsubscribe = self.document.subscribe(lambda _changes: self.refresh())
        view.destroyed.connect(lambda *_args, stop=self._unsubscribe: stop())
        self.scene.destroyed.connect(lambda *_args, stop=self._unsubscribe: stop())
        view.viewport().installEventFilter(self)
        view.installEventFilter(self)

    def selected_handoff(self) -> HandoffItem | None:
        """The handoff item when exactly one item, a handoff, is selected."""
        items = self.scene.selectedItems()
        if len(items) == 1 and isinstance(items[0], HandoffItem):
            return items[0]
        return None

    def refresh(self) -> None:
        """Put the grips on the ends of the selected handoff (hide them otherwise)."""
        if not shiboken6.isValid(self.scene):  # the window closed before the document
            self._unsubscribe()
            return
        item = self.selected_handoff()
        if item is None or len(item.route) < 2 or item.element_id not in self.document:
            for grip in self.grips.values():
                grip.hide()
            return
        for end, point in zip(ENDS, (item.route[0], item.route[-1]), strict=True):
            self.grips[end].setPos(QPointF(*point))
            self.grips[end].show()

    def grip_at(self, point: QPointF) -> str | None:
        """Which end's grip is under the viewport ``point`` (None when neither)."""
        for end, grip in self.grips.items():
            if grip.isVisible():
                centre = self.view.mapFromScene(grip.pos())
                if QLineF(QPointF(centre), point).length() <= HIT_PIXELS:
                    return end
        return None

    # ------------------------------------------------------------ the gesture
    @guarded_filter
    def eventFilter(self, watched, event) -> bool:
        kind = event.type()
        if watched is self.view:
            if kind == QEvent.Type.KeyPress and self._drag and event.key() == Qt.Key.Key_Escape:
                self.cancel()
                return True
            return False
        if kind == QEvent.Type.MouseButtonPress and event.button() == Qt.MouseButton.LeftButton:
            end = self.grip_at(event.position())
            if end is not None:
                self.start(end)
                return True
        elif kind == QEvent.Type.MouseMove and self._drag is not None:
            self.move_to(self.view.mapToScene(event.position().toPoint()))
            return True
        elif kind == QEvent.Type.MouseButtonRelease and self._drag is not None:
            self.finish(self.view.mapToScene(event.position().toPoint()))
            return True
        return False

    def start(self, end: str) -> None:
        """Begin dragging ``end`` (``source`` or ``target``) of the selected handoff."""
        item = self.selected_handoff()
        assert item is not None
        fixed = self.grips["target" if end == "source" else "source"].pos()
        line = QGraphicsLineItem(QLineF(fixed, self.grips[end].pos()))
        line.setPen(QPen(QColor(sb.SELECTION), 2, Qt.PenStyle.DashLine))
        line.setZValue(5)
        self.scene.addItem(line)
        self._drag = {"handoff": item.element_id, "end": end, "line": line, "fixed": fixed}

    def move_to(self, pos: QPointF) -> None:
        assert self._drag is not None
        self._drag["line"].setLine(QLineF(self._drag["fixed"], pos))
        self.grips[self._drag["end"]].setPos(pos)

    def cancel(self) -> None:
        """Drop the gesture; nothing changes."""
        drag, self._drag = self._drag, None
        if drag is not None:
            self.scene.removeItem(drag["line"])
        self.refresh()

    def finish(self, pos: QPointF) -> bool:
        """Attach the dragged end to the stage under ``pos``; True when the map changed."""
        drag = self._drag
        self.cancel()
        if drag is None:
            return False
        stage = self.scene.stage_at(pos)
        handoff = self.document.find(drag["handoff"])
        if stage is None or handoff is None:
            self.view.message.emit("Drop the end on a stage to reconnect the handoff.")
            return False
        if getattr(handoff, drag["end"]) == stage.element_id:
            return False
        try:
            self.modeling.reconnect(drag["handoff"], **{drag["end"]: stage.element_id})
        except CommandRefusedError as err:
            self.view.refuse(sentence(err.reason), stage)
            return False
        self.scene.select_ids([drag["handoff"]])
        self.refresh()
        return True
