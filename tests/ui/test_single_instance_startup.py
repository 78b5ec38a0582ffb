"""Start-up of the installed editor: process start to an interactive window with the example
map, through the single-instance check, with networkx not yet imported."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

#: A generous ceiling for a loaded test machine; the measured time is ~0.6 s (see report).
CEILING_S = 10.0


def _command() -> list[str]:
    script = Path(sys.executable).with_name("vsm-editor")
    found = str(script) if script.exists() else shutil.which("vsm-editor")
    return [found] if found else [sys.executable, "-m", "vsm_editor.cli"]


def test_first_start_shows_the_example_before_networkx_is_imported(tmp_path):
    report = tmp_path / "report.json"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen",
               VSM_EDITOR_STATE_DIR=str(tmp_path / "state"),
               VSM_EDITOR_SELFTEST_REPORT=str(report), VSM_EDITOR_NO_WELCOME="1")
    launched = time.time()
    done = subprocess.run([*_command(), "--self-test"], env=env, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    seen = json.loads(report.read_text("utf-8"))
    startup = seen["startup"]
    assert startup["networkx_before_window"] is False
    assert 0 < startup["interactive_at"] - launched < CEILING_S
    (window,) = seen["windows"]
    assert window["stages"] >= 5 and window["path"] is None  # the secure-api example
