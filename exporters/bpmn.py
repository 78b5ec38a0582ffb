"""``--format bpmn``: the map as a BPMN 2.0 collaboration that BPMN tools open and draw.

One pool (participant) whose process has one lane per map lane (plus "(no lane)" for the
stages without one, when the map has lanes), a task per stage, sequence flows for flow and
rework handoffs with the gateways and events of :mod:`vsm_editor.exporters.bpmn_flow`, a
text annotation linked by two associations per information handoff (BPMN's way to attach
information to flow nodes; a sequence flow would make it part of the path), and a full
diagram from the map's geometry (:mod:`vsm_editor.exporters.bpmn_layout`). Everything BPMN
cannot say travels as extension data (:mod:`vsm_editor.exporters.bpmn_extensions`), so our
importer gets the whole map back.

The document is written as text with every user string escaped by
:mod:`vsm_editor.exporters.bpmn_xml`, then parsed and serialized by lxml (see there why).
"""

from __future__ import annotations

import gc
from collections.abc import Callable

import msgspec
from vsm_editor.exporters.bpmn_extensions import BPMN_NS, VSM_NS, VSM_PREFIX, json_text
from vsm_editor.exporters.bpmn_flow import (
    EXCLUSIVE,
    IdMaker,
    Node,
    ProcessPlan,
    build_process,
    map_ids,
)
from vsm_editor.exporters.bpmn_layout import Diagram, layout, link, route
from vsm_editor.exporters.bpmn_xml import attr, markup_free, num, text

from vsm_editor import __version__
from vsm_editor.model.entities import AnatomyMap, Handoff

BPMNDI_NS = "http://www.omg.org/spec/BPMN/20100524/DI"
DC_NS = "http://www.omg.org/spec/DD/20100524/DC"
DI_NS = "http://www.omg.org/spec/DD/20100524/DI"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
NAMESPACES = {
    "bpmn": BPMN_NS,
    "bpmndi": BPMNDI_NS,
    "dc": DC_NS,
    "di": DI_NS,
    "xsi": XSI_NS,
    VSM_PREFIX: VSM_NS,
}
EXPORTER = "vsm-editor"
NO_LANE_NAME = "(no lane)"


def export_bpmn(anatomy: AnatomyMap) -> bytes:
    """The map as a BPMN 2.0 XML document (UTF-8, with an XML declaration).

    Raises ValueError for a map whose ids are not valid (check the map first)."""
    collecting = gc.isenabled()
    gc.disable()  # the export makes ~20 objects per stage; collections would only slow it
    try:
        return _write(anatomy).encode("utf-8")
    finally:
        if collecting:
            gc.enable()


class _Ids:
    """The ids of the document's fixed parts, derived from the stream id."""

    def __init__(self, anatomy: AnatomyMap, make: IdMaker) -> None:
        stream = anatomy.stream.id
        self.definitions = make(f"{stream}_definitions")
        self.collaboration = make(f"{stream}_collaboration")
        self.participant = make(f"{stream}_pool")
        self.process = stream
        self.lane_set = make(f"{stream}_lanes")
        loose = anatomy.lanes and any(stage.lane is None for stage in anatomy.stages)
        self.extra_lane = make(f"{stream}_no_lane") if loose else None
        self.diagram = make(f"{stream}_diagram")
        self.plane = make(f"{stream}_plane")


