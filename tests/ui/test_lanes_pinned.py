"""Lane headers pinned to the view's left edge on a wide map scrolled to the right: drawn
there, under the stages, and still answering the user (rename, reorder, menu, resize,
current lane); exports and other renders keep the header at the band's start."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QContextMenuEvent
from PySide6.QtWidgets import QApplication, QLineEdit
from ui_testkit import make_map

from vsm_editor.model import save_map
from vsm_editor.ui import style_bridge as sb
from vsm_editor.ui.theme import colour


@pytest.fixture
def window(editor, tmp_path, qtbot):
    """A 60-stage map three lanes high and about 4,800 units wide, at 100 %, scrolled right
    until the bands' right end shows."""
    path = tmp_path / "wide.vsm.json"
    save_map(make_map(60, lanes=3, per_row=20), path)
    win = editor.open_path(str(path))
    qtbot.addWidget(win)
    win.resize(1100, 760)
    win.view.zoom_reset()
    QApplication.processEvents()
    seen = win.view.visible_scene_rect()
    band = win.lanes.band_rect("ln_0")
    win.view.centerOn(band.right() - seen.width() / 2 + 10, seen.height() / 2 - 40)
    QApplication.processEvents()
    return win


def band_left(window, lane_id: str) -> float:
    return window.lanes.band_rect(lane_id).left()


def viewport_left(window) -> float:
    return window.view.mapToScene(0, 0).x()


def lane_mid_y(window, lane_id: str) -> int:
    band = window.lanes.band_rect(lane_id)
    return window.view.mapFromScene(QPointF(band.left(), band.center().y())).y()


def header_colour(window, lane_id: str) -> QColor:
    lane = window.session.document.get(lane_id)
    return colour(sb.header_colour(lane.colour))


def close(a: QColor, b: QColor, tolerance: int = 6) -> bool:
    return all(abs(x - y) <= tolerance for x, y in
               ((a.red(), b.red()), (a.green(), b.green()), (a.blue(), b.blue())))


def test_scrolled_right_the_headers_sit_at_the_viewport_left_edge(window):
    assert viewport_left(window) > band_left(window, "ln_0") + 2000  # really scrolled away
    for lane_id in ("ln_0", "ln_1", "ln_2"):
        rect = window.lanes.header_rect(lane_id)
        assert rect.left() == pytest.approx(viewport_left(window))
        assert rect.width() == sb.sizes.LANE_HEADER_WIDTH
        assert rect.top() == window.lanes.band_rect(lane_id).top()


def test_past_the_bands_end_the_headers_stay_at_its_end(window):
    band = window.lanes.band_rect("ln_0")
    window.view.centerOn(band.right() + 3000, 200)
    QApplication.processEvents()
    rect = window.lanes.header_rect("ln_0")
    assert rect.right() == pytest.approx(band.right())
    assert rect.left() < viewport_left(window)  # out of view with its band


def test_the_pinned_headers_are_drawn_at_the_left_edge(window):
    image = window.view.viewport().grab().toImage()
    width = int(sb.sizes.LANE_HEADER_WIDTH)
    for lane_id in ("ln_0", "ln_1", "ln_2"):
        band = window.lanes.band_rect(lane_id)
        y = window.view.mapFromScene(QPointF(0, band.top() + 24)).y()  # above the stages
        assert close(image.pixelColor(4, y), header_colour(window, lane_id)), lane_id
        assert close(image.pixelColor(width - 4, y), header_colour(window, lane_id)), lane_id
        assert not close(image.pixelColor(width + 40, y), header_colour(window, lane_id))


def test_renders_other_than_the_view_keep_the_header_at_the_band_start(window):
    """The overview, the far-zoom picture and exports render the scene without the view:
    the header stays where the band starts."""
    from PySide6.QtGui import QImage, QPainter

    band = window.lanes.band_rect("ln_0")
    image = QImage(200, 100, QImage.Format.Format_ARGB32)
    image.fill(0)
    painter = QPainter(image)
    window.session.scene.render(painter, QRectF(0, 0, 200, 100),
                                QRectF(band.left(), band.top(), 200, 100))
    painter.end()
    assert close(image.pixelColor(10, 20), header_colour(window, "ln_0"))


