"""The incremental Analyzer always equals a full analysis, whatever the edits."""

from __future__ import annotations

from anatomy_kit import complete_map, flow, stage
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import anatomy_maps

from vsm_editor.analysis import Analyzer, analyze
from vsm_editor.model import (
    ChangeSet,
    Component,
    Decision,
    Document,
    Duration,
    Handoff,
    IntegrityError,
    LogicItem,
    Outcome,
    Percent,
    Rate,
    Suppression,
)

TIMES = st.one_of(
    st.none(),
    st.builds(
        Duration,
        value=st.sampled_from([0.0, 1.0, 3.0, 40.0, -1.0]),
        unit=st.sampled_from([None, "minutes", "hours", "working_days", "calendar_days"]),
    ),
)


def _pick(data, pool):
    return data.draw(st.sampled_from(sorted(pool))) if pool else None


def _edit(doc: Document, data) -> None:
    """One random user action (several elementary changes may go into one batch)."""
    m = doc.map
    stages = [s.id for s in m.stages]
    handoffs = [h.id for h in m.handoffs]
    logic = [item.id for item in m.catalogue.logic]
    components = [c.id for c in m.catalogue.components]
    outcomes = [o.id for o in m.outcomes]
    action = data.draw(st.integers(0, 17))
    stage_id = _pick(data, stages)
    if action == 0:
        new = doc.new_id("stage")
        doc.insert("stage", stage(new, "New", lane=None, outcomes=[], decisions=[]))
        if stage_id and data.draw(st.booleans()):
            doc.insert("handoff", flow(doc.new_id("handoff"), stage_id, new))
    elif action == 1 and stage_id:
        field, value = data.draw(
            st.one_of(
                st.tuples(st.just("name"), st.sampled_from(["", "Check", "受付"])),
                st.tuples(st.just("owner"), st.sampled_from(["", "Ops"])),
                st.tuples(st.just("lane"), st.sampled_from([None, *[ln.id for ln in m.lanes]])),
                st.tuples(st.just("process_time"), TIMES),
                st.tuples(st.just("pca"), st.sampled_from([None, Percent(value=50.0),
                                                            Percent(value=150.0)])),
                st.tuples(st.just("split"), st.sampled_from(["alternatives", "parallel"])),
                st.tuples(st.just("start"), st.booleans()),
                st.tuples(st.just("end"), st.booleans()),
                st.tuples(st.just("outcomes"), st.lists(st.sampled_from(outcomes), unique=True)
                          if outcomes else st.just([])),
            )
        )
        doc.set(stage_id, field, value)
    elif action == 2 and stage_id:
        with doc.batch():
            for referrer, _field in doc.references_to(stage_id):
                if doc.kind_of(referrer) != "logic":
                    continue
                item = doc.get(referrer)
                doc.set(referrer, "decision", None)
                doc.set(referrer, "stages", [s for s in item.stages if s != stage_id])
            for h in [h.id for h in m.handoffs if stage_id in (h.source, h.target)]:
                doc.remove(h)
            for decision in [d.id for d in doc.get(stage_id).decisions]:
                for referrer, _field in doc.references_to(decision):
                    doc.set(referrer, "decision", None)
            doc.remove(stage_id)
    elif action == 3 and len(stages) > 1:
        source, target = data.draw(st.lists(st.sampled_from(stages), min_size=2, max_size=2,
                                            unique=True))
        kind = data.draw(st.sampled_from(["flow", "flow", "rework", "information"]))
        doc.insert("handoff", Handoff(id=doc.new_id("handoff"), source=source, target=target,
                                      kind=kind))
    elif action == 4 and handoffs:
        doc.remove(_pick(data, handoffs))
    elif action == 5 and handoffs:
        handoff_id = _pick(data, handoffs)
        field, value = data.draw(
            st.one_of(
                st.tuples(st.just("wait"), TIMES),
                st.tuples(st.just("share"), st.sampled_from([None, Percent(value=50.0),
                                                              Percent(value=30.0)])),
                st.tuples(st.just("rework_rate"), st.sampled_from([None, Rate(value=0.2),
                                                                    Rate(value=1.5)])),
                st.tuples(st.just("kind"), st.sampled_from(["flow", "rework", "information"])),
                st.tuples(st.just("target"), st.sampled_from(stages)),
            )
        )
        doc.set(handoff_id, field, value)
    elif action == 6 and stage_id:
        doc.insert("decision", Decision(id=doc.new_id("decision"), text="Go?"), parent=stage_id)
    elif action == 7 and stage_id and doc.get(stage_id).decisions:
        decision = doc.get(stage_id).decisions[0].id
        with doc.batch():
            for referrer, _field in doc.references_to(decision):
                doc.set(referrer, "decision", None)
            doc.remove(decision)
    elif action == 8:
        cps = [c.id for c in m.catalogue.control_points]
        doc.insert("logic", LogicItem(
            id=doc.new_id("logic"), kind=data.draw(st.sampled_from(["rule", "data"])),
            statement="x", stages=data.draw(st.lists(st.sampled_from(stages), unique=True,
                                                     max_size=3)) if stages else [],
            control_point=_pick(data, cps) if data.draw(st.booleans()) else None,
        ))
    elif action == 9 and logic:
        item = _pick(data, logic)
        field = data.draw(st.sampled_from(["stages", "control_point", "owner", "kind"]))
        if field == "stages":
            doc.set(item, "decision", None)
            doc.set(item, "stages", data.draw(st.lists(st.sampled_from(stages), unique=True,
                                                       max_size=3)) if stages else [])
        elif field == "control_point":
            cps = [c.id for c in m.catalogue.control_points]
            doc.set(item, "control_point", _pick(data, cps) if data.draw(st.booleans()) else None)
        elif field == "owner":
            doc.set(item, "owner", data.draw(st.sampled_from(["", "Risk"])))
        else:
            doc.set(item, "kind", data.draw(st.sampled_from(["rule", "event"])))
    elif action == 10 and logic:
        item = _pick(data, logic)
        with doc.batch():
            for referrer, _field in doc.references_to(item):
                realizes = doc.get(referrer).realizes
                doc.set(referrer, "realizes", [x for x in realizes if x != item])
            doc.remove(item)
    elif action == 11:
        doc.insert("component", Component(
            id=doc.new_id("component"), kind="api", name="API",
            realizes=data.draw(st.lists(st.sampled_from(logic), unique=True, max_size=2))
            if logic else [],
        ))
    elif action == 12 and components:
        realizes = data.draw(st.lists(st.sampled_from(logic), unique=True, max_size=3)) \
            if logic else []
        doc.set(_pick(data, components), "realizes", realizes)
    elif action == 13 and components:
        component = _pick(data, components)
        with doc.batch():
            for referrer, _field in doc.references_to(component):
                doc.set(referrer, "component", None)
            doc.remove(component)
    elif action == 14:
        doc.insert("outcome", Outcome(id=doc.new_id("outcome"), statement="More",
                                      metric=data.draw(st.sampled_from(["", "count"])),
                                      target=data.draw(st.sampled_from([None, 1.0]))))
    elif action == 15 and outcomes:
        outcome = _pick(data, outcomes)
        field = data.draw(st.sampled_from(["metric", "target"]))
        doc.set(outcome, field, "" if field == "metric" else data.draw(
            st.sampled_from([None, 2.0])))
    elif action == 16:
        doc.set(m.stream.id, "working_day_hours", data.draw(st.sampled_from([8.0, 7.5, 24.0])))
    elif action == 17 and stage_id:
        # Settings are not document edits yet: the analyzer picks them up on the next update.
        m.analysis.suppressions.append(
            Suppression(key=f"p1-stage-no-outcome@stage:{stage_id}/outcomes", reason="why")
        )


