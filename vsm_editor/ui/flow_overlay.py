"""The flow on the canvas: data boxes, queue triangles with their waits, supplier and
customer markers, the timeline ladder under the map, the critical path and the bottleneck
highlighted, and each rework loop labelled with its rate.

Everything is drawn from the shared style (:mod:`vsm_editor.style.databox`,
:mod:`~vsm_editor.style.lean_symbols`, :mod:`~vsm_editor.style.ladder`) with the stage boxes
and routes the scene shows, and follows the map's display toggles. The overlay listens to
the document; once edits pause (:data:`DEBOUNCE_MS`) it updates in short steps spread over
event-loop turns (:mod:`vsm_editor.ui.flow_slices`), redoing only what the edits touched,
and :attr:`FlowOverlay.metrics_changed` then tells the summary. The end state is the one a
full recompute gives (tests/ui/test_flow_overlay_slices.py). The stage items draw their data
boxes and halos, and end markers and the bottleneck tag are their children: they move with a
stage while it is dragged. Light drawings (data boxes, queues) make their figures when first
painted.
"""

from __future__ import annotations

from collections.abc import Iterator

import msgspec
import shiboken6
from PySide6.QtCore import QObject, QRectF, QTimer, Signal
from PySide6.QtWidgets import QGraphicsItem

from vsm_editor.analysis.analyzer import collector_paused
from vsm_editor.analysis.flow import FlowMetrics, compute_flow
from vsm_editor.analysis.graph import FlowGraph
from vsm_editor.model import ChangeSet
from vsm_editor.model.geometry import Rect
from vsm_editor.style.captions import place_caption
from vsm_editor.style.databox import DataBox, layout_data_boxes
from vsm_editor.style.figure import Figure, RectIndex
from vsm_editor.style.flow_labels import hours_label
from vsm_editor.style.ladder import LADDER_GAP, Ladder, layout_ladder
from vsm_editor.style.lean_symbols import QueueDrawing, QueueSymbol, end_markers, queue_symbols
from vsm_editor.style.routing import Route
from vsm_editor.style.text import line_height, measure
from vsm_editor.ui.drawn import Drawing
from vsm_editor.ui.flow_items import (
    BOTTLENECK_COLOUR,
    CRITICAL_ALPHA,
    CRITICAL_COLOUR,
    FIGURE_Z,
    LADDER_Z,
    TAG_PADDING,
    TAG_SIZE,
    FigureItem,
    HaloRoute,
    RouteHalos,
    tag_figure,
)
from vsm_editor.ui.flow_room import reserve_ladder_room
from vsm_editor.ui.flow_slices import ALONE, SLICE_MS, SlicedJob
from vsm_editor.ui.flow_subscribe import weak_subscribe
from vsm_editor.ui.summary_text import rework_text

DEBOUNCE_MS = 120
#: What an update wants shown under a figure key: the drawing and the stage item carrying it.
Wanted = tuple[Drawing | Figure, object]
#: Elements drawn between two hand-backs to the event loop in a whole new drawing.
CHUNK = 250
#: Captions are placed (and their obstacles indexed) this many at a time, an eighth as
#: many captions as obstacles: each caption tries several places.
CAPTION_STEP = 800
#: Space kept around the ladder inside the scene rectangle (so it can be scrolled to).
LADDER_MARGIN = 40.0
REWORK_COLOUR = "#b83280"
#: Above this many moved stages, every data box is laid out again.
NEIGHBOUR_CHECK_LIMIT = 50
#: How far above and below a moved stage its neighbours' data boxes may be affected.
NEIGHBOUR_REACH = 60.0
#: Stage and handoff fields that never change the flow metrics (a stage's name, place …).
_NO_FLOW_STAGE_FIELDS = frozenset({"name", "owner", "description", "x", "y", "lane", "width",
                                   "height", "outcomes", "decisions", "improvements", "notes"})