def test_the_headers_are_not_pinned_while_the_bands_start_shows(window):
    bar = window.view.horizontalScrollBar()
    bar.setValue(bar.minimum())
    QApplication.processEvents()
    assert viewport_left(window) <= band_left(window, "ln_0")
    assert window.lanes.header_rect("ln_0").left() == band_left(window, "ln_0")
    assert window.lanes.pinned.header_rects() == {}


def test_double_click_on_a_pinned_header_renames_the_lane(window, qtbot):
    port = window.view.viewport()
    point = QPoint(30, lane_mid_y(window, "ln_1"))
    qtbot.mouseDClick(port, Qt.MouseButton.LeftButton, pos=point)
    field = window.view.findChild(QLineEdit, "lane-rename")
    assert field is not None and field.isVisible()
    assert field.geometry().left() < 20  # over the pinned header, not off screen
    field.setText("Operations")
    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert window.session.document.get("ln_1").name == "Operations"
    assert window.session.editing.index() == 1


def test_a_stage_over_a_pinned_header_is_still_drawn_and_clicked(window, qtbot):
    """The pinned header stays in the lanes' layer: a stage scrolled over it is drawn on top
    and a click on it selects the stage, not the lane."""
    scene, view = window.session.scene, window.view
    left = viewport_left(window)
    right = left + sb.sizes.LANE_HEADER_WIDTH
    over = next(item for item in scene.stages.values()
                if item.box()[0] < right - 10 and item.box()[0] + item.box()[2] > left + 10)
    x, y, _w, height = over.box()
    point = view.mapFromScene(QPointF(max(x, left) + 5, y + height / 2))
    image = view.viewport().grab().toImage()
    assert not close(image.pixelColor(point), header_colour(window, over.stage.lane))
    scene.clearSelection()
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert over.isSelected()


def test_drag_a_pinned_header_down_reorders_the_lanes(window, qtbot):
    port = window.view.viewport()
    start = QPoint(30, lane_mid_y(window, "ln_0"))
    band = window.lanes.band_rect("ln_1")
    end = QPoint(30, window.view.mapFromScene(QPointF(0, band.bottom() - 10)).y())
    qtbot.mousePress(port, Qt.MouseButton.LeftButton, pos=start)
    for i in range(1, 9):
        qtbot.mouseMove(port, start + (end - start) * (i / 8))
    qtbot.mouseRelease(port, Qt.MouseButton.LeftButton, pos=end)
    assert [lane.id for lane in window.session.document.map.lanes] == ["ln_1", "ln_0", "ln_2"]
    assert window.lanes.current_lane == "ln_0"


def test_right_click_on_a_pinned_header_opens_the_lane_menu(window, monkeypatch):
    opened = []

    class Menu:
        def exec(self, where):
            opened.append(where)

    monkeypatch.setattr(window.lane_gestures, "lane_menu", lambda: Menu())
    point = QPoint(30, lane_mid_y(window, "ln_2"))
    port = window.view.viewport()
    event = QContextMenuEvent(QContextMenuEvent.Reason.Mouse, point, port.mapToGlobal(point))
    QApplication.sendEvent(port, event)
    assert len(opened) == 1
    assert window.lanes.current_lane == "ln_2"


def test_the_current_lane_outline_follows_the_pinned_header(window):
    window.lanes.set_current("ln_1")
    marker = window.lanes._marker
    assert marker.isVisible()
    assert marker.rect().left() == pytest.approx(viewport_left(window) + 1)
    bar = window.view.horizontalScrollBar()
    bar.setValue(bar.value() - 300)
    QApplication.processEvents()
    assert marker.rect().left() == pytest.approx(viewport_left(window) + 1)


def test_the_resize_edge_works_under_a_pinned_header(window, qtbot):
    band = window.lanes.band_rect("ln_0")
    port = window.view.viewport()
    start = QPoint(30, window.view.mapFromScene(QPointF(0, band.bottom())).y())
    end = start + QPoint(0, 60)
    qtbot.mousePress(port, Qt.MouseButton.LeftButton, pos=start)
    for i in range(1, 7):
        qtbot.mouseMove(port, start + (end - start) * (i / 6))
    qtbot.mouseRelease(port, Qt.MouseButton.LeftButton, pos=end)
    assert window.session.document.get("ln_0").height == pytest.approx(band.height() + 60,
                                                                         abs=sb.GRID)
