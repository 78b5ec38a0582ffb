"""P2 process: every stage sits on the flow from a start to an end and records its decisions."""

from __future__ import annotations

from vsm_editor.analysis.context import AnalysisContext, outside
from vsm_editor.analysis.rules.registry import check, declare, found, label
from vsm_editor.model.entities import Handoff, Stage
from vsm_editor.model.findings import Finding

declare(
    "p2-stage-isolated", "warning", "P2", "Stage outside the flow",
    """A stage with no flow handoff in or out is not part of the stream's path: no work
    reaches it, its time is not in the lead time, and it will not appear as a task in the
    BPMN export. Draw the flow handoffs that bring work in and take it on (information
    handoffs do not count), or delete the stage if it is not part of this stream.""",
)
declare(
    "p2-stage-unreachable", "warning", "P2", "Stage unreachable from a start",
    """No flow path leads from a start stage to this stage, so work never arrives there as the
    map is drawn. Add the missing flow handoff into it, or mark it as a start if work really
    enters the stream here.""",
)
declare(
    "p2-stage-dead-end", "warning", "P2", "Stage cannot reach an end",
    """From this stage no flow path leads to an end stage, so work that reaches it never
    finishes as the map is drawn. Add the flow handoff that takes work on, or mark the stage
    as an end if the stream really finishes here.""",
)
declare(
    "p2-stage-no-decisions", "warning", "P2", "Stage with no decisions",
    """A stage is a sequence of decisions and activities ("check identity", "approve
    margin"); without them it is a box with a name, and the rules (P3) have nothing to
    implement. Record the stage's decisions in order in the inspector (P2).""",
)
declare(
    "p2-flow-loop", "info", "P2", "Rework loop drawn as flow",
    """Flow handoffs that lead back to an earlier stage form a loop. A loop is usually
    rework; as plain flow it has no rate, so the lead time cannot account for it. If work
    comes back only sometimes, turn the handoff that goes back into a rework handoff with a
    rate; if it is how the stream works, leave it and suppress this note.""",
)


@check("p2-stage-isolated", "stage_flow")
def stage_isolated(ctx: AnalysisContext, stages: list[Stage]) -> list[Finding]:
    flow = ctx.flow
    if flow.stage_count <= 1:
        return []
    return [
        found(
            "p2-stage-isolated", f"stage:{s.id}/handoffs",
            f"Stage {label(s)} is not connected to the flow: no flow handoff goes in or out.",
            s.id,
        )
        for s in outside(ctx.index.stages, stages, flow.out_flow.keys(), flow.in_flow.keys())
        if flow.is_isolated(s.id)
    ]


@check("p2-stage-unreachable", "stage_flow")
def stage_unreachable(ctx: AnalysisContext, stages: list[Stage]) -> list[Finding]:
    flow = ctx.flow
    if not flow.starts:
        return []  # flow-no-start says it once for the whole stream
    return [
        found(
            "p2-stage-unreachable", f"stage:{s.id}/start",
            f"Stage {label(s)} cannot be reached from a start stage along flow handoffs.", s.id,
        )
        for s in outside(ctx.index.stages, stages, flow.from_start)
        if s.id not in flow.from_start and not flow.is_isolated(s.id)
    ]


@check("p2-stage-dead-end", "stage_flow")
def stage_dead_end(ctx: AnalysisContext, stages: list[Stage]) -> list[Finding]:
    flow = ctx.flow
    if not flow.ends:
        return []  # flow-no-end says it once for the whole stream
    return [
        found(
            "p2-stage-dead-end", f"stage:{s.id}/end",
            f"Stage {label(s)} cannot reach an end stage along flow handoffs.", s.id,
        )
        for s in outside(ctx.index.stages, stages, flow.to_end)
        if s.id not in flow.to_end and not flow.is_isolated(s.id)
    ]


@check("p2-stage-no-decisions", "stage")
def stage_no_decisions(ctx: AnalysisContext, stages: list[Stage]) -> list[Finding]:
    return [
        found(
            "p2-stage-no-decisions", f"stage:{s.id}/decisions",
            f"Stage {label(s)} records no decisions: list what is decided or done there.", s.id,
        )
        for s in stages
        if not s.decisions
    ]


@check("p2-flow-loop", "map_flow")
def flow_loops(ctx: AnalysisContext) -> list[Finding]:
    results = []
    stages = ctx.index.stages
    for cycle in ctx.flow.cycles:
        back = _back_edge(ctx, cycle)
        names = " → ".join(label(stages[s]) for s in cycle[:4])
        if len(cycle) > 4:
            names += f" … ({len(cycle)} stages)"
        source, target = label(stages[back.source]), label(stages[back.target])
        results.append(
            found(
                "p2-flow-loop", f"handoff:{back.id}/kind",
                f"Flow loop through {names}: if {source} → {target} is rework, make it a "
                "rework handoff with a rate.",
                back.id, *cycle,
            )
        )
    return results


def _back_edge(ctx: AnalysisContext, cycle: list[str]) -> Handoff:
    """The flow handoff that closes the loop, seen from where work enters it.

    The walk starts at the loop's entry (a member fed from outside the loop or a start,
    else its smallest id) and follows flow handoffs depth first inside the loop; the first
    handoff that leads back to a stage on the walk is the one that goes back.
    """
    members = set(cycle)
    flow = ctx.flow
    starts = set(flow.starts)
    entry = next(
        (
            s for s in cycle
            if s in starts or any(h.source not in members for h in flow.in_flow.get(s, ()))
        ),
        cycle[0],
    )
    on_walk = {entry}
    walk = [(entry, iter(flow.out_flow.get(entry, ())))]
    seen = {entry}
    while walk:
        node, edges = walk[-1]
        for handoff in edges:
            target = handoff.target
            if target not in members:
                continue
            if target in on_walk:
                return handoff
            if target not in seen:
                seen.add(target)
                on_walk.add(target)
                walk.append((target, iter(flow.out_flow.get(target, ()))))
                break
        else:
            on_walk.discard(node)
            walk.pop()
    raise AssertionError("a strongly connected component of several stages has a back edge")
