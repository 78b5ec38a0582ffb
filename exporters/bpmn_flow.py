"""The BPMN process structure of a map: which tasks, events, gateways and flows it needs.

Pure data, no XML: :func:`build_process` turns a map into :class:`ProcessPlan`, which
:mod:`vsm_editor.exporters.bpmn` writes out. The mapping:

- every stage is a task (its id used directly);
- a start event before every start stage, an end event after every end stage (starts and
  ends as in :func:`vsm_editor.analysis.graph.build_flow_graph`);
- a stage with several outgoing forward flows gets a split gateway: exclusive for
  alternatives (each flow conditioned on its share; the end-event flow is the default),
  parallel for a parallel split;
- a stage with outgoing rework handoffs gets an exclusive "Rework?" gateway first: each
  rework flow is conditioned on its rate and the forward path is the default. Rework stays a
  real sequence flow (a loop), since that is what it is in BPMN and what any BPMN tool shows;
- a stage with several incoming flows gets converging gateways: a parallel join for the
  branches of a parallel split that meet there (the first stage all branches reach), then an
  exclusive merge for everything else (other flows, rework loops, its start event);
- information handoffs are not flows: they become text annotations (see the exporter).

Every generated element gets a derived id that is unique in the document and the same on
every export of the same map.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from vsm_editor.model.entities import AnatomyMap, Handoff, Stage
from vsm_editor.model.ids import ID_PATTERN

# Many ids, one per line, each an ASCII NCName (ID_PATTERN), checked in one regex pass.
_ID_LIST = re.compile(r"(?:[A-Za-z_][A-Za-z0-9._-]{0,127}\n)+")

TASK = "task"
START = "startEvent"
END = "endEvent"
EXCLUSIVE = "exclusiveGateway"
PARALLEL = "parallelGateway"


@dataclass(slots=True)
class Node:
    """A flow node. ``side`` and ``slot`` place it: ``side`` -1 is before its stage, +1 after,
    0 the stage's task itself; ``slot`` 1 is next to the stage, 2 one further out, ..."""

    id: str
    kind: str
    stage: Stage
    side: int = 0
    slot: int = 0
    name: str = ""
    default: str | None = None
    incoming: list[str] = field(default_factory=list)
    outgoing: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Flow:
    """A sequence flow; ``handoff`` is set for flows that carry a map handoff."""

    id: str
    source: str
    target: str
    handoff: Handoff | None = None
    condition: str | None = None


@dataclass
class ProcessPlan:
    """Nodes in document order (each stage's entry nodes, task, exit nodes) and flows."""

    nodes: list[Node]
    flows: list[Flow]
    information: list[Handoff]
    starts: list[str]
    ends: list[str]
    chains: dict[str, tuple[list[Node], list[Node]]]


class IdMaker:
    """Derived ids: the wished id when free, else the wish with the first free ``_N`` suffix.

    The map's own ids are checked once to be ASCII NCNames, so every id (and every id
    derived from one by adding ``_``, letters and digits) goes into XML as it is."""

    def __init__(self, taken: Iterable[str]) -> None:
        self.taken = set(taken)
        if self.taken and not _ID_LIST.fullmatch("\n".join(self.taken) + "\n"):
            bad = next(i for i in self.taken if not ID_PATTERN.fullmatch(i))
            raise ValueError(f"{bad!r} is not a valid id; check the map first")

    def __call__(self, wish: str) -> str:
        candidate = wish
        number = 2
        while candidate in self.taken:
            candidate = f"{wish}_{number}"
            number += 1
        self.taken.add(candidate)
        return candidate


def map_ids(anatomy: AnatomyMap) -> Iterator[str]:
    """Every id the map uses, of every kind."""
    yield anatomy.stream.id
    for collection in (anatomy.outcomes, anatomy.lanes, anatomy.stages, anatomy.handoffs):
        for element in collection:
            yield element.id
    for stage in anatomy.stages:
        for decision in stage.decisions:
            yield decision.id
        for idea in stage.improvements:
            yield idea.id
    catalogue = anatomy.catalogue
    for collection in (catalogue.control_points, catalogue.logic, catalogue.components):
        for element in collection:
            yield element.id


def starts_and_ends(anatomy: AnatomyMap) -> tuple[list[str], list[str]]:
    """The start and end stages, by the same rule as the flow graph (marks, else degree 0)."""
    has_in: set[str] = set()
    has_out: set[str] = set()
    for handoff in anatomy.handoffs:
        if handoff.kind == "flow":
            has_out.add(handoff.source)
            has_in.add(handoff.target)
    starts = [s.id for s in anatomy.stages if s.start]
    if not starts:
        starts = [s.id for s in anatomy.stages if s.id not in has_in]
    ends = [s.id for s in anatomy.stages if s.end]
    if not ends:
        ends = [s.id for s in anatomy.stages if s.id not in has_out]
    return starts, ends


