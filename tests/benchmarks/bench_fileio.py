"""Load and save of generated maps at 1,000 / 5,000 / 20,000 stages.

Budget (issue 2): at 5,000 fully annotated stages, load < 150 ms and save < 150 ms (median).
The generated 5,000-stage file is 6.7 MB canonical (2.3 MB of it indentation, 4.4 MB compact).
The ``parts`` benchmarks split a load into its steps to show where the time goes;
``bench_integrity.py`` compares the model's integrity check with a faster prototype.
"""

from __future__ import annotations

import msgspec
import pytest

from vsm_editor.model.document import Document
from vsm_editor.model.entities import AnatomyMap
from vsm_editor.model.fileio import dump_bytes, load_bytes, load_map, save_map
from vsm_editor.model.integrity import check_map

BUDGET_SIZE = 5_000
BUDGET_SECONDS = 0.150
ROUNDS = 9


def _check_budget(benchmark, stages: int) -> None:
    stats = getattr(benchmark, "stats", None)
    if stages != BUDGET_SIZE or stats is None:
        return
    median = stats.stats.median
    assert median < BUDGET_SECONDS, f"median {median * 1000:.1f} ms over the 150 ms budget"


def test_load(benchmark, generated_file, bench_size):
    path = generated_file(bench_size)
    anatomy = benchmark.pedantic(load_map, args=(path,), rounds=ROUNDS, warmup_rounds=1)
    assert len(anatomy.stages) == bench_size
    _check_budget(benchmark, bench_size)


def test_save(benchmark, generated_map, bench_size, tmp_path):
    anatomy = generated_map(bench_size)
    target = tmp_path / "saved.vsm.json"
    benchmark.pedantic(save_map, args=(anatomy, target), rounds=ROUNDS, warmup_rounds=1)
    assert target.read_bytes() == dump_bytes(anatomy)
    _check_budget(benchmark, bench_size)


# ----------------------------------------------------------------- where the time goes
@pytest.fixture(scope="module")
def budget_bytes(generated_file) -> bytes:
    return generated_file(BUDGET_SIZE).read_bytes()


def test_parts_decode_only(benchmark, budget_bytes):
    decoder = msgspec.json.Decoder(AnatomyMap)
    anatomy = benchmark(decoder.decode, budget_bytes)
    assert len(anatomy.stages) == BUDGET_SIZE


def test_parts_load_bytes(benchmark, budget_bytes):
    anatomy = benchmark(load_bytes, budget_bytes)
    assert len(anatomy.stages) == BUDGET_SIZE


def test_parts_integrity_check(benchmark, generated_map):
    kinds = benchmark(check_map, generated_map(BUDGET_SIZE))
    assert sum(kind == "stage" for kind in kinds.values()) == BUDGET_SIZE


def test_parts_document_indexing(benchmark, generated_map):
    document = benchmark(Document, generated_map(BUDGET_SIZE))
    assert len(document.ids()) > BUDGET_SIZE


def test_parts_dump_bytes(benchmark, generated_map):
    payload = benchmark(dump_bytes, generated_map(BUDGET_SIZE))
    assert payload.endswith(b"\n")
