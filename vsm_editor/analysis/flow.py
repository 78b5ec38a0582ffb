"""Flow metrics of a value stream: lead time, process time, flow efficiency, rolled %C&A,
the bottleneck, the critical path, rework loops, the hidden queue and the timeline ladder.

The flow contract (issue 2, "Flow semantics") and how it is read here:

- Only ``flow`` handoffs make the path. A flow handoff's ``wait`` is the queue before its
  target; a stage has its process time ``PT`` and %C&A. Times become hours with
  :func:`vsm_editor.model.units.to_hours` (the stream's working-day length); a time with no
  unit, a negative one or one too large to add up counts as missing: it is listed in
  ``missing`` and counts as 0 h, so the numbers are then a lower bound.
- The metrics walk the stages reachable from the starts (``FlowGraph.starts``) along flow
  handoffs, and stop at stages marked ``end``. Flow cycles never hang or crash: the
  handoffs that close a cycle in a depth-first search from the starts are ignored (listed in
  ``ignored_handoffs`` and the notes); when no stage is a start because everything sits on a
  cycle, the cycles are broken first and the stages nothing flows into become the starts.
- Alternatives split (``split == "alternatives"``, k ≥ 2 outgoing flow handoffs): branch
  ``i`` is taken with probability ``q_i`` = share_i / 100, falling back to normalised,
  remaining or equal shares (see :func:`~vsm_editor.analysis.flow_shares.branch_weights`,
  noted in ``notes``).
- Parallel split: every branch is worked; the branches join at the first stage they all
  reach (the split's immediate post-dominator ``j``). Several starts are read as parallel
  inputs (a virtual parallel split before them), so the lead time runs from the start with
  the longest way to the end.
- Rework handoff from ``b`` back to ``a``, rate ``r``: every stage on a flow path from ``a``
  to ``b`` is worked ``1 / (1 − r)`` times on average, and so is every wait between two of
  them (see :mod:`~vsm_editor.analysis.flow_rework`). Loops that nest multiply. Rework
  handoffs are not part of the shares. A rework handoff with no usable rate, outside the
  analysed flow, or whose target does not lead to its source along flow handoffs repeats
  nothing (noted); a wait recorded on a rework handoff is not counted (noted).

Formulas (``f(v)`` the product of the rework factors of the loops holding stage ``v``,
``f(e)`` likewise for a flow handoff with both ends in the loop, ``W(e)`` its wait):

- Visits, one forward pass in flow order: ``p(start) = 1``; a stage passes ``p(v)`` to
  each single or parallel successor and ``q_i · p(v)`` to alternative ``i``; a join
  receives the sum of what flows in minus ``(k − 1) · p(s)`` for every k-way parallel split
  ``s`` (or the virtual split before several starts) joining there, so the branches' copies
  merge back into one item. ``visits(v) = p(v) · f(v)``.
- Remaining time, one backward pass: ``T(v) = PT(v) · f(v) + after(v)`` where ``after``
  is 0 at an end, ``W(e) · f(e) + T(c)`` for a single successor ``c``,
  ``Σ q_i · (W(e_i) · f(e_i) + T(c_i))`` for alternatives (the expected value) and
  ``max_i (W(e_i) · f(e_i) + T(c_i))`` for a parallel split (the longest branch; the shared
  tail after the join is counted once because it is inside every ``T(c_i)``).
  ``T`` is carried as its process part ``TP`` and its wait part ``TW`` (for a parallel split
  both come from the longest branch).
- Lead time ``LT = max over starts T(s)``; ``critical_process_time = TP(s*)`` and
  ``wait_time = TW(s*)`` for that start ``s*``, so ``LT = critical PT + wait``.
- Total process time ``PT_total = Σ_v visits(v) · PT(v)``: all work done, every parallel
  branch included, so it can exceed the critical process time.
- Flow efficiency ``= critical PT / LT`` (0..1): the share of the elapsed lead time in which
  the item is being worked on along its critical path. ``None`` when LT is 0 or unknown.
- Rolled %C&A, backward: ``Q(v) = c(v) · next(v)`` with ``c`` = %C&A / 100 (missing counts
  as 100 %, listed in ``missing_pca``), ``next`` = ``Q(c)`` for one successor,
  ``Σ q_i Q(c_i)`` for alternatives and ``Q(j) · Π_i (Q(c_i) / Q(j))`` for a parallel split
  joining at ``j`` (every branch must be right; the tail after the join once); 1 at an end.
  ``rolled_pca = 100 · Q`` over the starts (combined like a parallel split). Rework
  repeats do not lower it: the rework rates already express the stages' errors.
- Bottleneck: the target of the flow handoff with the largest expected wait per item,
  ``W(e) · f(e) · flow(e)`` with ``flow(e)`` the chance an item takes ``e`` on one pass
  (``p(source)``, times ``q_i`` after an alternatives split); ``None`` when no wait is
  positive. A rarely taken branch with a long queue thus weighs less than a busy one.
- Critical path: from ``s*`` follow, at each stage, the single successor, the longest
  parallel branch, or the alternative contributing most, ``max_i q_i (W · f + T)(e_i)``.
- Hidden queue: measured end-to-end lead time ``M`` (delivery metrics) against ``LT``;
  flagged when ``LT < threshold · M`` (``analysis.hidden_queue_threshold``, 0.5 by default).
- Absent numbers: ``lead_time_hours``, ``wait_time_hours`` and the efficiency are ``None``
  when no time on the analysed flow is usable, ``process_time_hours`` when no process time
  is, ``rolled_pca`` when no %C&A is. ``estimated`` is True when any process time, wait,
  %C&A, share or rework rate that was used is not marked measured.
- Ladder: two rungs per stage of the critical path, the wait before it and its process
  time (see :class:`LadderStep`); ``ladder_follows_critical_path`` is True when the stream
  branches (a split or several starts), so the ladder shows one path of several.

Every pass is linear in stages + handoffs (no path enumeration); only the cycle search and
the rework stretches add work, in proportion to what they touch.
"""

