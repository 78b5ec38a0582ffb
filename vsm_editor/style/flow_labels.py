"""How flow numbers read on the map: times with their unit, percentages, totals in hours.

An estimate (a number not marked measured) carries :data:`ESTIMATE_MARK` in front, a missing
number reads :data:`MISSING`. Units are the model's short labels (``min``, ``h``, ``wd``,
``d``; see :data:`vsm_editor.model.units.UNIT_LABELS`).
"""

from __future__ import annotations

import math

from vsm_editor.model.entities import Duration, Percent
from vsm_editor.model.units import UNIT_LABELS

ESTIMATE_MARK = "~"
MISSING = "–"
#: Shown instead of a unit that is not given.
NO_UNIT = "?"


def number(value: float, decimals: int = 1) -> str:
    """``value`` rounded to ``decimals`` without trailing zeros: ``2``, ``1.5``, ``303.8``."""
    if not math.isfinite(value):
        return MISSING
    text = f"{value:.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def mark(text: str, estimated: bool) -> str:
    """``text`` with the estimate mark when ``estimated``."""
    return ESTIMATE_MARK + text if estimated else text


def duration_label(duration: Duration | None) -> str:
    """``~3 wd``, ``45 min``; :data:`MISSING` when there is no time."""
    if duration is None:
        return MISSING
    by_value = _DURATIONS.get(duration.unit)
    if by_value is None:
        by_value = {}
        _remember(_DURATIONS, duration.unit, by_value)
    labels = by_value.get(duration.value)
    if labels is None:
        unit = UNIT_LABELS.get(duration.unit or "", NO_UNIT)
        text = f"{number(duration.value, 2)} {unit}"
        labels = (mark(text, True), text)
        _remember(by_value, duration.value, labels)
    return labels[1] if duration.measured else labels[0]


def percent_label(percent: Percent | None) -> str:
    """``~90 %``; :data:`MISSING` when not given."""
    if percent is None:
        return MISSING
    labels = _PERCENTS.get(percent.value)
    if labels is None:
        text = f"{number(percent.value)} %"
        labels = (mark(text, True), text)
        _remember(_PERCENTS, percent.value, labels)
    return labels[1] if percent.measured else labels[0]


#: Labels already made (maps repeat the same few numbers thousands of times), as
#: (estimated, measured) pairs: durations by unit, then value; percentages by value (no key
#: tuple to build and hash).
_DURATIONS: dict[str | None, dict[float, tuple[str, str]]] = {}
_PERCENTS: dict[float, tuple[str, str]] = {}


def _remember(cache: dict, key: object, value: object) -> None:
    if len(cache) > 65_536:
        cache.clear()
    cache[key] = value


def hours_label(hours: float | None, working_day_hours: float = 8.0,
                estimated: bool = False) -> str:
    """A total: ``45 min``, ``6 h``, or ``38 wd (303.8 h)`` from one working day on."""
    if hours is None or not math.isfinite(hours):
        return MISSING
    if 0.0 < hours < 1.0:
        text = f"{number(hours * 60)} min"
    elif working_day_hours > 0.0 and hours >= working_day_hours:
        text = f"{number(hours / working_day_hours)} wd ({number(hours)} h)"
    else:
        text = f"{number(hours)} h"
    return mark(text, estimated)


def share_label(fraction: float | None, estimated: bool = False) -> str:
    """A 0..1 fraction as ``43.4 %``."""
    if fraction is None or not math.isfinite(fraction):
        return MISSING
    return mark(f"{number(100.0 * fraction)} %", estimated)


def pca_total_label(rolled: float | None, estimated: bool = False) -> str:
    """A rolled %C&A (already 0..100) as ``11.4 %``."""
    if rolled is None or not math.isfinite(rolled):
        return MISSING
    return mark(f"{number(rolled)} %", estimated)
