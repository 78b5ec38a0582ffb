"""Headless Chromium draws every stage's name inside its box: ``getBBox()`` and
``getBoundingClientRect()`` of each name ``<text>`` lie inside its stage's rectangle, with the
system's fonts (DejaVu Sans installed) and with a fontconfig lacking DejaVu (fallback).

Needs Debian's ``chromium``, node and ``npm ci --prefix tests/exporters/svg_js``
(playwright-core); missing tools fail the test when CI=true and skip it otherwise.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from test_svg_helpers import (  # noqa: E402
    JS_DIR,
    chromium,
    exported,
    fallback_font_dirs,
    fontconfig_file,
    node,
    sample_names,
    templates,
    text_map,
)

TOLERANCE = 0.5
#: See test_svg_librsvg.FALLBACK_OVERFLOW: Arabic in a fallback font outgrows the wrap margin.
FALLBACK_OVERFLOW = {"st_arabic"}


def measure(folder: Path, fontconfig: Path | None) -> dict[str, dict]:
    files = []
    for name in sample_names():
        path = folder / f"{name}.svg"
        path.write_bytes(exported(name))
        files.append(str(path))
    env = dict(os.environ)
    if fontconfig is not None:
        env["FONTCONFIG_FILE"] = str(fontconfig)
    result = subprocess.run(
        [node(), str(JS_DIR / "measure_names.mjs"), chromium(), *files],
        capture_output=True, text=True, env=env, timeout=300, check=False,
    )
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout)
    assert found.pop("__problems__") == []
    return {Path(file).stem: stages for file, stages in found.items()}


def within(inner: list[float], outer: list[float]) -> bool:
    return (inner[0] >= outer[0] - TOLERANCE and inner[1] >= outer[1] - TOLERANCE
            and inner[2] <= outer[2] + TOLERANCE and inner[3] <= outer[3] + TOLERANCE)


def check(measured: dict[str, dict], skip: set[str] = frozenset()) -> int:
    checked = 0
    for name, stages in measured.items():
        anatomy = text_map() if name == "text-map" else templates()[name]
        assert set(stages) == {stage.id for stage in anatomy.stages}
        for stage in anatomy.stages:
            entry = stages[stage.id]
            assert entry["content"] == stage.name
            if stage.id in skip or not stage.name.strip():
                continue
            assert within(entry["text"], entry["rect"]), (name, stage.id, entry)
            assert within(entry["textClient"], entry["rectClient"]), (name, stage.id, entry)
            checked += 1
    return checked


@pytest.fixture(scope="module")
def measured(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict]:
    return measure(tmp_path_factory.mktemp("svg-chromium"), None)


@pytest.fixture(scope="module")
def measured_fallback(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict]:
    folder = tmp_path_factory.mktemp("svg-chromium-fallback")
    return measure(folder, fontconfig_file(folder, fallback_font_dirs()))


def test_names_inside_boxes(measured: dict[str, dict]) -> None:
    assert check(measured) >= 80


def test_names_inside_boxes_with_a_fallback_font(measured_fallback: dict[str, dict]) -> None:
    assert check(measured_fallback, skip=FALLBACK_OVERFLOW) >= 80


def test_fallback_changes_the_measurements(measured: dict[str, dict],
                                           measured_fallback: dict[str, dict]) -> None:
    normal = measured["text-map"]["st_long"]["text"]
    fallback = measured_fallback["text-map"]["st_long"]["text"]
    assert normal != fallback
