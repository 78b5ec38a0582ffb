"""A style drawing as a canvas item shows it: made when first painted, drawn from a place.

Canvas items show flow drawings (data boxes, queue symbols, tags, end markers, the ladder)
through :class:`Drawn`: a :class:`~vsm_editor.style.figure.Figure`, or a light object that
says its kind, element, bounds and tooltip up front and makes its figure when first asked
(a data box, a queue symbol), compared by what it is drawn from. An item carried by a stage
draws it shifted by ``-origin``, the stage's place when it was drawn, so it moves with the
stage. Zoomed out, it leaves out what cannot be read (:meth:`Drawn.at`), as the stages do.
"""

from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import QRectF
from PySide6.QtGui import QPainter, QPainterPath

from vsm_editor.model.geometry import Rect
from vsm_editor.style.figure import Figure
from vsm_editor.ui.style_bridge import qt_path

#: Zoom below which a stage is a filled block, and below which no text is drawn.
BLOCK_BELOW = 0.15
TEXT_BELOW = 0.45
#: Figures of up to this many shapes keep their Qt paths between paints when drawn close
#: up (data boxes, queues, tags; not the ladder, whose thousands of rungs would cost
#: megabytes, nor anything drawn zoomed out, into the far-zoom picture, once).
KEEP_PATHS_UP_TO = 64
#: Drawings too small to show when zoomed out far (see :meth:`Drawn.at`).
SMALL_KINDS = frozenset({"data-box", "queue"})


class Drawing(Protocol):
    """What :class:`Drawn` shows, besides a plain :class:`Figure`."""

    kind: str

    @property
    def element(self) -> str | None: ...

    @property
    def bounds(self) -> Rect: ...

    @property
    def title(self) -> str: ...


class Drawn:
    """``drawing`` shown from ``origin`` (its figure's coordinates minus ``origin`` are the
    item's)."""

    __slots__ = ("drawing", "origin", "_shapes_only", "_paths")

    def __init__(self, drawing: Drawing | Figure,
                 origin: tuple[float, float] = (0.0, 0.0)) -> None:
        self.drawing = drawing
        self.origin = origin
        self._shapes_only: tuple[Figure, Figure] | None = None
        #: The figure's shapes as Qt paths, made on first paint (both variants of
        #: :meth:`at` share the shapes).
        self._paths: tuple[list, list[QPainterPath]] | None = None

    def same(self, drawing: Drawing | Figure, origin: tuple[float, float]) -> bool:
        return origin == self.origin and drawing == self.drawing

    @property
    def figure(self) -> Figure:
        """The drawing's figure, in scene coordinates as given (made on first use)."""
        drawing = self.drawing
        return drawing if isinstance(drawing, Figure) else drawing.figure  # type: ignore[attr-defined]

    def bounds(self) -> QRectF:
        """The drawing's box in item coordinates, with a little room for strokes."""
        box = self.drawing.bounds
        return QRectF(box.x - self.origin[0] - 2, box.y - self.origin[1] - 2,
                      box.width + 4, box.height + 4)

    def at(self, lod: float) -> Figure | None:
        """What is painted at the view scale ``lod``: everything when text is legible, the
        shapes only below :data:`TEXT_BELOW` (as the stages drop their text), and when
        zoomed out far (below :data:`BLOCK_BELOW`, where a data box is a few pixels) only
        the ladder's, tags' and end markers' shapes."""
        if lod < BLOCK_BELOW and self.drawing.kind in SMALL_KINDS:
            return None
        figure = self.figure
        if lod >= TEXT_BELOW:
            return figure
        if self._shapes_only is None or self._shapes_only[0] is not figure:
            self._shapes_only = (figure, Figure(figure.kind, figure.element, figure.bounds,
                                                figure.shapes, [], figure.title))
        return self._shapes_only[1]

    def paint(self, painter: QPainter, lod: float) -> bool:
        """Paint what shows at ``lod``; whether anything did."""
        from vsm_editor.ui.raster_paint import MapPainter  # the exporters load on first paint

        figure = self.at(lod)
        if figure is None:
            return False
        paths = None
        if lod >= TEXT_BELOW and len(figure.shapes) <= KEEP_PATHS_UP_TO:
            if self._paths is None or self._paths[0] is not figure.shapes:
                self._paths = (figure.shapes, [qt_path(shape.path) for shape in figure.shapes])
            paths = self._paths[1]
        painter.save()
        if self.origin != (0.0, 0.0):
            painter.translate(-self.origin[0], -self.origin[1])
        MapPainter(painter, None, None, max(lod, 1e-6)).figure(  # type: ignore[arg-type]
            figure, paths)
        painter.restore()
        return True

    def scene_figure(self, place: tuple[float, float]) -> Figure:
        """The figure where it shows now, its carrier at ``place`` (scene coordinates)."""
        dx, dy = place[0] - self.origin[0], place[1] - self.origin[1]
        return self.figure.moved(dx, dy) if dx or dy else self.figure


__all__ = ["BLOCK_BELOW", "SMALL_KINDS", "TEXT_BELOW", "Drawing", "Drawn"]
