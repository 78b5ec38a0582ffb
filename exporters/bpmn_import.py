"""BPMN 2.0 import: a process from Camunda Modeler, bpmn.io, Signavio… as a new map.

:func:`import_bpmn` reads the bytes safely (:mod:`vsm_editor.exporters.bpmn_import_source`),
chooses one pool (:mod:`…bpmn_import_read`) and then:

- when the process carries our own extension data (a file we exported) and its elements are
  still the ones we wrote, rebuilds the map from that data with
  :func:`vsm_editor.exporters.bpmn_extensions.read_extensions`: every annotation comes back;
- otherwise maps the BPMN elements: activities become stages (a sub-process's inner tasks its
  decisions), lanes become lanes, flows through gateways and events become handoffs
  (:mod:`…bpmn_import_flow`), text annotations notes, the diagram the geometry
  (:mod:`…bpmn_import_layout`).

Everything not mapped, or mapped only approximately, is listed in the result's report.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import PurePath

from lxml import etree
from vsm_editor.exporters.bpmn_extensions import (
    MAP_TAG,
    BpmnExtensionError,
    read_extensions,
)
from vsm_editor.exporters.bpmn_import_flow import StageLink, collapse
from vsm_editor.exporters.bpmn_import_layout import (
    apply_diagram,
    auto_place,
    flatten_lanes,
    kind_words,
    lane_of_by_position,
    read_bounds,
)
from vsm_editor.exporters.bpmn_import_read import (
    Chosen,
    ProcessParts,
    choose_process,
    collect_process,
    documentation,
    is_activity,
    is_bpmn,
    is_event_sub_process,
    local,
    name_of,
    report_foreign_data,
)
from vsm_editor.exporters.bpmn_import_report import (
    APPROXIMATED,
    NOT_MAPPED,
    Report,
    ReportItem,
    report_markdown,
    summary_counts,
)
from vsm_editor.exporters.bpmn_import_source import bpmn_tag, load_definitions
from vsm_editor.exporters.bpmn_import_verify import matches_export

from vsm_editor.model.entities import (
    AnatomyMap,
    Decision,
    Handoff,
    Lane,
    Origin,
    Stage,
    Stream,
)
from vsm_editor.model.errors import IntegrityError, MapFileError
from vsm_editor.model.ids import is_valid_id, new_id
from vsm_editor.model.integrity import check_map
from vsm_editor.model.migrations import CURRENT_VERSION, FORMAT_NAME


@dataclass
class ImportResult:
    """The imported map, what the import could not map exactly, and where it came from."""

    anatomy: AnatomyMap
    report: list[ReportItem] = field(default_factory=list)
    process_id: str = ""
    pool_id: str | None = None
    from_extensions: bool = False

    def report_markdown(self) -> str:
        """The report as a Markdown document (for ``--report``)."""
        return report_markdown(self.report, self.anatomy.stream.name)

    def summary(self) -> str:
        """One line: what was imported and how much the report lists."""
        a = self.anatomy
        how = " from its vsm-editor data" if self.from_extensions else ""
        return (f"imported {a.stream.name!r}{how}: {len(a.stages)} stages, {len(a.lanes)} "
                f"lanes, {len(a.handoffs)} handoffs; {summary_counts(self.report)}")


def import_bpmn(data: bytes, name: str, pool: str | None = None) -> ImportResult:
    """Import one pool of a BPMN document as a map. ``name`` names the file in messages;
    ``pool`` chooses a pool by participant id or name, or process id or name.
    Raises :class:`MapFileError` (one line) for anything that cannot be imported."""
    root = load_definitions(data, name)
    report = Report()
    chosen = choose_process(root, pool, name, report)
    process_id = chosen.process.get("id") or ""
    restored = _restore_export(root, chosen, report)
    if restored is not None:
        return ImportResult(restored, list(report), process_id, chosen.pool_id, True)
    anatomy = _Mapper(root, chosen, name, report).build()
    try:
        check_map(anatomy)
    except IntegrityError as err:  # pragma: no cover - the mapper only makes valid maps
        raise MapFileError(name, f"could not be mapped ({err})") from None
    return ImportResult(anatomy, list(report), process_id, chosen.pool_id, False)


def _restore_export(root: etree._Element, chosen: Chosen, report: Report) -> AnatomyMap | None:
    """The map from our own extension data, when the process has it and still matches it."""
    process = chosen.process
    if process.find(f"{bpmn_tag('extensionElements')}/{MAP_TAG}") is None:
        return None
    try:
        anatomy = read_extensions(root, process.get("id"))
    except (BpmnExtensionError, MapFileError) as err:
        report.add(process.get("id"), "process", name_of(process), APPROXIMATED,
                   f"its vsm-editor data cannot be read ({err}); imported from the BPMN "
                   "elements instead")
        return None
    if not matches_export(process, anatomy):
        report.add(process.get("id"), "process", name_of(process), APPROXIMATED,
                   "carries vsm-editor data, but its elements were changed after the export; "
                   "imported from the BPMN elements (outcomes, P3/P4 catalogue and flow "
                   "numbers not restored)")
        return None
    return anatomy


class _Ids:
    """BPMN ids kept when they are valid map ids not yet taken; fresh ids otherwise."""

    def __init__(self) -> None:
        self.taken: set[str] = set()

    def claim(self, kind: str, *wishes: str | None) -> str:
        for wish in wishes:
            if wish and is_valid_id(wish) and wish not in self.taken:
                self.taken.add(wish)
                return wish
        fresh = new_id(kind, self.taken)
        self.taken.add(fresh)
        return fresh


class _Mapper:
    """Maps one process's elements to a new map (see the module docstring)."""

    def __init__(self, root: etree._Element, chosen: Chosen, name: str, report: Report) -> None:
        self.root = root
        self.chosen = chosen
        self.name = name
        self.report = report
        self.ids = _Ids()
        self.stage_of: dict[str, Stage] = {}  # BPMN activity id -> stage
        self.decision_of: dict[str, Decision] = {}  # inner BPMN activity id -> decision

    def build(self) -> AnatomyMap:
        process, participant = self.chosen.process, self.chosen.participant
        parts = collect_process(process, self.report)
        report_foreign_data(process, self.report)
        if participant is not None:
            report_foreign_data(participant, self.report)
        bounds = read_bounds(self.root)
        title = name_of(participant) if participant is not None else ""
        stem = PurePath(self.name).name.removesuffix(".bpmn").removesuffix(".xml")
        stream = Stream(id=self.ids.claim("stream", process.get("id")),
                        name=title or name_of(process) or stem or "Imported process",
                        description=documentation(process))
        lanes, lane_of, lane_bounds = self._lanes(parts, bounds)
        plan = collapse(parts, self.report)
        stages = [self._stage(activity, plan, lane_of) for activity in parts.activities]
        self._place_in_lanes(stages, parts, bounds, lane_bounds)
        handoffs = [self._handoff(link) for link in plan.links]
        self._annotations(process, stream)
        anatomy = AnatomyMap(
            format=FORMAT_NAME, version=CURRENT_VERSION, stream=stream, lanes=lanes,
            stages=stages, handoffs=handoffs,
            origin=Origin(kind="imported", source=PurePath(self.name).name,
                          source_id=process.get("id") or ""),
        )
        self._geometry(anatomy, parts, bounds, lane_bounds)
        return anatomy

    # ------------------------------------------------------------------ lanes and stages
    def _lanes(self, parts: ProcessParts, bounds: dict) -> tuple[list[Lane], dict, dict]:
        leaves = flatten_lanes(parts.lane_sets, bounds, self.report)
        lanes: list[Lane] = []
        lane_of: dict[str, str] = {}
        lane_bounds = {}
        for leaf in leaves:
            lane = Lane(id=self.ids.claim("lane", leaf.bpmn_id), name=leaf.name)
            lanes.append(lane)
            if leaf.bounds is not None:
                lane_bounds[lane.id] = leaf.bounds
            for member in leaf.members:
                lane_of.setdefault(member, lane.id)
        return lanes, lane_of, lane_bounds

    def _stage(self, activity: etree._Element, plan, lane_of: dict[str, str]) -> Stage:
        bpmn_id = activity.get("id") or ""
        name = name_of(activity)
        if not name:
            name = f"Unnamed {kind_words(activity)}"
            self.report.add(bpmn_id, local(activity), "", APPROXIMATED,
                            f"has no name; the stage is called {name!r}")
        stage = Stage(
            id=self.ids.claim("stage", bpmn_id), name=name, lane=lane_of.get(bpmn_id),
            description=documentation(activity), split=plan.splits.get(bpmn_id, "alternatives"),
            start=bpmn_id in plan.starts, end=bpmn_id in plan.ends,
        )
        if local(activity) in ("subProcess", "transaction", "adHocSubProcess"):
            stage.decisions = self._decisions(activity)
        self.stage_of[bpmn_id] = stage
        return stage

    def _place_in_lanes(self, stages: list[Stage], parts: ProcessParts, bounds: dict,
                        lane_bounds: dict) -> None:
        """Stages no lane lists go to the lane their diagram box lies in, if any."""
        bands = list(lane_bounds.items())
        for activity, stage in zip(parts.activities, stages, strict=True):
            box = bounds.get(activity.get("id"))
            if stage.lane is None and box is not None and bands:
                stage.lane = lane_of_by_position(box, bands)

    def _decisions(self, sub: etree._Element) -> list[Decision]:
        """The sub-process's inner activities in flow order, as decisions."""
        inner: dict[str, etree._Element] = {}
        flows: list[tuple[str, str]] = []
        sub_name = sub.get("id")
        for child in sub:
            kind = local(child)
            if not kind or kind in ("incoming", "outgoing", "documentation", "extensionElements",
                                    "multiInstanceLoopCharacteristics",
                                    "standardLoopCharacteristics", "dataInputAssociation",
                                    "dataOutputAssociation", "ioSpecification", "property",
                                    "textAnnotation", "association"):
                continue
            if kind == "sequenceFlow":
                flows.append((child.get("sourceRef") or "", child.get("targetRef") or ""))
                continue
            if is_bpmn(child) and child.get("id"):
                inner[child.get("id")] = child
            if is_activity(child):
                nested = [e for e in child if is_activity(e)]
                if nested:
                    self.report.add(child.get("id"), kind, name_of(child), APPROXIMATED,
                                    f"a sub-process inside {sub_name!r}: kept as one decision; "
                                    f"its {len(nested)} inner tasks are not kept")
                report_foreign_data(child, self.report)
            elif kind in ("startEvent", "endEvent") and not any(
                    local(e).endswith("EventDefinition") for e in child):
                continue
            elif is_event_sub_process(child):
                self.report.add(child.get("id"), "event sub-process", name_of(child), NOT_MAPPED,
                                f"inside sub-process {sub_name!r}; only its tasks become "
                                "decisions")
            else:
                self.report.add(child.get("id"), kind, name_of(child), NOT_MAPPED,
                                f"inside sub-process {sub_name!r}; only its tasks become "
                                "decisions")
        decisions: list[Decision] = []
        for node_id in _flow_order(list(inner), flows):
            element = inner[node_id]
            if not is_activity(element):
                continue
            text = name_of(element) or f"Unnamed {kind_words(element)}"
            decision = Decision(id=self.ids.claim("decision", node_id), text=text,
                                notes=documentation(element))
            self.decision_of[node_id] = decision
            decisions.append(decision)
        return decisions

    def _handoff(self, link: StageLink) -> Handoff:
        flows = link.flows
        wishes = [flows[0].id] if len(flows) == 1 else [f.id for f in (flows[-1:] + flows[:1])]
        return Handoff(id=self.ids.claim("handoff", *wishes),
                       source=self.stage_of[link.source].id,
                       target=self.stage_of[link.target].id, kind=link.kind, label=link.label)

    # ------------------------------------------------------------------ annotations
    def _annotations(self, process: etree._Element, stream: Stream) -> None:
        scopes = [process]
        collaboration = self.chosen.participant.getparent() if self.chosen.participant is not None \
            else None
        if collaboration is not None:
            scopes.append(collaboration)
        annotations: list[etree._Element] = []
        partners: dict[str, list[str]] = {}
        for scope in scopes:
            for element in _iter_outside_event_sub_processes(scope):
                kind = local(element)
                if kind == "textAnnotation":
                    annotations.append(element)
                elif kind == "association":
                    source, target = element.get("sourceRef") or "", element.get("targetRef") or ""
                    partners.setdefault(source, []).append(target)
                    partners.setdefault(target, []).append(source)
        known = {e.get("id") for e in process.iter() if isinstance(e.tag, str) and e.get("id")}
        loose: list[str] = []
        for annotation in annotations:
            text_element = annotation.find(bpmn_tag("text"))
            text = (text_element.text or "").strip() if text_element is not None else ""
            ann_id = annotation.get("id") or ""
            linked = partners.get(ann_id, [])
            if not text:
                continue
            if not linked:
                loose.append(text)
                continue
            for partner in linked:
                if partner in self.stage_of:
                    stage = self.stage_of[partner]
                    stage.notes = f"{stage.notes}\n\n{text}" if stage.notes else text
                elif partner in self.decision_of:
                    decision = self.decision_of[partner]
                    decision.notes = f"{decision.notes}\n\n{text}" if decision.notes else text
                elif partner in known:
                    loose.append(text)
                    self.report.add(ann_id, "textAnnotation", text, APPROXIMATED,
                                    f"attached to {partner!r}, which is not a stage; kept in "
                                    "the stream description")
                else:
                    self.report.add(ann_id, "textAnnotation", text, NOT_MAPPED,
                                    f"attached to {partner!r}, outside the imported process")
        texts = [stream.description, *dict.fromkeys(loose)]
        stream.description = "\n\n".join(t for t in texts if t)

    # ------------------------------------------------------------------ geometry
    def _geometry(self, anatomy: AnatomyMap, parts: ProcessParts, bounds: dict,
                  lane_bounds: dict) -> None:
        stage_bounds = {self.stage_of[bid].id: box for bid, box in bounds.items()
                        if bid in self.stage_of}
        missing = apply_diagram(anatomy, stage_bounds, lane_bounds)
        process = self.chosen.process
        if missing and len(missing) == len(anatomy.stages):
            self.report.add(process.get("id"), "process", name_of(process), APPROXIMATED,
                            "no usable diagram (BPMNDI) for its tasks and lanes: stages placed "
                            "automatically, left to right")
        elif missing:
            by_stage = {stage.id: bpmn_id for bpmn_id, stage in self.stage_of.items()}
            for stage_id in missing:
                element = parts.nodes[by_stage[stage_id]]
                self.report.add(by_stage[stage_id], local(element), name_of(element),
                                APPROXIMATED, "has no diagram bounds; placed automatically")
        auto_place(anatomy, missing)


