"""The bpmn-js viewer, in headless Chromium, draws every task, gateway, event, lane, the pool,
every annotation and every connection of the export, with no import warning.

Needs Debian's ``chromium`` and ``npm ci --prefix tests/exporters/js`` (playwright-core and
bpmn-js); without them the test fails when CI=true and is skipped with the reason otherwise.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bpmn_support import (  # noqa: E402
    JS_DIR,
    NS,
    corner_maps,
    generated,
    need_tool,
    node_ready,
    parse,
    templates,
)
from vsm_editor.exporters.bpmn import export_bpmn  # noqa: E402

SAMPLES = {**{f"template-{k}": v for k, v in templates().items()},
           **{name.replace(" ", "-").replace(",", ""): m for name, m in corner_maps().items()},
           "generated-80-seed-2": generated(80, 2)}
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")


@pytest.fixture(scope="module")
def drawn(tmp_path_factory) -> dict[str, dict]:
    node = node_ready()
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        need_tool(f"{CHROMIUM} is missing (apt-get install -y chromium)")
    if not (JS_DIR / "node_modules" / "playwright-core").is_dir():
        need_tool(f"playwright-core is not installed: run `npm ci --prefix {JS_DIR}`")
    folder = tmp_path_factory.mktemp("bpmn-viewer")
    files = []
    for name, anatomy in SAMPLES.items():
        path = folder / f"{name}.bpmn"
        path.write_bytes(export_bpmn(anatomy))
        files.append(str(path))
    completed = subprocess.run(
        [node, str(JS_DIR / "render_viewer.mjs"), *files],
        capture_output=True, text=True, timeout=300, cwd=JS_DIR, check=False,
        env={**os.environ, "CHROMIUM": CHROMIUM},
    )
    assert completed.returncode == 0, completed.stderr[-2000:]
    results = {}
    for line in completed.stdout.split("\n"):
        if line:
            result = json.loads(line)
            results[Path(result["file"]).stem] = result
    return results


@pytest.mark.parametrize("name", list(SAMPLES))
def test_bpmn_js_draws_every_element(drawn, name):
    result = drawn[name]
    assert result["error"] is None and result["warnings"] == [], result
    root = parse(export_bpmn(SAMPLES[name]))
    process = root.find("bpmn:process", NS)
    expected = {
        element.get("id")
        for element in process.iter()
        if element.get("id") and element is not process
        and element.tag.rsplit("}", 1)[-1] != "laneSet"
    }
    expected.add(root.find("bpmn:collaboration/bpmn:participant", NS).get("id"))
    assert expected <= set(result["drawn"]), sorted(expected - set(result["drawn"]))[:10]
