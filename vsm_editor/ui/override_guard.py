"""Errors in Qt overrides are reported, not fatal.

An exception escaping a Qt virtual override (``paint``, ``resizeEvent``, ``eventFilter`` …)
can crash PySide 6.11 on Python 3.11 outright (a ``resizeEvent`` always does, a ``paint``
does once a Python ``sys.excepthook`` is installed, as the editor's is); one raised in a
slot is reported normally. :func:`guarded` catches what an override raises and hands it to
``sys.excepthook`` in the next event-loop turn, from a slot, where it is safe: the editor logs
it once and says so. :func:`guarded_returning` does the same for overrides that must answer
(an event filter, an item model's counts) and answers with a neutral value meanwhile.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import Qt, QTimer

Override = TypeVar("Override", bound=Callable[..., Any])


def report_later(error: BaseException) -> None:
    """Hand ``error`` to ``sys.excepthook`` from the next event-loop turn."""
    QTimer.singleShot(0, lambda: sys.excepthook(type(error), error, error.__traceback__))


def guarded_returning(neutral: Callable[[], Any]) -> Callable[[Override], Override]:
    """A guard for an override that must answer: on an error it answers ``neutral()``."""

    def wrap(override: Override) -> Override:
        @functools.wraps(override)
        def guard(*args, **kwargs):
            try:
                return override(*args, **kwargs)
            except Exception as error:  # noqa: BLE001  (any error: raising it here is fatal)
                report_later(error)
                return neutral()

        return guard  # type: ignore[return-value]

    return wrap


#: The guard for overrides that answer nothing (paints, event handlers).
guarded = guarded_returning(lambda: None)


def _refused() -> bool:
    return False


#: The guard for event filters and ``event()``: on an error the event goes on as if not
#: handled (and a model's ``setData`` reports that nothing was set).
guarded_filter = guarded_returning(_refused)

def _none_counted() -> int:
    return 0


def _no_flags() -> Qt.ItemFlag:
    return Qt.ItemFlag.NoItemFlags


#: The guards for item models: no rows or columns, no flags.
guarded_count = guarded_returning(_none_counted)
guarded_flags = guarded_returning(_no_flags)

__all__ = ["guarded", "guarded_count", "guarded_filter", "guarded_flags", "guarded_returning",
           "report_later"]
