"""The anatomy JSON inside an exported SVG: ``<metadata><vsm:anatomy>`` in our namespace.

The JSON is the map file's own canonical text (:func:`vsm_editor.model.dump_bytes`), stored
as XML text (lxml escapes ``<``, ``&`` and ``>``), cut into ``<vsm:part>`` pieces of at most
a million characters so a parser with its default limits (``huge_tree=False``, 10 MB per
text node) still reads maps of any size. The two characters JSON may carry raw but XML may
not (U+FFFE, U+FFFF) are written as JSON ``\\uXXXX`` escapes, which decode to the same text.
"""

from __future__ import annotations

from lxml import etree

from vsm_editor import __version__
from vsm_editor.model import AnatomyMap, dump_bytes

NS = "urn:vsm-editor:svg:1"
PREFIX = "vsm"
ANATOMY = f"{{{NS}}}anatomy"
PART = f"{{{NS}}}part"
MEDIA_TYPE = "application/vnd.vsm-anatomy+json"
PART_CHARS = 1_000_000


def xml_safe_json(text: str) -> str:
    """JSON text with the characters XML cannot carry escaped the JSON way."""
    if "\ufffe" in text or "\uffff" in text:
        text = text.replace("\ufffe", "\\ufffe").replace("\uffff", "\\uffff")
    return text


def embed_anatomy_json(metadata: etree._Element, anatomy: AnatomyMap) -> etree._Element:
    """Add the map's JSON under ``metadata``; returns the ``<vsm:anatomy>`` element."""
    text = xml_safe_json(dump_bytes(anatomy).decode("utf-8"))
    element = etree.SubElement(metadata, ANATOMY, {
        "format": anatomy.format,
        "version": str(anatomy.version),
        "media-type": MEDIA_TYPE,
        "generator": f"vsm-editor {__version__}",
    })
    for start in range(0, len(text), PART_CHARS):
        etree.SubElement(element, PART).text = text[start:start + PART_CHARS]
    return element
