"""Presentation mode: entering, stepping, revealing the layers, leaving exactly as it was."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QFontMetricsF
from PySide6.QtWidgets import QApplication, QDockWidget, QToolBar
from ui_testkit import make_map

from vsm_editor.model import Handoff, Stage, dump_bytes, new_map
from vsm_editor.style import palette
from vsm_editor.templates import load_template
from vsm_editor.ui.present import Presentation, presentation_for, toggle_presentation
from vsm_editor.ui.present_content import stage_slide
from vsm_editor.ui.present_order import presentation_order
from vsm_editor.ui.theme import font

# ---------------------------------------------------------------- the order


def _chain(names, edges, **marks):
    anatomy = new_map("Order")
    for index, name in enumerate(names):
        anatomy.stages.append(Stage(id=name, name=name, x=float(index * 10), **marks.get(name, {})))
    for index, (source, target, *kind) in enumerate(edges):
        anatomy.handoffs.append(Handoff(id=f"h{index}", source=source, target=target,
                                        kind=kind[0] if kind else "flow"))
    return anatomy


def test_order_follows_the_flow_then_the_rest():
    # map order scrambled; a rework loop d→b; an information handoff does not order; z isolated
    anatomy = _chain(
        ["z", "d", "b", "a", "c", "e"],
        [("a", "b"), ("b", "c"), ("c", "d"), ("d", "b"), ("a", "e", "information"),
         ("d", "e")],
    )
    anatomy.stages[0].x = 999.0  # z: far right, still last (not reached by the flow)
    order = presentation_order(anatomy)
    assert order[:5] == ["a", "b", "c", "d", "e"]
    assert order[5] == "z"
    assert sorted(order) == sorted(s.id for s in anatomy.stages)


def test_marked_starts_come_first():
    anatomy = _chain(["a", "b", "c"], [("a", "b"), ("b", "c")], b={"start": True})
    assert presentation_order(anatomy) == ["b", "c", "a"]


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 12).flatmap(lambda n: st.tuples(
    st.just(n),
    st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)), max_size=3 * n),
    st.permutations(range(n)),
)))
def test_order_is_a_topological_permutation_of_a_dag(case):
    n, pairs, xs = case
    edges = sorted({(min(a, b), max(a, b)) for a, b in pairs if a != b})
    anatomy = _chain([f"s{i}" for i in range(n)], [(f"s{a}", f"s{b}") for a, b in edges])
    for stage, x in zip(anatomy.stages, xs, strict=True):
        stage.x = float(x)
    order = presentation_order(anatomy)
    assert sorted(order) == sorted(s.id for s in anatomy.stages)
    where = {stage_id: i for i, stage_id in enumerate(order)}
    for a, b in edges:
        assert where[f"s{a}"] < where[f"s{b}"]


# ---------------------------------------------------------------- the window


@pytest.fixture
def window(editor, qtbot):
    win = editor.open_session(load_template("secure-api"), None)
    qtbot.addWidget(win)
    win.showNormal()
    win.resize(1100, 760)
    QApplication.processEvents()
    return win


def _present(win, full_screen=False) -> Presentation:
    presentation = presentation_for(win)
    assert presentation.enter(full_screen=full_screen)
    QApplication.processEvents()
    return presentation


def _centre_on_screen(presentation) -> QPointF:
    item = presentation.scene.stages[presentation.current_id()]
    x, y, w, h = item.box()
    return QPointF(presentation.view.mapFromScene(QPointF(x + w / 2, y + h / 2)))


def test_enter_goes_full_screen_with_the_chrome_hidden(window, qtbot):
    window.history_dock.show()
    presentation = _present(window, full_screen=True)
    assert window.windowState() & Qt.WindowState.WindowFullScreen
    assert window.menuBar().isHidden() and window.statusBar().isHidden()
    bars = [b for b in window.findChildren(QToolBar) if b.parent() is window]
    docks = [d for d in window.findChildren(QDockWidget) if d.parent() is window]
    assert bars and docks
    assert not any(b.isVisible() for b in bars + docks)
    enabled = [name for name, a in window.actions_by_name.items() if a.isEnabled()]
    assert enabled == ["present"]
    assert presentation.panel.isVisible()
    assert presentation.spotlight.scene() is window.session.scene


def test_keys_step_through_the_stages_in_flow_order(window, qtbot):
    presentation = _present(window)
    view = window.view
    order = presentation_order(window.session.document.map)
    assert presentation.order == order and presentation.index == 0
    presses = [(Qt.Key.Key_Right, 1), (Qt.Key.Key_Space, 2), (Qt.Key.Key_PageDown, 3),
               (Qt.Key.Key_Left, 2), (Qt.Key.Key_PageUp, 1), (Qt.Key.Key_End, len(order) - 1),
               (Qt.Key.Key_Right, len(order) - 1), (Qt.Key.Key_Home, 0), (Qt.Key.Key_Left, 0)]
    for key, expected in presses:
        qtbot.keyClick(view, key)
        assert presentation.index == expected, key
        stage = window.session.document.get(order[expected])
        assert stage.name in presentation.panel.text()
        # centred in the free area left of the panel, and lit by the spotlight
        port = view.viewport()
        free = port.width() - presentation.panel.width()
        centre = _centre_on_screen(presentation)
        assert abs(centre.x() - free / 2) <= 2 and abs(centre.y() - port.height() / 2) <= 2
        panel = presentation.panel.geometry()
        assert (panel.right(), panel.top(), panel.height()) == (
            view.width() - 1, 0, view.height())
        assert presentation.spotlight.target.center() == presentation.scene.stages[
            order[expected]].scene_box().center()


def test_presentation_starts_at_the_selected_stage(window):
    order = presentation_order(window.session.document.map)
    window.session.scene.select_ids([order[4]])
    presentation = _present(window)
    assert presentation.current_id() == order[4]


def test_editing_keys_and_mouse_change_nothing(window, qtbot):
    before = dump_bytes(window.session.document.map)
    presentation = _present(window)
    view = window.view
    for key in (Qt.Key.Key_S, Qt.Key.Key_Delete, Qt.Key.Key_C, Qt.Key.Key_I, Qt.Key.Key_F2):
        qtbot.keyClick(view, key)
    centre = _centre_on_screen(presentation).toPoint()
    qtbot.mousePress(view.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    qtbot.mouseMove(view.viewport(), centre + QPoint(150, 90))
    qtbot.mouseRelease(view.viewport(), Qt.MouseButton.LeftButton, pos=centre + QPoint(150, 90))
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(20, 20))
    assert dump_bytes(window.session.document.map) == before
    assert presentation.active


def test_clicking_a_stage_presents_it(window, qtbot):
    presentation = _present(window)
    following = presentation.order[1]
    item = presentation.scene.stages[following]
    point = window.view.mapFromScene(item.sceneBoundingRect().center())
    assert window.view.viewport().rect().contains(point)  # the next stage peeks in
    qtbot.mouseClick(window.view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert presentation.current_id() == following


def _marker_colour(presentation, layer_index: int) -> QColor:
    """The colour just inside the top edge of a P1–P4 marker (above its label), as drawn."""
    item = presentation.scene.stages[presentation.current_id()]
    slot = item.layout.markers[layer_index]
    corner = item.mapToScene(QPointF(slot.rect.x + slot.rect.width / 2, slot.rect.y + 1.8))
    image = presentation.view.viewport().grab().toImage()
    point = presentation.view.mapFromScene(corner)
    return image.pixelColor(point)


def _near(colour: QColor, hex_colour: str) -> bool:
    other = QColor(hex_colour)
    return max(abs(colour.red() - other.red()), abs(colour.green() - other.green()),
               abs(colour.blue() - other.blue())) <= 40


def test_layer_reveal_cycles_and_the_panel_and_markers_follow(window, qtbot):
    presentation = _present(window)
    view = window.view
    stage_id = presentation.current_id()
    assert window.session.scene.stages[stage_id].linked == (True, True, True, True)
    assert presentation.reveal == 4
    assert _near(_marker_colour(presentation, 3), palette.LAYER_COLOURS["P4"])
    seen = []
    for _ in range(4):
        qtbot.keyClick(view, Qt.Key.Key_L)
        reveal = presentation.reveal
        seen.append(reveal)
        text = presentation.panel.text()
        slide = presentation.panel.slide
        assert [s.layer for s in slide.sections] == [f"P{i}" for i in range(1, reveal + 1)]
        for layer in range(1, 5):
            title = f"P{layer} " + ("Strategy", "Process", "System logic", "Components")[layer - 1]
            assert (title in text) == (layer <= reveal)
            drawn = _marker_colour(presentation, layer - 1)
            assert _near(drawn, palette.LAYER_COLOURS[f"P{layer}"]) == (layer <= reveal)
    assert seen == [1, 2, 3, 4]
    assert window.session.document.map.lanes == load_template("secure-api").lanes  # L added none
    qtbot.keyClick(view, Qt.Key.Key_2)
    assert presentation.reveal == 2
    presentation.leave()
    assert getattr(window.session.scene, "revealed_layers", 4) == 4


def test_leaving_restores_the_editing_state_exactly(window, qtbot):
    view, scene = window.view, window.session.scene
    window.history_dock.show()
    window.actions_by_name["undo"].setEnabled(False)
    view.set_zoom(0.8)
    view.horizontalScrollBar().setValue(view.horizontalScrollBar().value() + 37)
    view.verticalScrollBar().setValue(view.verticalScrollBar().value() + 11)
    order = presentation_order(window.session.document.map)
    scene.select_ids(order[2:4])
    QApplication.processEvents()
    before = {
        "transform": view.transform(), "scroll": (view.horizontalScrollBar().value(),
                                                  view.verticalScrollBar().value()),
        "selection": sorted(scene.selected_ids()), "state": window.saveState(),
        "geometry": window.geometry(), "window_state": window.windowState(),
        "enabled": {n: a.isEnabled() for n, a in window.actions_by_name.items()},
        "dock": window.history_dock.isVisible(), "interactive": view.isInteractive(),
        "rect": view.sceneRect(), "document": dump_bytes(window.session.document.map),
    }
    presentation = toggle_presentation(window)  # full screen, as from the menu
    QApplication.processEvents()
    assert window.windowState() & Qt.WindowState.WindowFullScreen
    for key in (Qt.Key.Key_Right, Qt.Key.Key_Right, Qt.Key.Key_L, Qt.Key.Key_L):
        qtbot.keyClick(view, key)
    assert view.transform() != before["transform"]
    qtbot.keyClick(view, Qt.Key.Key_Escape)
    qtbot.wait(10)
    assert not presentation.active
    after = {
        "transform": view.transform(), "scroll": (view.horizontalScrollBar().value(),
                                                  view.verticalScrollBar().value()),
        "selection": sorted(scene.selected_ids()), "state": window.saveState(),
        "geometry": window.geometry(), "window_state": window.windowState(),
        "enabled": {n: a.isEnabled() for n, a in window.actions_by_name.items()},
        "dock": window.history_dock.isVisible(), "interactive": view.isInteractive(),
        "rect": view.sceneRect(), "document": dump_bytes(window.session.document.map),
    }
    for key in before:
        assert after[key] == before[key], key
    assert not window.menuBar().isHidden() and not window.statusBar().isHidden()
    assert presentation.panel is None and presentation.spotlight is None
    assert all(not hasattr(i, "set_target") for i in scene.items())


def test_f5_enters_and_leaves(window, qtbot):
    window.actions_by_name["present"].trigger()
    presentation = presentation_for(window)
    assert presentation.active
    qtbot.keyClick(window.view, Qt.Key.Key_F5)
    assert not presentation.active
    assert window.shortcut_map()["present"] == ["F5"]


def test_an_empty_map_is_not_presented(editor, qtbot):
    win = editor.open_session(new_map("Empty"), None)
    qtbot.addWidget(win)
    assert not presentation_for(win).enter(full_screen=False)
    assert not win.menuBar().isHidden()


def test_stage_names_have_a_16px_cap_height_at_1024x768(window, qtbot):
    window.resize(1024, 768)
    QApplication.processEvents()
    presentation = _present(window)
    port = window.view.viewport()
    assert (port.width(), port.height()) == (1024, 768)  # nothing but the canvas is left
    heights = []
    for index in range(len(presentation.order)):
        presentation.go_to(index)
        item = presentation.scene.stages[presentation.current_id()]
        line = item.layout.name_lines[0]
        cap_ratio = QFontMetricsF(font(line.size, line.bold)).capHeight() / round(line.size)
        heights.append(round(line.size) * cap_ratio * window.view.zoom())
        rect = window.view.mapFromScene(item.sceneBoundingRect()).boundingRect()
        assert port.rect().contains(rect)
        assert rect.right() < port.width() - presentation.panel.width()
    print("cap heights (px):", [round(h, 1) for h in heights])
    assert min(heights) >= 16.0, heights


def test_document_changes_while_presenting_keep_the_current_stage(window, qtbot):
    presentation = _present(window)
    presentation.go_to(3)
    current, earlier = presentation.current_id(), presentation.order[1]
    window.session.editing.remove([earlier])
    qtbot.waitUntil(lambda: earlier not in presentation.order, timeout=2000)
    assert presentation.current_id() == current and presentation.active


def test_slide_names_the_gaps(qapp):
    anatomy = make_map(3, lanes=1)
    slide = stage_slide(anatomy, "st_1", None, reveal=4)
    assert slide.name == "Stage 1" and slide.context == "Lane 0 · Team"
    gaps = {s.layer: s.gap for s in slide.sections}
    assert gaps == {"P1": "serves no outcome", "P2": "no decisions recorded",
                    "P3": "no logic recorded", "P4": "no logic for components to realize"}
    assert "from: Stage 0" in slide.sections[1].lines and "to: Stage 2" in slide.sections[1].lines
    assert len(stage_slide(anatomy, "st_1", None, reveal=2).sections) == 2


def test_closing_while_presenting_saves_the_editing_layout(window, qtbot):
    from PySide6.QtCore import QByteArray

    from vsm_editor.ui import state

    window.history_dock.show()
    QApplication.processEvents()
    layout = window.saveState()
    presentation = _present(window, full_screen=True)
    window._closing_confirmed = True
    window.close()
    assert not presentation.active
    assert not window.windowState() & Qt.WindowState.WindowFullScreen
    assert state.settings().value("window/state", type=QByteArray) == layout
