"""Collapsing a process's sequence flows into stage-to-stage handoffs.

Activities become stages; everything between two activities (gateways, intermediate events,
boundary events) is walked through, so each path from one activity to the next becomes one
flow handoff whose label joins the names (or conditions) met on the way. The first diverging
gateway after an activity gives its split type; start and end events mark the stages right
after and before them; a path that loops back to an earlier stage becomes a rework handoff.
Whatever this approximates or cannot place is reported.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from lxml import etree
from vsm_editor.exporters.bpmn_import_read import (
    GATEWAYS,
    ProcessParts,
    SequenceFlow,
    local,
    name_of,
)
from vsm_editor.exporters.bpmn_import_report import APPROXIMATED, NOT_MAPPED, Report

from vsm_editor.model.entities import SplitType

_APPROXIMATE_GATEWAYS = {
    "inclusiveGateway": "taken as alternatives; in BPMN several of its branches may run",
    "eventBasedGateway": "taken as alternatives; in BPMN the first event to happen picks "
                         "the branch",
    "complexGateway": "taken as alternatives; its activation rule is not kept",
}


@dataclass(slots=True)
class Path:
    """One way from an activity (or start event) to the next activity or an end event."""

    target: str
    flows: list[SequenceFlow]
    via: list[str]
    is_end: bool


@dataclass(slots=True)
class StageLink:
    """One handoff to make: ``kind`` is "flow" or "rework"; ``flows`` are the BPMN flows
    of its first path (for its id), ``label`` joins the labels of all its paths."""

    source: str
    target: str
    kind: str
    flows: list[SequenceFlow]
    label: str


@dataclass
class FlowPlan:
    """The stage-level flow: links, split types, start and end marks."""

    links: list[StageLink] = field(default_factory=list)
    splits: dict[str, SplitType] = field(default_factory=dict)
    starts: list[str] = field(default_factory=list)
    ends: list[str] = field(default_factory=list)


class _Walker:
    def __init__(self, parts: ProcessParts, report: Report) -> None:
        self.nodes = parts.nodes
        self.stages = [a.get("id") or "" for a in parts.activities]
        self.stage_set = set(self.stages)
        self.report = report
        self.out: dict[str, list[SequenceFlow]] = defaultdict(list)
        self.used: set[str] = set()
        for flow in parts.flows:
            if flow.source in self.nodes and flow.target in self.nodes:
                self.out[flow.source].append(flow)
            else:
                report.add(flow.id, "sequenceFlow", flow.name, NOT_MAPPED,
                           "connects elements that are not in this process's flow")
        self.boundaries: dict[str, list[str]] = defaultdict(list)
        for node_id, element in self.nodes.items():
            if local(element) == "boundaryEvent":
                attached = element.get("attachedToRef") or ""
                if attached in self.stage_set:
                    self.boundaries[attached].append(node_id)

    def kind(self, node_id: str) -> str:
        return local(self.nodes[node_id])

    def walk(self, origin: str, include_boundaries: bool) -> list[Path]:
        """Every path from ``origin`` through non-activity nodes (each visited once)."""
        paths: list[Path] = []
        seen: set[str] = set()
        stack: list[tuple[str, list[SequenceFlow], list[str]]] = []
        starts = [(f.target, [f], []) for f in self.out[origin]]
        if include_boundaries:
            starts += [(b, [], []) for b in self.boundaries.get(origin, [])]
        stack.extend(reversed(starts))
        while stack:
            node_id, flows, via = stack.pop()
            if node_id in self.stage_set:
                paths.append(Path(node_id, flows, via, False))
                continue
            kind = self.kind(node_id)
            self.used.add(node_id)
            if kind == "endEvent":
                paths.append(Path(node_id, flows, via, True))
                continue
            if node_id in seen or kind in ("startEvent",):
                continue
            seen.add(node_id)
            for flow in reversed(self.out[node_id]):
                stack.append((flow.target, [*flows, flow], [*via, node_id]))
        return paths

    def split_of(self, stage: str) -> SplitType:
        flows = self.out[stage]
        if len(flows) > 1:
            if any(flow.condition for flow in flows):
                element = self.nodes[stage]
                self.report.add(stage, local(element), name_of(element), APPROXIMATED,
                                "several conditional outgoing flows (an inclusive split) "
                                "taken as alternatives")
                return "alternatives"
            return "parallel"
        node = flows[0].target if flows else None
        steps = 0
        while (node is not None and node not in self.stage_set and len(self.out[node]) == 1
               and steps < len(self.nodes)):
            node = self.out[node][0].target
            steps += 1
        if node is not None and node not in self.stage_set and len(self.out[node]) > 1:
            if self.kind(node) == "parallelGateway":
                return "parallel"
        return "alternatives"

    def label(self, path: Path) -> str:
        parts: list[str] = []
        for flow in path.flows:
            source = self.nodes.get(flow.source)
            text = flow.name or flow.condition
            if source is not None and flow.source not in self.stage_set:
                kind = local(source)
                gate = name_of(source)
                if kind in GATEWAYS and gate and text and len(self.out[flow.source]) > 1:
                    text = f"{gate} {text}" if gate.endswith("?") else f"{gate}: {text}"
                elif kind not in GATEWAYS and gate and gate not in parts:
                    parts.append(gate)  # an intermediate or boundary event's name
            if text and text not in parts:
                parts.append(text)
        return " / ".join(parts)


def collapse(parts: ProcessParts, report: Report) -> FlowPlan:
    """The stage-level flow of the process (see the module docstring)."""
    walker = _Walker(parts, report)
    plan = FlowPlan()
    links: dict[tuple[str, str], list[Path]] = {}
    for stage in walker.stages:
        plan.splits[stage] = walker.split_of(stage)
        for path in walker.walk(stage, include_boundaries=True):
            if path.is_end:
                if stage not in plan.ends:
                    plan.ends.append(stage)
            elif path.target == stage:
                first = path.flows[0] if path.flows else None
                report.add(first.id if first else stage, "sequenceFlow",
                           first.name if first else "", NOT_MAPPED,
                           f"a loop from {stage!r} back to itself; a handoff cannot loop to "
                           "its own stage")
            else:
                links.setdefault((stage, path.target), []).append(path)
    for node_id, element in parts.nodes.items():
        if local(element) == "startEvent":
            walker.used.add(node_id)
            for path in walker.walk(node_id, include_boundaries=False):
                if not path.is_end and path.target not in plan.starts:
                    plan.starts.append(path.target)
    plan.starts.sort(key=walker.stages.index)
    back = _back_edges(walker.stages, plan.starts, list(links))
    for (source, target), paths in links.items():
        labels = [walker.label(p) for p in paths]
        label = " / ".join(dict.fromkeys(text for text in labels if text))
        kind = "rework" if (source, target) in back else "flow"
        plan.links.append(StageLink(source, target, kind, paths[0].flows, label))
        flow_id = paths[0].flows[-1].id if paths[0].flows else source
        if kind == "rework":
            report.add(flow_id, "sequenceFlow", paths[0].flows[-1].name if paths[0].flows else "",
                       APPROXIMATED, f"loops back from {source!r} to {target!r}: kept as a "
                       "rework handoff")
        for extra in paths[1:]:
            first = extra.flows[-1] if extra.flows else None
            report.add(first.id if first else source, "sequenceFlow",
                       first.name if first else "", APPROXIMATED,
                       f"a second path from {source!r} to {target!r}, merged into one handoff")
    _report_walked(parts, walker, report)
    return plan


def _back_edges(stages: list[str], starts: list[str],
                pairs: list[tuple[str, str]]) -> set[tuple[str, str]]:
    """Links that close a cycle in a depth-first search from the starts (then the rest)."""
    succ: dict[str, list[str]] = defaultdict(list)
    for source, target in pairs:
        succ[source].append(target)
    state: dict[str, int] = {}  # 1 on the stack, 2 done
    back: set[tuple[str, str]] = set()
    for root in [*starts, *stages]:
        if root in state:
            continue
        state[root] = 1
        stack = [(root, iter(succ[root]))]
        while stack:
            node, children = stack[-1]
            child = next(children, None)
            if child is None:
                state[node] = 2
                stack.pop()
            elif state.get(child) == 1:
                back.add((node, child))
            elif child not in state:
                state[child] = 1
                stack.append((child, iter(succ[child])))
    return back


def _report_walked(parts: ProcessParts, walker: _Walker, report: Report) -> None:
    """Report the non-activity nodes: approximated when walked through, else not mapped."""
    for node_id, element in parts.nodes.items():
        kind = local(element)
        if node_id in walker.stage_set:
            continue
        name = name_of(element)
        if node_id not in walker.used:
            report.add(node_id, kind, name, NOT_MAPPED,
                       "not on a path between tasks, start and end events")
        elif kind in _APPROXIMATE_GATEWAYS:
            report.add(node_id, kind, name, APPROXIMATED, _APPROXIMATE_GATEWAYS[kind])
        elif kind in ("intermediateCatchEvent", "intermediateThrowEvent"):
            report.add(node_id, kind, name, APPROXIMATED,
                       f"{_trigger(element)}collapsed into the handoffs through it")
        elif kind == "boundaryEvent":
            report.add(node_id, kind, name, APPROXIMATED,
                       f"{_trigger(element)}its path kept as a handoff from "
                       f"{element.get('attachedToRef')!r}, the activity it is attached to")
        elif kind in ("startEvent", "endEvent") and _definitions(element):
            what = "trigger" if kind == "startEvent" else "result"
            report.add(node_id, kind, name, APPROXIMATED,
                       f"marks the stream's {'start' if kind == 'startEvent' else 'end'}; its "
                       f"{what} ({', '.join(_definitions(element))}) is not kept")


def _definitions(element: etree._Element) -> list[str]:
    return [local(child).removesuffix("EventDefinition").lower() for child in element
            if local(child).endswith("EventDefinition")]


def _trigger(element: etree._Element) -> str:
    kinds = "/".join(_definitions(element))
    if not kinds:
        return ""
    return f"{'an' if kinds[0] in 'aeiou' else 'a'} {kinds} event; "
