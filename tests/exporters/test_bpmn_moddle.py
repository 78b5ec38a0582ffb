"""bpmn-moddle, the parser inside bpmn-js and Camunda Modeler, reads the export with zero
warnings (alone, with Camunda 7's camunda-bpmn-moddle and with Camunda 8's
zeebe-bpmn-moddle) and its save-and-reload leaves the document unchanged.

Needs node and ``npm ci --prefix tests/exporters/js``; without them the test fails when
CI=true and is skipped with the reason otherwise.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bpmn_support import (  # noqa: E402
    JS_DIR,
    corner_maps,
    generated,
    node_ready,
    parse,
    structure,
    templates,
)
from strategies import any_maps  # noqa: E402
from vsm_editor.exporters.bpmn import export_bpmn  # noqa: E402

SAMPLES = {**{f"template-{k}": v for k, v in templates().items()},
           **{name.replace(" ", "-").replace(",", ""): m for name, m in corner_maps().items()},
           "generated-150-seed-5": generated(150, 5), "generated-40-seed-9": generated(40, 9)}
VARIANTS = {"plain", "camunda", "zeebe"}


@pytest.fixture(scope="module")
def moddle_results(tmp_path_factory) -> dict[tuple[str, str], dict]:
    node = node_ready()
    folder = tmp_path_factory.mktemp("bpmn-moddle")
    files = []
    for name, anatomy in SAMPLES.items():
        path = folder / f"{name}.bpmn"
        path.write_bytes(export_bpmn(anatomy))
        files.append(str(path))
    completed = subprocess.run(
        [node, str(JS_DIR / "check_moddle.mjs"), *files],
        capture_output=True, text=True, timeout=300, cwd=JS_DIR, check=False,
    )
    assert completed.returncode == 0, completed.stderr
    results = {}
    for line in completed.stdout.split("\n"):
        if not line:
            continue
        result = json.loads(line)
        results[(Path(result["file"]).stem, result["variant"])] = result
    return results


@pytest.mark.parametrize("name", list(SAMPLES))
def test_bpmn_moddle_reads_without_warnings_and_saves_unchanged(moddle_results, name):
    anatomy = SAMPLES[name]
    ours = structure(parse(export_bpmn(anatomy)))
    for variant in sorted(VARIANTS):
        result = moddle_results[(name, variant)]
        assert result["warnings"] == [], (variant, result["warnings"][:5])
        assert result["reloadWarnings"] == [], (variant, result["reloadWarnings"][:5])
        counts = result["counts"]
        assert counts.get("bpmn:Task", 0) == len(anatomy.stages)
        assert counts.get("vsm:stage", 0) == len(anatomy.stages)
        assert counts.get("vsm:handoff", 0) == len(anatomy.handoffs)
        theirs = structure(parse(result["xml"].encode("utf-8")))
        assert theirs == ours, f"{variant}: bpmn-moddle's save differs from the export"


@settings(max_examples=10, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(anatomy=any_maps(max_stages=8))
def test_random_maps_survive_bpmn_moddle(anatomy, tmp_path):
    """Random maps with odd Unicode, numbers and shapes, one node run per map."""
    node = node_ready()
    path = tmp_path / "random.bpmn"
    data = export_bpmn(anatomy)
    path.write_bytes(data)
    completed = subprocess.run(
        [node, str(JS_DIR / "check_moddle.mjs"), str(path)],
        capture_output=True, text=True, timeout=120, cwd=JS_DIR, check=False,
    )
    assert completed.returncode == 0, completed.stderr
    ours = structure(parse(data))
    for line in completed.stdout.split("\n"):
        if not line:
            continue
        result = json.loads(line)
        assert result["warnings"] == [] and result["reloadWarnings"] == [], result["warnings"]
        assert structure(parse(result["xml"].encode("utf-8"))) == ours, result["variant"]
