"""Shared helpers for the SVG export tests (imported by the ``test_svg_*`` modules; no tests
here): sample maps, parsing, each stage's name text and box, and the tool checks."""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

import pytest
from lxml import etree
from vsm_editor.exporters.svg import export_svg

from vsm_editor.model.entities import AnatomyMap, Handoff, Improvement, Lane, Stage, Stream
from vsm_editor.model.migrations import CURRENT_VERSION, FORMAT_NAME
from vsm_editor.style.text import ascent, descent, measure
from vsm_editor.templates import load_template, template_ids

SVG = "http://www.w3.org/2000/svg"
NS = {"s": SVG}
HERE = Path(__file__).resolve().parent
JS_DIR = HERE / "svg_js"
FONTS_DIR = HERE.parents[1] / "resources" / "fonts"
TODAY = date(2026, 3, 14)
HOSTILE = '<script>alert(1)</script> & "x" ]]>'
LONG_NAME = ("Collect the signed consent forms, verify every identity document against the "
             "registry, reconcile the customer's records and archive the evidence for audit ")[:200]
NAMES = {
    "st_long": LONG_NAME,
    "st_xs": "x" * 200,
    "st_greek": "Έλεγχος ταυτότητας και έγκριση πίστωσης πελάτη",
    "st_cyrillic": "Проверка документов и утверждение кредитного лимита",
    "st_cjk": "顧客の本人確認と与信限度額の承認および契約書の作成",
    "st_arabic": "مراجعة الطلب والتحقق من هوية العميل",
    "st_hostile": HOSTILE,
    "st_plain": "Ship",
}


def text_map() -> AnatomyMap:
    """A map of hard names (200 characters, Greek, Cyrillic, CJK, Arabic, hostile) in two
    lanes, with handoffs and improvements."""
    lanes = [Lane(id="ln_a", name="Front office " + HOSTILE), Lane(id="ln_b", name="Κέντρο")]
    stages = []
    for i, (stage_id, name) in enumerate(NAMES.items()):
        stages.append(Stage(
            id=stage_id, name=name, lane=lanes[i % 2].id, owner="Owner " + HOSTILE,
            x=40.0 + 240.0 * (i // 2), y=30.0,
            improvements=[Improvement(id=f"im_{i}", text=HOSTILE)] if i % 3 == 0 else [],
        ))
    lanes[0].height = lanes[1].height = 260.0
    handoffs = [
        Handoff(id=f"ho_{i}", source=a.id, target=b.id, label=HOSTILE if i == 0 else "next")
        for i, (a, b) in enumerate(zip(stages, stages[1:], strict=False))
    ]
    return AnatomyMap(
        format=FORMAT_NAME, version=CURRENT_VERSION,
        stream=Stream(id="vs_text", name="Names " + HOSTILE, author=HOSTILE, revision=7),
        lanes=lanes, stages=stages, handoffs=handoffs,
    )


@cache
def templates() -> dict[str, AnatomyMap]:
    return {template_id: load_template(template_id) for template_id in template_ids()}


@cache
def exported(name: str) -> bytes:
    """The SVG of a template (by id) or of ``text_map`` (``"text-map"``), cached."""
    anatomy = text_map() if name == "text-map" else templates()[name]
    return export_svg(anatomy, today=TODAY)


def sample_names() -> list[str]:
    return [*template_ids(), "text-map"]


def parse(data: bytes) -> etree._Element:
    return etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True))


@dataclass(frozen=True)
class NameBox:
    """A stage's box rectangle and the extent of its name text as laid out (shipped font)."""

    stage_id: str
    box: tuple[float, float, float, float]  # left, top, right, bottom
    text: tuple[float, float, float, float]
    lines: tuple[str, ...]


