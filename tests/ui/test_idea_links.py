"""Improvement ideas linked across a current map and its future state, in the inspector:
the idea lists the future stages realizing it, a future stage lists the ideas it realizes,
and every link selects its stage in the other window."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "analysis"))
from test_compare_kit import current_map  # noqa: E402

from vsm_editor.model import save_map  # noqa: E402
from vsm_editor.model.entities import Stage  # noqa: E402


@pytest.fixture
def current(editor, tmp_path, qtbot):
    path = tmp_path / "loan.vsm.json"
    save_map(current_map(), str(path))
    window = editor.open_path(str(path))
    qtbot.addWidget(window)
    return window


def make_future(editor, current, qtbot):
    current.actions_by_name["new_future_state"].trigger()
    future = editor.windows[-1]
    qtbot.addWidget(future)
    return future


def page_of(window):
    return window.anatomy_docks.inspector.stage_page


def show_idea(window, stage_id: str, idea_id: str):
    window.anatomy_docks.select_element(stage_id)
    page = page_of(window)
    page.fields["improvements"].select_id(idea_id)
    return page


def hrefs(label) -> list[str]:
    return sorted(label.targets)


def test_without_a_future_state_the_idea_says_how_to_get_one(editor, current, qtbot):
    page = show_idea(current, "st_b", "im_auto")
    text = page.fields["improvement.realized"].text()
    assert "No future state open" in text and "New Future State" in text
    assert page.fields["improvement.realized"].targets == {}
    assert not page.fields["realizes"].text()  # a current map realizes nothing


def test_an_idea_links_to_the_future_stages_realizing_it(editor, current, qtbot):
    future = make_future(editor, current, qtbot)
    bot = Stage(id="st_bot", name="Automatic review", notes="Replaces im_auto.")
    future.session.document.insert("stage", bot)
    page = show_idea(current, "st_b", "im_auto")
    label = page.fields["improvement.realized"]
    assert "Review" in label.text() and "Automatic review" in label.text()
    assert "carries it" in label.text() and "mentions it" in label.text()
    targets = {t.stage for t in label.targets.values()}
    assert targets == {"st_b", "st_bot"}
    assert all(t.window is future for t in label.targets.values())


def test_following_a_link_selects_the_stage_in_the_future_window(editor, current, qtbot):
    future = make_future(editor, current, qtbot)
    page = show_idea(current, "st_b", "im_auto")
    label = page.fields["improvement.realized"]
    href = next(h for h, t in label.targets.items() if t.stage == "st_b")
    label.linkActivated.emit(href)
    assert future.session.scene.selected_ids() == ["st_b"]
    assert page_of(future).stage_id == "st_b"


def test_a_future_stage_lists_and_links_the_ideas_it_realizes(editor, current, qtbot):
    future = make_future(editor, current, qtbot)
    future.anatomy_docks.select_element("st_b")
    label = page_of(future).fields["realizes"]
    assert "Automate the review" in label.text() and "on Review" in label.text()
    (href, target), = label.targets.items()
    assert (target.window, target.stage, target.idea) == (current, "st_b", "im_auto")
    current.anatomy_docks.select_element("st_a")
    label.linkActivated.emit(href)
    assert current.session.scene.selected_ids() == ["st_b"]
    assert page_of(current).fields["improvements"].current_id() == "im_auto"


def test_a_future_stage_realizing_nothing_says_so(editor, current, qtbot):
    future = make_future(editor, current, qtbot)
    future.anatomy_docks.select_element("st_a")
    assert "No idea of" in page_of(future).fields["realizes"].text()


def test_edits_in_the_future_state_refresh_the_current_inspector(editor, current, qtbot):
    future = make_future(editor, current, qtbot)
    page = show_idea(current, "st_b", "im_auto")
    label = page.fields["improvement.realized"]
    assert "Automatic review" not in label.text()
    future.session.document.insert(
        "stage", Stage(id="st_bot", name="Automatic review", notes="Replaces im_auto."))
    qtbot.waitUntil(lambda: "Automatic review" in label.text(), timeout=2000)


def test_removing_the_stage_in_the_future_says_not_realized(editor, current, qtbot):
    future = make_future(editor, current, qtbot)
    future.session.editing.modeling.remove_elements(["st_b"])
    page = show_idea(current, "st_b", "im_auto")
    text = page.fields["improvement.realized"].text()
    assert "not realized" in text and "removed" in text


def test_a_future_state_whose_current_file_is_closed_offers_to_open_it(editor, current, qtbot):
    future = make_future(editor, current, qtbot)
    path = current.session.path
    current._closing_confirmed = True
    current.close()
    future.anatomy_docks.select_element("st_b")
    label = page_of(future).fields["realizes"]
    assert "loan.vsm.json" in label.text()
    (href, target), = label.targets.items()
    assert target.path == path
    label.linkActivated.emit(href)
    reopened = editor.window_for(path)
    assert reopened is not None
    qtbot.addWidget(reopened)
    assert reopened.session.scene.selected_ids() == []  # the file opened; no stage named
    future.anatomy_docks.select_element("st_b")
    assert "Automate the review" in page_of(future).fields["realizes"].text()
