"""The result types of the flow metrics (see :func:`vsm_editor.analysis.flow.compute_flow`)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Literal, NamedTuple


@dataclass(frozen=True, slots=True)
class ReworkLoop:
    """A rework handoff and the stretch of flow it repeats.

    ``stages`` are the stages on flow paths from ``target`` (the earlier stage) to ``source``
    (the later one), in flow order; empty when the loop does not close (the target cannot
    reach the source along flow handoffs) or the rate is unusable, and then the loop changes
    nothing. ``factor`` = 1 / (1 − rate) is how many times, on average, the stretch is worked
    per item entering it. ``extra_hours`` = rate / (1 − rate) × one pass through the stretch
    (process times and the waits between its stages, weighted like the lead time, other loops
    not counted): the time the loop adds on average to each item that enters it.
    """

    handoff: str
    source: str
    target: str
    rate: float | None
    stages: list[str]
    factor: float
    extra_hours: float


@dataclass(frozen=True, slots=True)
class HiddenQueue:
    """Computed lead time against the measured end-to-end lead time.

    ``ratio`` = computed / measured; ``flagged`` when computed < threshold × measured, i.e.
    most of the real lead time is spent in queues the map does not show.
    """

    computed_hours: float
    measured_hours: float
    ratio: float
    threshold: float
    flagged: bool


class LadderStep(NamedTuple):
    """One rung of the timeline ladder along the critical path.

    Rungs alternate: a ``wait`` rung (the queue before ``stage``, from flow handoff
    ``handoff``) then a ``process`` rung (``stage``'s process time). The first stage's wait
    rung has no handoff and 0 h. ``hours`` is one pass as entered (``None`` when missing);
    ``expected_hours`` includes rework repeats (missing counts as 0). ``value``/``unit`` are
    the number as entered and its short label (``min``, ``h``, ``wd``, ``d``; ``""`` if none).
    A named tuple: a long ladder is built several times faster than with a dataclass.
    """

    kind: Literal["wait", "process"]
    stage: str
    handoff: str | None
    hours: float | None
    expected_hours: float
    value: float | None
    unit: str
    measured: bool
    missing: bool


@dataclass(frozen=True)
class FlowMetrics:
    """The stream's flow numbers; all times in hours. See ``compute_flow`` for the formulas.

    ``lead_time_hours`` = ``critical_process_time_hours`` + ``wait_time_hours``; with
    parallel branches ``process_time_hours`` (all work done) can exceed the process time
    inside the lead time. ``flow_efficiency`` = critical process time / lead time (0..1).
    ``ladder`` is built from ``ladder_source`` on first use: the UI pays for it, the checks
    do not.
    """

    lead_time_hours: float | None = None
    process_time_hours: float | None = None
    wait_time_hours: float | None = None
    critical_process_time_hours: float | None = None
    flow_efficiency: float | None = None
    rolled_pca: float | None = None
    bottleneck: str | None = None
    bottleneck_handoff: str | None = None
    bottleneck_wait_hours: float | None = None
    critical_path: list[str] = field(default_factory=list)
    critical_handoffs: list[str] = field(default_factory=list)
    rework_loops: list[ReworkLoop] = field(default_factory=list)
    visits: dict[str, float] = field(default_factory=dict)
    hidden_queue: HiddenQueue | None = None
    missing: list[str] = field(default_factory=list)
    missing_pca: list[str] = field(default_factory=list)
    estimated: bool = False
    ladder_follows_critical_path: bool = False
    starts: list[str] = field(default_factory=list)
    ignored_handoffs: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    ladder_source: Callable[[], list[LadderStep]] | None = field(
        default=None, repr=False, compare=False
    )

    @cached_property
    def ladder(self) -> list[LadderStep]:
        """The timeline ladder along ``critical_path`` (built on first use, then kept)."""
        return self.ladder_source() if self.ladder_source is not None else []

    @property
    def complete(self) -> bool:
        """Whether every stage and flow handoff on the analysed flow has its time."""
        return not self.missing

    @property
    def ladder_wait_hours(self) -> float:
        """Sum of the ladder's wait rungs (expected hours)."""
        return sum(step.expected_hours for step in self.ladder if step.kind == "wait")

    @property
    def ladder_process_hours(self) -> float:
        """Sum of the ladder's process rungs (expected hours)."""
        return sum(step.expected_hours for step in self.ladder if step.kind == "process")
