"""Any valid map survives dump → load unchanged, and its file bytes are canonical."""

from __future__ import annotations

import json
from typing import Any

import msgspec
from hypothesis import HealthCheck, given, settings
from strategies import anatomy_maps, any_maps, odd_maps

from vsm_editor.model import (
    AnalysisSettings,
    AnatomyMap,
    Lane,
    RuleSetting,
    Stream,
    dump_bytes,
    load_bytes,
    load_map,
    save_map,
)
from vsm_editor.model.integrity import check_map

FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(any_maps())
def test_strategy_draws_valid_maps(anatomy):
    kinds = check_map(anatomy)
    assert kinds[anatomy.stream.id] == "stream"


@FAST
@given(any_maps())
def test_dump_then_load_is_equal(anatomy):
    assert load_bytes(dump_bytes(anatomy)) == anatomy


@FAST
@given(any_maps())
def test_dump_is_deterministic_and_stable_through_load(anatomy):
    first = dump_bytes(anatomy)
    assert dump_bytes(anatomy) == first
    assert dump_bytes(load_bytes(first)) == first


@FAST
@given(anatomy_maps(max_stages=6))
def test_dump_layout_is_two_space_indent_with_final_newline(anatomy):
    text = dump_bytes(anatomy).decode("utf-8")
    assert text.endswith("}\n") and not text.endswith("\n\n")
    lines = text.split("\n")[:-1]
    assert lines[0] == "{"
    for line in lines[1:]:
        indent = len(line) - len(line.lstrip(" "))
        assert indent % 2 == 0, line
        assert not line.startswith("\t")
    # Re-indenting the same JSON with the standard library gives the same nesting.
    assert json.loads(text) == msgspec.to_builtins(anatomy)


def _assert_declared_order(value: Any, pairs: Any) -> None:
    """Keys of every struct appear in field-declaration order and dict keys sorted,
    recursively."""
    if isinstance(value, msgspec.Struct):
        keys = [key for key, _ in pairs]
        declared = [name for name in value.__struct_fields__ if name in keys]
        assert keys == declared, f"{type(value).__name__}: {keys} != {declared}"
        for key, child in pairs:
            _assert_declared_order(getattr(value, key), child)
    elif isinstance(value, list):
        assert len(value) == len(pairs)
        for item, child in zip(value, pairs, strict=True):
            _assert_declared_order(item, child)
    elif isinstance(value, dict):
        assert [key for key, _ in pairs] == sorted(value)
        for key, child in pairs:
            _assert_declared_order(value[key], child)


@FAST
@given(any_maps())
def test_keys_follow_declaration_order(anatomy):
    pairs = json.loads(dump_bytes(anatomy), object_pairs_hook=lambda items: items)
    _assert_declared_order(anatomy, pairs)


@FAST
@given(any_maps(max_stages=5))
def test_save_then_load_from_disk_is_equal(tmp_path_factory, anatomy):
    path = tmp_path_factory.mktemp("roundtrip") / "map.vsm.json"
    save_map(anatomy, path)
    assert path.read_bytes() == dump_bytes(anatomy)
    assert load_map(path) == anatomy


@settings(max_examples=20, deadline=None)
@given(odd_maps())
def test_odd_maps_round_trip(anatomy):
    assert load_bytes(dump_bytes(anatomy)) == anatomy


def test_defaults_are_omitted_and_lists_keep_user_order():
    anatomy = AnatomyMap(format="vsm-anatomy", version=1, stream=Stream(id="vs_a", name="A"))
    text = dump_bytes(anatomy).decode()
    assert text == (
        "{\n"
        '  "format": "vsm-anatomy",\n'
        '  "version": 1,\n'
        '  "stream": {\n'
        '    "id": "vs_a",\n'
        '    "name": "A"\n'
        "  },\n"
        '  "delivery_metrics": {},\n'
        '  "catalogue": {},\n'
        '  "analysis": {},\n'
        '  "display": {}\n'
        "}\n"
    )


def _with_rules(*names: str) -> AnatomyMap:
    rules = {name: RuleSetting(enabled=False) for name in names}
    return AnatomyMap(
        format="vsm-anatomy",
        version=1,
        stream=Stream(id="vs_a", name="A"),
        analysis=AnalysisSettings(rules=rules),
    )


def test_equal_maps_give_equal_bytes_whatever_the_rule_order():
    one, two = _with_rules("B-rule", "A-rule"), _with_rules("A-rule", "B-rule")
    assert one == two
    assert dump_bytes(one) == dump_bytes(two)


def test_a_value_equal_to_its_default_is_omitted_like_the_default():
    default = Lane(id="ln_a", name="A")
    explicit = Lane(id="ln_a", name="A", height=float("160"))
    assert default == explicit
    maps = [
        AnatomyMap(
            format="vsm-anatomy", version=1, stream=Stream(id="vs_a", name="A"), lanes=[lane]
        )
        for lane in (default, explicit)
    ]
    assert dump_bytes(maps[0]) == dump_bytes(maps[1])
    assert b"height" not in dump_bytes(maps[1])
