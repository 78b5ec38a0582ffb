"""Analysis budgets (run with ``make bench``; pytest-benchmark style).

Full analysis including the flow graph: < 50 ms at 5,000 fully annotated stages, < 300 ms
at 20,000. Re-analysis after a one-stage edit at 5,000 stages: ≤ 5 ms when the flow graph
is unchanged, ≤ 20 ms when it changed. Each benchmark also checks the result, so a fast
wrong answer fails.

The budgets are asserted on the fastest round of CPU time (``time.process_time``): the
machines here are shared by several busy processes, so wall-clock medians measure the
neighbours as much as the code.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import generate_map  # noqa: E402

from vsm_editor.analysis import Analyzer, analyze  # noqa: E402
from vsm_editor.model import ChangeSet, Document, Duration  # noqa: E402

pytestmark = [pytest.mark.bench, pytest.mark.benchmark(timer=time.process_time)]


@pytest.fixture(scope="module")
def map_5000():
    return generate_map(5000, seed=1)


@pytest.fixture(scope="module")
def map_20000():
    return generate_map(20000, seed=1)


def test_full_analysis_5000(benchmark, map_5000) -> None:
    report = benchmark.pedantic(analyze, args=(map_5000,), rounds=15, warmup_rounds=1)
    assert report.coverage.total == 5000
    assert benchmark.stats.stats.min < 0.050


def test_full_analysis_20000(benchmark, map_20000) -> None:
    report = benchmark.pedantic(analyze, args=(map_20000,), rounds=7, warmup_rounds=1)
    assert report.coverage.total == 20000
    assert benchmark.stats.stats.min < 0.300


class _Edits:
    """Alternating one-stage edits on a document, each followed by the analyzer's update."""

    def __init__(self, anatomy, edit) -> None:
        self.doc = Document(anatomy)
        self.analyzer = Analyzer(self.doc)
        self.edit = edit
        self.changes: list[ChangeSet] = []
        self.doc.subscribe(self.changes.append)
        self.step = 0

    def prepare(self):
        self.step += 1
        self.changes.clear()
        self.edit(self.doc, self.step)
        return (list(self.changes),), {}

    def update(self, changes):
        return self.analyzer.update(changes)


def _rename(doc: Document, step: int) -> None:
    stage = doc.map.stages[2500]
    doc.set(stage.id, "name", f"Renamed {step}")


def _retime(doc: Document, step: int) -> None:
    stage = doc.map.stages[2500]
    doc.set(stage.id, "process_time", Duration(value=10.0 + step % 7, unit="minutes"))


def _unmark_end(doc: Document, step: int) -> None:
    stage = doc.map.stages[2500]
    doc.set(stage.id, "end", step % 2 == 1)


def _rewire(doc: Document, step: int) -> None:
    handoff = doc.map.handoffs[3001]
    doc.set(handoff.id, "kind", "information" if step % 2 else "flow")


@pytest.mark.parametrize("edit", [_rename, _retime], ids=["rename", "process-time"])
def test_update_flow_unchanged_5000(benchmark, edit) -> None:
    edits = _Edits(generate_map(5000, seed=1), edit)
    report = benchmark.pedantic(edits.update, setup=edits.prepare, rounds=40, warmup_rounds=2)
    assert report == analyze(edits.doc.map)
    assert benchmark.stats.stats.min < 0.005


@pytest.mark.parametrize("edit", [_unmark_end, _rewire], ids=["end-mark", "handoff-kind"])
def test_update_flow_changed_5000(benchmark, edit) -> None:
    edits = _Edits(generate_map(5000, seed=1), edit)
    report = benchmark.pedantic(edits.update, setup=edits.prepare, rounds=20, warmup_rounds=2)
    assert report == analyze(edits.doc.map)
    assert benchmark.stats.stats.min < 0.020
