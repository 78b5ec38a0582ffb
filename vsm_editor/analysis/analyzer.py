"""Running the rules: :func:`analyze` for a whole map, :class:`Analyzer` for live editing.

Both share one engine: findings are cached by the scope of the check that produced them
and by the element they are about (see :mod:`vsm_editor.analysis.rules.registry`). A full
analysis runs every check on everything; an update runs again only what the change set
touched: per-stage checks for the touched stages, the flow checks for every stage only
when the flow graph changed (otherwise its facts are reused), the flow metrics only when a
time, share or rate changed. Settings and suppressions are applied afresh each time, so
the result always equals a full analysis of the same map.
"""

from __future__ import annotations

import copy
import gc
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from vsm_editor.analysis.context import AnalysisContext, metrics_asked
from vsm_editor.analysis.coverage import (
    LAYERS,
    Coverage,
    compute_coverage,
    measurable_outcomes,
    stage_coverage,
    with_flow_path,
)
from vsm_editor.analysis.facts import FlowFacts, build_flow_facts, with_new_marks
from vsm_editor.analysis.index import Dirty, MapIndex
from vsm_editor.analysis.report import Report, SuppressedFinding, finding_order
from vsm_editor.analysis.rules import checks_in
from vsm_editor.analysis.rules.registry import ELEMENT_SCOPES, MAP_SCOPES
from vsm_editor.analysis.rules.structure import stale_suppressions
from vsm_editor.analysis.settings import RulesConfig, effective_rules
from vsm_editor.model.document import ChangeSet, Document
from vsm_editor.model.entities import AnatomyMap
from vsm_editor.model.findings import Finding

# Which index collection holds the elements of each per-element scope.
_POOLS = {
    "stage": "stages",
    "stage_flow": "stages",
    "handoff": "handoffs",
    "outcome": "outcomes",
    "logic": "logic",
    "component": "components",
}


def analyze(anatomy: AnatomyMap, config: RulesConfig | None = None) -> Report:
    """Every finding and the coverage of ``anatomy`` under its settings and ``config``."""
    with collector_paused():
        return _Engine(anatomy, config, track_edits=False).report()


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while the analysis runs.

    The analysis allocates many short-lived objects and makes no reference cycles; on a
    large map the collector's passes over every object of the map (hundreds of thousands)
    cost about a third of the analysis time. Reference counting still frees everything.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


class Analyzer:
    """Keeps the analysis of a :class:`~vsm_editor.model.Document` current, edit by edit.

    Call :meth:`update` with each change set (or several, e.g. when debouncing); it returns
    the new :class:`Report`, always equal to ``analyze(doc.map, config)``. Changes the
    document does not announce (the map's analysis settings, delivery metrics) are picked up
    on the next update; :meth:`refresh` re-analyses from scratch.
    """

    def __init__(self, doc: Document, config: RulesConfig | None = None) -> None:
        self.doc = doc
        with collector_paused():
            self._engine = _Engine(doc.map, config)
            self._report = self._engine.report()

    @property
    def report(self) -> Report:
        """The latest report."""
        return self._report

    @property
    def config(self) -> RulesConfig | None:
        """The shared rules file in use."""
        return self._engine.config

    def set_config(self, config: RulesConfig | None) -> Report:
        """Use another shared rules file (settings only: no check runs again)."""
        self._engine.config = config
        with collector_paused():
            self._report = self._engine.report()
        return self._report

    def update(self, changes: ChangeSet | Iterable[ChangeSet]) -> Report:
        """Re-analyse after ``changes`` were made to the document."""
        if not isinstance(changes, ChangeSet):  # replay them as one: the map is already final
            changes = ChangeSet([change for changeset in changes for change in changeset.changes])
        with collector_paused():
            self._engine.apply(changes, self.doc)
            self._report = self._engine.report()
        return self._report

    def refresh(self) -> Report:
        """Re-analyse everything (e.g. after the map was changed outside the document)."""
        with collector_paused():
            self._engine = _Engine(self.doc.map, self._engine.config)
            self._report = self._engine.report()
        return self._report


