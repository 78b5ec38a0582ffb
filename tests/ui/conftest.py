"""Shared fixtures for the editor tests: small maps built in code, a temporary state folder."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))  # for ui_testkit


@pytest.fixture
def state_dir(tmp_path, monkeypatch):
    """Point the editor's state folder (autosave, logs, settings) at a temporary folder."""
    folder = tmp_path / "state"
    folder.mkdir()
    monkeypatch.setenv("VSM_EDITOR_STATE_DIR", str(folder))
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    return folder


@pytest.fixture
def editor(qapp, state_dir, monkeypatch):
    """An :class:`EditorApp` whose dialogs are replaced by recorders (no modal dialogs)."""
    from vsm_editor.ui import app as app_module
    from vsm_editor.ui import dialogs, theme

    theme.load_fonts()
    shown: list[tuple[str, str]] = []
    def record(parent, title, text):
        shown.append((title, text))

    monkeypatch.setattr(dialogs, "show_error", record)
    monkeypatch.setattr(dialogs, "show_info", record)
    monkeypatch.setattr(dialogs, "ask_save_changes", lambda parent, name: "discard")
    monkeypatch.setattr(dialogs, "ask_recover", lambda parent, name: True)
    editor = app_module.EditorApp(qapp)
    editor.shown = shown
    yield editor
    for window in list(editor.windows):
        window._closing_confirmed = True
        window.close()
