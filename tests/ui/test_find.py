"""Find as a user uses it: Ctrl+F, type, Enter / F3 / Shift+F3 through the matches (selected
and centred), Esc; every kind of text a stage carries can be found."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from ui_testkit import make_map

from vsm_editor.model import Component, Decision, Improvement, LogicItem, save_map
from vsm_editor.ui.find_text import element_texts, find_matches


def rich_map():
    anatomy = make_map(8, lanes=2, per_row=8)
    stages = {s.id: s for s in anatomy.stages}
    stages["st_2"].decisions = [Decision(id="de_1", text="Approve the credit limit?")]
    stages["st_4"].notes = "Ask Finance about the   cut-off"
    stages["st_5"].owner = "Legal desk"
    stages["st_6"].improvements = [Improvement(id="im_1", text="Batch the checks",
                                               kind="pain_point")]
    anatomy.catalogue.logic = [
        LogicItem(id="lg_1", kind="rule", statement="Limit above 10k needs a second pair of eyes",
                  stages=["st_3"]),
        LogicItem(id="lg_2", kind="rule", statement="Decision rule", decision="de_1",
                  stages=["st_2"]),
    ]
    anatomy.catalogue.components = [
        Component(id="co_1", kind="api", name="CreditService", realizes=["lg_1"]),
    ]
    anatomy.handoffs[0].label = "credit file"
    return anatomy


def test_every_kind_of_text_is_searched():
    anatomy = rich_map()
    # a handoff label, a decision, a component realizing logic applied at the stage
    assert find_matches(anatomy, "credit") == ["ho_0", "st_2", "st_3"]
    assert find_matches(anatomy, "second PAIR") == ["st_3"]  # logic applied at the stage
    assert find_matches(anatomy, "decision rule") == ["st_2"]  # logic tied to its decision
    assert find_matches(anatomy, "finance about the cut") == ["st_4"]  # note, spaces folded
    assert find_matches(anatomy, "legal") == ["st_5"]  # owner
    assert find_matches(anatomy, "batch") == ["st_6"]  # pain point
    assert find_matches(anatomy, "lane 1") == ["st_1", "st_3", "st_5", "st_7"]  # lane name
    assert find_matches(anatomy, "   ") == []
    assert "CreditService" in element_texts(anatomy)["st_3"]


def test_matches_come_in_reading_order():
    anatomy = rich_map()
    found = find_matches(anatomy, "stage")
    assert found == [f"st_{i}" for i in range(8)]


@pytest.fixture
def window(editor, tmp_path, qtbot):
    path = tmp_path / "find.vsm.json"
    save_map(rich_map(), path)
    win = editor.open_path(str(path))
    qtbot.addWidget(win)
    win.view.set_zoom(2.0)
    return win


def centred_on(window, element_id: str) -> bool:
    view = window.view
    item = view.map_scene.stages.get(element_id) or view.map_scene.handoffs[element_id]
    centre = view.mapToScene(view.viewport().rect().center())
    target = item.scene_box().center()
    return abs(centre.x() - target.x()) < 2 and abs(centre.y() - target.y()) < 2


def test_find_bar_selects_and_centres_matches(window, qtbot):
    scene = window.view.map_scene
    assert not window.find_toolbar.isVisible()
    window.actions_by_name["find"].trigger()
    assert window.find_toolbar.isVisible()
    bar = window.find_bar
    assert window.toolBarArea(window.find_toolbar) == Qt.ToolBarArea.BottomToolBarArea
    qtbot.keyClicks(bar.field, "stage 1")
    assert set(scene.selected_ids()) == {"st_1"}
    bar.field.clear()
    qtbot.keyClicks(bar.field, "lane 1")
    assert set(scene.selected_ids()) == {"st_1", "st_3", "st_5", "st_7"}  # all matches
    assert bar.count.text() == "1 of 4"
    assert centred_on(window, "st_1")
    qtbot.keyClick(bar.field, Qt.Key.Key_Return)  # next
    assert scene.selected_ids() == ["st_3"] and centred_on(window, "st_3")
    assert bar.count.text() == "2 of 4"
    window.actions_by_name["find_next"].trigger()
    window.actions_by_name["find_next"].trigger()
    window.actions_by_name["find_next"].trigger()  # wraps around
    assert scene.selected_ids() == ["st_1"] and bar.count.text() == "1 of 4"
    window.actions_by_name["find_previous"].trigger()
    assert scene.selected_ids() == ["st_7"] and centred_on(window, "st_7")
    qtbot.keyClick(bar.field, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    assert scene.selected_ids() == ["st_5"]
    qtbot.keyClick(bar.field, Qt.Key.Key_Return, Qt.KeyboardModifier.AltModifier)
    assert len(scene.selected_ids()) == 4
    assert not window.session.editing.can_undo()  # finding changes nothing


def test_no_match_says_so_and_esc_closes(window, qtbot):
    window.actions_by_name["find"].trigger()
    bar = window.find_bar
    qtbot.keyClicks(bar.field, "zzz")
    assert bar.count.text() == "no match"
    assert window.view.map_scene.selected_ids() == []
    assert bar.find_next() is None
    qtbot.keyClick(bar.field, Qt.Key.Key_Escape)
    assert not window.find_toolbar.isVisible()


def test_find_follows_edits(window, qtbot):
    window.actions_by_name["find"].trigger()
    bar = window.find_bar
    qtbot.keyClicks(bar.field, "credit")
    first = list(bar.matches)
    window.session.editing.rename("st_0", "Credit check")
    assert bar.find_next() in {"st_0", *first}
    assert "st_0" in bar.matches and len(bar.matches) == len(first) + 1
