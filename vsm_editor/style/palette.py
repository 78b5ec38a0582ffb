"""The document's fixed colours (the same in every app theme and every export).

Colours are ``#rrggbb`` strings, readable by QColor and SVG alike. Text and markers keep a
contrast of at least 4.5:1 against the white stage fill, so they read on a washed-out
projector; meaning never rests on colour alone (letters and shapes carry it too).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Final

BACKGROUND: Final = "#ffffff"
TEXT: Final = "#1a202c"
TEXT_MUTED: Final = "#4a5568"

STAGE_FILL: Final = "#ffffff"
STAGE_BORDER: Final = "#4a5568"
STAGE_SELECTED_BORDER: Final = "#1d4ed8"

LANE_HEADER_TEXT: Final = "#1a202c"
LANE_SEPARATOR: Final = "#a0aec0"
#: Band colours offered for new lanes: light and muted, so stages and text stand out.
LANE_BANDS: Final = ("#e8eef7", "#eef7e8", "#f7efe8", "#f2e8f7", "#e8f6f7", "#f7f5e8")
DEFAULT_LANE_BAND: Final = LANE_BANDS[0]
#: A band is at least this light (mixing the user's colour with white when needed).
BAND_MIN_LIGHTNESS: Final = 0.8

HANDOFF_COLOURS: Final = {
    "flow": "#2d3748",
    "information": "#2b6cb0",
    "rework": "#c05621",
}
HANDOFF_LABEL_BACKGROUND: Final = "#ffffff"

SEVERITY_COLOURS: Final = {
    "error": "#c53030",
    "warning": "#b7791f",
    "info": "#2b6cb0",
}
#: Colour of the symbol drawn inside each severity shape.
SEVERITY_MARK_COLOURS: Final = {
    "error": "#ffffff",
    "warning": "#1a202c",
    "info": "#ffffff",
}

#: P1–P4 marker colours: filled with the colour when linked, outlined in it when not.
LAYER_COLOURS: Final = {
    "P1": "#6b46c1",
    "P2": "#2b6cb0",
    "P3": "#2f855a",
    "P4": "#975a16",
}
LAYER_LINKED_TEXT: Final = "#ffffff"
MARKER_UNLINKED_FILL: Final = "#ffffff"

IMPROVEMENT_COLOURS: Final = {
    "idea": "#f6e05e",
    "pain_point": "#feb2b2",
}
IMPROVEMENT_BORDER: Final = "#975a16"


def parse_hex(colour: str) -> tuple[int, int, int]:
    """``#rgb`` or ``#rrggbb`` as an (r, g, b) triple of 0–255."""
    digits = colour.strip().lstrip("#")
    if len(digits) == 3:
        digits = "".join(char * 2 for char in digits)
    if len(digits) != 6:
        raise ValueError(f"not a #rrggbb colour: {colour!r}")
    value = int(digits, 16)
    return (value >> 16) & 0xFF, (value >> 8) & 0xFF, value & 0xFF


def to_hex(rgb: tuple[float, float, float]) -> str:
    """An (r, g, b) triple as ``#rrggbb`` (clamped and rounded)."""
    return "#" + "".join(f"{max(0, min(255, round(part))):02x}" for part in rgb)


def mix(colour: str, other: str, amount: float) -> str:
    """``colour`` moved ``amount`` (0–1) of the way towards ``other``."""
    a, b = parse_hex(colour), parse_hex(other)
    return to_hex(tuple(x + (y - x) * amount for x, y in zip(a, b, strict=True)))


def lightness(colour: str) -> float:
    """Relative luminance (WCAG) of ``colour``, 0 for black to 1 for white."""

    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in parse_hex(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(colour: str, other: str) -> float:
    """WCAG contrast ratio of two colours (1 to 21)."""
    high, low = sorted((lightness(colour), lightness(other)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@lru_cache(maxsize=256)
def band_colour(lane_colour: str | None) -> str:
    """The lane's band fill: its colour, lightened until it is muted enough for text."""
    try:
        colour = to_hex(parse_hex(lane_colour)) if lane_colour else DEFAULT_LANE_BAND
    except ValueError:
        colour = DEFAULT_LANE_BAND
    if lightness(colour) >= BAND_MIN_LIGHTNESS:
        return colour
    low, high = 0.0, 1.0
    for _ in range(20):
        middle = (low + high) / 2
        if lightness(mix(colour, "#ffffff", middle)) >= BAND_MIN_LIGHTNESS:
            high = middle
        else:
            low = middle
    return mix(colour, "#ffffff", high)


@lru_cache(maxsize=256)
def strip_colour(lane_colour: str | None) -> str:
    """The lane-coloured strip inside a stage box: the band colour, darkened to show on white."""
    return mix(band_colour(lane_colour), TEXT, 0.35)
