"""Text drawn on the canvas: lines laid out by the shared style, drawn as cached
``QStaticText`` (laid out once by Qt, drawn many times)."""

from __future__ import annotations

from functools import cache, lru_cache

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QFontMetricsF, QPainter, QStaticText

from vsm_editor.ui.theme import font


@cache
def qt_ascent(size: float, bold: bool) -> float:
    """Qt's ascent of the canvas font at ``size`` (QStaticText is placed by its top)."""
    return QFontMetricsF(font(size, bold)).ascent()


@lru_cache(maxsize=20000)
def static_text(text: str, size: float, bold: bool) -> QStaticText:
    """A prepared QStaticText for ``text`` (shared by every item that shows it)."""
    static = QStaticText(text)
    static.setTextFormat(Qt.TextFormat.PlainText)
    static.prepare(font=font(size, bold))
    return static


def draw_line(painter: QPainter, text: str, x: float, baseline: float, size: float,
              bold: bool) -> None:
    """Draw one line with its left edge at ``x`` and its baseline at ``baseline``.
    The painter's font must already be ``font(size, bold)``."""
    painter.drawStaticText(QPointF(x, baseline - qt_ascent(size, bold)),
                           static_text(text, size, bold))
