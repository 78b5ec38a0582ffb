"""The shipped font for the raster exports, loaded into Qt from the package's own bytes.

The style module measures and wraps text with this very font file (HarfBuzz, 1/64 px
advances); Qt draws it at the same pixel sizes with hinting off, so every line is as wide as
it was measured and wraps exactly as in the SVG and on the canvas. Characters the font lacks
(CJK, for one) fall back to the system's fonts, as they do on the canvas.
"""

from __future__ import annotations

from functools import cache

from PySide6.QtGui import QColor, QFont, QFontDatabase, QFontMetricsF

from vsm_editor.style import text as style_text
from vsm_editor.ui.raster_app import ensure_app


@cache
def font_family() -> str:
    """Register the shipped regular and bold faces (once) and return their family name."""
    ensure_app()
    family = style_text.FONT_FAMILY
    for bold in (False, True):
        font_id = QFontDatabase.addApplicationFontFromData(style_text.font_bytes(bold))
        families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
        if families:
            family = families[0]
    return family


@cache
def font(size: float, bold: bool = False, ligatures: bool = True) -> QFont:
    """The document font at ``size`` pixels (map units), unhinted, kerned, as measured.

    ``ligatures=False`` turns the optional ``liga`` ligatures off (fi, fl, ffi: 0.2 px
    narrower than their letters at 13 px) so a PDF's text copies and searches as plain
    letters rather than as U+FB01…U+FB04.
    """
    qfont = QFont(font_family())
    qfont.setPixelSize(max(1, round(size)))
    qfont.setBold(bold)
    qfont.setKerning(True)
    qfont.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
    if not ligatures:
        qfont.setFeature(QFont.Tag("liga"), 0)
    return qfont


@cache
def metrics(size: float, bold: bool = False) -> QFontMetricsF:
    """Qt's metrics of :func:`font` (used to centre lines whose glyphs fell back)."""
    return QFontMetricsF(font(size, bold))


def text_width(text: str, size: float, bold: bool = False) -> float:
    """The width Qt gives ``text`` in the document font (fallback glyphs included)."""
    return metrics(size, bold).horizontalAdvance(text)


@cache
def colour(value: str) -> QColor:
    """A QColor from a ``#rrggbb`` style colour."""
    return QColor(value)
