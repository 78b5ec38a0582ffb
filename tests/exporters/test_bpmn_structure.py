"""The BPMN export's process and diagram: what each map construct becomes."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bpmn_support import (  # noqa: E402
    BPMN,
    HOSTILE,
    NS,
    corner_maps,
    generated,
    parse,
    q,
    templates,
)
from strategies import any_maps  # noqa: E402
from vsm_editor.exporters.bpmn import export_bpmn  # noqa: E402
from vsm_editor.exporters.bpmn_flow import starts_and_ends  # noqa: E402
from vsm_editor.exporters.bpmn_layout import LIMIT  # noqa: E402

from vsm_editor.analysis.graph import build_flow_graph  # noqa: E402
from vsm_editor.model.geometry import lane_tops, stage_rect  # noqa: E402

FLOW_NODES = ("task", "startEvent", "endEvent", "exclusiveGateway", "parallelGateway")
NCNAME = r"^[A-Za-z_][A-Za-z0-9._-]*$"
CORNERS = corner_maps()
SAMPLES = {**{f"template {k}": v for k, v in templates().items()}, **CORNERS,
           "generated 120": generated(120, 3)}


def _process(root):
    return root.find("bpmn:process", NS)


def _by_id(root):
    return {element.get("id"): element for element in root.iter() if element.get("id")}


def _flow_nodes(process):
    return [el for el in process if el.tag in {q("bpmn", t) for t in FLOW_NODES}]


def _outgoing(process, node_id):
    return [f for f in process.iterfind("bpmn:sequenceFlow", NS) if f.get("sourceRef") == node_id]


def _incoming(process, node_id):
    return [f for f in process.iterfind("bpmn:sequenceFlow", NS) if f.get("targetRef") == node_id]


def check_document(anatomy) -> None:
    """Every structural promise of the export, for any map."""
    root = parse(export_bpmn(anatomy))
    assert root.tag == q("bpmn", "definitions")
    assert root.get("exporter") == "vsm-editor" and root.get("exporterVersion")
    assert root.nsmap["vsm"] == NS["vsm"]
    assert "camunda" not in root.nsmap and "zeebe" not in root.nsmap
    process = _process(root)
    by_id = _by_id(root)
    ids = [element.get("id") for element in root.iter() if element.get("id")]
    assert len(ids) == len(set(ids)), "duplicate ids"
    assert all(re.match(NCNAME, i) for i in ids)

    # one pool, its process
    participants = root.findall("bpmn:collaboration/bpmn:participant", NS)
    assert len(participants) == 1 and participants[0].get("processRef") == process.get("id")

    # a task per stage, ids used directly, names escaped faithfully
    tasks = process.findall("bpmn:task", NS)
    assert [t.get("id") for t in tasks] == [s.id for s in anatomy.stages]

    # starts and ends
    starts, ends = starts_and_ends(anatomy)
    assert len(process.findall("bpmn:startEvent", NS)) == len(starts)
    assert len(process.findall("bpmn:endEvent", NS)) == len(ends)

    # every sequence flow joins two flow nodes; every handoff of kind flow/rework is one
    flows = process.findall("bpmn:sequenceFlow", NS)
    node_ids = {el.get("id") for el in _flow_nodes(process)}
    for f in flows:
        assert f.get("sourceRef") in node_ids and f.get("targetRef") in node_ids
    flow_ids = {f.get("id") for f in flows}
    for handoff in anatomy.handoffs:
        if handoff.kind == "information":
            assert by_id[handoff.id].tag == q("bpmn", "textAnnotation")
        else:
            assert handoff.id in flow_ids

    # gateways: exclusive splits name a condition or default on every outgoing flow;
    # every gateway has something in and out; every task has at most one in and one out
    for gateway in process.findall("bpmn:exclusiveGateway", NS):
        outgoing = _outgoing(process, gateway.get("id"))
        assert outgoing and _incoming(process, gateway.get("id"))
        if len(outgoing) > 1:
            for f in outgoing:
                has_condition = f.find("bpmn:conditionExpression", NS) is not None
                assert has_condition or gateway.get("default") == f.get("id")
    for task in tasks:
        assert len(_incoming(process, task.get("id"))) <= 1
        assert len(_outgoing(process, task.get("id"))) <= 1

    # incoming/outgoing listed, after extensionElements
    for node in _flow_nodes(process):
        children = [etree_local(c) for c in node]
        if "extensionElements" in children:
            assert children.index("extensionElements") == 0
        listed_in = [c.text for c in node.iterfind("bpmn:incoming", NS)]
        assert sorted(listed_in) == sorted(f.get("id") for f in _incoming(process, node.get("id")))

    # lanes: every flow node in exactly one lane when the map has lanes
    lanes = process.findall("bpmn:laneSet/bpmn:lane", NS)
    if anatomy.lanes:
        refs = [r.text for lane in lanes for r in lane.iterfind("bpmn:flowNodeRef", NS)]
        assert sorted(refs) == sorted(node_ids)
        assert [lane.get("id") for lane in lanes][: len(anatomy.lanes)] == [
            lane.id for lane in anatomy.lanes
        ]
    else:
        assert lanes == []

    # diagram: a shape for every node, lane, annotation and the pool; an edge per connection
    plane = root.find("bpmndi:BPMNDiagram/bpmndi:BPMNPlane", NS)
    shapes = {s.get("bpmnElement"): s for s in plane.iterfind("bpmndi:BPMNShape", NS)}
    edges = {e.get("bpmnElement"): e for e in plane.iterfind("bpmndi:BPMNEdge", NS)}
    annotations = {a.get("id") for a in process.iterfind("bpmn:textAnnotation", NS)}
    lane_ids = {lane.get("id") for lane in lanes}
    assert set(shapes) == node_ids | annotations | lane_ids | {participants[0].get("id")}
    associations = {a.get("id") for a in process.iterfind("bpmn:association", NS)}
    assert set(edges) == flow_ids | associations
    for edge in edges.values():
        assert len(edge.findall("di:waypoint", NS)) >= 2
    # tasks sit exactly on their stages (inside the clamp)
    tops = lane_tops(anatomy)
    for stage in anatomy.stages:
        rect = stage_rect(stage, tops)
        bounds = shapes[stage.id].find("dc:Bounds", NS)
        if abs(rect.x) < LIMIT and abs(rect.y) < LIMIT and 0 <= rect.width < LIMIT \
                and 0 <= rect.height < LIMIT:
            got = [float(bounds.get(k)) for k in ("x", "y", "width", "height")]
            assert got == pytest.approx([rect.x, rect.y, rect.width, rect.height], abs=0.01)


def etree_local(element) -> str:
    return element.tag.rsplit("}", 1)[-1]


@pytest.mark.parametrize("name", list(SAMPLES))
def test_samples_keep_every_structural_promise(name):
    check_document(SAMPLES[name])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(any_maps())
def test_random_maps_keep_every_structural_promise(anatomy):
    check_document(anatomy)


@settings(max_examples=60, deadline=None)
@given(any_maps())
def test_starts_and_ends_follow_the_flow_graph(anatomy):
    graph = build_flow_graph(anatomy)
    assert starts_and_ends(anatomy) == (graph.starts, graph.ends)


def test_alternatives_become_an_exclusive_split_with_shares_and_rework_a_loop():
    root = parse(export_bpmn(CORNERS["alternatives with rework"]))
    process = _process(root)
    split = root.find(".//bpmn:exclusiveGateway[@id='s1_split']", NS)
    conditions = {f.get("targetRef"): f.findtext("bpmn:conditionExpression", None, NS)
                  for f in _outgoing(process, "s1_split")}
    assert split is not None and conditions == {"s2": "share = 70 %", "s3": "share = 30 %"}
    # s4 has two incoming flows (h24, h34) plus none parallel: an exclusive merge before it
    assert {f.get("id") for f in _incoming(process, "s4_merge")} == {"h24", "h34"}
    # the rework leaves s4 through a "Rework?" gateway, conditioned on its rate, and comes
    # back into s1 through s1's merge (s1 is also a start, so its start event merges there)
    rework = root.find(".//bpmn:sequenceFlow[@id='r41']", NS)
    assert rework.get("sourceRef") == "s4_rework" and rework.get("targetRef") == "s1_merge"
    assert rework.findtext("bpmn:conditionExpression", None, NS) == "rework rate = 0.2"
    gateway = root.find(".//bpmn:exclusiveGateway[@id='s4_rework']", NS)
    default = root.find(f".//bpmn:sequenceFlow[@id='{gateway.get('default')}']", NS)
    assert default.get("targetRef") == "s4_end"
    # the information handoff is an annotation tied to both stages, pointing at the receiver
    note = root.find(".//bpmn:textAnnotation[@id='i23']", NS)
    assert note.findtext("bpmn:text", None, NS) == "Information: order"
    links = {(a.get("sourceRef"), a.get("targetRef"), a.get("associationDirection"))
             for a in process.iterfind("bpmn:association", NS)}
    assert links == {("s2", "i23", "None"), ("i23", "s3", "One")}


def test_parallel_split_meets_in_a_parallel_join_and_laneless_stages_get_a_lane():
    root = parse(export_bpmn(CORNERS["parallel split and join, a stage without lane"]))
    process = _process(root)
    assert root.find(".//bpmn:parallelGateway[@id='p1_split']", NS) is not None
    join = root.find(".//bpmn:parallelGateway[@id='p4_join']", NS)
    assert join is not None
    assert {f.get("id") for f in _incoming(process, "p4_join")} == {"q24", "q34"}
    assert [f.get("targetRef") for f in _outgoing(process, "p4_join")] == ["p4"]
    lanes = process.findall("bpmn:laneSet/bpmn:lane", NS)
    assert [lane.get("name") for lane in lanes] == ["Desk A", "Desk B", "(no lane)"]
    assert [r.text for r in lanes[2]] == ["p3"]


def test_derived_ids_step_around_taken_ones():
    root = parse(export_bpmn(CORNERS["marked start with incoming flow, derived id taken"]))
    process = _process(root)
    start = process.find("bpmn:startEvent", NS)
    assert start.get("id") == "m1_start_2"
    # m1 is a marked start with an incoming flow: start event and flow merge before it
    sources = {f.get("sourceRef") for f in _incoming(process, "m1_merge_2")}
    assert sources == {"m1_start_2", "m2_split"}


def test_hostile_strings_come_out_exactly():
    data = export_bpmn(CORNERS["hostile names"])
    assert b"<script>" not in data and b"<!DOCTYPE" not in data
    root = parse(data)
    shown = HOSTILE.replace("\t", " ").replace("\r", "\n")  # as BPMN tools keep names
    assert root.find(".//bpmn:task[@id='st_x']", NS).get("name") == shown
    assert root.find(".//bpmn:sequenceFlow[@id='ho_xy']", NS).get("name") == shown
    assert root.find(".//bpmn:participant", NS).get("name") == shown
    assert root.find(".//bpmn:task[@id='st_y']", NS).get("name") == "受付と審査 🚀"


def test_export_is_deterministic():
    anatomy = SAMPLES["generated 120"]
    assert export_bpmn(anatomy) == export_bpmn(anatomy)


def test_gateways_and_events_sit_between_their_stages():
    root = parse(export_bpmn(CORNERS["alternatives with rework"]))
    plane = root.find("bpmndi:BPMNDiagram/bpmndi:BPMNPlane", NS)
    bounds = {s.get("bpmnElement"): s.find("dc:Bounds", NS) for s in plane}
    box = {k: (float(b.get("x")), float(b.get("y")), float(b.get("width")))
           for k, b in bounds.items() if b is not None}
    s1, s2 = box["s1"], box["s2"]
    split = box["s1_split"]
    assert s1[0] + s1[2] <= split[0] and split[0] + split[2] <= s2[0]
    assert box["s1_start"][0] + box["s1_start"][2] <= box["s1_merge"][0] <= s1[0]


def test_an_invalid_id_is_refused_rather_than_written():
    anatomy = CORNERS["one stage, no lanes"]
    broken = type(anatomy.stages[0])(id='a"><x', name="x")
    with pytest.raises(ValueError, match="not a valid id"):
        export_bpmn(type(anatomy)(format=anatomy.format, version=anatomy.version,
                                  stream=anatomy.stream, stages=[broken]))


def test_namespace_of_the_process_is_bpmn():
    root = parse(export_bpmn(SAMPLES["generated 120"]))
    assert _process(root).tag == f"{{{BPMN}}}process"
