"""Deleting elements with their cascades; undo restores every list position exactly."""

from __future__ import annotations

import pytest

from vsm_editor.model import dump_bytes


def test_remove_a_stage_removes_its_handoffs_and_unlinks_it(h):
    h.triplet(lambda: h.m.remove_elements(["st_1"]))
    assert "st_1" not in h.doc
    assert [x.id for x in h.doc.map.handoffs] == ["ho_2"]
    lg_1 = h.doc.get("lg_1")
    assert lg_1.stages == ["st_2"] and lg_1.decision is None  # dc_1 lived on st_1
    assert "dc_1" not in h.doc and "im_1" not in h.doc
    assert h.stack.history == ["Delete"]


def test_undo_of_a_stage_removal_restores_order_everywhere(h):
    original = h.dump()
    stage_order = [s.id for s in h.doc.map.stages]
    h.m.remove_elements(["st_2"])
    h.stack.undo()
    assert [s.id for s in h.doc.map.stages] == stage_order
    assert [x.id for x in h.doc.map.handoffs] == ["ho_1", "ho_2", "ho_3", "ho_4"]
    assert h.doc.get("lg_1").stages == ["st_1", "st_2"]  # list position restored
    assert h.doc.get("lg_2").decision == "dc_3"
    assert h.dump() == original


def test_the_removal_steps_are_recorded_sub_commands(h):
    h.m.remove_elements(["st_2"])
    command = h.stack.commands[-1]
    names = [type(step).__name__ for step in command.steps]
    # handoffs ho_1, ho_2 go first, then lg_1 and lg_2 are unlinked, then the stage goes
    assert names == [
        "RemoveElement",
        "RemoveElement",
        "UnlinkReference",
        "UnlinkReference",
        "RemoveElement",
    ]


def test_multi_delete_is_one_step_and_one_change_set(h):
    h.triplet(lambda: h.m.remove_elements(["st_1", "ho_2", "dc_3", "ln_b", "oc_2", "st_3"]))
    assert [s.id for s in h.doc.map.stages] == ["st_2", "st_4"]
    assert h.doc.map.handoffs == []
    assert [lane.id for lane in h.doc.map.lanes] == ["ln_a"]
    assert h.doc.get("st_2").outcomes == ["oc_1"]
    assert h.doc.get("st_2").decisions == []
    assert h.doc.get("lg_2").decision is None
    assert h.stack.history == ["Delete 6 elements"]


def test_selecting_a_stage_and_its_handoff_and_decision_together_is_fine(h):
    h.triplet(lambda: h.m.remove_elements(["dc_1", "ho_1", "st_1", "ho_1"]))
    assert "st_1" not in h.doc and "ho_1" not in h.doc


@pytest.mark.parametrize(
    ("element_id", "check"),
    [
        ("ho_1", lambda doc: [x.id for x in doc.map.handoffs] == ["ho_2", "ho_3", "ho_4"]),
        ("ln_a", lambda doc: [s.lane for s in doc.map.stages] == [None, None, "ln_b", None]),
        ("oc_1", lambda doc: [s.outcomes for s in doc.map.stages][:2] == [[], ["oc_2"]]),
        ("cp_1", lambda doc: doc.get("lg_1").control_point is None),
        ("cm_1", lambda doc: doc.get("cp_1").component is None),
        ("lg_1", lambda doc: doc.get("cm_1").realizes == ["lg_2"]),
        ("dc_1", lambda doc: doc.get("lg_1").decision is None and doc.get("lg_1").stages),
        ("dc_2", lambda doc: [d.id for d in doc.get("st_1").decisions] == ["dc_1"]),
        ("im_1", lambda doc: doc.get("st_1").improvements == []),
    ],
)
def test_remove_each_kind_with_its_cascade(h, element_id, check):
    h.triplet(lambda: h.m.remove_elements([element_id]))
    assert element_id not in h.doc
    assert check(h.doc)


def test_remove_refusals(h):
    h.refused(lambda: h.m.remove_elements([]), "nothing")
    h.refused(lambda: h.m.remove_elements(["vs_1"]), "stream")
    h.refused(lambda: h.m.remove_elements(["st_1", "zz"]), "zz")


def test_remove_everything_then_undo(h):
    original = h.dump()
    ids = [s.id for s in h.doc.map.stages] + [lane.id for lane in h.doc.map.lanes]
    ids += ["oc_1", "oc_2", "cp_1", "cp_2", "lg_1", "lg_2", "lg_3", "cm_1", "cm_2"]
    h.triplet(lambda: h.m.remove_elements(ids))
    assert h.doc.map.stages == [] and h.doc.map.catalogue.logic == []
    h.stack.undo()
    assert dump_bytes(h.doc.map) == original


def test_cut_returns_the_payload_and_deletes(h):
    clip = h.triplet(lambda: h.m.cut(["st_1", "st_2"]))
    assert [s.name for s in clip.stages] == ["Capture", "Qualify"]
    assert h.stack.undo_text() == "Cut"
    assert [s.id for s in h.doc.map.stages] == ["st_3", "st_4"]


def test_large_deletes_take_the_indexed_path_and_agree_with_small_ones(make_harness):
    ids = ["st_1", "st_3", "ho_2", "dc_3", "ln_b", "oc_2", "cp_1", "lg_3", "cm_2", "im_1"]
    assert len(ids) > 8  # one pass over the map builds a reference index
    at_once, in_parts = make_harness(), make_harness()
    at_once.triplet(lambda: at_once.m.remove_elements(ids))
    in_parts.m.remove_elements(ids[:5])
    in_parts.m.remove_elements([i for i in ids[5:] if i in in_parts.doc])
    assert at_once.dump() == in_parts.dump()