def name_boxes(root: etree._Element) -> list[NameBox]:
    """Every stage's box and name extent, computed from the SVG's own attributes and the
    style module's measurement of each ``<tspan>`` (centred at its ``x``)."""
    result = []
    for group in root.iterfind(".//s:g[@class]", NS):
        if "stage" not in group.get("class").split():
            continue
        rect = group.find("s:rect[@class='box']", NS)
        x, y = float(rect.get("x")), float(rect.get("y"))
        box = (x, y, x + float(rect.get("width")), y + float(rect.get("height")))
        text = group.find("s:text[@class='name']", NS)
        size = float(text.get("font-size") or group.getparent().get("font-size"))
        baseline = float(text.get("y"))
        left = top = float("inf")
        right = bottom = float("-inf")
        lines = []
        for span in text.iterfind("s:tspan", NS):
            baseline += float(span.get("dy", "0"))  # the first line sits on the text's y
            width = measure(span.text or "", size)
            centre = float(span.get("x"))
            left, right = min(left, centre - width / 2), max(right, centre + width / 2)
            top = min(top, baseline - ascent(size))
            bottom = max(bottom, baseline + descent(size))
            lines.append(span.text or "")
        result.append(NameBox(group.get("id"), box, (left, top, right, bottom), tuple(lines)))
    return result


def inside(inner: tuple[float, ...], outer: tuple[float, ...], tolerance: float = 0.0) -> bool:
    return (inner[0] >= outer[0] - tolerance and inner[1] >= outer[1] - tolerance
            and inner[2] <= outer[2] + tolerance and inner[3] <= outer[3] + tolerance)


def need_tool(reason: str) -> None:
    """Fail under CI=true, else skip, when a tool a test needs is missing."""
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"required tool missing: {reason}")
    pytest.skip(reason)


def rsvg() -> str:
    path = shutil.which("rsvg-convert")
    if path is None:
        need_tool("rsvg-convert is missing (apt-get install -y librsvg2-bin)")
    return path


def chromium() -> str:
    candidate = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    path = candidate if Path(candidate).exists() else shutil.which(candidate)
    if not path:
        need_tool(f"{candidate} is missing (apt-get install -y chromium)")
    return path


def node() -> str:
    path = shutil.which("node")
    if path is None:
        need_tool("node is missing (apt-get install -y nodejs npm)")
    if not (JS_DIR / "node_modules" / "playwright-core").is_dir():
        need_tool(f"playwright-core is not installed: run `npm ci --prefix {JS_DIR}`")
    return path


#: Debian's GNU FreeFont (fonts-freefont-ttf): FreeSans for sans-serif, FreeSerif supplying
#: Arabic; Droid Sans Fallback (fonts-droid-fallback) supplying CJK. No DejaVu.
FALLBACK_FONT_DIRS = ("/usr/share/fonts/truetype/freefont",
                      "/usr/share/fonts/truetype/droid")


def fontconfig_file(folder: Path, font_dirs: list[str]) -> Path:
    """A fontconfig file offering only the fonts in ``font_dirs`` (no system fonts), with the
    system's usual family aliases (``sans-serif`` → FreeSans …) from ``/etc/fonts/conf.d``."""
    cache_dir = folder / "fc-cache"
    cache_dir.mkdir(exist_ok=True)
    dirs = "".join(f"<dir>{d}</dir>" for d in font_dirs)
    path = folder / "fonts.conf"
    path.write_text(
        '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
        f"{dirs}<cachedir>{cache_dir}</cachedir>"
        '<include ignore_missing="yes">/etc/fonts/conf.d</include></fontconfig>\n',
        encoding="utf-8",
    )
    return path


def fallback_font_dirs() -> list[str]:
    """Fonts that are not DejaVu: FreeSans (with FreeSerif's Arabic) and Droid Sans Fallback."""
    missing = [d for d in FALLBACK_FONT_DIRS if not Path(d).is_dir()]
    if missing:
        need_tool("fallback fonts missing: apt-get install -y fonts-freefont-ttf "
                  "fonts-droid-fallback")
    return list(FALLBACK_FONT_DIRS)

