"""Bad bytes never give anything but one :class:`MapFileError` naming the file and the place."""

from __future__ import annotations

import copy
import json
from typing import Any

import msgspec
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import anatomy_maps, byte_mutations, leaves, set_at, value_mutations

from vsm_editor.model import MapFileError, dump_bytes, load_bytes
from vsm_editor.model.integrity import REFERENCE_FIELDS

NAME = "bad.vsm.json"
# A deadline per example: a hang or a pathological slowdown fails the test.
FUZZ = settings(
    max_examples=80, deadline=2000, suppress_health_check=[HealthCheck.too_slow]
)


def _load_or_typed_error(data: bytes) -> None:
    """Loading either works or raises MapFileError with a one-line message naming the file."""
    try:
        load_bytes(data, NAME)
    except MapFileError as err:
        message = str(err)
        assert message.startswith(f"{NAME}: ")
        assert "\n" not in message
        assert err.path == NAME and err.problem


@FUZZ
@given(st.binary(max_size=300))
def test_random_bytes_give_only_the_typed_error(data):
    _load_or_typed_error(data)


@FUZZ
@given(st.binary(max_size=200).map(lambda tail: b'{"format": "vsm-anatomy", "version": 1' + tail))
def test_random_bytes_after_a_valid_header_give_only_the_typed_error(data):
    _load_or_typed_error(data)


@FUZZ
@given(byte_mutations())
def test_mutated_bytes_give_only_the_typed_error(data):
    _load_or_typed_error(data)


@FUZZ
@given(value_mutations())
def test_swapped_values_give_only_the_typed_error(data):
    _load_or_typed_error(data)


# ------------------------------------------------------------------ targeted classes
def _raw(anatomy: Any) -> dict[str, Any]:
    return msgspec.to_builtins(anatomy)


def _error(raw: Any) -> str:
    data = raw if isinstance(raw, bytes) else json.dumps(raw).encode()
    with pytest.raises(MapFileError) as caught:
        load_bytes(data, NAME)
    return str(caught.value)


STRING_FIELDS = {"name", "text", "statement", "owner", "label", "notes", "reason", "subject"}


@FUZZ
@given(anatomy_maps(max_stages=5), st.data())
def test_a_number_in_a_text_field_names_its_exact_location(anatomy, data):
    raw = _raw(anatomy)
    spots = [
        location for location, value in leaves(raw)
        if location.rsplit(".", 1)[-1] in STRING_FIELDS and isinstance(value, str)
        and not location.startswith("analysis.rules")
    ]
    location = data.draw(st.sampled_from(spots))
    set_at(raw, location, 42)
    assert _error(raw) == f"{NAME}: {location}: expected a string, got 42"


def test_the_issue_example_message():
    raw = {
        "format": "vsm-anatomy",
        "version": 1,
        "stream": {"id": "vs_a", "name": "S"},
        "stages": [{"id": f"st_{i}", "name": f"Stage {i}"} for i in range(5)],
    }
    raw["stages"][3]["name"] = 42
    assert _error(raw) == f"{NAME}: stages[3].name: expected a string, got 42"


ENUM_FIELDS = {
    "kind", "split", "direction", "unit", "period", "severity",
}


@FUZZ
@given(anatomy_maps(max_stages=5), st.data())
def test_unknown_enum_values_name_their_location(anatomy, data):
    raw = _raw(anatomy)
    spots = [
        location for location, value in leaves(raw)
        if location.rsplit(".", 1)[-1] in ENUM_FIELDS and isinstance(value, str)
        and not location.startswith(("outcomes", "analysis.rules"))  # outcome.unit is free text
    ]
    if not spots:
        spots = ["stages[0].split"] if raw.get("stages") else []
    if not spots:
        raw["display"] = {"data_boxes": "maybe"}
        assert _error(raw) == f"{NAME}: display.data_boxes: expected true or false, got \"maybe\""
        return
    location = data.draw(st.sampled_from(spots))
    set_at(raw, location, "sometimes")
    assert _error(raw) == f"{NAME}: {location}: unknown value 'sometimes'"


