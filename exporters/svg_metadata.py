"""The anatomy JSON inside an exported SVG: ``<metadata><vsm:anatomy>`` in our namespace.

The JSON is the map file's own canonical text (:func:`vsm_editor.model.dump_bytes`), stored
as XML text (``<``, ``&`` and ``>`` escaped), cut into ``<vsm:part>`` pieces of at most
a million characters so a parser with its default limits (``huge_tree=False``, 10 MB per
text node) still reads maps of any size. The two characters JSON may carry raw but XML may
not (U+FFFE, U+FFFF) are written as JSON ``\\uXXXX`` escapes, which decode to the same text.
"""

from __future__ import annotations

from vsm_editor.exporters.bpmn_xml import attr, markup_free

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


def anatomy_metadata(anatomy: AnatomyMap) -> str:
    """``<metadata>`` holding the map's JSON as ``<vsm:anatomy>`` (namespace declared on the
    root as :data:`PREFIX`)."""
    text = xml_safe_json(dump_bytes(anatomy).decode("utf-8"))
    size = PART_CHARS
    parts = "".join(f"<{PREFIX}:part>{markup_free(text[start:start + size])}</{PREFIX}:part>"
                    for start in range(0, len(text), size))
    return (f'<metadata><{PREFIX}:anatomy format="{attr(anatomy.format)}" '
            f'version="{anatomy.version}" media-type="{MEDIA_TYPE}" '
            f'generator="vsm-editor {attr(__version__)}">{parts}</{PREFIX}:anatomy></metadata>')
