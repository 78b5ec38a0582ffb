"""Errors in painting are reported, not fatal.

With a Python ``sys.excepthook`` installed (the editor's, which logs and tells the user), an
exception escaping a Qt virtual override (``paint``, ``paintEvent`` …) crashes PySide 6.11 on
Python 3.11; one raised in a slot is reported normally. :func:`guarded` catches what a paint
raises and hands it to ``sys.excepthook`` in the next event-loop turn, from a slot, where it
is safe: the editor logs it once and says so, and the rest of the canvas keeps painting.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import QTimer

Paint = TypeVar("Paint", bound=Callable[..., object])


def report_later(error: BaseException) -> None:
    """Hand ``error`` to ``sys.excepthook`` from the next event-loop turn."""
    QTimer.singleShot(0, lambda: sys.excepthook(type(error), error, error.__traceback__))


def guarded(paint: Paint) -> Paint:
    """``paint`` (a Qt paint override), its errors reported later instead of raised."""

    @functools.wraps(paint)
    def guard(*args, **kwargs):
        try:
            return paint(*args, **kwargs)
        except Exception as error:  # noqa: BLE001  (any error: raising it here is fatal)
            report_later(error)
            return None

    return guard  # type: ignore[return-value]


__all__ = ["guarded", "report_later"]
