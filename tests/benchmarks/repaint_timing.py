"""How long a view takes to repaint, for the canvas benchmarks."""

from __future__ import annotations

import statistics
import time


def median_repaint_ms(qapp, view, rounds: int = 15) -> float:
    """The median wall time (ms) of a full repaint of ``view``'s viewport (``paintEvent``,
    not a scene render), after one repaint that makes cached pictures and lazy figures."""
    qapp.processEvents()
    view.viewport().repaint()
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        view.viewport().repaint()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)
