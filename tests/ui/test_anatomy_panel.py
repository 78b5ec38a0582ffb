"""The anatomy panel: live findings, going to a finding's field, stepping, suppressing with
a reason (saved, reopened, undone), rule settings, the canvas overlay, accessibility."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtTest import QTest
from ui_testkit import make_map

from vsm_editor.analysis import analyze, load_rules_config
from vsm_editor.model import load_map, save_map
from vsm_editor.model.entities import Percent
from vsm_editor.ui.anatomy_docks import install_anatomy_docks
from vsm_editor.ui.rule_settings import RuleSettingsDialog


@pytest.fixture
def saved(tmp_path):
    path = tmp_path / "flow.vsm.json"
    anatomy = make_map(3, lanes=2, per_row=3)
    anatomy.stages[2].owner = ""
    save_map(anatomy, path)
    return path


@pytest.fixture
def docks(editor, saved, qtbot):
    window = editor.open_path(str(saved))
    qtbot.addWidget(window)
    return install_anatomy_docks(window)


def select_finding(panel, rule: str, element: str):
    for key in panel.model.keys():
        finding = panel.model.finding(panel.model.index_of_key(key))
        if finding.rule == rule and finding.element == element:
            panel.select_key(key)
            return finding
    raise AssertionError(f"no {rule} on {element}")


def test_panel_shows_counts_groups_and_coverage(docks):
    panel = docks.anatomy.panel
    report = docks.live.report
    assert panel.model.count("warning") == report.counts()["warning"] > 0
    assert panel.coverage_label.text().startswith("Coverage  P1 □ 0/3")
    assert f"⚠ {report.counts()['warning']} warning" in panel.counts_label.text()
    model = panel.model
    assert model.group_index("warning").data().startswith("▾ ⚠ Warnings — ")
    assert model.group_index("warning/P1").data().strip().startswith("▾ P1 Strategy — ")
    assert model.group_index("warning/flow").data().strip().startswith("▾ Flow — 1")
    assert not model.group_index("warning/P4").isValid()  # empty layers are not listed
    # Left closes a group, Right opens it again (keyboard only)
    view = panel.view
    header = model.group_index("warning/P1")
    view.setCurrentIndex(header)
    rows = model.rowCount()
    view.setFocus()  # shortcuts follow the focus: the canvas must not have it
    QTest.keyClick(view, Qt.Key.Key_Left)
    assert model.rowCount() == rows - 3
    assert model.group_index("warning/P1").data().strip().startswith("▸")
    QTest.keyClick(view, Qt.Key.Key_Right)
    assert model.rowCount() == rows


def test_live_after_an_edit_debounced(docks, qtbot):
    panel = docks.anatomy.panel
    assert "flow-stage-no-owner@stage:st_2/owner" in panel.model.keys()
    docks.ctx.modeling.set_property("st_2", "owner", "Ops")
    assert docks.live.is_pending()  # not at once: after the pause
    qtbot.waitUntil(lambda: "flow-stage-no-owner@stage:st_2/owner" not in panel.model.keys(),
                    timeout=2000)


def test_clicking_a_finding_selects_the_stage_and_focuses_its_field(docks, qtbot):
    panel = docks.anatomy.panel
    window = docks.window
    finding = select_finding(panel, "p1-stage-no-outcome", "st_1")
    panel.go_to(panel.view.currentIndex())
    assert window.session.scene.selected_ids() == ["st_1"]
    assert docks.inspector.page.objectName() == "page_stage"
    assert window.focusWidget() is docks.inspector.field("outcomes")
    assert finding.path == "stage:st_1/outcomes"
    # a logic item's control point: its row is selected and the control point field focused
    logic = docks.ctx.modeling.add_logic("rule", "Check credit", ["st_2"], owner="Risk")
    docks.show_now()
    select_finding(panel, "p3-logic-no-control-point", logic)
    panel.go_to(panel.view.currentIndex())
    assert window.session.scene.selected_ids() == ["st_2"]
    assert docks.inspector.stage_page.logic_rows.current_id() == logic
    assert window.focusWidget() is docks.inspector.field("logic.control_point")


def test_stepping_through_the_findings_of_one_element(docks):
    panel = docks.anatomy.panel
    first = select_finding(panel, "p1-stage-no-outcome", "st_2")
    on_stage = [f for f in docks.live.report.findings if f.element == "st_2"]
    assert len(on_stage) >= 3
    position = on_stage.index(first) + 1
    assert panel.step_label.text() == f"{position} of {len(on_stage)} on this element"
    seen = [first.key]
    for _ in range(len(on_stage) - 1):
        seen.append(panel.step(1).key)
    assert sorted(seen) == sorted(f.key for f in on_stage)
    assert panel.step(1).key == first.key  # wraps round
    assert "Stage with no outcome" in panel.explanation.text() or panel.explanation.text()


def test_suppress_with_a_reason_save_reopen_undo(docks, editor, saved, qtbot):
    panel = docks.anatomy.panel
    finding = select_finding(panel, "flow-stage-no-owner", "st_2")
    steps = docks.window.session.editing
    before = steps.index()
    panel.reason.setFocus()
    qtbot.keyClick(panel.reason, Qt.Key.Key_Return)  # no reason: refused
    assert docks.ctx.doc.map.analysis.suppressions == []
    qtbot.keyClicks(panel.reason, "accepted for pilot")
    qtbot.keyClick(panel.reason, Qt.Key.Key_Return)
    assert steps.index() == before + 1
    docks.show_now()
    assert finding.key not in {f.key for f in docks.live.report.findings}
    assert panel.model.count("suppressed") == 1
    suppressed = panel.model.group_index("suppressed")
    assert panel.model.index_of_key(finding.key).row() == suppressed.row() + 2
    docks.window.act_save()
    reopened = analyze(load_map(saved))
    assert [(s.finding.key, s.reason) for s in reopened.suppressed] == [
        (finding.key, "accepted for pilot")]
    # reopened in the editor: still suppressed, listed with its reason
    docks.window._closing_confirmed = True
    docks.window.close()
    window = editor.open_path(str(saved))
    qtbot.addWidget(window)
    docks = install_anatomy_docks(window)
    panel = docks.anatomy.panel
    assert panel.model.count("suppressed") == 1
    index = panel.model.index_of_key(finding.key)
    assert panel.model.data(index, Qt.ItemDataRole.UserRole + 3) == "accepted for pilot"
    steps = window.session.editing
    # reversible: show it again, and undo brings the suppression back
    panel.select_key(finding.key)
    assert panel.suppress_button.text() == "Show again"
    panel.suppress_current()
    assert docks.ctx.doc.map.analysis.suppressions == []
    steps.undo()
    assert docks.ctx.doc.map.analysis.suppressions[0].reason == "accepted for pilot"


def test_rule_off_and_regrade_for_this_map(docks):
    panel = docks.anatomy.panel
    select_finding(panel, "flow-stage-no-owner", "st_2")
    panel.rule_severity.show_value("error")
    panel.rule_severity.committed.emit("error")
    docks.show_now()
    assert panel.model.count("error") >= 1
    assert docks.ctx.doc.map.analysis.rules["flow-stage-no-owner"].severity == "error"
    select_finding(panel, "flow-stage-no-owner", "st_2")
    panel.rule_on.show_value(False)
    panel.rule_on.committed.emit(False)
    docks.show_now()
    assert all(not k.startswith("flow-stage-no-owner") for k in panel.model.keys())
    docks.window.session.editing.undo()
    docks.show_now()
    assert any(k.startswith("flow-stage-no-owner") for k in panel.model.keys())


def test_rule_settings_dialog_applies_in_one_step_and_round_trips_a_file(docks, tmp_path):
    dialog = RuleSettingsDialog(docks.ctx)
    dialog.set_rule("p2-stage-no-decisions", False)
    dialog.set_rule("p1-stage-no-outcome", True, "error")
    steps = docks.window.session.editing
    before = steps.index()
    dialog.apply()
    assert steps.index() == before + 1
    rules = docks.ctx.doc.map.analysis.rules
    assert rules["p2-stage-no-decisions"].enabled is False
    assert rules["p1-stage-no-outcome"].severity == "error"
    path = tmp_path / "team-rules.json"
    assert dialog.save_file(str(path))
    config = load_rules_config(path)
    assert config.rules["p2-stage-no-decisions"].enabled is False
    fresh = RuleSettingsDialog(docks.ctx)
    fresh.set_rule("p2-stage-no-decisions", True)
    assert fresh.load_file(str(path))
    assert fresh.settings() == dialog.settings()
    assert not fresh.load_file(str(tmp_path / "missing.json"))
    assert "Could not load" in fresh.message.text()


def test_canvas_markers_and_coverage_view(docks):
    scene = docks.window.session.scene
    overlay = docks.overlay
    assert set(overlay.markers) == {"st_0", "st_1", "st_2"}
    assert scene.stages["st_2"].worst_severity == "warning"
    assert overlay.markers["st_2"].parentItem() is scene.stages["st_2"]
    docks.coverage_view_action.setChecked(True)
    assert all(item.opacity() == 1.0 for item in scene.stages.values())  # none complete yet


def test_findings_list_and_matrix_have_accessible_names(docks):
    names = {}
    for widget in (docks.anatomy.panel.view, docks.coverage.matrix.view):
        interface = QAccessible.queryAccessibleInterface(widget)
        names[widget.objectName()] = interface.text(QAccessible.Text.Name)
    assert names == {"findings_list": "Findings", "coverage_matrix": "Coverage matrix"}
    model = docks.anatomy.panel.model
    leaf = model.index(model.group_index("warning/P1").row() + 1, 0)
    assert model.data(leaf, Qt.ItemDataRole.AccessibleTextRole).startswith("warning: ")
    header = model.data(model.group_index("warning"), Qt.ItemDataRole.AccessibleTextRole)
    assert header.startswith("Warnings: ") and header.endswith("expanded")


def test_view_menu_toggles_the_docks(docks):
    texts = [a.text() for a in docks.window.panels_menu.actions()]
    assert {"Inspector", "Anatomy", "Catalogue", "Coverage matrix"} <= set(texts)
    docks.coverage.toggleViewAction().trigger()
    assert docks.coverage.isVisible()


def test_a_share_finding_opens_the_handoff_and_its_share_field(docks):
    modeling = docks.ctx.modeling
    handoff = modeling.connect("st_0", "st_2")  # st_0 now splits into two alternatives
    modeling.set_property(handoff, "share", Percent(value=60.0))
    report = docks.show_now()
    finding = next(f for f in report.findings if f.rule == "flow-share-missing")
    assert finding.path == "stage:st_0/handoff:ho_0/share"
    docks.go_to_finding(finding)
    assert docks.window.session.scene.selected_ids() == ["ho_0"]
    assert docks.inspector.page.objectName() == "page_handoff"
    assert docks.window.focusWidget() is docks.inspector.field("share").number


def test_stream_page_edits_delivery_metrics_and_focuses_them(docks, qtbot):
    docks.select_element(None)
    inspector = docks.inspector
    steps = docks.window.session.editing
    before = steps.index()
    editor = inspector.field("delivery_metrics.measured_lead_time")
    editor.number.setFocus()
    qtbot.keyClicks(editor.number, "12")
    qtbot.keyClick(editor.number, Qt.Key.Key_Return)
    lead = docks.ctx.doc.map.delivery_metrics.measured_lead_time
    assert (lead.value, lead.unit, lead.measured) == (12.0, "hours", False)
    editor.measured.click()
    assert docks.ctx.doc.map.delivery_metrics.measured_lead_time.measured is True
    assert steps.index() == before + 2
    stream = docks.ctx.doc.map.stream.id
    assert inspector.focus_path(f"stream:{stream}/delivery_metrics/measured_lead_time")
    assert docks.window.focusWidget() is editor.number