def _iter_outside_event_sub_processes(scope: etree._Element):
    """Every element under ``scope`` except the contents of event sub-processes."""
    stack = [scope]
    while stack:
        element = stack.pop()
        yield element
        if element is not scope and is_event_sub_process(element):
            continue
        stack.extend(reversed([c for c in element if isinstance(c.tag, str)]))


def _flow_order(nodes: list[str], flows: list[tuple[str, str]]) -> list[str]:
    """Nodes in flow order: a topological order (document order breaks ties), with cycles
    broken by taking the earliest remaining node."""
    position = {node: index for index, node in enumerate(nodes)}
    incoming = {node: 0 for node in nodes}
    succ: dict[str, list[str]] = {node: [] for node in nodes}
    for source, target in flows:
        if source in position and target in position and source != target:
            succ[source].append(target)
            incoming[target] += 1
    order: list[str] = []
    done: set[str] = set()
    import heapq

    ready = [position[n] for n in nodes if incoming[n] == 0]
    heapq.heapify(ready)
    while len(order) < len(nodes):
        if not ready:
            ready = [min(position[n] for n in nodes if n not in done)]
        index = heapq.heappop(ready)
        node = nodes[index]
        if node in done:
            continue
        done.add(node)
        order.append(node)
        for nxt in succ[node]:
            incoming[nxt] -= 1
            if incoming[nxt] == 0 and nxt not in done:
                heapq.heappush(ready, position[nxt])
    return order
