"""Durations as the flow metrics use them."""

from __future__ import annotations

import math

from vsm_editor.model.entities import Duration
from vsm_editor.model.units import to_hours


def duration_hours(duration: Duration | None, working_day_hours: float) -> float | None:
    """Hours of ``duration``, or ``None`` when missing, without unit, negative or not finite."""
    hours = to_hours(duration, working_day_hours)
    if hours is None or not math.isfinite(hours) or hours < 0.0:
        return None
    return hours
