"""The editable document: a map plus an id index, change events and guarded edits.

Every edit goes through :meth:`Document.insert`, :meth:`Document.remove` or
:meth:`Document.set`; each checks the map's invariants *before* changing anything, so a
refused edit leaves the document untouched. Listeners receive one :class:`ChangeSet` per
outermost :meth:`Document.batch` (one per user action when commands use batches).
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import msgspec

from vsm_editor.model import entities as e
from vsm_editor.model.errors import IntegrityError
from vsm_editor.model.ids import is_valid_id, new_id
from vsm_editor.model.integrity import REFERENCE_FIELDS, check_map, check_reference

# Element kinds and their struct types.
KIND_TYPES: dict[str, type] = {
    "lane": e.Lane,
    "stage": e.Stage,
    "handoff": e.Handoff,
    "outcome": e.Outcome,
    "control_point": e.ControlPoint,
    "logic": e.LogicItem,
    "component": e.Component,
    "decision": e.Decision,
    "improvement": e.Improvement,
    "stream": e.Stream,
}
NESTED_KINDS = {"decision": "decisions", "improvement": "improvements"}
SETTING_SECTIONS = ("analysis", "display", "delivery_metrics")


@dataclass
class Change:
    """One elementary change: ``op`` is ``added``, ``removed``, ``updated`` or ``moved``
    (reordered in its list). Settings sections change as kind ``settings`` with the section
    name as ``id``."""

    op: str
    kind: str
    id: str
    fields: tuple[str, ...] = ()


@dataclass
class ChangeSet:
    """The changes of one user action, delivered to listeners at once."""

    changes: list[Change] = field(default_factory=list)

    def ids(self, op: str | None = None, kind: str | None = None) -> set[str]:
        """Ids touched, optionally filtered by operation and kind."""
        return {
            c.id
            for c in self.changes
            if (op is None or c.op == op) and (kind is None or c.kind == kind)
        }

    def touches_flow(self) -> bool:
        """Whether the flow graph (stages, handoffs, start/end marks, split) may have changed."""
        for c in self.changes:
            if c.kind == "handoff" and (
                c.op != "updated" or {"source", "target", "kind"} & set(c.fields)
            ):
                return True
            if c.kind == "stage" and (
                c.op != "updated" or {"start", "end", "split"} & set(c.fields)
            ):
                return True
        return False


Listener = Callable[[ChangeSet], None]


class Document:
    """A map being edited. ``doc.map`` is the data; never mutate it behind the document's back."""

    def __init__(self, anatomy: e.AnatomyMap, checked: bool = False) -> None:
        """``checked``: ``anatomy`` was checked just now (``load_map`` does), so it is not
        checked again (a quarter of a second at 20,000 stages)."""
        if not checked:
            check_map(anatomy)
        self.map = anatomy
        self._listeners: list[Listener] = []
        self._pending: ChangeSet | None = None
        self._depth = 0
        self.revision = 0  # bumped on every change set; lets caches know they are stale
        self._reindex()

    # ----------------------------------------------------------------- lookup
    def _reindex(self) -> None:
        self._kinds: dict[str, str] = {}
        self._objects: dict[str, Any] = {}
        self._parents: dict[str, str] = {}
        self._register(self.map.stream, "stream")
        for kind, items in self._collections():
            for item in items:
                self._register(item, kind)
        for stage in self.map.stages:
            self._register_nested(stage)

    def _collections(self) -> Iterator[tuple[str, list]]:
        m = self.map
        yield "lane", m.lanes
        yield "stage", m.stages
        yield "handoff", m.handoffs
        yield "outcome", m.outcomes
        yield "control_point", m.catalogue.control_points
        yield "logic", m.catalogue.logic
        yield "component", m.catalogue.components

    def _register(self, obj: Any, kind: str) -> None:
        self._kinds[obj.id] = kind
        self._objects[obj.id] = obj

    def _register_nested(self, stage: e.Stage) -> None:
        for kind, attr in NESTED_KINDS.items():
            for child in getattr(stage, attr):
                self._register(child, kind)
                self._parents[child.id] = stage.id

    def _unregister(self, obj: Any) -> None:
        self._kinds.pop(obj.id, None)
        self._objects.pop(obj.id, None)
        self._parents.pop(obj.id, None)
        if isinstance(obj, e.Stage):
            for attr in NESTED_KINDS.values():
                for child in getattr(obj, attr):
                    self._unregister(child)

    def get(self, element_id: str) -> Any:
        """The element with ``element_id``; KeyError when there is none."""
        return self._objects[element_id]

    def find(self, element_id: str) -> Any | None:
        """The element with ``element_id`` or None."""
        return self._objects.get(element_id)

    def kind_of(self, element_id: str) -> str | None:
        """The kind of ``element_id`` (``stage``, ``handoff`` …) or None."""
        return self._kinds.get(element_id)

    def parent_of(self, element_id: str) -> str | None:
        """The stage holding a decision or improvement."""
        return self._parents.get(element_id)

    def __contains__(self, element_id: object) -> bool:
        return element_id in self._kinds

    def ids(self) -> set[str]:
        """Every id in the map."""
        return set(self._kinds)

    def new_id(self, kind: str) -> str:
        """A fresh id for a new element of ``kind``."""
        return new_id(kind, self._kinds)

    def container(self, kind: str, parent: str | None = None) -> list:
        """The list that holds elements of ``kind`` (for nested kinds, in stage ``parent``)."""
        if kind in NESTED_KINDS:
            if parent is None or self.kind_of(parent) != "stage":
                raise IntegrityError(kind, f"a {kind} needs a stage to live in")
            return getattr(self.get(parent), NESTED_KINDS[kind])
        for name, items in self._collections():
            if name == kind:
                return items
        raise KeyError(kind)

    def index_of(self, element_id: str) -> int:
        """The element's position in its list."""
        kind = self.kind_of(element_id)
        if kind is None or kind == "stream":
            raise KeyError(element_id)
        items = self.container(kind, self.parent_of(element_id))
        obj = self.get(element_id)
        for index, item in enumerate(items):
            if item is obj:
                return index
        raise KeyError(element_id)

    def references_to(self, element_id: str) -> list[tuple[str, str]]:
        """``(referrer id, field)`` for every element that refers to ``element_id``."""
        kind = self.kind_of(element_id)
        found: list[tuple[str, str]] = []
        for referrer_kind, fields in REFERENCE_FIELDS.items():
            for field_name, target_kind in fields.items():
                if target_kind != kind:
                    continue
                for item in self.container(referrer_kind):
                    value = getattr(item, field_name)
                    if value == element_id or (isinstance(value, list) and element_id in value):
                        found.append((item.id, field_name))
        return found

    # ----------------------------------------------------------------- events
    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Call ``listener`` with each change set; returns a function that unsubscribes."""
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener) if listener in self._listeners else None

    @contextmanager
    def batch(self) -> Iterator[None]:
        """Group the changes made inside into one change set."""
        if self._depth == 0:
            self._pending = ChangeSet()
        self._depth += 1
        try:
            yield
        finally:
            self._depth -= 1
            if self._depth == 0:
                pending, self._pending = self._pending, None
                if pending is not None and pending.changes:
                    self.revision += 1
                    for listener in list(self._listeners):
                        listener(pending)

    def _emit(self, change: Change) -> None:
        with self.batch():
            assert self._pending is not None
            self._pending.changes.append(change)

    # ----------------------------------------------------------------- edits
    def insert(
        self, kind: str, obj: Any, index: int | None = None, parent: str | None = None
    ) -> int:
        """Add ``obj`` (a new element of ``kind``) at ``index``; returns where it went."""
        if kind == "stream" or kind not in KIND_TYPES:
            raise IntegrityError(kind, f"cannot insert a {kind}")
        if not isinstance(obj, KIND_TYPES[kind]):
            raise IntegrityError(kind, f"expected a {KIND_TYPES[kind].__name__}")
        items = self.container(kind, parent)
        try:
            msgspec.convert(msgspec.to_builtins(obj), type=KIND_TYPES[kind])
        except (msgspec.ValidationError, TypeError) as err:
            raise IntegrityError(kind, f"invalid value: {err}") from err
        self._check_new_element(kind, obj)
        position = len(items) if index is None else max(0, min(index, len(items)))
        items.insert(position, obj)
        self._register(obj, kind)
        if kind in NESTED_KINDS:
            self._parents[obj.id] = parent  # type: ignore[assignment]
        if kind == "stage":
            self._register_nested(obj)
        self._emit(Change("added", kind, obj.id))
        return position

    def _check_new_element(self, kind: str, obj: Any) -> None:
        new_ids = [obj.id]
        if kind == "stage":
            for attr in NESTED_KINDS.values():
                new_ids.extend(child.id for child in getattr(obj, attr))
        for element_id in new_ids:
            if not is_valid_id(element_id):
                raise IntegrityError(f"{kind}.id", f"{element_id!r} is not a valid id")
            if element_id in self._kinds:
                raise IntegrityError(f"{kind}.id", f"duplicate id {element_id!r}")
        if len(set(new_ids)) != len(new_ids):
            raise IntegrityError(f"{kind}.id", "duplicate ids inside the new element")
        for field_name, target in REFERENCE_FIELDS.get(kind, {}).items():
            check_reference(self._kinds, getattr(obj, field_name), target, f"{kind}.{field_name}")
        if kind == "handoff":
            self._check_handoff(obj, ignore=None)
        if kind == "logic":
            self._check_logic_decision(obj.decision, obj.stages)

    def _check_handoff(self, handoff: e.Handoff, ignore: str | None) -> None:
        if handoff.source == handoff.target:
            raise IntegrityError("handoff.target", "a handoff cannot loop to its source")
        for other in self.map.handoffs:
            if other.id in (ignore, handoff.id):
                continue
            if (other.source, other.target, other.kind) == (
                handoff.source,
                handoff.target,
                handoff.kind,
            ):
                raise IntegrityError(
                    "handoff", f"there is already a {handoff.kind} handoff between these stages"
                )

    def _check_logic_decision(self, decision: str | None, stages: list[str]) -> None:
        if decision is not None and self.parent_of(decision) not in stages:
            raise IntegrityError(
                "logic.decision", "the decision must be on a stage this logic item applies at"
            )

    def remove(self, element_id: str) -> tuple[int, Any]:
        """Remove an element nothing refers to; returns ``(index, element)`` for undo.

        A stage's own decisions and improvements go with it, so they must not be referred
        to either. Commands unlink references first (as recorded sub-commands).
        """
        kind = self.kind_of(element_id)
        if kind is None or kind == "stream":
            raise IntegrityError(element_id, "no such element")
        obj = self.get(element_id)
        doomed = [element_id]
        if kind == "stage":
            for attr in NESTED_KINDS.values():
                doomed.extend(child.id for child in getattr(obj, attr))
        for doomed_id in doomed:
            refs = self.references_to(doomed_id)
            if refs:
                referrer, field_name = refs[0]
                raise IntegrityError(
                    element_id, f"{doomed_id!r} is still referred to by {referrer!r}.{field_name}"
                )
        parent = self.parent_of(element_id)
        index = self.index_of(element_id)
        self.container(kind, parent).pop(index)
        self._unregister(obj)
        self._emit(Change("removed", kind, element_id))
        return index, obj

    def set(self, element_id: str, field_name: str, value: Any) -> Any:
        """Set one field of one element after checking it; returns the old value.

        Values are deep-copied in, so callers may keep and reuse theirs (undo stores old ones).
        """
        kind = self.kind_of(element_id)
        if kind is None:
            raise IntegrityError(element_id, "no such element")
        obj = self.get(element_id)
        if field_name == "id" or field_name not in obj.__struct_fields__:
            raise IntegrityError(f"{kind}.{field_name}", "not an editable field")
        if kind == "stage" and field_name in NESTED_KINDS.values():
            raise IntegrityError(f"stage.{field_name}", "edit decisions and ideas one by one")
        value = copy.deepcopy(value)
        self._check_value(kind, obj, field_name, value)
        old = getattr(obj, field_name)
        if old == value:
            return copy.deepcopy(old)
        setattr(obj, field_name, value)
        self._emit(Change("updated", kind, element_id, (field_name,)))
        return old

    def _check_value(self, kind: str, obj: Any, field_name: str, value: Any) -> None:
        try:
            msgspec.convert(msgspec.to_builtins(value), type=_field_type(type(obj), field_name))
        except (msgspec.ValidationError, TypeError) as err:
            raise IntegrityError(f"{kind}.{field_name}", f"invalid value: {err}") from err
        target = REFERENCE_FIELDS.get(kind, {}).get(field_name)
        if target is not None:
            check_reference(self._kinds, value, target, f"{kind}.{field_name}")
        if kind == "handoff" and field_name in ("source", "target", "kind"):
            trial = copy.copy(obj)
            setattr(trial, field_name, value)
            self._check_handoff(trial, ignore=obj.id)
        if kind == "logic" and field_name in ("decision", "stages"):
            decision = value if field_name == "decision" else obj.decision
            stages = value if field_name == "stages" else obj.stages
            self._check_logic_decision(decision, stages)

    def move(self, element_id: str, index: int) -> int:
        """Move an element to ``index`` of its own list (lanes, decisions, catalogue items…);
        returns its old index. References are untouched: ids do not change."""
        kind = self.kind_of(element_id)
        if kind is None or kind == "stream":
            raise IntegrityError(element_id, "no such element")
        items = self.container(kind, self.parent_of(element_id))
        old = self.index_of(element_id)
        new = max(0, min(index, len(items) - 1))
        if new != old:
            items.insert(new, items.pop(old))
            self._emit(Change("moved", kind, element_id))
        return old

    def set_setting(self, section: str, field_name: str, value: Any) -> Any:
        """Set one field of a map-wide settings section (``analysis``, ``display``,
        ``delivery_metrics``); returns the old value. Emits ``updated``/``settings``/section."""
        if section not in SETTING_SECTIONS:
            raise IntegrityError(section, "not a settings section")
        holder = getattr(self.map, section)
        if field_name not in holder.__struct_fields__:
            raise IntegrityError(f"{section}.{field_name}", "no such setting")
        value = copy.deepcopy(value)
        try:
            msgspec.convert(msgspec.to_builtins(value), type=_field_type(type(holder), field_name))
        except (msgspec.ValidationError, TypeError) as err:
            raise IntegrityError(f"{section}.{field_name}", f"invalid value: {err}") from err
        old = getattr(holder, field_name)
        if old != value:
            setattr(holder, field_name, value)
            self._emit(Change("updated", "settings", section, (field_name,)))
        return old

    # ----------------------------------------------------------------- whole map
    def snapshot(self) -> e.AnatomyMap:
        """A deep copy of the map (for comparisons and tests)."""
        return copy.deepcopy(self.map)


_FIELD_TYPES: dict[tuple[type, str], Any] = {}


def _field_type(struct: type, field_name: str) -> Any:
    key = (struct, field_name)
    if key not in _FIELD_TYPES:
        hints = msgspec.structs.fields(struct)
        for info in hints:
            _FIELD_TYPES[(struct, info.name)] = info.type
    return _FIELD_TYPES[key]
