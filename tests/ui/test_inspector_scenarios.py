"""The inspector driven with the keyboard, as a facilitator annotates a stage, with the
anatomy panel watching: findings go away one by one, and every edit is one undo step."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from ui_testkit import make_map

from vsm_editor.model import dump_bytes, save_map
from vsm_editor.ui.anatomy_docks import install_anatomy_docks


@pytest.fixture
def docks(editor, tmp_path, qtbot):
    path = tmp_path / "flow.vsm.json"
    save_map(make_map(3, lanes=2, per_row=3), path)
    window = editor.open_path(str(path))
    qtbot.addWidget(window)
    return install_anatomy_docks(window)


def keys_for(docks, element: str) -> set[str]:
    """The rules of the panel's active findings on ``element`` (after the debounce)."""
    docks.show_now()
    model = docks.anatomy.panel.model
    return {k.split("@")[0] for k in model.keys()
            if model.data(model.index_of_key(k), Qt.ItemDataRole.UserRole + 1).element == element
            and model.data(model.index_of_key(k), Qt.ItemDataRole.UserRole + 3) is None}


def type_line(qtbot, widget, text: str) -> None:
    """Focus a line, replace its text by typing, press Enter."""
    widget.setFocus()
    widget.selectAll()
    qtbot.keyClicks(widget, text)
    qtbot.keyClick(widget, Qt.Key.Key_Return)


def press(qtbot, widget, key) -> None:
    widget.setFocus()
    qtbot.keyClick(widget, key)


def test_annotate_a_stage_p1_to_p4_with_the_keyboard(docks, qtbot):
    doc = docks.ctx.doc
    inspector = docks.inspector
    steps = docks.window.session.editing
    start_index = steps.index()
    original = dump_bytes(doc.map)
    # the stream first: an outcome with a metric and a target (Enter adds the row)
    docks.select_element(None)
    press(qtbot, inspector.field("outcomes"), Qt.Key.Key_Return)
    type_line(qtbot, inspector.field("outcome.statement"), "Lead time below 10 days")
    type_line(qtbot, inspector.field("outcome.metric"), "lead time")
    type_line(qtbot, inspector.field("outcome.target"), "10")
    outcome = doc.map.outcomes[0]
    assert (outcome.statement, outcome.metric, outcome.target) == (
        "Lead time below 10 days", "lead time", 10.0)
    assert steps.index() - start_index == 4  # add, statement, metric, target
    # now the stage
    docks.select_element("st_1")
    assert inspector.page.objectName() == "page_stage"
    before = keys_for(docks, "st_1")
    assert {"p1-stage-no-outcome", "p2-stage-no-decisions", "p3-stage-no-logic"} <= before
    # P1: Space ticks the outcome
    ticks = inspector.field("outcomes")
    ticks.setFocus()
    ticks.setCurrentRow(0)
    qtbot.keyClick(ticks, Qt.Key.Key_Space)
    assert doc.get("st_1").outcomes == [outcome.id]
    assert "p1-stage-no-outcome" not in keys_for(docks, "st_1")
    # P2: Enter in the decisions list adds one; type its text
    press(qtbot, inspector.field("decisions"), Qt.Key.Key_Return)
    type_line(qtbot, inspector.field("decision.text"), "Complete and signed?")
    assert [d.text for d in doc.get("st_1").decisions] == ["Complete and signed?"]
    assert "p2-stage-no-decisions" not in keys_for(docks, "st_1")
    # P3: a rule applied here, with its owner
    press(qtbot, inspector.field("logic"), Qt.Key.Key_Return)
    type_line(qtbot, inspector.field("logic.statement"), "A booking needs a valid customer")
    logic = doc.map.catalogue.logic[0]
    assert logic.stages == ["st_1"] and logic.statement == "A booking needs a valid customer"
    assert "p3-stage-no-logic" not in keys_for(docks, "st_1")
    rules = {f.rule for f in docks.live.report.findings if f.element == logic.id}
    assert {"p3-logic-no-control-point", "p3-rule-no-owner", "p4-logic-unrealized"} <= rules
    type_line(qtbot, inspector.field("logic.owner"), "Risk team")
    rules = {f.rule for f in docks.show_now().findings if f.element == logic.id}
    assert "p3-rule-no-owner" not in rules
    # the control point where it is checked (Enter in the control points list)
    press(qtbot, inspector.field("control_points"), Qt.Key.Key_Return)
    type_line(qtbot, inspector.field("control_point.subject"), "Booking form")
    point = doc.map.catalogue.control_points[0]
    assert logic.control_point == point.id and point.subject == "Booking form"
    rules = {f.rule for f in docks.show_now().findings if f.element == logic.id}
    assert "p3-logic-no-control-point" not in rules
    assert "✓ A booking needs a valid customer" in inspector.stage_page.point_checks.text()
    # P4: a component realizing it
    press(qtbot, inspector.field("components"), Qt.Key.Key_Return)
    type_line(qtbot, inspector.field("component.name"), "Customer API")
    component = doc.map.catalogue.components[0]
    assert component.realizes == [logic.id] and component.name == "Customer API"
    rules = {f.rule for f in docks.show_now().findings if f.element == logic.id}
    assert "p4-logic-unrealized" not in rules
    assert "p4-stage-no-components" not in keys_for(docks, "st_1")
    coverage = docks.live.report.coverage["st_1"]
    assert coverage.p1 and coverage.p3 and coverage.p4
    # every edit was one undo step; undoing them all gives back the opened map
    edits = steps.index() - start_index
    assert edits == 4 + 1 + 2 + 3 + 2 + 2
    for _ in range(edits):
        steps.undo()
    assert dump_bytes(doc.map) == original
    assert inspector.page.objectName() in ("page_stage", "page_stream")


