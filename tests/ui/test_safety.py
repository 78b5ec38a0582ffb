"""Autosave, crash recovery with a killed editor process, the exception hook, self-test."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from ui_testkit import make_map

from vsm_editor.model import dump_bytes, load_bytes, load_map, save_map


@pytest.fixture
def opened(editor, tmp_path, qtbot, monkeypatch):
    monkeypatch.setenv("VSM_EDITOR_AUTOSAVE_MS", "150")
    path = tmp_path / "work.vsm.json"
    save_map(make_map(4), path)
    window = editor.open_path(str(path))
    qtbot.addWidget(window)
    return window


def test_autosave_writes_soon_after_the_last_change(opened, qtbot):
    saver = opened.session.autosaver
    assert not saver.data_path.exists()
    opened.session.editing.rename("st_1", "Autosaved name")
    qtbot.waitUntil(saver.data_path.exists, timeout=5000)
    qtbot.waitUntil(lambda: b"Autosaved name" in saver.data_path.read_bytes(), timeout=5000)
    assert load_bytes(saver.data_path.read_bytes()) == opened.session.document.map
    meta = json.loads(saver.meta_path.read_text("utf-8"))
    assert meta["path"] == opened.session.path


def test_saving_removes_the_autosave_and_holds_the_lock(opened, qtbot):
    saver = opened.session.autosaver
    assert saver.locked
    opened.session.editing.rename("st_1", "x")
    saver.save_now().result()
    assert saver.data_path.exists()
    assert opened.act_save()
    assert not saver.data_path.exists()


def test_exception_hook_logs_shows_and_keeps_the_document(editor, opened, state_dir, qtbot):
    from vsm_editor.ui.app import install_exception_hook

    previous = sys.excepthook
    install_exception_hook(editor)
    shown = len(editor.shown)
    try:
        opened.session.editing.rename("st_0", "Keep me")
        try:
            raise RuntimeError("boom in a slot")
        except RuntimeError as err:
            sys.excepthook(type(err), err, err.__traceback__)
        assert len(editor.shown) == shown  # not inside the event that failed …
        qtbot.waitUntil(lambda: len(editor.shown) == shown + 1, timeout=2000)  # … but next
    finally:
        sys.excepthook = previous
    log = (state_dir / "errors.log").read_text("utf-8")
    assert "RuntimeError: boom in a slot" in log and "Traceback" in log
    title, text = editor.shown[-1]
    assert title == "Unexpected error" and "errors.log" in text
    assert opened.isVisible() and opened.session.document.get("st_0").name == "Keep me"


@pytest.mark.qt_no_exception_capture  # the editor's own hook, not pytest-qt's, handles it
# (unguarded, an error escaping a paint with that hook installed crashes PySide 6.11)
def test_a_paint_that_fails_every_time_logs_once_and_shows_one_dialog(
        editor, opened, state_dir, qtbot, monkeypatch, qapp):
    from vsm_editor.ui import items
    from vsm_editor.ui.app import install_exception_hook

    def broken(self, painter, option, lod):
        raise ValueError("paint keeps failing")

    previous = sys.excepthook
    install_exception_hook(editor)
    shown = len(editor.shown)
    try:
        monkeypatch.setattr(items.StageItem, "_paint_stage", broken)  # a bug in a paint
        for _ in range(4):
            opened.view.viewport().repaint()
            qapp.processEvents()
        qtbot.waitUntil(lambda: len(editor.shown) > shown, timeout=2000)
    finally:
        sys.excepthook = previous
    log = (state_dir / "errors.log").read_text("utf-8")
    assert log.count("ValueError: paint keeps failing") == 1
    assert len(editor.shown) == shown + 1
    assert opened.isVisible()


def _editor_env(state: Path, **extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(QT_QPA_PLATFORM="offscreen", VSM_EDITOR_STATE_DIR=str(state), **extra)
    return env


def test_self_test_opens_renders_and_exits_zero(tmp_path):
    path = tmp_path / "m.vsm.json"
    save_map(make_map(5), path)
    report = tmp_path / "report.json"
    done = subprocess.run(
        [sys.executable, "-m", "vsm_editor.cli", str(path), "--self-test"],
        env=_editor_env(tmp_path / "state", VSM_EDITOR_SELFTEST_REPORT=str(report)),
        capture_output=True, timeout=60,
    )
    assert done.returncode == 0, done.stderr.decode()
    seen = json.loads(report.read_text("utf-8"))
    assert seen["ok"] and seen["windows"][0]["stages"] == 5


def test_killed_editor_is_recovered_on_the_next_start(tmp_path):
    state = tmp_path / "state"
    path = tmp_path / "crash.vsm.json"
    save_map(make_map(4), path)
    name = "Edited before the crash"
    # first run: the default autosave delay, a scripted user edit, then kill -9
    editor = subprocess.Popen(
        [sys.executable, "-m", "vsm_editor.cli", str(path)],
        env=_editor_env(state, VSM_EDITOR_TEST_EDIT=name),
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    autosave_dir = state / "autosave"
    deadline = time.monotonic() + 20
    edited_at = None
    try:
        while time.monotonic() < deadline:
            copies = list(autosave_dir.glob("*.vsm.json")) if autosave_dir.exists() else []
            if copies and name.encode() in copies[0].read_bytes():
                break
            if edited_at is None and list(autosave_dir.glob("*.lock")):
                edited_at = time.monotonic()
            assert editor.poll() is None, editor.stderr.read().decode()
            time.sleep(0.05)
        else:
            pytest.fail("no autosave appeared")
        assert edited_at is not None and time.monotonic() - edited_at < 6
    finally:
        editor.send_signal(signal.SIGKILL)
        editor.wait(10)
    assert load_map(path).stages[0].name == "Stage 0"  # the file itself was never touched
    expected = load_map(path)
    expected.stages[0].name = name
    # second run: recovery is offered (answered yes), the recovered document is the edited one
    report = tmp_path / "report.json"
    done = subprocess.run(
        [sys.executable, "-m", "vsm_editor.cli", str(path), "--self-test"],
        env=_editor_env(state, VSM_EDITOR_RECOVER="yes", VSM_EDITOR_SELFTEST_REPORT=str(report)),
        capture_output=True, timeout=60,
    )
    assert done.returncode == 0, done.stderr.decode()
    seen = json.loads(report.read_text("utf-8"))
    assert seen["recovered"] == [str(path.resolve())]
    [window] = seen["windows"]
    assert window["path"] == str(path.resolve()) and window["modified"]
    assert window["sha256"] == hashlib.sha256(dump_bytes(expected)).hexdigest()


def test_an_orphan_is_kept_when_recovery_is_not_answered(tmp_path):
    """A self-test without an answer must not throw a user's unsaved work away."""
    state = tmp_path / "state"
    (state / "autosave").mkdir(parents=True)
    orphan = state / "autosave" / "untitled-abc.vsm.json"
    orphan.write_bytes(dump_bytes(make_map(2)))
    done = subprocess.run(
        [sys.executable, "-m", "vsm_editor.cli", "--self-test"],
        env=_editor_env(state), capture_output=True, timeout=60,
    )
    assert done.returncode == 0, done.stderr.decode()
    assert orphan.exists()


