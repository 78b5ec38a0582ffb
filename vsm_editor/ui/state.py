"""Where the editor keeps its own files: autosaves, locks, the error log and settings.

``VSM_EDITOR_STATE_DIR`` overrides the folder (tests, portable installs); otherwise it is
Qt's per-user application data folder.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QSettings, QStandardPaths

ENV_STATE_DIR = "VSM_EDITOR_STATE_DIR"
ENV_AUTOSAVE_MS = "VSM_EDITOR_AUTOSAVE_MS"
DEFAULT_AUTOSAVE_MS = 2000


def state_dir() -> Path:
    """The state folder (created when missing)."""
    override = os.environ.get(ENV_STATE_DIR)
    if override:
        folder = Path(override)
    else:
        location = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
        folder = Path(location or Path.home() / ".local" / "share" / "vsm-editor")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def autosave_dir() -> Path:
    """Autosaved copies and their lock files."""
    folder = state_dir() / "autosave"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def log_path() -> Path:
    """The error log the exception hook appends to."""
    return state_dir() / "errors.log"


def autosave_interval_ms() -> int:
    """Quiet time after the last change before an autosave (below 5 s by design)."""
    try:
        return max(10, int(os.environ.get(ENV_AUTOSAVE_MS, DEFAULT_AUTOSAVE_MS)))
    except ValueError:
        return DEFAULT_AUTOSAVE_MS


def settings() -> QSettings:
    """The editor's settings (recent files, geometry, dock layout) in the state folder."""
    return QSettings(str(state_dir() / "settings.ini"), QSettings.Format.IniFormat)


RECENT_KEY = "recent_files"
MAX_RECENT = 10


def recent_files() -> list[str]:
    """Recently opened files, newest first (read with ``type=list``: Qt returns a plain
    string or None for one or zero entries otherwise)."""
    value = settings().value(RECENT_KEY, [], type=list)
    return [str(v) for v in value if v]


def remember_file(path: str) -> None:
    """Put ``path`` at the top of the recent files."""
    full = str(Path(path).resolve())
    items = [full] + [p for p in recent_files() if p != full]
    store = settings()
    store.setValue(RECENT_KEY, items[:MAX_RECENT])
    store.sync()


def forget_file(path: str) -> None:
    """Drop ``path`` from the recent files (it could not be opened)."""
    full = str(Path(path).resolve())
    store = settings()
    store.setValue(RECENT_KEY, [p for p in recent_files() if p != full])
    store.sync()
