"""The flow on the canvas: data boxes, queue triangles, supplier and customer markers, the
timeline ladder, the critical path and bottleneck highlights and rework labels, against the
hand-worked examples of tests/analysis/test_flow.py; the display toggles as undoable edits."""

from __future__ import annotations

import pytest
from flow_testkit import alternatives_map, combined_map, line_map, open_window, parallel_map

from vsm_editor.model import Duration
from vsm_editor.style.ladder import ladder_labels
from vsm_editor.ui.flow_items import BOTTLENECK_COLOUR

CRITICAL = ["S", "P", "P1", "J", "M", "Q", "E"]


@pytest.fixture
def window(editor, qtbot, tmp_path):
    return open_window(editor, qtbot, tmp_path, combined_map())


def cells(window, stage_id):
    figure = window.flow_overlay.figure("data-box", stage_id)
    assert figure is not None, stage_id
    labels = [label.text for label in figure.labels]
    return dict(zip(labels[0::2], labels[1::2], strict=True))


def totals(ladder):
    return {label.role.split()[1]: label.text for label in ladder_labels(ladder, "total")}


def test_ladder_totals_and_rungs_match_the_hand_worked_combined_example(window):
    ladder = window.flow_overlay.ladder
    assert ladder is not None and ladder.follows_critical_path
    assert totals(ladder) == {
        "lead-time": "~2.2 wd (17.6 h)",  # 17.6 h: alternatives, parallel and rework
        "process-time": "~1.5 wd (11.8 h)",  # 11.75 h of work in all
        "critical-process-time": "~1.4 wd (11.2 h)",  # 11.15 h on the critical path
        "flow-efficiency": "~63.4 %",  # 11.15 / 17.6
        "rolled-pca": "~56.9 %",  # 0.5688
    }
    assert [r.stage for r in ladder.rungs if r.kind == "process"] == CRITICAL
    texts = {(r.kind, r.stage): r.text for r in ladder.rungs}
    assert texts[("process", "M")] == "~2 h ×1.25"  # repeated by the rework loop
    assert texts[("wait", "Q")] == "~1 h ×1.25"
    assert texts[("process", "P1")] == "~4 h"
    metrics = window.flow_overlay.metrics
    assert metrics.ladder_process_hours == pytest.approx(12.75)
    assert metrics.ladder_wait_hours == pytest.approx(7.25)
    heading = ladder.figure.labels[0].text
    assert heading == "Timeline · follows the critical path"
    item = window.flow_overlay.ladder_item
    assert item.scene() is window.session.scene
    assert window.session.scene.sceneRect().contains(item.sceneBoundingRect())


def test_ladder_sits_under_everything_and_moves_with_the_stages(window):
    overlay = window.flow_overlay
    scene = window.session.scene
    lowest = max(item.sceneBoundingRect().bottom() for item in scene.stages.values())
    boxes = max(overlay.figure("data-box", s).bounds.bottom for s in scene.stages)
    assert overlay.ladder.rect.y > max(lowest, boxes)
    x, y = window.session.editing.modeling.stage_position("E")
    window.session.editing.move({"E": (x + 400.0, y)})
    window.flow_refresh_now()
    last = [r for r in overlay.ladder.rungs if r.kind == "process"][-1]
    assert last.stage == "E" and last.x1 == pytest.approx(scene.stages["E"].box()[0])
    assert overlay.figure("customer", "E").bounds.x > x + 400.0 + 180.0


def test_data_boxes_show_each_stage_numbers_with_estimate_marks(window):
    assert cells(window, "P2") == {"PT": "~1 h", "%C&A": "~80 %", "Wait": "~3 h"}
    assert cells(window, "J") == {"PT": "~1 h", "%C&A": "–", "Wait max": "~1 h"}
    assert cells(window, "S")["Wait"] == "–"
    box = window.flow_overlay.figure("data-box", "X").bounds
    x, y, w, h = window.session.scene.stages["X"].box()
    assert box.x == pytest.approx(x) and box.width == pytest.approx(w)
    assert box.y == pytest.approx(y + h + 3.0)  # just under its stage


def test_a_data_box_moves_with_its_stage_and_has_its_own_tooltip(window):
    from PySide6.QtCore import QPointF

    scene = window.session.scene
    stage = scene.stages["X"]
    box = window.flow_overlay.figure("data-box", "X").bounds
    middle = QPointF(box.x + box.width / 2, box.y + box.height / 2)
    assert scene.tooltip_at(middle).startswith("Stage X: process time ~3 h")
    x, y, _w, h = stage.box()
    assert scene.tooltip_at(QPointF(x + 5, y + h / 2)) is None  # the stage itself
    stage.setPos(stage.pos() + QPointF(300.0, 40.0))  # as a drag shows it
    moved = window.flow_overlay.figure("data-box", "X").bounds
    assert (moved.x, moved.y) == pytest.approx((box.x + 300.0, box.y + 40.0))
    assert stage.sceneBoundingRect().contains(
        QPointF(moved.x + moved.width / 2, moved.y + moved.height / 2))