def _reference_spots(raw: dict[str, Any]) -> list[str]:
    collections = {
        "stage": "stages", "handoff": "handoffs", "logic": "catalogue.logic",
        "component": "catalogue.components", "control_point": "catalogue.control_points",
    }
    spots = []
    for kind, fields in REFERENCE_FIELDS.items():
        path = collections[kind]
        items = raw
        for part in path.split("."):
            items = items.get(part, {}) if isinstance(items, dict) else {}
        for index, item in enumerate(items or []):
            for field in fields:
                value = item.get(field)
                if isinstance(value, str):
                    spots.append(f"{path}[{index}].{field}")
                elif isinstance(value, list) and value:
                    spots.append(f"{path}[{index}].{field}[0]")
    return spots


@FUZZ
@given(anatomy_maps(max_stages=5), st.data())
def test_dangling_references_name_their_location(anatomy, data):
    raw = _raw(anatomy)
    spots = _reference_spots(raw)
    if not spots:
        raw["stages"] = [{"id": "st_x", "name": "x", "lane": "ln_nowhere"}]
        raw.pop("handoffs", None)
        spots = ["stages[0].lane"]
        location = spots[0]
    else:
        location = data.draw(st.sampled_from(spots))
        set_at(raw, location, "zz_missing")
    message = _error(raw)
    dangling = "zz_missing"
    if location == "stages[0].lane" and "ln_nowhere" in message:
        dangling = "ln_nowhere"
    assert message == f"{NAME}: {location}: refers to {dangling!r}, which does not exist"


@FUZZ
@given(anatomy_maps(max_stages=5), st.data())
def test_duplicate_ids_name_the_second_one(anatomy, data):
    raw = _raw(anatomy)
    id_spots = [location for location, _ in leaves(raw) if location.endswith(".id")
                and location != "stream.id"]
    if not id_spots:
        raw["lanes"] = [{"id": raw["stream"]["id"], "name": "Copy"}]
        id_spots = ["lanes[0].id"]
    else:
        location = data.draw(st.sampled_from(id_spots))
        set_at(raw, location, raw["stream"]["id"])
        id_spots = [location]
    message = _error(raw)
    assert message.startswith(f"{NAME}: ")
    assert message.endswith(f": duplicate id {raw['stream']['id']!r}")
    # The duplicate is reported where it is found; the stream's id is claimed first.
    assert message == f"{NAME}: {id_spots[0]}: duplicate id {raw['stream']['id']!r}"


def _small_map() -> dict[str, Any]:
    return {
        "format": "vsm-anatomy",
        "version": 1,
        "stream": {"id": "vs_a", "name": "S"},
        "lanes": [{"id": "ln_a", "name": "Lane"}],
        "stages": [{"id": "st_a", "name": "A", "lane": "ln_a"}, {"id": "st_b", "name": "B"}],
        "handoffs": [{"id": "ho_a", "source": "st_a", "target": "st_b"}],
    }


