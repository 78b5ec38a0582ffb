"""compare_maps on hand-made pairs: each edit gives exactly the expected differences."""

from __future__ import annotations

from test_compare_kit import change, copy_of, current_map, hours, only, stage_of, summary

from vsm_editor.analysis.compare import compare_maps, new_future_state
from vsm_editor.model import Decision, Duration, Handoff, Improvement, Lane, Outcome, Stage
from vsm_editor.model.integrity import check_map


def compare(a, b):
    check_map(b)
    return compare_maps(a, b, metrics=False)


# ------------------------------------------------------------------ equal maps
def test_identical_maps_have_no_differences() -> None:
    a = current_map()
    result = compare(a, copy_of(a))
    assert result.differences == ()
    assert result.equal
    assert result.summary() == "no differences"
    assert set(result.counts().values()) == {0}


def test_a_future_state_differs_only_by_its_stream_name() -> None:
    a = current_map()
    result = compare(a, new_future_state(a, "now.vsm.json"))
    difference = only(result)
    assert (difference.kind, difference.element, difference.a_id) == ("renamed", "stream", "vs_now")
    assert difference.changes == (change("name", "Loan approval", "Loan approval (future state)"),)


# ------------------------------------------------------------------ added / removed
def test_an_added_stage() -> None:
    a = current_map()
    b = copy_of(a)
    b.stages.append(Stage(id="st_new", name="Auto check", lane="ln_ops"))
    difference = only(compare(a, b))
    assert (difference.kind, difference.element, difference.a_id, difference.b_id) == (
        "added", "stage", None, "st_new"
    )
    assert difference.b_name == "Auto check"


def test_a_removed_stage_takes_its_handoff_and_logic_link_along() -> None:
    a = current_map()
    b = copy_of(a)
    b.stages = [s for s in b.stages if s.id != "st_c"]
    b.handoffs = [h for h in b.handoffs if h.id != "ho_bc"]
    b.catalogue.logic[1].stages = []
    result = compare(a, b)
    assert summary(result) == [
        ("removed", "stage", "st_c", None),
        ("removed", "handoff", "ho_bc", None),
        ("re-annotated", "logic", "lg_score", "lg_score"),
    ]
    assert result.differences[0].a_name == "Approve"
    assert result.differences[2].changes == (change("stages", ["st_c"], [], "P3"),)


# ------------------------------------------------------------------ renamed / moved
def test_a_renamed_stage() -> None:
    a = current_map()
    b = copy_of(a)
    stage_of(b, "st_a").name = "Intake and triage"
    difference = only(compare(a, b))
    assert difference.kind == "renamed" and difference.a_id == "st_a"
    assert difference.changes == (change("name", "Intake", "Intake and triage"),)


def test_a_stage_moved_in_its_lane() -> None:
    a = current_map()
    b = copy_of(a)
    stage_of(b, "st_b").x += 100.0
    difference = only(compare(a, b))
    assert (difference.kind, difference.detail) == ("moved", "position")
    assert difference.changes == (change("x", 280.0, 380.0, "layout"),)


def test_a_nudge_within_the_tolerance_is_no_move() -> None:
    a = current_map()
    b = copy_of(a)
    stage_of(b, "st_b").x += 0.5
    stage_of(b, "st_b").y -= 0.9
    assert compare(a, b).equal


def test_a_stage_moved_to_another_lane() -> None:
    a = current_map()
    b = copy_of(a)
    stage_of(b, "st_b").lane = "ln_risk"
    difference = only(compare(a, b))
    assert (difference.kind, difference.detail) == ("moved", "lane")
    assert difference.changes == (change("lane", "ln_ops", "ln_risk", "layout"),)


def test_a_stage_moved_to_another_lane_and_place() -> None:
    a = current_map()
    b = copy_of(a)
    stage_of(b, "st_b").lane = "ln_risk"
    stage_of(b, "st_b").y = 70.0
    difference = only(compare(a, b))
    assert difference.detail == "lane and position"
    assert difference.changes == (
        change("lane", "ln_ops", "ln_risk", "layout"),
        change("y", 40.0, 70.0, "layout"),
    )


def test_renamed_and_moved_are_two_differences() -> None:
    a = current_map()
    b = copy_of(a)
    stage_of(b, "st_a").name = "Triage"
    stage_of(b, "st_a").x = 0.0
    assert summary(compare(a, b)) == [
        ("renamed", "stage", "st_a", "st_a"),
        ("moved", "stage", "st_a", "st_a"),
    ]