class _Engine:
    """The cached findings and coverage of one map."""

    def __init__(
        self, anatomy: AnatomyMap, config: RulesConfig | None, track_edits: bool = True
    ) -> None:
        self.anatomy = anatomy
        self.config = config
        self.index = MapIndex(anatomy, track_edits)
        self.ctx = AnalysisContext(
            anatomy, self.index, build_flow_facts(anatomy), metrics_asked(anatomy, self.index)
        )
        self.found: dict[str, dict[str, list[Finding]]] = {s: {} for s in ELEMENT_SCOPES}
        self.found_map: dict[str, list[Finding]] = {}
        self.stage_cov: dict = {}
        self.counts = dict.fromkeys(LAYERS, 0)
        self._metrics_inputs: Any = None
        self._run_everything()

    # ------------------------------------------------------------------ running checks
    def _run_everything(self) -> None:
        index = self.index
        for scope in ELEMENT_SCOPES:
            self.found[scope] = {}
            self._run_scope(scope, list(getattr(index, _POOLS[scope]).values()))
        for scope in MAP_SCOPES:
            self._run_map_scope(scope)
        self._metrics_inputs = self._current_metrics_inputs()
        coverage = compute_coverage(self.anatomy, index, self.ctx.flow)
        self.stage_cov = coverage.stages
        self.counts = coverage.counts

    def _run_scope(self, scope: str, elements: list) -> None:
        store = self.found[scope]
        for _rule, check in checks_in(scope):  # type: ignore[arg-type]
            for finding in check(self.ctx, elements):
                store.setdefault(finding.element, []).append(finding)

    def _rerun(self, scope: str, ids: Iterable[str]) -> None:
        store = self.found[scope]
        pool = getattr(self.index, _POOLS[scope])
        live = []
        for element_id in ids:
            store.pop(element_id, None)
            element = pool.get(element_id)
            if element is not None:
                live.append(element)
        if live:
            self._run_scope(scope, live)

    def _run_map_scope(self, scope: str) -> None:
        findings: list[Finding] = []
        for _rule, check in checks_in(scope):  # type: ignore[arg-type]
            findings.extend(check(self.ctx))
        self.found_map[scope] = findings

    def _current_metrics_inputs(self) -> tuple:
        anatomy = self.anatomy
        return (
            copy.deepcopy(anatomy.delivery_metrics.measured_lead_time),
            anatomy.analysis.hidden_queue_threshold,
            anatomy.stream.working_day_hours,
        )

    # ------------------------------------------------------------------ updates
    def apply(self, changes: ChangeSet, doc: Document) -> None:
        """Bring the cached findings and coverage up to date with one change set."""
        dirty = self.index.apply(changes, doc)
        if dirty.everything:
            self.__init__(self.anatomy, self.config)  # type: ignore[misc]
            return
        ctx = self.ctx
        flow_changed = changes.touches_flow()
        moved: set[str] | None = None  # stages whose place in the flow changed
        if flow_changed:
            old = ctx.flow
            ctx.flow = (
                with_new_marks(old, self.anatomy)
                if _only_marks_changed(changes)
                else build_flow_facts(self.anatomy)
            )
            moved = _moved_in_flow(old, ctx.flow)
        asked = metrics_asked(self.anatomy, self.index)
        if asked != ctx.metrics_asked:
            ctx.metrics_asked = asked
            dirty.stages.update(self.index.stages)
            dirty.stage_flow.update(self.index.stages)
            dirty.handoffs.update(self.index.handoffs)
        self._rerun("stage", dirty.stages)
        if moved is None and flow_changed:
            self.found["stage_flow"] = {}
            self._run_scope("stage_flow", list(self.index.stages.values()))
        elif moved is not None:
            self._rerun("stage_flow", dirty.stage_flow | moved | ctx.flow.splits().keys())
        else:
            self._rerun("stage_flow", dirty.stage_flow)
        self._rerun("handoff", dirty.handoffs)
        self._rerun("outcome", dirty.outcomes)
        self._rerun("logic", dirty.logic)
        self._rerun("component", dirty.components)
        if flow_changed or dirty.names:
            self._run_map_scope("map_flow")
        self._run_map_scope("map")
        inputs = self._current_metrics_inputs()
        if dirty.timing or flow_changed or inputs != self._metrics_inputs:
            self._run_map_scope("flow_metrics")
            self._metrics_inputs = inputs
        self._update_coverage(dirty, flow_changed)

    def _update_coverage(self, dirty: Dirty, flow_changed: bool) -> None:
        index, flow, cov = self.index, self.ctx.flow, self.stage_cov
        added = False
        measurable = measurable_outcomes(index)
        for stage_id in dirty.stages | dirty.stage_flow:
            stage = index.stages.get(stage_id)
            added = added or (stage is not None and stage_id not in cov)
            self._replace_coverage(
                stage_id, None if stage is None else stage_coverage(stage, index, flow, measurable)
            )
        if flow_changed:
            on_path = flow.from_start & flow.to_end
            for stage_id, entry in list(cov.items()):
                if entry.on_flow_path != (stage_id in on_path and not flow.is_isolated(stage_id)):
                    self._replace_coverage(stage_id, with_flow_path(entry, not entry.on_flow_path))
        if added:  # keep the entries in map order
            self.stage_cov = {s.id: cov[s.id] for s in self.anatomy.stages if s.id in cov}

    def _replace_coverage(self, stage_id: str, entry: Any) -> None:
        old = self.stage_cov.pop(stage_id, None) if entry is None else self.stage_cov.get(stage_id)
        if old is entry:
            return
        counts = self.counts
        if old is not None:
            counts["P1"] -= old.p1
            counts["P2"] -= old.p2
            counts["P3"] -= old.p3
            counts["P4"] -= old.p4
        if entry is not None:
            counts["P1"] += entry.p1
            counts["P2"] += entry.p2
            counts["P3"] += entry.p3
            counts["P4"] += entry.p4
            self.stage_cov[stage_id] = entry

    # ------------------------------------------------------------------ the report
    def report(self) -> Report:
        """Apply the settings to the cached findings and sort them into a report."""
        anatomy = self.anatomy
        rules = effective_rules(anatomy, self.config)
        suppressions = anatomy.analysis.suppressions
        reasons = {s.key: s.reason for s in suppressions}
        stale = stale_suppressions(anatomy.stream.id, self.index, suppressions)
        active: list[Finding] = []
        suppressed: list[SuppressedFinding] = []
        stale_findings = list({f.key: f for _s, f in stale}.values())
        for finding in self._all_findings(stale_findings):
            setting = rules[finding.rule]
            if not setting.enabled:
                continue
            if setting.severity != finding.severity:
                finding = _regraded(finding, setting.severity)
            reason = reasons.get(finding.key)
            if reason is None:
                active.append(finding)
            else:
                suppressed.append(SuppressedFinding(finding, reason))
        active.sort(key=finding_order)
        suppressed.sort(key=lambda s: finding_order(s.finding))
        return Report(
            findings=active,
            suppressed=suppressed,
            stale_suppressions=[s for s, _f in stale],
            coverage=Coverage(stages=dict(self.stage_cov), counts=dict(self.counts)),
            flow_facts=self.ctx.flow,
        )

    def _all_findings(self, extra: Iterable[Finding]) -> Iterable[Finding]:
        for store in self.found.values():
            for findings in store.values():
                yield from findings
        for findings in self.found_map.values():
            yield from findings
        yield from extra


