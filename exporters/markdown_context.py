"""Everything the report's sections read, computed once: the analysis, the flow metrics,
the flow order and the "where used" links between the map's elements."""

from __future__ import annotations

from dataclasses import dataclass, field

from vsm_editor.exporters import markdown_numbers as num
from vsm_editor.exporters.markdown_order import flow_order
from vsm_editor.exporters.markdown_text import escape, ident, plain

from vsm_editor.analysis import Report, analyze
from vsm_editor.analysis.flow import FlowMetrics, compute_flow
from vsm_editor.analysis.graph import build_flow_graph
from vsm_editor.model.entities import (
    AnatomyMap,
    Component,
    ControlPoint,
    Decision,
    Handoff,
    Lane,
    LogicItem,
    Outcome,
    Stage,
)


@dataclass
class ReportData:
    """The map plus its lookups; lists of ids are in flow order (stages) or map order."""

    anatomy: AnatomyMap
    report: Report
    flow: FlowMetrics
    order: list[str]
    stages: dict[str, Stage] = field(default_factory=dict)
    lanes: dict[str, Lane] = field(default_factory=dict)
    outcomes: dict[str, Outcome] = field(default_factory=dict)
    decisions: dict[str, Decision] = field(default_factory=dict)
    control_points: dict[str, ControlPoint] = field(default_factory=dict)
    logic: dict[str, LogicItem] = field(default_factory=dict)
    components: dict[str, Component] = field(default_factory=dict)
    served_by: dict[str, list[str]] = field(default_factory=dict)
    logic_at: dict[str, list[str]] = field(default_factory=dict)
    realized_by: dict[str, list[str]] = field(default_factory=dict)
    point_logic: dict[str, list[str]] = field(default_factory=dict)
    incoming: dict[str, list[Handoff]] = field(default_factory=dict)
    outgoing: dict[str, list[Handoff]] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)

    def name(self, element_id: str | None) -> str:
        """How the report names an element: its escaped name, or its id when it has none."""
        if not element_id:
            return ""
        known = self._escaped.get(element_id)
        if known is None:
            known = escape(self.names.get(element_id, "")) or ident(element_id)
            self._escaped[element_id] = known
        return known

    def hours(self, value: float | None) -> str:
        """A computed time in hours, with the stream's working days beside long ones."""
        return num.hours(value, self.anatomy.stream.working_day_hours)

    def stage_rank(self, stage_id: str) -> int:
        """The stage's place in the flow order (unknown ids last)."""
        return self._rank.get(stage_id, len(self._rank))

    def by_flow(self, stage_ids: list[str] | set[str] | tuple[str, ...]) -> list[str]:
        """``stage_ids`` sorted in flow order, each once."""
        return sorted(dict.fromkeys(stage_ids), key=self.stage_rank)

    def catalogue_rank(self, element_id: str) -> int:
        """The place of a control point or component in the catalogue's lists."""
        return self._catalogue_rank.get(element_id, len(self._catalogue_rank))

    def __post_init__(self) -> None:
        self._rank = {stage_id: rank for rank, stage_id in enumerate(self.order)}
        self._escaped: dict[str, str] = {}
        self.critical = set(self.flow.critical_path)
        self.missing = set(self.flow.missing)
        self.findings_of = self.report.by_element()
        catalogue = self.anatomy.catalogue
        self._catalogue_rank = {
            element.id: rank
            for elements in (catalogue.control_points, catalogue.components)
            for rank, element in enumerate(elements)
        }


def collect(anatomy: AnatomyMap) -> ReportData:
    """Analyse ``anatomy`` and index it for the report."""
    graph = build_flow_graph(anatomy)
    data = ReportData(
        anatomy=anatomy,
        report=analyze(anatomy),
        flow=compute_flow(anatomy, graph),
        order=flow_order(anatomy, graph.starts),
    )
    _index_elements(data, anatomy)
    _index_links(data, anatomy)
    return data


def _index_elements(data: ReportData, anatomy: AnatomyMap) -> None:
    names = data.names
    names[anatomy.stream.id] = anatomy.stream.name
    for lane in anatomy.lanes:
        data.lanes[lane.id] = lane
        names[lane.id] = lane.name
    for outcome in anatomy.outcomes:
        data.outcomes[outcome.id] = outcome
        names[outcome.id] = outcome.statement
    for stage in anatomy.stages:
        data.stages[stage.id] = stage
        names[stage.id] = stage.name
        for decision in stage.decisions:
            data.decisions[decision.id] = decision
            names[decision.id] = decision.text
        for improvement in stage.improvements:
            names[improvement.id] = improvement.text
    catalogue = anatomy.catalogue
    for point in catalogue.control_points:
        data.control_points[point.id] = point
        names[point.id] = point.subject
    for item in catalogue.logic:
        data.logic[item.id] = item
        names[item.id] = item.statement
    for component in catalogue.components:
        data.components[component.id] = component
        names[component.id] = component.name
    for handoff in anatomy.handoffs:
        source = plain(names.get(handoff.source, handoff.source))
        target = plain(names.get(handoff.target, handoff.target))
        names[handoff.id] = f"{source} → {target}"


def _index_links(data: ReportData, anatomy: AnatomyMap) -> None:
    for stage_id in data.order:
        stage = data.stages[stage_id]
        for outcome_id in dict.fromkeys(stage.outcomes):
            data.served_by.setdefault(outcome_id, []).append(stage_id)
    for item in anatomy.catalogue.logic:
        for stage_id in dict.fromkeys(item.stages):
            data.logic_at.setdefault(stage_id, []).append(item.id)
        if item.control_point:
            data.point_logic.setdefault(item.control_point, []).append(item.id)
    for component in anatomy.catalogue.components:
        for logic_id in dict.fromkeys(component.realizes):
            data.realized_by.setdefault(logic_id, []).append(component.id)
    for handoff in anatomy.handoffs:
        data.outgoing.setdefault(handoff.source, []).append(handoff)
        data.incoming.setdefault(handoff.target, []).append(handoff)
