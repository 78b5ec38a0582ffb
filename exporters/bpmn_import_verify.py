"""Does an exported process still hold the elements we wrote? (Then its vsm-editor data
describes it, and the import restores the map from that data.)

The check compares the process's BPMN elements with those of a fresh export of the map the
data describes: ids, kinds, names, flow ends and lane members; layout, formatting, attribute
order and other tools' extension data do not matter.
"""

from __future__ import annotations

from lxml import etree
from vsm_editor.exporters.bpmn import export_bpmn
from vsm_editor.exporters.bpmn_extensions import BPMN_NS
from vsm_editor.exporters.bpmn_xml import parse_safely

from vsm_editor.model.entities import AnatomyMap

_SKIP = frozenset({"extensionElements", "incoming", "outgoing", "documentation",
                   "conditionExpression", "text"})


def signature(process: etree._Element) -> set[tuple[str, ...]]:
    """The comparable content of a process: one tuple per BPMN element."""
    found: set[tuple[str, ...]] = set()
    prefix = f"{{{BPMN_NS}}}"
    for element in process.iter():
        if not isinstance(element.tag, str) or not element.tag.startswith(prefix):
            continue
        kind = element.tag[len(prefix):]
        if kind in _SKIP or any(
            isinstance(a.tag, str) and a.tag == f"{prefix}extensionElements"
            for a in element.iterancestors()
        ):
            continue
        if kind == "flowNodeRef":
            parent = element.getparent()
            found.add(("ref", parent.get("id", "") if parent is not None else "",
                       (element.text or "").strip()))
            continue
        found.add((kind, element.get("id", ""), element.get("name", ""),
                   element.get("sourceRef", ""), element.get("targetRef", "")))
    return found


def matches_export(process: etree._Element, anatomy: AnatomyMap) -> bool:
    """Whether ``process`` has the same elements as the export of ``anatomy``."""
    try:
        fresh = parse_safely(export_bpmn(anatomy))
    except ValueError:
        return False
    again = fresh.find(f"{{{BPMN_NS}}}process")
    return again is not None and signature(again) == signature(process)
