"""The order in which the report lists stages: the flow's order, as a reader follows it.

First the stages reachable from the starts along flow handoffs, in topological order;
then the rest (stages no start reaches), in their own topological order. Ties go to the
map's order, and handoffs that close a cycle (rework drawn as flow) are ignored, so every
stage appears exactly once whatever the map's shape.
"""

from __future__ import annotations

import heapq
from collections.abc import Sequence

from vsm_editor.model.entities import AnatomyMap


def flow_order(anatomy: AnatomyMap, starts: Sequence[str]) -> list[str]:
    """Every stage id of ``anatomy`` once, in flow order (see the module docstring)."""
    position = {stage.id: rank for rank, stage in enumerate(anatomy.stages)}
    succ: dict[str, list[str]] = {stage_id: [] for stage_id in position}
    for handoff in anatomy.handoffs:
        if handoff.kind == "flow" and handoff.source in succ and handoff.target in succ:
            succ[handoff.source].append(handoff.target)
    roots = [stage_id for stage_id in dict.fromkeys(starts) if stage_id in position]
    reached = _reach(roots, succ)
    first = _topological([s for s in position if s in reached], roots, succ, position)
    rest_nodes = [stage_id for stage_id in position if stage_id not in reached]
    rest_set = set(rest_nodes)
    has_input = {t for s in rest_nodes for t in succ[s] if t in rest_set}
    rest_roots = sorted(rest_nodes, key=lambda s: (s in has_input, position[s]))
    return first + _topological(rest_nodes, rest_roots, succ, position)


def _reach(roots: list[str], succ: dict[str, list[str]]) -> set[str]:
    seen = set(roots)
    stack = list(roots)
    while stack:
        for target in succ[stack.pop()]:
            if target not in seen:
                seen.add(target)
                stack.append(target)
    return seen


def _back_edges(
    roots: list[str], succ: dict[str, list[str]], inside: set[str]
) -> set[tuple[str, str]]:
    """Edges closing a cycle in a depth-first search from ``roots`` within ``inside``."""
    state: dict[str, int] = {}  # 1 on the stack, 2 finished
    found: set[tuple[str, str]] = set()
    for root in roots:
        if root in state:
            continue
        state[root] = 1
        stack = [(root, iter(succ[root]))]
        while stack:
            node, targets = stack[-1]
            for target in targets:
                if target not in inside:
                    continue
                seen = state.get(target)
                if seen is None:
                    state[target] = 1
                    stack.append((target, iter(succ[target])))
                    break
                if seen == 1:
                    found.add((node, target))
            else:
                state[node] = 2
                stack.pop()
    return found


def _topological(
    nodes: list[str], roots: list[str], succ: dict[str, list[str]], position: dict[str, int]
) -> list[str]:
    """Kahn's order of ``nodes`` without the back edges found from ``roots``; ties by
    ``position``. Any node left over (not reached by the search) follows in map order."""
    inside = set(nodes)
    back = _back_edges(roots, succ, inside)
    indegree = dict.fromkeys(nodes, 0)
    for source in nodes:
        for target in succ[source]:
            if target in inside and (source, target) not in back:
                indegree[target] += 1
    ready = [(position[n], n) for n in nodes if indegree[n] == 0]
    heapq.heapify(ready)
    order: list[str] = []
    while ready:
        _, node = heapq.heappop(ready)
        order.append(node)
        for target in succ[node]:
            if target in inside and (node, target) not in back:
                indegree[target] -= 1
                if indegree[target] == 0:
                    heapq.heappush(ready, (position[target], target))
    if len(order) < len(nodes):
        placed = set(order)
        order += [n for n in nodes if n not in placed]
    return order
