"""Handoffs: connect (and its refusals), reconnect, insert a stage into a handoff."""

from __future__ import annotations

from vsm_editor.model import Duration, Percent, Rate


def test_connect_adds_a_handoff_at_the_end(h):
    new = h.triplet(lambda: h.m.connect("st_3", "st_4", label="activated account"))
    handoff = h.doc.map.handoffs[-1]
    assert (handoff.id, handoff.source, handoff.target, handoff.kind) == (
        new,
        "st_3",
        "st_4",
        "flow",
    )
    assert handoff.label == "activated account"
    assert h.stack.undo_text() == "Connect"


def test_connect_another_kind_between_connected_stages(h):
    h.triplet(lambda: h.m.connect("st_1", "st_2", kind="information"))
    assert [(x.source, x.target, x.kind) for x in h.doc.map.handoffs][-1] == (
        "st_1",
        "st_2",
        "information",
    )


def test_connect_refuses_self_loops_and_duplicates_with_a_reason(h):
    assert h.m.can_connect("st_1", "st_1") == "a stage cannot hand off to itself"
    h.refused(lambda: h.m.connect("st_1", "st_1"), "cannot hand off to itself")
    reason = h.refused(lambda: h.m.connect("st_1", "st_2"), "already a flow handoff").reason
    assert "'Capture'" in reason and "'Qualify'" in reason
    h.refused(lambda: h.m.connect("st_1", "ln_a"), "not a stage")
    h.refused(lambda: h.m.connect("st_1", "st_99"), "st_99")
    h.refused(lambda: h.m.connect("st_1", "st_4", kind="maybe"), "kind")
    assert h.m.can_connect("st_4", "st_1") is None


def test_reconnect_target(h):
    h.triplet(lambda: h.m.reconnect("ho_1", target="st_4"))
    handoff = h.doc.get("ho_1")
    assert (handoff.source, handoff.target, handoff.label) == ("st_1", "st_4", "lead")
    assert h.doc.index_of("ho_1") == 0


def test_reconnect_source(h):
    h.triplet(lambda: h.m.reconnect("ho_2", source="st_4"))
    assert (h.doc.get("ho_2").source, h.doc.get("ho_2").target) == ("st_4", "st_3")


def test_reconnect_both_ends_reversing_the_handoff_keeps_its_place_and_data(h):
    # every one-end-at-a-time route passes through a self-loop
    h.triplet(lambda: h.m.reconnect("ho_1", source="st_2", target="st_1"))
    handoff = h.doc.get("ho_1")
    assert (handoff.source, handoff.target) == ("st_2", "st_1")
    assert handoff.wait == Duration(value=2.0, unit="hours") and handoff.label == "lead"
    assert h.doc.index_of("ho_1") == 0


def test_reconnect_both_ends_where_the_order_matters(h):
    # ho_2 st_2→st_3 becomes st_3→st_2: source-first would be a self-loop
    h.triplet(lambda: h.m.reconnect("ho_2", source="st_3", target="st_4"))
    assert (h.doc.get("ho_2").source, h.doc.get("ho_2").target) == ("st_3", "st_4")


def test_reconnect_refusals(h):
    h.refused(lambda: h.m.reconnect("ho_1", target="st_1"), "itself")
    h.refused(lambda: h.m.reconnect("ho_2", source="st_1", target="st_2"), "already")
    h.refused(lambda: h.m.reconnect("st_1", target="st_2"), "not a handoff")
    h.refused(lambda: h.m.reconnect("ho_1", target="cm_1"), "not a stage")
    assert h.m.can_reconnect("ho_1", target="st_4") is None


def test_insert_stage_into_handoff_splits_it(h):
    new = h.triplet(lambda: h.m.insert_stage_into_handoff("ho_1", "Verify"))
    original = h.doc.get("ho_1")
    first = h.doc.map.handoffs[h.doc.index_of("ho_1") - 1]
    # A→S is new, before the original in the list; it carries the split's share
    assert (first.source, first.target, first.kind) == ("st_1", new, "flow")
    assert first.share == Percent(value=60.0) and first.wait is None
    # the original handoff now runs S→B and keeps the wait before B and its label
    assert (original.source, original.target) == (new, "st_2")
    assert original.wait == Duration(value=2.0, unit="hours") and original.label == "lead"
    assert original.share is None
    stage = h.doc.get(new)
    assert stage.name == "Verify" and stage.lane == "ln_a"
    assert stage.x == (40 + 90 + 280 + 90) / 2 - 90  # midway between the two boxes
    assert h.stack.undo_text() == "Insert stage into handoff"


def test_insert_stage_into_a_rework_handoff_moves_the_rate_to_the_first_part(h):
    new = h.triplet(lambda: h.m.insert_stage_into_handoff("ho_3", "Fix", position=(600, 380)))
    first = h.doc.map.handoffs[h.doc.index_of("ho_3") - 1]
    assert (first.source, first.target, first.kind) == ("st_3", new, "rework")
    assert first.rework_rate == Rate(value=0.1)
    assert h.doc.get("ho_3").rework_rate is None
    assert h.doc.get(new).lane is None  # placed below the lanes


def test_insert_stage_into_handoff_refusals(h):
    h.refused(lambda: h.m.insert_stage_into_handoff("st_1", "X"), "not a handoff")
    h.refused(lambda: h.m.insert_stage_into_handoff("ho_9", "X"), "ho_9")