from __future__ import annotations

import math
from operator import mul

from vsm_editor.analysis.flow_inputs import FlowInputs
from vsm_editor.analysis.flow_ladder import LadderSource
from vsm_editor.analysis.flow_net import FlowNet, build_flow_net
from vsm_editor.analysis.flow_order import PostDominators
from vsm_editor.analysis.flow_results import FlowMetrics, HiddenQueue, LadderStep, ReworkLoop
from vsm_editor.analysis.flow_rework import rework_repeats
from vsm_editor.analysis.flow_units import duration_hours
from vsm_editor.analysis.graph import FlowGraph, build_flow_graph
from vsm_editor.model.entities import AnatomyMap

__all__ = [
    "FlowMetrics",
    "HiddenQueue",
    "LadderStep",
    "ReworkLoop",
    "compute_flow",
    "duration_hours",
]


def compute_flow(anatomy: AnatomyMap, flow_graph: FlowGraph | None = None) -> FlowMetrics:
    """The flow metrics of ``anatomy`` (formulas in the module docstring).

    ``flow_graph`` is the shared :class:`FlowGraph` of the same map (built when not given);
    only its ``starts`` and ``ends`` are read (an end with outgoing flow is a stage marked
    ``end``, where the metrics stop), never its networkx ``graph``. Never raises on a valid
    map, whatever its shape or numbers.
    """
    if flow_graph is None:
        flow_graph = build_flow_graph(anatomy)
    net = build_flow_net(anatomy, flow_graph)
    if not net.order:
        return FlowMetrics(visits=dict.fromkeys([s.id for s in anatomy.stages], 0.0),
                           notes=net.notes)
    day = anatomy.stream.working_day_hours
    data = FlowInputs(net, day)
    notes = net.notes + data.notes
    n, order, succ, dst = net.n, net.order, net.succ, net.dst
    starts = net.starts
    if len(starts) > 1:
        notes.append(f"{len(starts)} starts are read as parallel inputs: the lead time runs "
                     "from the one with the longest way to the end")

    pdom = PostDominators(order, net.rank, succ, dst, n) if data.branches else None
    p, flow = _forward(net, data, pdom)
    rework = [h for h in anatomy.handoffs if h.kind == "rework"]
    repeats = rework_repeats(net, rework, (data.process, data.wait, data.weight, data.parallel))
    node_factor, edge_factor = repeats.stage_factor, repeats.edge_factor
    notes += repeats.notes

    process_part, wait_part, right, chosen = _backward(net, data, pdom, node_factor, edge_factor)
    best = max(starts, key=lambda s: process_part[s] + wait_part[s])
    worked = [a * b if a else 0.0 for a, b in zip(p, node_factor, strict=True)]
    visits = dict(zip(net.ids, worked, strict=True))

    lead = critical = waiting = total_process = efficiency = None
    if data.any_time:
        lead = process_part[best] + wait_part[best]
        critical, waiting = process_part[best], wait_part[best]
        if data.any_process:
            total_process = sum(map(mul, worked, data.process))
        if not all(map(math.isfinite, (lead, critical, waiting, total_process or 0.0))):
            notes.append("the times are too large to add up: no totals")
            lead = critical = waiting = total_process = None
        elif lead > 0.0:
            efficiency = min(1.0, max(0.0, critical / lead))
    rolled = None
    if data.any_pca:
        rolled = 100.0 * min(1.0, max(0.0, _combine_starts(starts, right, pdom)))

    bottleneck_edge, bottleneck_wait = _bottleneck(net, data, flow, edge_factor)
    path, path_edges = _critical_path(net, best, chosen)
    return FlowMetrics(
        lead_time_hours=lead,
        process_time_hours=total_process,
        wait_time_hours=waiting,
        critical_process_time_hours=critical,
        flow_efficiency=efficiency,
        rolled_pca=rolled,
        bottleneck=net.edges[bottleneck_edge].target if bottleneck_edge is not None else None,
        bottleneck_handoff=net.edges[bottleneck_edge].id if bottleneck_edge is not None else None,
        bottleneck_wait_hours=bottleneck_wait,
        critical_path=[net.ids[v] for v in path],
        critical_handoffs=[net.edges[e].id for e in path_edges],
        rework_loops=repeats.loops,
        visits=visits,
        hidden_queue=_hidden_queue(anatomy, lead, day),
        missing=_missing(net, data),
        missing_pca=_flagged(net.ids, data.pca_missing),
        estimated=data.estimated or repeats.estimated,
        ladder_source=LadderSource(
            net, path, path_edges, data.process, data.process_missing, data.wait,
            data.wait_missing, node_factor, edge_factor
        ),
        ladder_follows_critical_path=data.branches,
        starts=[net.ids[s] for s in starts],
        ignored_handoffs=[net.edges[e].id for e in net.ignored],
        notes=notes,
    )


