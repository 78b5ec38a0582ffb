"""The stream's flow graph (networkx), built once per analysis and shared by every check.

Only ``flow`` handoffs make the path: nodes are stage ids, edges carry the handoff id.
Starts are the stages marked ``start`` (when any is), otherwise those with no incoming
flow handoff; ends likewise with ``end`` and outgoing handoffs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from vsm_editor.model.entities import AnatomyMap

if TYPE_CHECKING:  # networkx costs ~140 ms to import: import it only when a graph is built
    import networkx as nx


@dataclass
class FlowGraph:
    """The flow graph of a map plus the facts most checks need."""

    graph: nx.DiGraph
    starts: list[str]
    ends: list[str]
    # Stage ids reachable from some start / able to reach some end.
    from_start: set[str] = field(default_factory=set)
    to_end: set[str] = field(default_factory=set)
    # Strongly connected components with more than one stage (flow cycles).
    cycles: list[set[str]] = field(default_factory=list)


def build_flow_graph(anatomy: AnatomyMap) -> FlowGraph:
    """Build the flow graph and its reachability facts in a few linear passes."""
    import networkx as nx

    graph = nx.DiGraph()
    graph.add_nodes_from(stage.id for stage in anatomy.stages)
    graph.add_edges_from(
        (h.source, h.target, {"id": h.id}) for h in anatomy.handoffs if h.kind == "flow"
    )
    starts = [s.id for s in anatomy.stages if s.start]
    if not starts:
        starts = [node for node, degree in graph.in_degree() if degree == 0]
    ends = [s.id for s in anatomy.stages if s.end]
    if not ends:
        ends = [node for node, degree in graph.out_degree() if degree == 0]
    from_start = _reach(graph.succ, starts)
    to_end = _reach(graph.pred, ends)
    cycles: list[set[str]] = []
    if not nx.is_directed_acyclic_graph(graph):
        cycles = [c for c in nx.strongly_connected_components(graph) if len(c) > 1]
    return FlowGraph(graph, starts, ends, from_start, to_end, cycles)


def _reach(adjacency: dict, sources: list[str]) -> set[str]:
    """Every node reachable from ``sources`` (included) following ``adjacency``."""
    seen = set(sources)
    stack = list(sources)
    while stack:
        node = stack.pop()
        for nxt in adjacency[node]:
            if nxt not in seen:
                seen.add(nxt)
                stack.append(nxt)
    return seen
