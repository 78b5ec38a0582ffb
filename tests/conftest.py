"""Shared test set-up: put ``tests/`` on ``sys.path`` so any test can
``from strategies import anatomy_maps`` (tests are collected with --import-mode=importlib)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

_TESTS = str(Path(__file__).resolve().parent)
if _TESTS not in sys.path:
    sys.path.insert(0, _TESTS)

# Child Pythons started by tests (``python -m vsm_editor.cli``, ``python -c``) must import the
# installed package, not the source tree in the working directory: its vsm_editor/ lacks the
# exporters and resources packages that the install maps in. PYTHONSAFEPATH (3.11+) keeps the
# working directory off their sys.path.
os.environ.setdefault("PYTHONSAFEPATH", "1")


@pytest.fixture
def git():
    """``git(folder, *args)`` runs git there as the test author "Ann" (skips without git)."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")

    def run(folder, *args: str) -> None:
        subprocess.run(["git", "-c", "user.name=Ann", "-c", "user.email=ann@example.com", *args],
                       cwd=folder, check=True, capture_output=True)

    return run


def pytest_sessionfinish(session, exitstatus) -> None:
    session.config.vsm_exit_status = int(exitstatus)


@pytest.hookimpl(trylast=True)
def pytest_unconfigure(config) -> None:
    """After every result is reported, end a run that used Qt without Python's finalizer.

    Tearing down hundreds of windows' worth of PySide6 objects during interpreter shutdown
    crashes inside Qt (a segfault *after* the summary, which turns a green run red); ending
    with the session's own exit status loses nothing. Runs without Qt end normally.
    """
    if "PySide6.QtWidgets" in sys.modules:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(getattr(config, "vsm_exit_status", 0))
