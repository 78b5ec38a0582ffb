"""The flow on the canvas: data boxes, queue triangles with their waits, supplier and
customer markers, the timeline ladder under the map, the critical path and the bottleneck
highlighted, and each rework loop labelled with its rate.

Everything is drawn from the shared style (:mod:`vsm_editor.style.databox`,
:mod:`~vsm_editor.style.lean_symbols`, :mod:`~vsm_editor.style.ladder`) with the stage boxes
and routes the scene shows, and follows the map's display toggles. The overlay listens to
the document and recomputes :func:`~vsm_editor.analysis.flow.compute_flow` and the drawings
once edits pause (:data:`DEBOUNCE_MS`); :attr:`FlowOverlay.metrics_changed` then tells the
summary. Items are kept by what they show and only changed when their drawing changed, so a
5,000-stage map is not rebuilt item by item on every edit. Data boxes, end markers and stage
halos are children of their stage items: they move with a stage while it is dragged.
"""

from __future__ import annotations

import msgspec
import shiboken6
from PySide6.QtCore import QObject, QRectF, QTimer, Signal

from vsm_editor.analysis.flow import FlowMetrics, compute_flow
from vsm_editor.analysis.graph import FlowGraph
from vsm_editor.model import ChangeSet
from vsm_editor.model.geometry import Rect
from vsm_editor.style import palette, sizes
from vsm_editor.style.databox import DataBox, layout_data_boxes
from vsm_editor.style.figure import Figure, Label, RectIndex, Shape, text_line
from vsm_editor.style.flow_labels import hours_label
from vsm_editor.style.ladder import LADDER_GAP, Ladder, layout_ladder
from vsm_editor.style.lean_symbols import QueueSymbol, end_markers, queue_symbols, wait_lines
from vsm_editor.style.paths import rectangle
from vsm_editor.style.routing import Route
from vsm_editor.style.text import ascent, line_height, measure
from vsm_editor.ui.flow_items import (
    BOTTLENECK_COLOUR,
    CRITICAL_ALPHA,
    CRITICAL_COLOUR,
    FIGURE_Z,
    LADDER_Z,
    TAG_PADDING,
    TAG_SIZE,
    FigureItem,
    RouteHalo,
    StageHalo,
    tag_figure,
)
from vsm_editor.ui.flow_room import reserve_for_map_scene
from vsm_editor.ui.flow_subscribe import weak_subscribe
from vsm_editor.ui.summary_text import rework_text

DEBOUNCE_MS = 120
#: Space kept around the ladder inside the scene rectangle (so it can be scrolled to).
LADDER_MARGIN = 40.0
REWORK_COLOUR = "#b83280"
#: Above this many moved stages, every data box is laid out again.
NEIGHBOUR_CHECK_LIMIT = 50
#: How far above and below a moved stage its neighbours' data boxes may be affected.
NEIGHBOUR_REACH = 60.0


def wait_caption(symbol: QueueSymbol) -> Figure:
    """A queue's wait as the SVG draws it: a white patch with its lines centred."""
    box = symbol.wait_box
    size = sizes.LABEL_FONT_SIZE
    figure = Figure("queue-wait", symbol.handoff_id, box, title=symbol.figure.title)
    figure.shapes.append(Shape(rectangle(box.x, box.y, box.width, box.height),
                               palette.HANDOFF_LABEL_BACKGROUND, None, 0.0, "caption"))
    baseline = box.y + sizes.LABEL_PADDING / 2 + ascent(size)
    centre = box.x + box.width / 2
    for line in wait_lines(symbol.wait_text):
        figure.labels.append(Label(text_line(line, centre, baseline, size, anchor="middle"),
                                   palette.TEXT_MUTED, "middle", "wait"))
        baseline += line_height(size)
    return figure


