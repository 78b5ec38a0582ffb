"""Referential integrity of a map: valid unique ids, no dangling references, no self-loops
or duplicate handoffs. Used on load and by every change the document makes."""

from __future__ import annotations

from collections.abc import Callable

from vsm_editor.model.entities import AnatomyMap
from vsm_editor.model.errors import IntegrityError
from vsm_editor.model.ids import ID_PATTERN, is_valid_id

# Which fields of each element kind refer to which kind. List fields hold several ids.
REFERENCE_FIELDS: dict[str, dict[str, str]] = {
    "stage": {"lane": "lane", "outcomes": "outcome"},
    "handoff": {"source": "stage", "target": "stage"},
    "logic": {"stages": "stage", "decision": "decision", "control_point": "control_point"},
    "component": {"realizes": "logic"},
    "control_point": {"component": "component"},
}

# Where each kind lives in the file, for error locations.
COLLECTION_PATHS: dict[str, str] = {
    "lane": "lanes",
    "stage": "stages",
    "handoff": "handoffs",
    "outcome": "outcomes",
    "control_point": "catalogue.control_points",
    "logic": "catalogue.logic",
    "component": "catalogue.components",
}


def collect_kinds(doc: AnatomyMap) -> dict[str, str]:
    """Map every id in ``doc`` to its kind, raising on an invalid or duplicate id."""
    kinds: dict[str, str] = {}

    def claim(element_id: object, kind: str, location: str) -> None:
        if not is_valid_id(element_id):
            raise IntegrityError(
                location,
                f"{element_id!r} is not a valid id (a letter, then letters, digits, _ . -)",
            )
        if element_id in kinds:
            raise IntegrityError(location, f"duplicate id {element_id!r}")
        kinds[element_id] = kind  # type: ignore[index]

    claim(doc.stream.id, "stream", "stream.id")
    for kind, path in COLLECTION_PATHS.items():
        for index, element in enumerate(elements_of(doc, kind)):
            claim(element.id, kind, f"{path}[{index}].id")
    for s_index, stage in enumerate(doc.stages):
        for d_index, decision in enumerate(stage.decisions):
            claim(decision.id, "decision", f"stages[{s_index}].decisions[{d_index}].id")
        for i_index, idea in enumerate(stage.improvements):
            claim(idea.id, "improvement", f"stages[{s_index}].improvements[{i_index}].id")
    return kinds


def elements_of(doc: AnatomyMap, kind: str) -> list:
    """The top-level list that holds elements of ``kind``."""
    if kind == "lane":
        return doc.lanes
    if kind == "stage":
        return doc.stages
    if kind == "handoff":
        return doc.handoffs
    if kind == "outcome":
        return doc.outcomes
    if kind == "control_point":
        return doc.catalogue.control_points
    if kind == "logic":
        return doc.catalogue.logic
    if kind == "component":
        return doc.catalogue.components
    raise KeyError(kind)


def check_reference(kinds: dict[str, str], value: object, expected: str, location: str) -> None:
    """Raise unless ``value`` (an id or a list of ids, or None) names elements of ``expected``."""
    if value is None:
        return
    values = value if isinstance(value, list) else [value]
    seen: set[str] = set()
    for position, ref in enumerate(values):
        where = f"{location}[{position}]" if isinstance(value, list) else location
        found = kinds.get(ref)  # type: ignore[arg-type]
        if found is None:
            raise IntegrityError(where, f"refers to {ref!r}, which does not exist")
        if found != expected:
            raise IntegrityError(where, f"refers to {ref!r}, a {found}, not a {expected}")
        if ref in seen:
            raise IntegrityError(where, f"lists {ref!r} twice")
        seen.add(ref)  # type: ignore[arg-type]


def check_map(doc: AnatomyMap) -> dict[str, str]:
    """Check every invariant of ``doc``; return the id → kind map. Raises IntegrityError.

    A fast pass builds no strings; only when it finds a problem does the precise pass run to
    say exactly what and where.
    """
    try:
        return _fast_check(doc)
    except _InvalidError:
        pass
    locate_problem(doc)
    raise AssertionError("the fast integrity check refused a map the precise one accepts")


