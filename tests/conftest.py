"""Shared test set-up: put ``tests/`` on ``sys.path`` so any test can
``from strategies import anatomy_maps`` (tests are collected with --import-mode=importlib)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

_TESTS = str(Path(__file__).resolve().parent)
if _TESTS not in sys.path:
    sys.path.insert(0, _TESTS)

# Child Pythons started by tests (``python -m vsm_editor.cli``, ``python -c``) must import the
# installed package, not the source tree in the working directory: its vsm_editor/ lacks the
# exporters and resources packages that the install maps in. PYTHONSAFEPATH (3.11+) keeps the
# working directory off their sys.path.
os.environ.setdefault("PYTHONSAFEPATH", "1")