def _forward(
    net: FlowNet, data: FlowInputs, pdom: PostDominators | None
) -> tuple[list[float], list[float]]:
    """Visits without rework ``p`` per stage and the flow along each edge, in flow order."""
    n, succ, dst = net.n, net.succ, net.dst
    inflow = [0.0] * (n + 1)
    merged = [0.0] * (n + 1)  # copies of an item that re-merge at a parallel join
    for s in net.starts:
        inflow[s] += 1.0
    if len(net.starts) > 1 and pdom is not None:
        merged[pdom.meet_all(net.starts)] += len(net.starts) - 1
    p = [0.0] * n
    flow = [0.0] * len(net.edges)
    parallel, weight = data.parallel, data.weight
    for v in net.order:
        pv = inflow[v] - merged[v]
        if pv < 0.0:
            pv = 0.0
        p[v] = pv
        out = succ[v]
        if not out:
            continue
        if parallel[v]:
            for e in out:
                flow[e] = pv
                inflow[dst[e]] += pv
            merged[pdom.ipdom[v]] += (len(out) - 1) * pv  # type: ignore[union-attr]
        else:
            for e in out:
                share = pv * weight[e]
                flow[e] = share
                inflow[dst[e]] += share
    return p, flow


def _backward(
    net: FlowNet,
    data: FlowInputs,
    pdom: PostDominators | None,
    node_factor: list[float],
    edge_factor: list[float],
) -> tuple[list[float], list[float], list[float], list[int]]:
    """Remaining process hours, wait hours and right-first-time chance per stage, and the
    edge the critical path takes out of it (-1 at an end)."""
    n, succ, dst = net.n, net.succ, net.dst
    weight, parallel, pca = data.weight, data.parallel, data.pca
    process, wait = data.process, data.wait  # with the rework repeats, when there are any
    if node_factor.count(1.0) != n:
        process = list(map(mul, process, node_factor))
        wait = list(map(mul, wait, edge_factor))
    rp = [0.0] * n
    rw = [0.0] * n
    right = [1.0] * (n + 1)
    chosen = [-1] * n
    for v in reversed(net.order):
        own = process[v]
        out = succ[v]
        if not out:
            rp[v] = own
            right[v] = pca[v]
            continue
        if len(out) == 1:
            e = out[0]
            t = dst[e]
            rp[v] = own + rp[t]
            rw[v] = wait[e] + rw[t]
            right[v] = pca[v] * right[t]
            chosen[v] = e
            continue
        best, best_score = -1, -1.0
        if parallel[v]:
            for e in out:
                t = dst[e]
                score = wait[e] + rp[t] + rw[t]
                if score > best_score:
                    best, best_score = e, score
            t = dst[best]
            rp[v] = own + rp[t]
            rw[v] = wait[best] + rw[t]
            join = pdom.ipdom[v]  # type: ignore[union-attr]
            right[v] = pca[v] * _all_right([right[dst[e]] for e in out], right[join])
        else:
            sum_p = sum_w = sum_r = 0.0
            for e in out:
                t = dst[e]
                q = weight[e]
                w = wait[e]
                sum_p += q * rp[t]
                sum_w += q * (w + rw[t])
                sum_r += q * right[t]
                score = q * (w + rp[t] + rw[t])
                if score > best_score:
                    best, best_score = e, score
            rp[v] = own + sum_p
            rw[v] = sum_w
            right[v] = pca[v] * sum_r
        chosen[v] = best
    return rp, rw, right, chosen


