"""The headless text measurement agrees with Qt for the same shipped font file."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402
from PySide6.QtCore import QByteArray  # noqa: E402
from PySide6.QtGui import QFont, QFontDatabase, QFontMetricsF  # noqa: E402

from vsm_editor.style.text import FONT_FAMILY, font_bytes, measure, wrap  # noqa: E402

NAMES = [
    # Latin, with kerning pairs and ligature candidates
    "AVATAR Toyota WAVE",
    "Architecture and risk review",
    "Customer request / product intake",
    "Office affairs: fine-tuning of flow",
    # German
    "Prüfung der Größe und Übergabe an die Buchhaltung",
    "Straße, Äußerung, Maßnahmen",
    # Greek
    "Έλεγχος ταυτότητας πελάτη",
    "Έγκριση σύμβασης και τιμολόγηση",
    # Cyrillic
    "Проверка заявки и документов",
    "Утверждение договора, выставление счёта",
    # scripts mixed in one name: shaped per script run, as Qt does (no kerning across)
    "000F 0иTc 000:I",
    "0иTc",
    "Vendor Ъ Tax, Договор AVA",
]


@pytest.fixture(scope="module")
def shipped_font(qapp):
    for bold in (False, True):
        font_id = QFontDatabase.addApplicationFontFromData(QByteArray(font_bytes(bold)))
        assert font_id >= 0
        assert FONT_FAMILY in QFontDatabase.applicationFontFamilies(font_id)
    return FONT_FAMILY


def _qt_width(family: str, text: str, size: int, bold: bool) -> float:
    font = QFont(family)
    font.setPixelSize(size)
    font.setBold(bold)
    font.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
    return QFontMetricsF(font).horizontalAdvance(text)


@pytest.mark.parametrize("size", [9, 11, 13, 14, 20])
@pytest.mark.parametrize("bold", [False, True])
def test_measure_matches_qt_within_a_tenth_of_a_percent(shipped_font, size, bold):
    for name in NAMES:
        qt = _qt_width(shipped_font, name, size, bold)
        ours = measure(name, size, bold)
        assert abs(ours - qt) <= qt * 0.001, (name, size, bold, ours, qt)


def test_wrapped_lines_fit_in_qt_too(shipped_font):
    for name in NAMES:
        for line in wrap(name * 2, 150, 13):
            assert _qt_width(shipped_font, line, 13, False) <= 150
