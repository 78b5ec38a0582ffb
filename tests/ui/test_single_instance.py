"""One editor per user: a second ``vsm-editor FILE`` hands FILE to the running editor.

The process tests run real editors (offscreen) on a private server name.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from vsm_editor.model import dump_bytes, new_map
from vsm_editor.ui import single_instance

TIMEOUT = 30


def test_server_name_is_per_user_and_per_state_folder(monkeypatch, tmp_path):
    monkeypatch.delenv(single_instance.ENV_NAME, raising=False)
    monkeypatch.delenv("VSM_EDITOR_STATE_DIR", raising=False)
    plain = single_instance.server_name()
    assert plain == f"vsm-editor-{single_instance.user_key()}"
    if hasattr(os, "getuid"):
        assert str(os.getuid()) in plain
    monkeypatch.setenv("VSM_EDITOR_STATE_DIR", str(tmp_path / "a"))
    a = single_instance.server_name()
    monkeypatch.setenv("VSM_EDITOR_STATE_DIR", str(tmp_path / "b"))
    assert a != single_instance.server_name() and a.startswith(plain)
    monkeypatch.setenv(single_instance.ENV_NAME, "private-name")
    assert single_instance.server_name() == "private-name"


def test_opting_out(monkeypatch):
    monkeypatch.delenv(single_instance.ENV_SWITCH, raising=False)
    assert single_instance.enabled() and not single_instance.enabled(self_test=True)
    monkeypatch.setenv(single_instance.ENV_SWITCH, "off")
    assert not single_instance.enabled()


def test_request_round_trip(tmp_path):
    data = single_instance.request_bytes(["rel.vsm.json", str(tmp_path / "x.bpmn")])
    assert data.endswith(b"\n")
    files = single_instance.parse_request(data.strip())
    assert files[0] == str(Path("rel.vsm.json").absolute()) and all(
        Path(f).is_absolute() for f in files)
    with pytest.raises(ValueError):
        single_instance.parse_request(b'{"files": "nope"}')


def test_a_live_server_keeps_its_name(qapp):
    name = f"vsm-test-{uuid.uuid4().hex[:12]}"
    server = single_instance.InstanceServer(lambda files: [], name)
    assert server.listen()
    try:
        assert single_instance.send_probe(name)
        # a second server on the same live name must not steal it
        assert not single_instance.InstanceServer(lambda f: None, name).listen()
    finally:
        server.close()
    assert not single_instance.send_probe(name)


# ---------------------------------------------------------------- two real processes
def _map(path: Path, name: str) -> Path:
    path.write_bytes(dump_bytes(new_map(name)))
    return path


@pytest.fixture
def instance_env(tmp_path):
    log = tmp_path / "instance.log"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen",
               VSM_EDITOR_STATE_DIR=str(tmp_path / "state"),
               VSM_EDITOR_INSTANCE_NAME=f"vsm-test-{uuid.uuid4().hex[:12]}",
               VSM_EDITOR_INSTANCE_LOG=str(log), VSM_EDITOR_NO_WELCOME="1")
    env.pop(single_instance.ENV_SWITCH, None)
    env["log"] = str(log)
    return env


def _editor(env: dict, *args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "vsm_editor.cli", *args], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _log(env: dict) -> list[dict]:
    path = Path(env["log"])
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line]


def _wait_for(env: dict, predicate, what: str) -> list[dict]:
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        entries = _log(env)
        if predicate(entries):
            return entries
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}: {_log(env)}")


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGKILL)
    process.communicate(timeout=TIMEOUT)


def test_second_process_opens_its_file_in_the_running_editor(instance_env, tmp_path):
    env = instance_env
    first_file = _map(tmp_path / "first.vsm.json", "First")
    second_file = _map(tmp_path / "second.vsm.json", "Second")
    first = _editor(env, str(first_file))
    try:
        _wait_for(env, lambda e: any("listening" in x for x in e), "the first editor")
        second = subprocess.run([sys.executable, "-m", "vsm_editor.cli", "second.vsm.json"],
                                env=env, cwd=tmp_path, capture_output=True, text=True,
                                timeout=TIMEOUT)
        assert second.returncode == 0, second.stderr
        assert "running editor" in second.stderr
        entries = _wait_for(env, lambda e: any("windows" in x for x in e), "the request")
        request = next(x for x in entries if "windows" in x)
        assert request["files"] == [str(second_file)]  # sent as an absolute path
        assert request["windows"] == [str(first_file), str(second_file)]
        # the same file again: its window is raised, no new one
        again = subprocess.run([sys.executable, "-m", "vsm_editor.cli", str(first_file)],
                               env=env, capture_output=True, text=True, timeout=TIMEOUT)
        assert again.returncode == 0
        entries = _wait_for(env, lambda e: sum("windows" in x for x in e) == 2, "2nd request")
        assert entries[-1]["windows"] == [str(first_file), str(second_file)]
        # a self-test never talks to the running editor
        report = tmp_path / "report.json"
        alone = subprocess.run(
            [sys.executable, "-m", "vsm_editor.cli", str(second_file), "--self-test"],
            env=dict(env, VSM_EDITOR_SELFTEST_REPORT=str(report)), capture_output=True,
            text=True, timeout=TIMEOUT)
        assert alone.returncode == 0, alone.stderr
        assert len(json.loads(report.read_text("utf-8"))["windows"]) == 1
        assert sum("windows" in x for x in _log(env)) == 2
        assert first.poll() is None  # the first editor still runs
    finally:
        _stop(first)


def test_a_crashed_editors_socket_is_taken_over(instance_env, tmp_path):
    env = instance_env
    crashed = _editor(env, str(_map(tmp_path / "a.vsm.json", "A")))
    _wait_for(env, lambda e: any("listening" in x for x in e), "the first editor")
    _stop(crashed)  # SIGKILL: the socket file stays behind
    Path(env["log"]).unlink()
    fresh = _editor(env, str(_map(tmp_path / "b.vsm.json", "B")))
    try:
        entries = _wait_for(env, lambda e: any("listening" in x for x in e), "the new editor")
        assert entries[0].get("stale_removed") is True
        assert entries[0]["pid"] == fresh.pid
        sent = subprocess.run([sys.executable, "-m", "vsm_editor.cli",
                               str(_map(tmp_path / "c.vsm.json", "C"))],
                              env=env, capture_output=True, text=True, timeout=TIMEOUT)
        assert sent.returncode == 0
        _wait_for(env, lambda e: any(len(x.get("windows", [])) == 2 for x in e), "request")
    finally:
        _stop(fresh)


def test_open_windows_are_kept_out_of_the_collectors_full_passes(editor, qtbot, tmp_path):
    import gc

    from vsm_editor.model import save_map
    from vsm_editor.templates import load_template

    path = tmp_path / "api.vsm.json"
    save_map(load_template("secure-api"), str(path))
    gc.unfreeze()
    window = editor.open_path(str(path))
    qtbot.addWidget(window)
    assert gc.get_freeze_count() > 0  # the map, scene and analysis were settled
    window._closing_confirmed = True
    window.close()
    assert gc.get_freeze_count() == 0  # released so the closed window can be collected
    qtbot.waitUntil(lambda: gc.get_freeze_count() > 0, timeout=3000)
