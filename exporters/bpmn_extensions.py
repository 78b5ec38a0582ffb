"""Our BPMN extension data: what BPMN cannot say, in our own namespace, lossless.

The scheme (namespace ``urn:vsm-editor:bpmn:1``, prefix ``vsm``), always inside
``bpmn:extensionElements``:

- on the process, ``<vsm:map>``: the whole map as JSON except its stages and handoffs
  (format and version, stream, outcomes, delivery metrics, lanes with colours and heights,
  catalogue, analysis settings, display, origin);
- on each task, ``<vsm:stage index="N">``: the stage's JSON, ``N`` its place in the map;
- on each sequence flow (flow and rework handoffs) and each text annotation (information
  handoffs), ``<vsm:handoff index="N">``: the handoff's JSON.

The JSON is exactly the ``*.vsm.json`` encoding of each struct, so :func:`read_extensions`
reassembles the map file and loads it through the normal loader (migrations, integrity
checks and typed errors included), giving a map equal to the one exported.
"""

from __future__ import annotations

import msgspec
from lxml import etree

from vsm_editor.model.entities import AnatomyMap
from vsm_editor.model.fileio import load_bytes

VSM_NS = "urn:vsm-editor:bpmn:1"
VSM_PREFIX = "vsm"
BPMN_NS = "http://www.omg.org/spec/BPMN/20100524/MODEL"

MAP_TAG = f"{{{VSM_NS}}}map"
STAGE_TAG = f"{{{VSM_NS}}}stage"
HANDOFF_TAG = f"{{{VSM_NS}}}handoff"

_encoder = msgspec.json.Encoder()


class BpmnExtensionError(ValueError):
    """The document has no (or broken) vsm-editor extension data."""


def json_text(struct: msgspec.Struct) -> str:
    """The struct's JSON holding only characters XML can hold: msgspec escapes the control
    characters; U+FFFE and U+FFFF are escaped here (JSON allows any escape in a string)."""
    text = _encoder.encode(struct).decode("utf-8")
    if "\ufffe" in text or "\uffff" in text:
        text = text.replace("\ufffe", "\\ufffe").replace("\uffff", "\\uffff")
    return text


def read_extensions(
    document: etree._Element | etree._ElementTree, process_id: str | None = None
) -> AnatomyMap:
    """Rebuild the map from the extension data of a process we exported (the first one
    carrying ``vsm:map``, or the one with ``process_id``). Raises
    :class:`BpmnExtensionError` when there is none, and :class:`MapFileError` when the data
    does not make a valid map."""
    root = document.getroot() if isinstance(document, etree._ElementTree) else document
    process = _find_process(root, process_id)
    map_element = process.find(f"{{{BPMN_NS}}}extensionElements/{MAP_TAG}")
    if map_element is None:  # pragma: no cover - _find_process only returns processes with one
        raise BpmnExtensionError("the process has no vsm:map extension")
    raw = _decode(map_element)
    if not isinstance(raw, dict):
        raise BpmnExtensionError("vsm:map does not hold a JSON object")
    raw["stages"] = _ordered(process, STAGE_TAG)
    raw["handoffs"] = _ordered(process, HANDOFF_TAG)
    name = f"BPMN process {process.get('id', '?')}"
    return load_bytes(msgspec.json.encode(raw), name)


def _find_process(root: etree._Element, process_id: str | None) -> etree._Element:
    for process in root.iterchildren(f"{{{BPMN_NS}}}process"):
        if process_id is not None and process.get("id") != process_id:
            continue
        if process.find(f"{{{BPMN_NS}}}extensionElements/{MAP_TAG}") is not None:
            return process
    which = f"process {process_id!r}" if process_id else "no process"
    raise BpmnExtensionError(f"{which} carries vsm-editor data (vsm:map)")


def _decode(element: etree._Element) -> object:
    try:
        return msgspec.json.decode((element.text or "").encode("utf-8"))
    except msgspec.DecodeError as err:
        tag = etree.QName(element).localname
        raise BpmnExtensionError(f"vsm:{tag} does not hold valid JSON: {err}") from None


def _ordered(process: etree._Element, tag: str) -> list[object]:
    """The JSON of every ``tag`` element under the process, by its ``index`` attribute."""
    found: list[tuple[int, int, object]] = []
    for position, element in enumerate(process.iter(tag)):
        index = element.get("index")
        try:
            order = int(index) if index is not None else position
        except ValueError:
            raise BpmnExtensionError(f"vsm element with a bad index {index!r}") from None
        found.append((order, position, _decode(element)))
    found.sort(key=lambda item: (item[0], item[1]))
    return [item[2] for item in found]