def _write(anatomy: AnatomyMap) -> str:
    make = IdMaker(map_ids(anatomy))
    ids = _Ids(anatomy, make)
    plan = build_process(anatomy, make)
    associations = {h.id: (make(f"{h.id}_from"), make(f"{h.id}_to")) for h in plan.information}
    out: list[str] = []
    put = out.append
    namespaces = " ".join(f'xmlns:{prefix}="{uri}"' for prefix, uri in NAMESPACES.items())
    put(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<bpmn:definitions {namespaces} id="{ids.definitions}" '
        f'targetNamespace="urn:vsm-editor:map:{ids.process}" '
        f'exporter="{EXPORTER}" exporterVersion="{attr(__version__)}">\n'
        f'  <bpmn:collaboration id="{ids.collaboration}">\n'
        f'    <bpmn:participant id="{ids.participant}" name="{attr(anatomy.stream.name)}" '
        f'processRef="{ids.process}" />\n'
        "  </bpmn:collaboration>\n"
        f'  <bpmn:process id="{ids.process}" isExecutable="false">\n'
        "    <bpmn:extensionElements>\n"
        f"      <vsm:map>{markup_free(json_text(_map_without_elements(anatomy)))}</vsm:map>\n"
        "    </bpmn:extensionElements>\n"
    )
    _write_lanes(put, anatomy, plan, ids)
    _write_nodes(put, anatomy, plan)
    _write_flows(put, anatomy, plan)
    _write_information(put, anatomy, plan.information, associations)
    put("  </bpmn:process>\n")
    diagram = layout(anatomy, plan, ids.extra_lane)
    _write_diagram(put, diagram, plan, associations, ids, make)
    put("</bpmn:definitions>\n")
    return "".join(out)


def _map_without_elements(anatomy: AnatomyMap) -> AnatomyMap:
    """The whole-map fields: stages and handoffs travel on their own BPMN elements."""
    return msgspec.structs.replace(anatomy, stages=[], handoffs=[])


def _extension(tag: str, struct: msgspec.Struct, index: int) -> str:
    return (
        "      <bpmn:extensionElements>\n"
        f'        <vsm:{tag} index="{index}">{markup_free(json_text(struct))}</vsm:{tag}>\n'
        "      </bpmn:extensionElements>\n"
    )


def _write_lanes(put: Callable[[str], None], anatomy: AnatomyMap, plan: ProcessPlan,
                 ids: _Ids) -> None:
    if not anatomy.lanes:
        return
    members: dict[str | None, list[str]] = {lane.id: [] for lane in anatomy.lanes}
    members[None] = []
    for node in plan.nodes:
        members[node.stage.lane].append(node.id)
    lanes: list[tuple[str, str, str | None]] = [(ln.id, ln.name, ln.id) for ln in anatomy.lanes]
    if ids.extra_lane is not None:
        lanes.append((ids.extra_lane, NO_LANE_NAME, None))
    put(f'    <bpmn:laneSet id="{ids.lane_set}">\n')
    for lane_id, name, key in lanes:
        refs = "".join(
            f"        <bpmn:flowNodeRef>{node_id}</bpmn:flowNodeRef>\n"
            for node_id in members[key]
        )
        put(f'      <bpmn:lane id="{lane_id}" name="{attr(name)}">\n{refs}      </bpmn:lane>\n')
    put("    </bpmn:laneSet>\n")


def _write_nodes(put: Callable[[str], None], anatomy: AnatomyMap, plan: ProcessPlan) -> None:
    stage_index = {stage.id: index for index, stage in enumerate(anatomy.stages)}
    for node in plan.nodes:
        put(_node(node, stage_index))


def _node(node: Node, stage_index: dict[str, int]) -> str:
    head = f'    <bpmn:{node.kind} id="{node.id}"'
    if node.name:
        head += f' name="{attr(node.name)}"'
    if node.default:
        head += f' default="{node.default}"'
    parts = [head, ">\n"]
    if node.id == node.stage.id:
        parts.append(_extension("stage", node.stage, stage_index[node.id]))
    for flow_id in node.incoming:
        parts.append(f"      <bpmn:incoming>{flow_id}</bpmn:incoming>\n")
    for flow_id in node.outgoing:
        parts.append(f"      <bpmn:outgoing>{flow_id}</bpmn:outgoing>\n")
    parts.append(f"    </bpmn:{node.kind}>\n")
    return "".join(parts)


