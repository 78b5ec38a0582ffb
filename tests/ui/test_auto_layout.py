"""Map > Auto-layout as a user runs it: a tangled template becomes a clean stream in one
undo step (lanes kept, no overlaps), a selection is laid out alone, undo is exact."""

from __future__ import annotations

import random

import pytest
from PySide6.QtCore import Qt

from vsm_editor.model import dump_bytes, save_map
from vsm_editor.model.geometry import lane_tops, stage_rect
from vsm_editor.templates import load_template


def tangled(template_id: str = "order-to-cash", seed: int = 5):
    """A template whose stages were shuffled around inside their lanes."""
    anatomy = load_template(template_id)
    rng = random.Random(seed)
    xs = [stage.x for stage in anatomy.stages]
    rng.shuffle(xs)
    for stage, x in zip(anatomy.stages, xs, strict=True):
        stage.x = x + rng.choice([-30.0, 0.0, 45.0])
        stage.y = rng.choice([5.0, 20.0, 40.0])
    return anatomy


@pytest.fixture
def window(editor, tmp_path, qtbot):
    path = tmp_path / "tangled.vsm.json"
    save_map(tangled(), path)
    win = editor.open_path(str(path))
    qtbot.addWidget(win)
    return win


def overlaps(anatomy) -> int:
    tops = lane_tops(anatomy)
    rects = [stage_rect(s, tops) for s in anatomy.stages]
    return sum(a.intersects(b) for i, a in enumerate(rects) for b in rects[i + 1:])


def test_auto_layout_is_one_undo_step_keeping_lanes(window, qtbot):
    doc, editing = window.session.document, window.session.editing
    before = dump_bytes(doc.map)
    lanes = {s.id: s.lane for s in doc.map.stages}
    key = window.actions_by_name["auto_layout"].shortcuts()[0].toString()
    assert key == "Ctrl+Shift+L"
    window.actions_by_name["auto_layout"].trigger()
    assert editing.labels() == ["Auto-layout"]
    assert {s.id: s.lane for s in doc.map.stages} == lanes
    assert overlaps(doc.map) == 0
    # the canvas shows the new places
    for stage in doc.map.stages:
        item = window.view.map_scene.stages[stage.id]
        assert item.pos().x() == pytest.approx(stage.x)
    after = dump_bytes(doc.map)
    editing.undo()
    assert dump_bytes(doc.map) == before
    editing.redo()
    assert dump_bytes(doc.map) == after
    # again: nothing left to do, so no new step
    window.actions_by_name["auto_layout"].trigger()
    assert editing.index() == 1
    assert "already" in window.statusBar().currentMessage().lower()


def test_auto_layout_of_the_selection_moves_only_the_selection(window):
    doc = window.session.document
    chosen = [s.id for s in doc.map.stages[:4]]
    others = {s.id: (s.x, s.y, s.lane) for s in doc.map.stages[4:]}
    window.view.map_scene.select_ids(chosen)
    window.actions_by_name["auto_layout"].trigger()
    assert window.session.editing.labels() == ["Auto-layout"]
    assert {s.id: (s.x, s.y, s.lane) for s in doc.map.stages[4:]} == others


def test_auto_layout_by_keystroke(window, qtbot):
    window.activateWindow()
    window.view.setFocus()
    qtbot.waitUntil(lambda: window.isActiveWindow(), timeout=2000)
    qtbot.keyClick(window.view, Qt.Key.Key_L,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert window.session.editing.labels() == ["Auto-layout"]
