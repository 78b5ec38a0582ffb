"""Shared helpers for the raster export tests (imported by the ``test_raster_*`` modules; no
tests here): sample maps, the poppler tools, and reading pictures."""

from __future__ import annotations

import os
import shutil
import subprocess
import unicodedata
from datetime import date
from functools import cache
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from vsm_editor.model.entities import AnatomyMap, Handoff, Improvement, Lane, Stage, Stream
from vsm_editor.model.migrations import CURRENT_VERSION, FORMAT_NAME
from vsm_editor.templates import load_template, template_ids

TODAY = date(2026, 3, 14)
HOSTILE = '<script>alert(1)</script> & "x" ]]>'
LONG_NAME = ("Collect the signed consent forms, verify every identity document against the "
             "registry, reconcile the customer's records and archive the evidence for the "
             "audit office before the final sign-off of the file by the officer in charge")
NAMES = {
    "st_long": LONG_NAME[:200],
    "st_xs": "x" * 200,
    "st_greek": "Έλεγχος ταυτότητας και έγκριση πίστωσης πελάτη",
    "st_cyrillic": "Проверка документов и утверждение кредитного лимита",
    "st_cjk": "顧客の本人確認と与信限度額の承認および契約書の作成",
    "st_arabic": "مراجعة الطلب والتحقق من هوية العميل",
    "st_hostile": HOSTILE,
    "st_plain": "Ship",
}
_BIDI_MARKS = dict.fromkeys(map(ord, "\u200e\u200f\u202a\u202b\u202c\u202d\u202e"))


def text_map() -> AnatomyMap:
    """Hard names (200 characters, Greek, Cyrillic, CJK, Arabic, hostile, ligatures) in two
    lanes, with handoffs and improvements."""
    assert len(NAMES["st_long"]) == 200
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
def sample(name: str) -> AnatomyMap:
    """A template by id, or ``"text-map"`` (cached: do not change it)."""
    return text_map() if name == "text-map" else load_template(name)


def sample_names() -> list[str]:
    return [*template_ids(), "text-map"]


# ---------------------------------------------------------------- tools
def need_tool(message: str) -> None:
    """Fail under CI (the tool must be installed there), skip elsewhere."""
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(message)
    pytest.skip(message)


def poppler(tool: str) -> str:
    """The path of a poppler tool (``pdftotext``, ``pdfinfo``, ``pdftoppm``)."""
    path = shutil.which(tool)
    if path is None:
        need_tool(f"{tool} missing: apt-get install -y poppler-utils")
    return path


def pdf_text(pdf: Path) -> str:
    """The PDF's text as pdftotext reads it (reading order)."""
    result = subprocess.run([poppler("pdftotext"), "-enc", "UTF-8", str(pdf), "-"],
                            capture_output=True, check=True, timeout=60)
    return result.stdout.decode("utf-8")


def pdf_info(pdf: Path) -> dict[str, str]:
    result = subprocess.run([poppler("pdfinfo"), str(pdf)], capture_output=True, check=True,
                            timeout=60)
    info = {}
    for line in result.stdout.decode("utf-8").splitlines():
        key, _, value = line.partition(":")
        info[key.strip()] = value.strip()
    return info


def page_points(info: dict[str, str]) -> tuple[float, float]:
    """``Page size: 842 x 595 pts (A4)`` as (842.0, 595.0)."""
    words = info["Page size"].split()
    return float(words[0]), float(words[2])


def squeezed(text: str) -> str:
    """Text compared regardless of line breaks and spacing: compatibility-normalized (PDF
    text may carry Arabic presentation forms), without whitespace and bidi marks."""
    text = unicodedata.normalize("NFKC", text).translate(_BIDI_MARKS)
    return "".join(text.split())


def contains_name(text: str, name: str) -> bool:
    """Whether ``name`` is in ``text`` (squeezed); right-to-left names may come out in
    visual order, so each line may also appear reversed."""
    haystack = squeezed(text)
    if squeezed(name) in haystack:
        return True
    return all(squeezed(word) in haystack or squeezed(word)[::-1] in haystack
               for word in name.split())


# ---------------------------------------------------------------- pictures
def decode(png: bytes) -> QImage:
    image = QImage.fromData(png, "PNG")
    assert not image.isNull(), "the PNG does not decode"
    return image.convertToFormat(QImage.Format.Format_RGB32)


def non_white(image: QImage, left: float, top: float, right: float, bottom: float,
              step: int = 1) -> tuple[int, int]:
    """(non-white pixels, pixels looked at) inside a pixel rectangle."""
    found = total = 0
    for y in range(max(0, int(top)), min(image.height(), int(bottom)), step):
        for x in range(max(0, int(left)), min(image.width(), int(right)), step):
            total += 1
            if image.pixel(x, y) & 0xFFFFFF != 0xFFFFFF:
                found += 1
    return found, total
