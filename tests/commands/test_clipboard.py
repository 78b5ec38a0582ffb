"""Copy, paste and duplicate, within a map and between maps."""

from __future__ import annotations

import pytest

from vsm_editor.commands import Clipboard
from vsm_editor.model import new_map


def test_copy_takes_stages_their_handoffs_lanes_and_catalogue(h):
    clip = h.m.copy(["st_1", "st_2", "ho_4"])
    assert [s.id for s in clip.stages] == ["st_1", "st_2"]
    assert [x.id for x in clip.handoffs] == ["ho_1"]  # only handoffs with both ends copied
    assert [lane.id for lane in clip.lanes] == ["ln_a"]
    assert [o.id for o in clip.outcomes] == ["oc_1", "oc_2"]
    assert [x.id for x in clip.logic] == ["lg_1", "lg_2"]
    assert [cp.id for cp in clip.control_points] == ["cp_1", "cp_2"]
    assert [c.id for c in clip.components] == ["cm_1"]
    assert clip.source == "vs_1"
    assert clip.text() == "Capture\nQualify"
    assert h.change_sets == [] and h.stack.history == []


def test_copy_trims_catalogue_links_to_the_copied_stages(h):
    clip = h.m.copy(["st_2"])
    lg_1 = next(x for x in clip.logic if x.id == "lg_1")
    assert lg_1.stages == ["st_2"] and lg_1.decision is None  # dc_1 is on st_1
    assert h.doc.get("lg_1").stages == ["st_1", "st_2"]  # the map is untouched


def test_clipboard_round_trips_through_bytes(h):
    clip = h.m.copy(["st_1", "st_2"])
    assert Clipboard.from_bytes(clip.to_bytes()) == clip
    with pytest.raises(ValueError, match="not a vsm-editor clipboard"):
        Clipboard.from_bytes(b'{"format": "other"}')
    with pytest.raises(ValueError, match="not a vsm-editor clipboard"):
        Clipboard.from_bytes(b"[1, 2]")


def test_duplicate_in_the_same_map_shares_the_catalogue(h):
    catalogue_before = (len(h.doc.map.outcomes), len(h.doc.map.catalogue.logic))
    new = h.triplet(lambda: h.m.duplicate(["st_1", "st_2"], dx=0, dy=20))
    assert len(new) == 2 and not set(new) & {"st_1", "st_2"}
    one, two = (h.doc.get(i) for i in new)
    assert (one.name, one.lane, one.x, one.y) == ("Capture", "ln_a", 40.0, 60.0)
    assert one.outcomes == ["oc_1"] and two.outcomes == ["oc_1", "oc_2"]
    assert {d.text for d in one.decisions} == {"Check identity", "Approve margin"}
    assert not {d.id for d in one.decisions} & {"dc_1", "dc_2"}
    pasted = h.doc.map.handoffs[-1]
    assert (pasted.source, pasted.target, pasted.label) == (one.id, two.id, "lead")
    # catalogue items re-linked, never duplicated
    assert (len(h.doc.map.outcomes), len(h.doc.map.catalogue.logic)) == catalogue_before
    assert h.doc.get("lg_1").stages == ["st_1", "st_2", one.id, two.id]
    assert h.doc.get("lg_1").decision == "dc_1"  # an existing item keeps its decision
    assert h.stack.undo_text() == "Duplicate"


def test_paste_into_another_map_brings_the_catalogue_once(h, make_harness):
    clip = Clipboard.from_bytes(h.m.copy(["st_1", "st_2"]).to_bytes())
    other = make_harness(new_map("Other"))
    first = other.triplet(lambda: other.m.paste(clip))
    doc = other.doc
    assert [lane.name for lane in doc.map.lanes] == ["Sales"]
    assert [o.id for o in doc.map.outcomes] == ["oc_1", "oc_2"]
    assert [x.id for x in doc.map.catalogue.logic] == ["lg_1", "lg_2"]
    assert [c.id for c in doc.map.catalogue.components] == ["cm_1"]
    assert doc.get("cm_1").realizes == ["lg_1", "lg_2"]
    assert doc.get("cp_1").component == "cm_1"
    lg_1 = doc.get("lg_1")
    assert lg_1.stages == first and doc.parent_of(lg_1.decision) == first[0]
    assert doc.get("lg_1").control_point == "cp_1"
    # a second paste re-links to the items the first one made
    second = other.triplet(lambda: other.m.paste(clip, dx=300))
    assert [x.id for x in doc.map.catalogue.logic] == ["lg_1", "lg_2"]
    assert len(doc.map.outcomes) == 2 and len(doc.map.lanes) == 1
    assert doc.get("lg_1").stages == [*first, *second]
    assert doc.get(second[0]).x == 340.0


def test_paste_matches_lanes_by_name(h, make_harness):
    clip = h.m.copy(["st_3"])
    other = make_harness(new_map("Other"))
    lane = other.m.add_lane("ops")  # same name, other case, other id
    new = other.triplet(lambda: other.m.paste(clip))
    assert other.doc.get(new[0]).lane == lane
    assert len(other.doc.map.lanes) == 1


def test_paste_gives_fresh_ids_when_catalogue_ids_are_taken_by_other_kinds(h, make_harness):
    clip = h.m.copy(["st_1"])
    target = new_map("Other")
    other = make_harness(target)
    lane = other.m.add_lane("Clash")
    clip.outcomes[0].id = lane  # an outcome whose id names a lane in the target
    clip.stages[0].outcomes = [lane]
    new = other.triplet(lambda: other.m.paste(clip))
    outcome_id = other.doc.get(new[0]).outcomes[0]
    assert outcome_id != lane and other.doc.kind_of(outcome_id) == "outcome"


def test_paste_refuses_an_empty_clipboard(h):
    h.refused(lambda: h.m.paste(Clipboard()), "no stages")
    h.refused(lambda: h.m.duplicate(["ln_a"]), "no stages")
