"""Decisions, ideas, outcomes, the catalogue and their links; analysis and stream settings."""

from __future__ import annotations

from vsm_editor.model import Duration, Frequency, Percent, RuleSetting, Suppression


def test_add_decision_at_an_index(h):
    new = h.triplet(lambda: h.m.add_decision("st_1", "Check credit", index=1))
    assert [d.id for d in h.doc.get("st_1").decisions] == ["dc_1", new, "dc_2"]
    assert h.doc.parent_of(new) == "st_1"


def test_add_decision_refusals(h):
    h.refused(lambda: h.m.add_decision("st_99", "x"), "st_99")
    h.refused(lambda: h.m.add_decision("ho_1", "x"), "not a stage")
    h.refused(lambda: h.m.add_decision("st_1", ""), "empty")


def test_reorder_a_decision_that_a_logic_item_implements(h):
    h.triplet(lambda: h.m.reorder("dc_1", 1))
    assert [d.id for d in h.doc.get("st_1").decisions] == ["dc_2", "dc_1"]
    assert h.doc.get("lg_1").decision == "dc_1"  # the link survives the move


def test_add_and_reorder_improvements(h):
    new = h.triplet(lambda: h.m.add_improvement("st_1", "Queue piles up", kind="pain_point"))
    assert h.doc.get(new).kind == "pain_point"
    h.triplet(lambda: h.m.reorder(new, 0))
    assert [i.id for i in h.doc.get("st_1").improvements] == [new, "im_1"]
    h.refused(lambda: h.m.add_improvement("st_1", "x", kind="wish"), "kind")


def test_add_reorder_outcomes(h):
    new = h.triplet(
        lambda: h.m.add_outcome("MTTR < 1 h", metric="MTTR", unit="h", target=1, index=0)
    )
    assert [o.id for o in h.doc.map.outcomes] == [new, "oc_1", "oc_2"]
    assert h.doc.get(new).target == 1.0
    h.triplet(lambda: h.m.reorder("oc_1", 2))
    assert [o.id for o in h.doc.map.outcomes] == [new, "oc_2", "oc_1"]
    assert h.doc.get("st_2").outcomes == ["oc_1", "oc_2"]  # order of the stage's links kept
    h.refused(lambda: h.m.add_outcome("x", direction="sideways"), "direction")


def test_link_and_unlink_outcome(h):
    h.triplet(lambda: h.m.link_outcome("st_3", "oc_2"))
    assert h.doc.get("st_3").outcomes == ["oc_2"]
    h.triplet(lambda: h.m.unlink_outcome("st_2", "oc_1"))
    assert h.doc.get("st_2").outcomes == ["oc_2"]
    h.refused(lambda: h.m.link_outcome("st_1", "oc_1"), "already")
    h.refused(lambda: h.m.link_outcome("st_1", "lg_1"), "is not an outcome")
    h.refused(lambda: h.m.unlink_outcome("st_4", "oc_1"), "does not list")


def test_control_points_add_update_remove(h):
    new = h.triplet(lambda: h.m.add_control_point("before_transition", "Final check"))
    assert h.doc.map.catalogue.control_points[-1].id == new
    h.triplet(lambda: h.m.update(new, component="cm_2", notes="approval"))
    assert h.doc.get(new).component == "cm_2"
    h.triplet(lambda: h.m.remove_elements([new]))
    h.refused(lambda: h.m.add_control_point("somewhere"), "kind")
    h.refused(lambda: h.m.add_control_point("form", component="cm_zz"), "cm_zz")


def test_logic_add_apply_unapply(h):
    new = h.triplet(
        lambda: h.m.add_logic("timing", "Reply within a day", stages=["st_3"], owner="Ops")
    )
    item = h.doc.get(new)
    assert (item.kind, item.stages, item.owner) == ("timing", ["st_3"], "Ops")
    h.triplet(lambda: h.m.apply_logic(new, "st_4"))
    assert h.doc.get(new).stages == ["st_3", "st_4"]
    h.triplet(lambda: h.m.unapply_logic(new, "st_3"))
    assert h.doc.get(new).stages == ["st_4"]
    h.refused(lambda: h.m.apply_logic(new, "st_4"), "already")
    h.refused(lambda: h.m.add_logic("rule", "x", stages=["st_1"], decision="dc_3"), "decision")


def test_unapply_logic_at_the_stage_of_its_decision_clears_the_decision(h):
    h.triplet(lambda: h.m.unapply_logic("lg_1", "st_1"))
    item = h.doc.get("lg_1")
    assert item.stages == ["st_2"] and item.decision is None


