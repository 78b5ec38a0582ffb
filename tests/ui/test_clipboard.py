"""Cut, copy, paste and duplicate through the system clipboard, within a map and between
two windows; catalogue items are re-linked or brought along, never duplicated."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from vsm_editor.commands import CLIPBOARD_MIME
from vsm_editor.model import dump_bytes
from vsm_editor.model.geometry import lane_tops, stage_rect
from vsm_editor.ui.clipboard import payload_of

Ctrl = Qt.KeyboardModifier.ControlModifier
COPIED = ["st_clarify", "st_risk_review", "st_develop"]


def activate(qtbot, window):
    with qtbot.waitActive(window):
        window.activateWindow()
    window.view.setFocus()
    return window


@pytest.fixture
def source(editor, qtbot):
    window = editor.new_from_template("secure-api")
    qtbot.addWidget(window)
    return activate(qtbot, window)


@pytest.fixture
def target(editor, qtbot):
    window = editor.new_document()
    qtbot.addWidget(window)
    return window


def catalogue_sizes(doc) -> tuple[int, int, int, int]:
    cat = doc.map.catalogue
    return (len(doc.map.outcomes), len(cat.control_points), len(cat.logic), len(cat.components))


def no_overlaps(doc) -> bool:
    tops = lane_tops(doc.map)
    rects = [stage_rect(s, tops) for s in doc.map.stages]
    return not any(a.intersects(b) for i, a in enumerate(rects) for b in rects[i + 1:])


def test_copy_puts_the_payload_and_the_names_as_lines(source, qtbot):
    source.view.map_scene.select_ids(COPIED)
    qtbot.keyClick(source.view, Qt.Key.Key_C, Ctrl)
    data = QApplication.clipboard().mimeData()
    assert data.hasFormat(CLIPBOARD_MIME)
    names = [source.session.document.get(s).name for s in COPIED]
    assert data.text().splitlines() == names
    clip = payload_of(data)
    assert [s.id for s in clip.stages] == COPIED
    assert source.session.editing.index() == 0  # copying changes nothing


def test_copy_between_windows_then_undo(source, target, qtbot):
    source.view.map_scene.select_ids(COPIED)
    qtbot.keyClick(source.view, Qt.Key.Key_C, Ctrl)
    inner = [h for h in source.session.document.map.handoffs
             if h.source in COPIED and h.target in COPIED]
    doc, editing = target.session.document, target.session.editing
    empty = dump_bytes(doc.map)
    activate(qtbot, target)
    qtbot.keyClick(target.view, Qt.Key.Key_V, Ctrl)
    assert len(doc.map.stages) == 3 and len(doc.map.handoffs) == len(inner) > 0
    assert {lane.name for lane in doc.map.lanes} == {"Product management", "Security",
                                                     "Engineering"}
    first = catalogue_sizes(doc)
    assert first[2] > 0 and first[3] > 0  # logic and components came along
    assert "added" in target.statusBar().currentMessage()
    pasted = set(target.view.map_scene.selected_ids())
    assert pasted == {s.id for s in doc.map.stages}
    after_first = dump_bytes(doc.map)
    # a second paste re-links the same catalogue items: nothing is duplicated
    qtbot.keyClick(target.view, Qt.Key.Key_V, Ctrl)
    assert len(doc.map.stages) == 6 and catalogue_sizes(doc) == first
    assert "re-linked" in target.statusBar().currentMessage()
    assert no_overlaps(doc)
    logic = next(item for item in doc.map.catalogue.logic if len(item.stages) > 1)
    assert len(logic.stages) >= 2  # one catalogue item, used by both copies
    assert editing.labels() == ["Paste", "Paste"]
    editing.undo()
    assert dump_bytes(doc.map) == after_first
    editing.undo()
    assert dump_bytes(doc.map) == empty
    assert source.session.editing.index() == 0


def test_paste_into_the_same_map_relinks_and_finds_a_free_place(source, qtbot):
    doc, editing = source.session.document, source.session.editing
    before, sizes = dump_bytes(doc.map), catalogue_sizes(doc)
    source.view.map_scene.select_ids(COPIED)
    qtbot.keyClick(source.view, Qt.Key.Key_C, Ctrl)
    qtbot.keyClick(source.view, Qt.Key.Key_V, Ctrl)
    assert len(doc.map.stages) == 13 and catalogue_sizes(doc) == sizes
    assert no_overlaps(doc)
    editing.undo()
    assert dump_bytes(doc.map) == before


def test_cut_and_duplicate_are_one_step_each(source, qtbot):
    doc, editing = source.session.document, source.session.editing
    before, sizes = dump_bytes(doc.map), catalogue_sizes(doc)
    source.view.map_scene.select_ids(["st_develop"])
    qtbot.keyClick(source.view, Qt.Key.Key_D, Ctrl | Qt.KeyboardModifier.ShiftModifier)
    assert len(doc.map.stages) == 11 and no_overlaps(doc)
    assert catalogue_sizes(doc) == sizes  # the copy uses the same catalogue items
    source.view.map_scene.select_ids(COPIED)
    qtbot.keyClick(source.view, Qt.Key.Key_X, Ctrl)
    assert "st_clarify" not in doc and len(doc.map.stages) == 8
    assert QApplication.clipboard().text().splitlines()[0] == "Requirement clarification"
    assert editing.labels() == ["Duplicate", "Cut"]
    editing.undo()
    editing.undo()
    assert dump_bytes(doc.map) == before


def test_nothing_selected_is_explained(source, qtbot):
    source.view.map_scene.clearSelection()
    qtbot.keyClick(source.view, Qt.Key.Key_C, Ctrl)
    assert "Select the stages to copy" in source.view.feedback_text()
