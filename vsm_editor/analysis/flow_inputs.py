"""The numbers the flow metrics use, read once from the map into flat lists.

Per stage (index ``v``): process hours, %C&A as a fraction, the parallel flag; per flow
edge (index ``e``): wait hours and branch weight. Missing or unusable times count as 0 h
and are flagged; a missing %C&A counts as 100 % and is flagged. Only the analysed region
is read (the rest stays at 0 h / 100 % and unflagged). Written as list comprehensions over
the region: on maps of thousands of stages this is where most of the time would go.
"""

from __future__ import annotations

import math
from operator import not_

from vsm_editor.analysis.flow_net import FlowNet
from vsm_editor.analysis.flow_shares import branch_weights
from vsm_editor.model.entities import Duration, Percent
from vsm_editor.model.units import UNIT_LABELS, hours_per_unit

_INF = math.inf


class FlowInputs:
    """The region's numbers (see the module docstring) and what the notes must say."""

    def __init__(self, net: FlowNet, working_day_hours: float) -> None:
        n, m = net.n, len(net.edges)
        self.notes: list[str] = []
        self.estimated = False
        per_unit = {unit: hours_per_unit(unit, working_day_hours) for unit in UNIT_LABELS}  # type: ignore[arg-type]
        region = net.order
        whole = net.in_document_order

        stages = net.stages if whole else [net.stages[v] for v in region]
        process, missing, any_process = self._times(
            [stage.process_time for stage in stages], stages, per_unit, "process time of"
        )
        pca, pca_missing, self.any_pca = self._pcas([stage.pca for stage in stages], stages)
        if whole:
            self.process, self.process_missing = process, missing
            self.pca, self.pca_missing = pca, pca_missing
        else:
            self.process = _scatter(region, process, n, 0.0)
            self.pca = _scatter(region, pca, n, 1.0)
            self.process_missing = bytearray(_scatter(region, missing, n, 0))
            self.pca_missing = bytearray(_scatter(region, pca_missing, n, 0))

        used = range(m) if 0 not in net.used else [e for e in range(m) if net.used[e]]
        edges = net.edges if len(used) == m else [net.edges[e] for e in used]
        wait, wait_missing, any_wait = self._times(
            [edge.wait for edge in edges], edges, per_unit, "wait on"
        )
        if len(used) == m:
            self.wait, self.wait_missing = wait, wait_missing
        else:
            self.wait = _scatter(used, wait, m, 0.0)
            self.wait_missing = bytearray(_scatter(used, wait_missing, m, 0))
        self.any_process = any_process
        self.any_time = any_process or any_wait

        self.weight = [1.0] * m
        self.parallel = bytearray(n)
        self.branches = len(net.starts) > 1
        for v in net.splits:
            self._read_split(net, v)

    def _times(
        self, durations: list[Duration | None], owners: list, per_unit: dict, what: str
    ) -> tuple[list[float], bytearray, bool]:
        """Hours per duration (0 when unusable), the unusable flags, whether any is usable."""
        hours = [
            d.value * per_unit[d.unit] if d is not None and d.unit is not None else -1.0
            for d in durations
        ]
        # All usable (the usual case) when the sum is finite (no NaN, no infinity) and none
        # is negative (the -1.0 of a missing one): checked at C speed.
        if not hours or (sum(hours) < _INF and min(hours) >= 0.0):
            self.estimated |= False in [d.measured for d in durations]  # type: ignore[union-attr]
            return hours, bytearray(len(hours)), bool(hours)
        good = [0.0 <= h < _INF for h in hours]
        for duration, owner, ok in zip(durations, owners, good, strict=True):
            if ok:
                self.estimated |= not duration.measured  # type: ignore[union-attr]
            elif duration is not None and duration.unit is not None:
                self.notes.append(f"{what} {owner.id} ({duration.value:g}) is negative or too "
                                  "large: counted as missing")
        values = [h if ok else 0.0 for h, ok in zip(hours, good, strict=True)]
        return values, bytearray(map(not_, good)), True in good

    def _pcas(
        self, pcas: list[Percent | None], owners: list
    ) -> tuple[list[float], bytearray, bool]:
        """%C&A fractions (1.0 when missing), the missing flags, whether any is present."""
        fractions = [p.value / 100.0 if p is not None else -1.0 for p in pcas]
        total = sum(fractions)
        if not fractions or (total == total and min(fractions) >= 0.0
                             and max(fractions) <= 1.0):  # all in 0..1, checked at C speed
            self.estimated |= False in [p.measured for p in pcas]  # type: ignore[union-attr]
            return fractions, bytearray(len(fractions)), bool(fractions)
        missing = bytearray(len(pcas))
        for i, (pca, owner) in enumerate(zip(pcas, owners, strict=True)):
            if pca is None or pca.value != pca.value:  # absent or NaN
                missing[i] = 1
                fractions[i] = 1.0
                continue
            self.estimated |= not pca.measured
            if not 0.0 <= pca.value <= 100.0:
                clamped = min(100.0, max(0.0, pca.value))
                self.notes.append(f"%C&A of {owner.id} ({pca.value:g}) taken as {clamped:g}")
                fractions[i] = clamped / 100.0
        return fractions, missing, 0 in missing

    def _read_split(self, net: FlowNet, v: int) -> None:
        """A stage with several outgoing flow handoffs: parallel, or weighted alternatives."""
        self.branches = True
        stage, out = net.stages[v], net.succ[v]
        if stage.split == "parallel":
            self.parallel[v] = 1
            return
        edges = net.edges
        shares = [edges[e].share for e in out]
        weights, note = branch_weights(stage.id, shares)
        weight = self.weight
        for e, value in zip(out, weights, strict=True):
            weight[e] = value
        if note:
            self.notes.append(note)
        if False in [share.measured for share in shares if share is not None]:
            self.estimated = True


def _scatter(positions, values: list, size: int, fill: object) -> list:
    """A list of ``size`` items, ``fill`` except ``values`` at ``positions``."""
    result = [fill] * size
    for position, value in zip(positions, values, strict=True):
        result[position] = value
    return result
