"""Big maps open map first: the window shows the map, then analyses it and draws the flow
drawings; small maps have everything at once. Whatever asks early gets a full answer."""

from __future__ import annotations

import pytest
from ui_testkit import generate_map

from vsm_editor.analysis import analyze
from vsm_editor.model import save_map
from vsm_editor.ui import session as session_module


@pytest.fixture
def big_threshold(monkeypatch):
    """Maps of 20 stages or more count as big."""
    monkeypatch.setattr(session_module, "DEFERRED_FROM", 20)


def _open(editor, qtbot, tmp_path, stages: int):
    path = tmp_path / "map.vsm.json"
    save_map(generate_map(stages, 3), str(path))
    window = editor.open_path(str(path))
    qtbot.addWidget(window)
    return window


def test_a_big_map_shows_first_then_is_analysed_and_drawn(editor, qtbot, tmp_path,
                                                          big_threshold):
    window = _open(editor, qtbot, tmp_path, 40)
    docks, overlay = window.anatomy_docks, window.flow_overlay
    assert window.session.defers_side_work()
    assert docks.live._analyzer is None and not overlay.figures
    assert docks.anatomy.panel.model.count("warning") == 0
    qtbot.waitUntil(lambda: window.view._painted, timeout=3000)
    expected = analyze(window.session.document.map)
    qtbot.waitUntil(lambda: docks.live._analyzer is not None, timeout=3000)
    assert docks.live.report.counts() == expected.counts()
    qtbot.waitUntil(lambda: docks.anatomy.panel.model.count("warning")
                    == expected.counts()["warning"], timeout=3000)
    qtbot.waitUntil(lambda: bool(overlay.figures) and not overlay.is_pending(), timeout=5000)
    assert overlay.ladder is not None
    assert window.flow_label.text()  # the status line got the metrics


def test_asking_for_the_report_early_analyses_at_once(editor, qtbot, tmp_path, big_threshold):
    window = _open(editor, qtbot, tmp_path, 40)
    live = window.anatomy_docks.live
    assert live._analyzer is None
    assert live.report.counts() == analyze(window.session.document.map).counts()


def test_an_edit_before_the_first_analysis_is_in_it(editor, qtbot, tmp_path, big_threshold):
    window = _open(editor, qtbot, tmp_path, 40)
    document = window.session.document
    stage = document.map.stages[0]
    window.session.editing.modeling.rename(stage.id, "Renamed before the analysis")
    live = window.anatomy_docks.live
    assert live._analyzer is None
    report = live.deliver_now()
    assert report.counts() == analyze(document.map).counts()
    assert not live.is_pending()


def test_a_small_map_has_its_analysis_and_flow_drawings_at_once(editor, qtbot, tmp_path):
    window = _open(editor, qtbot, tmp_path, 40)
    assert not window.session.defers_side_work()
    assert window.anatomy_docks.live._analyzer is not None
    assert window.flow_overlay.figures and window.flow_overlay.ladder is not None


def test_the_hidden_catalogue_fills_when_shown(editor, qtbot, tmp_path):
    window = _open(editor, qtbot, tmp_path, 40)
    dock = window.anatomy_docks.catalogue
    assert dock.isHidden() and dock.tree.topLevelItemCount() == 0
    dock.show()
    dock.raise_()
    qtbot.waitUntil(lambda: dock.tree.topLevelItemCount() == 2, timeout=3000)
    logic = window.session.document.map.catalogue.logic
    assert dock.tree.topLevelItem(0).text(0) == f"P3 Logic ({len(logic)})"


def test_opening_a_file_checks_the_map_once(editor, qtbot, tmp_path, monkeypatch):
    from vsm_editor.model import document, fileio

    calls = []
    for module in (document, fileio):
        checker = module.check_map
        monkeypatch.setattr(module, "check_map",
                            lambda anatomy, checker=checker: calls.append(1) or checker(anatomy))
    _open(editor, qtbot, tmp_path, 10)
    assert len(calls) == 1


def _figures(overlay) -> dict:
    """Every flow drawing shown, data boxes (drawn by their stages) included."""
    shown = {key: item.figure for key, item in overlay.figures.items()}
    shown.update({("data-box", s): overlay.figure("data-box", s) for s in overlay.scene.stages})
    return shown