def test_components_add_realize_unrealize(h):
    new = h.triplet(lambda: h.m.add_component("audit", "Audit log", realizes=["lg_3"]))
    assert h.doc.get(new).realizes == ["lg_3"]
    h.triplet(lambda: h.m.realize(new, "lg_1"))
    assert h.doc.get(new).realizes == ["lg_3", "lg_1"]
    h.triplet(lambda: h.m.unrealize("cm_1", "lg_1"))
    assert h.doc.get("cm_1").realizes == ["lg_2"]
    h.refused(lambda: h.m.realize("cm_1", "lg_2"), "already")
    h.refused(lambda: h.m.unrealize("cm_2", "lg_1"), "does not list")
    h.refused(lambda: h.m.add_component("api", ""), "empty")
    h.refused(lambda: h.m.add_component("api", "x", colour="red"), "colour")


def test_reorder_catalogue_items_keeps_their_links(h):
    h.triplet(lambda: h.m.reorder("lg_1", 2))
    assert [x.id for x in h.doc.map.catalogue.logic] == ["lg_2", "lg_3", "lg_1"]
    assert h.doc.get("cm_1").realizes == ["lg_1", "lg_2"]
    h.triplet(lambda: h.m.reorder("cm_1", 1))
    assert h.doc.get("cp_1").component == "cm_1"
    h.refused(lambda: h.m.reorder("st_1", 0), "no order")
    h.refused(lambda: h.m.reorder("zz", 0), "zz")


def test_suppress_and_unsuppress(h):
    h.triplet(lambda: h.m.suppress("P3-no-logic@stage:st_4", "billing is manual"))
    assert h.doc.map.analysis.suppressions[-1] == Suppression(
        key="P3-no-logic@stage:st_4", reason="billing is manual"
    )
    settings_change = h.change_sets[-1].changes
    assert [(c.kind, c.id, c.fields) for c in settings_change] == [
        ("settings", "analysis", ("suppressions",))
    ]
    h.triplet(lambda: h.m.unsuppress("P1-no-outcome@stage:st_4"))
    assert [s.key for s in h.doc.map.analysis.suppressions] == ["P3-no-logic@stage:st_4"]
    h.refused(lambda: h.m.suppress("k", "  "), "reason")
    h.refused(lambda: h.m.suppress("P3-no-logic@stage:st_4", "again"), "already")
    h.refused(lambda: h.m.unsuppress("nope"), "not suppressed")


def test_rule_settings(h):
    h.triplet(lambda: h.m.set_rule_setting("P1-no-outcome", severity="info"))
    assert h.doc.map.analysis.rules["P1-no-outcome"] == RuleSetting(severity="info")
    h.triplet(lambda: h.m.set_rule_setting("P2-no-decisions"))  # back to default: entry gone
    assert list(h.doc.map.analysis.rules) == ["P1-no-outcome"]
    h.refused(lambda: h.m.set_rule_setting("P1-x", severity="fatal"), "rules")
    h.refused(lambda: h.m.set_rule_setting(" ", enabled=False), "rule")


def test_analysis_and_display_settings(h):
    h.triplet(lambda: h.m.set_analysis_setting("hidden_queue_threshold", 0.8))
    assert h.doc.map.analysis.hidden_queue_threshold == 0.8
    h.triplet(lambda: h.m.set_display(ladder=False, data_boxes=False))
    assert (h.doc.map.display.ladder, h.doc.map.display.data_boxes) == (False, False)
    h.refused(lambda: h.m.set_display(colours=True), "no field")


def test_stream_properties(h):
    h.triplet(
        lambda: h.m.set_stream_properties(
            name="Lead to cash", description="From lead to cash", working_day_hours=7.5
        )
    )
    stream = h.doc.map.stream
    assert (stream.description, stream.working_day_hours) == ("From lead to cash", 7.5)
    assert h.stack.undo_text() == "Edit stream properties"
    h.refused(lambda: h.m.set_stream_properties(working_day_hours="long"), "working_day_hours")


def test_delivery_metrics(h):
    h.triplet(
        lambda: h.m.set_delivery_metrics(
            deployment_frequency=Frequency(count=3, period="week"),
            change_failure_rate=Percent(value=12),
            time_to_restore={"value": 4, "unit": "hours"},
        )
    )
    metrics = h.doc.map.delivery_metrics
    assert metrics.deployment_frequency == Frequency(count=3.0, period="week")
    assert metrics.time_to_restore == Duration(value=4.0, unit="hours")
    h.triplet(lambda: h.m.set_delivery_metrics(change_failure_rate=None))
    assert h.doc.map.delivery_metrics.change_failure_rate is None
    h.refused(lambda: h.m.set_delivery_metrics(lead_time_for_changes="soon"), "lead_time")
    h.refused(lambda: h.m.set_delivery_metrics(uptime=None), "no field")
