"""Benchmark set-up: collect ``bench_*.py`` files, put this folder on ``sys.path`` (for
``from generate import generate_map``) and offer session-cached generated maps and files.

Run with ``make bench`` (``pytest tests/benchmarks``); plain ``pytest`` skips this folder
(``norecursedirs`` in ``pyproject.toml``).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import pytest

_HERE = str(Path(__file__).resolve().parent)
if _HERE not in sys.path:
    sys.path.insert(0, _HERE)

from generate import generate_map  # noqa: E402

from vsm_editor.model.entities import AnatomyMap  # noqa: E402
from vsm_editor.model.fileio import save_map  # noqa: E402

SIZES = (1_000, 5_000, 20_000)


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> pytest.Module | None:
    """Collect ``bench_*.py`` as test modules (the project's default is ``test_*.py``)."""
    if parent.session.isinitpath(file_path):
        return None  # named on the command line: pytest's own hook collects it
    if file_path.suffix == ".py" and file_path.name.startswith("bench_"):
        return pytest.Module.from_parent(parent, path=file_path)
    return None


@pytest.fixture(scope="session")
def generated_map() -> Callable[..., AnatomyMap]:
    """``generated_map(stages, seed=0)``: a cached generated map. Shared: do not mutate it
    (copy it first, e.g. with ``copy.deepcopy``)."""
    cache: dict[tuple[int, int], AnatomyMap] = {}

    def get(stages: int, seed: int = 0) -> AnatomyMap:
        if (stages, seed) not in cache:
            cache[(stages, seed)] = generate_map(stages, seed)
        return cache[(stages, seed)]

    return get


@pytest.fixture(scope="session")
def generated_file(
    generated_map: Callable[..., AnatomyMap], tmp_path_factory: pytest.TempPathFactory
) -> Callable[..., Path]:
    """``generated_file(stages, seed=0)``: a cached ``*.vsm.json`` file of a generated map."""
    folder = tmp_path_factory.mktemp("generated-maps")
    cache: dict[tuple[int, int], Path] = {}

    def get(stages: int, seed: int = 0) -> Path:
        if (stages, seed) not in cache:
            path = folder / f"generated-{stages}-{seed}.vsm.json"
            save_map(generated_map(stages, seed), path)
            cache[(stages, seed)] = path
        return cache[(stages, seed)]

    return get


@pytest.fixture(scope="session", params=SIZES, ids=lambda n: f"{n}_stages")
def bench_size(request: pytest.FixtureRequest) -> int:
    """Each benchmark size in turn: 1,000, 5,000 and 20,000 stages."""
    return request.param