def test_the_first_drawing_comes_in_small_steps_and_equals_one_drawn_at_once(
        editor, qtbot, tmp_path, big_threshold, monkeypatch):
    from vsm_editor.ui import flow_overlay

    monkeypatch.setattr(flow_overlay, "CHUNK", 4)
    window = _open(editor, qtbot, tmp_path, 40)
    overlay = window.flow_overlay
    qtbot.waitUntil(lambda: bool(overlay.figures) and not overlay.is_pending(), timeout=5000)
    steps = len(overlay._job.step_ms)
    sliced = _figures(overlay)
    halos = set(overlay.route_halos), set(overlay.stage_halos)
    assert steps > 10 + len(sliced) // 4  # a step per four figures, and then some
    assert sum(1 for key in sliced if key[0] == "data-box" and sliced[key]) == 40
    overlay.refresh(full=True)  # the same drawing, at once
    assert _figures(overlay) == sliced
    assert (set(overlay.route_halos), set(overlay.stage_halos)) == halos


def test_an_edit_during_the_first_drawing_ends_in_the_same_drawing(
        editor, qtbot, tmp_path, big_threshold, monkeypatch):
    from vsm_editor.ui import flow_overlay

    monkeypatch.setattr(flow_overlay, "CHUNK", 4)
    started = []
    monkeypatch.setattr(flow_overlay.FlowOverlay, "start", lambda self: started.append(self))
    window = _open(editor, qtbot, tmp_path, 40)
    overlay = window.flow_overlay
    qtbot.waitUntil(lambda: started == [overlay], timeout=3000)  # the map has shown
    overlay._job.slice_budget = 0.0  # one step a slice, run here
    overlay._full = True
    overlay._scheduled()  # what start() does
    for _ in range(12):
        overlay._job._slice()
    assert overlay.is_pending()  # midway through the first drawing
    stage = window.session.document.map.stages[5]
    window.session.editing.move({stage.id: (stage.x + 200.0, stage.y)})
    qtbot.waitUntil(lambda: not overlay.is_pending(), timeout=5000)
    sliced = _figures(overlay)
    overlay.refresh(full=True)
    assert _figures(overlay) == sliced


def test_a_very_big_map_fills_its_markers_once_shown(editor, qtbot, tmp_path, monkeypatch):
    from vsm_editor.ui.coverage import linked_layers

    monkeypatch.setattr(session_module, "MARKERS_LATER_FROM", 20)
    window = _open(editor, qtbot, tmp_path, 40)
    stages = window.session.scene.stages
    expected = linked_layers(window.session.document.map)
    assert any(expected.values()) and all(item.linked == (False,) * 4 for item in stages.values())
    qtbot.waitUntil(lambda: all(item.linked == expected[stage_id]
                                for stage_id, item in stages.items()), timeout=3000)


def test_boxes_turned_off_stay_off_when_the_update_is_stopped_midway(
        editor, qtbot, tmp_path, monkeypatch):
    from vsm_editor.ui import flow_overlay

    monkeypatch.setattr(flow_overlay, "CHUNK", 2)
    window = _open(editor, qtbot, tmp_path, 40)
    overlay, stages = window.flow_overlay, window.session.scene.stages
    assert all(item.data_box for item in stages.values())
    window.actions_by_name["show_data_boxes"].trigger()  # a full update …
    overlay._timer.stop()
    overlay._job.slice_budget = 0.0  # … run here one step at a time
    overlay._scheduled()
    for _ in range(12):  # past taking stock of the boxes, among the queues
        overlay._job._slice()
    assert overlay._job.running() and any(item.data_box for item in stages.values())
    window.actions_by_name["show_ladder"].trigger()  # stops it midway
    qtbot.waitUntil(lambda: not overlay.is_pending(), timeout=5000)
    assert not any(item.data_box for item in stages.values())


def test_work_left_for_after_the_map_shows_is_dropped_when_the_window_closes(
        editor, qtbot, tmp_path):
    window = _open(editor, qtbot, tmp_path, 10)
    view = window.view
    qtbot.waitUntil(lambda: view._painted, timeout=3000)
    ran = []
    view.when_shown(lambda: ran.append("shown"))
    qtbot.waitUntil(lambda: ran == ["shown"], timeout=2000)  # painted: the next turn
    view.when_shown(lambda: ran.append("closed"))
    window._closing_confirmed = True
    window.close()
    for _ in range(10):
        qtbot.wait(10)
    assert ran == ["shown"]
