"""Pasted text as stage rows, and where capture places new stages (no Qt needed)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from vsm_editor.commands.clipboard import copy_selection
from vsm_editor.model import Document, Handoff, Lane, Stage, new_map
from vsm_editor.model.geometry import Rect
from vsm_editor.ui.capture_lines import LineRow, parse_lines, strip_marker
from vsm_editor.ui.capture_place import branch_offset, lane_height_for, make_room
from vsm_editor.ui.clipboard_place import catalogue_effect, paste_offset


def test_markers_are_stripped_but_names_that_start_with_numbers_stay():
    assert strip_marker("• Intake") == "Intake"
    assert strip_marker("  - [x] Review") == "Review"
    assert strip_marker("12) Deploy") == "Deploy"
    assert strip_marker("(3) Test") == "Test"
    assert strip_marker("4 – Billing") == "Billing"
    assert strip_marker("> quoted step") == "quoted step"
    assert strip_marker("24/7 monitoring") == "24/7 monitoring"
    assert strip_marker("3D model review") == "3D model review"
    assert strip_marker("-5 %  check") == "-5 % check"  # a minus sign is not a bullet


def test_columns_fill_owner_then_lane():
    text = 'Intake\tProduct owner\tProduct\r\n"Review"\t\tSecurity\n\n  \nBuild\n'
    assert parse_lines(text) == [
        LineRow("Intake", "Product owner", "Product"),
        LineRow("Review", "", "Security"),
        LineRow("Build"),
    ]
    assert parse_lines("\t\towner only\n") == []


@given(st.text())
def test_rows_never_have_empty_names_or_outnumber_lines(text):
    rows = parse_lines(text)
    assert len(rows) <= len(text.splitlines()) + 1
    assert all(row.name and row.name == " ".join(row.name.split()) for row in rows)
    assert all("\t" not in row.name + row.owner + row.lane for row in rows)


def _line(*xs: float):
    anatomy = new_map("Line")
    anatomy.lanes = [Lane(id="ln_0", name="Team", height=160.0)]
    anatomy.stages = [Stage(id=f"st_{i}", name=f"S{i}", lane="ln_0", x=x, y=40.0)
                      for i, x in enumerate(xs)]
    anatomy.handoffs = [Handoff(id=f"ho_{i}", source=f"st_{i}", target=f"st_{i + 1}")
                        for i in range(len(xs) - 1)]
    return anatomy


def test_make_room_moves_downstream_by_just_enough():
    anatomy = _line(40, 280, 520)
    moves = make_room(anatomy, "st_0", Rect(280, 40, 180, 90))
    assert moves == {"st_1": (520.0, 40.0), "st_2": (760.0, 40.0)}
    far = _line(40, 900)
    assert make_room(far, "st_0", Rect(280, 40, 180, 90)) == {}
    assert make_room(anatomy, "st_2", Rect(760, 40, 180, 90)) == {}  # the end: nothing


def test_branches_stack_below_and_lanes_grow_to_hold_them():
    anatomy = _line(40, 280)
    assert branch_offset(anatomy, "st_1", 90) == 40 + 90 + 30
    anatomy.stages.append(Stage(id="st_x", name="X", lane="ln_0", x=300, y=160))
    assert branch_offset(anatomy, "st_1", 90) == 160 + 90 + 30
    assert lane_height_for(anatomy, "ln_0", 250) == 280
    assert lane_height_for(anatomy, "ln_0", 100) is None
    assert lane_height_for(anatomy, None, 900) is None


def test_paste_offset_is_zero_when_free_and_right_of_the_originals_otherwise():
    source = Document(_line(40, 280))
    clip = copy_selection(source, ["st_0", "st_1"])
    assert paste_offset(new_map("Empty"), clip) == 0
    dx = paste_offset(source.map, clip)
    assert dx >= 460 + 20 - 40 and dx % 40 == 0
    effect = catalogue_effect(source, clip)
    assert (effect.relinked, effect.added) == (0, 0) and effect.sentence() == ""
