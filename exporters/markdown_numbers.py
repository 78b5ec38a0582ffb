"""How the Markdown report writes numbers, times and the catalogue's kinds, in words.

Times the user entered keep their own unit (``3 wd``, ``20 min``) and say whether they were
estimated or measured in words, so the mark survives a paste into any document. Computed
times are hours, with working days (the stream's working-day length) beside long ones.
"""

from __future__ import annotations

import math

from vsm_editor.exporters.markdown_text import EMPTY

from vsm_editor.model.entities import Duration, Frequency, Percent, Rate
from vsm_editor.model.units import UNIT_LABELS

CONTROL_POINT_KINDS: dict[str, str] = {
    "field": "Field update",
    "form": "Form validation",
    "before_commit": "Before commit",
    "before_transition": "Before transition",
    "background": "Background process",
}
CONTROL_POINT_ORDER = {kind: rank for rank, kind in enumerate(CONTROL_POINT_KINDS)}
LOGIC_KINDS: dict[str, str] = {
    "rule": "Rule",
    "data": "Data",
    "event": "Event",
    "timing": "Timing",
    "exception": "Exception",
    "integration": "Integration",
    "ui_action": "UI action",
}
COMPONENT_KINDS: dict[str, str] = {
    "data_field": "Data field",
    "rule": "Rule",
    "event": "Event",
    "api": "API",
    "screen": "Screen",
    "workflow": "Workflow",
    "approval": "Approval",
    "integration": "Integration",
    "reporting": "Reporting",
    "audit": "Audit",
    "exception": "Exception",
}
HANDOFF_KINDS = {"flow": "Flow", "information": "Information", "rework": "Rework"}
DIRECTIONS = {"decrease": "decrease ↓", "increase": "increase ↑", "maintain": "maintain →"}


def kind_label(labels: dict[str, str], kind: str) -> str:
    """The word for a catalogue kind (the raw kind when unknown)."""
    return labels.get(kind, kind.replace("_", " "))


def number(value: float | None, digits: int = 1) -> str:
    """``value`` with ``digits`` decimals (a dash when missing or not finite)."""
    if value is None or not math.isfinite(value):
        return EMPTY
    text = f"{value:.{digits}f}"
    return "0" if text.strip("-0.") == "" else text


def short_number(value: float | None) -> str:
    """A number the user entered, as they would write it (``2``, ``0.25``, ``1e+06``)."""
    if value is None or not math.isfinite(value):
        return EMPTY
    return f"{value:g}"


def hours(value: float | None, working_day_hours: float = 8.0) -> str:
    """A computed time: ``303.8 h (38.0 wd)`` from two working days on, ``0.33 h (20 min)``
    under an hour (a working day is the stream's ``working_day_hours``)."""
    if value is None or not math.isfinite(value):
        return EMPTY
    if 0.0 < value < 1.0:
        return f"{number(value, 2)} h ({number(value * 60.0, 0)} min)"
    text = f"{number(value)} h"
    day = working_day_hours if working_day_hours > 0.0 else 8.0
    if value >= 2.0 * day:
        text += f" ({number(value / day)} {UNIT_LABELS['working_days']})"
    return text


def percent(value: float | None, digits: int = 1) -> str:
    """A percentage 0–100: ``43.4 %``."""
    if value is None or not math.isfinite(value):
        return EMPTY
    return f"{number(value, digits)} %"


def mark(measured: bool) -> str:
    """The words that tell a measured number from a workshop estimate."""
    return "measured" if measured else "estimated"


def duration(value: Duration | None) -> str:
    """A time as entered: ``3 wd (estimated)``; ``5 (no unit, estimated)`` without unit."""
    if value is None:
        return EMPTY
    if value.unit is None:
        return f"{short_number(value.value)} (no unit, {mark(value.measured)})"
    return f"{short_number(value.value)} {UNIT_LABELS[value.unit]} ({mark(value.measured)})"


def percentage(value: Percent | None) -> str:
    """A %C&A, share or failure rate as entered: ``92 % (measured)``."""
    if value is None:
        return EMPTY
    return f"{short_number(value.value)} % ({mark(value.measured)})"


def rate(value: Rate | None) -> str:
    """A rework rate (a fraction) as entered, with its percentage: ``0.2 = 20 % (measured)``."""
    if value is None:
        return EMPTY
    return (
        f"{short_number(value.value)} = {short_number(value.value * 100.0)} % "
        f"({mark(value.measured)})"
    )


def frequency(value: Frequency | None) -> str:
    """A deployment frequency: ``2 per month (measured)``."""
    if value is None:
        return EMPTY
    return f"{short_number(value.count)} per {value.period} ({mark(value.measured)})"
