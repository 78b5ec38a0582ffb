"""Helpers for the style tests: the benchmark map generator, loaded from its file."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

_GENERATE = Path(__file__).resolve().parents[1] / "benchmarks" / "generate.py"


@pytest.fixture(scope="session")
def generate_map():
    """``generate_map(stages, seed)`` from tests/benchmarks/generate.py."""
    spec = importlib.util.spec_from_file_location("vsm_bench_generate", _GENERATE)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while it loads
    spec.loader.exec_module(module)
    return module.generate_map
