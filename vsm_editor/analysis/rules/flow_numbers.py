"""Flow numbers: lanes and owners, times with units, %C&A, shares, rework rates, parallel
joins, starts and ends, and the hidden queue between computed and measured lead time."""

from __future__ import annotations

from vsm_editor.analysis.context import AnalysisContext
from vsm_editor.analysis.flow import compute_flow
from vsm_editor.analysis.flow_units import duration_hours
from vsm_editor.analysis.graph import FlowGraph
from vsm_editor.analysis.lead_bound import lead_time_lower_bound
from vsm_editor.analysis.rules.registry import check, declare, found, label
from vsm_editor.model.entities import Duration, Handoff, Stage, TimeUnit
from vsm_editor.model.findings import Finding
from vsm_editor.model.units import from_hours

SHARE_TOLERANCE = 0.5  # percentage points: 33.3 + 33.3 + 33.3 is fine
DELIVERY_TIMES = ("measured_lead_time", "lead_time_for_changes", "time_to_restore")

declare(
    "flow-stage-no-lane", "warning", "flow", "Stage in no lane",
    """Value streams cut across teams; a stage outside every lane hides which function does
    the work, and the handoffs between functions (where queues build up) disappear. Put the
    stage in the lane of the function that does it.""",
)
declare(
    "flow-stage-no-owner", "warning", "flow", "Stage with no owner",
    """A stage without an owner has nobody who answers for its time, its quality and its
    changes. Name the person or team that owns it.""",
)
declare(
    "flow-stage-no-process-time", "warning", "flow", "Stage without a process time",
    """The map records times, but not for this stage, so the lead time, the flow efficiency
    and the timeline ladder leave it out and come out too good. Enter its process time
    (touch time) with a unit; mark it as an estimate if it is one.""",
)
declare(
    "flow-handoff-no-wait", "warning", "flow", "Flow handoff without a wait",
    """The map records times, but this flow handoff has no wait (the queue before its target),
    and queues are usually most of the lead time. Enter the wait with a unit, 0 if work
    really flows straight on.""",
)
declare(
    "flow-time-no-unit", "error", "flow", "Time without a unit",
    """A number without a unit cannot be converted (is 3 three minutes or three days?), so
    the metrics leave it out. Choose minutes, hours, working days or calendar days.""",
)
declare(
    "flow-pca-out-of-range", "error", "flow", "%C&A outside 0–100 %",
    """Percent complete and accurate is the share of work the next stage can use as it
    arrives; it lies between 0 and 100 %. Correct the number.""",
)
declare(
    "flow-share-missing", "error", "flow", "Alternative without a share",
    """Work leaving a stage with alternatives takes each branch in some share; without the
    shares the lead time cannot weight the branches. Enter each outgoing flow handoff's
    share so that together they make 100 %, or make the split parallel if all branches
    run.""",
)
declare(
    "flow-shares-not-100", "error", "flow", "Shares of alternatives not 100 %",
    """The shares of a stage's alternative branches must add up to 100 % (each between 0 and
    100): every item takes exactly one branch. Correct the shares on the outgoing flow
    handoffs.""",
)
declare(
    "flow-rework-rate-out-of-range", "error", "flow", "Rework rate outside 0–1",
    """A rework rate is the fraction of items sent back, at least 0 and below 1: at 1 every
    item loops forever and the lead time is infinite. Correct the rate (0.2 means one item
    in five comes back).""",
)
declare(
    "flow-rework-no-rate", "warning", "flow", "Rework handoff without a rate",
    """The map records times, but this rework handoff has no rate, so the lead time ignores
    the extra passes. Enter how often work comes back (0.2 = one item in five).""",
)
declare(
    "flow-parallel-no-join", "error", "flow", "Parallel branches that never join",
    """The branches of a parallel split run at the same time and must meet again at a stage
    that waits for all of them (a parallel gateway in BPMN); here no stage is reachable
    from all branches, so the lead time and the BPMN export cannot close the split. Lead
    the branches to a common stage, or make the split alternatives.""",
)
declare(
    "flow-no-start", "error", "flow", "Stream with no start",
    """Every stage has incoming flow (or the marked starts are missing), so the stream has
    no start: reachability and lead time have nowhere to begin. Mark the stage where work
    enters as a start, or remove the flow handoff that loops into it.""",
)
declare(
    "flow-no-end", "error", "flow", "Stream with no end",
    """Every stage has outgoing flow, so the stream has no end: nothing is ever finished
    and the lead time cannot be computed. Mark the stage where work leaves the stream as
    an end, or remove the flow handoff that loops out of it.""",
)
declare(
    "flow-hidden-queue", "warning", "flow", "Hidden queue",
    """The lead time computed from the map is far below the measured end-to-end lead time:
    most of the real time is spent in queues, hand-backs or waiting for people that the
    map does not show. Find them (ask "where does work sit?") and record them as waits on
    the handoffs, or as stages. The threshold is a map setting.""",
)


