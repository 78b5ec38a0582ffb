"""File > New future state and File > Compare with…, driven through the menu actions."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "analysis"))
from test_compare_kit import current_map, summary  # noqa: E402

from vsm_editor.model import load_map, save_map  # noqa: E402
from vsm_editor.ui import compare_open, dialogs  # noqa: E402


def ids_of(anatomy) -> set[str]:
    return ({s.id for s in anatomy.stages} | {h.id for h in anatomy.handoffs}
            | {x.id for x in anatomy.lanes} | {x.id for x in anatomy.outcomes}
            | {x.id for x in anatomy.catalogue.logic} | {x.id for x in anatomy.catalogue.components}
            | {i.id for s in anatomy.stages for i in s.improvements})


@pytest.fixture
def current(editor, tmp_path, qtbot):
    path = tmp_path / "loan.vsm.json"
    save_map(current_map(), str(path))
    window = editor.open_path(str(path))
    qtbot.addWidget(window)
    return window


@pytest.fixture
def comparisons():
    yield compare_open.OPEN_COMPARISONS
    for window in list(compare_open.OPEN_COMPARISONS):
        window.close()


def make_future(editor, current, qtbot):
    current.actions_by_name["new_future_state"].trigger()
    future = editor.windows[-1]
    qtbot.addWidget(future)
    return future


def test_future_state_from_the_menu_keeps_ids_and_sets_the_origin(editor, current, qtbot):
    future = make_future(editor, current, qtbot)
    assert future is not current and len(editor.windows) == 2
    original, copy = current.session.document.map, future.session.document.map
    assert ids_of(copy) == ids_of(original)
    assert copy.stream.id != original.stream.id
    assert copy.stream.name == "Loan approval (future state)"
    assert copy.origin is not None and copy.origin.kind == "future_state"
    assert copy.origin.source == current.session.path
    assert copy.origin.source_id == original.stream.id
    assert original.origin is None  # the current map is untouched
    assert future.session.path is None and future.session.is_modified()
    assert "future state" in future.windowTitle()


def test_saving_the_future_state_asks_for_a_new_name(editor, current, qtbot, monkeypatch,
                                                     tmp_path):
    future = make_future(editor, current, qtbot)
    asked = []
    target = tmp_path / "loan-future.vsm.json"
    monkeypatch.setattr(dialogs, "choose_save_file",
                        lambda parent, suggested: asked.append(suggested) or str(target))
    assert future.act_save()
    assert asked and asked[0] != current.session.path
    saved = load_map(str(target))
    assert saved.origin.kind == "future_state"
    assert saved.origin.source_id == current.session.document.map.stream.id
    assert not future.session.is_modified()
    assert Path(current.session.path).read_bytes() != target.read_bytes()


def test_compare_with_an_open_future_state_puts_the_current_map_first(
        editor, current, qtbot, monkeypatch, comparisons):
    future = make_future(editor, current, qtbot)
    future.session.editing.rename("st_a", "Intake and triage")
    offered = []

    def choose(parent, names, preselect, versions=()):
        offered.append((names, preselect))
        return preselect

    monkeypatch.setattr(compare_open, "choose_target", choose)
    future.actions_by_name["compare_with"].trigger()
    assert offered == [(["loan.vsm.json"], 0)]  # the origin is offered first
    window = comparisons[-1]
    qtbot.addWidget(window)
    assert window.labels == ("loan.vsm.json", "Loan approval (future state)")
    assert summary(window.comparison) == [
        ("renamed", "stream", current.session.document.map.stream.id,
         future.session.document.map.stream.id),
        ("renamed", "stage", "st_a", "st_a"),
    ]
    # edits after opening show up on Refresh, and the comparison never shares the live map
    future.session.editing.rename("st_b", "Quick review")
    assert window.map_b is not future.session.document.map
    assert len(window.comparison.differences) == 2
    window.actions_by_name["refresh"].trigger()
    assert ("renamed", "stage", "st_b", "st_b") in summary(window.comparison)


def test_compare_with_a_file(editor, current, qtbot, monkeypatch, tmp_path, comparisons):
    other = current_map()
    other.stages[0].x += 200.0
    path = tmp_path / "other.vsm.json"
    save_map(other, str(path))
    monkeypatch.setattr(compare_open, "choose_target", lambda *_: str(path))
    current.actions_by_name["compare_with"].trigger()
    window = comparisons[-1]
    qtbot.addWidget(window)
    assert window.labels == ("loan.vsm.json", "other.vsm.json")
    assert summary(window.comparison) == [("moved", "stage", "st_a", "st_a")]
    assert window.actions_by_name["refresh"].isEnabled()
    current.session.editing.rename("st_c", "Sign off")  # the open side follows on Refresh
    window.refresh()
    assert ("renamed", "stage", "st_c", "st_c") in summary(window.comparison)


def test_cancelling_the_choice_opens_nothing(editor, current, monkeypatch, comparisons):
    monkeypatch.setattr(compare_open, "choose_target", lambda parent, names, pre, versions=(): None)
    current.actions_by_name["compare_with"].trigger()
    assert comparisons == []


def test_closing_a_comparison_forgets_it(editor, current, qtbot, monkeypatch, comparisons):
    future = make_future(editor, current, qtbot)
    monkeypatch.setattr(compare_open, "choose_target", lambda parent, names, pre, versions=(): 0)
    current.actions_by_name["compare_with"].trigger()
    window = comparisons[-1]
    assert window.comparison.a_stream == current.session.document.map.stream.id
    assert window.comparison.b_stream == future.session.document.map.stream.id
    window.close()
    assert window not in comparisons and window.scenes is None


def test_compare_with_an_earlier_committed_version(editor, qtbot, monkeypatch, tmp_path,
                                                   comparisons, git):
    path = tmp_path / "loan.vsm.json"
    save_map(current_map(), str(path))
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", "loan.vsm.json")
    git(tmp_path, "commit", "-q", "-m", "current state")
    changed = current_map()
    changed.stages[2].name = "Sign off"
    save_map(changed, str(path))
    git(tmp_path, "commit", "-q", "-am", "rename the approval")
    window = editor.open_path(str(path))
    qtbot.addWidget(window)
    offered = []

    def choose(parent, names, preselect, versions=()):
        offered.extend(versions)
        return versions[-1]  # the oldest

    monkeypatch.setattr(compare_open, "choose_target", choose)
    window.actions_by_name["compare_with"].trigger()
    assert [v.subject for v in offered] == ["rename the approval", "current state"]
    assert offered[0].author == "Ann"
    compared = comparisons[-1]
    qtbot.addWidget(compared)
    assert compared.labels == (f"loan.vsm.json @ {offered[1].short}", "loan.vsm.json")
    assert summary(compared.comparison) == [("renamed", "stage", "st_c", "st_c")]


def test_a_map_outside_git_offers_no_versions(editor, current, monkeypatch, comparisons):
    offered = []
    monkeypatch.setattr(compare_open, "choose_target",
                        lambda parent, names, pre, versions=(): offered.append(versions))
    current.actions_by_name["compare_with"].trigger()
    assert offered == [[]] and comparisons == []


def test_the_dialog_enables_git_history_only_with_versions(qtbot):
    from PySide6.QtWidgets import QPushButton

    from vsm_editor.git_versions import Version

    plain = compare_open.CompareTargetDialog(["a"], 0, None)
    qtbot.addWidget(plain)
    assert not plain.findChild(QPushButton, "compare_from_git").isEnabled()
    version = Version("f" * 40, "fffffff", "2026-11-27", "Ann", "first")
    dialog = compare_open.CompareTargetDialog([], None, None, [version])
    qtbot.addWidget(dialog)
    assert dialog.findChild(QPushButton, "compare_from_git").isEnabled()
    assert version.label == "fffffff  2026-11-27  Ann: first"
