"""Handoff captions: their text, lines and size, their first place by the route, and the
first free place when that one is taken."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from vsm_editor.model import Duration, Handoff
from vsm_editor.model.geometry import Rect
from vsm_editor.style import sizes
from vsm_editor.style.captions import (
    CAPTION_MAX_LINES,
    caption,
    caption_box,
    caption_candidates,
    caption_lines,
    caption_size,
    place_caption,
)
from vsm_editor.style.figure import RectIndex
from vsm_editor.style.text import line_height, measure

ROUTE = [(0.0, 50.0), (400.0, 50.0)]
ANCHOR = (200.0, 50.0)


def test_caption_joins_label_and_wait_and_leaves_a_shown_wait_out() -> None:
    handoff = Handoff(id="h", source="a", target="b", label="approved",
                      wait=Duration(value=2, unit="working_days"))
    assert caption(handoff) == "approved · wait 2 wd"
    assert caption(handoff, with_wait=False) == "approved"
    assert caption(Handoff(id="h", source="a", target="b")) == ""
    no_unit = Handoff(id="h", source="a", target="b", wait=Duration(value=1.5))
    assert caption(no_unit) == "wait 1.5 (no unit)"


def test_long_captions_stop_at_three_lines_with_an_ellipsis() -> None:
    lines = caption_lines("word " * 200)
    assert len(lines) == CAPTION_MAX_LINES and lines[-1].endswith("…")
    assert caption_lines("short") == ("short",)
    width, height = caption_size(("short",))
    assert width == measure("short", sizes.LABEL_FONT_SIZE) + 2 * sizes.LABEL_PADDING
    assert height == line_height(sizes.LABEL_FONT_SIZE) + sizes.LABEL_PADDING


def test_first_place_is_under_the_label_point_or_beside_a_long_vertical_run() -> None:
    lines = ("approved",)
    width, height = caption_size(lines)
    assert caption_box(ROUTE, ANCHOR, lines) == Rect(200 - width / 2, 53, width, height)
    jog = [(0.0, 0.0), (10.0, 0.0), (10.0, 300.0), (20.0, 300.0)]
    assert caption_box(jog, (5.0, 0.0), lines) == Rect(14.0, 150 - height / 2, width, height)


def test_a_free_first_place_is_kept_and_a_taken_one_gives_way() -> None:
    lines = ("approved",)
    first = caption_box(ROUTE, ANCHOR, lines)
    assert place_caption(ROUTE, ANCHOR, lines, RectIndex()) == first
    stages = RectIndex({"stage": Rect(150, 52, 100, 60)})  # right under the route
    placed = place_caption(ROUTE, ANCHOR, lines, stages, RectIndex())
    assert placed != first and not stages.hits(placed)
    assert placed == next(c for c in caption_candidates(ROUTE, ANCHOR, lines)
                          if not stages.hits(c))


def test_with_every_place_taken_the_caption_stays_at_its_first_place() -> None:
    lines = ("approved",)
    everything = RectIndex({"wall": Rect(-10_000, -10_000, 20_000, 20_000)})
    assert place_caption(ROUTE, ANCHOR, lines, everything) == caption_box(ROUTE, ANCHOR, lines)


@given(st.lists(st.tuples(st.floats(0, 380), st.floats(-40, 120)), max_size=12))
def test_a_placed_caption_covers_no_obstacle_when_a_candidate_is_free(spots) -> None:
    lines = ("needs a place",)
    obstacles = RectIndex({f"o{n}": Rect(x, y, 30, 20) for n, (x, y) in enumerate(spots)})
    placed = place_caption(ROUTE, ANCHOR, lines, obstacles)
    free = [c for c in caption_candidates(ROUTE, ANCHOR, lines) if not obstacles.hits(c)]
    assert placed == (free[0] if free else caption_box(ROUTE, ANCHOR, lines))