@check("flow-stage-no-lane", "stage")
def stage_no_lane(ctx: AnalysisContext, stages: list[Stage]) -> list[Finding]:
    return [
        found(
            "flow-stage-no-lane", f"stage:{s.id}/lane",
            f"Stage {label(s)} is in no lane: put it in its function's lane.", s.id,
        )
        for s in stages
        if s.lane is None
    ]


@check("flow-stage-no-owner", "stage")
def stage_no_owner(ctx: AnalysisContext, stages: list[Stage]) -> list[Finding]:
    return [
        found(
            "flow-stage-no-owner", f"stage:{s.id}/owner",
            f"Stage {label(s)} has no owner.", s.id,
        )
        for s in stages
        if not s.owner.strip()
    ]


@check("flow-stage-no-process-time", "stage")
def stage_no_process_time(ctx: AnalysisContext, stages: list[Stage]) -> list[Finding]:
    if not ctx.metrics_asked:
        return []
    return [
        found(
            "flow-stage-no-process-time", f"stage:{s.id}/process_time",
            f"Stage {label(s)} has no process time, so the metrics leave it out.", s.id,
        )
        for s in stages
        if s.process_time is None
    ]


@check("flow-handoff-no-wait", "handoff")
def handoff_no_wait(ctx: AnalysisContext, handoffs: list[Handoff]) -> list[Finding]:
    if not ctx.metrics_asked:
        return []
    stages = ctx.index.stages
    return [
        found(
            "flow-handoff-no-wait", f"handoff:{h.id}/wait",
            f"The handoff {_between(stages, h)} has no wait: enter the queue time before "
            f"{label(stages[h.target])}.",
            h.id, h.source, h.target,
        )
        for h in handoffs
        if h.kind == "flow" and h.wait is None
    ]


@check("flow-time-no-unit", "stage")
def stage_time_no_unit(ctx: AnalysisContext, stages: list[Stage]) -> list[Finding]:
    return [
        found(
            "flow-time-no-unit", f"stage:{s.id}/process_time",
            f"The process time of stage {label(s)} ({_value(s.process_time)}) has no unit.",
            s.id,
        )
        for s in stages
        if s.process_time is not None and s.process_time.unit is None
    ]


@check("flow-time-no-unit", "handoff")
def handoff_time_no_unit(ctx: AnalysisContext, handoffs: list[Handoff]) -> list[Finding]:
    stages = ctx.index.stages
    return [
        found(
            "flow-time-no-unit", f"handoff:{h.id}/wait",
            f"The wait on handoff {_between(stages, h)} ({_value(h.wait)}) has no unit.",
            h.id, h.source, h.target,
        )
        for h in handoffs
        if h.wait is not None and h.wait.unit is None
    ]


@check("flow-time-no-unit", "map")
def delivery_time_no_unit(ctx: AnalysisContext) -> list[Finding]:
    metrics = ctx.anatomy.delivery_metrics
    stream = ctx.stream_id
    results = []
    for name in DELIVERY_TIMES:
        duration = getattr(metrics, name)
        if duration is not None and duration.unit is None:
            results.append(
                found(
                    "flow-time-no-unit", f"stream:{stream}/delivery_metrics/{name}",
                    f"The stream's {name.replace('_', ' ')} ({_value(duration)}) has no unit.",
                    stream,
                )
            )
    return results


