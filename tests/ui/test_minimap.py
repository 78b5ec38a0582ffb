"""The overview dock: it shows the whole map and the visible region; clicking or dragging in
it moves the main view."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPointF, Qt
from ui_testkit import make_map

from vsm_editor.model import save_map


@pytest.fixture
def window(editor, tmp_path, qtbot):
    path = tmp_path / "wide.vsm.json"
    save_map(make_map(24, lanes=3, per_row=24), path)
    win = editor.open_path(str(path))
    qtbot.addWidget(win)
    win.overview_dock.show()
    win.view.set_zoom(1.5)
    win.view.centerOn(0, 0)
    qtbot.waitUntil(lambda: win.overview.isVisible())
    return win


def main_centre(window) -> QPointF:
    view = window.view
    return view.mapToScene(view.viewport().rect().center())


def test_overview_shows_the_whole_map(window):
    overview = window.overview
    overview.fit()
    shown = overview.mapToScene(overview.viewport().rect()).boundingRect()
    scene_rect = window.view.map_scene.sceneRect()
    assert shown.contains(scene_rect.adjusted(1, 1, -1, -1))
    assert overview.transform().m11() < window.view.zoom()
    assert "Overview" in [a.text() for a in window.panels_menu.actions()]


def test_visible_region_follows_the_main_view(window):
    before = window.overview.visible_region()
    window.view.horizontalScrollBar().setValue(window.view.horizontalScrollBar().value() + 300)
    after = window.overview.visible_region()
    assert after.left() == pytest.approx(before.left() + 300 / 1.5, abs=1)
    assert after.width() == pytest.approx(before.width(), abs=1)


def test_click_and_drag_in_the_overview_move_the_main_view(window, qtbot):
    overview = window.overview
    overview.fit()
    target = QPointF(2400, 240)  # a stage far right, in the middle lane
    qtbot.mouseClick(overview.viewport(), Qt.MouseButton.LeftButton,
                     pos=overview.mapFromScene(target))
    centre = main_centre(window)
    step = 1 / overview.transform().m11()  # one overview pixel in scene units
    assert abs(centre.x() - target.x()) <= 2 * step and abs(centre.y() - target.y()) <= 2 * step
    port = overview.viewport()
    start, end = overview.mapFromScene(QPointF(3000, 240)), overview.mapFromScene(target)
    qtbot.mousePress(port, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(port, start + (end - start) / 2)
    halfway = main_centre(window).x()
    qtbot.mouseMove(port, end)
    qtbot.mouseRelease(port, Qt.MouseButton.LeftButton, pos=end)
    assert 2400 + 2 * step < halfway < 3000 - 2 * step
    assert abs(main_centre(window).x() - target.x()) <= 2 * step
    assert not window.session.editing.can_undo()  # moving the view is no edit


def test_overview_picture_follows_edits(window, qtbot):
    overview = window.overview
    overview.fit()
    before = overview.grab().toImage()
    window.session.editing.remove(list(window.view.map_scene.stages))
    qtbot.waitUntil(lambda: overview.grab().toImage() != before, timeout=2000)
    window.session.editing.undo()
    qtbot.waitUntil(lambda: overview.grab().toImage() == before, timeout=2000)
