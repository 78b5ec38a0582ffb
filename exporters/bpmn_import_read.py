"""Choosing the pool to import and sorting its process's elements into what the map can use.

:func:`choose_process` picks the process (``--pool`` by participant id or name, or process
id or name; else the first pool with a process; else the first process) and reports every
other pool, message flow, conversation and root definition. :func:`collect_process` sorts
the process's children into activities (future stages), other flow nodes, sequence flows,
lane sets and annotations, reporting everything it cannot use.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml import etree
from vsm_editor.exporters.bpmn_extensions import BPMN_NS, VSM_NS
from vsm_editor.exporters.bpmn_import_report import APPROXIMATED, NOT_MAPPED, Report
from vsm_editor.exporters.bpmn_import_source import bpmn_tag, one_line

from vsm_editor.model.errors import MapFileError

TASKS = frozenset({
    "task", "userTask", "serviceTask", "scriptTask", "manualTask", "businessRuleTask",
    "sendTask", "receiveTask", "callActivity",
})
SUB_PROCESSES = frozenset({"subProcess", "transaction", "adHocSubProcess"})
GATEWAYS = frozenset({
    "exclusiveGateway", "parallelGateway", "inclusiveGateway", "eventBasedGateway",
    "complexGateway",
})
EVENTS = frozenset({
    "startEvent", "endEvent", "intermediateCatchEvent", "intermediateThrowEvent",
    "boundaryEvent",
})
_STRUCTURE = frozenset({"incoming", "outgoing", "documentation", "extensionElements"})
_DATA = frozenset({"dataObject", "dataObjectReference", "dataStoreReference", "dataInput",
                   "dataOutput", "ioSpecification", "property"})


def local(element: etree._Element) -> str:
    return etree.QName(element).localname if isinstance(element.tag, str) else ""


def is_bpmn(element: etree._Element) -> bool:
    return isinstance(element.tag, str) and element.tag.startswith(f"{{{BPMN_NS}}}")


def name_of(element: etree._Element) -> str:
    return " ".join((element.get("name") or "").split())


def documentation(element: etree._Element) -> str:
    """The element's ``bpmn:documentation`` texts, joined."""
    texts = [(doc.text or "").strip() for doc in element.iterchildren(bpmn_tag("documentation"))]
    return "\n\n".join(text for text in texts if text)


def is_event_sub_process(element: etree._Element) -> bool:
    return local(element) in SUB_PROCESSES and element.get("triggeredByEvent") == "true"


def is_activity(element: etree._Element) -> bool:
    """Whether the element becomes a stage (a task of any kind, a call activity or a
    sub-process that is not an event sub-process)."""
    kind = local(element)
    return kind in TASKS or (kind in SUB_PROCESSES and not is_event_sub_process(element))


@dataclass
class Chosen:
    """The process to import, and the pool (participant) drawing it, when there is one."""

    process: etree._Element
    participant: etree._Element | None

    @property
    def pool_id(self) -> str | None:
        return self.participant.get("id") if self.participant is not None else None


def choose_process(root: etree._Element, pool: str | None, name: str,
                   report: Report) -> Chosen:
    """The process to import; every other pool and collaboration element goes in the report."""
    processes = {p.get("id"): p for p in root.iterchildren(bpmn_tag("process"))}
    collaborations = list(root.iterchildren(bpmn_tag("collaboration")))
    participants = [p for c in collaborations for p in c.iterchildren(bpmn_tag("participant"))]
    chosen = _pick(processes, participants, pool, name)
    for participant in participants:
        if participant is chosen.participant:
            continue
        ref = participant.get("processRef")
        detail = (f"another pool; its process {ref!r} is not imported (choose it with --pool)"
                  if ref in processes else "a pool without a process (black box)")
        report.add(participant.get("id"), "participant", name_of(participant), NOT_MAPPED, detail)
    drawn = {p.get("processRef") for p in participants}
    for process_id, process in processes.items():
        if process is not chosen.process and process_id not in drawn:
            report.add(process_id, "process", name_of(process), NOT_MAPPED,
                       "another process; only one process is imported")
    for collaboration in collaborations:
        for child in collaboration:
            kind = local(child)
            if kind in ("participant", "textAnnotation", "association", "extensionElements",
                        "documentation") or not kind:
                continue
            detail = {
                "messageFlow": "message flows between pools are not part of a value stream",
            }.get(kind, "collaboration element; the map has no place for it")
            report.add(child.get("id"), kind, name_of(child), NOT_MAPPED, detail)
    for child in root:
        kind = local(child)
        if not kind or kind in ("process", "collaboration", "extensionElements",
                                "documentation", "BPMNDiagram"):
            continue
        report.add(child.get("id"), kind, name_of(child), NOT_MAPPED,
                   "definition outside the process; the map has no place for it")
    return chosen


