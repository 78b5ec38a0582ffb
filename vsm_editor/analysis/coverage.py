"""Coverage: the one definition of whether a stage has each of P1–P4 linked.

For a stage:

* **P1** it serves at least one outcome that has a metric and a target;
* **P2** it lies on a flow path from a start to an end (see
  :meth:`~vsm_editor.analysis.facts.FlowFacts.on_flow_path`) and has at least one decision;
* **P3** at least one logic item applies at it, and each of them has a control point;
* **P4** at least one logic item applies at it, and each is realized by a component.

The stream's coverage counts, per layer, the stages that have it linked. The panel, the
canvas markers, the matrix, the reports and the comparison all read it from here
(``analyze(anatomy).coverage`` or :func:`compute_coverage`).
"""

from __future__ import annotations

from collections.abc import Callable, ItemsView, Iterator
from dataclasses import dataclass, field

import msgspec

from vsm_editor.analysis.context import is_measurable
from vsm_editor.analysis.facts import FlowFacts, build_flow_facts
from vsm_editor.analysis.index import LogicLink, MapIndex
from vsm_editor.model.entities import AnatomyMap, Stage

LAYERS = ("P1", "P2", "P3", "P4")


class StageCoverage(msgspec.Struct, frozen=True, kw_only=True, gc=False):
    """Which layers one stage has linked, and what links them (ids, sorted where derived).

    ``outcomes`` are all the outcomes it serves, ``measurable_outcomes`` those with a metric
    and a target; ``logic`` the logic items applied at it, ``control_points`` their control
    points (the stage's control points) and ``components`` the components realizing them.
    """

    stage: str
    p1: bool
    p2: bool
    p3: bool
    p4: bool
    outcomes: tuple[str, ...] = ()
    measurable_outcomes: tuple[str, ...] = ()
    decisions: int = 0
    on_flow_path: bool = False
    logic: tuple[str, ...] = ()
    control_points: tuple[str, ...] = ()
    components: tuple[str, ...] = ()

    @property
    def linked(self) -> tuple[bool, bool, bool, bool]:
        """``(P1, P2, P3, P4)`` linked."""
        return (self.p1, self.p2, self.p3, self.p4)

    @property
    def missing(self) -> tuple[str, ...]:
        """The layers not linked, e.g. ``("P3", "P4")``."""
        return tuple(name for name, ok in zip(LAYERS, self.linked, strict=True) if not ok)

    @property
    def complete(self) -> bool:
        """All four layers linked."""
        return self.p1 and self.p2 and self.p3 and self.p4


@dataclass(frozen=True)
class Coverage:
    """Every stage's coverage (by stage id, in map order) and the per-layer counts."""

    stages: dict[str, StageCoverage] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(LAYERS, 0))

    @property
    def total(self) -> int:
        """How many stages the stream has."""
        return len(self.stages)

    @property
    def complete(self) -> int:
        """How many stages have all four layers linked."""
        return sum(1 for entry in self.stages.values() if entry.complete)

    def linked(self, layer: str) -> int:
        """How many stages have ``layer`` (``"P1"``…``"P4"``) linked."""
        return self.counts[layer]

    def summary(self) -> str:
        """``P1 7/10, P2 9/10, P3 5/10, P4 4/10``."""
        return ", ".join(f"{layer} {self.counts[layer]}/{self.total}" for layer in LAYERS)

    def items(self) -> ItemsView[str, StageCoverage]:
        """``(stage id, StageCoverage)`` pairs."""
        return self.stages.items()

    def __getitem__(self, stage_id: str) -> StageCoverage:
        return self.stages[stage_id]

    def __iter__(self) -> Iterator[StageCoverage]:
        return iter(self.stages.values())

    def __len__(self) -> int:
        return len(self.stages)


def measurable_outcomes(index: MapIndex) -> set[str]:
    """Ids of the outcomes that have a metric and a target."""
    return {o.id for o in index.outcomes.values() if is_measurable(o)}


