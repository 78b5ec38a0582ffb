"""The catalogue dock: every logic item and component with where it is used, renamed once
with the keyboard for every stage that shares it."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit
from ui_testkit import make_map

from vsm_editor.model import save_map
from vsm_editor.ui.anatomy_docks import install_anatomy_docks


@pytest.fixture
def docks(editor, tmp_path, qtbot):
    path = tmp_path / "flow.vsm.json"
    save_map(make_map(3, lanes=2, per_row=3), path)
    window = editor.open_path(str(path))
    qtbot.addWidget(window)
    return install_anatomy_docks(window)


def test_where_used_and_rename_once_with_f2(docks, qtbot):
    modeling = docks.ctx.modeling
    decision = modeling.add_decision("st_0", "Customer known?")
    logic = modeling.add_logic("rule", "Known customers only", ["st_0", "st_1"], decision=decision)
    component = modeling.add_component("audit", "Audit log", [logic])
    unused = modeling.add_logic("data", "Old flag", [])
    docks.catalogue.show()
    tree = docks.catalogue.tree
    tree.refresh()
    assert tree.topLevelItem(0).text(0) == "P3 Logic (2)"
    assert tree.topLevelItem(1).text(0) == "P4 Components (1)"
    row = tree.item_for(logic)
    assert row.text(2) == "stages: Stage 0, Stage 1 · decision: Customer known?"
    assert tree.item_for(component).text(2) == (
        "realizes: Known customers only · stages: Stage 0, Stage 1")
    assert tree.item_for(unused).text(2) == "stages: —"
    # F2, type, Enter: one undo step, seen from both stages
    steps = docks.window.session.editing
    before = steps.index()
    tree.setFocus()
    tree.setCurrentItem(row, 0)
    qtbot.keyClick(tree, Qt.Key.Key_F2)
    editor = tree.viewport().findChild(QLineEdit)
    assert isinstance(editor, QLineEdit)
    editor.selectAll()
    qtbot.keyClicks(editor, "Only known customers")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: docks.ctx.doc.get(logic).statement != "Known customers only")
    assert docks.ctx.doc.get(logic).statement == "Only known customers"
    assert steps.index() == before + 1
    for stage_id in ("st_0", "st_1"):
        docks.select_element(stage_id)
        assert docks.inspector.field("logic").item(0).text() == "rule: Only known customers"


def test_a_finding_on_unused_logic_opens_the_catalogue(docks):
    unused = docks.ctx.modeling.add_logic("data", "Old flag", [])
    docks.show_now()
    panel = docks.anatomy.panel
    key = f"p3-logic-unused@logic:{unused}/stages"
    assert panel.select_key(key)
    panel.go_to(panel.view.currentIndex())
    assert docks.catalogue.isVisible()
    assert docks.catalogue.tree.currentItem().data(0, Qt.ItemDataRole.UserRole) == unused
