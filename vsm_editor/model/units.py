"""Time units and the one conversion function the whole application uses."""

from __future__ import annotations

from vsm_editor.model.entities import Duration, TimeUnit

UNIT_LABELS: dict[str, str] = {
    "minutes": "min",
    "hours": "h",
    "working_days": "wd",
    "calendar_days": "d",
}


def to_hours(duration: Duration | None, working_day_hours: float = 8.0) -> float | None:
    """Convert a duration to hours of elapsed time.

    A working day is ``working_day_hours`` hours; a calendar day is 24 h of elapsed time.
    Returns ``None`` when there is no duration or it has no unit.
    """
    if duration is None or duration.unit is None:
        return None
    return duration.value * hours_per_unit(duration.unit, working_day_hours)


def hours_per_unit(unit: TimeUnit, working_day_hours: float = 8.0) -> float:
    """How many hours one ``unit`` is worth."""
    if unit == "minutes":
        return 1.0 / 60.0
    if unit == "hours":
        return 1.0
    if unit == "working_days":
        return working_day_hours
    return 24.0


def from_hours(hours: float, unit: TimeUnit, working_day_hours: float = 8.0) -> float:
    """Express ``hours`` in ``unit`` (the inverse of :func:`to_hours`)."""
    return hours / hours_per_unit(unit, working_day_hours)


def format_duration(duration: Duration | None) -> str:
    """A short human label such as ``3 wd`` or ``45 min`` (``~`` marks an estimate)."""
    if duration is None:
        return ""
    value = f"{duration.value:g}"
    unit = UNIT_LABELS.get(duration.unit or "", "?")
    return ("" if duration.measured else "~") + f"{value} {unit}"