def _write_flows(put: Callable[[str], None], anatomy: AnatomyMap, plan: ProcessPlan) -> None:
    handoff_index = {handoff.id: index for index, handoff in enumerate(anatomy.handoffs)}
    kinds = {node.id: node.kind for node in plan.nodes}
    for flow in plan.flows:
        handoff = flow.handoff
        head = f'    <bpmn:sequenceFlow id="{flow.id}"'
        if handoff is not None and handoff.label:
            head += f' name="{attr(handoff.label)}"'
        head += f' sourceRef="{flow.source}" targetRef="{flow.target}"'
        condition = flow.condition if kinds[flow.source] == EXCLUSIVE else None
        if handoff is None and condition is None:
            put(head + " />\n")
            continue
        parts = [head, ">\n"]
        if handoff is not None:
            parts.append(_extension("handoff", handoff, handoff_index[handoff.id]))
        if condition is not None:
            parts.append(
                '      <bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">'
                f"{text(condition)}</bpmn:conditionExpression>\n"
            )
        parts.append("    </bpmn:sequenceFlow>\n")
        put("".join(parts))


def _write_information(
    put: Callable[[str], None], anatomy: AnatomyMap, information: list[Handoff],
    associations: dict[str, tuple[str, str]],
) -> None:
    """Information handoffs: a text annotation holding the handoff's data, linked to both
    stages; the second association points at the receiving stage."""
    handoff_index = {handoff.id: index for index, handoff in enumerate(anatomy.handoffs)}
    for handoff in information:
        put(
            f'    <bpmn:textAnnotation id="{handoff.id}">\n'
            + _extension("handoff", handoff, handoff_index[handoff.id])
            + f"      <bpmn:text>{text(_note_text(handoff))}</bpmn:text>\n"
            "    </bpmn:textAnnotation>\n"
        )
    for handoff in information:
        first, second = associations[handoff.id]
        put(
            f'    <bpmn:association id="{first}" associationDirection="None" '
            f'sourceRef="{handoff.source}" targetRef="{handoff.id}" />\n'
            f'    <bpmn:association id="{second}" associationDirection="One" '
            f'sourceRef="{handoff.id}" targetRef="{handoff.target}" />\n'
        )


def _note_text(handoff: Handoff) -> str:
    parts = [part for part in (handoff.label, handoff.artifact) if part.strip()]
    return "Information: " + " – ".join(parts) if parts else "Information"


def _write_diagram(
    put: Callable[[str], None], diagram: Diagram, plan: ProcessPlan,
    associations: dict[str, tuple[str, str]], ids: _Ids, make: IdMaker,
) -> None:
    put(
        f'  <bpmndi:BPMNDiagram id="{ids.diagram}">\n'
        f'    <bpmndi:BPMNPlane id="{ids.plane}" bpmnElement="{ids.collaboration}">\n'
    )
    boxes = [(ids.participant, diagram.pool, True)]
    boxes += [(lane_id, box, True) for lane_id, box in diagram.lanes]
    boxes += [(node.id, diagram.nodes[node.id], False) for node in plan.nodes]
    boxes += [(note_id, box, False) for note_id, box in diagram.notes.items()]
    for element_id, box, horizontal in boxes:
        flag = ' isHorizontal="true"' if horizontal else ""
        put(
            f'      <bpmndi:BPMNShape id="{make(element_id + "_di")}" '
            f'bpmnElement="{element_id}"{flag}>\n'
            f'        <dc:Bounds x="{num(box.x)}" y="{num(box.y)}" '
            f'width="{num(box.width)}" height="{num(box.height)}" />\n'
            "      </bpmndi:BPMNShape>\n"
        )
    nodes = diagram.nodes
    edges = [(flow.id, route(nodes[flow.source], nodes[flow.target])) for flow in plan.flows]
    for handoff in plan.information:
        first, second = associations[handoff.id]
        note = diagram.notes[handoff.id]
        edges.append((first, link(nodes[handoff.source], note)))
        edges.append((second, link(note, nodes[handoff.target])))
    for element_id, points in edges:
        waypoints = "".join(
            f'        <di:waypoint x="{num(x)}" y="{num(y)}" />\n' for x, y in points
        )
        put(
            f'      <bpmndi:BPMNEdge id="{make(element_id + "_di")}" '
            f'bpmnElement="{element_id}">\n{waypoints}      </bpmndi:BPMNEdge>\n'
        )
    put("    </bpmndi:BPMNPlane>\n  </bpmndi:BPMNDiagram>\n")