def test_typing_is_one_step_per_field_not_per_keystroke(docks, qtbot):
    docks.select_element("st_0")
    steps = docks.window.session.editing
    before = steps.index()
    owner = docks.inspector.field("owner")
    owner.setFocus()
    owner.selectAll()
    qtbot.keyClicks(owner, "Intake desk")
    assert steps.index() == before  # nothing committed while typing
    qtbot.keyClick(owner, Qt.Key.Key_Return)
    assert steps.index() == before + 1
    assert docks.ctx.doc.get("st_0").owner == "Intake desk"
    steps.undo()
    assert docks.ctx.doc.get("st_0").owner == "Team"
    assert owner.text() == "Team"  # the inspector followed the undo


def test_delete_removes_a_row_and_ctrl_arrows_reorder(docks, qtbot):
    docks.select_element("st_0")
    inspector = docks.inspector
    for text in ("first", "second"):
        press(qtbot, inspector.field("decisions"), Qt.Key.Key_Return)
        type_line(qtbot, inspector.field("decision.text"), text)
    stage = docks.ctx.doc.get("st_0")
    assert [d.text for d in stage.decisions] == ["first", "second"]
    rows = inspector.field("decisions")
    rows.setFocus()
    rows.setCurrentRow(1)
    qtbot.keyClick(rows, Qt.Key.Key_Up, Qt.KeyboardModifier.ControlModifier)
    assert [d.text for d in stage.decisions] == ["second", "first"]
    rows.setCurrentRow(0)
    qtbot.keyClick(rows, Qt.Key.Key_Delete)
    assert [d.text for d in stage.decisions] == ["first"]
    assert len(docks.ctx.doc.map.stages) == 3  # Delete in the list never deletes the stage


def test_several_stages_show_mixed_values_and_change_only_the_touched_field(docks, qtbot):
    doc = docks.ctx.doc
    steps = docks.window.session.editing
    docks.window.session.scene.select_ids(["st_0", "st_1"])
    inspector = docks.inspector
    assert inspector.page.objectName() == "page_stages"
    lane = inspector.field("lane")
    assert lane.currentText() == "— mixed —"  # st_0 in ln_0, st_1 in ln_1
    owner = inspector.field("owner")
    assert owner.text() == "Team"
    before = steps.index()
    lane.setFocus()
    lane.setCurrentIndex(lane.findData("ln_1"))
    lane.activated.emit(lane.currentIndex())
    assert [doc.get(s).lane for s in ("st_0", "st_1")] == ["ln_1", "ln_1"]
    assert [doc.get(s).owner for s in ("st_0", "st_1")] == ["Team", "Team"]
    assert steps.index() == before + 1
    steps.undo()
    assert [doc.get(s).lane for s in ("st_0", "st_1")] == ["ln_0", "ln_1"]


def test_handoff_fields_and_a_refusal_shown_in_the_inspector(docks, qtbot):
    doc = docks.ctx.doc
    docks.select_element("ho_0")
    inspector = docks.inspector
    assert inspector.page.objectName() == "page_handoff"
    wait = inspector.field("wait")
    type_line(qtbot, wait.number, "3")
    assert doc.get("ho_0").wait.value == 3.0 and doc.get("ho_0").wait.unit == "hours"
    type_line(qtbot, inspector.field("artifact"), "signed order")
    assert doc.get("ho_0").artifact == "signed order"
    docks.select_element("st_0")
    type_line(qtbot, inspector.field("name"), "   ")
    assert doc.get("st_0").name == "Stage 0"  # refused: a name cannot be empty
    assert inspector.message.text().startswith("A stage")
    assert inspector.field("name").text() == "Stage 0"


def test_share_one_component_between_two_stages_and_edit_it_once(docks, qtbot):
    doc = docks.ctx.doc
    modeling = docks.ctx.modeling
    inspector = docks.inspector
    for stage_id in ("st_0", "st_1"):
        docks.select_element(stage_id)
        press(qtbot, inspector.field("logic"), Qt.Key.Key_Return)
        type_line(qtbot, inspector.field("logic.statement"), f"Audit every change at {stage_id}")
    docks.select_element("st_0")
    press(qtbot, inspector.field("components"), Qt.Key.Key_Return)
    type_line(qtbot, inspector.field("component.name"), "Audit log")
    component = doc.map.catalogue.components[0]
    # on the second stage, reuse it from the catalogue with the keyboard
    docks.select_element("st_1")
    pick = inspector.field("component.pick")
    pick.setFocus()
    qtbot.keyClick(pick, Qt.Key.Key_Down)
    assert len(component.realizes) == 2
    assert inspector.field("components").ids() == [component.id]
    # edit it once, in the catalogue: both stages show the new name
    docks.catalogue.show()
    tree = docks.catalogue.tree
    tree.refresh()
    item = tree.item_for(component.id)
    assert "Stage 0" in item.text(2) and "Stage 1" in item.text(2)
    item.setText(0, "Audit trail service")
    assert component.name == "Audit trail service"
    for stage_id in ("st_0", "st_1"):
        docks.select_element(stage_id)
        assert inspector.field("components").item(0).text() == "api: Audit trail service"
    modeling.stack.undo()
    assert component.name == "Audit log"
