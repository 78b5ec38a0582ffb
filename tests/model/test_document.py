"""Invariants of the editable Document: guarded edits, indexes and change events."""

from __future__ import annotations

import pytest

from vsm_editor.model import (
    Component,
    ControlPoint,
    Decision,
    Document,
    Duration,
    Handoff,
    IntegrityError,
    Lane,
    LogicItem,
    Outcome,
    Stage,
    dump_bytes,
    new_map,
)


@pytest.fixture
def doc() -> Document:
    anatomy = new_map("Test stream")
    anatomy.lanes = [Lane(id="ln_eng", name="Engineering"), Lane(id="ln_ops", name="Operations")]
    anatomy.outcomes = [Outcome(id="oc_lt", statement="Lead time < 10 d", metric="lead time")]
    anatomy.stages = [
        Stage(
            id="st_a",
            name="Intake",
            lane="ln_eng",
            decisions=[Decision(id="dc_a1", text="Accept?")],
        ),
        Stage(id="st_b", name="Build", lane="ln_eng", outcomes=["oc_lt"]),
        Stage(id="st_c", name="Deploy", lane="ln_ops"),
    ]
    anatomy.handoffs = [
        Handoff(id="ho_ab", source="st_a", target="st_b", wait=Duration(value=2, unit="hours")),
        Handoff(id="ho_bc", source="st_b", target="st_c"),
    ]
    anatomy.catalogue.control_points = [
        ControlPoint(id="cp_form", kind="form", subject="Intake form")
    ]
    anatomy.catalogue.logic = [
        LogicItem(
            id="lg_req",
            kind="rule",
            statement="Request is complete",
            stages=["st_a"],
            decision="dc_a1",
            control_point="cp_form",
            owner="Product",
        )
    ]
    anatomy.catalogue.components = [
        Component(id="cm_form", kind="screen", name="Intake form", realizes=["lg_req"])
    ]
    return Document(anatomy)


def test_index_finds_every_kind(doc: Document) -> None:
    assert doc.kind_of("st_a") == "stage"
    assert doc.kind_of("dc_a1") == "decision"
    assert doc.parent_of("dc_a1") == "st_a"
    assert doc.kind_of("cm_form") == "component"
    assert doc.kind_of(doc.map.stream.id) == "stream"
    assert doc.find("nope") is None
    assert "lg_req" in doc


def test_references_to_lists_every_referrer(doc: Document) -> None:
    assert sorted(doc.references_to("st_a")) == [("ho_ab", "source"), ("lg_req", "stages")]
    assert doc.references_to("lg_req") == [("cm_form", "realizes")]
    assert doc.references_to("oc_lt") == [("st_b", "outcomes")]


def test_set_returns_old_value_and_emits_one_change(doc: Document) -> None:
    seen = []
    doc.subscribe(seen.append)
    old = doc.set("st_a", "name", "Product intake")
    assert old == "Intake"
    assert doc.get("st_a").name == "Product intake"
    assert len(seen) == 1
    assert seen[0].changes[0].op == "updated"
    assert seen[0].changes[0].fields == ("name",)


def test_set_same_value_emits_nothing(doc: Document) -> None:
    seen = []
    doc.subscribe(seen.append)
    doc.set("st_a", "name", "Intake")
    assert seen == []


def test_set_copies_values_in(doc: Document) -> None:
    outcomes = ["oc_lt"]
    doc.set("st_a", "outcomes", outcomes)
    outcomes.append("oc_other")
    assert doc.get("st_a").outcomes == ["oc_lt"]


@pytest.mark.parametrize(
    ("element", "field", "value", "problem"),
    [
        ("st_a", "lane", "ln_missing", "does not exist"),
        ("st_a", "lane", "st_b", "not a lane"),
        ("st_a", "outcomes", ["oc_lt", "oc_lt"], "twice"),
        ("st_a", "pca", 5, "invalid value"),
        ("st_a", "split", "sometimes", "invalid value"),
        ("ho_ab", "target", "st_a", "loop"),
        ("lg_req", "decision", "dc_missing", "does not exist"),
        ("lg_req", "stages", ["st_b"], "decision must be on a stage"),
        ("cm_form", "realizes", ["cp_form"], "not a logic"),
        ("st_a", "id", "st_z", "not an editable field"),
        ("st_a", "decisions", [], "one by one"),
    ],
)
def test_refused_edits_change_nothing(doc: Document, element, field, value, problem) -> None:
    before = dump_bytes(doc.map)
    seen = []
    doc.subscribe(seen.append)
    with pytest.raises(IntegrityError, match=problem):
        doc.set(element, field, value)
    assert dump_bytes(doc.map) == before
    assert seen == []


def test_rewiring_into_a_duplicate_handoff_is_refused(doc: Document) -> None:
    doc.insert("handoff", Handoff(id="ho_ac", source="st_a", target="st_c"))
    with pytest.raises(IntegrityError, match="already"):
        doc.set("ho_bc", "source", "st_a")
    assert doc.get("ho_bc").source == "st_b"


def test_insert_and_remove_restore_positions(doc: Document) -> None:
    stage = Stage(id="st_new", name="Review", lane="ln_eng")
    assert doc.insert("stage", stage, index=1) == 1
    assert [s.id for s in doc.map.stages] == ["st_a", "st_new", "st_b", "st_c"]
    index, removed = doc.remove("st_new")
    assert (index, removed) == (1, stage)
    assert "st_new" not in doc
    doc.insert("stage", removed, index=index)
    assert [s.id for s in doc.map.stages] == ["st_a", "st_new", "st_b", "st_c"]


