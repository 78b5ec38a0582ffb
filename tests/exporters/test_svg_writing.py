"""The SVG writer's shortcuts write exactly what the general paths write: routes' ``d``
without making the path, stage text placed by an offset instead of moved copies, and the
scene's flow metrics from the analysis's own flow facts."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from vsm_editor.exporters.svg_scene import build_scene
from vsm_editor.exporters.svg_shapes import path_data, route_data, wrapped_text

from vsm_editor.analysis import analyze
from vsm_editor.analysis.facts import build_flow_facts
from vsm_editor.analysis.report import Report
from vsm_editor.model.geometry import Rect
from vsm_editor.style.layout import StageLayout, layout_stage
from vsm_editor.style.paths import rounded_polyline
from vsm_editor.templates import load_template

coordinates = st.floats(min_value=-5_000, max_value=5_000, allow_nan=False).map(
    lambda v: round(v, 3))
radii = st.sampled_from([0.0, -1.0, 2.0, 6.0, 12.5])


@st.composite
def routes(draw: st.DrawFn) -> list[tuple[float, float]]:
    """Polylines mostly along the axes (as routed), sometimes with slanted or zero-length
    steps."""
    x, y = draw(coordinates), draw(coordinates)
    points = [(x, y)]
    for _ in range(draw(st.integers(min_value=1, max_value=7))):
        step = draw(st.sampled_from(["h", "v", "free", "same"]))
        if step == "h":
            x = draw(coordinates)
        elif step == "v":
            y = draw(coordinates)
        elif step == "free":
            x, y = draw(coordinates), draw(coordinates)
        points.append((x, y))
    return points


@settings(max_examples=300, deadline=None)
@given(routes(), radii)
def test_route_data_writes_what_path_data_writes_of_the_rounded_path(points, radius) -> None:
    assert route_data(points, radius) == path_data(rounded_polyline(points, radius))


def test_route_data_of_a_straight_and_a_rounded_route() -> None:
    assert route_data([(0.0, 10.0), (250.0, 10.0)], 6.0) == "M0 10H250"
    assert route_data([(0.0, 0.0), (40.0, 0.0), (40.0, 30.0)], 6.0) == "M0 0H34q6 0 6 6V30"


NAMES = ["Ship", "Review the signed credit application and check the applicant's identity",
         "Έλεγχος ταυτότητας και έγκριση πίστωσης πελάτη", 'a <b> & "c"\nd']


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(NAMES), st.sampled_from(["", "Credit risk team", "x" * 90]),
       coordinates, coordinates, st.sampled_from([(140.0, 70.0), (220.0, 90.0)]))
def test_stage_text_placed_by_offset_is_the_moved_text(name, owner, x, y, size) -> None:
    from vsm_editor.model.entities import Stage

    stage = Stage(id="st_a", name=name, owner=owner, x=x, y=y, width=size[0], height=size[1])
    layout = layout_stage(stage, Rect(x, y, *size))
    name_lines, owner_lines, dx, dy = layout.text_and_offset()
    for shared, placed in ((name_lines, layout.name_lines), (owner_lines, layout.owner_lines)):
        by_offset: list[str] = []
        wrapped_text(by_offset, shared, layout.name_breaks, offset=(dx, dy))
        moved: list[str] = []
        wrapped_text(moved, placed, layout.name_breaks)
        assert by_offset == moved


def test_a_layout_given_its_parts_offers_its_own_lines() -> None:
    from vsm_editor.model.entities import Stage

    made = layout_stage(Stage(id="st_a", name="Check the order", x=0, y=0), Rect(30, 40, 160, 80))
    given_parts = StageLayout(
        made.stage_id, made.rect, made.corner_radius, made.fill, made.border, made.strip,
        made.strip_colour, made.name_size, made.name_lines, made.name_breaks,
        made.owner_lines, made.markers, made.severity_slot, made.improvement,
        made.improvement_kind, made.improvement_count, made.grown,
    )
    assert given_parts.text_and_offset() == (made.name_lines, made.owner_lines, 0.0, 0.0)
    shared, _, dx, dy = made.text_and_offset()
    assert (dx, dy) == (30.0, 40.0)
    assert [line.x + dx for line in shared] == [line.x for line in made.name_lines]


def test_the_report_keeps_the_flow_facts_without_counting_them() -> None:
    anatomy = load_template("secure-api")
    report = analyze(anatomy)
    facts, fresh = report.flow_facts, build_flow_facts(anatomy)
    assert facts is not None
    assert (facts.starts, facts.ends, facts.from_start, facts.to_end, facts.cycles) == (
        fresh.starts, fresh.ends, fresh.from_start, fresh.to_end, fresh.cycles)
    bare = Report(report.findings, report.suppressed, report.stale_suppressions, report.coverage)
    assert bare == report and bare.flow_facts is None


def test_scene_flow_is_the_same_from_the_reports_facts_or_built_afresh() -> None:
    anatomy = load_template("secure-api")
    report = analyze(anatomy)
    bare = Report(report.findings, report.suppressed, report.stale_suppressions, report.coverage)
    assert build_scene(anatomy, report).flow == build_scene(anatomy, bare).flow
