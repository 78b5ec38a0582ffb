"""Work split across event-loop turns: a generator's steps run in short slices.

A :class:`SlicedJob` drives a generator (each ``yield`` marks a point where the work may
pause) from a zero-interval timer, running steps until :data:`SLICE_MS` have passed, then
giving the event loop a turn; a step that yields :data:`ALONE` ends its slice, so the long
step after it starts a slice of its own. Python's cyclic
collector is paused during a slice, as the analysis does: its full passes over a big map's
objects take longer than a slice may. Each slice's wall time and the GUI thread's CPU time
in it are kept in :attr:`SlicedJob.slice_ms` and :attr:`SlicedJob.slice_cpu_ms` (the
benchmark reads them).
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable, Iterator

from PySide6.QtCore import QObject, QTimer

from vsm_editor.analysis.analyzer import collector_paused

#: Steps keep running in one turn until this much time has gone.
SLICE_MS = 5.0
#: Yielded before a long step: the slice ends there, the long step starts the next one.
ALONE = "alone"

class SlicedJob(QObject):
    """Runs one generator at a time in slices; ``finished`` is called when it is done."""

    def __init__(self, parent: QObject, finished: Callable[[], None] | None = None,
                 slice_ms: float = SLICE_MS) -> None:
        super().__init__(parent)
        self.slice_budget = slice_ms / 1000.0
        self.finished = finished
        self.slice_ms: deque[float] = deque(maxlen=500)
        self.slice_cpu_ms: deque[float] = deque(maxlen=500)
        #: (step number in its job, ms) of the latest steps
        self.step_ms: deque[tuple[int, float]] = deque(maxlen=500)
        self._index = 0
        self._steps: Iterator[object] | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._slice)

    def start(self, steps: Iterator[object]) -> None:
        """Run ``steps`` from the next event-loop turn on (replacing a running job)."""
        self.cancel()
        self._steps = steps
        self._index = 0
        self._timer.start()

    def running(self) -> bool:
        return self._steps is not None

    def cancel(self) -> bool:
        """Stop the running job where it is; True when there was one."""
        steps, self._steps = self._steps, None
        self._timer.stop()
        if steps is None:
            return False
        steps.close()
        return True

    def _step(self, steps: Iterator[object]) -> object:
        """Run one step; what it yielded."""
        start = time.perf_counter()
        try:
            return next(steps)
        finally:
            self.step_ms.append((self._index, (time.perf_counter() - start) * 1000))
            self._index += 1

    def _slice(self) -> None:
        steps = self._steps
        if steps is None:
            return
        start, cpu = time.perf_counter(), time.thread_time()
        done = False
        try:
            with collector_paused():
                alone = self._step(steps) == ALONE  # at least one step per slice
                while not alone and time.perf_counter() - start < self.slice_budget:
                    alone = self._step(steps) == ALONE
        except StopIteration:
            done = True
        except BaseException:
            self._steps = None  # a failed job is over; the next edit starts a new one
            raise
        finally:
            self.slice_ms.append((time.perf_counter() - start) * 1000)
            self.slice_cpu_ms.append((time.thread_time() - cpu) * 1000)
        if done:
            self._steps = None
            if self.finished is not None:
                self.finished()
        elif self._steps is steps:
            self._timer.start()
