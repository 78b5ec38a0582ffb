"""Rework loops: which stretch of flow a rework handoff repeats, and what that costs.

A rework handoff goes from a later stage ``b`` back to an earlier stage ``a`` with rate
``r`` (0 ≤ r < 1). Each time an item finishes ``b`` it goes back to ``a`` with probability
``r``, so the stretch from ``a`` to ``b`` (every stage on a flow path from ``a`` to ``b``)
is worked 1 + r + r² + … = 1 / (1 − r) times on average, and so is every wait between two
of its stages. Loops that nest multiply.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from vsm_editor.analysis.flow_net import FlowNet
from vsm_editor.analysis.flow_results import ReworkLoop
from vsm_editor.model.entities import Handoff

# Process hours per stage, wait hours and branch weights per flow edge, parallel flags.
Times = tuple[list[float], list[float], list[float], bytearray]


@dataclass
class Repeats:
    """Every rework loop, and the repeat factors they give: per stage the product of
    ``1 / (1 − r)`` over the loops holding it, per flow edge over the loops holding both its
    ends. ``estimated`` is True when a rate that counts is not marked measured."""

    loops: list[ReworkLoop]
    stage_factor: list[float]
    edge_factor: list[float]
    estimated: bool = False
    notes: list[str] = field(default_factory=list)


def rework_repeats(net: FlowNet, rework: list[Handoff], times: Times) -> Repeats:
    """Each rework handoff with the stretch it repeats (none when it cannot repeat any),
    the factors applied as each loop is found (the product does not depend on the order)."""
    n, index, rank, succ, dst, ids = net.n, net.index, net.rank, net.succ, net.dst, net.ids
    result = Repeats([], [1.0] * n, [1.0] * len(net.edges))
    stage_factor, edge_factor, notes = result.stage_factor, result.edge_factor, result.notes
    for handoff in rework:
        rate_value = handoff.rework_rate.value if handoff.rework_rate is not None else None
        rate = rate_value if rate_value is not None and 0.0 <= rate_value < 1.0 else None
        members: list[int] = []
        factor, extra = 1.0, 0.0
        if handoff.wait is not None:
            notes.append(f"the wait on rework handoff {handoff.id} is not counted (waits "
                         "belong on flow handoffs)")
        source = index.get(handoff.source, n)
        target = index.get(handoff.target, n)
        if rate is None:
            notes.append(f"rework handoff {handoff.id} has no usable rate (0 ≤ rate < 1): ignored")
        elif rank[source] == n or rank[target] == n:
            notes.append(f"rework handoff {handoff.id} lies outside the analysed flow: ignored")
        else:
            rest = _stretch(net, target, source, times)
            if rest is None:
                notes.append(
                    f"rework handoff {handoff.id} does not point back along the flow "
                    f"({handoff.target} does not lead to {handoff.source}): ignored"
                )
            else:
                factor = 1.0 / (1.0 - rate)
                extra = rate / (1.0 - rate) * rest[target]
                members = sorted(rest, key=rank.__getitem__)
                for node in members:
                    stage_factor[node] *= factor
                    for edge in succ[node]:
                        if dst[edge] in rest:
                            edge_factor[edge] *= factor
                if not handoff.rework_rate.measured:  # type: ignore[union-attr]
                    result.estimated = True
        result.loops.append(
            ReworkLoop(
                handoff=handoff.id,
                source=handoff.source,
                target=handoff.target,
                rate=rate,
                stages=[ids[node] for node in members],
                factor=factor,
                extra_hours=extra,
            )
        )
    return result


def _stretch(net: FlowNet, first: int, last: int, times: Times) -> dict[int, float] | None:
    """The stages on flow paths from ``first`` to ``last``, each with the hours from its
    start to the end of ``last`` on one pass; None when ``first`` does not lead to ``last``.

    One pass, backwards from ``last``: ``S(last) = PT(last)``, ``S(v) = PT(v) + after(v)``
    over the edges that stay inside the stretch, ``after`` being the longest branch of a
    parallel split and the share-weighted mean of an alternatives split (shares renormalised
    among the branches that stay inside). Base times: other loops are not counted.
    """
    rank, succ, dst = net.rank, net.succ, net.dst
    process, wait, weight, parallel = times
    limit = rank[last]
    if rank[first] >= limit:
        return None
    ahead = [first]
    seen = {first}
    for node in ahead:  # grows while it is walked: a breadth-first search
        for edge in succ[node]:
            target = dst[edge]
            if rank[target] <= limit and target not in seen:
                seen.add(target)
                ahead.append(target)
    if last not in seen:
        return None
    ahead.sort(key=rank.__getitem__)
    rest = {last: process[last]}
    for node in reversed(ahead):
        out = succ[node]
        if len(out) == 1:  # the usual case: straight on
            target = dst[out[0]]
            if target in rest:
                rest[node] = process[node] + wait[out[0]] + rest[target]
            continue
        inner = [edge for edge in out if dst[edge] in rest]
        if not inner:
            continue
        if len(inner) == 1:
            after = wait[inner[0]] + rest[dst[inner[0]]]
        elif parallel[node]:
            after = max(wait[edge] + rest[dst[edge]] for edge in inner)
        else:
            total = sum(weight[edge] for edge in inner)
            after = sum(
                (weight[edge] if total > 0.0 else 1.0) * (wait[edge] + rest[dst[edge]])
                for edge in inner
            ) / (total if total > 0.0 else len(inner))
        rest[node] = process[node] + after
    return rest
