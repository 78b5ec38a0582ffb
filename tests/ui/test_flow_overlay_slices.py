"""The flow overlay's update after edits: incremental, split across event-loop turns,
folding edits that arrive meanwhile into one update, and always ending where a full
recompute of the same map ends."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import msgspec
import pytest

from vsm_editor.model.entities import Duration

_GENERATE = Path(__file__).resolve().parents[1] / "benchmarks" / "generate.py"


def _generate_map(stages: int, seed: int):
    module = sys.modules.get("bench_generate_for_ui")
    if module is None:
        spec = importlib.util.spec_from_file_location("bench_generate_for_ui", _GENERATE)
        module = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = module  # its dataclasses look their module up
        spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module.generate_map(stages, seed)


@pytest.fixture
def canvas(qapp, qtbot, state_dir):
    """A session on a generated 160-stage map, its view shown, with a flow overlay whose
    updates run one step per event-loop turn (a small map fits in one slice otherwise)."""
    from vsm_editor.ui.flow_overlay import FlowOverlay
    from vsm_editor.ui.session import Session
    from vsm_editor.ui.view import MapView

    session = Session(_generate_map(160, 3), None)
    view = MapView(session.scene, session.editing)
    qtbot.addWidget(view)
    view.resize(1000, 700)
    view.show()
    overlay = FlowOverlay(session.scene, debounce_ms=5, slice_ms=0.0)
    yield session, view, overlay
    overlay.detach()
    view.close()
    session.close()


def drawn(overlay) -> dict:
    """Everything the overlay shows, in scene coordinates."""
    scene = overlay.scene
    return {
        "figures": {key: overlay.figure(*key) for key in overlay.figures},
        "data_boxes": {s: overlay.figure("data-box", s) for s in scene.stages},
        "halos": overlay.highlighted(),
        "halo_styles": {s: (style, scene.stages[s].halo, scene.stages[s].boundingRect())
                        for s, style in overlay.stage_halos.items()},
        "route_halos": {h: list(item.points) for h, item in overlay.route_halos.items()},
        "ladder": None if overlay.ladder is None else overlay.ladder.figure,
        "metrics": overlay.metrics,
        "captions": {h: item.wait_shown_elsewhere for h, item in scene.handoffs.items()},
    }


def settle(qtbot, overlay) -> None:
    qtbot.waitUntil(lambda: not overlay.is_pending(), timeout=10_000)


def assert_as_full_recompute(overlay) -> None:
    incremental = drawn(overlay)
    overlay.refresh(full=True)
    full = drawn(overlay)
    assert incremental.keys() == full.keys()
    for part in full:
        assert incremental[part] == full[part], part


def _middle(session):
    return session.document.map.stages[len(session.document.map.stages) // 2]


def _edits(session):
    """Single user edits, each one undo step, on the map's middle stage and its neighbours."""
    editing, modeling = session.editing, session.editing.modeling
    stage = _middle(session)
    later = session.document.map.stages[-3]

    def process_time():
        current = stage.process_time or Duration(value=1.0, unit="hours")
        modeling.update(stage.id, process_time=msgspec.structs.replace(
            current, value=current.value + 2.5))

    def wait():
        handoff = next(h for h in session.document.map.handoffs if h.kind == "flow")
        modeling.update(handoff.id, wait=Duration(value=7.0, unit="hours"))

    return {
        "rename": lambda: editing.rename(stage.id, stage.name + " and a much longer name"),
        "process time": process_time,
        "wait": wait,
        "move": lambda: editing.move({stage.id: (stage.x + 220.0, stage.y + 40.0)}),
        "delete": lambda: editing.remove([stage.id]),
        "connect": lambda: editing.connect(stage.id, later.id, "rework"),
        "add": lambda: editing.add_stage(stage.x + 40.0, stage.y + 300.0),
    }


@pytest.mark.parametrize("edit", ["rename", "process time", "wait", "move", "delete", "connect",
                                  "add"])
