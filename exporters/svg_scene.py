"""What the SVG export draws, computed once: the analysis, every stage laid out and every
handoff routed by the shared style, and the bounds of it all.

The geometry comes only from :mod:`vsm_editor.style` (``layout_map``, ``laid_out_rects``,
``route_all``), exactly as the canvas computes it. A map whose stored numbers are absurd for a
drawing (coordinates beyond a million units, boxes or lanes taller than 100,000, or negative
lane heights: valid in the file, but they stall the router and overflow its grid) is drawn
from a copy with those numbers clamped; the map itself, as embedded, is untouched.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property

import msgspec

from vsm_editor.analysis import Report, analyze
from vsm_editor.analysis.facts import build_flow_facts
from vsm_editor.analysis.flow import FlowMetrics, compute_flow
from vsm_editor.analysis.graph import FlowGraph
from vsm_editor.model.entities import AnatomyMap, Handoff
from vsm_editor.model.findings import SEVERITY_RANK, Finding
from vsm_editor.model.geometry import Rect, lane_tops
from vsm_editor.style.databox import DataBox, incoming_waits, layout_data_boxes
from vsm_editor.style.figure import Figure, RectIndex
from vsm_editor.style.ladder import LADDER_GAP, Ladder, layout_ladder
from vsm_editor.style.layout import StageLayout, laid_out_rects, layout_map
from vsm_editor.style.lean_symbols import QueueSymbol, end_markers, queue_symbols
from vsm_editor.style.routing import Route, route_all

#: Largest absolute coordinate drawn as stored.
COORDINATE_LIMIT = 1e6
#: Largest stage or lane size drawn as stored.
SIZE_LIMIT = 1e5


@dataclass
class Bounds:
    """A growing axis-aligned box (empty until something is added)."""

    left: float = float("inf")
    top: float = float("inf")
    right: float = float("-inf")
    bottom: float = float("-inf")

    def add(self, x1: float, y1: float, x2: float, y2: float) -> None:
        if x1 < self.left:
            self.left = x1
        if y1 < self.top:
            self.top = y1
        if x2 > self.right:
            self.right = x2
        if y2 > self.bottom:
            self.bottom = y2

    def add_rect(self, rect: Rect) -> None:
        self.add(rect.x, rect.y, rect.x + rect.width, rect.y + rect.height)

    def add_rects(self, rects: Iterable[Rect]) -> None:
        """:meth:`add_rect` each rect (their extent found in one pass, added once)."""
        left = top = float("inf")
        right = bottom = float("-inf")
        seen = False
        for rect in rects:
            seen = True
            x, y = rect.x, rect.y
            x2, y2 = x + rect.width, y + rect.height
            if x < left:
                left = x
            if y < top:
                top = y
            if x2 > right:
                right = x2
            if y2 > bottom:
                bottom = y2
        if seen:
            self.add(left, top, right, bottom)

    @property
    def empty(self) -> bool:
        return self.right < self.left

    @property
    def width(self) -> float:
        return 0.0 if self.empty else self.right - self.left

    @property
    def height(self) -> float:
        return 0.0 if self.empty else self.bottom - self.top


@dataclass
class Scene:
    """Everything the SVG shows, in map coordinates.

    ``drawn`` is the map the geometry was computed from (the anatomy itself unless clamped);
    ``findings`` lists the active findings involving each stage, worst first; ``coverage``
    the P1–P4 flags each stage was laid out with (its markers' ``linked``).
    """

    anatomy: AnatomyMap
    drawn: AnatomyMap
    report: Report
    layouts: dict[str, StageLayout]
    routes: dict[str, Route]
    lane_tops: dict[str | None, float]
    findings: dict[str, list[Finding]] = field(default_factory=dict)
    coverage: dict[str, tuple[bool, ...]] = field(default_factory=dict)

    def worst_severity(self, stage_id: str) -> str | None:
        """The severity of the stage's worst active finding (None without findings)."""
        found = self.findings.get(stage_id)
        return found[0].severity if found else None

    @cached_property
    def rects(self) -> dict[str, Rect]:
        """Every stage's drawn box, by id."""
        return laid_out_rects(self.layouts)

    @cached_property
    def flow(self) -> FlowMetrics:
        """The stream's flow metrics (computed on first use, from the flow facts the
        analysis used, or built when the report has none: ``compute_flow`` reads only the
        starts and ends of the graph it is given, so the networkx graph is not built)."""
        facts = self.report.flow_facts or build_flow_facts(self.anatomy)
        graph = FlowGraph(
            graph=None,  # type: ignore[arg-type]
            starts=facts.starts, ends=facts.ends, from_start=facts.from_start,
            to_end=facts.to_end, cycles=[set(cycle) for cycle in facts.cycles],
        )
        return compute_flow(self.anatomy, graph)

    @cached_property
    def flow_layer(self) -> FlowLayer:
        """Data boxes and Lean symbols, as the map's display toggles ask (the stage boxes
        indexed once for both; the index, grown by the queue symbols, is kept for the
        captions in :attr:`FlowLayer.taken`)."""
        rects = self.rects
        taken = RectIndex(rects)
        waits = incoming_waits(self.drawn)
        data_boxes = layout_data_boxes(self.drawn, rects, self.lane_tops, index=taken,
                                       waits=waits)
        in_boxes = waits_in_data_boxes(self.drawn, data_boxes, waits)
        return FlowLayer(
            queues=queue_symbols(self.drawn, self.routes, rects, taken=taken,
                                 waits_shown=in_boxes),
            data_boxes=data_boxes,
            ends=end_markers(self.drawn, rects),
            taken=taken,
        )

    def ladder_under(self, bounds: Bounds) -> Ladder | None:
        """The timeline ladder under everything in ``bounds`` and the lane bands (None when
        the display turns it off or there is nothing to show)."""
        bottom = self.lane_tops[None]
        if not bounds.empty:
            bottom = max(bottom, bounds.bottom)
        return layout_ladder(self.drawn, self.flow, self.rects, bottom + LADDER_GAP)


@dataclass
class FlowLayer:
    """The flow drawings around the stages: queue triangles on the handoffs (their waits
    become captions at fixed places, unless a data box shows them: see
    :func:`waits_in_data_boxes`), a data box under each stage and the supplier and customer
    markers."""

    queues: list[QueueSymbol]
    data_boxes: list[DataBox]
    ends: list[Figure]
    #: The stage boxes, queue triangles and their waits, indexed (never changed after).
    taken: RectIndex = field(default_factory=RectIndex)

    @property
    def queued(self) -> set[str]:
        """The handoffs whose wait a queue symbol shows (their captions leave it out)."""
        return {symbol.handoff_id for symbol in self.queues}

    def caption_obstacles(self, stages: Mapping[str, Rect]) -> tuple[RectIndex, ...]:
        """What captions must not cover, indexed: :attr:`taken` (or the ``stages`` boxes
        when nothing was indexed) and a new index of the data boxes and markers. Only read:
        a caption placer keeps its captions in an index of its own."""
        drawings = RectIndex() if self.taken.cells else RectIndex(stages)
        add = drawings.add
        for box in self.data_boxes:
            add("data-box", box.rect)
        for figure in self.ends:
            add("marker", figure.bounds)
        return (self.taken, drawings) if self.taken.cells else (drawings,)


def waits_in_data_boxes(anatomy: AnatomyMap, data_boxes: list[DataBox],
                        waits: Mapping[str, list[Handoff]] | None = None) -> set[str]:
    """The flow handoffs whose wait a data box shows: the only wait into a stage that has a
    data box (its Wait column). A stage with several incoming waits shows only the longest
    ("Wait max"), so those waits are shown beside their queues. ``waits`` may give the
    map's :func:`~vsm_editor.style.databox.incoming_waits`."""
    if not data_boxes:
        return set()
    boxed = {box.stage_id for box in data_boxes}
    if waits is None:
        waits = incoming_waits(anatomy)
    return {into[0].id for stage_id, into in waits.items()
            if len(into) == 1 and stage_id in boxed}


def _clamp(value: float, low: float, high: float) -> float:
    return min(max(value, low), high)


def _needs_clamping(anatomy: AnatomyMap) -> bool:
    limit, size = COORDINATE_LIMIT, SIZE_LIMIT
    for lane in anatomy.lanes:
        if not 0.0 <= lane.height <= size:
            return True
    for stage in anatomy.stages:
        if (abs(stage.x) > limit or abs(stage.y) > limit
                or abs(stage.width) > size or abs(stage.height) > size):
            return True
    return False


def drawable_map(anatomy: AnatomyMap) -> AnatomyMap:
    """``anatomy``, or a copy with its geometry clamped to drawable numbers."""
    if not _needs_clamping(anatomy):
        return anatomy
    limit, size = COORDINATE_LIMIT, SIZE_LIMIT
    lanes = [
        msgspec.structs.replace(lane, height=_clamp(lane.height, 0.0, size))
        for lane in anatomy.lanes
    ]
    stages = [
        msgspec.structs.replace(
            stage,
            x=_clamp(stage.x, -limit, limit),
            y=_clamp(stage.y, -limit, limit),
            width=_clamp(stage.width, -size, size),
            height=_clamp(stage.height, -size, size),
        )
        for stage in anatomy.stages
    ]
    return msgspec.structs.replace(anatomy, lanes=lanes, stages=stages)


def stage_findings(report: Report, stage_ids: set[str]) -> dict[str, list[Finding]]:
    """The active findings involving each stage, worst first (stable within a severity)."""
    result: dict[str, list[Finding]] = {}
    for finding in report.findings:
        for element in dict.fromkeys(finding.elements):
            if element in stage_ids:
                result.setdefault(element, []).append(finding)
    for found in result.values():
        found.sort(key=lambda f: -SEVERITY_RANK[f.severity])
    return result


def build_scene(anatomy: AnatomyMap, report: Report | None = None) -> Scene:
    """Analyse (unless ``report``, the analysis of this very map, is given), lay out and
    route ``anatomy``."""
    if report is None:
        report = analyze(anatomy)
    drawn = drawable_map(anatomy)
    coverage = {stage_id: entry.linked for stage_id, entry in report.coverage.stages.items()}
    layouts = layout_map(drawn, coverage)
    routes = route_all(laid_out_rects(layouts), drawn.handoffs)
    return Scene(
        anatomy=anatomy,
        drawn=drawn,
        report=report,
        layouts=layouts,
        routes=routes,
        lane_tops=lane_tops(drawn),
        findings=stage_findings(report, set(layouts)),
        coverage=coverage,
    )
