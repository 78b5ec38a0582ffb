"""The canvas view: zoom, pan, selection and the editing gestures.

Gestures become calls on :class:`Editing`; a drag moves the items only in the view until the
mouse is released, then becomes one move command. RefusedError edits show a short message on
the canvas and in :attr:`MapView.message`.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QLineF, QPoint, QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QMouseEvent, QPainter, QPen, QWheelEvent
from PySide6.QtWidgets import QGraphicsLineItem, QGraphicsView, QLabel, QLineEdit

from vsm_editor.ui import style_bridge as sb
from vsm_editor.ui.editing import Editing, RefusedError
from vsm_editor.ui.far_zoom import FarZoomCache
from vsm_editor.ui.items import HandoffItem, LaneItem, StageItem
from vsm_editor.ui.override_guard import guarded, guarded_filter
from vsm_editor.ui.scene import MapScene
from vsm_editor.ui.theme import colour

MIN_ZOOM, MAX_ZOOM = 0.02, 6.0
ZOOM_STEP = 1.2


def snap(value: float, grid: float = sb.GRID) -> float:
    """``value`` rounded to the grid."""
    return round(value / grid) * grid


class MapView(QGraphicsView):
    """Shows a :class:`MapScene` and turns mouse and keys into edits."""

    message = Signal(str)
    zoom_changed = Signal(float)
    #: Emitted once, when the view has painted the map for the first time.
    first_painted = Signal()

    def __init__(self, scene: MapScene, editing: Editing, parent=None) -> None:
        super().__init__(scene, parent)
        self.map_scene = scene
        self.editing = editing
        self.connect_mode = False
        self.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.MinimalViewportUpdate)
        self.setOptimizationFlag(QGraphicsView.OptimizationFlag.DontAdjustForAntialiasing)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setDragMode(QGraphicsView.DragMode.RubberBandDrag)
        self.setRubberBandSelectionMode(Qt.ItemSelectionMode.IntersectsItemShape)
        self.setAcceptDrops(False)  # files are dropped on the window
        self._drag: dict | None = None
        self._link: dict | None = None
        self._painted = False
        self._pan: QPoint | None = None
        self._space = False
        self._editor: QLineEdit | None = None
        self._toast = QLabel(self.viewport())
        self._toast.setStyleSheet(
            f"background:{sb.REFUSED};color:white;padding:4px 8px;border-radius:4px;"
        )
        self._toast.hide()
        self._toast_timer = QTimer(self, singleShot=True, interval=2500)
        self._toast_timer.timeout.connect(self._clear_feedback)
        self._refused_item: StageItem | None = None
        # called with a finished drag's positions; one returning True has handled the drop
        self.drop_handlers: list = []
        self.far_zoom = FarZoomCache(self)  # far zoom on big maps paints one picture

    @guarded
    def paintEvent(self, event) -> None:
        if not self.far_zoom.paint(event):
            super().paintEvent(event)
        if not self._painted:
            self._painted = True
            self.first_painted.emit()

    def when_shown(self, work: Callable[[], object]) -> None:
        """Run ``work`` in the event-loop turn after the view first painted the map (at once
        in the next turn when it has): what a big map can do without, it does after it shows."""
        def run() -> None:
            if self.isVisible():  # not for a window closed meanwhile
                work()

        if self._painted:
            QTimer.singleShot(0, self, run)
        else:
            self.first_painted.connect(lambda: QTimer.singleShot(0, self, run),
                                       Qt.ConnectionType.SingleShotConnection)

    # ------------------------------------------------------------ zoom and pan
    def zoom(self) -> float:
        """The current scale (1.0 = 100 %)."""
        return self.transform().m11()

    def set_zoom(self, factor: float) -> None:
        """Scale to ``factor`` (clamped), keeping the point under the mouse in place."""
        factor = max(MIN_ZOOM, min(MAX_ZOOM, factor))
        step = factor / self.zoom()
        self.scale(step, step)
        self.zoom_changed.emit(self.zoom())

    def zoom_in(self) -> None:
        self.set_zoom(self.zoom() * ZOOM_STEP)

    def zoom_out(self) -> None:
        self.set_zoom(self.zoom() / ZOOM_STEP)

    def zoom_reset(self) -> None:
        self.set_zoom(1.0)

    def fit_all(self) -> None:
        """Show the whole map."""
        rect = self.map_scene.itemsBoundingRect()
        if rect.isEmpty():
            return
        self.fitInView(rect.adjusted(-20, -20, 20, 20), Qt.AspectRatioMode.KeepAspectRatio)
        if self.zoom() > 1.0:
            self.set_zoom(1.0)
        self.zoom_changed.emit(self.zoom())

    @guarded
    def wheelEvent(self, event: QWheelEvent) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            steps = event.angleDelta().y() / 120
            if steps:
                self.set_zoom(self.zoom() * ZOOM_STEP**steps)
            event.accept()
            return
        super().wheelEvent(event)

    @guarded
    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Space and not event.isAutoRepeat() and self._editor is None:
            self._space = True
            self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
            return
        if event.key() == Qt.Key.Key_Escape:
            self.cancel_gesture()
            return
        super().keyPressEvent(event)

    @guarded
    def keyReleaseEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Space and not event.isAutoRepeat() and self._space:
            self._space = False
            self.setDragMode(QGraphicsView.DragMode.RubberBandDrag)
            return
        super().keyReleaseEvent(event)

    # ------------------------------------------------------------ mouse
    @guarded
    def mousePressEvent(self, event: QMouseEvent) -> None:
        self.finish_rename(commit=True)
        if event.button() == Qt.MouseButton.MiddleButton:
            self._pan = event.position().toPoint()
            self.viewport().setCursor(Qt.CursorShape.ClosedHandCursor)
            event.accept()
            return
        if event.button() != Qt.MouseButton.LeftButton or self._space:
            super().mousePressEvent(event)
            return
        pos = self.mapToScene(event.position().toPoint())
        stage = self.map_scene.stage_at(pos)
        if stage is not None:
            local = stage.mapFromScene(pos)
            if self.connect_mode or (stage.isSelected() and stage.handle_rect().contains(local)):
                self._start_link(stage, pos)
                event.accept()
                return
            if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
                stage.setSelected(not stage.isSelected())
                event.accept()
                return
            if not stage.isSelected():
                self.map_scene.clearSelection()
                stage.setSelected(True)
            self._start_drag(pos)
            event.accept()
            return
        super().mousePressEvent(event)

    @guarded
    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._pan is not None:
            delta = event.position().toPoint() - self._pan
            self._pan = event.position().toPoint()
            self.horizontalScrollBar().setValue(self.horizontalScrollBar().value() - delta.x())
            self.verticalScrollBar().setValue(self.verticalScrollBar().value() - delta.y())
            event.accept()
            return
        if self._drag is not None:
            self.drag_to(self.mapToScene(event.position().toPoint()))
            event.accept()
            return
        if self._link is not None:
            pos = self.mapToScene(event.position().toPoint())
            self._link["line"].setLine(QLineF(self._link["start"], pos))
            event.accept()
            return
        super().mouseMoveEvent(event)

    @guarded
    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.MiddleButton and self._pan is not None:
            self._pan = None
            self.viewport().unsetCursor()
            event.accept()
            return
        if self._drag is not None and event.button() == Qt.MouseButton.LeftButton:
            self.finish_drag()
            event.accept()
            return
        if self._link is not None and event.button() == Qt.MouseButton.LeftButton:
            self._finish_link(self.mapToScene(event.position().toPoint()))
            event.accept()
            return
        super().mouseReleaseEvent(event)

    @guarded
    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            super().mouseDoubleClickEvent(event)
            return
        pos = self.mapToScene(event.position().toPoint())
        item = self.map_scene.itemAt(pos, self.transform())
        if isinstance(item, StageItem | HandoffItem):
            self.start_rename(item.element_id)
        elif item is None or isinstance(item, LaneItem):
            self.add_stage_at(pos, rename=True)
        event.accept()

    # ------------------------------------------------------------ dragging stages
    def _start_drag(self, pos: QPointF) -> None:
        ids = [i.element_id for i in self.map_scene.selectedItems() if isinstance(i, StageItem)]
        origins = {i: (self.map_scene.stages[i].x(), self.map_scene.stages[i].y()) for i in ids}
        self._drag = {"start": pos, "ids": ids, "origins": origins, "moved": False, "delta": (0, 0)}

    def drag_to(self, pos: QPointF) -> None:
        """Show the dragged stages at ``pos`` (grid-snapped); the model is untouched."""
        drag = self._drag
        assert drag is not None
        first = drag["origins"][drag["ids"][0]] if drag["ids"] else (0.0, 0.0)
        dx = snap(first[0] + pos.x() - drag["start"].x()) - first[0]
        dy = snap(first[1] + pos.y() - drag["start"].y()) - first[1]
        if (dx, dy) == drag["delta"]:
            return
        drag["delta"] = (dx, dy)
        drag["moved"] = True
        self.map_scene.preview_move(drag["ids"], dx, dy, drag["origins"])

    def finish_drag(self) -> None:
        """Turn the finished drag into one move command (the lane follows the drop point).
        A drop that changes nothing (back where it started, or a drop handler that made
        no edit) puts the stages and their routes back as they were."""
        drag, self._drag = self._drag, None
        scene = self.map_scene
        try:
            if drag is not None and drag["moved"]:
                self._drop(drag)
        finally:
            if drag is not None and scene.previewing():  # no edit ended the preview
                scene.restore_positions(drag["ids"])
            scene.end_preview()

    def _drop(self, drag: dict) -> None:
        positions = {}
        for stage_id in drag["ids"]:
            item = self.map_scene.stages.get(stage_id)
            if item is not None:  # (an undo during the drag may have removed it)
                x, y, _w, _h = item.box()
                positions[stage_id] = (x, y)
        if any(handler(positions) for handler in self.drop_handlers):
            return
        try:
            self.editing.move(positions)
        except RefusedError as err:
            self.map_scene.restore_positions(drag["ids"])
            self.refuse(str(err))

    def cancel_gesture(self) -> None:
        """Escape: drop a drag, a link or an inline edit without changing anything."""
        if self._drag is not None:
            ids = self._drag["ids"]
            self._drag = None
            self.map_scene.restore_positions(ids)
        if self._link is not None:
            self.map_scene.removeItem(self._link["line"])
            self._link = None
        self.connect_mode = False

    # ------------------------------------------------------------ connecting
    def _start_link(self, stage: StageItem, pos: QPointF) -> None:
        line = QGraphicsLineItem(QLineF(pos, pos))
        pen = QPen(colour(sb.SELECTION), 2, Qt.PenStyle.DashLine)
        line.setPen(pen)
        line.setZValue(5)
        self.map_scene.addItem(line)
        self._link = {"source": stage.element_id, "start": pos, "line": line}

    def _finish_link(self, pos: QPointF) -> None:
        link, self._link = self._link, None
        assert link is not None
        self.map_scene.removeItem(link["line"])
        target = self.map_scene.stage_at(pos)
        if target is None:
            return
        self.connect_stages(link["source"], target.element_id)

    def connect_stages(self, source: str, target: str, kind: str = "flow") -> str | None:
        """Connect two stages, or show why not."""
        try:
            handoff_id = self.editing.connect(source, target, kind)
        except RefusedError as err:
            self.refuse(str(err), self.map_scene.stages.get(target))
            return None
        self.map_scene.select_ids([handoff_id])
        return handoff_id

    # ------------------------------------------------------------ creating and renaming
    def add_stage_at(self, pos: QPointF, rename: bool = False) -> str | None:
        """Add a stage centred near ``pos`` in the lane under it."""
        x = snap(pos.x() - sb.sizes.STAGE_WIDTH / 2)
        y = snap(pos.y() - sb.sizes.STAGE_HEIGHT / 2)
        try:
            stage_id = self.editing.add_stage(x, y)
        except RefusedError as err:
            self.refuse(str(err))
            return None
        self.map_scene.select_ids([stage_id])
        if rename:
            self.start_rename(stage_id)
        return stage_id

    def add_stage_in_view(self) -> str | None:
        """Add a stage in the middle of what is visible (toolbar and key)."""
        centre = self.mapToScene(self.viewport().rect().center())
        return self.add_stage_at(centre, rename=True)

    def start_rename(self, element_id: str | None = None) -> None:
        """Edit a stage's name (or a handoff's label) in place."""
        if element_id is None:
            ids = self.map_scene.selected_ids()
            if len(ids) != 1:
                return
            element_id = ids[0]
        item = self.map_scene.stages.get(element_id) or self.map_scene.handoffs.get(element_id)
        if item is None:
            return
        self.finish_rename(commit=True)
        obj = self.editing.document.get(element_id)
        text = obj.label if isinstance(item, HandoffItem) else obj.name
        rect = self.mapFromScene(item.scene_box()).boundingRect()
        editor = QLineEdit(text, self.viewport())
        editor.setObjectName("inline-rename")
        editor.setGeometry(rect.left(), rect.top(), max(rect.width(), 160), 28)
        editor.selectAll()
        editor.setProperty("element_id", element_id)
        editor.returnPressed.connect(lambda: self.finish_rename(commit=True))
        editor.installEventFilter(self)
        editor.show()
        editor.setFocus()
        self._editor = editor

    def finish_rename(self, commit: bool) -> None:
        """Close the inline editor, applying its text when ``commit``."""
        editor, self._editor = self._editor, None
        if editor is None:
            return
        element_id = editor.property("element_id")
        text = editor.text()
        editor.setObjectName("")
        editor.removeEventFilter(self)
        editor.hide()
        editor.deleteLater()
        self.setFocus()
        if commit and element_id in self.editing.document:
            try:
                self.editing.rename(element_id, text)
            except RefusedError as err:
                self.refuse(str(err))

    @guarded_filter
    def eventFilter(self, watched, event) -> bool:
        if watched is self._editor and event.type() == QEvent.Type.KeyPress:
            if event.key() == Qt.Key.Key_Escape:
                self.finish_rename(commit=False)
                return True
        if watched is self._editor and event.type() == QEvent.Type.FocusOut:
            if event.reason() in (Qt.FocusReason.MouseFocusReason, Qt.FocusReason.TabFocusReason):
                self.finish_rename(commit=True)
        return super().eventFilter(watched, event)

    def delete_selection(self) -> None:
        """Delete the selected stages (with their handoffs) and handoffs as one step."""
        ids = self.map_scene.selected_ids()
        if not ids:
            self.message.emit("Nothing selected to delete.")
            return
        try:
            self.editing.remove(ids)
        except RefusedError as err:
            self.refuse(str(err))

    # ------------------------------------------------------------ feedback
    def refuse(self, text: str, item: StageItem | None = None) -> None:
        """Show why an edit was refused: a red note on the canvas and the status bar."""
        self._clear_feedback()
        self._toast.setText(text)
        self._toast.adjustSize()
        self._toast.move(12, 12)
        self._toast.show()
        if item is not None:
            item.refused = True
            item.update()
            self._refused_item = item
        self._toast_timer.start()
        self.message.emit(text)

    def _clear_feedback(self) -> None:
        self._toast.hide()
        if self._refused_item is not None:
            self._refused_item.refused = False
            self._refused_item.update()
            self._refused_item = None

    def feedback_text(self) -> str:
        """The refusal currently shown on the canvas ('' when none)."""
        return self._toast.text() if self._toast.isVisible() else ""

    def visible_scene_rect(self) -> QRectF:
        return self.mapToScene(self.viewport().rect()).boundingRect()