@pytest.mark.parametrize(
    ("mutate", "expected"),
    [
        (lambda m: m["stages"].__setitem__(1, {"id": "st_a", "name": "B"}),
         "stages[1].id: duplicate id 'st_a'"),
        (lambda m: m["handoffs"][0].__setitem__("target", "st_a"),
         "handoffs[0].target: a handoff cannot loop to its source"),
        (lambda m: m["handoffs"].append({"id": "ho_b", "source": "st_a", "target": "st_b"}),
         "handoffs[1]: a second flow handoff from 'st_a' to 'st_b'"),
        (lambda m: m["stages"][0].__setitem__("lane", "st_b"),
         "stages[0].lane: refers to 'st_b', a stage, not a lane"),
        (lambda m: m["stages"][0].__setitem__("id", "1st"),
         "stages[0].id: '1st' is not a valid id (a letter, then letters, digits, _ . -)"),
        (lambda m: m["stages"][0].__setitem__("x", "left"),
         'stages[0].x: expected a number, got "left"'),
        (lambda m: m["stages"][0].__setitem__("decisions", {"a": 1}),
         'stages[0].decisions: expected a list, got {"a":1}'),
        (lambda m: m["stages"][0].__setitem__("colour", "red"),
         "stages[0]: unknown field 'colour'"),
        (lambda m: m["stream"].pop("name"),
         "stream: missing required field 'name'"),
        (lambda m: m["handoffs"][0].__setitem__("kind", "telepathy"),
         "handoffs[0].kind: unknown value 'telepathy'"),
        (lambda m: m["stages"][1].__setitem__("process_time", {"value": 3, "unit": "weeks"}),
         "stages[1].process_time.unit: unknown value 'weeks'"),
        (lambda m: m["stages"][0].__setitem__("name", "x" * 100),
         None),
    ],
)
def test_each_bad_value_has_its_exact_message(mutate, expected):
    raw = _small_map()
    mutate(raw)
    if expected is None:
        load_bytes(json.dumps(raw).encode(), NAME)  # a long name is fine
        return
    assert _error(raw) == f"{NAME}: {expected}"


# ------------------------------------------------------------------ whole-file classes
def _valid_bytes() -> bytes:
    return dump_bytes(load_bytes(json.dumps(_small_map()).encode()))


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"", "the file is empty"),
        (b" \n\t\n", "the file is empty"),
        (b"\xef\xbb\xbf", "the JSON ends too early (truncated file?)"),
        (b"[]", "is not a vsm-editor map (expected a JSON object)"),
        (b"null", "is not a vsm-editor map (expected a JSON object)"),
        (b'"vsm"', "is not a vsm-editor map (expected a JSON object)"),
        (b"{}", 'is not a vsm-editor map (no "format" field)'),
        (b'{"format": "bpmn"}', "is not a vsm-editor map (format 'bpmn')"),
        (b'{"format": "vsm-anatomy"}', "version: has no format version"),
        (b'{"format": "vsm-anatomy", "version": -3}',
         "version: has an impossible format version -3"),
        (b'{"format": "vsm-anatomy", "version": 7}',
         "version: was made by a newer vsm-editor (format version 7; this version reads up "
         "to 1); please update"),
        (b'{"format": "vsm-anatomy", "version": 1,}',
         "line 1, column 40: malformed JSON (trailing comma in object)"),
        (b'{"format": "vsm-anatomy",\n "version": 1} x',
         "line 2, column 17: malformed JSON (trailing characters)"),
        (b'{"format": "vsm-anatomy", "version": 1, "stream": {"id": "vs_a", "name": "\xff"}}',
         "is not UTF-8 text (bad byte at offset 74)"),
        (b'{"format": "vsm-anatomy", "version": 1, "stream": {"id": "vs_a", "name": "S"}, '
         b'"stages": [NaN]}', "line 1, column 91: malformed JSON (invalid character)"),
    ],
)
def test_whole_file_problems_have_one_clear_line(data, expected):
    assert _error(data) == f"{NAME}: {expected}"


def test_truncated_file_at_every_tenth_byte_says_so():
    data = _valid_bytes()
    assert load_bytes(data, NAME)
    for cut in range(1, len(data) - 2, 10):
        message = _error(data[:cut])
        assert message.startswith(f"{NAME}: ")
        assert "\n" not in message


