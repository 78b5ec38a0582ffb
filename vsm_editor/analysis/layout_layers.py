"""Layering for the auto-layout: break flow cycles, then longest-path layers.

Nodes are stage ids of a networkx ``DiGraph`` of flow handoffs (see
:func:`vsm_editor.analysis.graph.build_flow_graph`). Which edges of a flow cycle point
backwards is chosen so that a second layout of a laid-out map picks the same ones: either
the edges pointing right to left in the current drawing (when that breaks the cycles with no
more reversals than a depth-first search from the starts) or the search's back edges.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import networkx as nx


def back_edges(
    graph: nx.DiGraph, starts: Iterable[str], current_x: Mapping[str, float]
) -> set[tuple[str, str]]:
    """A set of edges whose reversal makes ``graph`` acyclic (empty when it already is)."""
    import networkx as nx

    if nx.is_directed_acyclic_graph(graph):
        return set()
    rank = {node: i for i, node in enumerate(graph)}
    by_x: set[tuple[str, str]] = set()
    for component in nx.strongly_connected_components(graph):
        if len(component) < 2:
            continue
        for u in component:
            key_u = (current_x[u], rank[u])
            for v in graph.succ[u]:
                if v in component and (current_x[v], rank[v]) <= key_u:
                    by_x.add((u, v))
    by_search = _search_back_edges(graph, starts)
    return by_x if len(by_x) <= len(by_search) else by_search


def _search_back_edges(graph: nx.DiGraph, starts: Iterable[str]) -> set[tuple[str, str]]:
    """Back edges of an iterative depth-first search from ``starts``, then from every
    unvisited node, in the graph's own (document) order."""
    state: dict[str, int] = {}  # 1 = on the stack, 2 = done
    found: set[tuple[str, str]] = set()
    succ = graph.succ
    for root in [*starts, *graph]:
        if root in state:
            continue
        state[root] = 1
        stack = [(root, iter(succ[root]))]
        while stack:
            node, children = stack[-1]
            for child in children:
                if child == node:
                    continue
                seen = state.get(child)
                if seen is None:
                    state[child] = 1
                    stack.append((child, iter(succ[child])))
                    break
                if seen == 1:
                    found.add((node, child))
            else:
                state[node] = 2
                stack.pop()
    return found


def longest_path_layers(
    nodes: list[str], edges: Iterable[tuple[str, str]], current_x: Mapping[str, float]
) -> dict[str, int]:
    """Layer numbers (0 = leftmost) of an acyclic edge set.

    Every edge goes at least one layer to the right; a source is pulled right up to just
    before its nearest successor; a node without edges joins the layer whose nodes sit
    nearest to it now (or, when no node has edges, each column of the current drawing is
    one layer).
    """
    succ: dict[str, list[str]] = {node: [] for node in nodes}
    indegree = dict.fromkeys(nodes, 0)
    for u, v in edges:
        if u != v:
            succ[u].append(v)
            indegree[v] += 1
    layer = dict.fromkeys(nodes, 0)
    ready = [node for node in nodes if indegree[node] == 0]
    order: list[str] = []
    while ready:
        node = ready.pop()
        order.append(node)
        here = layer[node] + 1
        for child in succ[node]:
            if layer[child] < here:
                layer[child] = here
            indegree[child] -= 1
            if indegree[child] == 0:
                ready.append(child)
    if len(order) != len(nodes):
        raise ValueError("the edges given to longest_path_layers have a cycle")
    has_pred = {v for targets in succ.values() for v in targets}
    for node in reversed(order):
        targets = succ[node]
        if targets and node not in has_pred:
            layer[node] = min(layer[child] for child in targets) - 1
    loose = [node for node in nodes if not succ[node] and node not in has_pred]
    if loose:
        _place_loose(loose, layer, current_x)
    return layer


def _place_loose(loose: list[str], layer: dict[str, int], current_x: Mapping[str, float]) -> None:
    """Give nodes without edges the layer nearest to where they are now."""
    loose_set = set(loose)
    columns: dict[int, list[float]] = {}
    for node, number in layer.items():
        if node not in loose_set:
            columns.setdefault(number, []).append(current_x[node])
    if not columns:
        distinct = sorted({current_x[node] for node in loose})
        column_of = {x: i for i, x in enumerate(distinct)}
        for node in loose:
            layer[node] = column_of[current_x[node]]
        return
    centres = sorted((sorted(xs)[len(xs) // 2], number) for number, xs in columns.items())
    from bisect import bisect_left

    keys = [c for c, _ in centres]
    for node in loose:
        x = current_x[node]
        i = bisect_left(keys, x)
        candidates = [j for j in (i - 1, i) if 0 <= j < len(centres)]
        best = min(candidates, key=lambda j: (abs(keys[j] - x), centres[j][1]))
        layer[node] = centres[best][1]
