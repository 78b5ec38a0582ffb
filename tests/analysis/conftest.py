"""Set-up for the analysis tests: put this folder on ``sys.path`` so tests can
``from anatomy_kit import complete_map`` (tests are collected with --import-mode=importlib)."""

from __future__ import annotations

import sys
from pathlib import Path

_HERE = str(Path(__file__).resolve().parent)
if _HERE not in sys.path:
    sys.path.insert(0, _HERE)
