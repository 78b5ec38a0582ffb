"""The timeline ladder: wait and process rungs along the critical path."""

from __future__ import annotations

from dataclasses import dataclass

from vsm_editor.analysis.flow_net import FlowNet
from vsm_editor.analysis.flow_results import LadderStep
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
        the first stage), then its process time. A rung without a duration is missing (0 h);
        one with a duration keeps it as entered, its usable hours (None when unusable, then
        missing too) and the hours times the rework repeats. Written out in one loop: a long
        ladder has thousands of rungs."""
        stages, edges = self.net.stages, self.net.edges
        process, process_missing, node_factor = (
            self.process, self.process_missing, self.node_factor)
        wait, wait_missing, edge_factor = self.wait, self.wait_missing, self.edge_factor
        labels = UNIT_LABELS
        steps: list[LadderStep] = []
        append = steps.append
        previous = [-1, *self.path_edges]
        for v, e in zip(self.path, previous, strict=True):
            stage = stages[v]
            stage_id = stage.id
            if e < 0:
                append(LadderStep("wait", stage_id, None, 0.0, 0.0, None, "", True, False))
            else:
                handoff = edges[e]
                duration = handoff.wait
                if duration is None:
                    append(_step(LadderStep, (
                        "wait", stage_id, handoff.id, None, 0.0, None, "", False, True)))
                else:
                    hours = None if wait_missing[e] else wait[e]
                    expected = hours * edge_factor[e] if hours is not None else 0.0
                    append(_step(LadderStep, (
                        "wait", stage_id, handoff.id, hours,
                        expected if expected < _INF else 0.0, duration.value,
                        labels.get(duration.unit, ""),  # type: ignore[arg-type]
                        duration.measured, hours is None)))
            duration = stage.process_time
            if duration is None:
                append(_step(LadderStep, (
                    "process", stage_id, None, None, 0.0, None, "", False, True)))
            else:
                hours = None if process_missing[v] else process[v]
                expected = hours * node_factor[v] if hours is not None else 0.0
                append(_step(LadderStep, (
                    "process", stage_id, None, hours, expected if expected < _INF else 0.0,
                    duration.value, labels.get(duration.unit, ""),  # type: ignore[arg-type]
                    duration.measured, hours is None)))
        return steps


_INF = float("inf")
#: ``_step(LadderStep, fields)`` is ``LadderStep(*fields)`` without the named tuple's
#: Python-level ``__new__`` in between (a long ladder makes thousands).
_step = tuple.__new__
