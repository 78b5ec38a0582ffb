"""The editor driven as a user drives it: mouse and keys on the canvas, menus, files."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtWidgets import QLineEdit
from ui_testkit import make_map

from vsm_editor.model import dump_bytes, load_map, save_map


def viewport_point(view, scene_point: QPointF) -> QPoint:
    return view.mapFromScene(scene_point)


def stage_centre(window, stage_id: str) -> QPoint:
    item = window.view.map_scene.stages[stage_id]
    return viewport_point(window.view, item.sceneBoundingRect().center())


def drag(qtbot, view, start: QPoint, end: QPoint, steps: int = 6) -> None:
    port = view.viewport()
    qtbot.mousePress(port, Qt.MouseButton.LeftButton, pos=start)
    for i in range(1, steps + 1):
        point = start + (end - start) * (i / steps)
        qtbot.mouseMove(port, point)
    qtbot.mouseRelease(port, Qt.MouseButton.LeftButton, pos=end)


def type_into_inline_editor(qtbot, window, text: str) -> None:
    editor = window.view.findChild(QLineEdit, "inline-rename")
    assert editor is not None and editor.isVisible()
    editor.selectAll()
    editor.insert(text)  # QTest.keyClicks only knows ASCII keys; insert() types the rest
    qtbot.keyClick(editor, Qt.Key.Key_Return)


@pytest.fixture
def window(editor, tmp_path, qtbot):
    path = tmp_path / "flow.vsm.json"
    save_map(make_map(3, lanes=2, per_row=3), path)
    win = editor.open_path(str(path))
    qtbot.addWidget(win)
    win.view.zoom_reset()
    win.view.centerOn(400, 150)
    return win


def test_draw_connect_rename_move_undo_redo_save_reopen(window, editor, qtbot, tmp_path):
    view, doc = window.view, window.session.document
    original = dump_bytes(doc.map)
    # draw: double-click empty canvas in lane 0, type the name, Enter
    empty = viewport_point(view, QPointF(40 + 240 * 3 + 90, 80))
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=empty)
    new_ids = [s.id for s in doc.map.stages if s.id not in {"st_0", "st_1", "st_2"}]
    assert len(new_ids) == 1
    new_id = new_ids[0]
    type_into_inline_editor(qtbot, window, "Проверка заявки")
    assert doc.get(new_id).name == "Проверка заявки"
    # connect: select st_2, drag from its handle onto the new stage
    st2 = view.map_scene.stages["st_2"]
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=stage_centre(window, "st_2"))
    assert st2.isSelected()
    handle = viewport_point(view, st2.mapToScene(st2.handle_rect().center()))
    drag(qtbot, view, handle, stage_centre(window, new_id))
    assert any(h.source == "st_2" and h.target == new_id for h in doc.map.handoffs)
    # rename with F2
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=stage_centre(window, "st_0"))
    window.actions_by_name["rename"].trigger()
    type_into_inline_editor(qtbot, window, "Αίτημα πελάτη")
    assert doc.get("st_0").name == "Αίτημα πελάτη"
    # move st_0 down into lane 1: one undo step, snapped to the grid, lane reassigned
    steps_before = window.session.editing.index()
    start = stage_centre(window, "st_0")
    drag(qtbot, view, start, start + QPoint(33, 160), steps=10)
    stage = doc.get("st_0")
    assert window.session.editing.index() == steps_before + 1
    assert stage.lane == "ln_1"
    assert stage.x % 10 == 0 and stage.y % 10 == 0
    final = dump_bytes(doc.map)
    # undo all → the original, byte for byte; redo all → the final
    while window.session.editing.can_undo():
        window.actions_by_name["undo"].trigger()
    assert dump_bytes(doc.map) == original
    assert not window.isWindowModified()
    while window.session.editing.can_redo():
        window.actions_by_name["redo"].trigger()
    assert dump_bytes(doc.map) == final
    assert window.isWindowModified() and "[*]" in window.windowTitle()
    # save, reopen in a fresh window, compare
    assert window.act_save()
    assert not window.isWindowModified()
    path = window.session.path
    assert load_map(path) == doc.map
    window._closing_confirmed = True
    window.close()
    again = editor.open_path(path)
    assert dump_bytes(again.session.document.map) == final
    # the scene shows what the file holds
    assert set(again.view.map_scene.stages) == {s.id for s in load_map(path).stages}


def test_illegal_connections_are_refused_with_feedback(window, qtbot):
    view, doc = window.view, window.session.document
    before = dump_bytes(doc.map)
    assert view.connect_stages("st_0", "st_0") is None
    assert view.feedback_text()
    assert view.connect_stages("st_0", "st_1") is None  # the handoff exists already
    assert "already" in view.feedback_text().lower()
    assert dump_bytes(doc.map) == before
    assert not window.session.editing.can_undo()


def test_delete_takes_handoffs_along_in_one_step(window, qtbot):
    view, doc = window.view, window.session.document
    view.map_scene.select_ids(["st_1"])
    window.actions_by_name["delete"].trigger()
    assert "st_1" not in doc and "ho_0" not in doc and "ho_1" not in doc
    assert "st_1" not in view.map_scene.stages and "ho_0" not in view.map_scene.handoffs
    window.actions_by_name["undo"].trigger()
    assert "st_1" in view.map_scene.stages and "ho_1" in view.map_scene.handoffs


def test_rubber_band_selects_several_and_multi_move_is_one_step(window, qtbot):
    view, doc = window.view, window.session.document
    scene = view.map_scene
    top_left = viewport_point(view, QPointF(10, 10))
    bottom_right = viewport_point(view, QPointF(40 + 240 * 1 + 200, 310))
    drag(qtbot, view, top_left, bottom_right)
    assert {"st_0", "st_1"} <= set(scene.selected_ids())
    editing = window.session.editing
    steps = editing.index()
    start = stage_centre(window, "st_0")
    drag(qtbot, view, start, start + QPoint(100, 0))
    assert editing.index() == steps + 1
    assert doc.get("st_0").x == 140 and doc.get("st_1").x == 380
    editing.undo()
    assert doc.get("st_0").x == 40 and doc.get("st_1").x == 280


def test_escape_cancels_a_drag_and_nothing_changes(window, qtbot):
    view, doc = window.view, window.session.document
    start = stage_centre(window, "st_2")
    port = view.viewport()
    qtbot.mousePress(port, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(port, start + QPoint(150, 40))
    assert view.map_scene.stages["st_2"].pos().x() != doc.get("st_2").x
    view.cancel_gesture()
    qtbot.mouseRelease(port, Qt.MouseButton.LeftButton, pos=start + QPoint(150, 40))
    assert view.map_scene.stages["st_2"].pos().x() == doc.get("st_2").x
    assert not window.session.editing.can_undo()


def test_zoom_keys_wheel_and_fit(window, qtbot):
    view = window.view
    view.zoom_reset()
    window.actions_by_name["zoom_in"].trigger()
    assert view.zoom() == pytest.approx(1.2)
    window.actions_by_name["zoom_out"].trigger()
    assert view.zoom() == pytest.approx(1.0)
    from PySide6.QtCore import QPointF as P
    from PySide6.QtGui import QWheelEvent

    event = QWheelEvent(P(100, 100), P(100, 100), QPoint(0, 0), QPoint(0, 240),
                        Qt.MouseButton.NoButton, Qt.KeyboardModifier.ControlModifier,
                        Qt.ScrollPhase.NoScrollPhase, False)
    view.wheelEvent(event)
    assert view.zoom() == pytest.approx(1.44)
    window.actions_by_name["fit_all"].trigger()
    visible = view.visible_scene_rect()
    assert visible.contains(view.map_scene.stages["st_0"].sceneBoundingRect())
    assert visible.contains(view.map_scene.stages["st_2"].sceneBoundingRect())


def test_middle_button_pans(window, qtbot):
    view = window.view
    view.set_zoom(2.0)
    bar = view.horizontalScrollBar()
    before = bar.value()
    port = view.viewport()
    qtbot.mousePress(port, Qt.MouseButton.MiddleButton, pos=QPoint(300, 200))
    qtbot.mouseMove(port, QPoint(200, 200))
    qtbot.mouseRelease(port, Qt.MouseButton.MiddleButton, pos=QPoint(200, 200))
    assert bar.value() == before + 100


def test_two_hundred_character_names_stay_inside(window, qtbot):
    name = "Prüfe " + "x" * 194
    window.session.editing.rename("st_1", name)
    item = window.view.map_scene.stages["st_1"]
    assert "".join(line.text for line in item.layout.name_lines) == name.replace(" ", "")
    assert all(line.x + line.width <= item.layout.rect.width for line in item.layout.name_lines)
    assert window.grab().width() > 0


def test_history_lists_steps_and_jumps(window, qtbot):
    editing = window.session.editing
    editing.rename("st_0", "One")
    editing.rename("st_1", "Two")
    window.actions_by_name["history"].trigger()
    history = window.history
    assert history.count() == 3 and history.currentRow() == 2
    history.setCurrentRow(0)
    qtbot.waitUntil(lambda: editing.index() == 0)
    assert window.session.document.get("st_0").name == "Stage 0"
    assert history.count() == 3


def test_title_shows_name_and_unsaved_state(window):
    assert window.windowTitle().startswith("flow.vsm.json[*]")
    assert not window.isWindowModified()
    window.session.editing.rename("st_0", "Changed")
    assert window.isWindowModified()


def test_status_bar_counts_stages(window, qtbot):
    assert window.count_label.text().startswith("3 stages")
    window.session.editing.add_stage(1200, 40)
    qtbot.waitUntil(lambda: window.count_label.text().startswith("4 stages"))


def test_reopening_an_open_file_focuses_its_window(window, editor):
    again = editor.open_path(window.session.path)
    assert again is window and len(editor.windows) == 1


def test_a_file_that_fails_to_load_shows_its_error_and_the_app_runs_on(editor, tmp_path):
    bad = tmp_path / "broken.vsm.json"
    bad.write_text('{"format": "vsm-anatomy", "version": 1, "stream": 42}')
    assert editor.open_path(str(bad)) is None
    assert editor.shown and "broken.vsm.json" in editor.shown[-1][1]
    assert "\n" not in editor.shown[-1][1]
    assert editor.new_document() is not None


def test_dropping_a_file_opens_it(window, editor, tmp_path):
    from PySide6.QtCore import QMimeData, QUrl
    from PySide6.QtGui import QDropEvent

    other = tmp_path / "other.vsm.json"
    save_map(make_map(2), other)
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(other))])
    event = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, data,
                       Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier)
    window.dropEvent(event)
    assert editor.window_for(str(other)) is not None


def test_closing_with_changes_asks_and_cancel_keeps_the_window(window, monkeypatch):
    from vsm_editor.ui import dialogs

    window.session.editing.rename("st_0", "Unsaved")
    asked = []
    monkeypatch.setattr(dialogs, "ask_save_changes", lambda p, n: asked.append(n) or "cancel")
    assert not window.close()
    assert asked == ["flow.vsm.json"] and window.isVisible()


def test_change_on_disk_offers_reload_and_never_overwrites_silently(window, monkeypatch, qtbot):
    from vsm_editor.ui import dialogs

    path = Path(window.session.path)
    window.session.editing.rename("st_0", "Mine")
    changed = make_map(3, lanes=2, per_row=3)
    changed.stages[0].name = "Theirs"
    asked = []
    monkeypatch.setattr(dialogs, "ask_reload", lambda p, n, m: asked.append(m) or False)
    save_map(changed, path)
    qtbot.waitUntil(lambda: asked == [True], timeout=5000)
    refused = []
    monkeypatch.setattr(dialogs, "ask_overwrite_changed", lambda p, n: refused.append(n) or False)
    assert window.act_save() is False
    assert refused == ["flow.vsm.json"]
    assert load_map(path).stages[0].name == "Theirs"
    monkeypatch.setattr(dialogs, "ask_overwrite_changed", lambda p, n: True)
    assert window.act_save() is True
    assert load_map(path).stages[0].name == "Mine"


def test_recent_files_and_new_from_template(editor, window, qtbot):
    from vsm_editor.ui import state

    assert state.recent_files()[0] == window.session.path
    from_template = editor.new_from_template("secure-api")
    assert from_template.session.path is None
    assert len(from_template.session.document.map.stages) > 5
