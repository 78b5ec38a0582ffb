"""The order presentation mode walks the stages in: the flow from its starts, then the rest.

Only ``flow`` handoffs order the stages. From the starts (the marked ones, else the stages
with no incoming flow), the stages they reach come in topological order, rework loops cut at
their back edges and ties broken left to right; stages the flow never reaches follow in map
order.
"""

from __future__ import annotations

import heapq

from vsm_editor.model import AnatomyMap


def presentation_order(anatomy: AnatomyMap) -> list[str]:
    """Stage ids in the order to present them (every stage exactly once)."""
    stages = anatomy.stages
    position = {stage.id: index for index, stage in enumerate(stages)}
    key = {stage.id: (stage.x, index) for index, stage in enumerate(stages)}
    succ: dict[str, list[str]] = {stage.id: [] for stage in stages}
    has_incoming: set[str] = set()
    for handoff in anatomy.handoffs:
        if handoff.kind == "flow" and handoff.source in succ and handoff.target in succ:
            succ[handoff.source].append(handoff.target)
            has_incoming.add(handoff.target)
    for targets in succ.values():
        targets.sort(key=key.__getitem__)
    starts = [s.id for s in stages if s.start] or [s.id for s in stages if s.id not in has_incoming]
    starts.sort(key=key.__getitem__)
    reached, back = _search(starts, succ)
    indegree = dict.fromkeys(reached, 0)
    for node in reached:
        for target in succ[node]:
            if (node, target) not in back:
                indegree[target] += 1
    ready = [(key[node], node) for node in reached if indegree[node] == 0]
    heapq.heapify(ready)
    order: list[str] = []
    while ready:
        _key, node = heapq.heappop(ready)
        order.append(node)
        for target in succ[node]:
            if (node, target) in back:
                continue
            indegree[target] -= 1
            if indegree[target] == 0:
                heapq.heappush(ready, (key[target], target))
    placed = set(order)
    order += sorted((s for s in position if s not in placed), key=position.__getitem__)
    return order


def _search(starts: list[str], succ: dict[str, list[str]]) -> tuple[list[str], set]:
    """Depth-first from ``starts``: the stages reached and the edges closing a cycle."""
    state: dict[str, int] = {}  # 1 on the stack, 2 finished
    reached: list[str] = []
    back: set[tuple[str, str]] = set()
    for root in starts:
        if root in state:
            continue
        state[root] = 1
        reached.append(root)
        stack = [(root, iter(succ[root]))]
        while stack:
            node, targets = stack[-1]
            for target in targets:
                seen = state.get(target)
                if seen is None:
                    state[target] = 1
                    reached.append(target)
                    stack.append((target, iter(succ[target])))
                    break
                if seen == 1:
                    back.add((node, target))
            else:
                state[node] = 2
                stack.pop()
    return reached, back
