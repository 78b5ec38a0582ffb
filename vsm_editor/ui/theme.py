"""The Qt side of the drawing style: fonts, colours and pens built from ``vsm_editor.style``.

Every Qt drawing value the canvas uses comes from here, and every number here comes from the
Qt-free style module when it is installed, so the canvas and the exports draw alike.
"""

from __future__ import annotations

from functools import cache, lru_cache

from PySide6.QtGui import QColor, QFont, QFontDatabase

from vsm_editor.ui import style_bridge as sb

_loaded_family: str | None = None


def load_fonts() -> str:
    """Register the shipped DejaVu Sans with Qt (once) and return its family name."""
    global _loaded_family
    if _loaded_family is not None:
        return _loaded_family
    family = "DejaVu Sans"
    for path in sb.font_files():
        font_id = QFontDatabase.addApplicationFont(str(path))
        families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
        if families:
            family = families[0]
    _loaded_family = family
    return family


@cache
def font(px: float, bold: bool = False) -> QFont:
    """The canvas font at ``px`` pixels (scene units), hinting off so zoom scales it smoothly."""
    qfont = QFont(load_fonts())
    qfont.setPixelSize(max(1, round(px)))
    qfont.setBold(bold)
    qfont.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
    qfont.setKerning(True)
    return qfont


@cache
def colour(value: str) -> QColor:
    """A QColor from a ``#rrggbb`` string (cached: the canvas asks often)."""
    return QColor(value)


@lru_cache(maxsize=256)
def blended(colour_name: str, alpha: int, under: str | None) -> QColor:
    """``colour_name`` at ``alpha`` over ``under`` as one opaque colour (translucent as it
    is when ``under`` is None)."""
    found = QColor(colour_name)
    if under is None:
        found.setAlpha(alpha)
        return found
    base, share = QColor(under), alpha / 255
    return QColor(round(base.red() + (found.red() - base.red()) * share),
                  round(base.green() + (found.green() - base.green()) * share),
                  round(base.blue() + (found.blue() - base.blue()) * share))
