"""``--format json``: the anatomy file itself, in its canonical bytes."""

from __future__ import annotations

from vsm_editor.model import AnatomyMap, dump_bytes


def export_json(anatomy: AnatomyMap) -> bytes:
    """The map as a canonical ``*.vsm.json`` document."""
    return dump_bytes(anatomy)
