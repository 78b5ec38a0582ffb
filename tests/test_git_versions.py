"""Earlier versions of a map file from git: listed newest first, read back exactly, and
every failure one MapFileError line."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent / "analysis"))
from test_compare_kit import current_map  # noqa: E402

from vsm_editor.git_versions import file_versions, read_version  # noqa: E402
from vsm_editor.model import MapFileError, dump_bytes, save_map  # noqa: E402


@pytest.fixture
def history(tmp_path: Path, git) -> Path:
    """A repository whose maps/loan.vsm.json was committed twice (a rename in between)."""
    folder = tmp_path / "maps"
    folder.mkdir()
    path = folder / "loan.vsm.json"
    save_map(current_map(), str(path))
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-q", "-m", "first cut")
    changed = current_map()
    changed.stages[0].name = "Intake and triage"
    save_map(changed, str(path))
    git(tmp_path, "commit", "-q", "-am", "triage at intake")
    return path


def test_versions_are_listed_newest_first_with_their_commit_details(history) -> None:
    versions = file_versions(str(history))
    assert [v.subject for v in versions] == ["triage at intake", "first cut"]
    assert all(v.author == "Ann" and len(v.revision) == 40 for v in versions)
    assert versions[0].revision.startswith(versions[0].short)


def test_a_version_reads_back_exactly_as_committed(history) -> None:
    oldest = file_versions(str(history))[-1]
    assert dump_bytes(read_version(str(history), oldest.revision)) == dump_bytes(current_map())


def test_an_unknown_revision_is_one_error_line(history) -> None:
    with pytest.raises(MapFileError) as caught:
        read_version(str(history), "nosuchrev")
    message = str(caught.value)
    assert message.startswith("loan.vsm.json at nosuchrev: ") and "\n" not in message


def test_a_committed_file_that_is_not_a_map_is_a_map_error(history, git) -> None:
    history.write_text("not json", "utf-8")
    git(history.parent.parent, "commit", "-q", "-am", "broken")
    newest = file_versions(str(history))[0]
    with pytest.raises(MapFileError):
        read_version(str(history), newest.revision)


def test_a_file_outside_git_has_no_versions(tmp_path: Path) -> None:
    path = tmp_path / "loan.vsm.json"
    save_map(current_map(), str(path))
    assert file_versions(str(path)) == []


def test_without_git_installed_there_are_no_versions(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    assert file_versions(str(tmp_path / "loan.vsm.json")) == []
    with pytest.raises(MapFileError, match="git is not installed"):
        read_version(str(tmp_path / "loan.vsm.json"), "HEAD")
