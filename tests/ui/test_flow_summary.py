"""The Stream Summary dock and the status bar's flow numbers: the hand-worked examples,
delivery metrics beside the computed lead time with the hidden-queue flag, and numbers that
follow every edit."""

from __future__ import annotations

import pytest
from flow_testkit import alternatives_map, combined_map, open_window, parallel_map

from vsm_editor.model import Duration, Frequency, Percent


@pytest.fixture
def window(editor, qtbot, tmp_path):
    window = open_window(editor, qtbot, tmp_path, combined_map())
    window.actions_by_name["stream_summary"].trigger()
    return window


def summary(window):
    return window.summary_dock.summary


def test_summary_shows_the_hand_worked_combined_example(window):
    s = summary(window)
    assert window.summary_dock.isVisible()
    assert s.value("lead_time") == "~2.2 wd (17.6 h)"
    assert s.value("process_time") == "~1.5 wd (11.8 h)"
    assert s.value("critical_process_time") == "~1.4 wd (11.2 h)"
    assert s.value("wait_time") == "~6.4 h"  # 17.6 − 11.15 = 6.45 (6.4499… in floats)
    assert s.value("flow_efficiency") == "~63.4 %"
    assert s.value("rolled_pca") == "~56.9 %"
    assert s.value("bottleneck") == "Stage P2 (waits ~1.8 h)"
    assert s.value("critical_path") == "Stage S → Stage P → … → Stage E (7 stages)"
    (row,) = [r for r in s.rows if r.key == "critical_path"]
    assert row.tip.endswith(": " + " → ".join(
        f"Stage {x}" for x in ("S", "P", "P1", "J", "M", "Q", "E")))
    assert s.value("rework:r_Q_M") == "Stage Q → Stage M: 20 % · ×1.25 · +1 h"
    assert s.tree.topLevelItemCount() == len(s.rows) + 2  # two section headings
    assert window.flow_label.text() == "LT ~2.2 wd (17.6 h) · FE ~63.4 %"


@pytest.mark.parametrize(("make", "lead", "process", "pca"), [
    (alternatives_map, "~1.4 wd (11.4 h)", "~5.4 h", "~62.4 %"),
    (parallel_map, "~1.2 wd (10 h)", "~1.1 wd (9 h)", "~36 %"),
])
def test_summary_of_alternatives_and_parallel_branches(editor, qtbot, tmp_path, make, lead,
                                                       process, pca):
    window = open_window(editor, qtbot, tmp_path, make())
    s = summary(window)
    assert s.value("lead_time") == lead
    assert s.value("process_time") == process
    assert s.value("rolled_pca") == pca  # the examples' numbers are estimates: ~
    assert s.value("bottleneck").startswith("Stage C")


def test_an_edit_updates_the_summary(window, qtbot):
    modeling = window.session.editing.modeling
    modeling.set_property("S", "process_time", Duration(value=3, unit="hours"))
    # S is worked once per item: the lead time grows by 2 h, 17.6 → 19.6
    qtbot.waitUntil(lambda: summary(window).value("lead_time") == "~2.5 wd (19.6 h)",
                    timeout=3000)
    assert "19.6 h" in window.flow_label.text()
    window.session.editing.undo()
    qtbot.waitUntil(lambda: summary(window).value("lead_time") == "~2.2 wd (17.6 h)",
                    timeout=3000)


def test_delivery_metrics_and_the_hidden_queue(window, qtbot):
    modeling = window.session.editing.modeling
    s = summary(window)
    assert s.value("hidden_queue") == "–"
    modeling.set_delivery_metrics(
        deployment_frequency=Frequency(count=2, period="week", measured=True),
        lead_time_for_changes=Duration(value=6, unit="working_days", measured=True),
        change_failure_rate=Percent(value=15, measured=True),
        time_to_restore=Duration(value=4, unit="hours"),
        measured_lead_time=Duration(value=8, unit="working_days", measured=True))
    window.flow_refresh_now()
    assert s.value("deployment_frequency") == "2 per week"
    assert s.value("lead_time_for_changes") == "6 wd"
    assert s.value("change_failure_rate") == "15 %"
    assert s.value("time_to_restore") == "~4 h"
    assert s.value("measured_lead_time") == "8 wd"
    assert s.value("computed_lead_time") == "~2.2 wd (17.6 h)"
    # 17.6 h computed against 64 h measured: 27.5 % < 50 %
    assert s.value("hidden_queue") == "Yes: the map shows 27.5 % of it"
    assert window.flow_label.text().endswith("⚠ hidden queue")
    modeling.set_delivery_metrics(measured_lead_time=Duration(value=20, unit="hours"))
    window.flow_refresh_now()
    assert s.value("hidden_queue") == "No: the map shows 88 % of it"
    assert "hidden queue" not in window.flow_label.text()


def test_activating_the_bottleneck_selects_it(window):
    s = summary(window)
    for index in range(s.tree.topLevelItemCount()):
        item = s.tree.topLevelItem(index)
        if item.text(0) == "Bottleneck":
            s.tree.itemActivated.emit(item, 1)
            break
    assert window.session.scene.selected_ids() == ["P2"]