def test_one_edit_ends_as_a_full_recompute(canvas, qtbot, edit):
    session, _view, overlay = canvas
    before = drawn(overlay)
    _edits(session)[edit]()
    assert overlay.is_pending()
    settle(qtbot, overlay)
    after = drawn(overlay)
    assert after != before  # the edit shows
    assert_as_full_recompute(overlay)


def test_edits_then_undo_all_end_where_they_started(canvas, qtbot):
    session, _view, overlay = canvas
    start = drawn(overlay)
    edits = _edits(session)
    for name in ("rename", "process time", "move", "connect"):
        edits[name]()
        settle(qtbot, overlay)
    while session.editing.stack.can_undo():
        session.editing.undo()
    settle(qtbot, overlay)
    assert_as_full_recompute(overlay)
    boxes = {k: f for k, f in drawn(overlay)["figures"].items() if k[0] == "data-box"}
    assert boxes == {k: f for k, f in start["figures"].items() if k[0] == "data-box"}
    assert drawn(overlay)["metrics"] == start["metrics"]


def test_the_update_is_split_into_short_slices(canvas, qtbot):
    session, _view, overlay = canvas
    overlay.slice_ms.clear()
    _edits(session)["move"]()
    settle(qtbot, overlay)
    assert len(overlay.slice_ms) >= 3  # several turns, not one block


def test_an_edit_during_an_update_is_folded_into_the_next_one(canvas, qtbot):
    """Stop the update after a few slices by editing again: nothing the first edit needed
    is lost, and the end state is a full recompute's."""
    session, _view, overlay = canvas
    edits = _edits(session)
    edits["process time"]()
    overlay._timer.stop()  # the pause after the edit is over now: the update starts …
    overlay._scheduled()
    for _ in range(4):  # … and runs a few slices (the data boxes to redo are chosen by now)
        overlay._job._slice()
    assert overlay._job.running()
    other = session.document.map.stages[2]
    session.editing.move({other.id: (other.x + 200.0, other.y)})  # arrives mid-update
    assert not overlay._job.running()  # the running update stopped …
    stage = _middle(session)
    assert stage.id in overlay._dirty_stages  # … and handed what it took on to the next
    settle(qtbot, overlay)
    shown = overlay.figure("data-box", stage.id).title
    assert f"process time {stage.process_time.value:g}" in shown.replace("~", "")
    assert_as_full_recompute(overlay)


def test_a_burst_of_edits_makes_one_update(canvas, qtbot):
    session, _view, overlay = canvas
    stage = _middle(session)
    started = []
    original = overlay._job.start
    overlay._job.start = lambda steps: (started.append(1), original(steps))
    for step in range(5):
        session.editing.rename(stage.id, f"{stage.name} {step}")
    settle(qtbot, overlay)
    assert len(started) == 1
    labels = overlay.figure("data-box", stage.id).title
    assert f"{stage.name}" in labels
    assert_as_full_recompute(overlay)


def test_figures_leave_out_what_cannot_be_read_when_zoomed_out(canvas):
    """Text goes below the stages' text threshold; data boxes and queues when far."""
    from vsm_editor.ui.items import BLOCK_BELOW, TEXT_BELOW

    _session, _view, overlay = canvas
    box = next(stage.data_box for stage in overlay.scene.stages.values() if stage.data_box)
    queue = next(item for key, item in overlay.figures.items() if key[0] == "queue")
    ladder = overlay.ladder_item
    assert box.at(1.0) is box.figure and box.figure.labels
    shapes = box.at(TEXT_BELOW - 0.01)
    assert shapes.labels == [] and shapes.shapes == box.figure.shapes
    assert box.at(BLOCK_BELOW - 0.01) is None and queue.drawn_at(BLOCK_BELOW - 0.01) is None
    far = ladder.drawn_at(BLOCK_BELOW - 0.01)
    assert far is not None and far.shapes == ladder.figure.shapes and far.labels == []