# ------------------------------------------------------------------ re-annotated, per layer
def test_p1_an_outcome_linked() -> None:
    a = current_map()
    b = copy_of(a)
    stage_of(b, "st_a").outcomes = ["oc_fast", "oc_right"]
    difference = only(compare(a, b))
    assert (difference.kind, difference.detail) == ("re-annotated", "P1")
    assert difference.changes == (change("outcomes", [], ["oc_right"], "P1"),)


def test_p1_an_outcome_target_changed() -> None:
    a = current_map()
    b = copy_of(a)
    b.outcomes[0].target = 2.0
    difference = only(compare(a, b))
    assert (difference.kind, difference.element, difference.a_id) == (
        "re-annotated", "outcome", "oc_fast"
    )
    assert difference.changes == (change("target", 4.0, 2.0, "P1"),)


def test_p2_decisions_added_removed_reworded_and_reordered() -> None:
    a = current_map()
    b = copy_of(a)
    review = stage_of(b, "st_b")
    review.decisions = [
        Decision(id="dc_b2", text="Customer known to us?"),
        Decision(id="dc_new", text="Fraud suspected?"),
    ]
    stage_of(b, "st_a").decisions = [Decision(id="dc_a", text="Complete?", notes="all fields")]
    result = compare(a, b)
    assert summary(result) == [
        ("re-annotated", "stage", "st_a", "st_a"),
        ("re-annotated", "stage", "st_b", "st_b"),
    ]
    assert result.differences[0].changes == (
        change("decisions.notes", "", "all fields", "P2", "dc_a", "dc_a"),
    )
    assert result.differences[1].changes == (
        change("decisions", "Within limit?", None, "P2", "dc_b1", None),
        change("decisions", "Customer known?", "Customer known to us?", "P2", "dc_b2", "dc_b2"),
        change("decisions", None, "Fraud suspected?", "P2", None, "dc_new"),
    )


def test_p2_decision_order() -> None:
    a = current_map()
    b = copy_of(a)
    review = stage_of(b, "st_b")
    review.decisions = list(reversed(review.decisions))
    difference = only(compare(a, b))
    assert difference.changes == (
        change("decisions.order", ["dc_b1", "dc_b2"], ["dc_b2", "dc_b1"], "P2"),
    )


def test_p2_start_flag_and_handoff_kind() -> None:
    a = current_map()
    b = copy_of(a)
    stage_of(b, "st_a").start = True
    b.handoffs[1].kind = "information"
    result = compare(a, b)
    assert summary(result) == [
        ("re-annotated", "stage", "st_a", "st_a"),
        ("re-annotated", "handoff", "ho_bc", "ho_bc"),
    ]
    assert result.differences[0].changes == (change("start", False, True, "P2"),)
    assert result.differences[1].changes == (change("kind", "flow", "information", "P2"),)


def test_p3_logic_applied_at_one_more_stage() -> None:
    a = current_map()
    b = copy_of(a)
    b.catalogue.logic[0].stages = ["st_a", "st_b", "st_c"]
    result = compare(a, b)
    assert summary(result) == [
        ("re-annotated", "stage", "st_c", "st_c"),
        ("re-annotated", "logic", "lg_limit", "lg_limit"),
    ]
    stage_change = result.differences[0]
    assert stage_change.detail == "P3, P4"
    assert stage_change.changes == (
        change("logic", [], ["lg_limit"], "P3"),
        change("control_points", [], ["cp_form"], "P3"),
        change("components", [], ["cm_ui"], "P4"),
    )
    assert result.differences[1].changes == (change("stages", [], ["st_c"], "P3"),)


def test_p3_control_point_changed() -> None:
    a = current_map()
    b = copy_of(a)
    b.catalogue.logic[1].control_point = "cp_form"
    result = compare(a, b)
    assert summary(result) == [
        ("re-annotated", "stage", "st_c", "st_c"),
        ("re-annotated", "logic", "lg_score", "lg_score"),
    ]
    assert result.differences[0].changes == (
        change("control_points", ["cp_commit"], ["cp_form"], "P3"),
    )
    assert result.differences[1].changes == (
        change("control_point", "cp_commit", "cp_form", "P3"),
    )


def test_p3_control_point_itself_changed() -> None:
    a = current_map()
    b = copy_of(a)
    b.catalogue.control_points[1].kind = "before_transition"
    b.catalogue.control_points[1].component = "cm_api"
    difference = only(compare(a, b))
    assert (difference.element, difference.a_id) == ("control_point", "cp_commit")
    assert difference.changes == (
        change("kind", "before_commit", "before_transition", "P3"),
        change("component", None, "cm_api", "P3"),
    )


