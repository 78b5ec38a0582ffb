"""Stages: add, move with lane reassignment, resize, rename, properties."""

from __future__ import annotations

import pytest

from vsm_editor.commands import AUTO
from vsm_editor.model import Duration
from vsm_editor.model.geometry import lane_tops, stage_rect


def test_add_stage_at_a_position_takes_the_lane_under_it(h):
    # lanes: Sales 0–160, Ops 160–360, then the no-lane area
    new = h.triplet(lambda: h.m.add_stage("Review", position=(900.0, 200.0)))
    stage = h.doc.get(new)
    assert (stage.name, stage.lane, stage.x, stage.y) == ("Review", "ln_b", 900.0, 40.0)
    assert h.doc.index_of(new) == 4
    assert h.stack.history == ["Add stage"]


def test_add_stage_below_the_lanes_has_no_lane(h):
    new = h.triplet(lambda: h.m.add_stage("Loose", position=(0.0, 400.0)))
    assert h.doc.get(new).lane is None
    assert h.doc.get(new).y == 40.0  # relative to the no-lane area starting at 360


def test_add_stage_in_a_named_lane_goes_right_of_its_last_stage(h):
    new = h.triplet(lambda: h.m.add_stage("Next", lane="ln_a"))
    stage = h.doc.get(new)
    assert stage.lane == "ln_a" and stage.x == 280.0 + 180.0 + 60.0


def test_add_stage_connected_from_another_adds_a_flow_handoff(h):
    new = h.triplet(lambda: h.m.add_stage("Ship", connect_from="st_3", owner="Ops team"))
    stage = h.doc.get(new)
    assert stage.lane == "ln_b" and stage.x == 520.0 + 240.0 and stage.y == 60.0
    assert stage.owner == "Ops team"
    handoff = h.doc.map.handoffs[-1]
    assert (handoff.source, handoff.target, handoff.kind) == ("st_3", new, "flow")
    assert len(h.change_sets[0].changes) == 2  # stage and handoff in one change set


def test_add_stage_refusals(h):
    h.refused(lambda: h.m.add_stage("X", lane="ln_zz"), "ln_zz")
    h.refused(lambda: h.m.add_stage("X", connect_from="st_zz"), "st_zz")
    h.refused(lambda: h.m.add_stage("X", connect_from="ln_a"), "not a stage")
    h.refused(lambda: h.m.add_stage("X", colour="red"), "colour")
    h.refused(lambda: h.m.add_stage("X", split="sideways"), "split")


def test_move_stages_reassigns_lanes_in_the_same_step(h):
    tops = lane_tops(h.doc.map)
    assert tops == {"ln_a": 0.0, "ln_b": 160.0, None: 360.0}
    h.triplet(
        lambda: h.m.move_stages(
            {"st_1": (50.0, 190.0), "st_4": (700.0, 10.0), "st_2": (300.0, 30.0)}
        )
    )
    st1, st2, st4 = (h.doc.get(i) for i in ("st_1", "st_2", "st_4"))
    assert (st1.lane, st1.x, st1.y) == ("ln_b", 50.0, 30.0)  # centre 235 is in Ops
    assert (st4.lane, st4.x, st4.y) == ("ln_a", 700.0, 10.0)
    assert (st2.lane, st2.x, st2.y) == ("ln_a", 300.0, 30.0)
    assert h.stack.history == ["Move stages"]
    for stage_id, where in (("st_1", (50.0, 190.0)), ("st_4", (700.0, 10.0))):
        assert h.m.stage_position(stage_id) == where


def test_move_uses_the_box_centre_for_the_lane(h):
    # top at 120 is in Sales, but the centre (165) is in Ops
    h.triplet(lambda: h.m.move_stages({"st_1": (40.0, 120.0)}))
    assert h.doc.get("st_1").lane == "ln_b" and h.doc.get("st_1").y == -40.0
    rect = stage_rect(h.doc.get("st_1"), lane_tops(h.doc.map))
    assert (rect.x, rect.y) == (40.0, 120.0)


def test_move_refusals(h):
    h.refused(lambda: h.m.move_stages({}), "no stage")
    h.refused(lambda: h.m.move_stages({"ho_1": (0.0, 0.0)}), "not a stage")
    h.refused(lambda: h.m.move_stages({"st_1": (float("nan"), 0.0)}), "finite")


def test_resize_stage(h):
    h.triplet(lambda: h.m.resize_stage("st_3", 240.0, 120.0))
    stage = h.doc.get("st_3")
    assert (stage.width, stage.height, stage.x, stage.y) == (240.0, 120.0, 520.0, 60.0)


def test_resize_from_the_top_left_moves_the_corner_but_keeps_the_lane(h):
    h.triplet(lambda: h.m.resize_stage("st_3", 200.0, 100.0, position=(500.0, 150.0)))
    stage = h.doc.get("st_3")
    assert (stage.lane, stage.x, stage.y, stage.width) == ("ln_b", 500.0, -10.0, 200.0)


