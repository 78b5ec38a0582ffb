"""The comparison window on hand-made pairs: the list, selection on both canvases, the linked
views, the metrics table, the ideas, the overlays and the exports."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "analysis"))
from test_compare_kit import copy_of, current_map, hours, stage_of, summary  # noqa: E402

from vsm_editor.analysis.compare import compare_maps, format_comparison  # noqa: E402
from vsm_editor.analysis.compare_words import metric_cells  # noqa: E402
from vsm_editor.model import Stage  # noqa: E402
from vsm_editor.ui import compare_window as cw  # noqa: E402
from vsm_editor.ui.compare_models import DATA_ROLE  # noqa: E402
from vsm_editor.ui.compare_style import LOOKS  # noqa: E402


# ------------------------------------------------------------------ hand-made pairs
def added(b):
    b.stages.append(Stage(id="st_new", name="Auto check", lane="ln_risk", x=760.0))


def removed(b):
    b.stages = [s for s in b.stages if s.id != "st_c"]
    b.handoffs = [h for h in b.handoffs if h.id != "ho_bc"]
    b.catalogue.logic[1].stages = []


def renamed(b):
    stage_of(b, "st_a").name = "Intake and triage"


def moved(b):
    stage_of(b, "st_b").x += 100.0


def re_annotated(b):
    b.handoffs[1].wait = hours(1.0)


PAIRS = {
    "added": (added, [("added", "stage", None, "st_new")], [], ["st_new"]),
    "removed": (removed, [("removed", "stage", "st_c", None),
                          ("removed", "handoff", "ho_bc", None),
                          ("re-annotated", "logic", "lg_score", "lg_score")], ["st_c"], []),
    "renamed": (renamed, [("renamed", "stage", "st_a", "st_a")], ["st_a"], ["st_a"]),
    "moved": (moved, [("moved", "stage", "st_b", "st_b")], ["st_b"], ["st_b"]),
    "re-annotated": (re_annotated, [("re-annotated", "handoff", "ho_bc", "ho_bc")],
                     ["ho_bc"], ["ho_bc"]),
}


def edited_pair(edit):
    a = current_map()
    b = copy_of(a)
    edit(b)
    return a, b


@pytest.fixture
def open_window(qapp, qtbot):
    from vsm_editor.ui import theme

    theme.load_fonts()

    def make(a, b, labels=("now.vsm.json", "future.vsm.json")):
        window = cw.ComparisonWindow(a, b, labels)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        window.fit_all()
        return window

    return make


def rows(window):
    return [index.data(DATA_ROLE) for index in window.difference_rows()]


def click_row(qtbot, tree, index):
    tree.scrollTo(index)
    rect = tree.visualRect(index)
    qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def visible(canvas, item) -> bool:
    shown = canvas.mapToScene(canvas.viewport().rect()).boundingRect()
    return shown.contains(item.sceneBoundingRect())


# ------------------------------------------------------------------ the list
@pytest.mark.parametrize("name", list(PAIRS))
def test_the_list_has_one_row_per_difference_grouped_by_kind(open_window, name):
    edit, expected, _a, _b = PAIRS[name]
    window = open_window(*edited_pair(edit))
    assert summary(window.comparison) == expected
    listed = rows(window)
    assert sorted((d.kind, d.element, d.a_id, d.b_id) for d in listed) == sorted(expected)
    model = window.difference_model
    groups = [model.index(i, 0).data() for i in range(model.rowCount())]
    kinds = sorted({kind for kind, *_ in expected})
    assert sorted(groups) == sorted(
        f"{cw.KIND_TITLES[k]} ({sum(1 for e in expected if e[0] == k)})" for k in kinds
    )


@pytest.mark.parametrize("name", list(PAIRS))
def test_clicking_a_row_selects_and_shows_it_on_both_canvases(open_window, qtbot, name):
    edit, _expected, on_a, on_b = PAIRS[name]
    window = open_window(*edited_pair(edit))
    window.side_a.canvas.set_zoom(3.0)  # so that showing the element needs a scroll
    index = window.difference_rows()[0]
    first = index.data(DATA_ROLE)
    assert first.element in ("stage",) or name == "re-annotated"
    click_row(qtbot, window.differences, index)
    assert window.selected_on("a") == on_a
    assert window.selected_on("b") == on_b
    scene_a, scene_b = window.scenes
    for scene, canvas, ids in ((scene_a, window.side_a.canvas, on_a),
                               (scene_b, window.side_b.canvas, on_b)):
        for element_id in ids:
            item = scene.stages.get(element_id) or scene.handoffs.get(element_id)
            assert visible(canvas, item), element_id


def test_a_row_about_logic_selects_the_stages_it_runs_in(open_window, qtbot):
    window = open_window(*edited_pair(removed))
    logic_row = next(i for i in window.difference_rows() if i.data(DATA_ROLE).element == "logic")
    click_row(qtbot, window.differences, logic_row)
    assert window.selected_on("a") == ["st_c"]  # lg_score ran in Approve, which is gone in B
    assert window.selected_on("b") == []


def test_clicking_a_stage_on_one_canvas_selects_its_match_and_its_row(open_window):
    window = open_window(*edited_pair(renamed))
    scene_a, scene_b = window.scenes
    scene_b.stages["st_a"].setSelected(True)
    assert window.selected_on("a") == ["st_a"]
    chosen = window.differences.selectionModel().selectedRows()
    assert [i.data(DATA_ROLE).kind for i in chosen] == ["renamed"]
    scene_a.clearSelection()
    scene_a.stages["st_b"].setSelected(True)  # unchanged stage: no row
    assert window.selected_on("b") == ["st_b"]
    assert window.differences.selectionModel().selectedRows() == []


# ------------------------------------------------------------------ linked views
def test_zooming_one_canvas_zooms_the_other(open_window, qtbot):
    window = open_window(*edited_pair(moved))
    left, right = window.side_a.canvas, window.side_b.canvas
    left.set_zoom(2.0)
    assert right.zoom() == pytest.approx(2.0)
    assert right.transform() == left.transform()
    centre = QPointF(right.viewport().rect().center())
    wheel = QWheelEvent(centre, right.viewport().mapToGlobal(centre), QPoint(0, 0),
                        QPoint(0, 120), Qt.MouseButton.NoButton,
                        Qt.KeyboardModifier.ControlModifier, Qt.ScrollPhase.NoScrollPhase, False)
    right.wheelEvent(wheel)
    assert right.zoom() == pytest.approx(2.0 * 1.2)
    assert left.zoom() == pytest.approx(right.zoom())
    assert left.horizontalScrollBar().value() == right.horizontalScrollBar().value()


def test_panning_one_canvas_pans_the_other_without_echo(open_window):
    window = open_window(*edited_pair(moved))
    left, right = window.side_a.canvas, window.side_b.canvas
    left.set_zoom(2.5)
    before = window.link.mirrors
    right.horizontalScrollBar().setValue(right.horizontalScrollBar().minimum() + 37)
    right.verticalScrollBar().setValue(right.verticalScrollBar().minimum() + 11)
    assert left.horizontalScrollBar().value() == right.horizontalScrollBar().value()
    assert left.verticalScrollBar().value() == right.verticalScrollBar().value()
    assert window.link.mirrors - before == 2  # one mirror per user scroll, none echoed


def test_both_scenes_share_one_extent_so_positions_line_up(open_window):
    window = open_window(*edited_pair(added))
    scene_a, scene_b = window.scenes
    assert scene_a.sceneRect() == scene_b.sceneRect()
    assert scene_a.stages["st_a"].pos() == scene_b.stages["st_a"].pos()


# ------------------------------------------------------------------ metrics and ideas
def test_the_metrics_table_holds_compare_maps_values(open_window):
    a, b = edited_pair(re_annotated)
    window = open_window(a, b)
    expected = compare_maps(a, b).metrics
    model = window.metrics_model
    assert model.rowCount() == len(expected) == 10
    for row, metric in enumerate(expected):
        assert model.index(row, 0).data(DATA_ROLE) == metric
        shown = tuple(model.index(row, column).data() for column in range(4))
        assert shown == (metric.label, *metric_cells(metric))
    assert model.value("lead_time", 1) == "10 h" and model.value("lead_time", 2) == "7 h"
    assert model.value("lead_time", 3) == "-3 h"
    keys = {m.key for m in expected}
    assert {"lead_time", "process_time", "flow_efficiency", "rolled_pca", "bottleneck",
            "coverage_P1", "coverage_P4"} <= keys


def test_an_idea_lists_the_future_stages_realizing_it_and_selects_them(open_window, qtbot):
    a = current_map()
    b = copy_of(a)
    b.stages.append(Stage(id="st_auto", name="Automated review", lane="ln_ops", x=760.0,
                          improvements=list(stage_of(b, "st_b").improvements)))
    stage_of(b, "st_b").improvements = []
    window = open_window(a, b)
    link = window.comparison.ideas[0]
    model = window.ideas_model
    idea = model.index(0, 0)
    assert idea.data() == "Automate the review"
    children = [model.index(r, 1, idea).data() for r in range(model.rowCount(idea))]
    assert children == [r.stage for r in link.realized_by] and "st_auto" in children
    child = model.index(children.index("st_auto"), 0, idea)
    window.tabs.setCurrentWidget(window.ideas)
    click_row(qtbot, window.ideas, child)
    assert window.selected_on("a") == ["st_b"]
    assert window.selected_on("b") == ["st_auto"]


# ------------------------------------------------------------------ overlays
def test_overlays_mark_each_side_with_its_own_kinds(open_window):
    a, b = edited_pair(removed)
    added(b)
    renamed(b)
    window = open_window(a, b)
    marks_a, marks_b = window.marks
    assert {k: m.kinds for k, m in marks_a.items()} == {
        "st_c": ["removed"], "ho_bc": ["removed"], "st_a": ["renamed"]}
    assert {k: m.kinds for k, m in marks_b.items()} == {"st_new": ["added"], "st_a": ["renamed"]}
    assert marks_b["st_new"].acceptedMouseButtons() == Qt.MouseButton.NoButton
    assert marks_a["st_c"].sceneBoundingRect().contains(
        window.scenes[0].stages["st_c"].sceneBoundingRect().center())


def test_every_kind_has_its_own_colour_letter_and_shape():
    for attribute in ("colour", "letter", "shape"):
        values = [getattr(look, attribute) for look in LOOKS.values()]
        assert len(set(values)) == len(values), attribute


def test_the_legend_counts_each_kind(open_window):
    window = open_window(*edited_pair(removed))
    from PySide6.QtWidgets import QLabel

    label = window.legend.findChild(QLabel, "legend_removed")
    assert label.text() == "Removed 2"
    assert window.legend.findChild(QLabel, "legend_added").text() == "Added 0"


# ------------------------------------------------------------------ exports and swapping
@pytest.mark.parametrize("fmt", ["md", "json"])
def test_export_writes_format_comparison(open_window, monkeypatch, tmp_path, fmt):
    a, b = edited_pair(renamed)
    window = open_window(a, b)
    target = tmp_path / f"out.{fmt}"
    asked = []
    monkeypatch.setattr(cw, "choose_export_file",
                        lambda parent, suggested, kind: asked.append(suggested) or str(target))
    window.actions_by_name[f"export_{fmt}"].trigger()
    text = target.read_text("utf-8")
    labels = ("now.vsm.json", "future.vsm.json")
    assert text == format_comparison(compare_maps(a, b), fmt, labels)
    assert asked == [f"future-comparison.{fmt}"]
    if fmt == "json":
        assert json.loads(text)["counts"]["renamed"] == 1


def test_swap_compares_the_other_way(open_window):
    window = open_window(*edited_pair(added))
    window.swap()
    assert summary(window.comparison) == [("removed", "stage", "st_new", None)]
    assert window.labels == ("future.vsm.json", "now.vsm.json")
    assert "st_new" in window.marks[0] and not window.marks[1]


def test_stacking_keeps_the_views_linked(open_window, qtbot):
    window = open_window(*edited_pair(moved))
    window.actions_by_name["stack"].trigger()
    assert window.canvases.orientation() == Qt.Orientation.Vertical
    qtbot.wait(20)
    window.side_b.canvas.set_zoom(1.5)
    assert window.side_a.canvas.zoom() == pytest.approx(1.5)
    window.actions_by_name["stack"].trigger()
    assert window.canvases.orientation() == Qt.Orientation.Horizontal
