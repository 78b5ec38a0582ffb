"""Plain-word answers to "may this field take this value?", asked before an edit runs.

They mirror the document's own guards (which still run, and win) so a refused edit can be
explained before anything changes.
"""

from __future__ import annotations

from typing import Any

import msgspec

from vsm_editor.model.document import NESTED_KINDS, Document
from vsm_editor.model.integrity import REFERENCE_FIELDS

KIND_LABELS = {
    "lane": "lane",
    "stage": "stage",
    "handoff": "handoff",
    "outcome": "outcome",
    "control_point": "control point",
    "logic": "logic item",
    "component": "component",
    "decision": "decision",
    "improvement": "improvement idea",
    "stream": "stream",
}

_FIELD_TYPES: dict[tuple[type, str], Any] = {}


def field_type(struct: type, field_name: str) -> Any:
    """The declared type of ``struct.field_name``."""
    key = (struct, field_name)
    if key not in _FIELD_TYPES:
        for info in msgspec.structs.fields(struct):
            _FIELD_TYPES[(struct, info.name)] = info.type
    return _FIELD_TYPES[key]


def coerce(struct: type, field_name: str, value: Any) -> Any:
    """``value`` as the field's declared type (ints become floats, dicts become structs).
    Raises ``msgspec.ValidationError`` or ``TypeError`` when it cannot be."""
    return msgspec.convert(msgspec.to_builtins(value), type=field_type(struct, field_name))


def label(doc: Document, element_id: str) -> str:
    """``stage 'Review'`` — how an element is named in a reason."""
    kind = doc.kind_of(element_id)
    if kind is None:
        return repr(element_id)
    obj = doc.get(element_id)
    text = (
        getattr(obj, "name", None)
        or getattr(obj, "text", None)
        or getattr(obj, "statement", None)
        or element_id
    )
    return f"{KIND_LABELS.get(kind, kind)} {text!r}"


def article(noun: str) -> str:
    """``a stage``, ``an outcome``."""
    return ("an " if noun[:1] in "aeiou" else "a ") + noun


def missing(doc: Document, element_id: str, kind: str | None = None) -> str | None:
    """A reason when ``element_id`` does not exist (or is not of ``kind``)."""
    found = doc.kind_of(element_id)
    if found is None:
        return f"there is no element {element_id!r}"
    if kind is not None and found != kind:
        return f"{label(doc, element_id)} is not {article(KIND_LABELS.get(kind, kind))}"
    return None


def handoff_problem(
    doc: Document, source: str, target: str, kind: str, ignore: str | None = None
) -> str | None:
    """Why a handoff ``source → target`` of ``kind`` cannot exist, or None."""
    for end in (source, target):
        reason = missing(doc, end, "stage")
        if reason:
            return reason
    if source == target:
        return "a stage cannot hand off to itself"
    for other in doc.map.handoffs:
        if other.id != ignore and (other.source, other.target, other.kind) == (
            source,
            target,
            kind,
        ):
            return (
                f"there is already {article(kind)} handoff from {label(doc, source)} "
                f"to {label(doc, target)}"
            )
    return None


def field_problem(doc: Document, element_id: str, field_name: str, value: Any) -> str | None:
    """Why ``element_id.field_name = value`` would be refused, or None."""
    reason = missing(doc, element_id)
    if reason:
        return reason
    kind = doc.kind_of(element_id)
    assert kind is not None
    obj = doc.get(element_id)
    what = KIND_LABELS.get(kind, kind)
    if field_name == "id" or field_name not in obj.__struct_fields__:
        return f"a {what} has no editable field {field_name!r}"
    if kind == "stage" and field_name in NESTED_KINDS.values():
        return "decisions and improvement ideas are added and removed one by one"
    try:
        value = coerce(type(obj), field_name, value)
    except (msgspec.ValidationError, TypeError) as err:
        return f"{what} {field_name}: {err}"
    target_kind = REFERENCE_FIELDS.get(kind, {}).get(field_name)
    if target_kind is not None and value is not None:
        refs = value if isinstance(value, list) else [value]
        if len(set(refs)) != len(refs):
            return f"{what} {field_name} lists an element twice"
        for ref in refs:
            reason = missing(doc, ref, target_kind)
            if reason:
                return reason
    if kind == "handoff" and field_name in ("source", "target", "kind"):
        trial = {"source": obj.source, "target": obj.target, "kind": obj.kind, field_name: value}
        return handoff_problem(doc, trial["source"], trial["target"], trial["kind"], obj.id)
    if kind == "logic" and field_name in ("decision", "stages"):
        decision = value if field_name == "decision" else obj.decision
        stages = value if field_name == "stages" else obj.stages
        if decision is not None and doc.parent_of(decision) not in stages:
            return "a logic item's decision must be on a stage it applies at"
    return None
