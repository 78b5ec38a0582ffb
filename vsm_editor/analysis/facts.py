"""Flow-graph facts for the rules, built from plain dicts in a few linear passes.

The same definitions as :mod:`vsm_editor.analysis.graph` (only ``flow`` handoffs make the
path; starts are the stages marked ``start``, or when none is marked those with no incoming
flow handoff; ends likewise), without building a networkx graph: at 5,000 stages this takes
a third of the time, which is what lets the analyzer re-run after a flow edit within budget.
Cycles come from a Kahn pass (acyclic maps stop there) and, only when it leaves stages
over, strongly connected components (Tarjan) on what is left; on an acyclic flow the same
pass finds the stages reachable from a start, and the order the stages that reach an end.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from vsm_editor.model.entities import AnatomyMap, Handoff


@dataclass
class FlowFacts:
    """What the rules ask about the flow graph."""

    stage_count: int
    out_flow: dict[str, list[Handoff]]
    in_flow: dict[str, list[Handoff]]
    starts: list[str]
    ends: list[str]
    from_start: set[str]
    to_end: set[str]
    cycles: list[list[str]]
    # The stages with flow handoffs in topological order (None when the flow has cycles).
    order: list[str] | None = None
    _sink_masks: dict[str, int] | None = field(default=None, repr=False)
    _splits: dict[str, list[Handoff]] | None = field(default=None, repr=False)

    def is_isolated(self, stage_id: str) -> bool:
        """A stage with no flow handoff in or out, in a map of more than one stage."""
        return (
            self.stage_count > 1
            and stage_id not in self.out_flow
            and stage_id not in self.in_flow
        )

    def splits(self) -> dict[str, list[Handoff]]:
        """The stages with two or more outgoing flow handoffs, and those handoffs."""
        if self._splits is None:
            self._splits = {node: out for node, out in self.out_flow.items() if len(out) > 1}
        return self._splits

    def on_flow_path(self, stage_id: str) -> bool:
        """Whether the stage lies on a flow path from a start to an end (the P2 flow test)."""
        return (
            stage_id in self.from_start
            and stage_id in self.to_end
            and not self.is_isolated(stage_id)
        )

    def have_common_successor(self, stage_ids: list[str]) -> bool:
        """Whether some stage is reachable (along flow, itself included) from all of them."""
        masks = self._masks()
        common = -1
        for stage_id in stage_ids:
            common &= masks.get(stage_id, 0)
            if not common:
                return False
        return True

    def _masks(self) -> dict[str, int]:
        if self._sink_masks is None:
            self._sink_masks = _sink_masks(self)
        return self._sink_masks


def build_flow_facts(anatomy: AnatomyMap) -> FlowFacts:
    """The flow facts of ``anatomy`` (linear in stages and handoffs)."""
    out_flow: dict[str, list[Handoff]] = {}
    in_flow: dict[str, list[Handoff]] = {}
    for handoff in anatomy.handoffs:
        if handoff.kind == "flow":
            source, target = handoff.source, handoff.target
            if source in out_flow:
                out_flow[source].append(handoff)
            else:
                out_flow[source] = [handoff]
            if target in in_flow:
                in_flow[target].append(handoff)
            else:
                in_flow[target] = [handoff]
    stages = anatomy.stages
    starts = [s.id for s in stages if s.start] or [s.id for s in stages if s.id not in in_flow]
    ends = [s.id for s in stages if s.end] or [s.id for s in stages if s.id not in out_flow]
    order, reached = _topological_order(out_flow, in_flow, starts)
    acyclic = reached is not None
    if reached is not None:
        from_start, to_end = reached, _reach_against(order, in_flow, out_flow, ends)
    else:
        from_start, to_end = _reach_forward(out_flow, starts), _reach_backward(in_flow, ends)
    return FlowFacts(
        stage_count=len(stages),
        out_flow=out_flow,
        in_flow=in_flow,
        starts=starts,
        ends=ends,
        from_start=from_start,
        to_end=to_end,
        cycles=[] if acyclic else _tarjan(set(out_flow) - set(order), out_flow),
        order=order if acyclic else None,
    )


def with_new_marks(facts: FlowFacts, anatomy: AnatomyMap) -> FlowFacts:
    """``facts`` after only start/end marks or split types changed: the same handoffs, so
    the adjacency, the order and the cycles are kept; starts, ends and reach are redone."""
    stages = anatomy.stages
    out_flow, in_flow = facts.out_flow, facts.in_flow
    starts = [s.id for s in stages if s.start] or [s.id for s in stages if s.id not in in_flow]
    ends = [s.id for s in stages if s.end] or [s.id for s in stages if s.id not in out_flow]
    return FlowFacts(
        stage_count=facts.stage_count,
        out_flow=out_flow,
        in_flow=in_flow,
        starts=starts,
        ends=ends,
        from_start=_reach_forward(out_flow, starts),
        to_end=_reach_backward(in_flow, ends),
        cycles=facts.cycles,
        order=facts.order,
        _sink_masks=facts._sink_masks,
        _splits=facts._splits,
    )


def _reach_forward(out_flow: dict[str, list[Handoff]], sources: list[str]) -> set[str]:
    """Every stage reachable from ``sources`` (included) along flow handoffs."""
    seen = set(sources)
    stack = list(sources)
    pop, push, add, edges = stack.pop, stack.append, seen.add, out_flow.get
    while stack:
        for handoff in edges(pop(), ()):
            nxt = handoff.target
            if nxt not in seen:
                add(nxt)
                push(nxt)
    return seen


def _reach_backward(in_flow: dict[str, list[Handoff]], sinks: list[str]) -> set[str]:
    """Every stage from which one of ``sinks`` (included) is reachable along flow handoffs."""
    seen = set(sinks)
    stack = list(sinks)
    pop, push, add, edges = stack.pop, stack.append, seen.add, in_flow.get
    while stack:
        for handoff in edges(pop(), ()):
            nxt = handoff.source
            if nxt not in seen:
                add(nxt)
                push(nxt)
    return seen


def _reach_against(
    order: list[str],
    in_flow: dict[str, list[Handoff]],
    out_flow: dict[str, list[Handoff]],
    sinks: list[str],
) -> set[str]:
    """:func:`_reach_backward` on an acyclic flow, walking its topological ``order`` back.

    Every stage of an acyclic flow reaches a stage without outgoing flow; when all of those
    are among ``sinks``, every stage with flow reaches a sink and no walk is needed.
    """
    seen = set(sinks)
    dead_ends = len(order) - len(out_flow)  # the stages in the order without outgoing flow
    if sum(1 for sink in seen if sink in in_flow and sink not in out_flow) == dead_ends:
        seen.update(order)
        return seen
    add, edges = seen.add, in_flow.get
    for node in reversed(order):
        if node in seen:
            for handoff in edges(node, ()):
                add(handoff.source)
    return seen


def _topological_order(
    out_flow: dict[str, list[Handoff]], in_flow: dict[str, list[Handoff]], starts: list[str]
) -> tuple[list[str], set[str] | None]:
    """Kahn's order of the stages with flow (stages on or behind a cycle are left out) and,
    found on the way, the stages reachable from ``starts`` (what :func:`_reach_forward`
    finds) when the flow has no cycle, else None."""
    indegree = {node: len(edges) for node, edges in in_flow.items()}
    order = [node for node in out_flow if node not in indegree]
    sources = len(order)
    reached = set(starts)
    push, edges, reach = order.append, out_flow.get, reached.add
    for node in order:  # the list grows while it is walked: a queue
        reachable = node in reached  # final: every stage before it in the order is done
        for handoff in edges(node, ()):
            target = handoff.target
            if reachable:
                reach(target)
            left = indegree[target] - 1
            indegree[target] = left
            if left == 0:
                push(target)
    # Every stage with incoming flow is in the order exactly when none is on or behind a cycle.
    return order, reached if len(order) - sources == len(in_flow) else None


def _tarjan(nodes: set[str], out_flow: dict[str, list[Handoff]]) -> list[list[str]]:
    """Iterative Tarjan on the subgraph induced by ``nodes``; components of size > 1."""
    succ = {node: [h.target for h in out_flow.get(node, ())] for node in nodes}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[list[str]] = []
    for root in sorted(nodes):
        if root in index:
            continue
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        work = [(root, iter(succ.get(root, ())))]
        while work:
            node, successors = work[-1]
            descended = False
            for nxt in successors:
                if nxt not in nodes:
                    continue
                if nxt not in index:
                    index[nxt] = low[nxt] = len(index)
                    stack.append(nxt)
                    on_stack.add(nxt)
                    work.append((nxt, iter(succ.get(nxt, ()))))
                    descended = True
                    break
                if nxt in on_stack:
                    low[node] = min(low[node], index[nxt])
            if descended:
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    components.append(sorted(component))
    return components


def _sink_masks(flow: FlowFacts) -> dict[str, int]:
    """For each stage with flow, a bit per sink component of the condensed graph it reaches.

    Two stages have a common successor exactly when they reach a common sink component, so
    a parallel split joins when the AND of its branches' masks is not zero.
    """
    out_flow = flow.out_flow
    if flow.order is not None:  # acyclic: the components are the stages themselves
        if len(flow.order) - len(out_flow) == 1:  # one sink, which every stage reaches
            return dict.fromkeys(reversed(flow.order), 1)
        masks: dict[str, int] = {}
        sinks = 0
        for node in reversed(flow.order):
            edges = out_flow.get(node)
            if edges:
                mask = 0
                for handoff in edges:
                    mask |= masks[handoff.target]
            else:
                mask = 1 << sinks
                sinks += 1
            masks[node] = mask
        return masks
    component: dict[str, str] = {}
    for cycle in flow.cycles:
        for member in cycle:
            component[member] = cycle[0]
    succ: dict[str, set[str]] = {}
    for node in out_flow.keys() | flow.in_flow.keys():
        succ.setdefault(component.get(node, node), set())
    for source, edges in out_flow.items():
        head = component.get(source, source)
        for handoff in edges:
            tail = component.get(handoff.target, handoff.target)
            if tail != head:
                succ[head].add(tail)
    indegree = dict.fromkeys(succ, 0)
    for targets in succ.values():
        for target in targets:
            indegree[target] += 1
    order = [node for node, degree in indegree.items() if degree == 0]
    position = 0
    while position < len(order):
        for target in succ[order[position]]:
            indegree[target] -= 1
            if indegree[target] == 0:
                order.append(target)
        position += 1
    condensed: dict[str, int] = {}
    sinks = 0
    for node in reversed(order):
        if succ[node]:
            mask = 0
            for target in succ[node]:
                mask |= condensed[target]
        else:
            mask = 1 << sinks
            sinks += 1
        condensed[node] = mask
    nodes = out_flow.keys() | flow.in_flow.keys()
    return {node: condensed[component.get(node, node)] for node in nodes}
