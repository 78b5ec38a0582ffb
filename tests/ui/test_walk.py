"""Keyboard movement on the canvas: Alt+arrows walk the flow, arrows nudge, Enter renames."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit

from vsm_editor.model import Handoff, Lane, Stage, dump_bytes, new_map, save_map
from vsm_editor.ui.flow_walk import next_sibling, predecessors, starts, successors

Alt = Qt.KeyboardModifier.AltModifier


def diamond():
    """A splits into B (top) and C (below); both join at D. I hands information to A."""
    anatomy = new_map("Diamond")
    anatomy.lanes = [Lane(id="ln_0", name="Team", height=400.0)]
    anatomy.stages = [
        Stage(id="st_i", name="I", lane="ln_0", x=40.0, y=260.0),
        Stage(id="st_a", name="A", lane="ln_0", x=300.0, y=40.0),
        Stage(id="st_c", name="C", lane="ln_0", x=560.0, y=200.0),
        Stage(id="st_b", name="B", lane="ln_0", x=560.0, y=40.0),
        Stage(id="st_d", name="D", lane="ln_0", x=820.0, y=40.0),
    ]
    anatomy.handoffs = [
        Handoff(id="ho_ia", source="st_i", target="st_a", kind="information"),
        Handoff(id="ho_ac", source="st_a", target="st_c"),
        Handoff(id="ho_ab", source="st_a", target="st_b"),
        Handoff(id="ho_bd", source="st_b", target="st_d"),
        Handoff(id="ho_cd", source="st_c", target="st_d"),
    ]
    return anatomy


def test_walk_functions_follow_flow_top_to_bottom():
    anatomy = diamond()
    assert successors(anatomy, "st_a") == ["st_b", "st_c"]  # B is drawn higher
    assert predecessors(anatomy, "st_d") == ["st_b", "st_c"]
    assert predecessors(anatomy, "st_a") == []  # information handoffs are not the flow
    assert starts(anatomy) == ["st_i", "st_a"]
    assert next_sibling(anatomy, "st_b", +1) == "st_c"
    assert next_sibling(anatomy, "st_c", +1) == "st_b"  # wraps around
    assert next_sibling(anatomy, "st_b", -1) == "st_c"
    assert next_sibling(anatomy, "st_d", +1) == "st_d"  # no alternatives


@pytest.fixture
def window(editor, qtbot, tmp_path):
    path = tmp_path / "diamond.vsm.json"
    save_map(diamond(), path)
    win = editor.open_path(str(path))
    qtbot.addWidget(win)
    with qtbot.waitActive(win):
        win.activateWindow()
    win.view.setFocus()
    return win


def selected(window) -> list[str]:
    return window.view.map_scene.selected_ids()


def test_alt_arrows_walk_the_flow(window, qtbot):
    view = window.view
    qtbot.keyClick(view, Qt.Key.Key_Right, Alt)  # nothing selected: the first start
    assert selected(window) == ["st_i"]
    view.map_scene.select_ids(["st_a"])
    qtbot.keyClick(view, Qt.Key.Key_Right, Alt)
    assert selected(window) == ["st_b"]
    qtbot.keyClick(view, Qt.Key.Key_Down, Alt)
    assert selected(window) == ["st_c"]
    qtbot.keyClick(view, Qt.Key.Key_Right, Alt)
    assert selected(window) == ["st_d"]
    qtbot.keyClick(view, Qt.Key.Key_Left, Alt)  # back the way it came, not the top one
    assert selected(window) == ["st_c"]
    qtbot.keyClick(view, Qt.Key.Key_Up, Alt)
    assert selected(window) == ["st_b"]
    qtbot.keyClick(view, Qt.Key.Key_Left, Alt)
    assert selected(window) == ["st_a"]
    assert window.session.editing.index() == 0  # walking edits nothing


def test_arrows_nudge_and_merge_into_one_step(window, qtbot):
    view, doc, editing = window.view, window.session.document, window.session.editing
    before = dump_bytes(doc.map)
    view.map_scene.select_ids(["st_b", "st_d"])
    for key in (Qt.Key.Key_Right, Qt.Key.Key_Right, Qt.Key.Key_Right, Qt.Key.Key_Down):
        qtbot.keyClick(view, key)
    assert (doc.get("st_b").x, doc.get("st_b").y) == (590.0, 50.0)
    assert (doc.get("st_d").x, doc.get("st_d").y) == (850.0, 50.0)
    assert editing.index() == 1
    view.map_scene.select_ids(["st_c"])  # another selection: another step
    qtbot.keyClick(view, Qt.Key.Key_Left)
    assert doc.get("st_c").x == 550.0 and editing.index() == 2
    editing.undo()
    editing.undo()
    assert dump_bytes(doc.map) == before


def test_enter_edits_the_name(window, qtbot):
    view, doc = window.view, window.session.document
    view.map_scene.select_ids(["st_c"])
    qtbot.keyClick(view, Qt.Key.Key_Return)
    editor = view.findChild(QLineEdit, "inline-rename")
    assert editor is not None and editor.hasFocus() and editor.text() == "C"
    qtbot.keyClicks(editor, "Manual check")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert doc.get("st_c").name == "Manual check"
    assert view.findChild(QLineEdit, "inline-rename") is None
