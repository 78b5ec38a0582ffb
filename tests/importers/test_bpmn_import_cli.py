"""``vsm-editor import`` through :func:`vsm_editor.import_cli.run`."""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bpmn_import_support import CORPUS  # noqa: E402

from vsm_editor.import_cli import declare, default_output, run  # noqa: E402
from vsm_editor.model import load_map  # noqa: E402


def call(*argv: str) -> int:
    parser = argparse.ArgumentParser(prog="vsm-editor import")
    declare(parser)
    return run(parser.parse_args(list(argv)))


@pytest.fixture
def bpmn(tmp_path):
    target = tmp_path / "orders.bpmn"
    shutil.copy(CORPUS / "order-handling.bpmn", target)
    return target


def test_default_output_is_next_to_the_file(bpmn, capsys):
    assert call(str(bpmn)) == 0
    written = bpmn.with_name("orders.vsm.json")
    anatomy = load_map(written)
    assert anatomy.stream.name == "Order handling" and len(anatomy.stages) == 9
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "9 stages" in err[0] and "approximated" in err[0]


def test_report_and_pool(tmp_path, capsys):
    source = tmp_path / "shop.bpmn"
    shutil.copy(CORPUS / "two-pools-message-flows.bpmn", source)
    out, report = tmp_path / "out.vsm.json", tmp_path / "report.md"
    assert call(str(source), "-o", str(out), "--pool", "Shop", "--report", str(report)) == 0
    assert load_map(out).stream.name == "Shop"
    text = report.read_text()
    assert text.startswith("# BPMN import report: Shop") and "`Pool_Customer`" in text


def test_existing_output_needs_force(bpmn, capsys):
    out = bpmn.with_name("orders.vsm.json")
    out.write_text("keep me")
    assert call(str(bpmn)) == 2
    assert out.read_text() == "keep me"
    assert "--force" in capsys.readouterr().err
    assert call(str(bpmn), "--force") == 0
    assert load_map(out).stages


def test_never_writes_over_the_bpmn(bpmn, capsys):
    before = bpmn.read_bytes()
    assert call(str(bpmn), "-o", str(bpmn), "--force") == 2
    assert call(str(bpmn), "--report", str(bpmn), "--force") == 2
    assert bpmn.read_bytes() == before


def test_bad_input_exits_2_with_one_line_and_writes_nothing(tmp_path, capsys):
    bad = tmp_path / "bad.bpmn"
    bad.write_text('<!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]><d>&x;</d>')
    report = tmp_path / "r.md"
    assert call(str(bad), "--report", str(report)) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "DOCTYPE" in err[0] and "root:" not in err[0]
    assert not (tmp_path / "bad.vsm.json").exists() and not report.exists()
    assert call(str(tmp_path / "missing.bpmn")) == 2
    assert "no such file" in capsys.readouterr().err
    assert call(str(CORPUS / "two-pools-message-flows.bpmn"), "-o",
                str(tmp_path / "x.vsm.json"), "--pool", "Nobody") == 2
    assert "no pool 'Nobody'" in capsys.readouterr().err
    assert not (tmp_path / "x.vsm.json").exists()


@pytest.mark.parametrize(("given", "expected"), [
    ("a/b.bpmn", "a/b.vsm.json"), ("x.BPMN", "x.vsm.json"), ("p.bpmn20.xml", "p.vsm.json"),
    ("plain", "plain.vsm.json"),
])
def test_default_output_names(given, expected):
    assert default_output(given) == Path(expected)
