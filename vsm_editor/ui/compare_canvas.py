"""The two read-only canvases of a comparison and the link that keeps their zoom and pan alike.

:class:`CompareCanvas` shows a :class:`MapScene` without editing: Ctrl+wheel zooms, dragging
the background pans, clicking selects. :class:`ViewLink` mirrors the transform and both
scrollbars of whichever canvas moved onto the others; a guard flag stops the echo (the
mirrored canvas's own scroll signals are ignored while the link is writing to it).
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QObject, QRectF, Qt, Signal
from PySide6.QtGui import QPainter, QWheelEvent
from PySide6.QtWidgets import QGraphicsView

from vsm_editor.ui.override_guard import guarded
from vsm_editor.ui.view import MAX_ZOOM, MIN_ZOOM, ZOOM_STEP


class CompareCanvas(QGraphicsView):
    """A read-only view of one side of the comparison."""

    transformed = Signal()  # the zoom changed (scrolling is followed through the scrollbars)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setAcceptDrops(False)

    def zoom(self) -> float:
        """The current scale (1.0 = 100 %)."""
        return self.transform().m11()

    def set_zoom(self, factor: float) -> None:
        """Scale to ``factor`` (clamped) around the mouse, and tell the link."""
        factor = max(MIN_ZOOM, min(MAX_ZOOM, factor))
        step = factor / self.zoom()
        self.scale(step, step)
        self.transformed.emit()

    def zoom_in(self) -> None:
        self.set_zoom(self.zoom() * ZOOM_STEP)

    def zoom_out(self) -> None:
        self.set_zoom(self.zoom() / ZOOM_STEP)

    def show_rect(self, rect: QRectF, zoom_in: bool = False) -> None:
        """Fit ``rect`` in the view (never above 100 %); without ``zoom_in`` only zoom out
        when ``rect`` does not fit, else just centre it."""
        if rect.isEmpty():
            return
        visible = self.mapToScene(self.viewport().rect()).boundingRect()
        padded = rect.adjusted(-40, -40, 40, 40)
        if zoom_in or padded.width() > visible.width() or padded.height() > visible.height():
            self.fitInView(padded, Qt.AspectRatioMode.KeepAspectRatio)
            if self.zoom() > 1.0:
                self.scale(1.0 / self.zoom(), 1.0 / self.zoom())
            self.transformed.emit()
        self.centerOn(rect.center())

    @guarded
    def wheelEvent(self, event: QWheelEvent) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            steps = event.angleDelta().y() / 120
            if steps:
                self.set_zoom(self.zoom() * ZOOM_STEP**steps)
            event.accept()
            return
        super().wheelEvent(event)


class ViewLink(QObject):
    """Keeps the views' transforms and scrollbar positions equal."""

    def __init__(self, views: Sequence[CompareCanvas], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.views = list(views)
        self._busy = False
        self.mirrors = 0  # how many times one view was copied onto the others (for tests)
        for view in self.views:
            view.transformed.connect(lambda v=view: self.mirror(v))
            view.horizontalScrollBar().valueChanged.connect(lambda _x, v=view: self.mirror(v))
            view.verticalScrollBar().valueChanged.connect(lambda _x, v=view: self.mirror(v))

    def mirror(self, source: QGraphicsView) -> None:
        """Copy ``source``'s transform and scroll position onto the other views."""
        if self._busy:
            return
        self._busy = True
        try:
            self.mirrors += 1
            for view in self.views:
                if view is source:
                    continue
                if view.transform() != source.transform():
                    view.setTransform(source.transform())
                view.horizontalScrollBar().setValue(source.horizontalScrollBar().value())
                view.verticalScrollBar().setValue(source.verticalScrollBar().value())
        finally:
            self._busy = False
