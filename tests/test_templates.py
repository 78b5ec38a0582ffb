"""The shipped templates: they load, are canonical, follow the content rules, and the
``templates`` / ``new --template`` commands serve them."""

from __future__ import annotations

import re
from itertools import combinations
from pathlib import Path

import pytest

from vsm_editor.cli import EXIT_BAD_INPUT, EXIT_OK, main
from vsm_editor.model import AnatomyMap, dump_bytes, load_bytes, load_map
from vsm_editor.model.geometry import lane_tops, stage_rect
from vsm_editor.model.ids import PREFIXES
from vsm_editor.model.units import to_hours
from vsm_editor.resources_access import resource
from vsm_editor.templates import SUFFIX, load_template, template_ids

STANDARD = [
    "lead-to-order",
    "order-to-cash",
    "procure-to-pay",
    "issue-to-resolution",
    "concept-to-launch",
    "hire-to-retire",
    "demand-to-fulfilment",
]
ALL_IDS = sorted(["secure-api", "customer-onboarding", "validate-booking", *STANDARD])
STAGE_COUNTS = {"secure-api": (10, 10), "customer-onboarding": (8, 8), "validate-booking": (1, 1)}
HEX_COLOUR = re.compile(r"^#[0-9a-f]{6}$")


def template_path(template_id: str) -> Path:
    return Path(str(resource("templates", template_id + SUFFIX)))


def raw_template(template_id: str) -> AnatomyMap:
    return load_map(template_path(template_id))


def stages_served_by(anatomy: AnatomyMap, component_id: str) -> set[str]:
    """The stages at which the logic items a component realizes apply."""
    component = next(c for c in anatomy.catalogue.components if c.id == component_id)
    logic = {item.id: item for item in anatomy.catalogue.logic}
    return {stage for item_id in component.realizes for stage in logic[item_id].stages}


# ------------------------------------------------------------------ every template
def test_exactly_the_ten_templates_ship() -> None:
    assert template_ids() == ALL_IDS


@pytest.mark.parametrize("template_id", ALL_IDS)
def test_loads_through_templates_and_fileio(template_id: str) -> None:
    fresh = load_template(template_id)
    assert fresh.origin is not None and fresh.origin.kind == "template"
    assert fresh.origin.source == template_id
    raw = raw_template(template_id)
    assert raw.origin is None, "a shipped file carries no origin; load_template adds it"
    assert raw.stream.id == "vs_" + template_id.replace("-", "_")
    assert [s.id for s in raw.stages] == [s.id for s in fresh.stages]


@pytest.mark.parametrize("template_id", ALL_IDS)
def test_file_bytes_are_canonical(template_id: str) -> None:
    data = template_path(template_id).read_bytes()
    assert dump_bytes(load_bytes(data)) == data


@pytest.mark.parametrize("template_id", ALL_IDS)
def test_ids_carry_their_kind_prefix(template_id: str) -> None:
    anatomy = raw_template(template_id)
    groups = {
        "lane": anatomy.lanes,
        "stage": anatomy.stages,
        "handoff": anatomy.handoffs,
        "outcome": anatomy.outcomes,
        "control_point": anatomy.catalogue.control_points,
        "logic": anatomy.catalogue.logic,
        "component": anatomy.catalogue.components,
        "decision": [d for s in anatomy.stages for d in s.decisions],
        "improvement": [i for s in anatomy.stages for i in s.improvements],
    }
    for kind, elements in groups.items():
        for element in elements:
            assert element.id.startswith(PREFIXES[kind] + "_"), (kind, element.id)


@pytest.mark.parametrize("template_id", ALL_IDS)
def test_stage_count_outcomes_decisions_and_owners(template_id: str) -> None:
    anatomy = raw_template(template_id)
    low, high = STAGE_COUNTS.get(template_id, (6, 12))
    assert low <= len(anatomy.stages) <= high
    assert any(o.metric and o.target is not None for o in anatomy.outcomes)
    served = {outcome for stage in anatomy.stages for outcome in stage.outcomes}
    assert served == {o.id for o in anatomy.outcomes}, "every outcome is served by a stage"
    for stage in anatomy.stages:
        assert 2 <= len(stage.decisions) <= 4, stage.id
        assert stage.owner and stage.lane, stage.id