@pytest.mark.qt_no_exception_capture
def test_errors_in_event_handlers_are_reported_and_the_editor_goes_on(
        editor, opened, state_dir, qtbot, monkeypatch):
    """A bug in a mouse handler or an event filter: reported once, the canvas keeps
    working (unguarded, PySide 6.11 crashes on errors escaping these overrides)."""
    from PySide6.QtCore import QPoint, Qt

    from vsm_editor.ui import view as view_module
    from vsm_editor.ui.app import install_exception_hook

    def broken(*_args):
        raise KeyError("handler bug")

    previous = sys.excepthook
    install_exception_hook(editor)
    shown = len(editor.shown)
    try:
        monkeypatch.setattr(view_module.MapView, "_start_drag", broken)
        port = opened.view.viewport()
        start = opened.view.mapFromScene(opened.session.scene.stages["st_0"].scene_box().center())
        qtbot.mousePress(port, Qt.MouseButton.LeftButton, pos=start)
        qtbot.mouseRelease(port, Qt.MouseButton.LeftButton, pos=start + QPoint(3, 0))
        qtbot.waitUntil(lambda: len(editor.shown) > shown, timeout=2000)
    finally:
        sys.excepthook = previous
    assert "KeyError: 'handler bug'" in (state_dir / "errors.log").read_text("utf-8")
    assert opened.isVisible() and opened.view.zoom() > 0
