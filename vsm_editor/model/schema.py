"""The published JSON Schema of the current format, generated from the structs."""

from __future__ import annotations

from typing import Any

import msgspec

from vsm_editor.model.entities import AnatomyMap
from vsm_editor.model.migrations import CURRENT_VERSION, FORMAT_NAME

SCHEMA_FILE = f"{FORMAT_NAME}-{CURRENT_VERSION}.schema.json"


def build_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) for ``*.vsm.json`` files of the current version."""
    schema = msgspec.json.schema(AnatomyMap)
    root = schema["$defs"]["AnatomyMap"]
    root["properties"]["format"] = {"const": FORMAT_NAME}
    root["properties"]["version"] = {"const": CURRENT_VERSION}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"urn:vsm-editor:schema:{FORMAT_NAME}:{CURRENT_VERSION}",
        "title": f"vsm-editor anatomy map, format {FORMAT_NAME} version {CURRENT_VERSION}",
        **schema,
    }


def schema_bytes() -> bytes:
    """The schema as the bytes kept in ``resources/schema``."""
    return msgspec.json.format(msgspec.json.encode(build_schema()), indent=2) + b"\n"
