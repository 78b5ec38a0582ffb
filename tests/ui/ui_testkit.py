"""Helpers shared by the editor tests (imported by name: tests/ui is put on sys.path by
tests/ui/conftest.py)."""

from __future__ import annotations

import sys
from pathlib import Path

from vsm_editor.model import Handoff, Lane, Stage, new_map

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
from generate import generate_map  # noqa: E402  (tests/benchmarks/generate.py)

__all__ = ["generate_map", "make_map"]


def make_map(stages: int = 6, lanes: int = 2, per_row: int = 20):
    """A map of ``stages`` stages in a chain, spread over ``lanes`` lanes."""
    anatomy = new_map("Test stream")
    anatomy.lanes = [Lane(id=f"ln_{i}", name=f"Lane {i}", height=160.0) for i in range(lanes)]
    for i in range(stages):
        lane = anatomy.lanes[i % lanes].id if lanes else None
        anatomy.stages.append(
            Stage(id=f"st_{i}", name=f"Stage {i}", lane=lane, owner="Team",
                  x=40.0 + 240 * (i % per_row) + 7 * (i // per_row), y=35.0)
        )
    for i in range(stages - 1):
        anatomy.handoffs.append(Handoff(id=f"ho_{i}", source=f"st_{i}", target=f"st_{i + 1}"))
    return anatomy
