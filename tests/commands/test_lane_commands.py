"""Lanes: add, remove (stages moved or set free), reorder, rename, recolour, resize."""

from __future__ import annotations

from vsm_editor.model.geometry import lane_tops, stage_rect


def test_add_lane_at_the_bottom_and_at_an_index(h):
    bottom = h.triplet(lambda: h.m.add_lane("Finance"))
    top = h.triplet(lambda: h.m.add_lane("Legal", index=0, colour="#fde2e2", height=120))
    assert [lane.id for lane in h.doc.map.lanes] == [top, "ln_a", "ln_b", bottom]
    legal = h.doc.get(top)
    assert (legal.name, legal.colour, legal.height) == ("Legal", "#fde2e2", 120.0)


def test_add_lane_refusals(h):
    h.refused(lambda: h.m.add_lane(" "), "empty")
    h.refused(lambda: h.m.add_lane("X", height=0), "positive")


def test_remove_lane_moves_its_stages_to_the_named_lane_inside_its_band(h):
    h.m.set_property("st_2", "y", 150.0)  # hangs out of a 200 high band once moved
    h.stack.clear()
    h.triplet(lambda: h.m.remove_lane("ln_a", move_stages_to="ln_b"))
    assert [lane.id for lane in h.doc.map.lanes] == ["ln_b"]
    st1, st2 = h.doc.get("st_1"), h.doc.get("st_2")
    assert (st1.lane, st1.y) == ("ln_b", 40.0)
    assert (st2.lane, st2.y) == ("ln_b", 110.0)  # 200 - 90
    assert h.stack.undo_text() == "Delete lane"


def test_remove_lane_to_no_lane(h):
    h.triplet(lambda: h.m.remove_lane("ln_b"))
    assert h.doc.get("st_3").lane is None and h.doc.get("st_3").y == 60.0


def test_remove_lane_refusals(h):
    h.refused(lambda: h.m.remove_lane("ln_a", move_stages_to="ln_a"), "being deleted")
    h.refused(lambda: h.m.remove_lane("ln_a", move_stages_to="st_1"), "not a lane")
    h.refused(lambda: h.m.remove_lane("st_1"), "not a lane")


def test_reorder_lanes_carries_their_stages(h):
    before = stage_rect(h.doc.get("st_3"), lane_tops(h.doc.map))
    h.triplet(lambda: h.m.reorder("ln_b", 0))
    assert [lane.id for lane in h.doc.map.lanes] == ["ln_b", "ln_a"]
    assert [s.lane for s in h.doc.map.stages] == ["ln_a", "ln_a", "ln_b", None]
    after = stage_rect(h.doc.get("st_3"), lane_tops(h.doc.map))
    assert (after.y, before.y) == (60.0, 220.0)  # Ops is now the top band
    assert h.stack.undo_text() == "Reorder lane"


def test_reorder_to_the_same_place_records_nothing(h):
    h.m.reorder("ln_a", 0)
    h.m.reorder("ln_b", 99)  # clamped to the last place, where it is
    assert h.stack.history == []


def test_rename_recolour_resize_lane(h):
    h.triplet(lambda: h.m.rename("ln_a", "Sales & marketing"))
    h.triplet(lambda: h.m.recolour_lane("ln_a", "#ffeecc"))
    h.triplet(lambda: h.m.resize_lane("ln_a", 240.0))
    lane = h.doc.get("ln_a")
    assert (lane.name, lane.colour, lane.height) == ("Sales & marketing", "#ffeecc", 240.0)
    assert h.stack.history == ["Rename", "Recolour lane", "Resize lane"]


def test_resize_lane_refusals(h):
    assert h.m.min_lane_height("ln_a") == 130.0
    h.refused(lambda: h.m.resize_lane("ln_a", 100.0), "too small")
    h.refused(lambda: h.m.resize_lane("ln_a", -5.0), "positive")
    h.refused(lambda: h.m.resize_lane("st_1", 300.0), "not a lane")
    h.refused(lambda: h.m.recolour_lane("ln_a", ""), "colour")


def test_resize_lane_drag_merges(h):
    for height in (170.0, 180.0, 190.0):
        h.m.resize_lane("ln_a", height, merge="drag")
    assert h.stack.history == ["Resize lane"]