def test_truncated_file_message():
    data = _valid_bytes()
    assert _error(data[: len(data) // 2]) == (
        f"{NAME}: the JSON ends too early (truncated file?)"
    )


@pytest.mark.parametrize("depth", [100, 1_000, 100_000])
def test_deeply_nested_input_is_refused_quickly(depth):
    inner = b'{"a": ' * depth + b"1" + b"}" * depth
    data = b'{"format": "vsm-anatomy", "version": 1, "stream": ' + inner + b"}"
    message = _error(data)
    assert message in (
        f"{NAME}: is nested too deeply to be a map",
        f"{NAME}: stream: unknown field 'a'",
    )


def test_very_deep_nesting_says_it_is_too_deep():
    inner = b"[" * 100_000 + b"]" * 100_000
    data = b'{"format": "vsm-anatomy", "version": 1, "stream": {"id": "vs_a", "name": ' + inner
    data += b"}}"
    assert _error(data) == f"{NAME}: is nested too deeply to be a map"


def test_deep_nesting_in_an_old_version_says_it_is_too_deep():
    inner = b"[" * 100_000 + b"]" * 100_000
    data = b'{"format": "vsm-anatomy", "version": 0, "name": "S", "notes": ' + inner + b"}"
    assert _error(data) == f"{NAME}: is nested too deeply to be a map"


def test_huge_input_is_refused_before_decoding(monkeypatch):
    from vsm_editor.model import fileio

    data = _valid_bytes()
    monkeypatch.setattr(fileio, "MAX_FILE_BYTES", 100)
    assert _error(data) == f"{NAME}: is larger than 100 bytes; refused"


def test_byte_order_mark_is_accepted():
    data = _valid_bytes()
    assert load_bytes(b"\xef\xbb\xbf" + data, NAME) == load_bytes(data, NAME)


def test_error_is_not_raised_with_a_chained_traceback():
    with pytest.raises(MapFileError) as caught:
        load_bytes(b'{"format": "vsm-anatomy", "version": 1, "stream": 5}', NAME)
    assert caught.value.__suppress_context__
    assert str(caught.value) == f"{NAME}: stream: expected an object, got 5"


def test_mutation_helpers_really_change_the_file():
    raw = _small_map()
    changed = copy.deepcopy(raw)
    set_at(changed, "stages[1].name", 42)
    assert changed["stages"][1]["name"] == 42 and raw["stages"][1]["name"] == "B"
    assert ("stages[1].name", "B") in leaves(raw)


# ------------------------------------------------------------------ model bugs found here
def test_version_of_the_wrong_type_is_worded_plainly():
    message = _error(b'{"format": "vsm-anatomy", "version": "1"}')
    assert message == f'{NAME}: version: expected a whole number, got "1"'


V0_BAD_SHAPES = [
    ("lane given as a list", {"stages": [{"id": "st_1", "name": "A", "lane": ["x"]}]}),
    ("lane name as a list", {"lanes": [{"id": "ln_1", "name": ["L"]}]}),
    ("stage id as a list", {"stages": [{"id": ["st_1"], "name": "A", "wait": {"value": 1}}]}),
    ("handoff as a number", {"handoffs": [5]}),
    ("wait as a bare number", {"stages": [{"id": "st_1", "name": "A", "wait": 5}]}),
    ("stage y as a word", {"stages": [{"id": "st_1", "name": "A", "y": "top"}]}),
    ("stage y as null", {"stages": [{"id": "st_1", "name": "A", "y": None}]}),
    ("lane height as null", {"lanes": [{"id": "ln_1", "name": "L", "height": None}]}),
    ("notes as a number beside a wait",
     {"stages": [{"id": "st_1", "name": "A", "notes": 42, "wait": {"value": 1}}]}),
]


@pytest.mark.parametrize(("label", "parts"), V0_BAD_SHAPES, ids=[s[0] for s in V0_BAD_SHAPES])
def test_bad_version_0_shapes_give_a_located_typed_error(label, parts):
    raw = {"format": "vsm-anatomy", "version": 0, "name": "Old", **parts}
    try:
        load_bytes(json.dumps(raw).encode(), NAME)
    except MapFileError as err:
        assert err.location or ("[" in err.problem and ":" in err.problem), str(err)
    else:
        pytest.fail("accepted")