class _InvalidError(Exception):
    """Something is wrong; :func:`locate_problem` says what and where."""


def _fast_check(doc: AnatomyMap) -> dict[str, str]:
    match = ID_PATTERN.match
    kinds: dict[str, str] = {}
    owner: dict[str, str] = {}

    def claim(element_id: object, kind: str) -> None:
        if type(element_id) is not str or match(element_id) is None or element_id in kinds:
            raise _InvalidError
        kinds[element_id] = kind

    claim(doc.stream.id, "stream")
    for kind in COLLECTION_PATHS:
        for item in elements_of(doc, kind):
            claim(item.id, kind)
    for stage in doc.stages:
        for decision in stage.decisions:
            claim(decision.id, "decision")
            owner[decision.id] = stage.id
        for idea in stage.improvements:
            claim(idea.id, "improvement")
    get = kinds.get
    for stage in doc.stages:
        if stage.lane is not None and get(stage.lane) != "lane":
            raise _InvalidError
        _fast_refs(get, stage.outcomes, "outcome")
    pairs: set[tuple[str, str, str]] = set()
    for handoff in doc.handoffs:
        source, target = handoff.source, handoff.target
        if get(source) != "stage" or get(target) != "stage" or source == target:
            raise _InvalidError
        pair = (source, target, handoff.kind)
        if pair in pairs:
            raise _InvalidError
        pairs.add(pair)
    catalogue = doc.catalogue
    for item in catalogue.logic:
        _fast_refs(get, item.stages, "stage")
        if item.decision is not None and (
            get(item.decision) != "decision" or owner[item.decision] not in item.stages
        ):
            raise _InvalidError
        if item.control_point is not None and get(item.control_point) != "control_point":
            raise _InvalidError
    for component in catalogue.components:
        _fast_refs(get, component.realizes, "logic")
    for point in catalogue.control_points:
        if point.component is not None and get(point.component) != "component":
            raise _InvalidError
    return kinds


def _fast_refs(get: Callable[[str], str | None], values: list[str], expected: str) -> None:
    for value in values:
        if get(value) != expected:
            raise _InvalidError
    if len(values) > 1 and len(set(values)) != len(values):
        raise _InvalidError


def locate_problem(doc: AnatomyMap) -> dict[str, str]:
    """The precise check: raises an IntegrityError naming the first problem's location."""
    kinds = collect_kinds(doc)
    for kind, fields in REFERENCE_FIELDS.items():
        path = COLLECTION_PATHS[kind]
        for index, element in enumerate(elements_of(doc, kind)):
            for field, expected in fields.items():
                check_reference(
                    kinds, getattr(element, field), expected, f"{path}[{index}].{field}"
                )
    check_handoff_pairs(doc)
    check_logic_decisions(doc)
    return kinds


def check_handoff_pairs(doc: AnatomyMap) -> None:
    """No self-loops, and at most one handoff of each kind between two stages."""
    pairs: set[tuple[str, str, str]] = set()
    for index, handoff in enumerate(doc.handoffs):
        if handoff.source == handoff.target:
            raise IntegrityError(f"handoffs[{index}].target", "a handoff cannot loop to its source")
        pair = (handoff.source, handoff.target, handoff.kind)
        if pair in pairs:
            raise IntegrityError(
                f"handoffs[{index}]",
                f"a second {handoff.kind} handoff from {handoff.source!r} to {handoff.target!r}",
            )
        pairs.add(pair)


def check_logic_decisions(doc: AnatomyMap) -> None:
    """A logic item's decision belongs to one of the stages the item applies at."""
    owner: dict[str, str] = {}
    for stage in doc.stages:
        for decision in stage.decisions:
            owner[decision.id] = stage.id
    for index, item in enumerate(doc.catalogue.logic):
        if item.decision is not None and owner.get(item.decision) not in item.stages:
            raise IntegrityError(
                f"catalogue.logic[{index}].decision",
                f"decision {item.decision!r} is not on a stage this logic item applies at",
            )