_NO_FLOW_HANDOFF_FIELDS = frozenset({"label", "artifact", "notes"})


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
    with its document.

    After edits pause, the update runs as a :class:`~vsm_editor.ui.flow_slices.SlicedJob`:
    short steps in separate event-loop turns, each redoing only what the edits touched (the
    metrics only when a number or the flow's shape changed, data boxes and queues of the
    edited, moved and re-routed elements, the ladder only when its path or places changed).
    An edit arriving meanwhile stops the job and folds what it had not finished into the next
    one. :meth:`refresh` does the same work at once.
    """

    metrics_changed = Signal(object)  # FlowMetrics

    def __init__(self, scene, debounce_ms: int = DEBOUNCE_MS,
                 slice_ms: float = SLICE_MS, deferred: bool = False) -> None:
        """``deferred``: draw the first time in slices when :meth:`start` is called (a big
        map's window does once it shows the map), not at once."""
        super().__init__(scene)
        self.scene = scene
        self.document = scene.document
        self.metrics: FlowMetrics = FlowMetrics()
        self.ladder: Ladder | None = None
        self.ladder_item: FigureItem | None = None
        self.figures: dict[tuple[str, str], FigureItem] = {}
        #: The stages with a halo, and its (colour, alpha); the stage items draw them.
        self.stage_halos: dict[str, tuple[str, int]] = {}
        self.critical = RouteHalos()  # the critical path's halo along the handoffs
        scene.addItem(self.critical)
        self.queued: set[str] = set()
        self._rects: dict[str, Rect] = {}
        self._routes_now: dict[str, Route] = {}
        self._route_cache: dict[str, tuple[object, object, str, Route]] = {}
        self._targets: dict[str, str] = {}  # handoff → target stage, as last drawn
        self._boxes: dict[str, DataBox] = {}
        self._symbols: dict[str, QueueSymbol] = {}
        self._stage_index: RectIndex | None = None
        self._every_time: set[tuple[str, str]] = set()  # end markers and tags, redone each time
        self._halo_styles: dict[str, tuple[str, int]] = {}
        self._ladder_key: tuple | None = None
        self._ladder_stages: set[str] = set()
        self._tags_key: tuple | None = None
        self._dirty_stages: set[str] = set()
        self._dirty_handoffs: set[str] = set()
        self._full = True
        self._stale_metrics = True
        self._job_scope: tuple[set[str], set[str], bool, bool] | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(debounce_ms)
        self._timer.timeout.connect(self._scheduled)
        self._job = SlicedJob(self, self._job_done, slice_ms)
        self._unsubscribe = weak_subscribe(self.document, self, "_changed")
        scene.map_item_sources.append(self.map_items)
        if not deferred:
            self.refresh()

    def start(self) -> None:
        """Draw everything, in slices from the next event-loop turn on (a deferred start)."""
        self._full = True
        self._scheduled()

    @property
    def slice_ms(self):
        """How long each slice of the scheduled updates took (wall ms, the latest last)."""
        return self._job.slice_ms

    @property
    def slice_cpu_ms(self):
        """The GUI thread's CPU time in each slice (ms, the latest last)."""
        return self._job.slice_cpu_ms

    @property
    def route_halos(self) -> dict[str, HaloRoute]:
        """The handoffs with a critical-path halo, and its points."""
        return self.critical.routes

    def map_items(self) -> Iterator[QGraphicsItem]:
        """The items this overlay adds to the map drawing."""
        yield self.critical
        yield from self.figures.values()
        if self.ladder_item is not None:
            yield self.ladder_item

    def detach(self) -> None:
        """Stop following the document."""
        if shiboken6.isValid(self.scene) and self.map_items in self.scene.map_item_sources:
            self.scene.map_item_sources.remove(self.map_items)
        self._unsubscribe()
        self._timer.stop()
        self._stop_job()

    def _changed(self, changes: ChangeSet) -> None:
        if not shiboken6.isValid(self) or not shiboken6.isValid(self._timer):
            self._unsubscribe()  # the scene (and this overlay with it) is gone
            return
        self._stop_job()
        for change in changes.changes:
            if change.kind == "stage":
                self._dirty_stages.add(change.id)
                if change.op != "updated" or not _NO_FLOW_STAGE_FIELDS.issuperset(change.fields):
                    self._stale_metrics = True
            elif change.kind == "handoff":
                self._dirty_handoffs.add(change.id)
                if change.op != "updated" or not _NO_FLOW_HANDOFF_FIELDS.issuperset(
                        change.fields):
                    self._stale_metrics = True
            else:  # lanes, display, the stream's working day …: everything may change
                self._full = True
        self._timer.start()

    def _scheduled(self) -> None:
        """The debounced update, in slices: skipped once no view shows the scene (its window
        closed, the scene only waits to be dropped)."""
        if shiboken6.isValid(self.scene) and any(view.isVisible()
                                                 for view in self.scene.views()):
            self._job.start(self._steps())

    def _job_done(self) -> None:
        self._job_scope = None

    def _stop_job(self) -> None:
        """Stop a running update; what it took on is done again by the next one."""
        if self._job.cancel() and self._job_scope is not None:
            stages, handoffs, full, stale = self._job_scope
            self._dirty_stages |= stages
            self._dirty_handoffs |= handoffs
            self._full = self._full or full
            self._stale_metrics = self._stale_metrics or stale
            self._stage_index = None  # it may hold places the next update does not compare
            self._ladder_key = self._tags_key = None
        self._job_scope = None

    def is_pending(self) -> bool:
        """Whether edits wait to be drawn (the pause not over yet, or an update running)."""
        return self._timer.isActive() or self._job.running()

    # ------------------------------------------------------------ recomputing
    def refresh(self, full: bool = False) -> FlowMetrics:
        """Recompute the metrics and the drawings now: what changed since the last update
        (everything when ``full``)."""
        self._timer.stop()
        self._stop_job()
        if not shiboken6.isValid(self.scene):
            return self.metrics
        with collector_paused():
            for _ in self._steps(full):
                pass
        self._job_scope = None
        return self.metrics

    def _steps(self, full: bool = False) -> Iterator[str | None]:
        """One update, yielding between steps; each long step (at 5,000 stages 10–45 ms:
        the metrics, reading the places, the tags, the halos, the ladder; each only when
        needed) gets an event-loop turn of its own."""
        if not shiboken6.isValid(self.scene):
            return
        full = full or self._full or not self._rects
        stale = full or self._stale_metrics
        stages, handoffs = self._dirty_stages, self._dirty_handoffs
        self._dirty_stages, self._dirty_handoffs = set(), set()
        self._full = self._stale_metrics = False
        self._job_scope = (stages, handoffs, full, stale)
        anatomy = self.document.map
        if stale:
            self.metrics = compute_flow(anatomy, light_flow_graph(anatomy))
            self._ladder_stages = {step.stage for step in self.metrics.ladder}
            yield ALONE
        rects, moved = self._read_rects()
        yield ALONE
        routes, rerouted = self._read_routes()
        yield ALONE
        dirty_stages, dirty_handoffs = self._dirty(anatomy, rects, routes, moved, rerouted,
                                                   stages, handoffs, full)
        self._job_scope = (dirty_stages | stages, dirty_handoffs | handoffs, full, stale)
        if full or moved or self._stage_index is None:
            self._stage_index = RectIndex(rects)
        yield ALONE
        old_boxes = {s: self._boxes[s] for s in dirty_stages if s in self._boxes}
        wanted, dropped = self._forget(rects, routes, dirty_stages, dirty_handoffs, full)
        scope = anatomy if full else msgspec.structs.replace(
            anatomy, stages=[s for s in anatomy.stages if s.id in dirty_stages],
            handoffs=[h for h in anatomy.handoffs
                      if h.target in dirty_stages or h.id in dirty_handoffs])
        stage_items = self.scene.stages
        boxes_moved = False  # a box placed elsewhere (the tags avoid the boxes)
        # A whole new drawing (opening a big map) hands the event loop back every CHUNK
        # elements: a stop there makes the next update draw everything again anyway.
        pause = CHUNK if full else 0
        boxes = layout_data_boxes(scope, rects, self.scene.lane_tops(), index=self._stage_index)
        for number, box in enumerate(boxes, 1):
            old = old_boxes.get(box.stage_id)
            boxes_moved = boxes_moved or old is None or old.rect != box.rect
            self._boxes[box.stage_id] = box
            wanted[("data-box", box.stage_id)] = (box, stage_items.get(box.stage_id))
            if pause and number % pause == 0:
                yield
        yield
        if not full:
            scope = msgspec.structs.replace(
                anatomy, handoffs=[h for h in anatomy.handoffs if h.id in dirty_handoffs])
        symbols = queue_symbols(scope, routes, rects, taken=self._stage_index.copy())
        if pause:
            yield
        for number, symbol in enumerate(symbols, 1):
            self._symbols[symbol.handoff_id] = symbol
            wanted[("queue", symbol.handoff_id)] = (QueueDrawing(symbol), None)
            if pause and number % pause == 0:
                yield
        self._show_waits_in_captions(set(self._symbols), None if full else dirty_handoffs)
        yield ALONE
        every_time: set[tuple[str, str]] = set()
        for figure in end_markers(anatomy, rects):
            key = (figure.kind, figure.element or "")
            wanted[key] = (figure, stage_items.get(figure.element))
            every_time.add(key)
        tags_key = (self.metrics, anatomy.stream.working_day_hours)
        if (full or stale or moved or rerouted or boxes_moved or dropped - wanted.keys()
                or tags_key != self._tags_key):
            self._tags_key = tags_key
            for figure in self._tags(anatomy, rects, routes):
                key = (figure.kind, figure.element or "")
                parent = stage_items.get(figure.element) if figure.kind == "bottleneck" else None
                wanted[key] = (figure, parent)
                every_time.add(key)
        else:  # nothing a tag depends on changed: they stay as they are
            every_time |= {key for key in self._every_time if key[0] in ("bottleneck", "rework")}
        dropped |= self._every_time - every_time
        self._every_time = every_time
        # in the tags' step: a stop never parts them (but for a whole new drawing)
        yield from self._sync_figures(wanted, dropped, pause)
        yield ALONE
        yield from self._place_captions(anatomy, routes)
        yield ALONE
        yield from self._sync_halos(routes, full or not moved.isdisjoint(self._halo_styles)
                                    or not rerouted.isdisjoint(self.route_halos), pause)
        yield ALONE
        ladder_input = self._ladder_input(anatomy, rects, moved, stale or full)
        if ladder_input is not None:  # the longest step (~40 ms for 7,600 rungs)
            self._show_ladder(layout_ladder(*ladder_input))
        self._reserve_ladder_room(rects)
        yield ALONE
        # what the next update compares with (only now: a stopped one compares again)
        self._rects, self._routes_now = rects, routes
        self._job_scope = None
        self.metrics_changed.emit(self.metrics)

    def _read_rects(self) -> tuple[dict[str, Rect], set[str]]:
        """Every stage box as the scene shows it, and the stages whose box is not where the
        last update saw it (moved, resized, added or removed)."""
        old = self._rects
        rects = {stage_id: Rect(*item.box()) for stage_id, item in self.scene.stages.items()}
        moved = {s for s, rect in rects.items() if old.get(s) != rect}
        if len(old) + len(moved) != len(rects):
            moved |= old.keys() - rects.keys()
        return rects, moved

    def _read_routes(self) -> tuple[dict[str, Route], set[str]]:
        """Every routed handoff (a :class:`Route` made again only for a new route), and the
        handoffs routed differently since the last update (or gone)."""
        cache, old = self._route_cache, self._routes_now
        routes: dict[str, Route] = {}
        for handoff_id, item in self.scene.handoffs.items():
            points = item.route
            if len(points) < 2:
                continue
            kind = item.handoff.kind
            entry = cache.get(handoff_id)
            if (entry is not None and entry[0] is points and entry[1] == item.label_pos
                    and entry[2] == kind):
                routes[handoff_id] = entry[3]
                continue
            anchor = item.label_anchor()
            # the item's list is replaced, never changed, when it is routed again: shared
            route = Route(points, (anchor.x(), anchor.y()), kind)
            cache[handoff_id] = (points, item.label_pos, kind, route)
            routes[handoff_id] = route
        rerouted = {h for h, route in routes.items()
                    if old.get(h) is not route and (
                        h not in old or old[h].points != route.points
                        or old[h].label_pos != route.label_pos or old[h].kind != route.kind)}
        if len(old) + len(rerouted) != len(routes):
            gone = old.keys() - routes.keys()
            rerouted |= gone
            for handoff_id in gone:
                cache.pop(handoff_id, None)
        return routes, rerouted

    def _dirty(self, anatomy, rects: dict[str, Rect], routes: dict[str, Route],
               moved: set[str], rerouted: set[str], stages: set[str], handoffs: set[str],
               full: bool) -> tuple[set[str], set[str]]:
        """The stages whose data box and the handoffs whose queue must be laid out again:
        those edited, moved or re-routed, and the stages next to a moved one (its data box
        may have to go above)."""
        targets = self._targets
        self._targets = {h.id: h.target for h in anatomy.handoffs}
        if full:
            return set(), set()
        # an edited handoff's target shows its wait in its data box (before and after)
        stages = stages | {t for h in handoffs for t in (targets.get(h), self._targets.get(h))}
        stages = {s for s in stages if s in rects}
        handoffs = {h for h in handoffs | rerouted if h in routes}
        if len(moved) > NEIGHBOUR_CHECK_LIMIT:
            stages |= set(rects)
        else:
            for stage_id in moved:
                if stage_id in rects:
                    stages.add(stage_id)
                for old_or_new in (self._rects.get(stage_id), rects.get(stage_id)):
                    if old_or_new is None:
                        continue
                    reach = Rect(old_or_new.x - 10, old_or_new.y - NEIGHBOUR_REACH,
                                 old_or_new.width + 20, old_or_new.height + 2 * NEIGHBOUR_REACH)
                    stages |= {s for s, r in rects.items() if reach.intersects(r)}
        if stages:
            handoffs |= {h.id for h in anatomy.handoffs if h.target in stages and h.id in routes}
        return stages, handoffs

    def _forget(self, rects: dict[str, Rect], routes: dict[str, Route], stages: set[str],
                handoffs: set[str], full: bool
                ) -> tuple[dict[tuple[str, str], Wanted], set[tuple[str, str]]]:
        """Drop the data boxes and queues to lay out again or whose element is gone; the
        figure keys to remove unless laid out again."""
        if full:
            dropped = {key for key in self.figures if key[0] == "queue"}
            # what the stages show, not self._boxes: a stopped full update may have
            # emptied that before it took the boxes off the stages
            dropped |= {("data-box", stage_id) for stage_id, item in self.scene.stages.items()
                        if item.data_box is not None}
            self._boxes, self._symbols = {}, {}
            return {}, dropped
        gone_boxes = [s for s in self._boxes if s not in rects]
        gone_queues = [h for h in self._symbols if h not in routes]
        dropped: set[tuple[str, str]] = set()
        for stage_id in [*gone_boxes, *stages]:
            self._boxes.pop(stage_id, None)
            dropped.add(("data-box", stage_id))
        for handoff_id in [*gone_queues, *handoffs]:
            self._symbols.pop(handoff_id, None)
            dropped.add(("queue", handoff_id))
        return {}, dropped

    def _show_waits_in_captions(self, queued: set[str], touched: set[str] | None) -> None:
        """Handoffs whose wait a queue shows leave it out of their own caption (looked at:
        those whose queue came or went and the ``touched`` ones; all when None)."""
        items = self.scene.handoffs
        ids = items.keys() if touched is None else (queued ^ self.queued) | touched
        for handoff_id in ids:
            item = items.get(handoff_id)
            if item is None:
                continue
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
    def _sync_figures(self, wanted: dict[tuple[str, str], Wanted],
                      dropped: set[tuple[str, str]], pause: int = 0) -> Iterator[None]:
        """Show the ``wanted`` figures and remove the ``dropped`` ones not wanted; all other
        figures stay as they are. Yields after every ``pause`` figures (0: never)."""
        stage_items = self.scene.stages
        for key in dropped - wanted.keys():
            if key[0] == "data-box":  # drawn by its stage
                stage = stage_items.get(key[1])
                if stage is not None:
                    stage.set_data_box(None)
                continue
            item = self.figures.pop(key, None)
            if item is not None:
                self._drop(item)
        for number, (key, (figure, parent)) in enumerate(wanted.items(), 1):
            if pause and number % pause == 0:
                yield
            if key[0] == "data-box":
                if parent is not None:
                    place = parent.pos()
                    parent.set_data_box(figure, (place.x(), place.y()))
                continue
            origin = (0.0, 0.0)
            if parent is not None:  # drawn from the stage's place: it moves with the stage
                place = parent.pos()
                origin = (place.x(), place.y())
            item = self.figures.get(key)
            if item is not None and (not shiboken6.isValid(item) or item.scene() is not self.scene
                                     or item.parentItem() is not parent):
                self._drop(item)
                item = None
            if item is None:
                z = LADDER_Z if key[0] == "rework" else FIGURE_Z
                item = FigureItem(figure, parent, z, origin)  # type: ignore[arg-type]
                if parent is None:
                    self.scene.addItem(item)
                self.figures[key] = item
            else:
                item.set_figure(figure, origin)

    def _place_captions(self, anatomy, routes: dict[str, Route]) -> Iterator[None]:
        """Every handoff caption at its first place that covers no stage box, flow drawing
        or caption placed before it, in document order: the exports' way (their obstacles
        differ a little: the canvas also has its tags, and shows every queue's wait).
        Yields every :data:`CAPTION_STEP` obstacles and every eighth of that many
        captions, so a map with thousands of captions is placed over several slices. A
        handoff routed again since ``routes`` were read (a drag's preview) is left to the
        next update."""
        stages = self._stage_index if self._stage_index is not None else RectIndex(self._rects)
        taken = RectIndex()  # the drawings and the captions placed so far
        add = taken.add
        for number, symbol in enumerate(self._symbols.values(), 1):
            add("queue", symbol.box)
            if symbol.wait_box is not None:
                add("queue-wait", symbol.wait_box)
            if number % CAPTION_STEP == 0:
                yield
        for number, box in enumerate(self._boxes.values(), 1):
            add("data-box", box.rect)
            if number % CAPTION_STEP == 0:
                yield
        for kind, element in self._every_time:  # stream ends and tags
            figure = self.figure(kind, element)
            if figure is not None:
                add(kind, figure.bounds)
        yield
        items = self.scene.handoffs
        number = 0
        for handoff in anatomy.handoffs:
            item, route = items.get(handoff.id), routes.get(handoff.id)
            if item is None or route is None or item.route is not route.points:
                continue
            lines = item.caption_lines()
            if not lines:
                continue
            box = place_caption(route.points, route.label_pos, lines, stages, taken)
            add(handoff.id, box)
            item.set_caption_place(box)
            number += 1
            if number % (CAPTION_STEP // 8) == 0:
                yield

    def _drop(self, item) -> None:
        if shiboken6.isValid(item) and item.scene() is self.scene:
            self.scene.removeItem(item)

    def _sync_halos(self, routes: dict[str, Route], geometry_changed: bool,
                    pause: int = 0) -> Iterator[None]:
        """The critical path's and the bottleneck's halos (looked at again only when which
        elements have one changed, or ``geometry_changed``). Yields after every ``pause``
        halos made (0: never)."""
        metrics = self.metrics
        branches = metrics.ladder_follows_critical_path  # a straight line is all critical
        critical = set(metrics.critical_path) if branches else set()
        styles = {stage_id: (CRITICAL_COLOUR, CRITICAL_ALPHA) for stage_id in critical}
        if metrics.bottleneck is not None:
            styles[metrics.bottleneck] = (BOTTLENECK_COLOUR, 200)
        handoffs = set(metrics.critical_handoffs) if critical else set()
        if (not geometry_changed and styles == self._halo_styles
                and handoffs == self.route_halos.keys()):
            return
        self._halo_styles = styles
        stage_items = self.scene.stages
        for stage_id in list(self.stage_halos):
            if stage_id not in styles:
                del self.stage_halos[stage_id]
                item = stage_items.get(stage_id)
                if item is not None:
                    item.set_halo(None)
        for number, (stage_id, style) in enumerate(styles.items(), 1):
            if pause and number % pause == 0:
                yield
            item = stage_items.get(stage_id)
            if item is not None:
                item.set_halo(style)
                self.stage_halos[stage_id] = style
        critical_routes = self.critical
        for handoff_id in list(self.route_halos):
            if handoff_id not in handoffs or handoff_id not in routes:
                critical_routes.remove(handoff_id)
        for handoff_id in handoffs:
            route = routes.get(handoff_id)
            if route is not None:
                critical_routes.set_route(handoff_id, route.points)

    def _ladder_input(self, anatomy, rects: dict[str, Rect], moved: set[str],
                      metrics_changed: bool) -> tuple | None:
        """``layout_ladder``'s arguments when its numbers, its path's places or its top
        changed since it was laid out; None when the ladder shown is still right."""
        tops = self.scene.lane_tops()
        bottom = max([tops[None], *(r.bottom for r in rects.values()),
                      *(b.rect.bottom for b in self._boxes.values())])
        key = (anatomy.display.ladder, anatomy.stream.working_day_hours, bottom)
        if (not metrics_changed and key == self._ladder_key
                and moved.isdisjoint(self._ladder_stages)):
            return None
        self._ladder_key = key
        return (anatomy, self.metrics, rects, bottom + LADDER_GAP)

    def _reserve_ladder_room(self, rects: dict[str, Rect]) -> None:
        """Keep room for the ladder in the scene rectangle (the scene resets it after each
        edit)."""
        if self.ladder is None:
            return
        tops = self.scene.lane_tops()
        right = max((r.right for r in rects.values()), default=0.0)
        reserve_ladder_room(self.scene, right,
                            max([tops[None], *(r.bottom for r in rects.values())]))
        rect = self.ladder.rect
        wanted = QRectF(rect.x, rect.y, rect.width, rect.height).adjusted(
            -LADDER_MARGIN, -LADDER_MARGIN, LADDER_MARGIN, LADDER_MARGIN)
        current = self.scene.sceneRect()
        if not current.contains(wanted):
            self.scene.setSceneRect(current.united(wanted))

    def _show_ladder(self, ladder: Ladder | None) -> None:
        self.ladder = ladder
        if ladder is None:
            if self.ladder_item is not None:
                self._drop(self.ladder_item)
                self.ladder_item = None
            return
        if self.ladder_item is None:
            self.ladder_item = FigureItem(ladder.figure, z=LADDER_Z)
            self.scene.addItem(self.ladder_item)
        else:
            self.ladder_item.set_figure(ladder.figure)

    # ------------------------------------------------------------ queries (tests, summary)
    def figure(self, kind: str, element: str) -> Figure | None:
        """The drawing of ``kind`` about ``element`` shown now (in scene coordinates); a
        queue's ``queue-wait`` is its caption, a ``queue`` its triangle."""
        if kind == "data-box":
            stage = self.scene.stages.get(element)
            if stage is None or stage.data_box is None:
                return None
            place = stage.pos()
            return stage.data_box.scene_figure((place.x(), place.y()))
        item = self.figures.get(("queue" if kind == "queue-wait" else kind, element))
        if item is None:
            return None
        if isinstance(item.drawing, QueueDrawing):
            return item.drawing.caption() if kind == "queue-wait" else item.drawing.symbol.figure
        parent = item.parentItem()
        if parent is None:
            return item.figure
        return item.shown.scene_figure((parent.pos().x(), parent.pos().y()))

    def highlighted(self) -> tuple[set[str], set[str], str | None]:
        """(critical-path stages, critical handoffs, bottleneck) as drawn."""
        bottleneck = self.metrics.bottleneck if self.metrics.bottleneck in self.stage_halos \
            else None
        stages = {s for s, (colour, _alpha) in self.stage_halos.items()
                  if colour == CRITICAL_COLOUR}
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
