"""Reading a BPMN file safely for the importer: size limit, no DTD, no entity, no network.

Everything that makes a file unusable becomes one :class:`MapFileError` whose message is a
single line naming the file. The parse itself is :func:`vsm_editor.exporters.bpmn_xml.parse_safely`
(no DTD loaded, no entity expanded, no network); a document with a DOCTYPE is refused before
lxml sees it whenever the bytes show one, and after parsing otherwise.
"""

from __future__ import annotations

import re

from lxml import etree
from vsm_editor.exporters.bpmn_extensions import BPMN_NS
from vsm_editor.exporters.bpmn_xml import parse_safely

from vsm_editor.model.errors import MapFileError

MAX_BPMN_BYTES = 50 * 1024 * 1024
_DOCTYPE = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)
_UTF16_DOCTYPE = ("<!DOCTYPE".encode("utf-16-le"), "<!DOCTYPE".encode("utf-16-be"))


def bpmn_tag(local: str) -> str:
    """Clark notation of a BPMN model element."""
    return f"{{{BPMN_NS}}}{local}"


def one_line(text: str, limit: int = 200) -> str:
    """``text`` on one line, cut to ``limit`` characters."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def load_definitions(data: bytes, name: str) -> etree._Element:
    """The ``bpmn:definitions`` root of ``data``, or MapFileError (one line) when the file is
    too large, not XML, carries a DTD, is not BPMN or holds no process."""
    if len(data) > MAX_BPMN_BYTES:
        raise MapFileError(name, f"is {len(data) // (1024 * 1024)} MB; BPMN files over 50 MB "
                                 "are refused")
    if not data.strip():
        raise MapFileError(name, "the file is empty")
    if _DOCTYPE.search(data[:65536]) or any(mark in data[:65536] for mark in _UTF16_DOCTYPE):
        raise MapFileError(name, "has a DOCTYPE (DTD or entities); such BPMN files are refused")
    try:
        root = parse_safely(data)
    except etree.XMLSyntaxError as err:
        raise MapFileError(name, f"is not well-formed XML ({one_line(str(err))})") from None
    except ValueError:  # parse_safely refuses a DOCTYPE the byte check did not see
        raise MapFileError(name, "has a DOCTYPE (DTD or entities); such BPMN files are refused"
                           ) from None
    except etree.LxmlError as err:
        raise MapFileError(name, f"cannot be read as XML ({one_line(str(err))})") from None
    if root.tag != bpmn_tag("definitions"):
        shown = etree.QName(root).localname if isinstance(root.tag, str) else "?"
        raise MapFileError(name, f"is not a BPMN 2.0 file (its root element is {shown!r}, "
                                 "not bpmn:definitions)")
    if root.find(bpmn_tag("process")) is None:
        raise MapFileError(name, "holds no BPMN process to import")
    return root