def _moved_in_flow(old: FlowFacts, new: FlowFacts) -> set[str] | None:
    """The stages whose flow checks may answer differently after the flow changed from
    ``old`` to ``new`` (besides the stages the change set touched and the splits, whose
    joins depend on the whole graph); None when every stage's may (a global fact changed)."""
    if (
        old.stage_count != new.stage_count
        or bool(old.starts) != bool(new.starts)
        or bool(old.ends) != bool(new.ends)
    ):
        return None
    moved = old.from_start ^ new.from_start
    moved |= old.to_end ^ new.to_end
    moved |= old.out_flow.keys() ^ new.out_flow.keys()
    moved |= old.in_flow.keys() ^ new.in_flow.keys()
    return moved


def _only_marks_changed(changes: ChangeSet) -> bool:
    """Whether the flow changes are start/end marks or split types only (no handoff moved,
    no stage came or went), so the flow graph's shape is the same."""
    return all(
        c.kind != "handoff" and (c.kind != "stage" or c.op == "updated") for c in changes.changes
    )


def _regraded(finding: Finding, severity: str) -> Finding:
    return Finding(
        rule=finding.rule,
        severity=severity,  # type: ignore[arg-type]
        layer=finding.layer,
        element=finding.element,
        elements=finding.elements,
        path=finding.path,
        message=finding.message,
    )
