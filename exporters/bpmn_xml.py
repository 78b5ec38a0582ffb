"""XML text helpers for the BPMN exporter: escaping user strings and parsing safely.

The exporter writes its (large) document as text and lets lxml parse and serialize it:
lxml's element API costs about 2 µs per element and a 5,000-stage map has some 100,000, so
building the tree element by element cannot meet the 300 ms budget, while lxml's parser
takes well under 1 µs per element. Every user string passes through :func:`attr` or
:func:`text`; ids are checked to be NCNames before use (see ``IdMaker``), numbers are
formatted here. The parse then proves the result well-formed before a byte is returned.
"""

from __future__ import annotations

import re

from lxml import etree

# Characters XML 1.0 cannot hold at all (not even as character references).
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_TEXT_SPECIAL = re.compile("[&<>]")
_ATTR_SPECIAL = re.compile("[&<>\"\n]")
_ATTR_TABLE = str.maketrans(
    {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "\n": "&#10;"}
)
_TEXT_TABLE = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})


def xml_safe(value: str) -> str:
    """``value`` without the characters XML cannot hold."""
    return _NOT_XML.sub("", value)


def label(value: str) -> str:
    """A user string as a BPMN tool shows it: XML characters only, line breaks as ``\\n``
    and tabs as spaces. (bpmn-moddle writes tabs and carriage returns in attributes raw,
    so XML's normalization would change them on its save; the exact text is in our data.)"""
    value = xml_safe(value)
    if "\r" in value:
        value = value.replace("\r\n", "\n").replace("\r", "\n")
    if "\t" in value:
        value = value.replace("\t", " ")
    return value


def attr(value: str) -> str:
    """A user string as the inside of a double-quoted attribute (see :func:`label`); line
    breaks become character references so parsers keep them."""
    value = label(value)
    if _ATTR_SPECIAL.search(value) is None:
        return value
    return value.translate(_ATTR_TABLE)


def text(value: str) -> str:
    """A user string as element content (see :func:`label`)."""
    value = label(value)
    if _TEXT_SPECIAL.search(value) is None:
        return value
    return value.translate(_TEXT_TABLE)


def markup_free(value: str) -> str:
    """Escape ``&``, ``<`` and ``>`` in a string known to hold only XML characters (our
    JSON, see ``json_text``), without the character scan of :func:`text`."""
    if "&" in value:
        value = value.replace("&", "&amp;")
    if "<" in value:
        value = value.replace("<", "&lt;")
    if ">" in value:
        value = value.replace(">", "&gt;")
    return value


def num(value: float) -> str:
    """A diagram coordinate: rounded to 2 decimals, integers without a fraction (as bpmn-js
    writes them). Callers clamp values to a sane range first. Memoized: a diagram repeats
    the same few coordinates thousands of times."""
    shown = _NUMBERS.get(value)
    if shown is None:
        if len(_NUMBERS) > 65_536:
            _NUMBERS.clear()
        shown = _NUMBERS[value] = _format_number(value)
    return shown


_NUMBERS: dict[float, str] = {}


def _format_number(value: float) -> str:
    if value.is_integer():
        return str(int(value))
    shown = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if shown == "-0" else shown


def safe_parser() -> etree.XMLParser:
    """A parser that loads no DTD, expands no entity and never touches the network."""
    return etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False,
        huge_tree=True,
    )


def parse_safely(data: bytes) -> etree._Element:
    """Parse BPMN bytes safely; a document with a DOCTYPE is refused (ValueError)."""
    root = etree.fromstring(data, safe_parser())
    if root.getroottree().docinfo.doctype:
        raise ValueError("documents with a DOCTYPE are refused")
    return root
