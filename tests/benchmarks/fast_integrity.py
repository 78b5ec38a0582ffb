"""A prototype of a faster :func:`vsm_editor.model.integrity.check_map` (not used by the model).

The model's check builds a location string for every id and every reference it checks
(~60,000 f-strings for a 5,000-stage map) and a fresh set per reference field. This version
checks the same invariants with plain loops and builds no strings on the happy path; when
anything is wrong it calls the model's check, which finds the same problem and raises the
same located :class:`IntegrityError`. ``bench_integrity.py`` measures it and checks that it
agrees with the model on random maps.
"""

from __future__ import annotations

from vsm_editor.model.entities import AnatomyMap
from vsm_editor.model.ids import ID_PATTERN
from vsm_editor.model.integrity import check_map


class _InvalidError(Exception):
    """Something is wrong: let the precise check say what and where."""


def fast_check_map(doc: AnatomyMap) -> dict[str, str]:
    """Same contract as ``check_map``: the id → kind map, or a located IntegrityError."""
    try:
        return _check(doc)
    except _InvalidError:
        check_map(doc)  # raises the located error
        raise AssertionError("fast check refused a map the model accepts") from None


def _check(doc: AnatomyMap) -> dict[str, str]:
    match = ID_PATTERN.match
    kinds: dict[str, str] = {}
    owner: dict[str, str] = {}

    def claim(element_id: object, kind: str) -> None:
        if type(element_id) is not str or match(element_id) is None or element_id in kinds:
            raise _InvalidError
        kinds[element_id] = kind

    claim(doc.stream.id, "stream")
    catalogue = doc.catalogue
    for kind, items in (
        ("lane", doc.lanes), ("stage", doc.stages), ("handoff", doc.handoffs),
        ("outcome", doc.outcomes), ("control_point", catalogue.control_points),
        ("logic", catalogue.logic), ("component", catalogue.components),
    ):
        for item in items:
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
        _refs(get, stage.outcomes, "outcome")
    pairs: set[tuple[str, str, str]] = set()
    for handoff in doc.handoffs:
        source, target = handoff.source, handoff.target
        if get(source) != "stage" or get(target) != "stage" or source == target:
            raise _InvalidError
        pair = (source, target, handoff.kind)
        if pair in pairs:
            raise _InvalidError
        pairs.add(pair)
    for item in catalogue.logic:
        _refs(get, item.stages, "stage")
        if item.decision is not None and (
            get(item.decision) != "decision" or owner[item.decision] not in item.stages
        ):
            raise _InvalidError
        if item.control_point is not None and get(item.control_point) != "control_point":
            raise _InvalidError
    for component in catalogue.components:
        _refs(get, component.realizes, "logic")
    for point in catalogue.control_points:
        if point.component is not None and get(point.component) != "component":
            raise _InvalidError
    return kinds


def _refs(get, values: list[str], expected: str) -> None:
    for value in values:
        if get(value) != expected:
            raise _InvalidError
    if len(values) > 1 and len(set(values)) != len(values):
        raise _InvalidError
