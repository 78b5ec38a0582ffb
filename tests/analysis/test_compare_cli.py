"""``vsm-editor compare A B``: exit codes, the three formats, one-line errors, REV:PATH."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

import pytest
from test_compare_kit import copy_of, current_map, stage_of

from vsm_editor import cli
from vsm_editor.compare_cli import HELP, declare, looks_like_git_spec, run
from vsm_editor.model import dump_bytes


def parse(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="vsm-editor compare")
    declare(parser)
    return parser.parse_args(argv)


@pytest.fixture
def maps(tmp_path: Path) -> tuple[Path, Path]:
    a = current_map()
    b = copy_of(a)
    stage_of(b, "st_a").name = "Triage"
    first, second = tmp_path / "now.vsm.json", tmp_path / "next.vsm.json"
    first.write_bytes(dump_bytes(a))
    second.write_bytes(dump_bytes(b))
    return first, second


def test_equal_maps_exit_0(maps, capsys) -> None:
    first, _ = maps
    assert run(parse(str(first), str(first))) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[2] == "no differences"


def test_different_maps_exit_1_in_every_format(maps, capsys) -> None:
    first, second = maps
    assert run(parse(str(first), str(second))) == 1
    text = capsys.readouterr().out
    assert text.splitlines()[2].split()[:3] == ["renamed", "stage", "st_a"]
    assert run(parse(str(first), str(second), "--format", "json")) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["a"]["label"] == str(first) and data["counts"]["renamed"] == 1
    assert run(parse(str(first), str(second), "--format", "md")) == 1
    assert capsys.readouterr().out.startswith("# Comparison: Loan approval → Loan approval\n")


def test_missing_and_corrupt_files_exit_2_with_one_line(maps, tmp_path, capsys) -> None:
    first, _ = maps
    assert run(parse(str(first), "/nonexistent/map.vsm.json")) == 2
    captured = capsys.readouterr()
    assert captured.err == "vsm-editor: /nonexistent/map.vsm.json: no such file\n"
    assert captured.out == ""
    bad = tmp_path / "bad.vsm.json"
    bad.write_text('{"format": "vsm-anatomy", "version": 1, "stream": {"id": "vs_a"}}')
    assert run(parse(str(bad), str(first))) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"vsm-editor: {bad}: ") and err.count("\n") == 1


def test_registered_in_the_main_parser(maps, monkeypatch, capsys) -> None:
    """As cli.py will register it: usage errors become one line and exit 2."""
    monkeypatch.setitem(cli.SUBCOMMANDS, "compare", (HELP, declare, run))
    first, second = maps
    assert cli.main(["compare", str(first), str(second), "--format", "md"]) == 1
    assert "## Differences" in capsys.readouterr().out
    assert cli.main(["compare", str(first), str(second), "--format", "xml"]) == 2
    err = capsys.readouterr().err
    assert "invalid choice: 'xml'" in err and err.count("\n") == 1
    assert cli.main(["compare", str(first)]) == 2
    assert "the following arguments are required: B" in capsys.readouterr().err


def test_rev_path_spelling() -> None:
    assert looks_like_git_spec("HEAD~2:maps/loan.vsm.json")
    assert looks_like_git_spec("v1.0:./loan.vsm.json")
    assert not looks_like_git_spec("loan.vsm.json")
    assert not looks_like_git_spec(":loan.vsm.json")
    assert not looks_like_git_spec("HEAD:")
    assert not looks_like_git_spec("C:\\maps\\loan.vsm.json")


def test_a_version_from_git(tmp_path, monkeypatch, capsys, git) -> None:
    git(tmp_path, "init", "-q")
    path = tmp_path / "loan.vsm.json"
    a = current_map()
    path.write_bytes(dump_bytes(a))
    git(tmp_path, "add", "loan.vsm.json")
    git(tmp_path, "commit", "-q", "-m", "current state")
    b = copy_of(a)
    stage_of(b, "st_c").x = 900.0
    path.write_bytes(dump_bytes(b))
    monkeypatch.chdir(tmp_path)
    assert run(parse("HEAD:loan.vsm.json", "loan.vsm.json")) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith('A "Loan approval" (HEAD:loan.vsm.json)')
    assert lines[2].split()[:3] == ["moved", "stage", "st_c"]
    assert run(parse("HEAD:./loan.vsm.json", "HEAD:loan.vsm.json")) == 0
    capsys.readouterr()
    assert run(parse("nosuchrev:loan.vsm.json", "loan.vsm.json")) == 2
    err = capsys.readouterr().err
    assert err.startswith("vsm-editor: nosuchrev:loan.vsm.json: no such file, and git show failed:")
    assert err.count("\n") == 1


def test_the_cli_offers_every_format_and_imports_no_analysis_to_declare() -> None:
    from vsm_editor import compare_cli
    from vsm_editor.analysis import compare_format

    assert compare_cli.FORMATS == compare_format.FORMATS
    done = subprocess.run(
        [sys.executable, "-c", "import sys, vsm_editor.compare_cli; "
         "print('vsm_editor.analysis' in sys.modules)"],
        capture_output=True, text=True, check=True, timeout=60,
    )
    assert done.stdout.strip() == "False"