def test_p4_component_realizes_nothing_any_more() -> None:
    a = current_map()
    b = copy_of(a)
    b.catalogue.components[1].realizes = []
    result = compare(a, b)
    assert summary(result) == [
        ("re-annotated", "stage", "st_c", "st_c"),
        ("re-annotated", "component", "cm_api", "cm_api"),
    ]
    assert result.differences[0].changes == (change("components", ["cm_api"], [], "P4"),)
    assert result.differences[0].detail == "P4"
    assert result.differences[1].changes == (change("realizes", ["lg_score"], [], "P4"),)


def test_flow_numbers_of_a_stage() -> None:
    a = current_map()
    b = copy_of(a)
    review = stage_of(b, "st_b")
    review.process_time = Duration(value=30.0, unit="minutes")
    review.pca.value = 95.0  # type: ignore[union-attr]
    difference = only(compare(a, b))
    assert (difference.kind, difference.detail) == ("re-annotated", "flow")
    assert [(c.field, c.layer) for c in difference.changes] == [
        ("process_time", "flow"), ("pca", "flow")
    ]
    assert difference.changes[0].old == hours(2.0)
    assert difference.changes[0].new == Duration(value=30.0, unit="minutes")


def test_stream_level_flow_numbers() -> None:
    a = current_map()
    b = copy_of(a)
    b.stream.working_day_hours = 7.5
    b.delivery_metrics.measured_lead_time = Duration(value=3.0, unit="working_days")
    difference = only(compare(a, b))
    assert (difference.kind, difference.element) == ("re-annotated", "stream")
    assert [c.field for c in difference.changes] == [
        "working_day_hours", "delivery_metrics.measured_lead_time"
    ]


# ------------------------------------------------------------------ handoffs
def test_handoff_wait_label_and_reattached_target() -> None:
    a = current_map()
    b = copy_of(a)
    first = b.handoffs[0]
    first.wait = hours(1.0)
    first.label = "application"
    first.target = "st_c"
    result = compare(a, b)
    assert summary(result) == [
        ("renamed", "handoff", "ho_ab", "ho_ab"),
        ("moved", "handoff", "ho_ab", "ho_ab"),
        ("re-annotated", "handoff", "ho_ab", "ho_ab"),
    ]
    renamed, moved, annotated = result.differences
    assert renamed.changes == (change("label", "", "application"),)
    assert moved.detail == "target"
    assert moved.changes == (change("target", "st_b", "st_c", "layout"),)
    assert annotated.changes == (change("wait", hours(2.0), hours(1.0), "flow"),)


def test_handoffs_added_and_removed() -> None:
    a = current_map()
    b = copy_of(a)
    b.handoffs.append(Handoff(id="ho_ca", source="st_c", target="st_a", kind="rework"))
    b.handoffs = [h for h in b.handoffs if h.id != "ho_ab"]
    assert summary(compare(a, b)) == [
        ("removed", "handoff", "ho_ab", None),
        ("added", "handoff", None, "ho_ca"),
    ]


def test_a_handoff_with_a_new_id_matches_by_its_endpoints_and_kind() -> None:
    a = current_map()
    b = copy_of(a)
    b.handoffs[0].id = "ho_other"
    b.handoffs[0].wait = hours(3.0)
    result = compare(a, b)
    difference = only(result)
    assert (difference.kind, difference.a_id, difference.b_id, difference.matched_by) == (
        "re-annotated", "ho_ab", "ho_other", "endpoints"
    )


# ------------------------------------------------------------------ matching by name
def test_stages_with_new_ids_match_by_name_ignoring_case_and_spaces() -> None:
    a = current_map()
    b = copy_of(a)
    stage = stage_of(b, "st_b")
    stage.id = "st_review"
    b.handoffs[0].target = "st_review"
    b.handoffs[1].source = "st_review"
    b.catalogue.logic[0].stages = ["st_a", "st_review"]
    result = compare(a, b)
    assert result.equal, summary(result)
    assert result.matching.stages.a_to_b["st_b"] == "st_review"
    assert result.matching.stages.how["st_b"] == "name"
    stage.name = "  review "
    renamed = only(compare(a, b))
    assert (renamed.kind, renamed.a_id, renamed.b_id, renamed.matched_by) == (
        "renamed", "st_b", "st_review", "name"
    )


def test_names_that_are_not_unique_do_not_match() -> None:
    a = current_map()
    b = copy_of(a)
    stage_of(b, "st_b").id = "st_r1"
    b.handoffs[0].target = b.handoffs[1].source = "st_r1"
    b.catalogue.logic[0].stages = ["st_a", "st_r1"]
    b.stages.append(Stage(id="st_r2", name="REVIEW"))
    result = compare(a, b)
    stage_rows = [row for row in summary(result) if row[1] == "stage"]
    assert stage_rows == [
        ("removed", "stage", "st_b", None),
        ("added", "stage", None, "st_r1"),
        ("added", "stage", None, "st_r2"),
    ]


