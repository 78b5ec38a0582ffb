"""Lanes as a user edits them: add, rename, reorder, resize, recolour, delete; a stage
dragged across bands. Every edit is one undo step and undo gives back the exact bytes."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtWidgets import QLineEdit
from ui_testkit import make_map

from vsm_editor.model import dump_bytes, save_map
from vsm_editor.ui import lanes_dialogs


@pytest.fixture
def window(editor, tmp_path, qtbot):
    path = tmp_path / "lanes.vsm.json"
    save_map(make_map(6, lanes=3, per_row=6), path)
    win = editor.open_path(str(path))
    qtbot.addWidget(win)
    win.view.zoom_reset()
    seen = win.view.visible_scene_rect()  # show the lane headers and all three bands
    win.view.centerOn(win.lanes.band_rect("ln_0").left() - 20 + seen.width() / 2, 240)
    return win


def at(window, x: float, y: float) -> QPoint:
    """The viewport point showing the scene point (x, y); it must be on screen."""
    point = window.view.mapFromScene(QPointF(x, y))
    assert window.view.viewport().rect().contains(point), (x, y, point)
    return point


def header_point(window, lane_id: str) -> QPoint:
    rect = window.lanes.header_rect(lane_id)
    return at(window, rect.center().x(), rect.center().y())


def drag(qtbot, window, start: QPoint, end: QPoint, steps: int = 8) -> None:
    port = window.view.viewport()
    qtbot.mousePress(port, Qt.MouseButton.LeftButton, pos=start)
    for i in range(1, steps + 1):
        qtbot.mouseMove(port, start + (end - start) * (i / steps))
    qtbot.mouseRelease(port, Qt.MouseButton.LeftButton, pos=end)


def one_exact_step(window, before: bytes) -> bytes:
    """The edit was one undo step, undo gives back ``before`` exactly, redo the edit."""
    editing, doc = window.session.editing, window.session.document
    after = dump_bytes(doc.map)
    assert after != before
    assert editing.index() == 1
    editing.undo()
    assert dump_bytes(doc.map) == before
    editing.redo()
    assert dump_bytes(doc.map) == after
    return after


def lane_order(window) -> list[str]:
    return [lane.id for lane in window.session.document.map.lanes]


def test_add_lane_from_the_insert_menu(window):
    before = dump_bytes(window.session.document.map)
    window.actions_by_name["add_lane"].trigger()
    assert len(lane_order(window)) == 4
    assert len(window.view.map_scene.lanes) == 4
    one_exact_step(window, before)


def test_double_click_a_header_renames_the_lane_in_place(window, qtbot):
    doc = window.session.document
    before = dump_bytes(doc.map)
    qtbot.mouseDClick(window.view.viewport(), Qt.MouseButton.LeftButton,
                      pos=header_point(window, "ln_1"))
    field = window.view.findChild(QLineEdit, "lane-rename")
    assert field is not None and field.isVisible() and field.text() == "Lane 1"
    field.selectAll()
    field.insert("Sécurité")
    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert doc.get("ln_1").name == "Sécurité"
    assert len(doc.map.stages) == 6  # the double-click did not add a stage
    one_exact_step(window, before)


def test_escape_cancels_a_lane_rename(window, qtbot):
    doc = window.session.document
    window.lanes.set_current("ln_0")
    window.actions_by_name["rename_lane"].trigger()
    field = window.view.findChild(QLineEdit, "lane-rename")
    field.setText("Nope")
    qtbot.keyClick(field, Qt.Key.Key_Escape)
    assert doc.get("ln_0").name == "Lane 0"
    assert not window.session.editing.can_undo()


def test_drag_a_header_down_reorders_lanes_and_stages_follow(window, qtbot):
    doc, scene = window.session.document, window.view.map_scene
    before = dump_bytes(doc.map)
    old_y = scene.stages["st_0"].y()  # st_0 lives in ln_0
    start = header_point(window, "ln_0")
    target = window.lanes.band_rect("ln_1")
    drag(qtbot, window, start, at(window, window.lanes.header_rect("ln_0").center().x(),
                                  target.bottom() - 10))
    assert lane_order(window) == ["ln_1", "ln_0", "ln_2"]
    assert doc.get("st_0").lane == "ln_0"
    assert scene.stages["st_0"].y() == pytest.approx(old_y + 160)
    assert window.lanes.current_lane == "ln_0"
    one_exact_step(window, before)


def test_lane_keys_move_the_current_lane(window, qtbot):
    before = dump_bytes(window.session.document.map)
    qtbot.mouseClick(window.view.viewport(), Qt.MouseButton.LeftButton,
                     pos=header_point(window, "ln_2"))
    assert window.lanes.current_lane == "ln_2"
    assert not window.session.editing.can_undo()  # a click is no edit
    window.actions_by_name["lane_up"].trigger()
    assert lane_order(window) == ["ln_0", "ln_2", "ln_1"]
    one_exact_step(window, before)
    window.actions_by_name["lane_up"].trigger()
    window.actions_by_name["lane_up"].trigger()  # already at the top: nothing happens
    assert lane_order(window) == ["ln_2", "ln_0", "ln_1"]
    assert window.session.editing.index() == 2


def test_drag_the_bottom_edge_resizes_the_lane(window, qtbot):
    doc = window.session.document
    before = dump_bytes(doc.map)
    band = window.lanes.band_rect("ln_0")
    x = band.left() + 600
    drag(qtbot, window, at(window, x, band.bottom()), at(window, x, band.bottom() + 63))
    assert doc.get("ln_0").height == 220.0  # snapped to the grid
    assert window.lanes.band_rect("ln_1").top() == pytest.approx(220.0)
    one_exact_step(window, before)


def test_a_lane_cannot_be_dragged_smaller_than_its_stages(window, qtbot):
    doc = window.session.document
    band = window.lanes.band_rect("ln_0")
    x = band.left() + 600
    drag(qtbot, window, at(window, x, band.bottom()), at(window, x, band.top() + 20))
    stage = doc.get("st_0")
    assert doc.get("ln_0").height == pytest.approx(stage.y + stage.height)


def test_recolour_from_the_map_menu(window, monkeypatch):
    doc = window.session.document
    before = dump_bytes(doc.map)
    asked = []
    monkeypatch.setattr(lanes_dialogs, "choose_colour",
                        lambda parent, current: asked.append(current) or "#ffd8a8")
    window.view.map_scene.select_ids(["st_1"])  # st_1 is in ln_1
    window.actions_by_name["recolour_lane"].trigger()
    assert asked == ["#e8eef7"]
    assert doc.get("ln_1").colour == "#ffd8a8"
    assert window.view.map_scene.stages["st_1"].lane_colour == "#ffd8a8"
    one_exact_step(window, before)


def test_delete_lane_moves_its_stages_where_the_user_says(window, monkeypatch):
    doc = window.session.document
    before = dump_bytes(doc.map)
    questions = []

    def answer(parent, name, count, others):
        questions.append((name, count, [lane_id for lane_id, _ in others]))
        return "ln_2"

    monkeypatch.setattr(lanes_dialogs, "ask_stage_destination", answer)
    window.lanes.set_current("ln_0")
    window.actions_by_name["delete_lane"].trigger()
    assert questions == [("Lane 0", 2, ["ln_1", "ln_2"])]
    assert lane_order(window) == ["ln_1", "ln_2"]
    assert doc.get("st_0").lane == "ln_2" and doc.get("st_3").lane == "ln_2"
    assert "ln_0" not in window.view.map_scene.lanes
    one_exact_step(window, before)


def test_delete_lane_to_no_lane_and_cancel(window, monkeypatch):
    doc = window.session.document
    before = dump_bytes(doc.map)
    monkeypatch.setattr(lanes_dialogs, "ask_stage_destination", lambda *a: None)
    window.lanes.delete("ln_1")
    assert dump_bytes(doc.map) == before  # cancelled: nothing happened
    monkeypatch.setattr(lanes_dialogs, "ask_stage_destination", lambda *a: lanes_dialogs.NO_LANE)
    window.lanes.delete("ln_1")
    assert doc.get("st_1").lane is None and doc.get("st_4").lane is None
    one_exact_step(window, before)


def test_the_destination_dialog_offers_other_lanes_and_no_lane(qapp):
    dialog = lanes_dialogs.StageDestinationDialog(None, "Ops", 3, [("a", "A"), ("b", "B")])
    assert [dialog.choice.itemData(i) for i in range(dialog.choice.count())] == ["a", "b", ""]
    dialog.choice.setCurrentIndex(1)
    assert dialog.destination() == "b"


def test_keyboard_lane_command_without_a_lane_explains(window):
    window.lanes.set_current(None)
    window.view.map_scene.clearSelection()
    window.actions_by_name["delete_lane"].trigger()
    assert "lane" in window.view.feedback_text().lower()
    assert not window.session.editing.can_undo()


def test_stage_dragged_across_bands_changes_lane_in_the_same_step(window, qtbot):
    doc, scene = window.session.document, window.view.map_scene
    before = dump_bytes(doc.map)
    item = scene.stages["st_0"]
    start = window.view.mapFromScene(item.sceneBoundingRect().center())
    drag(qtbot, window, start, start + QPoint(0, 2 * 160))
    stage = doc.get("st_0")
    assert stage.lane == "ln_2"
    assert stage.y == pytest.approx(35.0, abs=10)
    assert window.session.editing.labels() == ["Move stage"]
    one_exact_step(window, before)


def test_lane_header_menu_and_cursors(window, qtbot):
    menu = window.lane_gestures.lane_menu()
    names = [a.objectName() for a in menu.actions() if not a.isSeparator()]
    assert names == ["action_rename_lane", "action_recolour_lane", "action_lane_up",
                     "action_lane_down", "action_add_lane", "action_delete_lane"]
    port = window.view.viewport()
    band = window.lanes.band_rect("ln_0")
    qtbot.mouseMove(port, at(window, band.left() + 600, band.bottom()))
    assert port.cursor().shape() == Qt.CursorShape.SizeVerCursor
    qtbot.mouseMove(port, header_point(window, "ln_1"))
    assert port.cursor().shape() == Qt.CursorShape.OpenHandCursor
