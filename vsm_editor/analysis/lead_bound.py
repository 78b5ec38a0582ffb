"""A cheap lower bound of the computed lead time, so the hidden-queue rule can skip the full
flow metrics when the answer is certainly "no hidden queue".

The bound follows the lead-time recursion of :mod:`vsm_editor.analysis.flow` with every
choice made low: ``L(v) = PT(v) + after(v)``, where ``after`` is 0 at an end or a stage
without flow out, ``W + L(c)`` for one successor, the *minimum* over alternatives (the
expected value of the real formula is never below its smallest branch), the maximum over
parallel branches (as in the real formula), and rework factors taken as 1 (they are ≥ 1).
Unusable times count as 0 h, as they do there. The lead time is the maximum over starts,
so ``max L(start) ≤ lead time``. Only acyclic flow graphs are bounded (the metrics break
cycles in their own way); for the others the caller computes the metrics.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

from vsm_editor.analysis.facts import FlowFacts
from vsm_editor.model.entities import AnatomyMap, Duration, Handoff, Stage
from vsm_editor.model.units import UNIT_LABELS, hours_per_unit


def lead_time_lower_bound(
    anatomy: AnatomyMap, flow: FlowFacts, stages: Mapping[str, Stage] | None = None
) -> float | None:
    """A lower bound (hours) of the lead time ``compute_flow`` finds; None when unbounded.

    ``stages`` (id → stage of ``anatomy``) saves building that lookup when already at hand.
    """
    if flow.cycles or not flow.starts or flow.order is None:
        return None
    day = anatomy.stream.working_day_hours
    per_unit = {unit: hours_per_unit(unit, day) for unit in UNIT_LABELS}  # type: ignore[arg-type]
    if stages is None:
        stages = {s.id: s for s in anatomy.stages}
    out_flow = flow.out_flow.get
    inf = math.inf
    bound: dict[str, float] = {}
    for node in reversed(flow.order):
        stage = stages[node]
        time = stage.process_time
        total = 0.0
        if time is not None and time.unit is not None:
            hours = time.value * per_unit[time.unit]
            if 0.0 <= hours < inf:
                total = hours
        out = out_flow(node)
        if out and not stage.end:
            if len(out) == 1:  # the usual case: straight on, nothing to choose
                handoff = out[0]
                after = bound[handoff.target]
                wait = handoff.wait
                if wait is not None and wait.unit is not None:
                    hours = wait.value * per_unit[wait.unit]
                    if 0.0 <= hours < inf:
                        after += hours
                total += after
            else:
                total += _after_split(out, bound, per_unit, stage.split == "parallel")
        bound[node] = total
    return max(
        bound[s] if s in bound else _hours(stages[s].process_time, per_unit) for s in flow.starts
    )


def _after_split(
    out: list[Handoff], bound: dict[str, float], per_unit: dict[str, float], parallel: bool
) -> float:
    """The bound after a split: the longest branch of a parallel one, else the shortest."""
    low = high = None
    for handoff in out:
        after = bound[handoff.target]
        wait = handoff.wait
        if wait is not None and wait.unit is not None:
            hours = wait.value * per_unit[wait.unit]
            if 0.0 <= hours < math.inf:
                after += hours
        if low is None or after < low:
            low = after
        if high is None or after > high:
            high = after
    return high if parallel else low  # type: ignore[return-value]


def _hours(duration: Duration | None, per_unit: dict[str, float]) -> float:
    if duration is None or duration.unit is None:
        return 0.0
    hours = duration.value * per_unit[duration.unit]
    return hours if 0.0 <= hours < math.inf else 0.0