def test_catalogue_items_match_by_name_and_links_follow_the_match() -> None:
    a = current_map()
    b = copy_of(a)
    b.catalogue.components[0].id = "cm_screen"
    b.catalogue.control_points[0].component = "cm_screen"
    result = compare(a, b)
    assert result.equal, summary(result)
    assert result.matching.components.a_to_b == {"cm_ui": "cm_screen", "cm_api": "cm_api"}


# ------------------------------------------------------------------ lanes, outcomes, edits
def test_lanes_renamed_reordered_recoloured_and_added() -> None:
    a = current_map()
    a.lanes.append(Lane(id="ln_fin", name="Finance"))
    b = copy_of(a)
    b.lanes = [b.lanes[1], b.lanes[2], b.lanes[0]]  # Operations moves to the bottom
    b.lanes[0].name = "Risk and compliance"
    b.lanes[1].colour = "#ffffff"
    b.lanes.append(Lane(id="ln_it", name="IT"))
    result = compare(a, b)
    assert summary(result) == [
        ("moved", "lane", "ln_ops", "ln_ops"),
        ("renamed", "lane", "ln_risk", "ln_risk"),
        ("edited", "lane", "ln_fin", "ln_fin"),
        ("added", "lane", None, "ln_it"),
    ]
    assert result.differences[0].changes == (change("order", 1, 3, "layout"),)
    assert result.differences[2].changes == (change("colour", "#e8eef7", "#ffffff"),)


def test_swapped_lanes_both_moved() -> None:
    a = current_map()
    b = copy_of(a)
    b.lanes.reverse()
    assert summary(compare(a, b)) == [
        ("moved", "lane", "ln_ops", "ln_ops"),
        ("moved", "lane", "ln_risk", "ln_risk"),
    ]


def test_outcome_renamed_and_added() -> None:
    a = current_map()
    b = copy_of(a)
    b.outcomes[1].statement = "Right the first time"
    b.outcomes.append(Outcome(id="oc_cost", statement="Lower cost"))
    assert summary(compare(a, b)) == [
        ("renamed", "outcome", "oc_right", "oc_right"),
        ("added", "outcome", None, "oc_cost"),
    ]


def test_other_fields_are_edits() -> None:
    a = current_map()
    b = copy_of(a)
    intake = stage_of(b, "st_a")
    intake.owner = "Front office"
    intake.notes = "see the wiki"
    intake.improvements = [Improvement(id="im_pain", text="Re-keying", kind="pain_point")]
    stage_of(b, "st_b").improvements[0].kind = "pain_point"
    result = compare(a, b)
    assert summary(result) == [
        ("edited", "stage", "st_a", "st_a"),
        ("edited", "stage", "st_b", "st_b"),
    ]
    assert result.differences[0].changes == (
        change("owner", "Ops", "Front office"),
        change("improvements", None, "Re-keying", "", None, "im_pain"),
        change("notes", "", "see the wiki"),
    )
    assert result.differences[1].changes == (
        change("improvements.kind", "idea", "pain_point", "", "im_auto", "im_auto"),
    )


def test_lookups_for_the_two_canvases() -> None:
    a = current_map()
    b = copy_of(a)
    stage_of(b, "st_a").name = "Triage"
    b.stages.append(Stage(id="st_new", name="New"))
    result = compare(a, b)
    assert [d.kind for d in result.for_a("st_a")] == ["renamed"]
    assert [d.kind for d in result.for_b("st_new")] == ["added"]
    assert result.for_a("st_new") == []
    assert result.of_kind("added")[0].element_id == "st_new"
    assert result.summary() == "2 differences: 1 added, 1 renamed"


def test_reversed_lanes_all_move_but_the_middle_one() -> None:
    a = current_map()
    a.lanes.append(Lane(id="ln_fin", name="Finance"))
    b = copy_of(a)
    b.lanes.reverse()
    assert summary(compare(a, b)) == [
        ("moved", "lane", "ln_ops", "ln_ops"),
        ("moved", "lane", "ln_fin", "ln_fin"),
    ]


def test_a_lane_inserted_above_moves_no_lane() -> None:
    a = current_map()
    b = copy_of(a)
    b.lanes.insert(0, Lane(id="ln_new", name="New"))
    assert summary(compare(a, b)) == [("added", "lane", None, "ln_new")]
