"""Shared test set-up: put ``tests/`` on ``sys.path`` so any test can
``from strategies import anatomy_maps`` (tests are collected with --import-mode=importlib)."""

from __future__ import annotations

import sys
from pathlib import Path

_TESTS = str(Path(__file__).resolve().parent)
if _TESTS not in sys.path:
    sys.path.insert(0, _TESTS)