def _assert_same(incremental, full) -> None:
    """Equal reports; on a difference, say which findings or coverage entries differ."""
    if incremental == full:
        return
    ours, theirs = set(incremental.findings), set(full.findings)
    stages = {
        stage_id for stage_id in incremental.coverage.stages.keys() | full.coverage.stages.keys()
        if incremental.coverage.stages.get(stage_id) != full.coverage.stages.get(stage_id)
    }
    raise AssertionError(
        f"only incremental: {sorted(ours - theirs, key=str)}\n"
        f"only full: {sorted(theirs - ours, key=str)}\n"
        f"coverage differs at {sorted(stages)}: {incremental.coverage.counts} vs "
        f"{full.coverage.counts}\nsame order: {incremental.findings == full.findings}"
    )


@settings(max_examples=80, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(anatomy_maps(max_stages=8), st.data())
def test_incremental_equals_full_over_random_edits(anatomy, data) -> None:
    doc = Document(anatomy)
    analyzer = Analyzer(doc)
    received: list[ChangeSet] = []
    doc.subscribe(received.append)
    assert analyzer.report == analyze(doc.map)
    for _ in range(data.draw(st.integers(1, 12))):
        try:
            _edit(doc, data)
        except IntegrityError:
            pass  # a refused edit changes nothing
        batches = list(received)
        received.clear()
        report = analyzer.update(batches)
        _assert_same(report, analyze(doc.map))


def test_incremental_on_the_complete_map_step_by_step() -> None:
    doc = Document(complete_map())
    analyzer = Analyzer(doc)
    changes: list[ChangeSet] = []
    doc.subscribe(changes.append)

    def update():
        report = analyzer.update(changes)
        changes.clear()
        assert report == analyze(doc.map)
        return report

    doc.set("st_b", "outcomes", [])
    assert [f.rule for f in update().findings] == ["p1-stage-no-outcome"]
    doc.set("st_b", "outcomes", ["oc_fast"])
    assert update().findings == []
    doc.set("oc_fast", "target", None)
    report = update()
    assert report.coverage.counts["P1"] == 0
    doc.set("oc_fast", "target", 3.0)
    doc.insert("stage", stage("st_d", "Archive"))
    assert {f.rule for f in update().findings} == {"p2-stage-isolated", "p3-stage-no-logic"}
    doc.insert("handoff", flow("ho_cd", "st_c", "st_d"))
    assert {f.rule for f in update().findings} == {"p3-stage-no-logic"}
    doc.set("lg_limit", "stages", ["st_a", "st_b", "st_c", "st_d"])
    assert update().findings == []
    doc.set("cm_ui", "realizes", [])
    assert update().coverage.counts["P4"] == 0
    with doc.batch():
        doc.set("cm_ui", "realizes", ["lg_limit"])
        doc.set("ho_ab", "wait", None)
    assert [f.rule for f in update().findings] == ["flow-handoff-no-wait"]
    doc.map.analysis.suppressions.append(
        Suppression(key="flow-handoff-no-wait@handoff:ho_ab/wait", reason="unknown yet")
    )
    assert update().findings == [] and len(analyzer.report.suppressed) == 1
    assert analyzer.refresh() == analyze(doc.map)


def test_update_with_an_unknown_change_kind_falls_back_to_full() -> None:
    from vsm_editor.model import Change

    doc = Document(complete_map())
    analyzer = Analyzer(doc)
    doc.map.stages[1].outcomes = []  # behind the document's back
    report = analyzer.update(ChangeSet([Change("updated", "display", "vs_test", ("ladder",))]))
    assert report == analyze(doc.map)