def test_resize_refusals(h):
    h.refused(lambda: h.m.resize_stage("st_3", 0.0, 100.0), "positive")
    h.refused(lambda: h.m.resize_stage("st_3", 100.0, float("inf")), "positive")
    h.refused(lambda: h.m.resize_stage("ln_a", 100.0, 100.0), "not a stage")


def test_resize_merges_while_dragging(h):
    for width in (190.0, 200.0, 210.0):
        h.m.resize_stage("st_3", width, 90.0, merge="drag")
    assert h.stack.history == ["Resize stage"]
    h.stack.undo()
    assert h.doc.get("st_3").width == 180.0


@pytest.mark.parametrize(
    ("element_id", "field_name"),
    [
        ("st_1", "name"),
        ("ln_a", "name"),
        ("cm_1", "name"),
        ("vs_1", "name"),
        ("dc_1", "text"),
        ("im_1", "text"),
        ("oc_1", "statement"),
        ("lg_1", "statement"),
        ("ho_1", "label"),
        ("cp_1", "subject"),
    ],
)
def test_rename_any_element(h, element_id, field_name):
    h.triplet(lambda: h.m.rename(element_id, "Новое имя 受付"))
    assert getattr(h.doc.get(element_id), field_name) == "Новое имя 受付"
    assert h.stack.undo_text() == "Rename"


def test_rename_refusals(h):
    h.refused(lambda: h.m.rename("st_1", "   "), "cannot be empty")
    h.refused(lambda: h.m.rename("nope", "x"), "no element")


def test_a_handoff_label_may_be_cleared(h):
    h.triplet(lambda: h.m.rename("ho_1", ""))
    assert h.doc.get("ho_1").label == ""


def test_set_property_on_one_element(h):
    h.triplet(lambda: h.m.set_property("st_1", "process_time", Duration(value=3, unit="hours")))
    value = h.doc.get("st_1").process_time
    assert value == Duration(value=3.0, unit="hours") and isinstance(value.value, float)


def test_set_property_accepts_plain_builtins_and_converts_them(h):
    h.triplet(lambda: h.m.set_property("ho_2", "wait", {"value": 1, "unit": "working_days"}))
    assert h.doc.get("ho_2").wait == Duration(value=1.0, unit="working_days")


def test_set_property_on_several_stages_is_one_step(h):
    h.triplet(lambda: h.m.set_property(["st_1", "st_3", "st_4"], "owner", "Finance"))
    assert [s.owner for s in h.doc.map.stages] == ["Finance", "", "Finance", "Finance"]
    assert h.stack.history == ["Change owner"]


def test_set_property_lane_keeps_the_offset_in_the_band(h):
    h.triplet(lambda: h.m.set_property(["st_1", "st_4"], "lane", "ln_b"))
    assert [(s.lane, s.y) for s in h.doc.map.stages if s.id in ("st_1", "st_4")] == [
        ("ln_b", 40.0),
        ("ln_b", 20.0),
    ]


def test_set_property_refusals(h):
    h.refused(lambda: h.m.set_property("st_1", "id", "st_9"), "no editable field")
    h.refused(lambda: h.m.set_property("st_1", "colour", "red"), "no editable field")
    h.refused(lambda: h.m.set_property("st_1", "decisions", []), "one by one")
    h.refused(lambda: h.m.set_property("st_1", "x", "left"), "x")
    h.refused(lambda: h.m.set_property("st_1", "lane", "st_2"), "not a lane")
    h.refused(lambda: h.m.set_property("st_1", "outcomes", ["oc_1", "oc_1"]), "twice")
    h.refused(lambda: h.m.set_property("ho_1", "target", "st_1"), "itself")
    flow = h.m.connect("st_1", "st_3")
    h.refused(lambda: h.m.set_property(flow, "kind", "information"), "already an information")
    h.refused(lambda: h.m.set_property("lg_1", "stages", ["st_2"]), "decision")
    h.refused(lambda: h.m.set_property(["st_1", "nope"], "owner", "A"), "nope")
    # the first element is valid, the second is not: nothing changes
    assert h.doc.get("st_1").owner == ""


def test_update_several_fields_is_one_step(h):
    h.triplet(lambda: h.m.update("cp_2", kind="background", subject="Nightly check"))
    cp = h.doc.get("cp_2")
    assert (cp.kind, cp.subject) == ("background", "Nightly check")
    assert h.stack.history == ["Edit control point"]


def test_update_is_refused_as_a_whole(h):
    h.refused(lambda: h.m.update("cp_2", subject="ok", kind="sometimes"), "kind")


def test_auto_is_a_readable_sentinel():
    assert repr(AUTO) == "AUTO"
