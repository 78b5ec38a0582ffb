"""The canvas scene: mirrors a :class:`Document` through its change events.

The scene never edits the model. It builds one item per lane, stage and handoff, keeps
id↔item maps, and on each :class:`ChangeSet` adds, removes or refreshes only the items the
change touched.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable

import shiboken6
from PySide6.QtCore import QPointF, QRectF, Qt, QTimer
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QGraphicsItem, QGraphicsScene, QToolTip

from vsm_editor.model import ChangeSet, Document
from vsm_editor.model.geometry import Rect, lane_tops
from vsm_editor.style.routing import route_all
from vsm_editor.ui import style_bridge as sb
from vsm_editor.ui.coverage import linked_layers
from vsm_editor.ui.drag_preview import DragPreview
from vsm_editor.ui.items import HandoffItem, LaneItem, StageItem
from vsm_editor.ui.kaizen_bursts import refresh_bursts, touches_improvements
from vsm_editor.ui.override_guard import guarded
from vsm_editor.ui.themes import canvas_colour

MARGIN = 200.0
ROUTE_NEIGHBOURHOOD = 600.0  # obstacles considered when re-routing a few handoffs
_GEOMETRY = {"x", "y", "lane", "width", "height"}


class MapScene(QGraphicsScene):
    """The items of one document, kept in step with it."""

    def __init__(self, document: Document, parent=None, markers_later: bool = False) -> None:
        """``markers_later``: build the stages with empty P1–P4 markers and leave filling
        them to :meth:`refresh_coverage` (a big map's window does once it shows the map,
        zoomed out so far that the markers do not show)."""
        super().__init__(parent)
        self._markers_later = markers_later
        self.document = document
        self.setBackgroundBrush(QColor(canvas_colour()))  # follows the theme
        self.lanes: dict[str, LaneItem] = {}
        self.stages: dict[str, StageItem] = {}
        self.handoffs: dict[str, HandoffItem] = {}
        self._by_stage: dict[str, set[str]] = defaultdict(set)
        self._tops: dict[str | None, float] = {}
        self._linked: dict[str, tuple[bool, bool, bool, bool]] = {}
        self._preview: DragPreview | None = None
        self._drag_edited = False  # the map changed during the drag under way
        #: Callables listing the items others add to the map drawing (the flow overlay's),
        #: for the far-zoom picture that draws without asking the scene for every item.
        self.map_item_sources: list[Callable[[], Iterable[QGraphicsItem]]] = []
        self._added: set[QGraphicsItem] = set()  # top-level items others added
        self._bands: list[tuple[float, float, str]] = []  # lane bands: top, bottom, colour
        self._coverage_timer = QTimer(self)
        self._coverage_timer.setSingleShot(True)
        self._coverage_timer.setInterval(300)
        self._coverage_timer.timeout.connect(self.refresh_coverage)
        self._build()
        self._unsubscribe = document.subscribe(self.apply_changes)

    def detach(self) -> None:
        """Stop following the document (call before dropping the scene)."""
        self._unsubscribe()
        self._coverage_timer.stop()

    # ------------------------------------------------------------ building
    def _build(self) -> None:
        anatomy = self.document.map
        self._tops = lane_tops(anatomy)
        # markers known up front: one layout per stage
        self._linked = {} if self._markers_later else linked_layers(anatomy)
        self.setSceneRect(QRectF(0, 0, 1, 1))  # no growing scene rect while adding items
        for stage in anatomy.stages:
            self._add_stage(stage.id)
        self._linked = {}
        for handoff in anatomy.handoffs:
            self._add_handoff(handoff.id, route=False)
        self._route_everything()
        self._layout_lanes()

    def addItem(self, item: QGraphicsItem) -> None:
        super().addItem(item)
        if not isinstance(item, (StageItem, HandoffItem, LaneItem)) \
                and not getattr(type(item), "MAP_ITEM", False):
            self._added.add(item)

    def removeItem(self, item: QGraphicsItem) -> None:
        self._added.discard(item)
        super().removeItem(item)

    def added_items(self) -> list[QGraphicsItem]:
        """The top-level items added besides the map drawing (lanes, stages, handoffs and
        the flow drawings): overlays, the connect line …, found without listing the scene's
        every item."""
        self._added = {item for item in self._added
                       if shiboken6.isValid(item) and item.scene() is self}
        return [item for item in self._added if item.parentItem() is None]

    def _add_stage(self, stage_id: str) -> None:
        stage = self.document.get(stage_id)
        top = self._tops.get(stage.lane, self._tops[None])
        item = StageItem(stage, stage.x, top + stage.y, self._lane_colour(stage.lane),
                         self._linked.get(stage_id, sb.NO_COVERAGE))
        self.stages[stage_id] = item
        self.addItem(item)

    def _lane_colour(self, lane_id: str | None) -> str | None:
        lane = self.document.find(lane_id) if lane_id else None
        return lane.colour if lane is not None else None

    def _add_handoff(self, handoff_id: str, route: bool = True) -> None:
        handoff = self.document.get(handoff_id)
        item = HandoffItem(handoff)
        self.handoffs[handoff_id] = item
        self._by_stage[handoff.source].add(handoff_id)
        self._by_stage[handoff.target].add(handoff_id)
        self.addItem(item)
        if route:
            self._reroute({handoff_id})

    def _remove(self, table: dict[str, QGraphicsItem], element_id: str) -> None:
        item = table.pop(element_id, None)
        if item is not None:
            self.removeItem(item)

    # ------------------------------------------------------------ following the model
    def apply_changes(self, changes: ChangeSet) -> None:
        """Bring the items in line with one change set."""
        self._map_changed_while_dragging()
        lanes_changed = any(c.kind == "lane" for c in changes.changes)
        reroute: set[str] = set()
        for change in changes.changes:
            if change.kind == "stage":
                reroute |= self._stage_changed(change.op, change.id, set(change.fields))
            elif change.kind == "handoff":
                reroute |= self._handoff_changed(change.op, change.id, set(change.fields))
        if lanes_changed:
            self._tops = lane_tops(self.document.map)
            for stage_id, item in self.stages.items():
                self._place_stage(stage_id, item)
            self._route_everything()
        else:
            self._reroute({h for h in reroute if h in self.handoffs})
        if touches_improvements(changes):
            refresh_bursts(self.stages)
        self._layout_lanes(rebuild=lanes_changed)
        self._coverage_timer.start()

    def _stage_changed(self, op: str, stage_id: str, fields: set[str]) -> set[str]:
        if op == "removed":
            self._remove(self.stages, stage_id)
            return set()
        if op == "added":
            self._add_stage(stage_id)
            return set(self._by_stage.get(stage_id, ()))
        item = self.stages[stage_id]
        if fields & _GEOMETRY:
            self._place_stage(stage_id, item)
        item.refresh()
        return set(self._by_stage.get(stage_id, ())) if fields & _GEOMETRY else set()

    def _handoff_changed(self, op: str, handoff_id: str, fields: set[str]) -> set[str]:
        if op == "added":
            self._add_handoff(handoff_id, route=False)
            return self._siblings(handoff_id)
        old = self.handoffs.get(handoff_id)
        ends = (old.handoff.source, old.handoff.target) if old else ()
        for stage_id in ends:
            self._by_stage[stage_id].discard(handoff_id)
        if op == "removed":
            self._remove(self.handoffs, handoff_id)
            return {h for s in ends for h in self._by_stage.get(s, ())}
        handoff = self.document.get(handoff_id)
        self._by_stage[handoff.source].add(handoff_id)
        self._by_stage[handoff.target].add(handoff_id)
        self.handoffs[handoff_id].refresh()
        return self._siblings(handoff_id) | {h for s in ends for h in self._by_stage.get(s, ())}

    def _place_stage(self, stage_id: str, item: StageItem) -> None:
        stage = item.stage
        item.setPos(stage.x, self._tops.get(stage.lane, self._tops[None]) + stage.y)
        item.set_lane_colour(self._lane_colour(stage.lane))

    # ------------------------------------------------------------ routes
    def _siblings(self, handoff_id: str) -> set[str]:
        """Handoffs sharing both stages with ``handoff_id`` (drawn side by side)."""
        handoff = self.handoffs[handoff_id].handoff
        return self._by_stage[handoff.source] & self._by_stage[handoff.target] | {handoff_id}

    def stage_rect(self, stage_id: str) -> Rect:
        return Rect(*self.stages[stage_id].box())

    def _route_everything(self) -> None:
        rects = {stage_id: self.stage_rect(stage_id) for stage_id in self.stages}
        routes = route_all(rects, (item.handoff for item in self.handoffs.values()))
        for handoff_id, found in routes.items():
            self.handoffs[handoff_id].set_route(found.points, found.label_pos)

    def _reroute(self, handoff_ids: Iterable[str]) -> None:
        """Route ``handoff_ids`` again, with every handoff sharing a stage with them (their
        attachment points are shared), among the stage boxes around them."""
        affected, involved, region = self.reroute_area(handoff_ids)
        if not affected:
            return
        rects = {stage_id: self.stage_rect(stage_id) for stage_id in involved}
        for item in self.items(region, Qt.ItemSelectionMode.IntersectsItemBoundingRect):
            if isinstance(item, StageItem):
                rects[item.element_id] = Rect(*item.box())
        self.set_routes(route_all(rects, (self.handoffs[h].handoff for h in sorted(affected))))

    def set_routes(self, routes: dict) -> None:
        """Give the handoff items their new routes."""
        for handoff_id, found in routes.items():
            self.handoffs[handoff_id].set_route(found.points, found.label_pos)

    def reroute_area(self, handoff_ids: Iterable[str]) -> tuple[set[str], set[str], QRectF]:
        """The handoffs to route again with ``handoff_ids`` (all sharing a stage with them),
        the stages they join and the area whose stage boxes they are routed among."""
        ends = {
            stage_id
            for handoff_id in handoff_ids
            for stage_id in (self.handoffs[handoff_id].handoff.source,
                             self.handoffs[handoff_id].handoff.target)
            if stage_id in self.stages
        }
        if not ends:
            return set(), set(), QRectF()
        affected = {h for stage_id in ends for h in self._by_stage.get(stage_id, ())}
        affected = {h for h in affected if h in self.handoffs}
        involved = {
            s for h in affected
            for s in (self.handoffs[h].handoff.source, self.handoffs[h].handoff.target)
            if s in self.stages
        }
        region = QRectF()
        for stage_id in involved:
            region = region.united(self.stages[stage_id].scene_box())
        region = region.adjusted(-ROUTE_NEIGHBOURHOOD, -ROUTE_NEIGHBOURHOOD,
                                 ROUTE_NEIGHBOURHOOD, ROUTE_NEIGHBOURHOOD)
        return affected, involved, region

    def preview_move(self, stage_ids: Iterable[str], dx: float, dy: float, origins: dict) -> None:
        """Show stages moved by ``(dx, dy)`` from ``origins`` during a drag (model untouched).

        The handoffs to route and the boxes standing still around them are gathered once
        per drag; each move then only routes (in the router's quick preview mode)."""
        moving = tuple(stage_id for stage_id in stage_ids if stage_id in self.stages)
        for stage_id in moving:
            x, y = origins[stage_id]
            self.stages[stage_id].setPos(x + dx, y + dy)
        preview = self._preview
        if preview is None or preview.moving != moving:
            touched = {h for stage_id in moving for h in self._by_stage.get(stage_id, ())}
            preview = self._preview = DragPreview(self, moving, touched,
                                                  remember=not self._drag_edited)
        preview.reroute()

    def previewing(self) -> bool:
        """Whether a drag's preview is showing (no edit has ended it)."""
        return self._preview is not None

    def end_preview(self) -> None:
        """Forget what the drag gathered: the drag ended."""
        self._preview = None
        self._drag_edited = False

    def _map_changed_while_dragging(self) -> None:
        """An edit (an undo, say) during a drag: what the drag gathered is stale, and the
        routes from before it no longer fit the map; the next move gathers again."""
        if self._preview is not None:
            self._preview = None
            self._drag_edited = True

    def restore_positions(self, stage_ids: Iterable[str]) -> None:
        """Put previewed stages back where the model has them (a refused or cancelled drag),
        and their routes as they were before the drag."""
        preview, self._preview = self._preview, None
        self._drag_edited = False
        stage_ids = tuple(stage_id for stage_id in stage_ids if stage_id in self.stages)
        touched: set[str] = set()
        for stage_id in stage_ids:
            self._place_stage(stage_id, self.stages[stage_id])
            touched |= self._by_stage.get(stage_id, set())
        if preview is not None and preview.moving == stage_ids and preview.remembers():
            preview.put_back()
        else:
            self._reroute(touched)

    # ------------------------------------------------------------ tooltips
    def tooltip_at(self, point: QPointF) -> str | None:
        """A data box's tooltip when ``point`` is on one (the stages draw their data
        boxes, so Qt's per-item tooltips cannot tell a box from its stage)."""
        for item in self.items(point, Qt.ItemSelectionMode.IntersectsItemBoundingRect):
            if isinstance(item, StageItem):
                title = item.data_box_title_at(item.mapFromScene(point))
                if title:
                    return title
        return None

    @guarded
    def helpEvent(self, event) -> None:
        title = self.tooltip_at(event.scenePos())
        if title is None:
            super().helpEvent(event)
            return
        QToolTip.showText(event.screenPos(), title, event.widget())
        event.accept()

    # ------------------------------------------------------------ lanes and extent
    def lane_tops(self) -> dict[str | None, float]:
        """The top of each lane band (and under None the area below the lanes)."""
        return self._tops

    def _layout_lanes(self, rebuild: bool = False) -> None:
        anatomy = self.document.map
        rect = self._stage_bounds()
        left = min(0.0, rect.left() - 40) - sb.sizes.LANE_HEADER_WIDTH
        right = max(rect.right() + 120, 1200.0)
        if rebuild:
            for lane_id in list(self.lanes):
                self._remove(self.lanes, lane_id)
        for lane in anatomy.lanes:
            item = self.lanes.get(lane.id)
            if item is None:
                item = LaneItem(lane, self._tops[lane.id], left, right - left)
                self.lanes[lane.id] = item
                self.addItem(item)
            else:
                item.place(self._tops[lane.id], left, right - left)
        self._bands = sorted(
            (item.boundingRect().top(), item.boundingRect().bottom(),
             sb.band_colour(item.lane.colour)) for item in self.lanes.values())
        bottom = max(self._tops[None] + 60, rect.bottom())
        top = min(0.0, rect.top())
        self.setSceneRect(
            QRectF(left - MARGIN, top - MARGIN,
                   right - left + 2 * MARGIN, bottom - top + 2 * MARGIN)
        )

    def backdrop(self, top: float, bottom: float) -> list[tuple[float, float, str]]:
        """The colours under the horizontal strip ``top``–``bottom`` across the lanes: its
        pieces by lane band, the canvas colour outside them (for drawings that blend over
        them); one piece at least, also for a line (``top == bottom``)."""
        canvas = self.backgroundBrush().color().name()
        pieces: list[tuple[float, float, str]] = []
        y = top
        for band_top, band_bottom, colour_name in self._bands:
            if band_bottom < y or (band_bottom == y and bottom > y):
                continue
            if band_top > bottom or (band_top == bottom and bottom > y):
                break
            if band_top > y:
                pieces.append((y, band_top, canvas))
                y = band_top
            end = min(bottom, band_bottom)
            pieces.append((y, end, colour_name))
            y = end
            if y >= bottom:
                return pieces
        if y < bottom or not pieces:
            pieces.append((y, bottom, canvas))
        return pieces

    def _stage_bounds(self) -> QRectF:
        if not self.stages:
            return QRectF(0, 0, 800, 400)
        xs, ys, rights, bottoms = [], [], [], []
        for item in self.stages.values():
            x, y, w, h = item.box()
            xs.append(x)
            ys.append(y)
            rights.append(x + w)
            bottoms.append(y + h)
        return QRectF(min(xs), min(ys), max(rights) - min(xs), max(bottoms) - min(ys))

    # ------------------------------------------------------------ markers
    def refresh_coverage(self) -> None:
        """Fill the P1–P4 markers from the analysis' coverage."""
        coverage = linked_layers(self.document.map)
        for stage_id, item in self.stages.items():
            item.set_linked(coverage.get(stage_id, (False, False, False, False)))

    # ------------------------------------------------------------ lookup
    def stage_at(self, pos) -> StageItem | None:
        """The stage item under the scene point ``pos``."""
        for item in self.items(pos):
            if isinstance(item, StageItem):
                return item
        return None

    def element_id(self, item: QGraphicsItem | None) -> str | None:
        """The model id an item shows."""
        return getattr(item, "element_id", None)

    def selected_ids(self) -> list[str]:
        """Ids of the selected stages and handoffs."""
        return [i.element_id for i in self.selectedItems() if hasattr(i, "element_id")]

    def select_ids(self, ids: Iterable[str]) -> None:
        """Select exactly the items showing ``ids``."""
        wanted = set(ids)
        self.clearSelection()
        for element_id in wanted:
            item = self.stages.get(element_id) or self.handoffs.get(element_id)
            if item is not None:
                item.setSelected(True)
