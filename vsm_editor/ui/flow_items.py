"""Canvas items of the flow overlay: style drawings (queue triangles with their waits,
supplier and customer markers, the timeline ladder, tags) and the critical path's halo along
its handoffs. (The stages draw their own data boxes and halos: see ``StageItem``.)

A :class:`FigureItem` paints a drawing (:mod:`vsm_editor.ui.drawn`) with the same QPainter
code as the PNG/PDF export (``vsm_editor.ui.raster_paint.MapPainter``), so the canvas and the
exports look alike; zoomed out, it leaves out what cannot be read (:meth:`Drawn.at`), as the
stages do. None of these items is selectable or takes mouse buttons: clicks fall through to
the stages, handoffs and lanes under them.
"""
from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from vsm_editor.model.geometry import Rect
from vsm_editor.style import palette
from vsm_editor.style.figure import Figure, Shape, label
from vsm_editor.style.paths import rectangle
from vsm_editor.style.text import line_height
from vsm_editor.ui.drawn import Drawing, Drawn
from vsm_editor.ui.items import HALO_WIDTH
from vsm_editor.ui.override_guard import guarded
from vsm_editor.ui.route_clip import visible_runs
from vsm_editor.ui.theme import blended

#: The critical path's halo (stages and handoffs) and the bottleneck's.
CRITICAL_COLOUR = "#805ad5"
CRITICAL_ALPHA = 70
BOTTLENECK_COLOUR = "#dd6b20"
TAG_SIZE = 9.0
TAG_PADDING = 3.0
#: Z values: halos under the handoffs, figures over the lanes, the ladder over everything.
HALO_Z = -0.5
FIGURE_Z = 0.5
LADDER_Z = 2.0


def _passive(item: QGraphicsItem) -> None:
    item.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
    item.setAcceptHoverEvents(False)


def _qrect(rect) -> QRectF:
    return QRectF(rect.x, rect.y, rect.width, rect.height)


class FigureItem(QGraphicsItem):
    """One style drawing (see :mod:`vsm_editor.ui.drawn`), in scene coordinates; a child of
    a stage item draws it from the stage's place (``origin``), so it moves with the stage.

    The figure of a light drawing is made when the item is first painted: of the ~11,000
    queues of a 5,000-stage map only those shown are ever drawn. The tooltip is the
    drawing's title, set on first paint too.
    """

    __slots__ = ("shown", "_bounds", "_titled")
    #: Part of the map drawing (the far-zoom picture draws it; see MapScene.added_items).
    MAP_ITEM = True

    def __init__(self, figure: Drawing | Figure, parent: QGraphicsItem | None = None,
                 z: float = FIGURE_Z, origin: tuple[float, float] = (0.0, 0.0)) -> None:
        super().__init__(parent)
        _passive(self)
        self.setZValue(z)
        self.shown = Drawn(figure, origin)
        self._bounds = self.shown.bounds()
        self._titled = False

    @property
    def drawing(self) -> Drawing | Figure:
        return self.shown.drawing

    @property
    def figure(self) -> Figure:
        """The drawing's figure (in scene coordinates, as when it was given)."""
        return self.shown.figure

    def set_figure(self, figure: Drawing | Figure,
                   origin: tuple[float, float] = (0.0, 0.0)) -> None:
        """Show ``figure`` instead (nothing happens when it is the same drawing)."""
        if self.shown.same(figure, origin):
            return
        self.shown = Drawn(figure, origin)
        bounds = self.shown.bounds()
        if bounds != self._bounds:
            self.prepareGeometryChange()
            self._bounds = bounds
        self._titled = False
        self.update()

    def boundingRect(self) -> QRectF:
        return self._bounds

    def drawn_at(self, lod: float) -> Figure | None:
        """What is painted at the view scale ``lod`` (see :meth:`Drawn.at`)."""
        return self.shown.at(lod)

    @guarded
    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem,
              widget: QWidget | None = None) -> None:
        lod = option.levelOfDetailFromTransform(painter.worldTransform())
        if self.shown.paint(painter, lod) and not self._titled:
            self._titled = True
            self.setToolTip(self.shown.drawing.title)


def tag_figure(kind: str, element: str | None, text: str, x: float, bottom: float,
               colour: str, title: str = "") -> Figure:
    """A small filled tag with white text whose bottom-left corner is at (x, bottom)."""
    height = line_height(TAG_SIZE, True) + TAG_PADDING
    text_label = label(text, x + TAG_PADDING, bottom - height + TAG_PADDING / 2, TAG_SIZE,
                       palette.BACKGROUND, bold=True, role="tag")
    width = text_label.line.width + 2 * TAG_PADDING
    box = rectangle(x, bottom - height, width, height)
    figure = Figure(kind, element, Rect(x, bottom - height, width, height), title=title or text)
    figure.shapes.append(Shape(box, colour, None, 0.0, "tag"))
    figure.labels.append(text_label)
    return figure


class HaloRoute:
    """One handoff's part of the critical path's halo: its route's points and their box."""

    __slots__ = ("points", "bounds")

    def __init__(self, points: list[tuple[float, float]]) -> None:
        self.points = list(points)
        xs = [x for x, _ in points] or [0.0]
        ys = [y for _, y in points] or [0.0]
        self.bounds = (min(xs), min(ys), max(xs), max(ys))