@pytest.mark.parametrize("template_id", ALL_IDS)
def test_outcomes_are_fully_specified(template_id: str) -> None:
    for outcome in raw_template(template_id).outcomes:
        assert outcome.metric and outcome.unit, outcome.id
        assert outcome.baseline is not None and outcome.target is not None, outcome.id
        if outcome.direction == "decrease":
            assert outcome.target < outcome.baseline, outcome.id
        elif outcome.direction == "increase":
            assert outcome.target > outcome.baseline, outcome.id


@pytest.mark.parametrize("template_id", ALL_IDS)
def test_no_two_stages_overlap_and_all_sit_inside_their_lane(template_id: str) -> None:
    anatomy = raw_template(template_id)
    tops = lane_tops(anatomy)
    rects = {s.id: stage_rect(s, tops) for s in anatomy.stages}
    for (a, rect_a), (b, rect_b) in combinations(rects.items(), 2):
        assert not rect_a.intersects(rect_b), (a, b)
    heights = {lane.id: lane.height for lane in anatomy.lanes}
    for stage in anatomy.stages:
        assert stage.x >= 40 and 0 < stage.y and stage.y + stage.height < heights[stage.lane]


@pytest.mark.parametrize("template_id", ALL_IDS)
def test_flow_reads_left_to_right_and_rework_points_back(template_id: str) -> None:
    anatomy = raw_template(template_id)
    x = {s.id: s.x for s in anatomy.stages}
    for handoff in anatomy.handoffs:
        if handoff.kind == "flow":
            assert x[handoff.target] > x[handoff.source], handoff.id
        elif handoff.kind == "rework":
            assert x[handoff.target] < x[handoff.source], handoff.id
            assert handoff.rework_rate is not None and 0 < handoff.rework_rate.value < 1


@pytest.mark.parametrize("template_id", ALL_IDS)
def test_lane_colours_are_light_and_distinct(template_id: str) -> None:
    colours = [lane.colour for lane in raw_template(template_id).lanes]
    assert len(set(colours)) == len(colours)
    for colour in colours:
        assert HEX_COLOUR.match(colour), colour
        red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
        assert min(red, green, blue) >= 0xC8, f"{colour} is too dark for a lane band"


@pytest.mark.parametrize("template_id", ALL_IDS)
def test_alternative_shares_sum_to_100(template_id: str) -> None:
    anatomy = raw_template(template_id)
    splits = {s.id: s.split for s in anatomy.stages}
    for stage_id, split in splits.items():
        shares = [
            h.share.value
            for h in anatomy.handoffs
            if h.kind == "flow" and h.source == stage_id and h.share is not None
        ]
        if split == "alternatives" and shares:
            assert sum(shares) == pytest.approx(100.0), stage_id


@pytest.mark.parametrize("template_id", STANDARD)
def test_standard_templates_have_some_flow_numbers(template_id: str) -> None:
    anatomy = raw_template(template_id)
    assert sum(h.wait is not None for h in anatomy.handoffs) >= 4
    assert sum(s.process_time is not None for s in anatomy.stages) >= 4


# ------------------------------------------------------------------ secure-api
@pytest.fixture(scope="module")
def secure_api() -> AnatomyMap:
    return raw_template("secure-api")


def test_secure_api_is_the_ten_steps_of_the_seed(secure_api: AnatomyMap) -> None:
    names = [s.name for s in secure_api.stages]
    assert names[0] == "Customer request / product intake"
    assert names[-1] == "Customer support readiness"
    assert {"Architecture and risk review", "Compliance and audit checks"} <= set(names)
    assert [lane.name for lane in secure_api.lanes] == [
        "Product management", "Engineering", "Security", "Compliance", "Operations",
        "Customer support", "Finance",
    ]


def test_secure_api_shares_an_audit_component_across_stages(secure_api: AnatomyMap) -> None:
    shared = [
        c.id
        for c in secure_api.catalogue.components
        if len(stages_served_by(secure_api, c.id)) >= 3
    ]
    assert "cm_audit_log" in shared


def test_secure_api_has_every_handoff_kind(secure_api: AnatomyMap) -> None:
    kinds = {h.kind for h in secure_api.handoffs}
    assert kinds == {"flow", "information", "rework"}
    assert any(h.share is not None for h in secure_api.handoffs if h.kind == "flow")
    assert any(s.split == "parallel" for s in secure_api.stages)


