"""Lookups the rules need (id → element and the derived "where used" links), kept up to date
from the document's change sets so an edit costs time in proportion to what it touched.

Derived links are never stored in the map (the map stores each link once); here they are:
``served_by`` (outcome → stages linking to it), ``logic_at`` (stage → logic items applied
there), ``realized_by`` (logic item → components realizing it).

What coverage and the P3/P4 checks ask of a stage's logic comes from :meth:`MapIndex.links_at`:
one :data:`LogicLink` ``(logic id, control point, realizing components)`` per logic item
applied there, sorted by id. A one-shot index (``track_edits=False``) builds these links in
its single pass over the catalogue and keeps plain lists and tuples instead of the sets an
edited map needs, and leaves out what only edits need; touching each element once, and
allocating little, is what counts on large maps.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from typing import Any

from vsm_editor.model.document import ChangeSet, Document
from vsm_editor.model.entities import (
    AnatomyMap,
    Component,
    ControlPoint,
    Handoff,
    Lane,
    LogicItem,
    Outcome,
    Stage,
)

EMPTY: frozenset[str] = frozenset()

# A logic item applied at a stage: its id, its control point and the components realizing it.
LogicLink = tuple[str, "str | None", "Collection[str] | None"]


@dataclass
class Dirty:
    """What an edit touched, by the scope of the checks that must run again."""

    stages: set[str] = field(default_factory=set)
    stage_flow: set[str] = field(default_factory=set)
    handoffs: set[str] = field(default_factory=set)
    outcomes: set[str] = field(default_factory=set)
    logic: set[str] = field(default_factory=set)
    components: set[str] = field(default_factory=set)
    timing: bool = False
    names: bool = False  # a stage was renamed: messages naming it elsewhere change
    everything: bool = False


class MapIndex:
    """Id lookups and derived links of one map."""

    def __init__(self, anatomy: AnatomyMap, track_edits: bool = True) -> None:
        """``track_edits=False`` skips what only :meth:`apply` needs (a one-shot analysis):
        the decision → stage, control point and ``served_by`` maps are then built on first
        use, the timed stages and waited handoffs not at all (see :meth:`records_times`)."""
        self.anatomy = anatomy
        self._track_edits = track_edits
        self.stages: dict[str, Stage] = {}
        self.handoffs: dict[str, Handoff] = {}
        self.outcomes: dict[str, Outcome] = {o.id: o for o in anatomy.outcomes}
        self.lanes: dict[str, Lane] = {lane.id: lane for lane in anatomy.lanes}
        self.control_points: dict[str, ControlPoint] = (
            {c.id: c for c in anatomy.catalogue.control_points} if track_edits else {}
        )
        self.logic: dict[str, LogicItem] = {}
        self.components: dict[str, Component] = {}
        self.decision_stage: dict[str, str] = {}
        self.served_by: dict[str, set[str]] = {}  # see :meth:`served_outcomes`
        # Kept only when tracking edits (a one-shot index answers from ``_links``).
        self.logic_at: dict[str, set[str]] = {}
        # Sets when tracking edits, tuples without repeats otherwise.
        self.realized_by: dict[str, Collection[str]] = {}
        self._links: dict[str, list[LogicLink]] | None = None
        # Kept only when tracking edits.
        self.timed_stages: set[str] = set()
        self.waited_handoffs: set[str] = set()
        # What each element linked to when last seen (changes carry no old values; the
        # document replaces a list field on ``set``, never mutates it, so keeping the old
        # list object is enough).
        self._stage_outcomes: dict[str, list[str]] = {}
        self._logic_stages: dict[str, list[str]] = {}
        self._realizes: dict[str, list[str]] = {}
        self._build(anatomy)

    def _build(self, anatomy: AnatomyMap) -> None:
        """Fill every lookup in one pass per collection (the per-change methods are for
        edits); on large maps touching each element once matters more than anything else."""
        if not self._track_edits:
            self.stages = {stage.id: stage for stage in anatomy.stages}
            self.handoffs = {handoff.id: handoff for handoff in anatomy.handoffs}
            self._build_link_lists(anatomy)
            return
        stages, decision_stage, served_by = self.stages, self.decision_stage, self.served_by
        stage_outcomes, timed = self._stage_outcomes, self.timed_stages
        for stage in anatomy.stages:
            stage_id = stage.id
            stages[stage_id] = stage
            for decision in stage.decisions:
                decision_stage[decision.id] = stage_id
            outcomes = stage.outcomes
            stage_outcomes[stage_id] = outcomes
            if stage.process_time is not None:
                timed.add(stage_id)
            for outcome_id in outcomes:
                if outcome_id in served_by:
                    served_by[outcome_id].add(stage_id)
                else:
                    served_by[outcome_id] = {stage_id}
        handoffs, waited = self.handoffs, self.waited_handoffs
        for handoff in anatomy.handoffs:
            handoffs[handoff.id] = handoff
            if handoff.wait is not None and handoff.kind == "flow":
                waited.add(handoff.id)
        self._build_catalogue_links(anatomy)

    def _build_catalogue_links(self, anatomy: AnatomyMap) -> None:
        """The logic and component lookups as sets, for an index that follows edits."""
        logic, logic_stages, logic_at = self.logic, self._logic_stages, self.logic_at
        for item in anatomy.catalogue.logic:
            item_id = item.id
            logic[item_id] = item
            logic_stages[item_id] = item.stages
            for stage_id in item.stages:
                if stage_id in logic_at:
                    logic_at[stage_id].add(item_id)
                else:
                    logic_at[stage_id] = {item_id}
        components, realizes = self.components, self._realizes
        realized_by: dict[str, set[str]] = self.realized_by  # type: ignore[assignment]
        for component in anatomy.catalogue.components:
            component_id = component.id
            components[component_id] = component
            realizes[component_id] = component.realizes
            for logic_id in component.realizes:
                if logic_id in realized_by:
                    realized_by[logic_id].add(component_id)
                else:
                    realized_by[logic_id] = {component_id}

    def _build_link_lists(self, anatomy: AnatomyMap) -> None:
        """The component and logic lookups and every stage's :data:`LogicLink`\\ s in one pass
        each (a one-shot analysis: tuples and lists, no sets; repeated ids in a link list
        count once, and a repeat is always next to its first occurrence in the list being
        built). A stage's links are kept in id order as they come (the lists are short)."""
        components = self.components
        realized_by: dict[str, tuple[str, ...]] = self.realized_by  # type: ignore[assignment]
        for component in anatomy.catalogue.components:
            component_id = component.id
            components[component_id] = component
            for logic_id in component.realizes:
                found = realized_by.get(logic_id)
                if found is None:
                    realized_by[logic_id] = (component_id,)
                elif component_id not in found:
                    realized_by[logic_id] = (*found, component_id)
        logic = self.logic
        links: dict[str, list[LogicLink]] = {}
        realizers = realized_by.get
        for item in anatomy.catalogue.logic:
            item_id = item.id
            logic[item_id] = item
            link = (item_id, item.control_point, realizers(item_id))
            for stage_id in item.stages:
                at = links.get(stage_id)
                if at is None:
                    links[stage_id] = [link]
                    continue
                last = at[-1]
                if last is link:
                    continue
                if last[0] <= item_id:
                    at.append(link)
                    continue
                # Out of id order: it goes after the links whose ids are not greater (where
                # it already is when the stage is repeated), as a stable sort would put it.
                place = len(at) - 1
                while place and at[place - 1][0] > item_id:
                    place -= 1
                if not place or at[place - 1] is not link:
                    at.insert(place, link)
        self._links = links

    # ------------------------------------------------------------------ queries
    def has(self, element_id: str) -> bool:
        """Whether an element with this id is in the map (stream, decision or top-level)."""
        return (
            element_id == self.anatomy.stream.id
            or element_id in self.stages
            or element_id in self.handoffs
            or element_id in self.outcomes
            or element_id in self.logic
            or element_id in self.components
            or element_id in self._control_points()
            or element_id in self.lanes
            or element_id in self._decisions()
        )

    def _control_points(self) -> dict[str, ControlPoint]:
        if not self._track_edits and not self.control_points:
            self.control_points = {c.id: c for c in self.anatomy.catalogue.control_points}
        return self.control_points

    def records_times(self) -> bool:
        """Whether some stage has a process time or some flow handoff a wait."""
        if self._track_edits:
            return bool(self.timed_stages or self.waited_handoffs)
        anatomy = self.anatomy
        return any(stage.process_time is not None for stage in anatomy.stages) or any(
            handoff.wait is not None and handoff.kind == "flow" for handoff in anatomy.handoffs
        )

    def _decisions(self) -> dict[str, str]:
        if not self._track_edits and not self.decision_stage:
            self.decision_stage = {
                d.id: s.id for s in self.anatomy.stages for d in s.decisions
            }
        return self.decision_stage

    def logic_ids_at(self, stage_id: str) -> Iterable[str]:
        """Ids of the logic items applied at a stage."""
        if self._links is not None:
            return [link[0] for link in self._links.get(stage_id, ())]
        return self.logic_at.get(stage_id, EMPTY)

    def links_at(self, stage_id: str) -> list[LogicLink]:
        """The logic items applied at a stage, sorted by id, each with its control point and
        the components realizing it (None or empty when none does)."""
        if self._links is not None:
            return self._links.get(stage_id) or []
        applied = self.logic_at.get(stage_id)
        if not applied:
            return []
        logic, realizers = self.logic, self.realized_by.get
        return [(i, logic[i].control_point, realizers(i)) for i in sorted(applied)]

    def link_lookup(self) -> Callable[[str], list[LogicLink] | None]:
        """A function giving a stage's :meth:`links_at`, None or empty when it has none (on a
        one-shot index the link table's own ``get``: the cheapest call over many stages)."""
        if self._links is not None:
            return self._links.get
        return self.links_at

    def stages_with_logic(self) -> AbstractSet[str]:
        """Ids of the stages at which some logic item applies."""
        if self._links is not None:
            return self._links.keys()
        return {stage_id for stage_id, applied in self.logic_at.items() if applied}

    def realized_logic(self) -> AbstractSet[str]:
        """Ids of the logic items some component realizes."""
        if self._track_edits:
            return {logic_id for logic_id, by in self.realized_by.items() if by}
        return self.realized_by.keys()

    def realizers_of(self, logic_id: str) -> Iterable[str]:
        """Ids of the components realizing a logic item."""
        return self.realized_by.get(logic_id, EMPTY)

    def served_outcomes(self) -> AbstractSet[str]:
        """Ids of the outcomes some stage is linked to."""
        if self._track_edits:
            return {outcome_id for outcome_id, by in self.served_by.items() if by}
        return set().union(*[stage.outcomes for stage in self.anatomy.stages])

    # ------------------------------------------------------------------ updates
    def apply(self, changes: ChangeSet, doc: Document) -> Dirty:
        """Bring the index up to date with ``changes``; say what the checks must revisit."""
        if not self._track_edits:
            raise RuntimeError("this index was built for a one-shot analysis")
        dirty = Dirty()
        for change in changes.changes:
            handler = _HANDLERS.get(change.kind)
            if handler is None:
                dirty.everything = True
                continue
            handler(self, change.op, change.id, change.fields, doc, dirty)
        return dirty

    def _on_stage(
        self, op: str, stage_id: str, fields: tuple, doc: Document, dirty: Dirty
    ) -> None:
        dirty.stages.add(stage_id)
        dirty.stage_flow.add(stage_id)
        stage = _current(doc, stage_id, op)
        if stage is None or self.stages.get(stage_id) is not stage:
            dirty.timing = True
            self._remove_stage(stage_id, dirty)
            if stage is not None:
                self._add_stage(stage, dirty)
        else:
            if "name" in fields:
                self._renamed(stage_id, dirty)
            if "outcomes" in fields:
                self._link_outcomes(stage, dirty)
            if "process_time" in fields or "pca" in fields:
                self._note_timed_stage(stage)
                dirty.timing = True

    def _on_nested(
        self, op: str, child_id: str, fields: tuple, doc: Document, dirty: Dirty
    ) -> None:
        if op == "removed":
            parent = self.decision_stage.pop(child_id, None)
        else:
            parent = doc.parent_of(child_id)
            if parent is not None and doc.kind_of(child_id) == "decision":
                self.decision_stage[child_id] = parent
        if parent is not None:
            dirty.stages.add(parent)

    def _on_handoff(
        self, op: str, handoff_id: str, fields: tuple, doc: Document, dirty: Dirty
    ) -> None:
        dirty.handoffs.add(handoff_id)
        dirty.timing = True
        old = self.handoffs.get(handoff_id)
        if old is not None:
            dirty.stage_flow.add(old.source)
        handoff = _current(doc, handoff_id, op)
        if handoff is None:
            self.handoffs.pop(handoff_id, None)
            self.waited_handoffs.discard(handoff_id)
            return
        self._add_handoff(handoff)
        dirty.stage_flow.add(handoff.source)

    def _on_outcome(
        self, op: str, outcome_id: str, fields: tuple, doc: Document, dirty: Dirty
    ) -> None:
        dirty.outcomes.add(outcome_id)
        dirty.stages.update(self.served_by.get(outcome_id, EMPTY))
        outcome = _current(doc, outcome_id, op)
        if outcome is None:
            self.outcomes.pop(outcome_id, None)
        else:
            self.outcomes[outcome_id] = outcome

    def _on_logic(
        self, op: str, logic_id: str, fields: tuple, doc: Document, dirty: Dirty
    ) -> None:
        dirty.logic.add(logic_id)
        dirty.stages.update(self._logic_stages.get(logic_id, ()))
        item = _current(doc, logic_id, op)
        if item is None:
            self._unlink_logic(logic_id, dirty)
            self.logic.pop(logic_id, None)
        elif "stages" in fields or self.logic.get(logic_id) is not item:
            self._unlink_logic(logic_id, dirty)
            self._add_logic(item, dirty)

    def _on_component(
        self, op: str, component_id: str, fields: tuple, doc: Document, dirty: Dirty
    ) -> None:
        dirty.components.add(component_id)
        component = _current(doc, component_id, op)
        if component is None:
            self._unlink_component(component_id, dirty)
            self.components.pop(component_id, None)
        elif "realizes" in fields or self.components.get(component_id) is not component:
            self._unlink_component(component_id, dirty)
            self._add_component(component, dirty)

    def _on_control_point(
        self, op: str, cp_id: str, fields: tuple, doc: Document, dirty: Dirty
    ) -> None:
        point = _current(doc, cp_id, op)
        if point is None:
            self.control_points.pop(cp_id, None)
        else:
            self.control_points[cp_id] = point

    def _on_lane(
        self, op: str, lane_id: str, fields: tuple, doc: Document, dirty: Dirty
    ) -> None:
        lane = _current(doc, lane_id, op)
        if lane is None:
            self.lanes.pop(lane_id, None)
        else:
            self.lanes[lane_id] = lane

    def _on_stream(
        self, op: str, stream_id: str, fields: tuple, doc: Document, dirty: Dirty
    ) -> None:
        dirty.timing = True

    # ------------------------------------------------------------------ bookkeeping
    def _add_stage(self, stage: Stage, dirty: Dirty) -> None:
        self.stages[stage.id] = stage
        for decision in stage.decisions:
            self.decision_stage[decision.id] = stage.id
        self._stage_outcomes[stage.id] = []
        self._link_outcomes(stage, dirty)
        self._note_timed_stage(stage)

    def _remove_stage(self, stage_id: str, dirty: Dirty) -> None:
        stage = self.stages.pop(stage_id, None)
        if stage is None:
            return
        for decision in stage.decisions:
            self.decision_stage.pop(decision.id, None)
        for outcome_id in self._stage_outcomes.pop(stage_id, ()):
            self.served_by.get(outcome_id, set()).discard(stage_id)
            dirty.outcomes.add(outcome_id)
        self.timed_stages.discard(stage_id)

    def _link_outcomes(self, stage: Stage, dirty: Dirty) -> None:
        old = self._stage_outcomes.get(stage.id, ())
        new = stage.outcomes
        for outcome_id in old:
            self.served_by.get(outcome_id, set()).discard(stage.id)
        for outcome_id in new:
            self.served_by.setdefault(outcome_id, set()).add(stage.id)
        dirty.outcomes.update(old)
        dirty.outcomes.update(new)
        self._stage_outcomes[stage.id] = new

    def _renamed(self, stage_id: str, dirty: Dirty) -> None:
        """Findings about its handoffs (and their source's split) quote the stage's name."""
        dirty.names = True
        for handoff in self.handoffs.values():
            if handoff.source == stage_id or handoff.target == stage_id:
                dirty.handoffs.add(handoff.id)
                dirty.stage_flow.add(handoff.source)

    def _note_timed_stage(self, stage: Stage) -> None:
        if stage.process_time is not None:
            self.timed_stages.add(stage.id)
        else:
            self.timed_stages.discard(stage.id)

    def _add_handoff(self, handoff: Handoff) -> None:
        self.handoffs[handoff.id] = handoff
        if handoff.kind == "flow" and handoff.wait is not None:
            self.waited_handoffs.add(handoff.id)
        else:
            self.waited_handoffs.discard(handoff.id)

    def _add_logic(self, item: LogicItem, dirty: Dirty) -> None:
        self.logic[item.id] = item
        stages = item.stages
        self._logic_stages[item.id] = stages
        for stage_id in stages:
            self.logic_at.setdefault(stage_id, set()).add(item.id)
        dirty.stages.update(stages)

    def _unlink_logic(self, logic_id: str, dirty: Dirty) -> None:
        for stage_id in self._logic_stages.pop(logic_id, ()):
            self.logic_at.get(stage_id, set()).discard(logic_id)
            dirty.stages.add(stage_id)

    def _add_component(self, component: Component, dirty: Dirty) -> None:
        self.components[component.id] = component
        realizes = component.realizes
        self._realizes[component.id] = realizes
        for logic_id in realizes:
            self.realized_by.setdefault(logic_id, set()).add(component.id)
            self._touch_logic(logic_id, dirty)

    def _unlink_component(self, component_id: str, dirty: Dirty) -> None:
        for logic_id in self._realizes.pop(component_id, ()):
            self.realized_by.get(logic_id, set()).discard(component_id)
            self._touch_logic(logic_id, dirty)

    def _touch_logic(self, logic_id: str, dirty: Dirty) -> None:
        dirty.logic.add(logic_id)
        dirty.stages.update(self._logic_stages.get(logic_id, ()))


def _current(doc: Document, element_id: str, op: str) -> Any | None:
    """The element as it is now, or None when it is gone (changes are replayed against the
    document's final state, so an element added and removed in one batch is simply gone)."""
    if op == "removed" and element_id not in doc:
        return None
    return doc.find(element_id)


_HANDLERS: dict[str, Any] = {
    "stage": MapIndex._on_stage,
    "decision": MapIndex._on_nested,
    "improvement": MapIndex._on_nested,
    "handoff": MapIndex._on_handoff,
    "outcome": MapIndex._on_outcome,
    "logic": MapIndex._on_logic,
    "component": MapIndex._on_component,
    "control_point": MapIndex._on_control_point,
    "lane": MapIndex._on_lane,
    "stream": MapIndex._on_stream,
}
