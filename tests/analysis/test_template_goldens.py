"""Each template's expected findings and coverage, kept in golden files.

A change to a rule or a template that alters what a facilitator sees must show up here.
Regenerate deliberately with ``UPDATE_GOLDENS=1 pytest tests/analysis/test_template_goldens.py``
and review the diff.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from vsm_editor.analysis import analyze
from vsm_editor.templates import load_template, template_ids

GOLDEN = Path(__file__).parent / "golden"


def _observed(template_id: str) -> dict[str, object]:
    report = analyze(load_template(template_id))
    coverage = report.coverage
    return {
        "template": template_id,
        "summary": report.summary_line(),
        "findings": sorted(
            ({"key": f.key, "severity": f.severity, "message": f.message} for f in report.findings),
            key=lambda item: item["key"],
        ),
        "coverage": {"stages": coverage.total, **coverage.counts},
    }


@pytest.mark.parametrize("template_id", template_ids())
def test_template_findings_match_golden(template_id: str) -> None:
    path = GOLDEN / f"{template_id}.json"
    observed = _observed(template_id)
    if os.environ.get("UPDATE_GOLDENS") == "1":
        path.write_text(json.dumps(observed, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    expected = json.loads(path.read_text(encoding="utf-8"))
    assert observed == expected


def test_every_template_has_a_golden_file() -> None:
    assert sorted(p.stem for p in GOLDEN.glob("*.json")) == template_ids()