@check("flow-pca-out-of-range", "stage")
def pca_out_of_range(ctx: AnalysisContext, stages: list[Stage]) -> list[Finding]:
    return [
        found(
            "flow-pca-out-of-range", f"stage:{s.id}/pca",
            f"Stage {label(s)} has %C&A {s.pca.value:g} %, outside 0–100 %.", s.id,
        )
        for s in stages
        if s.pca is not None and not 0.0 <= s.pca.value <= 100.0
    ]


def _splits(ctx: AnalysisContext, stages: list[Stage], split: str) -> list[tuple[Stage, list]]:
    """The stages splitting ``split``-wise into two or more flow handoffs, with them."""
    splits = ctx.flow.splits()
    if len(stages) >= len(ctx.index.stages):  # all of them: walk the splits instead
        every = ctx.index.stages
        candidates = [every[node] for node in splits]
    else:
        candidates = [s for s in stages if s.id in splits]
    return [(s, splits[s.id]) for s in candidates if s.split == split]


@check("flow-share-missing", "stage_flow")
def share_missing(ctx: AnalysisContext, stages: list[Stage]) -> list[Finding]:
    results = []
    for s, branches in _splits(ctx, stages, "alternatives"):
        missing = [h for h in branches if h.share is None]
        if not missing or (len(missing) == len(branches) and not ctx.metrics_asked):
            continue  # no shares at all is only a gap once the map records times
        for h in missing:
            results.append(
                found(
                    "flow-share-missing", f"stage:{s.id}/handoff:{h.id}/share",
                    f"The alternative {_between(ctx.index.stages, h)} has no share.",
                    s.id, h.id,
                )
            )
    return results


@check("flow-shares-not-100", "stage_flow")
def shares_not_100(ctx: AnalysisContext, stages: list[Stage]) -> list[Finding]:
    results = []
    for s, branches in _splits(ctx, stages, "alternatives"):
        if any(h.share is None for h in branches):
            continue
        shares = [h.share.value for h in branches]  # type: ignore[union-attr]
        total = sum(shares)
        if abs(total - 100.0) <= SHARE_TOLERANCE and all(0.0 <= v <= 100.0 for v in shares):
            continue
        problem = (
            f"add up to {total:g} %, not 100 %"
            if abs(total - 100.0) > SHARE_TOLERANCE
            else "include a share outside 0–100 %"
        )
        results.append(
            found(
                "flow-shares-not-100", f"stage:{s.id}/handoff:{branches[0].id}/share",
                f"The shares of the alternatives after stage {label(s)} {problem}.",
                s.id, *(h.id for h in branches),
            )
        )
    return results


@check("flow-rework-rate-out-of-range", "handoff")
def rework_rate_out_of_range(ctx: AnalysisContext, handoffs: list[Handoff]) -> list[Finding]:
    stages = ctx.index.stages
    return [
        found(
            "flow-rework-rate-out-of-range", f"handoff:{h.id}/rework_rate",
            f"The rework rate of {_between(stages, h)} is {h.rework_rate.value:g}; "
            "it must be at least 0 and below 1.",
            h.id, h.source, h.target,
        )
        for h in handoffs
        if h.kind == "rework"
        and h.rework_rate is not None
        and not 0.0 <= h.rework_rate.value < 1.0
    ]


@check("flow-rework-no-rate", "handoff")
def rework_no_rate(ctx: AnalysisContext, handoffs: list[Handoff]) -> list[Finding]:
    if not ctx.metrics_asked:
        return []
    stages = ctx.index.stages
    return [
        found(
            "flow-rework-no-rate", f"handoff:{h.id}/rework_rate",
            f"The rework handoff {_between(stages, h)} has no rate.", h.id, h.source, h.target,
        )
        for h in handoffs
        if h.kind == "rework" and h.rework_rate is None
    ]


