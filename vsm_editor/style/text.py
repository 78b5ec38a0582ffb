"""Text measurement and wrapping from the shipped font file, without Qt.

Widths come from shaping with HarfBuzz (``kern`` and ``liga`` on) at the font's design
resolution, truncated per glyph to 1/64 px like Qt's font engine, so they match Qt's
advances for the same font file. Characters the font lacks (CJK, some scripts) get an
estimate: one em for East Asian wide characters, the ``.notdef`` advance otherwise, nothing
for marks and format characters.

Wrapping measures against :data:`FIT_RATIO` of the width, so a line still fits when a
document viewer substitutes a slightly wider fallback font. Scripts beyond Latin, Greek and
Cyrillic (Arabic, Hebrew, Indic, Thai…) are set by whatever font the viewer finds when the
shipped one is missing, and those vary far more (FreeSerif's Arabic is ~20 % wider than
DejaVu Sans's): wrapping counts their characters :data:`FALLBACK_SCRIPT_FACTOR` times as
wide. East Asian wide characters need no such margin (CJK fonts set them one em wide).
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
#: How much wider wrapping counts characters of scripts whose fallback fonts vary.
FALLBACK_SCRIPT_FACTOR = 1.3
#: Code point ranges whose fallback fonts (the ``FONT_FAMILY_CSS`` families and common
#: sans fonts) set them about as wide as the shipped font: Latin, Greek, Cyrillic, their
#: marks and extensions, punctuation and symbols.
_STEADY_RANGES = (
    (0x0000, 0x052F), (0x1AB0, 0x1AFF), (0x1C80, 0x1C8F), (0x1D00, 0x1FFF),
    (0x2000, 0x2BFF), (0x2C60, 0x2C7F), (0x2DE0, 0x2DFF), (0xA640, 0xA69F),
    (0xA720, 0xA7FF), (0xAB30, 0xAB6F), (0xFB00, 0xFB06), (0xFE00, 0xFE0F),
    (0xFE20, 0xFE2F),
)
_FEATURES = {"kern": True, "liga": True}
_CACHE_LIMIT = 200_000
_ZERO_WIDTH_CATEGORIES = {"Mn", "Me", "Cf", "Cc"}


@cache
def varies_in_fallback(char: str) -> bool:
    """Whether a substituted font may set ``char`` much wider than the shipped font does
    (a script beyond Latin, Greek and Cyrillic that is not East Asian wide)."""
    code = ord(char)
    if code < 0x0530:
        return False
    for low, high in _STEADY_RANGES:
        if low <= code <= high:
            return False
    return unicodedata.east_asian_width(char) not in ("W", "F")


def script_of(char: str) -> str | None:
    """The script of a letter (the first word of its Unicode name: ``LATIN``, ``ARABIC``,
    ``CJK``…); ``None`` for digits, punctuation, spaces and marks, which join the run around
    them."""
    if not unicodedata.category(char).startswith("L"):
        return None
    return unicodedata.name(char, "UNKNOWN").split(" ", 1)[0]


def script_runs(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each run of one script; characters of no script belong to the
    run before them (at the very start, to the run after them)."""
    runs: list[tuple[int, int]] = []
    start, current = 0, None
    for index, char in enumerate(text):
        script = script_of(char)
        if script is None or script == current:
            continue
        if current is not None:
            runs.append((start, index))
            start = index
        current = script
    runs.append((start, len(text)))
    return runs


class TooManyLinesError(ValueError):
    """Wrapping needed more lines than allowed."""


