"""What every check receives: the map, its lookups and its flow facts."""

from __future__ import annotations

from dataclasses import dataclass

from vsm_editor.analysis.facts import FlowFacts
from vsm_editor.analysis.index import MapIndex
from vsm_editor.model.entities import AnatomyMap, Outcome


@dataclass
class AnalysisContext:
    """The map under analysis plus the facts the checks share."""

    anatomy: AnatomyMap
    index: MapIndex
    flow: FlowFacts
    metrics_asked: bool

    @property
    def stream_id(self) -> str:
        return self.anatomy.stream.id


def metrics_asked(anatomy: AnatomyMap, index: MapIndex) -> bool:
    """Whether the map asks for flow metrics: some stage has a process time, some flow
    handoff a wait, or the stream a measured lead time. Only then are missing times flagged."""
    return bool(
        index.timed_stages
        or index.waited_handoffs
        or anatomy.delivery_metrics.measured_lead_time is not None
    )


def is_measurable(outcome: Outcome) -> bool:
    """An outcome with a metric and a target (what P1 coverage asks of a linked outcome)."""
    return bool(outcome.metric.strip()) and outcome.target is not None