@check("flow-parallel-no-join", "stage_flow")
def parallel_no_join(ctx: AnalysisContext, stages: list[Stage]) -> list[Finding]:
    flow = ctx.flow
    results = []
    for s, branches in _splits(ctx, stages, "parallel"):
        if flow.have_common_successor([h.target for h in branches]):
            continue
        results.append(
            found(
                "flow-parallel-no-join", f"stage:{s.id}/split",
                f"The parallel branches after stage {label(s)} never join at a common stage.",
                s.id, *(h.id for h in branches),
            )
        )
    return results


@check("flow-no-start", "map_flow")
def no_start(ctx: AnalysisContext) -> list[Finding]:
    if ctx.flow.starts or not ctx.anatomy.stages:
        return []
    return [
        found(
            "flow-no-start", f"stream:{ctx.stream_id}/start",
            "The stream has no start: every stage has incoming flow. Mark where work enters.",
            ctx.stream_id,
        )
    ]


@check("flow-no-end", "map_flow")
def no_end(ctx: AnalysisContext) -> list[Finding]:
    if ctx.flow.ends or not ctx.anatomy.stages:
        return []
    return [
        found(
            "flow-no-end", f"stream:{ctx.stream_id}/end",
            "The stream has no end: every stage has outgoing flow. Mark where work leaves.",
            ctx.stream_id,
        )
    ]


@check("flow-hidden-queue", "flow_metrics")
def hidden_queue(ctx: AnalysisContext) -> list[Finding]:
    anatomy = ctx.anatomy
    day = anatomy.stream.working_day_hours
    measured = duration_hours(anatomy.delivery_metrics.measured_lead_time, day)
    if measured is None or measured <= 0.0 or not anatomy.stages:
        return []  # nothing measured: no hidden queue to find
    limit = anatomy.analysis.hidden_queue_threshold * measured
    bound = lead_time_lower_bound(anatomy, ctx.flow, ctx.index.stages)
    if bound is not None and bound > limit * (1.0 + 1e-9):
        return []  # the lead time is at least the bound, so it cannot fall below the limit
    queue = compute_flow(anatomy, _flow_graph(ctx)).hidden_queue
    if queue is None or not queue.flagged:
        return []
    stream = ctx.stream_id
    unit = anatomy.delivery_metrics.measured_lead_time.unit  # type: ignore[union-attr]
    return [
        found(
            "flow-hidden-queue", f"stream:{stream}/delivery_metrics/measured_lead_time",
            f"The map accounts for {_in_unit(queue.computed_hours, unit, day)} of the "
            f"{_in_unit(queue.measured_hours, unit, day)} measured lead time ({queue.ratio:.0%}): "
            "record the queues it does not show.",
            stream,
        )
    ]


def _flow_graph(ctx: AnalysisContext) -> FlowGraph:
    """The analysis's flow facts in the shape ``compute_flow`` takes.

    ``compute_flow`` documents that it reads only the starts of the graph it is given, so
    the networkx graph (a third of the time of a whole analysis at 5,000 stages) is not
    built; a test checks that the metrics come out the same as with the full graph.
    """
    flow = ctx.flow
    return FlowGraph(
        graph=None,  # type: ignore[arg-type]
        starts=flow.starts,
        ends=flow.ends,
        from_start=flow.from_start,
        to_end=flow.to_end,
        cycles=[set(cycle) for cycle in flow.cycles],
    )


def _between(stages: dict[str, Stage], handoff: Handoff) -> str:
    return f"{label(stages[handoff.source])} → {label(stages[handoff.target])}"


def _value(duration: Duration | None) -> str:
    return "" if duration is None else f"{duration.value:g}"


_UNIT_WORDS = {
    "minutes": "min",
    "hours": "h",
    "working_days": "working days",
    "calendar_days": "days",
}


def _in_unit(hours: float, unit: TimeUnit | None, working_day_hours: float) -> str:
    """``hours`` said in ``unit`` (the unit the facilitator measured in)."""
    unit = unit or "hours"
    return f"{from_hours(hours, unit, working_day_hours):.1f} {_UNIT_WORDS[unit]}"
