"""Reading package data from ``vsm_editor.resources`` (works installed and bundled)."""

from __future__ import annotations

from importlib import resources
from importlib.abc import Traversable


def resource(*parts: str) -> Traversable:
    """The resource at ``parts`` (joined one segment at a time: PyInstaller on 3.11 needs it)."""
    node = resources.files("vsm_editor.resources")
    for part in parts:
        node = node.joinpath(part)
    return node


def resource_bytes(*parts: str) -> bytes:
    """The bytes of the resource at ``parts``."""
    return resource(*parts).read_bytes()