def test_secure_api_delivery_metrics_and_hidden_queue(secure_api: AnatomyMap) -> None:
    metrics = secure_api.delivery_metrics
    assert metrics.deployment_frequency is not None
    assert metrics.lead_time_for_changes is not None
    assert metrics.change_failure_rate is not None
    assert metrics.time_to_restore is not None
    day = secure_api.stream.working_day_hours
    waits = sum(to_hours(h.wait, day) or 0.0 for h in secure_api.handoffs)
    process = sum(to_hours(s.process_time, day) or 0.0 for s in secure_api.stages)
    measured = to_hours(metrics.measured_lead_time, day)
    assert measured is not None
    assert measured > 1.5 * (waits + process), "the measured lead time shows hidden queues"


def test_secure_api_annotations_are_complete_but_for_a_few_gaps(
    secure_api: AnatomyMap,
) -> None:
    catalogue = secure_api.catalogue
    assert {cp.kind for cp in catalogue.control_points} == {
        "field", "form", "before_commit", "before_transition", "background",
    }
    assert len({item.kind for item in catalogue.logic}) >= 5
    assert len({c.kind for c in catalogue.components}) >= 7
    for stage in secure_api.stages:
        assert stage.process_time is not None and stage.process_time.unit, stage.id
        assert stage.pca is not None, stage.id
        assert any(stage.id in item.stages for item in catalogue.logic), stage.id
    assert all(h.wait is not None and h.wait.unit for h in secure_api.handoffs
               if h.kind == "flow")
    assert sum(bool(s.improvements) for s in secure_api.stages) >= 3
    realized = {item for c in catalogue.components for item in c.realizes}
    gaps = {
        "stage without outcome": [s.id for s in secure_api.stages if not s.outcomes],
        "logic without control point": [i.id for i in catalogue.logic if not i.control_point],
        "rule without owner": [i.id for i in catalogue.logic if i.kind == "rule" and not i.owner],
        "logic nothing realizes": [i.id for i in catalogue.logic if i.id not in realized],
    }
    for gap, elements in gaps.items():
        assert len(elements) == 1, f"{gap}: {elements}"
    assert all(c.realizes for c in catalogue.components)
    assert all(i.decision is not None for i in catalogue.logic)


# ------------------------------------------------------------------ the seed examples
def test_customer_onboarding_follows_the_seed() -> None:
    anatomy = raw_template("customer-onboarding")
    assert [s.name for s in anatomy.stages] == [
        "Lead captured", "Customer qualified", "Account created", "Documents collected",
        "Contract approved", "Service activated", "Billing started", "Support enabled",
    ]
    assert anatomy.catalogue.logic and anatomy.catalogue.components
    assert {h.kind for h in anatomy.handoffs} == {"flow", "information", "rework"}


def test_validate_booking_has_three_control_points() -> None:
    anatomy = raw_template("validate-booking")
    (stage,) = anatomy.stages
    points = {cp.id: cp for cp in anatomy.catalogue.control_points}
    items = anatomy.catalogue.logic
    assert len(items) == 3 and all(item.stages == [stage.id] for item in items)
    kinds = [points[item.control_point].kind for item in items if item.control_point]
    assert sorted(kinds) == ["before_commit", "before_transition", "form"]
    realized = {item for c in anatomy.catalogue.components for item in c.realizes}
    assert {item.id for item in items} <= realized
    assert stage.outcomes


# ------------------------------------------------------------------ the commands
def test_cli_lists_exactly_the_template_ids(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["templates"]) == EXIT_OK
    assert capsys.readouterr().out.split() == ALL_IDS


@pytest.mark.parametrize("template_id", ["secure-api", "validate-booking", "hire-to-retire"])
def test_cli_new_from_template(
    template_id: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "map.vsm.json"
    assert main(["new", "--template", template_id, "-o", str(target)]) == EXIT_OK
    written = load_map(target)
    assert written.origin is not None and written.origin.source == template_id
    assert len(written.stages) == len(raw_template(template_id).stages)

    target.write_bytes(b"keep me")
    assert main(["new", "--template", template_id, "-o", str(target)]) == EXIT_BAD_INPUT
    assert "--force" in capsys.readouterr().err
    assert target.read_bytes() == b"keep me"

    assert main(["new", "--template", template_id, "-o", str(target), "--force"]) == EXIT_OK
    assert load_map(target).stream.name == written.stream.name


def test_cli_new_with_an_unknown_template_fails_cleanly(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "map.vsm.json"
    assert main(["new", "--template", "no-such", "-o", str(target)]) == EXIT_BAD_INPUT
    assert "secure-api" in capsys.readouterr().err
    assert not target.exists()
