"""The Qt application the raster exports paint with: the running one, or a headless one.

Painting text needs a ``QGuiApplication`` (fonts live in its font database). Inside the
editor one already runs and is reused. From the command line none exists; one is created,
on the ``offscreen`` platform when the machine has no display (Linux and other X11/Wayland
systems without ``DISPLAY`` or ``WAYLAND_DISPLAY``), so ``vsm-editor export --format png``
works over SSH and in CI without any setting. A ``QT_QPA_PLATFORM`` chosen by the user is
kept; an empty one counts as unset.
"""

from __future__ import annotations

import os
import sys

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QGuiApplication

#: Platforms whose native Qt plugin always has a display to talk to.
_ALWAYS_DISPLAYED = ("win32", "darwin")
_created: QGuiApplication | None = None


def has_display(environ: dict[str, str] | os._Environ[str] | None = None,
                platform: str | None = None) -> bool:
    """Whether a native window system is reachable (always on Windows and macOS)."""
    environ = os.environ if environ is None else environ
    platform = sys.platform if platform is None else platform
    if platform.startswith(_ALWAYS_DISPLAYED):
        return True
    return bool(environ.get("DISPLAY") or environ.get("WAYLAND_DISPLAY"))


def ensure_app() -> QGuiApplication:
    """The running ``QGuiApplication``, or a new one (offscreen when there is no display).

    A new application is a ``QApplication`` when Qt Widgets is installed, so code that
    later needs widgets (a print dialog, a test's ``qapp``) can reuse it. Raises
    ``RuntimeError`` when only a non-GUI ``QCoreApplication`` runs: text cannot be drawn then.
    """
    global _created
    existing = QCoreApplication.instance()
    if existing is not None:
        if not isinstance(existing, QGuiApplication):
            raise RuntimeError("a QCoreApplication is running; raster exports need a "
                               "QGuiApplication (create one before exporting)")
        return existing
    if not has_display() and not os.environ.get("QT_QPA_PLATFORM"):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    try:
        from PySide6.QtWidgets import QApplication
    except ImportError:  # a Qt without widgets: a GUI application is enough to paint
        _created = QGuiApplication(["vsm-editor"])
    else:
        _created = QApplication(["vsm-editor"])
    return _created
