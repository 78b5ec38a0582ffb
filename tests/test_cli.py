"""Command-line conventions: exit codes, one-line errors, no tracebacks, safe output."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from vsm_editor.cli import main
from vsm_editor.model import Handoff, Stage, dump_bytes, new_map


def _write_map(path: Path) -> Path:
    anatomy = new_map("CLI stream")
    anatomy.stages = [Stage(id="st_a", name="A"), Stage(id="st_b", name="B")]
    anatomy.handoffs = [Handoff(id="ho_ab", source="st_a", target="st_b")]
    path.write_bytes(dump_bytes(anatomy))
    return path


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "vsm_editor.cli", *args],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=Path(__file__).parent,  # not the source tree, whose vsm_editor/ lacks exporters
    )


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["check"], "the following arguments are required: file"),
        (["check", "x.vsm.json", "--fail-on", "sometimes"], "invalid choice"),
        (["check", "/nonexistent/map.vsm.json"], "/nonexistent/map.vsm.json: no such file"),
    ],
)
def test_bad_usage_and_input_give_one_line_and_exit_2(args, expected, capsys) -> None:
    assert main(args) == 2
    err = capsys.readouterr().err
    assert expected in err
    assert err.count("\n") == 1
    assert "Traceback" not in err


def test_corrupt_file_is_one_line_in_a_real_process(tmp_path: Path) -> None:
    bad = tmp_path / "bad.vsm.json"
    bad.write_bytes(b'{"format": "vsm-anatomy", "version": 1, "stream": {"id": "vs_a", "name": 7}}')
    result = _run("check", str(bad))
    assert result.returncode == 2
    assert result.stderr.strip() == (f"vsm-editor: {bad}: stream.name: expected a string, got 7")
    assert result.stdout == ""


def test_check_json_lists_findings_with_every_field(tmp_path: Path, capsys) -> None:
    path = _write_map(tmp_path / "m.vsm.json")
    code = main(["check", str(path), "--format", "json", "--fail-on", "never"])
    assert code == 0
    findings = json.loads(capsys.readouterr().out)
    assert findings, "a bare two-stage map has gaps in every layer"
    for finding in findings:
        assert set(finding) >= {
            "rule",
            "severity",
            "layer",
            "element",
            "elements",
            "path",
            "key",
            "message",
        }
        assert finding["element"] in finding["elements"]
        assert finding["key"].startswith(finding["rule"] + "@")


def test_fail_on_threshold_sets_exit_code(tmp_path: Path, capsys) -> None:
    path = _write_map(tmp_path / "m.vsm.json")
    main(["check", str(path), "--format", "json", "--fail-on", "never"])
    severities = {f["severity"] for f in json.loads(capsys.readouterr().out)}
    assert "warning" in severities
    assert main(["check", str(path), "--fail-on", "info"]) == 1
    assert main(["check", str(path), "--fail-on", "warning"]) == 1
    assert main(["check", str(path), "--fail-on", "never"]) == 0
    expected_on_error = 1 if "error" in severities else 0
    assert main(["check", str(path), "--fail-on", "error"]) == expected_on_error


def test_check_text_ends_with_summary(tmp_path: Path, capsys) -> None:
    path = _write_map(tmp_path / "m.vsm.json")
    main(["check", str(path), "--fail-on", "never"])
    lines = capsys.readouterr().out.strip().splitlines()
    assert "coverage" in lines[-1].lower()


def test_new_never_writes_over_an_existing_file(tmp_path: Path, capsys) -> None:
    target = _write_map(tmp_path / "keep.vsm.json")
    before = target.read_bytes()
    assert main(["new", "-o", str(target)]) == 2
    assert "--force" in capsys.readouterr().err
    assert target.read_bytes() == before


def test_version_and_help_exit_0(capsys) -> None:
    assert main(["--version"]) == 0
    assert "vsm-editor" in capsys.readouterr().out
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    for command in ("check", "templates", "new"):
        assert command in out