def stage_coverage(
    stage: Stage, index: MapIndex, flow: FlowFacts, measurable: set[str] | None = None
) -> StageCoverage:
    """The coverage of one stage (see :func:`_cover`, the single definition of P1–P4 linked).

    ``measurable`` is :func:`measurable_outcomes` of the index, when already at hand.
    """
    if measurable is None:
        measurable = measurable_outcomes(index)
    return _cover([stage], measurable, flow, index.link_lookup())[0][stage.id]


def _cover(
    stages: list[Stage],
    measurable: set[str],
    flow: FlowFacts,
    links_at: Callable[[str], list[LogicLink] | None],
) -> tuple[dict[str, StageCoverage], dict[str, int]]:
    """The coverage entries of ``stages`` by id, and per layer how many of them have it
    linked (one loop: at 5,000 stages a call or a second pass per stage costs milliseconds).
    """
    from_start, to_end = flow.from_start, flow.to_end
    out_flow, in_flow = flow.out_flow, flow.in_flow
    alone = flow.stage_count <= 1  # a lone stage is never isolated
    entries = {}
    count1 = count2 = count3 = count4 = 0
    for stage in stages:
        stage_id = stage.id
        on_path = (
            stage_id in from_start
            and stage_id in to_end
            and (alone or stage_id in out_flow or stage_id in in_flow)
        )
        outcomes = tuple(stage.outcomes)
        served = outcomes
        for outcome_id in outcomes:
            if outcome_id not in measurable:
                served = tuple(o for o in outcomes if o in measurable)
                break
        p1 = bool(served)
        decisions = len(stage.decisions)
        p2 = on_path and decisions > 0
        logic: list[str] = []
        points: list[str] = []
        components: list[str] = []
        links = links_at(stage_id)
        p3 = p4 = bool(links)
        for logic_id, point, realizers in links or ():
            logic.append(logic_id)
            if point is None:
                p3 = False
            elif point not in points:
                points.append(point)
            if realizers:
                for component in realizers:
                    if component not in components:
                        components.append(component)
            else:
                p4 = False
        if len(points) > 1:
            points.sort()
        if len(components) > 1:
            components.sort()
        entry = StageCoverage(
            stage=stage_id,
            p1=p1,
            p2=p2,
            p3=p3,
            p4=p4,
            outcomes=outcomes,
            measurable_outcomes=served,
            decisions=decisions,
            on_flow_path=on_path,
            logic=tuple(logic),
            control_points=tuple(points),
            components=tuple(components),
        )
        entries[stage_id] = entry
        count1 += p1
        count2 += p2
        count3 += p3
        count4 += p4
    if len(entries) < len(stages):  # repeated ids: count each kept entry once
        return entries, count_layers(entries)
    return entries, {"P1": count1, "P2": count2, "P3": count3, "P4": count4}


def with_flow_path(entry: StageCoverage, on_path: bool) -> StageCoverage:
    """``entry`` after the flow changed: the same links, a new place in the flow."""
    if entry.on_flow_path == on_path:
        return entry
    return msgspec.structs.replace(
        entry, on_flow_path=on_path, p2=on_path and entry.decisions > 0
    )


def count_layers(entries: dict[str, StageCoverage]) -> dict[str, int]:
    """Per layer, how many of ``entries`` have it linked."""
    counts = dict.fromkeys(LAYERS, 0)
    for entry in entries.values():
        counts["P1"] += entry.p1
        counts["P2"] += entry.p2
        counts["P3"] += entry.p3
        counts["P4"] += entry.p4
    return counts


def compute_coverage(
    anatomy: AnatomyMap, index: MapIndex | None = None, flow: FlowFacts | None = None
) -> Coverage:
    """The coverage of every stage of ``anatomy`` and the stream's counts per layer."""
    index = index or MapIndex(anatomy, track_edits=False)
    flow = flow or build_flow_facts(anatomy)
    entries, counts = _cover(
        anatomy.stages, measurable_outcomes(index), flow, index.link_lookup()
    )
    return Coverage(stages=entries, counts=counts)
