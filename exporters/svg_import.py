"""Opening an SVG exported by vsm-editor: the map comes back from its embedded JSON.

The SVG is parsed defensively (no entity expansion, no network, no DTD loading, lxml's
default size limits) and refused when its DTD declares entities. Every problem is one
:class:`~vsm_editor.model.MapFileError` line; the JSON then goes through the same strict
loading as a ``*.vsm.json`` file (migration, integrity checks).
"""

from __future__ import annotations

from lxml import etree
from vsm_editor.exporters.svg_metadata import ANATOMY, PART
from vsm_editor.exporters.svg_shapes import SVG_NS

from vsm_editor.model import AnatomyMap, MapFileError, load_bytes
from vsm_editor.model.fileio import MAX_FILE_BYTES

_METADATA = f"{{{SVG_NS}}}metadata"


def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )


def _parse(data: bytes, name: str) -> etree._Element:
    if len(data) > MAX_FILE_BYTES:
        raise MapFileError(name, "is over 256 MB; refused")
    if not data.strip():
        raise MapFileError(name, "the file is empty")
    try:
        tree = etree.fromstring(data, _parser()).getroottree()
    except etree.XMLSyntaxError as err:
        problem = str(err).splitlines()[0] if str(err) else "malformed XML"
        raise MapFileError(name, f"is not well-formed XML ({problem})") from None
    except ValueError as err:  # e.g. an encoding declaration lxml cannot honour
        raise MapFileError(name, f"cannot be read as XML ({err})") from None
    dtd = tree.docinfo.internalDTD
    if dtd is not None and list(dtd.iterentities()):
        raise MapFileError(name, "declares XML entities; refused for safety")
    root = tree.getroot()
    if root.tag != f"{{{SVG_NS}}}svg":
        raise MapFileError(name, "is not an SVG document (its root is not <svg>)")
    return root


def embedded_json(data: bytes, name: str = "<input>") -> bytes:
    """The anatomy JSON embedded in an exported SVG. Raises :class:`MapFileError`."""
    root = _parse(data, name)
    for metadata in root.iter(_METADATA):
        for anatomy in metadata.iterchildren(ANATOMY):
            parts = []
            for child in anatomy:
                if child.tag != PART or len(child):
                    raise MapFileError(name, "has damaged vsm-editor map data in its metadata")
                parts.append(child.text or "")
            if not parts:
                raise MapFileError(name, "has empty vsm-editor map data in its metadata")
            return "".join(parts).encode("utf-8")
    raise MapFileError(
        name, "holds no vsm-editor map (only SVGs exported by vsm-editor with the map "
        "embedded can be opened)"
    )


def load_svg_map(data: bytes, name: str = "<input>") -> AnatomyMap:
    """The map embedded in an SVG exported by vsm-editor. Raises :class:`MapFileError`."""
    return load_bytes(embedded_json(data, name), name)