def light_flow_graph(anatomy) -> FlowGraph:
    """The starts and ends of the flow, as ``build_flow_graph`` finds them, without building
    its networkx graph (``compute_flow`` reads only these; networkx then never loads for
    the canvas, and a 5,000-stage map saves about a third of a second per edit)."""
    incoming: set[str] = set()
    outgoing: set[str] = set()
    for handoff in anatomy.handoffs:
        if handoff.kind == "flow":
            outgoing.add(handoff.source)
            incoming.add(handoff.target)
    starts = [s.id for s in anatomy.stages if s.start] or [
        s.id for s in anatomy.stages if s.id not in incoming]
    ends = [s.id for s in anatomy.stages if s.end] or [
        s.id for s in anatomy.stages if s.id not in outgoing]
    return FlowGraph(None, starts, ends)  # type: ignore[arg-type]


class FlowOverlay(QObject):
    """Keeps a :class:`~vsm_editor.ui.scene.MapScene`'s flow drawings and highlights in step
    with its document."""

    metrics_changed = Signal(object)  # FlowMetrics

    def __init__(self, scene, debounce_ms: int = DEBOUNCE_MS) -> None:
        super().__init__(scene)
        self.scene = scene
        self.document = scene.document
        self.metrics: FlowMetrics = FlowMetrics()
        self.ladder: Ladder | None = None
        self.ladder_item: FigureItem | None = None
        self.figures: dict[tuple[str, str], FigureItem] = {}
        self.stage_halos: dict[str, StageHalo] = {}
        self.route_halos: dict[str, RouteHalo] = {}
        self.queued: set[str] = set()
        self._rects: dict[str, Rect] = {}
        self._route_points: dict[str, list] = {}
        self._boxes: dict[str, DataBox] = {}
        self._symbols: dict[str, QueueSymbol] = {}
        self._dirty_stages: set[str] = set()
        self._dirty_handoffs: set[str] = set()
        self._full = True
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(debounce_ms)
        self._timer.timeout.connect(self._scheduled)
        self._unsubscribe = weak_subscribe(self.document, self, "_changed")
        self.refresh()

    def detach(self) -> None:
        """Stop following the document."""
        self._unsubscribe()
        self._timer.stop()

    def _changed(self, changes: ChangeSet) -> None:
        if not shiboken6.isValid(self) or not shiboken6.isValid(self._timer):
            self._unsubscribe()  # the scene (and this overlay with it) is gone
            return
        for change in changes.changes:
            if change.kind == "stage":
                self._dirty_stages.add(change.id)
            elif change.kind == "handoff":
                self._dirty_handoffs.add(change.id)
            else:  # lanes, display, the stream's working day …: everything may change
                self._full = True
        self._timer.start()

    def _scheduled(self) -> None:
        """The debounced refresh: skipped once no view shows the scene (its window closed,
        the scene only waits to be dropped)."""
        if shiboken6.isValid(self.scene) and self.scene.views():
            self.refresh()

    def is_pending(self) -> bool:
        return self._timer.isActive()

    # ------------------------------------------------------------ recomputing
    def refresh(self, full: bool = False) -> FlowMetrics:
        """Recompute the metrics and the drawings now: the ladder, markers and highlights
        always, the data boxes and queues of what changed (of everything when ``full``)."""
        self._timer.stop()
        if not shiboken6.isValid(self.scene):
            return self.metrics
        full = full or self._full or not self._rects
        anatomy = self.document.map
        self.metrics = compute_flow(anatomy, light_flow_graph(anatomy))
        stages = self.scene.stages
        rects = {stage_id: Rect(*item.box()) for stage_id, item in stages.items()}
        routes = self._routes()
        dirty_stages, dirty_handoffs = self._dirty(anatomy, rects, routes, full)
        self._rects, self._route_points = rects, {h: r.points for h, r in routes.items()}
        self._dirty_stages, self._dirty_handoffs, self._full = set(), set(), False
        wanted: dict[tuple[str, str], tuple[Figure, object]] = {}
        kept = {key for key in self.figures if key[0] in ("data-box", "queue", "queue-wait")}
        if full:
            kept = set()
            self._boxes, self._symbols = {}, {}
        kept = {key for key in kept if key[1] in (rects if key[0] == "data-box" else routes)}
        self._boxes = {k: v for k, v in self._boxes.items() if k in rects}
        self._symbols = {k: v for k, v in self._symbols.items() if k in routes}
        for stage_id in dirty_stages:
            self._boxes.pop(stage_id, None)
            kept.discard(("data-box", stage_id))
        for handoff_id in dirty_handoffs:
            self._symbols.pop(handoff_id, None)
            kept -= {("queue", handoff_id), ("queue-wait", handoff_id)}
        scope = anatomy if full else msgspec.structs.replace(
            anatomy, stages=[s for s in anatomy.stages if s.id in dirty_stages],
            handoffs=[h for h in anatomy.handoffs
                      if h.target in dirty_stages or h.id in dirty_handoffs])
        for box in layout_data_boxes(scope, rects, self.scene.lane_tops()):
            self._boxes[box.stage_id] = box
            wanted[("data-box", box.stage_id)] = (box.figure, stages.get(box.stage_id))
        if not full:
            scope = msgspec.structs.replace(
                anatomy, handoffs=[h for h in anatomy.handoffs if h.id in dirty_handoffs])
        for symbol in queue_symbols(scope, routes, rects):
            self._symbols[symbol.handoff_id] = symbol
            wanted[("queue", symbol.handoff_id)] = (symbol.figure, None)
            wanted[("queue-wait", symbol.handoff_id)] = (wait_caption(symbol), None)
        for figure in end_markers(anatomy, rects):
            wanted[(figure.kind, figure.element or "")] = (figure, stages.get(figure.element))
        self._show_waits_in_captions(set(self._symbols))
        for figure in self._tags(anatomy, rects, routes):
            parent = stages.get(figure.element) if figure.kind == "bottleneck" else None
            wanted[(figure.kind, figure.element or "")] = (figure, parent)
        self._sync_figures(wanted, kept)
        self._sync_halos(rects, routes)
        bottom = max([self.scene.lane_tops()[None], *(r.bottom for r in rects.values()),
                      *(b.rect.bottom for b in self._boxes.values())])
        self._sync_ladder(layout_ladder(anatomy, self.metrics, rects, bottom + LADDER_GAP))
        self.metrics_changed.emit(self.metrics)
        return self.metrics

    def _dirty(self, anatomy, rects: dict[str, Rect], routes: dict[str, Route],
               full: bool) -> tuple[set[str], set[str]]:
        """The stages whose data box and the handoffs whose queue must be laid out again:
        those edited, moved or re-routed, and the stages next to a moved one (its data box
        may have to go above)."""
        if full:
            return set(), set()
        stages = {s for s in self._dirty_stages if s in rects}
        handoffs = {h for h in self._dirty_handoffs if h in routes}
        moved = [s for s, rect in rects.items() if self._rects.get(s) != rect]
        if len(moved) > NEIGHBOUR_CHECK_LIMIT:
            stages |= set(rects)
        else:
            for stage_id in moved:
                stages.add(stage_id)
                for old_or_new in (self._rects.get(stage_id), rects[stage_id]):
                    if old_or_new is None:
                        continue
                    reach = Rect(old_or_new.x - 10, old_or_new.y - NEIGHBOUR_REACH,
                                 old_or_new.width + 20, old_or_new.height + 2 * NEIGHBOUR_REACH)
                    stages |= {s for s, r in rects.items() if reach.intersects(r)}
        for handoff_id, route in routes.items():
            if self._route_points.get(handoff_id) != route.points:
                handoffs.add(handoff_id)
        handoffs |= {h.id for h in anatomy.handoffs if h.target in stages and h.id in routes}
        return stages, handoffs

    def _routes(self) -> dict[str, Route]:
        routes = {}
        for handoff_id, item in self.scene.handoffs.items():
            if len(item.route) >= 2:
                anchor = item.label_anchor()
                routes[handoff_id] = Route(list(item.route), (anchor.x(), anchor.y()),
                                           item.handoff.kind)
        return routes

    def _show_waits_in_captions(self, queued: set[str]) -> None:
        """Handoffs whose wait a queue shows leave it out of their own caption."""
        for handoff_id, item in self.scene.handoffs.items():
            shown = handoff_id in queued
            if getattr(item, "wait_shown_elsewhere", False) != shown:
                item.wait_shown_elsewhere = shown
                item.refresh()
        self.queued = queued

    def _tags(self, anatomy, rects: dict[str, Rect], routes: dict[str, Route]) -> list[Figure]:
        """The bottleneck's tag over its stage and a rate label on every rework loop."""
        tags = []
        metrics = self.metrics
        taken = RectIndex(rects)
        for box in self._boxes.values():
            taken.add(box.stage_id, box.rect)
        day = anatomy.stream.working_day_hours
        if metrics.bottleneck in rects:
            rect = rects[metrics.bottleneck]
            wait = hours_label(metrics.bottleneck_wait_hours, day, metrics.estimated)
            tags.append(tag_figure("bottleneck", metrics.bottleneck, f"Bottleneck · {wait}",
                                   rect.x, rect.y - 2.0, BOTTLENECK_COLOUR,
                                   "Bottleneck: the longest expected queue per item is "
                                   f"before this stage ({wait})"))
        for loop in metrics.rework_loops:
            route = routes.get(loop.handoff)
            if route is None:
                continue
            text = rework_text(loop.rate, loop.factor, loop.extra_hours, day)
            x, bottom = _rework_spot(route, text, taken)
            tags.append(tag_figure("rework", loop.handoff, text, x, bottom, REWORK_COLOUR,
                                   f"Rework loop: {text}; repeats "
                                   f"{len(loop.stages)} stage(s)"))
        return tags

    # ------------------------------------------------------------ items
    def _sync_figures(self, wanted: dict[tuple[str, str], tuple[Figure, object]],
                      kept: set[tuple[str, str]]) -> None:
        """Show the ``wanted`` figures; the ``kept`` ones stay as they are."""
        for key in list(self.figures):
            item = self.figures[key]
            if (key in kept and key not in wanted and shiboken6.isValid(item)
                    and item.scene() is self.scene):
                continue
            entry = wanted.get(key)
            if (entry is None or not shiboken6.isValid(item) or item.scene() is not self.scene
                    or item.parentItem() is not entry[1]):
                self._drop(item)
                del self.figures[key]
        for key, (figure, parent) in wanted.items():
            if parent is not None:  # in the stage's coordinates: it moves with the stage
                origin = parent.pos()
                figure = figure.moved(-origin.x(), -origin.y())
            item = self.figures.get(key)
            if item is None:
                z = LADDER_Z if key[0] == "rework" else FIGURE_Z
                item = FigureItem(figure, parent, z)  # type: ignore[arg-type]
                if parent is None:
                    self.scene.addItem(item)
                self.figures[key] = item
            else:
                item.set_figure(figure)

    def _drop(self, item) -> None:
        if shiboken6.isValid(item) and item.scene() is self.scene:
            self.scene.removeItem(item)

    def _sync_halos(self, rects: dict[str, Rect], routes: dict[str, Route]) -> None:
        metrics = self.metrics
        branches = metrics.ladder_follows_critical_path  # a straight line is all critical
        critical = set(metrics.critical_path) if branches else set()
        styles = {stage_id: (CRITICAL_COLOUR, CRITICAL_ALPHA) for stage_id in critical}
        if metrics.bottleneck is not None:
            styles[metrics.bottleneck] = (BOTTLENECK_COLOUR, 200)
        for stage_id in list(self.stage_halos):
            halo = self.stage_halos[stage_id]
            parent = self.scene.stages.get(stage_id)
            if (stage_id not in styles or not shiboken6.isValid(halo)
                    or halo.parentItem() is not parent):
                self._drop(halo)
                del self.stage_halos[stage_id]
        for stage_id, (colour, alpha) in styles.items():
            parent = self.scene.stages.get(stage_id)
            if parent is None:
                continue
            rect = rects[stage_id]
            halo = self.stage_halos.get(stage_id)
            if halo is None:
                self.stage_halos[stage_id] = StageHalo(parent, rect.width, rect.height, colour,
                                                       alpha)
            else:
                halo.set_size(rect.width, rect.height)
                if (halo.colour, halo.alpha) != (colour, alpha):
                    halo.colour, halo.alpha = colour, alpha
                    halo.update()
        handoffs = set(metrics.critical_handoffs) if critical else set()
        for handoff_id in list(self.route_halos):
            if handoff_id not in handoffs or handoff_id not in routes:
                self._drop(self.route_halos.pop(handoff_id))
        for handoff_id in handoffs:
            route = routes.get(handoff_id)
            if route is None:
                continue
            halo = self.route_halos.get(handoff_id)
            if halo is None:
                halo = self.route_halos[handoff_id] = RouteHalo(route.points)
                self.scene.addItem(halo)
            else:
                halo.set_points(route.points)

    def _sync_ladder(self, ladder: Ladder | None) -> None:
        self.ladder = ladder
        if ladder is None:
            if self.ladder_item is not None:
                self._drop(self.ladder_item)
                self.ladder_item = None
            return
        reserve_for_map_scene(self.scene)
        if self.ladder_item is None:
            self.ladder_item = FigureItem(ladder.figure, z=LADDER_Z)
            self.scene.addItem(self.ladder_item)
        else:
            self.ladder_item.set_figure(ladder.figure)
        rect = ladder.rect
        wanted = QRectF(rect.x, rect.y, rect.width, rect.height).adjusted(
            -LADDER_MARGIN, -LADDER_MARGIN, LADDER_MARGIN, LADDER_MARGIN)
        current = self.scene.sceneRect()
        if not current.contains(wanted):
            self.scene.setSceneRect(current.united(wanted))

    # ------------------------------------------------------------ queries (tests, summary)
    def figure(self, kind: str, element: str) -> Figure | None:
        """The drawing of ``kind`` about ``element`` shown now (in scene coordinates)."""
        item = self.figures.get((kind, element))
        if item is None:
            return None
        parent = item.parentItem()
        if parent is None:
            return item.figure
        return item.figure.moved(parent.pos().x(), parent.pos().y())

    def highlighted(self) -> tuple[set[str], set[str], str | None]:
        """(critical-path stages, critical handoffs, bottleneck) as drawn."""
        bottleneck = self.metrics.bottleneck if self.metrics.bottleneck in self.stage_halos \
            else None
        stages = {s for s, h in self.stage_halos.items() if h.colour == CRITICAL_COLOUR}
        return stages, set(self.route_halos), bottleneck


def _rework_spot(route: Route, text: str, taken: RectIndex) -> tuple[float, float]:
    """Where a rework label goes (its left edge and bottom): over or under the middle of one
    of the route's segments, longest first, where it covers no stage and no data box."""
    width = measure(text, TAG_SIZE, True) + 2 * TAG_PADDING
    height = line_height(TAG_SIZE, True) + TAG_PADDING
    points = route.points
    segments = sorted(zip(points, points[1:], strict=False),
                      key=lambda s: -(abs(s[1][0] - s[0][0]) + abs(s[1][1] - s[0][1])))
    first = None
    for (ax, ay), (bx, by) in segments:
        x, y = (ax + bx) / 2, (ay + by) / 2
        spots = [(x - width / 2, y - 3.0), (x - width / 2, y + 3.0 + height),
                 (x + 4.0, y + height / 2), (x - 4.0 - width, y + height / 2)]
        spots += [(x - width / 2, y + sign * step * height)
                  for step in range(2, 6) for sign in (1, -1)]
        for left, bottom in spots:
            first = first or (left, bottom)
            if not taken.hits(Rect(left, bottom - height, width, height)):
                return left, bottom
    return first or (route.label_pos[0] - width / 2, route.label_pos[1] - 3.0)