def parallel_joins(
    anatomy: AnatomyMap, flow_out: dict[str, list[Handoff]]
) -> dict[str, set[str]]:
    """For every stage where the branches of a parallel split meet, the stages whose flows
    into it are those branches (the split itself and the stages on its branches)."""
    successors = {stage_id: [h.target for h in out] for stage_id, out in flow_out.items()}
    joins: dict[str, set[str]] = {}
    for stage in anatomy.stages:
        branches = flow_out[stage.id]
        if stage.split != "parallel" or len(branches) < 2:
            continue
        found = _first_common(stage.id, [h.target for h in branches], successors)
        if found is not None:
            join, members = found
            joins.setdefault(join, set()).update(members)
    return joins


def _first_common(
    split: str, heads: list[str], successors: dict[str, list[str]]
) -> tuple[str, set[str]] | None:
    """Walk all branches in step, one flow at a time; the first stage every branch has
    reached is the join. Returns it with the stages walked before it (and the split)."""
    count = len(heads)
    seen = [{head} for head in heads]
    reached: dict[str, int] = {}
    for head in heads:
        reached[head] = reached.get(head, 0) + 1
    frontiers = [[head] for head in heads]
    order = {head: index for index, head in enumerate(heads)}
    while True:
        ready = [node for node, hits in reached.items() if hits == count and node != split]
        if ready:
            join = min(ready, key=lambda node: order[node])
            members = {split}
            for branch in seen:
                members |= branch
            members.discard(join)
            return join, members
        if not any(frontiers):
            return None
        reached = {}
        for index, frontier in enumerate(frontiers):
            step: list[str] = []
            branch_seen = seen[index]
            for node in frontier:
                if node == split:
                    continue
                for nxt in successors[node]:
                    if nxt not in branch_seen:
                        branch_seen.add(nxt)
                        step.append(nxt)
                        order.setdefault(nxt, len(order))
            frontiers[index] = step
        for node in {n for frontier in frontiers for n in frontier}:
            hits = sum(1 for branch in seen if node in branch)
            if hits == count:
                reached[node] = hits


def build_process(anatomy: AnatomyMap, ids: IdMaker) -> ProcessPlan:
    """Lay out the whole process: nodes, flows, conditions and defaults."""
    flow_out: dict[str, list[Handoff]] = {s.id: [] for s in anatomy.stages}
    flow_in: dict[str, list[Handoff]] = {s.id: [] for s in anatomy.stages}
    rework_out: dict[str, list[Handoff]] = {s.id: [] for s in anatomy.stages}
    rework_in: dict[str, list[Handoff]] = {s.id: [] for s in anatomy.stages}
    information: list[Handoff] = []
    for handoff in anatomy.handoffs:
        if handoff.kind == "flow":
            flow_out[handoff.source].append(handoff)
            flow_in[handoff.target].append(handoff)
        elif handoff.kind == "rework":
            rework_out[handoff.source].append(handoff)
            rework_in[handoff.target].append(handoff)
        else:
            information.append(handoff)
    starts, ends = starts_and_ends(anatomy)
    start_set, end_set = set(starts), set(ends)
    joins = parallel_joins(anatomy, flow_out)

    builder = _Builder(ids)
    for stage in anatomy.stages:
        builder.stage_entry(stage, flow_in[stage.id], rework_in[stage.id],
                            stage.id in start_set, joins.get(stage.id, set()))
        builder.stage_exit(stage, flow_out[stage.id], rework_out[stage.id], stage.id in end_set)
    builder.connect_handoffs(anatomy.handoffs)
    return ProcessPlan(builder.nodes, builder.flows, information, starts, ends, builder.chains)