def test_data_box_follows_an_edit_of_its_stage(window, qtbot):
    window.session.editing.modeling.set_property(
        "X", "process_time", Duration(value=90, unit="minutes", measured=True))
    qtbot.waitUntil(lambda: cells(window, "X")["PT"] == "90 min", timeout=2000)
    assert cells(window, "S")["PT"] == "~1 h"  # the others are untouched


def test_queue_triangles_carry_the_waits_and_ends_are_marked(window):
    overlay = window.flow_overlay
    scene = window.session.scene
    flows = [h for h in window.session.document.map.handoffs if h.kind == "flow"]
    assert {k[1] for k in overlay.figures if k[0] == "queue"} == {h.id for h in flows}
    wait = overlay.figure("queue-wait", "h_P_P2")
    assert [label.text for label in wait.labels] == ["wait", "~3 h"]
    assert "wait" not in scene.handoffs["h_P_P2"].caption()  # the queue shows it
    assert overlay.figure("supplier", "S") is not None
    assert overlay.figure("customer", "E") is not None
    assert overlay.figure("supplier", "E") is None


def test_critical_path_bottleneck_and_rework_rate_are_highlighted(window):
    overlay = window.flow_overlay
    stages, handoffs, bottleneck = overlay.highlighted()
    assert stages == set(CRITICAL)
    assert handoffs == {"h_S_P", "h_P_P1", "h_P1_J", "h_J_M", "h_M_Q", "h_Q_E"}
    assert bottleneck == "P2"  # off the critical path: the largest expected wait, 1.8 h
    tag = overlay.figure("bottleneck", "P2")
    assert tag.labels[0].text == "Bottleneck · ~1.8 h"
    rework = overlay.figure("rework", "r_Q_M")
    assert rework.labels[0].text == "rework 20 % · ×1.25 · +1 h"
    assert overlay.stage_halos["P2"] == window.session.scene.stages["P2"].halo
    assert window.session.scene.stages["P2"].halo[0] == BOTTLENECK_COLOUR


@pytest.mark.parametrize(("make", "bottleneck", "lead"), [
    (alternatives_map, "C", "~1.4 wd (11.4 h)"),
    (parallel_map, "C", "~1.2 wd (10 h)"),  # 1.25 wd, rounded half to even
])
def test_branching_examples(editor, qtbot, tmp_path, make, bottleneck, lead):
    window = open_window(editor, qtbot, tmp_path, make())
    overlay = window.flow_overlay
    stages, handoffs, found = overlay.highlighted()
    assert stages == {"A", "B", "D"} and handoffs == {"h_A_B", "h_B_D"}
    assert found == bottleneck
    assert totals(overlay.ladder)["lead-time"] == lead
    assert [r.stage for r in overlay.ladder.rungs if r.kind == "process"] == ["A", "B", "D"]


def test_a_straight_line_has_no_path_halo_but_its_bottleneck(editor, qtbot, tmp_path):
    window = open_window(editor, qtbot, tmp_path, line_map())
    stages, handoffs, bottleneck = window.flow_overlay.highlighted()
    assert (stages, handoffs, bottleneck) == (set(), set(), "C")
    ladder = window.flow_overlay.ladder
    assert not ladder.follows_critical_path
    assert totals(ladder)["lead-time"] == "~1.4 wd (11 h)"
    assert [r.text for r in ladder.rungs] == ["~2 h", "~1 h", "~3 h", "~4 h", "~1 h"]


def test_display_toggles_are_undoable_edits_and_follow_undo(window):
    actions = window.actions_by_name
    overlay = window.flow_overlay
    document = window.session.document
    assert all(actions[n].isChecked() for n in
               ("show_data_boxes", "show_ladder", "show_lean_symbols"))
    actions["show_data_boxes"].trigger()
    assert document.map.display.data_boxes is False
    window.flow_refresh_now()
    assert not any(k[0] == "data-box" for k in overlay.figures)
    assert not any(item.data_box for item in window.session.scene.stages.values())
    actions["show_ladder"].trigger()
    window.flow_refresh_now()
    assert overlay.ladder is None and overlay.ladder_item is None
    actions["show_lean_symbols"].trigger()
    window.flow_refresh_now()
    assert not any(k[0] in ("queue", "supplier", "customer") for k in overlay.figures)
    assert "wait ~3" not in window.session.scene.handoffs["h_P_P2"].caption()
    assert window.session.scene.handoffs["h_P_P2"].caption() == "wait 3 h"
    for _ in range(3):
        window.session.editing.undo()
    assert document.map.display.data_boxes and document.map.display.ladder
    assert actions["show_data_boxes"].isChecked() and actions["show_ladder"].isChecked()
    window.flow_refresh_now()
    assert overlay.figure("data-box", "S") is not None and overlay.ladder is not None
    assert overlay.figure("queue", "h_P_P2") is not None
    assert window.session.editing.labels()[-1] == "Change display"


def test_removing_a_stage_drops_its_drawings(window):
    overlay = window.flow_overlay
    window.session.editing.remove(["P2"])
    window.flow_refresh_now()
    assert overlay.figure("data-box", "P2") is None
    assert overlay.figure("queue", "h_P_P2") is None
    assert not [i for i in window.session.scene.items()
                if getattr(i, "figure", None) is not None and i.figure.element == "P2"]
