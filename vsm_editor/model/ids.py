"""Element ids: a kind prefix plus a short random part, valid XML NCNames.

Ids are unique across every element kind of a map and never change once made, so BPMN,
SVG and suppressions can use them directly.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Container

PREFIXES = {
    "stream": "vs",
    "lane": "ln",
    "stage": "st",
    "handoff": "ho",
    "outcome": "oc",
    "decision": "dc",
    "improvement": "im",
    "control_point": "cp",
    "logic": "lg",
    "component": "cm",
}

_ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789"
# An NCName restricted to ASCII: a letter or underscore, then letters, digits, '.', '-', '_'.
ID_PATTERN = re.compile(r"^[A-Za-z_][A-Za-z0-9._-]{0,127}$")


def is_valid_id(value: object) -> bool:
    """Whether ``value`` is an acceptable element id (an ASCII NCName of at most 128 chars)."""
    return isinstance(value, str) and ID_PATTERN.match(value) is not None


def new_id(kind: str, taken: Container[str] = ()) -> str:
    """A fresh id for an element of ``kind`` that is not in ``taken``."""
    prefix = PREFIXES[kind]
    while True:
        candidate = prefix + "_" + "".join(secrets.choice(_ALPHABET) for _ in range(6))
        if candidate not in taken:
            return candidate
