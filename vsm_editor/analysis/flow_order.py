"""Ordering helpers for the flow metrics, on integer-indexed adjacency lists.

Nodes are ``0..n-1``; ``succ[v]`` holds the indices of the edges leaving ``v`` and
``dst[e]`` is edge ``e``'s target. Every function is linear (or close to it) in the graph.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence


def reach(roots: Iterable[int], succ: Sequence[Sequence[int]], dst: list[int], n: int) -> bytearray:
    """Mark (1) every node reachable from ``roots``, roots included."""
    seen = bytearray(n)
    stack = []
    for root in roots:
        if not seen[root]:
            seen[root] = 1
            stack.append(root)
    while stack:
        for edge in succ[stack.pop()]:
            target = dst[edge]
            if not seen[target]:
                seen[target] = 1
                stack.append(target)
    return seen


def back_edges(
    roots: Iterable[int], succ: Sequence[Sequence[int]], dst: list[int], n: int
) -> set[int]:
    """The edges that close a cycle in an iterative depth-first search from ``roots`` (in
    order). Removing them leaves a DAG on everything the search visited."""
    state = bytearray(n)  # 0 unseen, 1 on the search stack, 2 finished
    found: set[int] = set()
    for root in roots:
        if state[root]:
            continue
        state[root] = 1
        stack = [(root, iter(succ[root]))]
        while stack:
            node, edges = stack[-1]
            for edge in edges:
                target = dst[edge]
                if state[target] == 0:
                    state[target] = 1
                    stack.append((target, iter(succ[target])))
                    break
                if state[target] == 1:
                    found.add(edge)
            else:
                state[node] = 2
                stack.pop()
    return found


def topological_order(
    nodes: list[int], succ: Sequence[Sequence[int]], dst: list[int], n: int
) -> list[int]:
    """Kahn's order of ``nodes`` (whose edges stay among them). Shorter than ``nodes`` when
    they contain a cycle: the nodes on or behind it are left out."""
    indegree = [0] * n
    for node in nodes:
        for edge in succ[node]:
            indegree[dst[edge]] += 1
    ready = [node for node in reversed(nodes) if indegree[node] == 0]
    order = []
    append = order.append
    while ready:
        node = ready.pop()
        append(node)
        for edge in succ[node]:
            target = dst[edge]
            indegree[target] -= 1
            if indegree[target] == 0:
                ready.append(target)
    return order


class PostDominators:
    """Immediate post-dominators in a DAG, with a virtual exit ``n`` after every sink.

    ``ipdom[v]`` is the first node every path from ``v`` passes through: for a parallel
    split, the stage where all its branches join (``n`` when they never do). Computed in
    one reverse topological pass (Cooper, Harvey and Kennedy's intersection walk), ordered
    by ``rank``: any numbering that grows along every edge, ``rank[n]`` the largest.
    """

    def __init__(
        self,
        order: list[int],
        rank: list[int],
        succ: Sequence[Sequence[int]],
        dst: list[int],
        n: int,
    ) -> None:
        self.exit = n
        self.rank = rank
        self.ipdom = [n] * (n + 1)
        ipdom = self.ipdom
        meet = self.meet
        for node in reversed(order):
            edges = succ[node]
            if len(edges) == 1:
                ipdom[node] = dst[edges[0]]
            elif edges:
                common = dst[edges[0]]
                for edge in edges[1:]:
                    common = meet(common, dst[edge])
                ipdom[node] = common

    def meet(self, a: int, b: int) -> int:
        """The nearest node that post-dominates both ``a`` and ``b`` (they included)."""
        rank, ipdom = self.rank, self.ipdom
        while a != b:
            if rank[a] < rank[b]:
                a = ipdom[a]
            else:
                b = ipdom[b]
        return a

    def meet_all(self, nodes: list[int]) -> int:
        """The nearest common post-dominator of all ``nodes``."""
        meet = nodes[0]
        for node in nodes[1:]:
            meet = self.meet(meet, node)
        return meet
