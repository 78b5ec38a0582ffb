"""Improvement ideas and pain points: added to a stage from the Insert menu or the stage's
right-click menu (one undo step), drawn as a burst, listed in the Improvements dock, whose
rows select their stage."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from ui_testkit import make_map

from vsm_editor.model import Improvement, dump_bytes, load_map, save_map
from vsm_editor.ui import kaizen


@pytest.fixture
def window(editor, tmp_path, qtbot):
    anatomy = make_map(5, lanes=2, per_row=5)
    anatomy.stages[3].improvements = [
        Improvement(id="im_1", text="Automate the credit check"),
        Improvement(id="im_2", text="Forms come back incomplete", kind="pain_point"),
    ]
    path = tmp_path / "kaizen.vsm.json"
    save_map(anatomy, path)
    win = editor.open_path(str(path))
    qtbot.addWidget(win)
    win.view.set_zoom(2.0)
    return win


def test_the_list_shows_every_idea_and_pain_point(window):
    assert window.improvements.rows() == [
        ("Stage 3", "Idea", "Automate the credit check"),
        ("Stage 3", "Pain point", "Forms come back incomplete"),
    ]
    assert "Improvements" in [a.text() for a in window.panels_menu.actions()]


def test_clicking_a_row_selects_and_centres_its_stage(window, qtbot):
    window.improvements_dock.show()
    listing = window.improvements
    row = listing.topLevelItem(1)
    qtbot.mouseClick(listing.viewport(), Qt.MouseButton.LeftButton,
                     pos=listing.visualItemRect(row).center())
    view = window.view
    assert view.map_scene.selected_ids() == ["st_3"]
    centre = view.mapToScene(view.viewport().rect().center())
    target = view.map_scene.stages["st_3"].scene_box().center()
    assert abs(centre.x() - target.x()) < 2 and abs(centre.y() - target.y()) < 2


def test_add_a_pain_point_to_the_selected_stage(window, qtbot, monkeypatch, tmp_path):
    doc, scene = window.session.document, window.view.map_scene
    before = dump_bytes(doc.map)
    asked = []
    def answer(parent, kind, name):
        asked.append((kind, name))
        return "Waits for sign-off"

    monkeypatch.setattr(kaizen, "ask_improvement_text", answer)
    assert scene.stages["st_1"].layout.improvement is None  # no burst yet
    scene.select_ids(["st_1"])
    window.actions_by_name["add_pain_point"].trigger()
    assert asked == [("pain_point", "Stage 1")]
    ideas = doc.get("st_1").improvements
    assert [(i.kind, i.text) for i in ideas] == [("pain_point", "Waits for sign-off")]
    assert scene.stages["st_1"].layout.improvement is not None  # the burst is drawn
    qtbot.waitUntil(lambda: len(window.improvements.rows()) == 3)
    assert ("Stage 1", "Pain point", "Waits for sign-off") in window.improvements.rows()
    assert window.session.editing.index() == 1
    window.session.editing.undo()
    assert dump_bytes(doc.map) == before
    assert scene.stages["st_1"].layout.improvement is None  # the burst went with it
    window.session.editing.redo()
    save_map(doc.map, tmp_path / "saved.vsm.json")  # it is in the file
    assert load_map(tmp_path / "saved.vsm.json").stages[1].improvements[0].kind == "pain_point"


def test_cancel_or_no_single_stage_adds_nothing(window, monkeypatch):
    monkeypatch.setattr(kaizen, "ask_improvement_text", lambda *a: None)
    window.view.map_scene.select_ids(["st_0"])
    window.actions_by_name["add_idea"].trigger()
    window.view.map_scene.select_ids(["st_0", "st_1"])
    window.actions_by_name["add_idea"].trigger()
    assert "select one stage" in window.view.feedback_text().lower()
    assert not window.session.editing.can_undo()


def test_right_click_menu_on_a_stage_offers_the_idea_commands(window):
    scene = window.view.map_scene
    scene.select_ids(["st_0"])
    menu = window.stage_menu.menu_for(scene.stages["st_2"])
    assert scene.selected_ids() == ["st_2"]  # right-click selects the stage under it
    names = [a.objectName() for a in menu.actions() if not a.isSeparator()]
    assert names[:2] == ["action_add_idea", "action_add_pain_point"]
    assert "action_align_left" in names and "action_auto_layout" in names
