"""The published JSON Schema is the one the code generates, and real files satisfy it."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from strategies import any_maps

from vsm_editor.model import dump_bytes, load_map
from vsm_editor.model.migrations import CURRENT_VERSION, FORMAT_NAME
from vsm_editor.model.schema import SCHEMA_FILE, schema_bytes

ROOT = Path(__file__).resolve().parents[2]
SCHEMA_PATH = ROOT / "resources" / "schema" / SCHEMA_FILE
TEMPLATES = sorted((ROOT / "resources" / "templates").glob("*.vsm.json"))
DATA_FILES = sorted((ROOT / "tests" / "data").glob("*.vsm.json"))


@pytest.fixture(scope="module")
def validator() -> jsonschema.protocols.Validator:
    schema = json.loads(SCHEMA_PATH.read_bytes())
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def test_published_schema_equals_the_generated_one_byte_for_byte():
    assert SCHEMA_PATH.read_bytes() == schema_bytes(), (
        "resources/schema is stale: regenerate it from vsm_editor.model.schema.schema_bytes()"
    )


def test_schema_names_format_and_version():
    schema = json.loads(schema_bytes())
    assert SCHEMA_FILE == f"{FORMAT_NAME}-{CURRENT_VERSION}.schema.json"
    root = schema["$defs"]["AnatomyMap"]["properties"]
    assert root["format"] == {"const": FORMAT_NAME}
    assert root["version"] == {"const": CURRENT_VERSION}
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def test_there_are_templates_to_check():
    assert TEMPLATES, "resources/templates holds no *.vsm.json"


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: p.name)
def test_every_template_satisfies_the_schema_and_loads(validator, template):
    document = json.loads(template.read_bytes())
    errors = sorted(validator.iter_errors(document), key=lambda e: list(e.absolute_path))
    assert not errors, "; ".join(
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in errors[:5]
    )
    assert load_map(template).version == CURRENT_VERSION


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: p.name)
def test_every_template_is_saved_canonically(template):
    assert template.read_bytes() == dump_bytes(load_map(template)), (
        f"{template.name} is not in canonical form (load and save it once)"
    )


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(any_maps(max_stages=8))
def test_random_valid_maps_satisfy_the_schema(validator, anatomy):
    validator.validate(json.loads(dump_bytes(anatomy)))


@pytest.mark.parametrize(
    ("path", "value"),
    [
        (("version",), 2),
        (("format",), "bpmn"),
        (("stream", "name"), 42),
        (("stages", 0, "split"), "sometimes"),
        (("stages", 0, "colour"), "red"),
    ],
)
def test_the_schema_rejects_what_the_loader_rejects(validator, path, value):
    document = {
        "format": FORMAT_NAME,
        "version": CURRENT_VERSION,
        "stream": {"id": "vs_a", "name": "A"},
        "stages": [{"id": "st_a", "name": "A"}],
    }
    node = document
    for step in path[:-1]:
        node = node[step]
    node[path[-1]] = value
    with pytest.raises(jsonschema.ValidationError):
        validator.validate(document)


def test_migrated_version_0_file_satisfies_the_current_schema(validator):
    old = [p for p in DATA_FILES if "-v0." in p.name]
    assert old
    for path in old:
        validator.validate(json.loads(dump_bytes(load_map(path))))