@dataclass(frozen=True, slots=True)
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
        self._wrap_widths: dict[tuple[str, float], float] = {}

    def _missing_advance(self, char: str) -> float:
        if unicodedata.category(char) in _ZERO_WIDTH_CATEGORIES:
            return 0.0
        if unicodedata.east_asian_width(char) in ("W", "F"):
            return WIDE_FALLBACK_EM * self.upem
        return float(self._notdef)

    def glyphs(self, text: str) -> tuple[tuple[int, float], ...]:
        """``(cluster start, advance in font units)`` of each glyph, in logical order.

        Text mixing scripts is shaped one script run at a time (:func:`script_runs`), as Qt
        does, so no kerning or joining crosses a script boundary."""
        glyphs = self._glyphs.get(text)
        if glyphs is None:
            if not text:
                return ()
            runs = [(0, len(text))] if text.isascii() else script_runs(text)
            pairs: list[tuple[int, float]] = []
            for start, end in runs:
                pairs.extend(self._shape_run(text, start, end))
            glyphs = tuple(pairs)
            if len(self._glyphs) > _CACHE_LIMIT:
                self._glyphs.clear()
            self._glyphs[text] = glyphs
        return glyphs

    def _shape_run(self, text: str, start: int, end: int) -> list[tuple[int, float]]:
        buffer = hb.Buffer()
        buffer.add_codepoints([ord(char) for char in text[start:end]])
        buffer.guess_segment_properties()
        hb.shape(self._font, buffer, _FEATURES)
        pairs = [
            (
                start + info.cluster,
                self._missing_advance(text[start + info.cluster])
                if info.codepoint == 0
                else float(position.x_advance),
            )
            for info, position in zip(buffer.glyph_infos, buffer.glyph_positions, strict=True)
        ]
        if buffer.direction == "rtl":
            pairs.reverse()
        return pairs

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

    def clear(self) -> None:
        """Forget the shaped glyphs and measured widths."""
        self._glyphs.clear()
        self._widths.clear()
        self._wrap_widths.clear()

    def wrap_width(self, text: str, size: float) -> float:
        """The width wrapping reckons with: :meth:`width`, with characters that may be set
        wider by a fallback font (:func:`varies_in_fallback`) counted wider."""
        key = (text, size)
        width = self._wrap_widths.get(key)
        if width is None:
            if text.isascii():
                width = self.width(text, size)
            else:
                width = self.cluster_offsets(text, size, padded=True)[-1][1]
            if len(self._wrap_widths) > _CACHE_LIMIT:
                self._wrap_widths.clear()
            self._wrap_widths[key] = width
        return width

    def cluster_offsets(
        self, text: str, size: float, padded: bool = False
    ) -> list[tuple[int, float]]:
        """``(start index, width of text[:start])`` of every cluster, then ``(len, width)``;
        ``padded`` widths count the clusters of :func:`varies_in_fallback` characters
        :data:`FALLBACK_SCRIPT_FACTOR` times."""
        scale = size * 64 / self.upem
        advances: dict[int, float] = {}
        for cluster, advance in self.glyphs(text):
            units = floor(advance * scale)
            if padded and varies_in_fallback(text[cluster]):
                units *= FALLBACK_SCRIPT_FACTOR
            advances[cluster] = advances.get(cluster, 0) + units
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
    ``max_width`` (measured with :meth:`FontMetrics.wrap_width`, which counts scripts whose
    fallback fonts vary as wider); a word too long for a line (or a run of CJK text) is
    broken between characters. No character is lost: :meth:`WrappedText.original`
    restores the text. Results are cached by text, width, size and weight.

    Raises :class:`TooManyLinesError` when ``max_lines`` is given and more lines are needed.
    A single character wider than the line still gets a line of its own.
    """
    key = (text, max_width, size, bold)
    found = _wrapped.get(key)
    if found is None:
        found = _wrap(text, max_width, size, bold)
        if len(_wrapped) > _CACHE_LIMIT:
            _wrapped.clear()
        _wrapped[key] = found
    lines, breaks = found
    if max_lines is not None and len(lines) > max_lines:
        raise TooManyLinesError(f"{text!r} needs more than {max_lines} lines")
    return WrappedText(list(lines), list(breaks))


#: Wrapped texts by (text, width, size, bold): their lines and breaks.
_wrapped: dict[tuple[str, float, float, bool], tuple[tuple[str, ...], tuple[str, ...]]] = {}


def clear_caches() -> None:
    """Forget every shaped, measured and wrapped text (for measuring a cold start)."""
    _wrapped.clear()
    for bold in (False, True):
        font_metrics(bold).clear()


def _wrap(
    text: str, max_width: float, size: float, bold: bool
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The lines and breaks of :func:`wrap_text`, computed."""
    metrics = font_metrics(bold)
    available = max_width * FIT_RATIO
    space = metrics.width(" ", size)
    reckon = metrics.wrap_width
    lines: list[str] = []
    breaks: list[str] = []

    for paragraph_index, paragraph in enumerate(text.split("\n")):
        if paragraph_index:
            breaks[-1] = "\n"
        current: list[str] = []
        width = 0.0
        for word in paragraph.split(" "):
            word_width = reckon(word, size)
            if current and width + space + word_width <= available:
                current.append(word)
                width += space + word_width
                continue
            if current:
                lines.append(" ".join(current))
                breaks.append(" ")
            if word_width <= available:
                current, width = [word], word_width
                continue
            pieces = _break_word(metrics, size, word, available)
            for piece in pieces[:-1]:
                lines.append(piece)
                breaks.append("")
            current = [pieces[-1]]
            width = reckon(pieces[-1], size)
        lines.append(" ".join(current))
        breaks.append(" ")
    breaks.pop()
    return tuple(lines), tuple(breaks)


def _break_word(
    metrics: FontMetrics, size: float, word: str, available: float
) -> list[str]:
    """``word`` cut between clusters into pieces no wider than ``available``, each measured
    as it will be drawn: alone (a cut can change a joining script's letter forms)."""
    offsets = metrics.cluster_offsets(word, size, padded=True)
    bounds = [index for index, _ in offsets]
    pieces: list[str] = []
    first = 0
    while bounds[first] < len(word):
        last = first + 1
        while last + 1 < len(bounds) and offsets[last + 1][1] - offsets[first][1] <= available:
            last += 1
        while last > first + 1 and metrics.wrap_width(
            word[bounds[first]:bounds[last]], size
        ) > available:
            last -= 1
        pieces.append(word[bounds[first]:bounds[last]])
        first = last
    return pieces