class _Builder:
    """Collects nodes and flows; remembers where each handoff leaves and lands."""

    def __init__(self, ids: IdMaker) -> None:
        self.ids = ids
        self.nodes: list[Node] = []
        self.by_id: dict[str, Node] = {}
        self.flows: list[Flow] = []
        self.exits: dict[str, tuple[str, str | None]] = {}  # handoff id -> (node, condition)
        self.entries: dict[str, str] = {}  # handoff id -> node
        self.chains: dict[str, tuple[list[Node], list[Node]]] = {}

    def node(self, wish: str, kind: str, stage: Stage, side: int = 0, name: str = "") -> Node:
        node = Node(self.ids(wish) if side else wish, kind, stage, side, name=name)
        self.nodes.append(node)
        self.by_id[node.id] = node
        return node

    def flow(
        self, source: str, target: str, handoff: Handoff | None = None,
        condition: str | None = None, default: bool = False,
    ) -> None:
        flow_id = handoff.id if handoff is not None else self.ids(f"{source}_to_{target}")
        self.flows.append(Flow(flow_id, source, target, handoff, condition))
        self.by_id[source].outgoing.append(flow_id)
        self.by_id[target].incoming.append(flow_id)
        if default:
            self.by_id[source].default = flow_id

    def stage_entry(
        self, stage: Stage, flows_in: list[Handoff], reworks_in: list[Handoff],
        is_start: bool, branch_members: set[str],
    ) -> None:
        """The start event and converging gateways before ``stage``; then its task."""
        branches = [h for h in flows_in if h.source in branch_members]
        others = [h for h in flows_in if h.source not in branch_members] + reworks_in
        if len(branches) < 2:
            others = flows_in + reworks_in
            branches = []
        inputs = len(others) + (1 if is_start else 0) + (1 if branches else 0)
        entry: list[Node] = []
        merge = join = start = None
        if inputs > 1:
            merge = self.node(f"{stage.id}_merge", EXCLUSIVE, stage, -1)
            entry.append(merge)
        if branches:
            join = self.node(f"{stage.id}_join", PARALLEL, stage, -1)
            entry.append(join)
        if is_start:
            start = self.node(f"{stage.id}_start", START, stage, -1, name="Start")
            entry.append(start)
        for slot, node in enumerate(entry, start=1):
            node.slot = slot
        task = self.node(stage.id, TASK, stage, name=stage.name)
        first = merge.id if merge else task.id
        if join is not None:
            for handoff in branches:
                self.entries[handoff.id] = join.id
            self.flow(join.id, first)
        for handoff in others:
            self.entries[handoff.id] = first
        if start is not None:
            self.flow(start.id, first)
        if merge is not None:
            self.flow(merge.id, task.id)
        self.chains[stage.id] = (entry, [])

    def stage_exit(
        self, stage: Stage, flows_out: list[Handoff], reworks_out: list[Handoff], is_end: bool
    ) -> None:
        """The rework gateway, split gateway and end event after ``stage``."""
        exits: list[Node] = []
        current = stage.id
        forward = len(flows_out) + (1 if is_end else 0)
        rework = split = None
        if reworks_out:
            rework = self.node(f"{stage.id}_rework", EXCLUSIVE, stage, 1, name="Rework?")
            exits.append(rework)
            self.flow(current, rework.id)
            for handoff in reworks_out:
                self.exits[handoff.id] = (rework.id, rework_condition(handoff))
            current = rework.id
        if forward > 1:
            kind = PARALLEL if stage.split == "parallel" else EXCLUSIVE
            split = self.node(f"{stage.id}_split", kind, stage, 1)
            exits.append(split)
            self.flow(current, split.id, default=rework is not None)
            for handoff in flows_out:
                condition = share_condition(handoff) if kind == EXCLUSIVE else None
                self.exits[handoff.id] = (split.id, condition)
            current = split.id
        else:
            for handoff in flows_out:
                self.exits[handoff.id] = (current, None)
        if is_end:
            end = self.node(f"{stage.id}_end", END, stage, 1, name="End")
            exits.append(end)
            leaves_gateway = current != stage.id
            exclusive = leaves_gateway and self.by_id[current].kind == EXCLUSIVE
            self.flow(current, end.id, default=exclusive)
        elif rework is not None and forward == 1:
            # the single forward flow leaves the rework gateway as its default
            self.by_id[rework.id].default = "pending"
        for slot, node in enumerate(exits, start=1):
            node.slot = slot
        entry, _ = self.chains[stage.id]
        self.chains[stage.id] = (entry, exits)

    def connect_handoffs(self, handoffs: list[Handoff]) -> None:
        """One sequence flow per flow or rework handoff, from its exit to its entry node."""
        for handoff in handoffs:
            if handoff.kind == "information":
                continue
            source, condition = self.exits[handoff.id]
            node = self.by_id[source]
            default = node.default == "pending" and handoff.kind == "flow"
            if default:
                node.default = None
            self.flow(source, self.entries[handoff.id], handoff, condition, default)


def share_condition(handoff: Handoff) -> str:
    """The condition of an alternative: its share."""
    if handoff.share is None:
        return "share not given"
    return f"share = {_number(handoff.share.value)} %"


def rework_condition(handoff: Handoff) -> str:
    """The condition of a rework loop: its rate."""
    if handoff.rework_rate is None:
        return "rework (rate not given)"
    return f"rework rate = {_number(handoff.rework_rate.value)}"


def _number(value: float) -> str:
    return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