def _pick(processes: dict, participants: list, pool: str | None, name: str) -> Chosen:
    def owner(process: etree._Element) -> etree._Element | None:
        return next((p for p in participants
                     if p.get("processRef") == process.get("id")), None)

    if pool is not None:
        for participant in participants:
            if pool in (participant.get("id"), name_of(participant)):
                process = processes.get(participant.get("processRef"))
                if process is None:
                    raise MapFileError(name, f"pool {pool!r} has no process (a black-box pool)")
                return Chosen(process, participant)
        for process_id, process in processes.items():
            if pool in (process_id, name_of(process)):
                return Chosen(process, owner(process))
        known = [f"{name_of(p) or '(unnamed)'} ({p.get('id')})" for p in participants
                 if p.get("processRef") in processes]
        known += [f"{name_of(p) or '(unnamed)'} ({pid})" for pid, p in processes.items()
                  if owner(p) is None]
        raise MapFileError(name, f"has no pool {pool!r}; its pools: {', '.join(known)}")
    for participant in participants:
        process = processes.get(participant.get("processRef"))
        if process is not None:
            return Chosen(process, participant)
    first = next(iter(processes.values()))
    return Chosen(first, None)


@dataclass(slots=True)
class SequenceFlow:
    """A sequence flow: ids of its ends, its name and its condition text."""

    id: str
    source: str
    target: str
    name: str
    condition: str


@dataclass
class ProcessParts:
    """The process's children sorted by what the import does with them."""

    activities: list[etree._Element] = field(default_factory=list)
    nodes: dict[str, etree._Element] = field(default_factory=dict)  # every flow node by id
    flows: list[SequenceFlow] = field(default_factory=list)
    lane_sets: list[etree._Element] = field(default_factory=list)
    annotations: list[etree._Element] = field(default_factory=list)
    associations: list[etree._Element] = field(default_factory=list)


def read_flow(element: etree._Element) -> SequenceFlow:
    condition = element.find(bpmn_tag("conditionExpression"))
    text = one_line(condition.text or "") if condition is not None else ""
    return SequenceFlow(element.get("id") or "", element.get("sourceRef") or "",
                        element.get("targetRef") or "", name_of(element), text)


def collect_process(process: etree._Element, report: Report) -> ProcessParts:
    """Sort the process's children; report what the map cannot hold."""
    parts = ProcessParts()
    for child in process:
        kind = local(child)
        if not kind or kind in ("documentation", "extensionElements"):
            continue
        if not is_bpmn(child):
            report.add(child.get("id"), kind, name_of(child), NOT_MAPPED,
                       "element from another namespace")
        elif is_activity(child):
            parts.activities.append(child)
            parts.nodes[child.get("id") or ""] = child
            report_activity_details(child, report)
        elif kind in GATEWAYS or kind in EVENTS:
            parts.nodes[child.get("id") or ""] = child
            report_foreign_data(child, report)
        elif kind == "sequenceFlow":
            parts.flows.append(read_flow(child))
            report_foreign_data(child, report)
        elif kind == "laneSet":
            parts.lane_sets.append(child)
        elif kind == "textAnnotation":
            parts.annotations.append(child)
        elif kind == "association":
            parts.associations.append(child)
        elif is_event_sub_process(child):
            inner = sum(1 for e in child.iter() if is_bpmn(e) and e.get("id")) - 1
            report.add(child.get("id"), "event sub-process", name_of(child), NOT_MAPPED,
                       f"event sub-processes have no place in the stream ({inner} inner "
                       "elements not imported)")
        elif kind in _DATA:
            report.add(child.get("id"), kind, name_of(child), NOT_MAPPED,
                       "data objects and stores are not part of the map")
        else:
            report.add(child.get("id"), kind, name_of(child), NOT_MAPPED,
                       "the map has no place for this element")
    return parts


def report_activity_details(activity: etree._Element, report: Report) -> None:
    """Report what an activity carries beyond its name and flows: data associations, loop
    markers, I/O specifications, foreign extension data."""
    for child in activity:
        kind = local(child)
        if kind in ("dataInputAssociation", "dataOutputAssociation"):
            report.add(child.get("id"), kind, name_of(activity), NOT_MAPPED,
                       f"data association of {activity.get('id')!r}; data is not part of "
                       "the map")
        elif kind in ("standardLoopCharacteristics", "multiInstanceLoopCharacteristics"):
            report.add(activity.get("id"), local(activity), name_of(activity), APPROXIMATED,
                       f"its {kind} marker is not kept")
        elif kind in ("ioSpecification", "property"):
            report.add(child.get("id") or activity.get("id"), kind, name_of(activity),
                       NOT_MAPPED, f"data definition on {activity.get('id')!r} is not kept")
    report_foreign_data(activity, report)


def foreign_data(element: etree._Element) -> list[str]:
    """Names of the element's extension attributes and extension elements (not ours)."""
    names: list[str] = []
    prefixes = {uri: prefix for prefix, uri in element.nsmap.items() if prefix}
    for key in element.attrib:
        if key.startswith("{"):
            uri, _, attr_name = key[1:].partition("}")
            if uri not in (VSM_NS, "http://www.w3.org/2001/XMLSchema-instance"):
                names.append(f"{prefixes.get(uri, uri)}:{attr_name}")
    extension = element.find(bpmn_tag("extensionElements"))
    if extension is not None:
        for child in extension:
            if isinstance(child.tag, str) and etree.QName(child).namespace != VSM_NS:
                prefix = child.prefix or etree.QName(child).namespace
                names.append(f"{prefix}:{local(child)}")
    return names


def report_foreign_data(element: etree._Element, report: Report) -> None:
    names = foreign_data(element)
    if names:
        report.add(element.get("id"), local(element), name_of(element), NOT_MAPPED,
                   "its extension data is not kept: " + ", ".join(dict.fromkeys(names)))