def test_insert_refuses_duplicate_and_invalid_ids(doc: Document) -> None:
    with pytest.raises(IntegrityError, match="duplicate"):
        doc.insert("lane", Lane(id="st_a", name="Clash"))
    with pytest.raises(IntegrityError, match="valid id"):
        doc.insert("lane", Lane(id="1bad", name="Bad"))
    with pytest.raises(IntegrityError, match="duplicate"):
        doc.insert("stage", Stage(id="st_n", name="N", decisions=[Decision(id="dc_a1", text="x")]))
    with pytest.raises(IntegrityError, match="expected a Handoff"):
        doc.insert("handoff", Stage(id="st_q", name="q"))


def test_insert_checks_references_and_pairs(doc: Document) -> None:
    with pytest.raises(IntegrityError, match="does not exist"):
        doc.insert("handoff", Handoff(id="ho_x", source="st_a", target="st_zz"))
    with pytest.raises(IntegrityError, match="loop"):
        doc.insert("handoff", Handoff(id="ho_x", source="st_a", target="st_a"))
    with pytest.raises(IntegrityError, match="already"):
        doc.insert("handoff", Handoff(id="ho_x", source="st_a", target="st_b"))
    # the same pair with another kind is a different handoff
    doc.insert("handoff", Handoff(id="ho_info", source="st_a", target="st_b", kind="information"))
    assert doc.kind_of("ho_info") == "handoff"


def test_nested_elements_live_in_their_stage(doc: Document) -> None:
    doc.insert("decision", Decision(id="dc_b1", text="Ship?"), parent="st_b")
    assert doc.parent_of("dc_b1") == "st_b"
    assert doc.index_of("dc_b1") == 0
    with pytest.raises(IntegrityError, match="needs a stage"):
        doc.insert("decision", Decision(id="dc_x", text="?"))
    doc.remove("dc_b1")
    assert doc.get("st_b").decisions == []


def test_remove_refuses_referenced_elements(doc: Document) -> None:
    with pytest.raises(IntegrityError, match="still referred to"):
        doc.remove("st_a")
    with pytest.raises(IntegrityError, match="still referred to"):
        doc.remove("dc_a1")  # lg_req implements it
    with pytest.raises(IntegrityError, match="no such element"):
        doc.remove(doc.map.stream.id)


def test_removing_a_stage_unregisters_its_children(doc: Document) -> None:
    doc.set("lg_req", "decision", None)
    doc.set("lg_req", "stages", [])
    doc.remove("ho_ab")
    doc.remove("st_a")
    assert doc.find("dc_a1") is None
    assert "st_a" not in doc.ids()


def test_batch_groups_changes_into_one_set(doc: Document) -> None:
    seen = []
    doc.subscribe(seen.append)
    start = doc.revision
    with doc.batch():
        doc.set("st_a", "name", "A")
        doc.set("st_b", "name", "B")
        with doc.batch():
            doc.set("st_c", "name", "C")
    assert len(seen) == 1
    assert seen[0].ids(op="updated", kind="stage") == {"st_a", "st_b", "st_c"}
    assert doc.revision == start + 1


def test_unsubscribe_stops_events(doc: Document) -> None:
    seen = []
    unsubscribe = doc.subscribe(seen.append)
    unsubscribe()
    doc.set("st_a", "name", "A")
    assert seen == []


@pytest.mark.parametrize(
    ("element", "field", "value", "flow"),
    [
        ("st_a", "name", "X", False),
        ("st_a", "split", "parallel", True),
        ("st_a", "start", True, True),
        ("ho_ab", "wait", None, False),
        ("ho_ab", "kind", "information", True),
    ],
)
def test_touches_flow(doc: Document, element, field, value, flow) -> None:
    seen = []
    doc.subscribe(seen.append)
    doc.set(element, field, value)
    assert seen[0].touches_flow() is flow


def test_new_ids_are_fresh_and_prefixed(doc: Document) -> None:
    made = {doc.new_id("stage") for _ in range(200)}
    assert len(made) == 200
    assert all(i.startswith("st_") and i not in doc for i in made)


def test_move_reorders_within_its_list_and_keeps_references(doc: Document) -> None:
    seen = []
    doc.subscribe(seen.append)
    assert doc.move("ln_ops", 0) == 1
    assert [lane.id for lane in doc.map.lanes] == ["ln_ops", "ln_eng"]
    assert doc.get("st_c").lane == "ln_ops"
    assert seen[0].changes[0].op == "moved"
    assert doc.move("ln_ops", 0) == 0  # already there: no event
    assert len(seen) == 1
    with pytest.raises(IntegrityError, match="no such element"):
        doc.move("ln_missing", 0)


def test_set_setting_checks_and_reports(doc: Document) -> None:
    seen = []
    doc.subscribe(seen.append)
    assert doc.set_setting("display", "ladder", False) is True
    assert doc.map.display.ladder is False
    change = seen[0].changes[0]
    assert (change.op, change.kind, change.id, change.fields) == (
        "updated", "settings", "display", ("ladder",)
    )
    with pytest.raises(IntegrityError, match="invalid value"):
        doc.set_setting("analysis", "hidden_queue_threshold", "half")
    with pytest.raises(IntegrityError, match="not a settings section"):
        doc.set_setting("stream", "name", "x")
    with pytest.raises(IntegrityError, match="no such setting"):
        doc.set_setting("display", "sparkles", True)


def test_insert_checks_field_values(doc: Document) -> None:
    with pytest.raises(IntegrityError, match="invalid value"):
        doc.insert("handoff", Handoff(id="ho_bad", source="st_a", target="st_c", kind="bogus"))
    assert doc.find("ho_bad") is None
