"""The import of every corpus file (tests/data/bpmn, made by corpus_js/generate.mjs with the
bpmn-js Modeler, bpmn-moddle, bpmn-auto-layout and the Camunda 7/8 moddle packages)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bpmn_import_support import (  # noqa: E402
    corpus_files,
    links,
    load,
    overlaps,
    reported,
    stage,
)

from vsm_editor.model.errors import MapFileError  # noqa: E402
from vsm_editor.model.integrity import check_map  # noqa: E402

A, N = "approximated", "not mapped"
F, R = "flow", "rework"

# Per file: stage ids in order, lane names, parallel splits, starts, ends, handoffs,
# decisions, notes, and report entries that must be there (id -> action).
EXPECTED = {
    "order-handling.bpmn": dict(
        stages=["Task_Check", "Task_Reject", "Task_Pick", "Task_Ship", "Task_Notify",
                "Task_Invoice", "Task_Rules", "Task_Pay", "Call_Archive"],
        lanes=["Sales", "Warehouse", "Finance"], parallel=[], starts=["Task_Check"],
        ends=["Task_Reject", "Call_Archive"],
        links={("Task_Check", "Task_Pick", F), ("Task_Check", "Task_Reject", F),
               ("Task_Pick", "Task_Ship", F), ("Task_Ship", "Task_Notify", F),
               ("Task_Notify", "Task_Invoice", F), ("Task_Invoice", "Task_Rules", F),
               ("Task_Rules", "Task_Pay", F), ("Task_Pay", "Call_Archive", F)},
        notes={"Task_Check": "Checked within 2 hours"},
        report={"Start_Order": A}, description="Orders arrive by e-mail and phone"),
    "two-pools-message-flows.bpmn": dict(
        stages=["Task_Order", "Task_Wait"], lanes=[], parallel=[], starts=["Task_Order"],
        ends=["Task_Wait"], links={("Task_Order", "Task_Wait", F)},
        report={"Pool_Shop": N, "Msg_Order": N, "Msg_Confirm": N}),
    "nested-lanes.bpmn": dict(
        stages=["Task_Apply", "Task_Verify", "Task_Score", "Task_Committee", "Task_Offer"],
        lanes=["Front office / Branch", "Front office / Online", "Risk / Analysts",
               "Risk / Committee"], parallel=[], starts=["Task_Apply"], ends=["Task_Offer"],
        links={("Task_Apply", "Task_Verify", F), ("Task_Verify", "Task_Score", F),
               ("Task_Score", "Task_Committee", F), ("Task_Score", "Task_Offer", F),
               ("Task_Committee", "Task_Offer", F)},
        report={"Lane_Front": A, "Lane_Risk": A}),
    "gateways-all-kinds.bpmn": dict(
        stages=["Task_Register", "Task_Docs", "Task_Photos", "Task_Assess", "Task_Fraud",
                "Task_Expert", "Task_Decide", "Task_Pay", "Task_Close"],
        lanes=[], parallel=["Task_Register"], starts=["Task_Register"],
        ends=["Task_Pay", "Task_Close"],
        links={("Task_Register", "Task_Docs", F), ("Task_Register", "Task_Photos", F),
               ("Task_Docs", "Task_Assess", F), ("Task_Photos", "Task_Assess", F),
               ("Task_Assess", "Task_Fraud", F), ("Task_Assess", "Task_Expert", F),
               ("Task_Fraud", "Task_Decide", F), ("Task_Expert", "Task_Decide", F),
               ("Task_Decide", "Task_Pay", F), ("Task_Decide", "Task_Close", F)},
        report={"Gw_Checks": A, "Gw_ChecksDone": A, "Gw_Wait": A, "Gw_Escalate": A,
                "Evt_Accept": A, "Evt_Timeout": A, "Flow_Late": A}),
    "subprocess-boundary.bpmn": dict(
        stages=["Task_Request", "Sub_Book", "Task_Approve", "Task_Remind", "Task_Manual"],
        lanes=[], parallel=[], starts=["Task_Request"], ends=["Task_Approve", "Task_Remind"],
        links={("Task_Request", "Sub_Book", F), ("Sub_Book", "Task_Approve", F),
               ("Sub_Book", "Task_Manual", F), ("Task_Approve", "Task_Remind", F),
               ("Task_Manual", "Task_Approve", F)},
        decisions={"Sub_Book": ["Book flight", "Book hotel"]},
        decision_notes={"Task_Hotel": "Prefer partner hotels"},
        report={"Sub_Cancel": N, "Bnd_Timeout": A, "Bnd_Failed": A}),
    "data-and-artifacts.bpmn": dict(
        stages=["Task_Post", "Task_Screen", "Task_Interview"], lanes=["HR", "Team"],
        parallel=[], starts=["Task_Post"], ends=["Task_Interview"],
        links={("Task_Post", "Task_Screen", F), ("Task_Screen", "Task_Interview", F)},
        notes={"Task_Interview": "Two interviewers"},
        report={"Data_CVs": N, "Store_ATS": N, "Read_CVs": N, "Write_ATS": N,
                "Evt_Wait": A, "Evt_Shortlist": A, "Note_Wait": A},
        description="Candidates apply meanwhile"),
    "camunda7-invoice.bpmn": dict(
        stages=["Task_Assign", "Task_Approve", "Task_Transfer", "Task_Archive"],
        lanes=["Accounting", "Approver"], parallel=[], starts=["Task_Assign"],
        ends=["Task_Approve", "Task_Archive"],
        links={("Task_Assign", "Task_Approve", F), ("Task_Approve", "Task_Transfer", F),
               ("Task_Transfer", "Task_Archive", F)},
        report={"Start_I": N, "Task_Assign": N, "Task_Approve": N, "Task_Transfer": N,
                "Task_Archive": N}, mentions=["camunda:candidateGroups", "camunda:inputOutput"]),
    "camunda8-onboarding.bpmn": dict(
        stages=["Task_Fetch", "Task_Risk", "Task_Review", "Call_Onboard", "Task_Welcome",
                "Task_Ack"], lanes=[], parallel=[], starts=["Task_Fetch"], ends=["Task_Ack"],
        links={("Task_Fetch", "Task_Risk", F), ("Task_Risk", "Task_Review", F),
               ("Task_Risk", "Call_Onboard", F), ("Task_Review", "Call_Onboard", F),
               ("Call_Onboard", "Task_Welcome", F), ("Task_Welcome", "Task_Ack", F)},
        report={"Task_Fetch": N, "Task_Risk": N, "Task_Review": N, "Call_Onboard": N},
        mentions=["zeebe:taskDefinition", "zeebe:calledElement"]),
    "no-di-purchase.bpmn": dict(
        stages=["Task_Request", "Task_Approve", "Task_Order", "Task_Receive", "Task_Invoice",
                "Task_Pay"], lanes=["Staff", "Manager", "Purchasing"], parallel=["Task_Order"],
        starts=["Task_Request"], ends=["Task_Pay"],
        links={("Task_Request", "Task_Approve", F), ("Task_Approve", "Task_Request", R),
               ("Task_Approve", "Task_Order", F), ("Task_Order", "Task_Receive", F),
               ("Task_Order", "Task_Invoice", F), ("Task_Receive", "Task_Pay", F),
               ("Task_Invoice", "Task_Pay", F)},
        report={"Process_Purchase": A, "Data_PO": N, "Flow_Rework": A},
        description="Purchases over 5,000 need two approvals"),
    "black-box-conversation.bpmn": dict(
        stages=["Task_RequestQuote", "Task_GetQuote", "Task_Compare"], lanes=[], parallel=[],
        starts=["Task_RequestQuote"], ends=["Task_GetQuote", "Task_Compare"],
        links={("Task_RequestQuote", "Task_GetQuote", F), ("Task_GetQuote", "Task_Compare", F)},
        report={"Participant_Supplier": N, "Msg_Request": N, "Msg_Quote": N, "Conv_Quote": N,
                "Link_Buyer": N, "Signal_Stock": N, "Error_NoQuote": N, "Bnd_NoQuote": A,
                "End_Signal": A, "Process_Buyer": A}),
    "auto-layout-support.bpmn": dict(
        stages=["Task_Log", "Task_Kb", "Task_Triage", "Sub_Fix", "Task_Close"], lanes=[],
        parallel=[], starts=["Task_Log"], ends=["Task_Kb", "Task_Close"],
        links={("Task_Log", "Task_Kb", F), ("Task_Log", "Task_Triage", F),
               ("Task_Triage", "Sub_Fix", F), ("Sub_Fix", "Task_Close", F)},
        decisions={"Sub_Fix": ["Reproduce", "Write patch", "Test patch"]}, report={}),
}


def test_the_corpus_has_at_least_ten_files_and_every_one_is_expected():
    assert len(corpus_files()) >= 10
    assert set(corpus_files()) == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_corpus_file_maps_as_expected(name):
    want = EXPECTED[name]
    result = load(name)
    anatomy = result.anatomy
    check_map(anatomy)
    assert not result.from_extensions
    assert [s.id for s in anatomy.stages] == want["stages"]
    assert [lane.name for lane in anatomy.lanes] == want["lanes"]
    assert [s.id for s in anatomy.stages if s.split == "parallel"] == want["parallel"]
    assert [s.id for s in anatomy.stages if s.start] == want["starts"]
    assert [s.id for s in anatomy.stages if s.end] == want["ends"]
    assert links(anatomy) == want["links"]
    for stage_id, texts in want.get("decisions", {}).items():
        assert [d.text for d in stage(anatomy, stage_id).decisions] == texts
    for decision_id, note in want.get("decision_notes", {}).items():
        found = [d for s in anatomy.stages for d in s.decisions if d.id == decision_id]
        assert found and found[0].notes == note
    for stage_id, note in want.get("notes", {}).items():
        assert stage(anatomy, stage_id).notes == note
    assert {k: v for k, v in reported(result).items() if k in want["report"]} == want["report"]
    if "description" in want:
        assert want["description"] in anatomy.stream.description
    text = result.report_markdown()
    for mention in want.get("mentions", []):
        assert mention in text
    assert overlaps(anatomy) == []
    assert anatomy.origin is not None and anatomy.origin.kind == "imported"


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_every_non_stage_element_is_mapped_or_reported(name):
    """No element is dropped silently: every id in the process is a stage, lane, decision,
    handoff flow, a walked-through plain gateway/event, or in the report."""
    from lxml import etree
    from vsm_editor.exporters.bpmn_import_read import local
    from vsm_editor.exporters.bpmn_xml import parse_safely

    result = load(name)
    root = parse_safely((Path(__file__).resolve().parents[1] / "data" / "bpmn" / name)
                        .read_bytes())
    reported_ids = set(reported(result))
    silent_ok = {"sequenceFlow", "exclusiveGateway", "parallelGateway", "startEvent",
                 "endEvent", "laneSet", "childLaneSet", "textAnnotation", "association",
                 "collaboration", "definitions", "BPMNDiagram", "BPMNPlane", "BPMNShape",
                 "BPMNEdge", "BPMNLabel", "conditionExpression", "documentation"}
    ids = {s.id for s in result.anatomy.stages} | {lane.id for lane in result.anatomy.lanes}
    ids |= {d.id for s in result.anatomy.stages for d in s.decisions}
    inside_reported = set()
    for element in root.iter():
        if not isinstance(element.tag, str) or not element.get("id"):
            continue
        if element.get("id") in reported_ids:
            inside_reported.update(e.get("id") for e in element.iter() if isinstance(e.tag, str))
            if element.get("processRef"):  # another pool: its whole process is reported
                process = root.find(f"*[@id='{element.get('processRef')}']")
                inside_reported.update(e.get("id") for e in process.iter()
                                       if isinstance(e.tag, str))
    for element in root.iter():
        if not isinstance(element.tag, str) or not element.get("id"):
            continue
        element_id = element.get("id")
        kind = etree.QName(element).localname
        if element_id in ids or element_id in reported_ids or element_id in inside_reported:
            continue
        if kind in ("process", "participant", "lane") and element_id in (
                result.process_id, result.pool_id) or kind in silent_ok:
            continue
        if kind.endswith("EventDefinition"):
            continue
        pytest.fail(f"{name}: {local(element)} {element_id} neither mapped nor reported")


def test_stage_geometry_comes_from_the_diagram():
    anatomy = load("order-handling.bpmn").anatomy
    check = stage(anatomy, "Task_Check")
    pick = stage(anatomy, "Task_Pick")
    assert (check.width, check.height) == (100.0, 80.0)
    assert pick.x - check.x == pytest.approx(280.0)  # drawn 280 px apart in bpmn-js
    assert check.y == pick.y == pytest.approx(35.0)  # centred in 150 px lanes
    assert [lane.height for lane in anatomy.lanes] == [150.0, 150.0, 150.0]


def test_a_file_without_diagram_is_placed_left_to_right_without_overlaps():
    anatomy = load("no-di-purchase.bpmn").anatomy
    x = {s.id: s.x for s in anatomy.stages}
    assert x["Task_Request"] < x["Task_Approve"] < x["Task_Order"] < x["Task_Receive"]
    assert x["Task_Invoice"] < x["Task_Pay"]
    assert overlaps(anatomy) == []


@pytest.mark.parametrize("pool", ["Shop", "Pool_Shop", "Process_Shop"])
def test_a_pool_is_chosen_by_name_or_id(pool):
    result = load("two-pools-message-flows.bpmn", pool)
    anatomy = result.anatomy
    assert anatomy.stream.name == "Shop"
    assert [s.id for s in anatomy.stages] == ["Task_Take", "Task_Prepare", "Task_Confirm"]
    assert [lane.name for lane in anatomy.lanes] == ["Front office", "Back office"]
    assert stage(anatomy, "Task_Prepare").lane == "Lane_Back"
    assert reported(result)["Pool_Customer"] == "not mapped"
    assert result.pool_id == "Pool_Shop"


def test_an_unknown_pool_is_refused_naming_the_pools():
    with pytest.raises(MapFileError, match="no pool 'Nope'.*Customer \\(Pool_Customer\\)"):
        load("two-pools-message-flows.bpmn", "Nope")


def test_a_black_box_pool_cannot_be_chosen_and_is_skipped_by_default():
    with pytest.raises(MapFileError, match="black-box"):
        load("black-box-conversation.bpmn", "Supplier")
    assert load("black-box-conversation.bpmn").pool_id == "Participant_Buyer"


def test_the_report_renders_as_markdown_with_one_row_per_item():
    result = load("gateways-all-kinds.bpmn")
    text = result.report_markdown()
    rows = [line for line in text.splitlines() if line.startswith("| `")]
    assert len(rows) == len(result.report) == 7
    assert text.startswith("# BPMN import report: Claims")
    assert "0 elements not mapped, 7 approximated" in result.summary()
