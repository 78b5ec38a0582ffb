"""Far zoom: on big maps the main view paints one cached picture of the map instead of every
item, made again after changes, with the selection painted live on top."""

from __future__ import annotations

import msgspec
import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QImage

from vsm_editor.model import AnatomyMap, Handoff, Lane, Stage, new_map
from vsm_editor.ui import far_zoom
from vsm_editor.ui.items import BLOCK_BELOW
from vsm_editor.ui.session import Session
from vsm_editor.ui.view import MapView


def _grid_map(count: int) -> AnatomyMap:
    stages = [Stage(id=f"st_{i}", name=f"Step {i}", lane="ln_a", x=40.0 + 220.0 * (i % 20),
                    y=20.0 + 140.0 * (i // 20)) for i in range(count)]
    handoffs = [Handoff(id=f"ho_{i}", source=f"st_{i}", target=f"st_{i + 1}")
                for i in range(count - 1) if (i + 1) % 20]
    lane = Lane(id="ln_a", name="Team", height=140.0 * (count // 20 + 1) + 40)
    return msgspec.structs.replace(new_map("Grid"), lanes=[lane], stages=stages,
                                   handoffs=handoffs)


@pytest.fixture
def far_view(qapp, state_dir, monkeypatch):
    monkeypatch.setattr(far_zoom, "MIN_ITEMS", 50)
    session = Session(_grid_map(200), None)
    view = MapView(session.scene, session.editing)
    view.resize(800, 600)
    view.show()
    qapp.processEvents()
    yield view
    view.close()
    session.close()


def _pixels(view) -> QImage:
    return view.viewport().grab().toImage()


def _differing(a: QImage, b: QImage) -> int:
    return sum(a.pixel(x, y) != b.pixel(x, y)
               for x in range(0, a.width(), 4) for y in range(0, a.height(), 4))


def _visibly_differing(a: QImage, b: QImage, tolerance: int = 48) -> int:
    """Sampled pixels where a colour channel differs by more than ``tolerance``."""
    count = 0
    for x in range(0, a.width(), 4):
        for y in range(0, a.height(), 4):
            one, two = a.pixel(x, y), b.pixel(x, y)
            if any(abs((one >> shift & 255) - (two >> shift & 255)) > tolerance
                   for shift in (0, 8, 16)):
                count += 1
    return count


def test_far_zoom_paints_the_picture_like_the_items(far_view, qapp, monkeypatch):
    far_view.set_zoom(BLOCK_BELOW / 2)
    qapp.processEvents()
    assert far_view.far_zoom.active()
    picture = _pixels(far_view)
    assert far_view.far_zoom.renders >= 1
    monkeypatch.setattr(far_zoom, "MIN_ITEMS", 10**9)  # the same view painting every item
    assert not far_view.far_zoom.active()
    items = _pixels(far_view)
    samples = (picture.width() // 4 + 1) * (picture.height() // 4 + 1)
    assert _differing(picture, items) < samples * 0.02


def test_close_zoom_paints_items_not_the_picture(far_view, qapp):
    far_view.zoom_reset()
    qapp.processEvents()
    _pixels(far_view)
    assert not far_view.far_zoom.active()
    assert far_view.far_zoom.renders == 0


def test_selection_shows_at_once_and_changes_refresh_the_picture(far_view, qapp, qtbot):
    far_view.set_zoom(BLOCK_BELOW / 2)
    before = _pixels(far_view)
    renders = far_view.far_zoom.renders
    scene = far_view.map_scene
    scene.select_ids(["st_0"])
    selected = _pixels(far_view)  # painted live, before any new picture
    assert far_view.far_zoom.renders == renders
    assert _differing(before, selected) > 0
    far_view.editing.move({"st_5": (40.0, 3000.0)})
    qtbot.waitUntil(lambda: far_view.far_zoom.renders > renders, timeout=2000)


def test_rubber_band_is_drawn_in_far_zoom(far_view, qapp, qtbot):
    far_view.set_zoom(BLOCK_BELOW / 2)
    before = _pixels(far_view)
    port = far_view.viewport()
    qtbot.mousePress(port, Qt.MouseButton.LeftButton, pos=QPointF(700, 500).toPoint())
    qtbot.mouseMove(port, QPointF(780, 580).toPoint())
    banded = _pixels(far_view)
    qtbot.mouseRelease(port, Qt.MouseButton.LeftButton, pos=QPointF(780, 580).toPoint())
    assert _differing(before, banded) > 0


def test_the_flow_drawings_are_in_the_picture_not_painted_live(editor, qtbot, tmp_path,
                                                              monkeypatch, qapp):
    from vsm_editor.model import save_map
    from vsm_editor.templates import load_template
    from vsm_editor.ui.flow_items import FigureItem, RouteHalos

    monkeypatch.setattr(far_zoom, "MIN_ITEMS", 20)
    path = tmp_path / "api.vsm.json"
    save_map(load_template("secure-api"), str(path))
    window = editor.open_path(str(path))
    qtbot.addWidget(window)
    flow_kinds = (FigureItem, RouteHalos)
    scene = window.session.scene
    qtbot.waitUntil(lambda: any(isinstance(i, flow_kinds) for i in scene.items()), timeout=3000)
    window.view.set_zoom(BLOCK_BELOW / 2)
    window.view.far_zoom.render()
    assert window.view.far_zoom.active()
    assert not [item for item in window.view.far_zoom._extras if isinstance(item, flow_kinds)]


def test_the_picture_of_the_flow_drawings_matches_the_scene_rendering_them(
        editor, qtbot, tmp_path, monkeypatch, qapp):
    """Halos, tags, markers and the ladder, a selected and some dimmed stages: the picture
    drawn from the items' data looks like the scene rendering every item at that scale."""
    from PySide6.QtCore import QRectF
    from PySide6.QtGui import QPainter
    from ui_testkit import generate_map

    from vsm_editor.model import save_map

    monkeypatch.setattr(far_zoom, "MIN_ITEMS", 50)
    path = tmp_path / "big.vsm.json"
    save_map(generate_map(120, 4), str(path))
    window = editor.open_path(str(path))
    qtbot.addWidget(window)
    window.flow_refresh_now()
    view, scene = window.view, window.session.scene
    stages = list(scene.stages.values())
    for item in stages[::3]:
        item.setOpacity(0.35)
    scene.select_ids([stages[1].element_id])
    view.resize(1200, 700)
    view.set_zoom(BLOCK_BELOW / 2)
    cache = view.far_zoom
    cache.render()
    picture = cache.image
    assert cache.active() and window.flow_overlay.route_halos and window.flow_overlay.ladder
    reference = QImage(picture.size(), picture.format())
    reference.fill(scene.backgroundBrush().color())
    painter = QPainter(reference)
    painter.setRenderHints(view.renderHints())
    source = cache.source
    fit = min(picture.width() / source.width(), picture.height() / source.height())
    scene.render(painter, QRectF(0, 0, source.width() * fit, source.height() * fit), source)
    painter.end()
    samples = (picture.width() // 4 + 1) * (picture.height() // 4 + 1)
    assert _visibly_differing(picture, reference) < samples * 0.01
    blank = QImage(picture.size(), picture.format())
    blank.fill(scene.backgroundBrush().color())
    assert _differing(picture, blank) > samples * 0.05
