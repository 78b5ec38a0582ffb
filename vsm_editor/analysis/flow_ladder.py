"""The timeline ladder: wait and process rungs along the critical path."""

from __future__ import annotations

from dataclasses import dataclass

from vsm_editor.analysis.flow_net import FlowNet
from vsm_editor.analysis.flow_results import LadderStep
from vsm_editor.model.entities import Duration
from vsm_editor.model.units import UNIT_LABELS


@dataclass
class LadderSource:
    """What the ladder is built from, so it is built only when someone asks for it.

    ``process``/``wait`` are hours per stage and per flow edge (one pass), the ``missing``
    flags mark the unusable ones, the factors are the rework repeat factors.
    """

    net: FlowNet
    path: list[int]
    path_edges: list[int]
    process: list[float]
    process_missing: bytearray
    wait: list[float]
    wait_missing: bytearray
    node_factor: list[float]
    edge_factor: list[float]

    def __call__(self) -> list[LadderStep]:
        """Two rungs per stage of the path: the wait before it (0 h and no handoff before
        the first stage), then its process time."""
        stages, edges = self.net.stages, self.net.edges
        process, process_missing, node_factor = (
            self.process, self.process_missing, self.node_factor)
        wait, wait_missing, edge_factor = self.wait, self.wait_missing, self.edge_factor
        steps: list[LadderStep] = []
        append = steps.append
        previous = [-1, *self.path_edges]
        for v, e in zip(self.path, previous, strict=True):
            stage = stages[v]
            if e < 0:
                append(LadderStep("wait", stage.id, None, 0.0, 0.0, None, "", True, False))
            else:
                handoff = edges[e]
                append(_rung("wait", stage.id, handoff.id, handoff.wait,
                             None if wait_missing[e] else wait[e], edge_factor[e]))
            append(_rung("process", stage.id, None, stage.process_time,
                         None if process_missing[v] else process[v], node_factor[v]))
        return steps


def _rung(
    kind: str,
    stage: str,
    handoff: str | None,
    duration: Duration | None,
    hours: float | None,
    factor: float,
) -> LadderStep:
    if duration is None:
        return _step(LadderStep, (kind, stage, handoff, None, 0.0, None, "", False, True))
    expected = hours * factor if hours is not None else 0.0
    return _step(LadderStep, (
        kind,
        stage,
        handoff,
        hours,
        expected if expected < _INF else 0.0,
        duration.value,
        UNIT_LABELS.get(duration.unit, ""),  # type: ignore[arg-type]
        duration.measured,
        hours is None,
    ))


_INF = float("inf")
#: ``_step(LadderStep, fields)`` is ``LadderStep(*fields)`` without the named tuple's
#: Python-level ``__new__`` in between (a long ladder makes thousands).
_step = tuple.__new__