def _all_right(branches: list[float], tail: float) -> float:
    """Chance that every branch is right: ``tail · Π (branch / tail)``, each branch already
    holding the shared ``tail`` after the join."""
    if tail <= 0.0:
        return 0.0
    result = tail
    for value in branches:
        result *= min(1.0, value / tail)
    return result


def _combine_starts(starts: list[int], right: list[float], pdom: PostDominators | None) -> float:
    if len(starts) == 1 or pdom is None:
        return right[starts[0]]
    return _all_right([right[s] for s in starts], right[pdom.meet_all(starts)])


def _bottleneck(
    net: FlowNet, data: FlowInputs, flow: list[float], edge_factor: list[float]
) -> tuple[int | None, float | None]:
    """The flow handoff with the largest expected wait per item, and that wait (edges off
    the region carry no flow, so they score 0)."""
    if not net.edges:
        return None, None
    scores = list(map(mul, map(mul, data.wait, edge_factor), flow))  # W(e) · f(e) · flow(e)
    best = scores.index(max(scores))  # the first largest, as max(range, key=...) finds it
    if not scores[best] > 0.0:
        return None, None
    return best, scores[best]


def _critical_path(net: FlowNet, start: int, chosen: list[int]) -> tuple[list[int], list[int]]:
    path, edges = [start], []
    v = start
    while chosen[v] != -1:
        e = chosen[v]
        edges.append(e)
        v = net.dst[e]
        path.append(v)
    return path, edges


def _missing(net: FlowNet, data: FlowInputs) -> list[str]:
    """Stages without usable process time, then followed flow handoffs without usable wait,
    each in document order."""
    handoffs: list[str] = []
    if 1 in data.wait_missing:
        lacking = [e for e, flag in enumerate(data.wait_missing) if flag]
        lacking.sort(key=net.position.__getitem__)
        handoffs = [net.edges[e].id for e in lacking]
    return _flagged(net.ids, data.process_missing) + handoffs


def _flagged(ids: list[str], flags: bytearray) -> list[str]:
    """The ids whose flag is set (fast when none is)."""
    if 1 not in flags:
        return []
    return [element for element, flag in zip(ids, flags, strict=True) if flag]


def _hidden_queue(anatomy: AnatomyMap, lead: float | None, day: float) -> HiddenQueue | None:
    measured = duration_hours(anatomy.delivery_metrics.measured_lead_time, day)
    if lead is None or measured is None or measured <= 0.0:
        return None
    threshold = anatomy.analysis.hidden_queue_threshold
    return HiddenQueue(
        computed_hours=lead,
        measured_hours=measured,
        ratio=lead / measured,
        threshold=threshold,
        flagged=lead < threshold * measured,
    )