class RouteHalos(QGraphicsItem):
    """Wide translucent strokes along the routes of the critical path, all in one item
    (one item per handoff cost ~2 KB each: 7 MB on a 5,000-stage map). A paint draws the
    routes whose box meets the exposed area, found through a coarse grid."""

    CELL = 4096.0
    MAP_ITEM = True  # part of the map drawing (see FigureItem.MAP_ITEM)

    def __init__(self, colour: str = CRITICAL_COLOUR, alpha: int = CRITICAL_ALPHA) -> None:
        super().__init__()
        _passive(self)
        self.setZValue(HALO_Z)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemUsesExtendedStyleOption)
        self.colour = colour
        self.alpha = alpha
        self.routes: dict[str, HaloRoute] = {}
        self._cells: dict[tuple[int, int], set[str]] = {}
        self._bounds = QRectF()

    def set_route(self, handoff_id: str, points: list[tuple[float, float]]) -> None:
        """Give ``handoff_id`` a halo along ``points`` (nothing happens when it has)."""
        old = self.routes.get(handoff_id)
        if old is not None and old.points == points:
            return
        if old is not None:
            self._file(handoff_id, old, remove=True)
            self.update(_halo_rect(old))  # where it was must be painted again too
        route = self.routes[handoff_id] = HaloRoute(points)
        self._file(handoff_id, route)
        self._grow(route)

    def remove(self, handoff_id: str) -> None:
        route = self.routes.pop(handoff_id, None)
        if route is not None:
            self._file(handoff_id, route, remove=True)
            self.update(_halo_rect(route))

    def _file(self, handoff_id: str, route: HaloRoute, remove: bool = False) -> None:
        for cell in self._cells_of(*route.bounds):
            if remove:
                found = self._cells.get(cell)
                if found is not None:
                    found.discard(handoff_id)
            else:
                self._cells.setdefault(cell, set()).add(handoff_id)

    def _cells_of(self, x1: float, y1: float, x2: float, y2: float):
        size = self.CELL
        for cx in range(int(x1 // size), int(x2 // size) + 1):
            for cy in range(int(y1 // size), int(y2 // size) + 1):
                yield (cx, cy)

    def _grow(self, route: HaloRoute) -> None:
        rect = _halo_rect(route)
        if not self._bounds.contains(rect):
            self.prepareGeometryChange()
            self._bounds = self._bounds.united(rect) if not self._bounds.isNull() else rect
        self.update(rect)

    def boundingRect(self) -> QRectF:
        return self._bounds

    def visible(self, area: QRectF) -> list[HaloRoute]:
        """The routes whose box meets ``area``."""
        x1, y1, x2, y2 = area.left(), area.top(), area.right(), area.bottom()
        pad = HALO_WIDTH
        cells = self._cells
        seen: set[str] = set()
        found = []
        cell_count = ((int(x2 // self.CELL) - int(x1 // self.CELL) + 1)
                      * (int(y2 // self.CELL) - int(y1 // self.CELL) + 1))
        names = self.routes.keys() if cell_count > len(cells) else (
            name for cell in self._cells_of(x1, y1, x2, y2) for name in cells.get(cell, ()))
        for name in names:
            if name in seen:
                continue
            seen.add(name)
            route = self.routes[name]
            bx1, by1, bx2, by2 = route.bounds
            if bx1 - pad <= x2 and x1 <= bx2 + pad and by1 - pad <= y2 and y1 <= by2 + pad:
                found.append(route)
        return found

    @guarded
    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem,
              widget: QWidget | None = None) -> None:
        """Each run as an opaque band in the halo's colour blended over what lies under it
        (the lane bands, else the canvas). Qt's raster engine blends a translucent fill
        some 15 times slower than it fills an opaque one (30 ms a paint in the middle of
        the 5,000-stage map, where the critical path's reworks run 50,000 px down); the
        runs are right-angled, so a band is a rectangle, and only the exposed part is
        drawn."""
        area = option.exposedRect
        half = HALO_WIDTH / 2
        clip_area = area.adjusted(-HALO_WIDTH, -HALO_WIDTH, HALO_WIDTH, HALO_WIDTH)
        backdrop = getattr(self.scene(), "backdrop", None)
        colour, alpha = self.colour, self.alpha
        for route in self.visible(area):
            for run in visible_runs(route.points, clip_area):
                for (ax, ay), (bx, by) in zip(run, run[1:], strict=False):
                    left, right = min(ax, bx) - half, max(ax, bx) + half
                    top, bottom = min(ay, by) - half, max(ay, by) + half
                    pieces = backdrop(top, bottom) if backdrop else [(top, bottom, None)]
                    for piece_top, piece_bottom, under in pieces:
                        painter.fillRect(QRectF(left, piece_top, right - left,
                                                piece_bottom - piece_top),
                                         blended(colour, alpha, under))

def _halo_rect(route: HaloRoute) -> QRectF:
    x1, y1, x2, y2 = route.bounds
    pad = HALO_WIDTH
    return QRectF(x1 - pad, y1 - pad, x2 - x1 + 2 * pad, y2 - y1 + 2 * pad)
