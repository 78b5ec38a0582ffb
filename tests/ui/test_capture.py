"""Fast capture driven as a facilitator drives it: keys only, names typed on the canvas."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit
from ui_testkit import make_map

from vsm_editor.model import Duration, dump_bytes, save_map
from vsm_editor.model.geometry import lane_tops, stage_rect

# The ten steps of "Delivering a New Secure API" (seed article 002, section 3).
SECURE_API_STEPS = [
    "Customer request / product intake",
    "Requirement clarification (functional, regulatory, security)",
    "Architecture and risk review",
    "Development",
    "Testing (functional, security, performance)",
    "Compliance and audit checks",
    "Deployment to production",
    "Monitoring and alerting setup",
    "Billing and reporting enablement",
    "Customer support readiness",
]
Shift = Qt.KeyboardModifier.ShiftModifier


def inline_editor(window) -> QLineEdit | None:
    return window.view.findChild(QLineEdit, "inline-rename")


def chain_names(doc) -> list[str]:
    """Stage names along the flow from the single start stage."""
    nexts = {h.source: h.target for h in doc.map.handoffs if h.kind == "flow"}
    targets = set(nexts.values())
    (start,) = [s.id for s in doc.map.stages if s.id not in targets]
    names, current = [], start
    while current is not None:
        names.append(doc.get(current).name)
        current = nexts.get(current)
    return names


def active(qtbot, window):
    qtbot.addWidget(window)
    with qtbot.waitActive(window):
        window.activateWindow()
    window.view.setFocus()
    return window


@pytest.fixture
def blank(editor, qtbot):
    return active(qtbot, editor.new_document())


@pytest.fixture
def chain(editor, qtbot, tmp_path):
    """A window on a three-stage chain st_0 → st_1 → st_2 in two lanes; the handoff into
    st_1 waits two days."""
    anatomy = make_map(3, lanes=1)
    anatomy.handoffs[0].wait = Duration(value=2, unit="working_days")
    path = tmp_path / "chain.vsm.json"
    save_map(anatomy, path)
    return active(qtbot, editor.open_path(str(path)))


def test_secure_api_stream_typed_with_one_key_per_stage(blank, qtbot):
    view, doc = blank.view, blank.session.document
    empty = dump_bytes(doc.map)
    other_keys = 0
    first = SECURE_API_STEPS[0]
    qtbot.keyClicks(view, first[0])  # an empty map: typing starts the first stage
    for index, name in enumerate(SECURE_API_STEPS):
        editor = inline_editor(blank)
        assert editor is not None and editor.hasFocus(), f"no name editor for step {index}"
        qtbot.keyClicks(editor, name[1:] if index == 0 else name)  # typing replaces the placeholder
        if index < len(SECURE_API_STEPS) - 1:
            qtbot.keyClick(editor, Qt.Key.Key_Tab)  # keep the name, start the next stage
            other_keys += 1
    qtbot.keyClick(inline_editor(blank), Qt.Key.Key_Return)  # keep the last name
    other_keys += 1

    assert other_keys == len(SECURE_API_STEPS)  # 9 Tabs and the final Enter: one per stage
    assert inline_editor(blank) is None
    assert len(doc.map.stages) == 10 and len(doc.map.handoffs) == 9
    assert chain_names(doc) == SECURE_API_STEPS
    tops = lane_tops(doc.map)
    rects = [stage_rect(s, tops) for s in doc.map.stages]
    assert all(a.right < b.x for a, b in zip(rects, rects[1:], strict=False))  # left to right
    assert view.map_scene.stages[doc.map.stages[-1].id].isSelected()
    # each stage, with its typed name, is one undo step
    assert blank.session.editing.index() == 10
    assert blank.session.editing.labels() == ["Add next stage"] * 10
    blank.session.editing.undo()
    assert [s.name for s in doc.map.stages] == SECURE_API_STEPS[:9]
    for _ in range(9):
        blank.session.editing.undo()
    assert dump_bytes(doc.map) == empty


def test_tab_in_mid_stream_inserts_and_moves_downstream(chain, qtbot):
    view, doc, editing = chain.view, chain.session.document, chain.session.editing
    before = dump_bytes(doc.map)
    x1, x2 = doc.get("st_1").x, doc.get("st_2").x
    view.map_scene.select_ids(["st_0"])
    qtbot.keyClick(view, Qt.Key.Key_Tab)
    qtbot.keyClicks(inline_editor(chain), "Security sign-off")
    qtbot.keyClick(inline_editor(chain), Qt.Key.Key_Return)
    new = next(s for s in doc.map.stages if s.name == "Security sign-off")
    assert chain_names(doc) == ["Stage 0", "Security sign-off", "Stage 1", "Stage 2"]
    old = doc.get("ho_0")  # the original handoff now leads into Stage 1 and keeps its wait
    assert (old.source, old.target) == (new.id, "st_1")
    assert old.wait == Duration(value=2, unit="working_days")
    shift = doc.get("st_1").x - x1
    assert shift > 0 and doc.get("st_2").x - x2 == shift
    assert doc.get("st_1").x >= new.x + new.width
    assert editing.index() == 1
    editing.undo()
    assert dump_bytes(doc.map) == before


def test_shift_enter_adds_a_branch_below_from_the_same_predecessor(chain, qtbot):
    view, doc, editing = chain.view, chain.session.document, chain.session.editing
    before = dump_bytes(doc.map)
    lane_height = doc.map.lanes[0].height
    view.map_scene.select_ids(["st_1"])
    qtbot.keyClick(view, Qt.Key.Key_Return, Shift)
    qtbot.keyClicks(inline_editor(chain), "Fast track")
    qtbot.keyClick(inline_editor(chain), Qt.Key.Key_Return)
    branch = next(s for s in doc.map.stages if s.name == "Fast track")
    sibling = doc.get("st_1")
    assert any(h.source == "st_0" and h.target == branch.id for h in doc.map.handoffs)
    assert branch.lane == sibling.lane and branch.x == sibling.x
    assert branch.y >= sibling.y + sibling.height  # below, not on top
    assert doc.map.lanes[0].height >= branch.y + branch.height  # the lane grew to hold it
    assert doc.map.lanes[0].height > lane_height
    assert editing.index() == 1
    editing.undo()
    assert dump_bytes(doc.map) == before


def test_shift_enter_while_typing_keeps_the_name_and_branches(chain, qtbot):
    view, doc = chain.view, chain.session.document
    view.map_scene.select_ids(["st_2"])
    qtbot.keyClick(view, Qt.Key.Key_Tab)
    qtbot.keyClicks(inline_editor(chain), "Deploy")
    qtbot.keyClick(inline_editor(chain), Qt.Key.Key_Return, Shift)
    qtbot.keyClicks(inline_editor(chain), "Hotfix")
    qtbot.keyClick(inline_editor(chain), Qt.Key.Key_Return)
    names = {s.name: s.id for s in doc.map.stages}
    assert {"Deploy", "Hotfix"} <= set(names)
    sources = {h.target: h.source for h in doc.map.handoffs}
    assert sources[names["Deploy"]] == "st_2" and sources[names["Hotfix"]] == "st_2"
    assert chain.session.editing.index() == 2


def test_refusals_are_shown_and_change_nothing(chain, qtbot):
    view, doc = chain.view, chain.session.document
    before = dump_bytes(doc.map)
    view.map_scene.select_ids(["st_0", "st_1"])
    qtbot.keyClick(view, Qt.Key.Key_Tab)
    assert "Select one stage" in view.feedback_text()
    view.map_scene.clearSelection()
    qtbot.keyClick(view, Qt.Key.Key_Return, Shift)
    assert "Select one stage" in view.feedback_text()
    # an emptied name is refused; the stage keeps its placeholder, in the same step
    view.map_scene.select_ids(["st_2"])
    qtbot.keyClick(view, Qt.Key.Key_Tab)
    inline_editor(chain).clear()
    qtbot.keyClick(inline_editor(chain), Qt.Key.Key_Return)
    assert "cannot be empty" in view.feedback_text()
    assert chain.session.editing.index() == 1
    chain.session.editing.undo()
    assert dump_bytes(doc.map) == before


def test_paste_ten_lines_from_an_email_and_a_spreadsheet(chain, qtbot):
    view, doc, editing = chain.view, chain.session.document, chain.session.editing
    before = dump_bytes(doc.map)
    lines = [
        "• Intake\tProduct",
        "- Clarify\tProduct",
        "* Risk review\tArchitect\tSecurity",
        "1. Build\tDev team\tLane 0",
        "2) Test\tQA",
        "",
        "(3) Compliance check\tAuditor\tcompliance",
        "> Deploy\tOps\tOperations",
        "[ ] Monitor\tOps",
        "   Billing   ",
        "10: Support readiness\tSupport\tCompliance",
    ]
    QApplication.clipboard().setText("\r\n".join(lines) + "\r\n")
    view.map_scene.select_ids(["st_2"])
    qtbot.keyClick(view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    names = ["Intake", "Clarify", "Risk review", "Build", "Test", "Compliance check",
             "Deploy", "Monitor", "Billing", "Support readiness"]
    assert chain_names(doc) == ["Stage 0", "Stage 1", "Stage 2", *names]
    by_name = {s.name: s for s in doc.map.stages}
    lanes = {lane.id: lane.name for lane in doc.map.lanes}
    assert by_name["Risk review"].owner == "Architect"
    assert lanes[by_name["Risk review"].lane] == "Security"
    assert lanes[by_name["Build"].lane] == "Lane 0"  # existing lane, matched by name
    assert lanes[by_name["Test"].lane] == "Lane 0"  # no lane column: the previous lane
    assert lanes[by_name["Compliance check"].lane] == "compliance"
    assert lanes[by_name["Support readiness"].lane] == "compliance"  # matched, any case
    assert sorted(lanes.values()) == ["Lane 0", "Operations", "Security", "compliance"]
    assert by_name["Billing"].owner == ""
    assert {view.map_scene.element_id(i) for i in view.map_scene.selectedItems()} == {
        by_name[n].id for n in names}
    assert editing.labels() == ["Paste 10 lines as stages"]
    editing.undo()
    assert dump_bytes(doc.map) == before


def test_insert_into_selected_handoff_and_undo(chain, qtbot):
    view, doc, editing = chain.view, chain.session.document, chain.session.editing
    before = dump_bytes(doc.map)
    view.map_scene.select_ids(["ho_0"])
    chain.actions_by_name["insert_into_handoff"].trigger()
    qtbot.keyClicks(inline_editor(chain), "Forgotten step")
    qtbot.keyClick(inline_editor(chain), Qt.Key.Key_Return)
    new = next(s for s in doc.map.stages if s.name == "Forgotten step")
    assert chain_names(doc) == ["Stage 0", "Forgotten step", "Stage 1", "Stage 2"]
    kept = doc.get("ho_0")
    assert (kept.source, kept.target) == (new.id, "st_1") and kept.wait is not None
    first = next(h for h in doc.map.handoffs if h.target == new.id)
    assert first.wait is None
    assert editing.labels() == ["Insert stage into handoff"]
    editing.undo()
    assert dump_bytes(doc.map) == before
    # Tab on a selected handoff does the same
    view.map_scene.select_ids(["ho_1"])
    qtbot.keyClick(view, Qt.Key.Key_Tab)
    qtbot.keyClick(inline_editor(chain), Qt.Key.Key_Return)
    assert chain_names(doc) == ["Stage 0", "Stage 1", "New stage", "Stage 2"]


def _viewport_drag(qtbot, view, start, end, steps: int = 8) -> None:
    port = view.viewport()
    qtbot.mousePress(port, Qt.MouseButton.LeftButton, pos=start)
    for i in range(1, steps + 1):
        qtbot.mouseMove(port, start + (end - start) * (i / steps))
    qtbot.mouseRelease(port, Qt.MouseButton.LeftButton, pos=end)


@pytest.fixture
def spread(editor, qtbot, tmp_path):
    """A → B far apart in one tall lane, C right of B, a loose stage L under the gap."""
    from vsm_editor.model import Handoff, Lane, Stage, new_map

    anatomy = new_map("Spread")
    anatomy.lanes = [Lane(id="ln_a", name="Team", height=320.0)]
    anatomy.stages = [
        Stage(id="st_a", name="A", lane="ln_a", x=40.0, y=40.0),
        Stage(id="st_b", name="B", lane="ln_a", x=700.0, y=40.0),
        Stage(id="st_c", name="C", lane="ln_a", x=1000.0, y=40.0),
        Stage(id="st_l", name="Loose", lane="ln_a", x=370.0, y=200.0),
    ]
    anatomy.handoffs = [
        Handoff(id="ho_ab", source="st_a", target="st_b",
                wait=Duration(value=3, unit="working_days")),
        Handoff(id="ho_bc", source="st_b", target="st_c"),
    ]
    path = tmp_path / "spread.vsm.json"
    save_map(anatomy, path)
    window = active(qtbot, editor.open_path(str(path)))
    window.view.zoom_reset()
    window.view.centerOn(600, 160)
    return window


def _centre(view, stage_id):
    return view.mapFromScene(view.map_scene.stages[stage_id].sceneBoundingRect().center())


def test_dropping_a_loose_stage_on_a_handoff_splits_it(spread, qtbot):
    view, doc, editing = spread.view, spread.session.document, spread.session.editing
    before = dump_bytes(doc.map)
    start = _centre(view, "st_l")
    end = start + (view.mapFromScene(0, 85) - view.mapFromScene(0, 245))  # up onto the line
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=start)
    _viewport_drag(qtbot, view, start, end)
    kept = doc.get("ho_ab")
    assert (kept.source, kept.target) == ("st_l", "st_b")
    assert kept.wait == Duration(value=3, unit="working_days")  # the queue before B stays
    assert any(h.source == "st_a" and h.target == "st_l" and h.wait is None
               for h in doc.map.handoffs)
    assert doc.get("st_l").y < 100  # and it moved, in the same step
    assert editing.labels() == ["Insert stage into handoff"]
    editing.undo()
    assert dump_bytes(doc.map) == before


def test_dropping_a_connected_stage_only_moves_it(spread, qtbot):
    view, doc, editing = spread.view, spread.session.document, spread.session.editing
    start = _centre(view, "st_c")
    end = start + (view.mapFromScene(560, 0) - view.mapFromScene(1090, 0))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=start)
    _viewport_drag(qtbot, view, start, end)
    assert doc.get("ho_ab").target == "st_b" and doc.get("ho_bc").target == "st_c"
    assert editing.labels() == ["Move stage"]


def test_reconnect_by_dragging_a_handoff_end(spread, qtbot):
    view, doc, editing = spread.view, spread.session.document, spread.session.editing
    before = dump_bytes(doc.map)
    view.map_scene.select_ids(["ho_ab"])
    grips = spread.handoff_ends.grips
    assert grips["source"].isVisible() and grips["target"].isVisible()
    target_grip = view.mapFromScene(grips["target"].pos())
    _viewport_drag(qtbot, view, target_grip, _centre(view, "st_l"))
    assert doc.get("ho_ab").target == "st_l"
    assert doc.get("ho_ab").wait == Duration(value=3, unit="working_days")
    assert editing.labels() == ["Reconnect handoff"]
    editing.undo()
    assert dump_bytes(doc.map) == before
    # the source end onto the target itself would be a loop: refused, explained, unchanged
    view.map_scene.select_ids(["ho_ab"])
    source_grip = view.mapFromScene(grips["source"].pos())
    _viewport_drag(qtbot, view, source_grip, _centre(view, "st_b"))
    assert "itself" in view.feedback_text()
    assert dump_bytes(doc.map) == before
    assert editing.index() == 0


def test_tab_in_a_lane_name_field_adds_no_stage(chain, qtbot):
    from PySide6.QtWidgets import QLineEdit as Field

    field = Field("Lane 0", chain.view.viewport())  # as the lane header's rename field is
    field.show()
    field.setFocus()
    chain.view.map_scene.select_ids(["st_2"])
    qtbot.keyClick(field, Qt.Key.Key_Tab)
    assert len(chain.session.document.map.stages) == 3
