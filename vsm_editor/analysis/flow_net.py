"""The part of a map the flow metrics walk: an integer-indexed DAG of flow handoffs.

Built in linear passes: index the stages, keep the flow handoffs, cut the flow after
stages marked ``end``, keep what the starts reach, and (only when the flow graph has
cycles) drop the edges that close a cycle in a depth-first search from the starts.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import accumulate
from operator import eq, lt

from vsm_editor.analysis.flow_order import back_edges, reach, topological_order
from vsm_editor.analysis.graph import FlowGraph
from vsm_editor.model.entities import AnatomyMap, Handoff, Stage


@dataclass
class FlowNet:
    """Stages ``0..n-1`` in document order; flow edges ``0..m-1`` grouped by source stage
    (document order within a stage; ``position[e]`` is the edge's place among the flow
    handoffs of the document).

    ``succ[v]`` holds the edges the metrics follow out of ``v`` (none after an explicit
    end, none outside the region, no cycle-closing edge). ``order`` is a topological order
    of the region (the stages reachable from ``starts``), ``rank[v]`` its position
    (``n`` outside the region; any numbering that grows along the flow would do).
    ``used[e]`` marks the edges some ``succ`` list holds; ``splits`` are the stages with
    several; ``in_document_order`` says that ``order`` is every stage in document order.
    """

    stages: list[Stage]
    ids: list[str]
    edges: list[Handoff]
    src: list[int]
    dst: list[int]
    position: list[int]
    succ: list[Sequence[int]]
    starts: list[int]
    order: list[int]
    rank: list[int]
    index: dict[str, int]
    used: bytearray
    splits: list[int] = field(default_factory=list)
    in_document_order: bool = False
    ignored: list[int] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def n(self) -> int:
        return len(self.stages)


def build_flow_net(anatomy: AnatomyMap, flow_graph: FlowGraph) -> FlowNet:
    """Index the map's flow for the metrics (see the module docstring).

    Fast path: when every flow handoff points to a later stage in the document (the usual
    case: stages are drawn along the flow), the document order is already topological.
    """
    stages = anatomy.stages
    n = len(stages)
    ids = [stage.id for stage in stages]
    index = dict(zip(ids, range(n), strict=True))
    edges = [h for h in anatomy.handoffs if h.kind == "flow"]
    src = [index.get(h.source) for h in edges]
    dst = [index.get(h.target) for h in edges]
    # operator.lt/eq on ints: the same comparisons as int.__lt__/__eq__, ~3x quicker.
    forward = None not in src and None not in dst and all(map(lt, src, dst))
    if not forward and (None in src or None in dst or any(map(eq, src, dst))):
        kept = [e for e, (a, b) in enumerate(zip(src, dst, strict=True))
                if a is not None and b is not None and a != b]
        edges = [edges[e] for e in kept]
        src = [src[e] for e in kept]
        dst = [dst[e] for e in kept]
    edges, src, dst, position, succ, splits = _group_by_source(edges, src, dst, n)  # type: ignore[arg-type]
    notes: list[str] = []
    pruned = False
    for end in flow_graph.ends:  # an end with outgoing flow is one marked as such
        v = index.get(end)
        if v is not None and succ[v]:
            succ[v] = ()
            pruned = True
            notes.append(f"{end} is marked as an end: the flow after it is not counted")
    starts = [index[s] for s in flow_graph.starts if s in index]
    ignored: set[int] = set()
    if not starts and n:
        # Everything sits on or behind a flow cycle: break the cycles from the top of the
        # document and start where nothing flows in any more.
        ignored = back_edges(range(n), succ, dst, n)
        _drop(succ, ignored)
        incoming = bytearray(n)
        for v in range(n):
            for e in succ[v]:
                incoming[dst[e]] = 1
        starts = [v for v in range(n) if not incoming[v]]
        notes.append("no start stage: the metrics start where no flow comes in once cycles "
                     "are ignored")
    acyclic = forward and not ignored  # every handoff points down the document: a DAG
    if acyclic and not pruned and n - len(set(dst)) == len(set(starts).difference(dst)):
        # A DAG in which every stage nothing flows into is a start: all are reached.
        region, whole = bytearray(b"\x01") * n, True
    else:
        region = reach(starts, succ, dst, n)
        whole = region.count(1) == n
    if whole:
        members = list(range(n))
    else:
        pruned = True
        members = [v for v in range(n) if region[v]]
        for v in range(n):
            if not region[v]:
                succ[v] = ()
    in_document_order = False
    if acyclic:
        order = members
        in_document_order = whole
        rank = list(range(n + 1)) if whole else [*(v if region[v] else n for v in range(n)), n]
    else:
        order = topological_order(members, succ, dst, n)
        if len(order) < len(members):
            found = back_edges(starts, succ, dst, n)
            _drop(succ, found)
            ignored |= found
            order = topological_order(members, succ, dst, n)
        rank = [n] * (n + 1)
        for place, v in enumerate(order):
            rank[v] = place
    for e in sorted(ignored, key=position.__getitem__):
        notes.append(
            f"flow handoff {edges[e].id} ({edges[e].source} → {edges[e].target}) closes a "
            "flow cycle and is ignored by the flow metrics (use a rework handoff for loops)"
        )
    used = bytearray(b"\x01") * len(edges)
    if pruned or ignored:
        used = bytearray(len(edges))
        for out in succ:
            for e in out:
                used[e] = 1
        splits = [v for v, out in enumerate(succ) if len(out) > 1]
    return FlowNet(stages, ids, edges, src, dst, position, succ, starts, order, rank, index,
                   used, splits, in_document_order,
                   sorted(ignored, key=position.__getitem__), notes)


def _group_by_source(
    edges: list[Handoff], src: list[int], dst: list[int], n: int
) -> tuple[list[Handoff], list[int], list[int], list[int], list[Sequence[int]], list[int]]:
    """Renumber the edges so that each stage's outgoing edges are one run (a stable sort by
    source, so the document order holds within a stage), and give each stage its run as a
    ``range``: no list per stage, so thousands of stages add nothing for the garbage
    collector to scan. Returns edges, sources, targets, document positions, runs and the
    stages with more than one outgoing edge."""
    m = len(edges)
    counts = [0] * (n + 1)
    for source in src:
        counts[source + 1] += 1
    first = list(accumulate(counts))
    position: list[int] = list(range(m))
    if src != sorted(src):  # not yet grouped (sorted: C speed, src is a list of ints)
        position.sort(key=src.__getitem__)  # stable: document order within a stage
        edges = [edges[e] for e in position]
        src = [src[e] for e in position]
        dst = [dst[e] for e in position]
    splits = [v - 1 for v, count in enumerate(counts) if count > 1]
    return edges, src, dst, position, list(map(range, first, first[1:])), splits


def _drop(succ: list[Sequence[int]], dropped: set[int]) -> None:
    if not dropped:
        return
    for v, edges in enumerate(succ):
        if any(e in dropped for e in edges):
            succ[v] = [e for e in edges if e not in dropped]
