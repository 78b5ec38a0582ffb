"""Align and distribute: the geometry on generated boxes, and the commands as a user runs
them (one undo step each, undo exact, lanes follow the boxes)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from ui_testkit import make_map

from vsm_editor.model import dump_bytes, save_map
from vsm_editor.ui.align import align, distribute

coords = st.floats(-2000, 2000, allow_nan=False).map(lambda v: round(v, 1))
sizes = st.floats(20, 400, allow_nan=False).map(lambda v: round(v, 1))
boxes = st.dictionaries(
    st.text("abcdefgh", min_size=1, max_size=3), st.tuples(coords, coords, sizes, sizes),
    min_size=1, max_size=12,
)


@given(boxes)
def test_align_lines_up_each_edge_or_centre(found):
    left = align(found, "left")
    assert {p[0] for p in left.values()} == {min(b[0] for b in found.values())}
    top = align(found, "top")
    assert {p[1] for p in top.values()} == {min(b[1] for b in found.values())}
    centre = align(found, "centre")
    centres = {round(centre[k][0] + found[k][2] / 2, 6) for k in found}
    assert len(centres) == 1
    middle = align(found, "middle")
    assert len({round(middle[k][1] + found[k][3] / 2, 6) for k in found}) == 1
    # aligning moves along one axis only
    assert all(left[k][1] == found[k][1] and top[k][0] == found[k][0] for k in found)


@given(boxes, st.booleans())
def test_distribute_gives_equal_gaps_and_keeps_the_ends(found, horizontal):
    axis, size = (0, 2) if horizontal else (1, 3)
    result = distribute(found, horizontal)
    order = sorted(found, key=lambda k: (found[k][axis] + found[k][size] / 2, k))
    starts = [result[k][axis] for k in order]
    if len(order) >= 3:
        gaps = [starts[i + 1] - starts[i] - found[order[i]][size] for i in range(len(order) - 1)]
        assert max(gaps) - min(gaps) == pytest.approx(0, abs=1e-6)
        last = found[order[-1]]
        assert starts[-1] + last[size] == pytest.approx(last[axis] + last[size])
    assert starts[0] == found[order[0]][axis]
    other = 1 - axis
    assert all(result[k][other] == found[k][other] for k in found)


def test_unknown_alignment_is_an_error():
    with pytest.raises(ValueError):
        align({"a": (0, 0, 1, 1)}, "diagonal")


@pytest.fixture
def window(editor, tmp_path, qtbot):
    anatomy = make_map(4, lanes=1, per_row=4)
    anatomy.lanes[0].height = 400.0
    for stage, (x, y) in zip(anatomy.stages, [(40, 30), (300, 90), (420, 200), (900, 60)],
                             strict=True):
        stage.x, stage.y = float(x), float(y)
    path = tmp_path / "align.vsm.json"
    save_map(anatomy, path)
    win = editor.open_path(str(path))
    qtbot.addWidget(win)
    return win


@pytest.mark.parametrize(
    ("action", "check"),
    [
        ("align_left", lambda s: {st.x for st in s} == {40.0}),
        ("align_top", lambda s: {st.y for st in s} == {30.0}),
        ("align_centre", lambda s: len({st.x + st.width / 2 for st in s}) == 1),
        ("align_middle", lambda s: len({st.y + st.height / 2 for st in s}) == 1),
        ("distribute_horizontally",
         lambda s: len({round(b.x - a.x - a.width, 6)
                        for a, b in zip(s, s[1:], strict=False)}) == 1),
    ],
)
def test_arrange_the_selection_in_one_undo_step(window, action, check):
    doc, editing = window.session.document, window.session.editing
    before = dump_bytes(doc.map)
    window.view.map_scene.select_ids(["st_0", "st_1", "st_2", "st_3"])
    window.actions_by_name[action].trigger()
    assert check(doc.map.stages)
    assert editing.index() == 1
    editing.undo()
    assert dump_bytes(doc.map) == before


def test_distribute_vertically_spreads_the_middle_stages(window):
    doc = window.session.document
    window.view.map_scene.select_ids(["st_0", "st_1", "st_2"])
    window.actions_by_name["distribute_vertically"].trigger()
    ys = sorted(s.y for s in doc.map.stages[:3])
    assert ys == [30.0, 115.0, 200.0]  # first and last stay, gaps equal
    assert window.session.editing.index() == 1


def test_arrange_needs_a_selection(window):
    window.view.map_scene.select_ids(["st_0"])
    window.actions_by_name["align_left"].trigger()
    window.actions_by_name["distribute_horizontally"].trigger()
    assert "select at least" in window.view.feedback_text().lower()
    assert not window.session.editing.can_undo()


def test_align_top_across_lanes_moves_stages_into_the_top_lane(editor, tmp_path, qtbot):
    path = tmp_path / "lanes.vsm.json"
    save_map(make_map(2, lanes=2, per_row=2), path)
    win = editor.open_path(str(path))
    qtbot.addWidget(win)
    doc = win.session.document
    win.view.map_scene.select_ids(["st_0", "st_1"])
    win.actions_by_name["align_top"].trigger()
    assert doc.get("st_1").lane == "ln_0" and doc.get("st_1").y == doc.get("st_0").y
    assert win.session.editing.index() == 1
