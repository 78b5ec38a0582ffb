"""What every check receives: the map, its lookups and its flow facts."""

from __future__ import annotations

from collections.abc import Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

from vsm_editor.analysis.facts import FlowFacts
from vsm_editor.analysis.index import MapIndex
from vsm_editor.model.entities import AnatomyMap, Outcome


class _Identified(Protocol):
    """An element with an id (a stage, a logic item…)."""

    @property
    def id(self) -> str: ...


Element = TypeVar("Element", bound=_Identified)


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
    return (
        anatomy.delivery_metrics.measured_lead_time is not None or index.records_times()
    )


def is_measurable(outcome: Outcome) -> bool:
    """An outcome with a metric and a target (what P1 coverage asks of a linked outcome)."""
    return bool(outcome.metric.strip()) and outcome.target is not None


def outside(
    pool: Mapping[str, Any], elements: list[Element], *inside: AbstractSet[str]
) -> list[Element]:
    """``elements``, or when they are the whole ``pool`` (id → element) only those whose id is
    in none of ``inside``: a pre-filter for a check that can only fail outside them (the set
    operations run in C; the check's own test still decides)."""
    if len(elements) < len(pool):
        return elements
    ids = pool.keys()
    for among in inside:
        if ids <= among:
            return []
    rest = ids - inside[0]
    for among in inside[1:]:
        rest -= among
    if not rest:
        return []
    return [e for e in elements if e.id in rest]
