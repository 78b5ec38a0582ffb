"""The timeline ladder: totals equal compute_flow's on the hand-worked maps of the flow tests
(a straight line, alternatives, a parallel split, a rework loop), rungs in Lean convention
under their stages, the critical-path caption, and the display toggle."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import msgspec
import pytest

from vsm_editor.analysis.flow import compute_flow
from vsm_editor.model.entities import Display
from vsm_editor.model.geometry import Rect
from vsm_editor.style.flow_labels import hours_label, pca_total_label, share_label
from vsm_editor.style.ladder import FOLLOWS_CAPTION, ladder_labels, layout_ladder

_FLOW_TESTS = Path(__file__).resolve().parents[1] / "analysis" / "test_flow.py"
_spec = importlib.util.spec_from_file_location("hand_worked_flow", _FLOW_TESTS)
worked = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(worked)

#: name → (map, lead time, total process time, flow efficiency, rolled %C&A) worked by hand
#: in tests/analysis/test_flow.py.
EXAMPLES = {
    "line": (worked.line_map, 11.0, 6.0, 6 / 11, 36.0),
    "alternatives": (worked.alternatives_map, 11.4, 5.4, 5.4 / 11.4, 62.4),
    "parallel": (worked.parallel_map, 10.0, 9.0, 0.8, 36.0),
    "rework": (worked.rework_map, 4 + 20 / 3, 6.0, 6 / (4 + 20 / 3), None),
}


def rects_in_a_row(anatomy) -> dict[str, Rect]:
    return {stage.id: Rect(40.0 + 240.0 * i, 40.0, 180.0, 90.0)
            for i, stage in enumerate(anatomy.stages)}


def _value(ladder, role: str) -> str:
    (found,) = [lab for lab in ladder_labels(ladder, "total") if role in lab.role.split()]
    return found.text


@pytest.mark.parametrize("name", EXAMPLES)
def test_totals_are_the_hand_worked_numbers(name: str) -> None:
    make, lead, process, efficiency, rolled = EXAMPLES[name]
    anatomy = make()
    metrics = compute_flow(anatomy)
    ladder = layout_ladder(anatomy, metrics, rects_in_a_row(anatomy), 300.0)
    totals = ladder.totals
    assert totals.lead_time_hours == pytest.approx(lead)
    assert totals.process_time_hours == pytest.approx(process)
    assert totals.flow_efficiency == pytest.approx(efficiency)
    if rolled is not None:
        assert totals.rolled_pca == pytest.approx(rolled)
    # the box shows exactly those numbers, as text
    assert _value(ladder, "lead-time") == hours_label(lead, 8.0, metrics.estimated)
    assert f"{round(lead, 1):g} h" in _value(ladder, "lead-time")
    assert _value(ladder, "process-time") == hours_label(process, 8.0, metrics.estimated)
    assert _value(ladder, "flow-efficiency") == share_label(efficiency, metrics.estimated)
    assert _value(ladder, "rolled-pca") == pca_total_label(metrics.rolled_pca,
                                                           metrics.estimated)
    assert ladder.figure.bounds.y >= 300.0


def test_parallel_shows_the_critical_process_time_too() -> None:
    anatomy = worked.parallel_map()
    ladder = layout_ladder(anatomy, compute_flow(anatomy), rects_in_a_row(anatomy), 0.0)
    assert "8 h" in _value(ladder, "critical-process-time")  # 1 + 5 + 2 along A, B, D


def test_rungs_follow_the_path_in_lean_convention() -> None:
    anatomy = worked.line_map()
    rects = rects_in_a_row(anatomy)
    metrics = compute_flow(anatomy)
    ladder = layout_ladder(anatomy, metrics, rects, 500.0)
    process = [r for r in ladder.rungs if r.kind == "process"]
    waits = [r for r in ladder.rungs if r.kind == "wait"]
    assert [r.stage for r in process] == ["A", "B", "C"]
    for rung in process:  # each process rung under its stage's box
        assert (rung.x1, rung.x2) == (rects[rung.stage].x, rects[rung.stage].right)
    assert [r.text for r in process] == ["~2 h", "~3 h", "~1 h"]
    assert [r.text for r in waits] == ["~1 h", "~4 h"]  # no wait before the first stage
    assert all(w.y < p.y for w in waits for p in process)  # waits on the upper rungs
    assert not ladder.follows_critical_path
    heading = ladder_labels(ladder, "ladder-heading")[0].text
    assert FOLLOWS_CAPTION not in heading
    # the rungs add up to the lead time on a straight line
    assert sum(step.expected_hours for step in metrics.ladder) == pytest.approx(11.0)


def test_branching_stream_says_it_follows_the_critical_path() -> None:
    anatomy = worked.alternatives_map()
    ladder = layout_ladder(anatomy, compute_flow(anatomy), rects_in_a_row(anatomy), 0.0)
    assert ladder.follows_critical_path
    assert FOLLOWS_CAPTION in ladder_labels(ladder, "ladder-heading")[0].text
    assert [r.stage for r in ladder.rungs if r.kind == "process"] == ["A", "B", "D"]


def test_rework_marks_the_repeated_rungs() -> None:
    anatomy = worked.rework_map()
    ladder = layout_ladder(anatomy, compute_flow(anatomy), rects_in_a_row(anatomy), 0.0)
    texts = {(r.kind, r.stage): r.text for r in ladder.rungs}
    assert texts[("process", "B")] == "~2 h ×1.33"  # 2 h worked 4/3 times on average
    assert texts[("process", "A")] == "~1 h"


def test_rungs_read_left_to_right_even_when_stages_overlap_or_run_backwards() -> None:
    anatomy = worked.line_map()
    rects = {"A": Rect(500.0, 40, 180, 90), "B": Rect(520.0, 240, 180, 90),
             "C": Rect(40.0, 440, 180, 90)}
    ladder = layout_ladder(anatomy, compute_flow(anatomy), rects, 600.0)
    xs = [x for rung in ladder.rungs for x in (rung.x1, rung.x2)]
    assert xs == sorted(xs)
    assert [r.stage for r in ladder.rungs if r.kind == "process"] == ["C", "A", "B"]
    assert all(r.x2 - r.x1 > 0 for r in ladder.rungs)


def test_toggle_off_and_empty_maps_have_no_ladder() -> None:
    anatomy = worked.line_map()
    off = msgspec.structs.replace(anatomy, display=Display(ladder=False))
    assert layout_ladder(off, compute_flow(off), rects_in_a_row(off), 0.0) is None
    empty = worked.make_map([], [])
    assert layout_ladder(empty, compute_flow(empty), {}, 0.0) is None


def test_missing_times_are_shown_and_flag_a_lower_bound() -> None:
    anatomy = worked.make_map([worked.stage("A", 2), worked.stage("B")],
                              [worked.flow("A", "B", 1)])
    ladder = layout_ladder(anatomy, compute_flow(anatomy), rects_in_a_row(anatomy), 0.0)
    assert [r.text for r in ladder.rungs if r.kind == "process"] == ["~2 h", "–"]
    note = ladder_labels(ladder, "total-note")[0].text
    assert re.fullmatch(r"lower bound: 1 time missing", note)
