"""Text measurement and wrapping from the shipped font file, without Qt.

Widths come from shaping with HarfBuzz (``kern`` and ``liga`` on) at the font's design
resolution, truncated per glyph to 1/64 px like Qt's font engine, so they match Qt's
advances for the same font file. Characters the font lacks (CJK, some scripts) get an
estimate: one em for East Asian wide characters, the ``.notdef`` advance otherwise, nothing
for marks and format characters.

Wrapping measures against :data:`FIT_RATIO` of the width, so a line still fits when a
document viewer substitutes a slightly wider fallback font.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import cache
from math import floor

import uharfbuzz as hb

from vsm_editor.resources_access import resource_bytes

REGULAR_FONT = "DejaVuSans.ttf"
BOLD_FONT = "DejaVuSans-Bold.ttf"
FONT_FAMILY = "DejaVu Sans"
#: Family list for SVG ``font-family`` (the shipped font first, then fallbacks).
FONT_FAMILY_CSS = "'DejaVu Sans', 'Bitstream Vera Sans', Verdana, 'Noto Sans', Arial, sans-serif"
#: Share of the available width that wrapped lines may use.
FIT_RATIO = 0.92
#: Estimated width of a missing East Asian wide character, in em.
WIDE_FALLBACK_EM = 1.0
_FEATURES = {"kern": True, "liga": True}
_CACHE_LIMIT = 200_000
_ZERO_WIDTH_CATEGORIES = {"Mn", "Me", "Cf", "Cc"}


class TooManyLinesError(ValueError):
    """Wrapping needed more lines than allowed."""


@dataclass(frozen=True)
class WrappedText:
    """Lines of a wrapped text and what separated them in the original.

    ``breaks[i]`` is the text removed between ``lines[i]`` and ``lines[i + 1]``: a space
    (a break at a space), a newline, or ``""`` (a break inside a word).
    """

    lines: list[str]
    breaks: list[str]

    def original(self) -> str:
        """The text that was wrapped, restored exactly."""
        parts = [self.lines[0]]
        for separator, line in zip(self.breaks, self.lines[1:], strict=True):
            parts.append(separator)
            parts.append(line)
        return "".join(parts)


class FontMetrics:
    """Advances of one font face, shaped with HarfBuzz and cached.

    Each glyph's advance is truncated to 1/64 pixel at the requested size, as Qt's font
    engine does, so widths agree with ``QFontMetricsF.horizontalAdvance`` to a few 1/64 px.
    """

    def __init__(self, data: bytes) -> None:
        face = hb.Face(data)
        self._font = hb.Font(face)
        self.upem = face.upem
        self._font.scale = (self.upem, self.upem)
        extents = self._font.get_font_extents("ltr")
        self.ascender = extents.ascender / self.upem
        self.descender = -extents.descender / self.upem
        self.line_gap = extents.line_gap / self.upem
        self._notdef = self._font.get_glyph_h_advance(0)
        self._glyphs: dict[str, tuple[tuple[int, float], ...]] = {}
        self._widths: dict[tuple[str, float], float] = {}

    def _missing_advance(self, char: str) -> float:
        if unicodedata.category(char) in _ZERO_WIDTH_CATEGORIES:
            return 0.0
        if unicodedata.east_asian_width(char) in ("W", "F"):
            return WIDE_FALLBACK_EM * self.upem
        return float(self._notdef)

    def glyphs(self, text: str) -> tuple[tuple[int, float], ...]:
        """``(cluster start, advance in font units)`` of each glyph, in logical order."""
        glyphs = self._glyphs.get(text)
        if glyphs is None:
            if not text:
                return ()
            buffer = hb.Buffer()
            buffer.add_codepoints([ord(char) for char in text])
            buffer.guess_segment_properties()
            hb.shape(self._font, buffer, _FEATURES)
            pairs = [
                (
                    info.cluster,
                    self._missing_advance(text[info.cluster])
                    if info.codepoint == 0
                    else float(position.x_advance),
                )
                for info, position in zip(buffer.glyph_infos, buffer.glyph_positions, strict=True)
            ]
            if buffer.direction == "rtl":
                pairs.reverse()
            glyphs = tuple(pairs)
            if len(self._glyphs) > _CACHE_LIMIT:
                self._glyphs.clear()
            self._glyphs[text] = glyphs
        return glyphs

    def width(self, text: str, size: float) -> float:
        """The advance width of ``text`` at ``size`` pixels."""
        key = (text, size)
        width = self._widths.get(key)
        if width is None:
            scale = size * 64 / self.upem
            width = sum(floor(advance * scale) for _, advance in self.glyphs(text)) / 64
            if len(self._widths) > _CACHE_LIMIT:
                self._widths.clear()
            self._widths[key] = width
        return width

    def cluster_offsets(self, text: str, size: float) -> list[tuple[int, float]]:
        """``(start index, width of text[:start])`` of every cluster, then ``(len, width)``."""
        scale = size * 64 / self.upem
        advances: dict[int, int] = {}
        for cluster, advance in self.glyphs(text):
            advances[cluster] = advances.get(cluster, 0) + floor(advance * scale)
        offsets = []
        running = 0
        for start in sorted(advances):
            offsets.append((start, running / 64))
            running += advances[start]
        offsets.append((len(text), running / 64))
        return offsets


@cache
def font_metrics(bold: bool = False) -> FontMetrics:
    """The metrics of the shipped regular or bold font (loaded once)."""
    return FontMetrics(font_bytes(bold))


def font_bytes(bold: bool = False) -> bytes:
    """The shipped font file (for loading the same font into Qt or embedding it)."""
    return resource_bytes("fonts", BOLD_FONT if bold else REGULAR_FONT)


def measure(text: str, size: float, bold: bool = False) -> float:
    """The advance width of ``text`` (one line) at ``size`` pixels."""
    return font_metrics(bold).width(text, size)


@cache
def ascent(size: float, bold: bool = False) -> float:
    """Distance from the top of a line to its baseline at ``size`` pixels."""
    return font_metrics(bold).ascender * size


@cache
def descent(size: float, bold: bool = False) -> float:
    """Distance from the baseline to the bottom of a line at ``size`` pixels."""
    return font_metrics(bold).descender * size


@cache
def line_height(size: float, bold: bool = False) -> float:
    """Baseline-to-baseline distance at ``size`` pixels."""
    metrics = font_metrics(bold)
    return (metrics.ascender + metrics.descender + metrics.line_gap) * size


def wrap(
    text: str, max_width: float, size: float, max_lines: int | None = None, bold: bool = False
) -> list[str]:
    """``text`` broken into lines that each fit ``max_width`` (see :func:`wrap_text`)."""
    return wrap_text(text, max_width, size, max_lines, bold).lines


def wrap_text(
    text: str, max_width: float, size: float, max_lines: int | None = None, bold: bool = False
) -> WrappedText:
    """Break ``text`` at spaces (and newlines) into lines no wider than ``FIT_RATIO`` of
    ``max_width``; a word too long for a line (or a run of CJK text) is broken between
    characters. No character is lost: :meth:`WrappedText.original` restores the text.

    Raises :class:`TooManyLinesError` when ``max_lines`` is given and more lines are needed.
    A single character wider than the line still gets a line of its own.
    """
    metrics = font_metrics(bold)
    available = max_width * FIT_RATIO
    space = metrics.width(" ", size)
    lines: list[str] = []
    breaks: list[str] = []

    def emit(line: str, separator: str) -> None:
        if max_lines is not None and len(lines) >= max_lines:
            raise TooManyLinesError(f"{text!r} needs more than {max_lines} lines")
        lines.append(line)
        breaks.append(separator)

    for paragraph_index, paragraph in enumerate(text.split("\n")):
        if paragraph_index:
            breaks[-1] = "\n"
        current: list[str] = []
        width = 0.0
        for word in paragraph.split(" "):
            word_width = metrics.width(word, size)
            if current and width + space + word_width <= available:
                current.append(word)
                width += space + word_width
                continue
            if current:
                emit(" ".join(current), " ")
            if word_width <= available:
                current, width = [word], word_width
                continue
            pieces = _break_word(metrics.cluster_offsets(word, size), word, available)
            for piece in pieces[:-1]:
                emit(piece, "")
            current = [pieces[-1]]
            width = metrics.width(pieces[-1], size)
        emit(" ".join(current), " ")
    breaks.pop()
    return WrappedText(lines, breaks)


def _break_word(offsets: list[tuple[int, float]], word: str, available: float) -> list[str]:
    """``word`` cut between clusters (``offsets``) into pieces no wider than ``available``."""
    pieces: list[str] = []
    start_index, start_width = 0, 0.0
    previous_index, previous_width = offsets[0]
    for index, width in offsets[1:]:
        if width - start_width > available and previous_index > start_index:
            pieces.append(word[start_index:previous_index])
            start_index, start_width = previous_index, previous_width
        previous_index, previous_width = index, width
    pieces.append(word[start_index:])
    return pieces
