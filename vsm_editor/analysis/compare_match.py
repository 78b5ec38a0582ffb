"""Matching the elements of two maps: by id first, then the rest by name.

The rule, per element kind: two elements with the same id are the same element. Of the
elements left over on both sides, two are the same when their names are equal ignoring case
and runs of whitespace, and that name is unique among the left-over elements of its kind on
*both* sides (two "Review" stages match nothing by name). Empty names never match. Handoffs
left over match when their endpoints are matched stages and their kinds are equal, again
only when unique. Decisions and improvements are matched the same way inside each pair of
matched stages. The rule is symmetric: matching B with A pairs the same elements.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Sequence
from typing import Protocol, TypeVar

from vsm_editor.analysis.compare_result import Matching, Pairing
from vsm_editor.model.entities import AnatomyMap, Decision, Handoff, Improvement


class _HasId(Protocol):
    @property
    def id(self) -> str: ...


T = TypeVar("T", bound=_HasId)


def name_key(text: str) -> str | None:
    """The name as matching sees it: case-folded, whitespace collapsed (``None`` if empty)."""
    key = " ".join(text.split()).casefold()
    return key or None


def pair_elements(
    a_items: Sequence[T],
    b_items: Sequence[T],
    a_key: Callable[[T], Hashable | None],
    b_key: Callable[[T], Hashable | None] | None = None,
    how: str = "name",
    pairing: Pairing | None = None,
) -> Pairing:
    """Pair ``a_items`` with ``b_items`` by id, then the rest by unique key (see the module
    docstring). ``b_key`` defaults to ``a_key``; pairs are added to ``pairing`` if given."""
    pairing = pairing if pairing is not None else Pairing()
    b_ids = {item.id for item in b_items}
    common = [item.id for item in a_items if item.id in b_ids]
    pairing.add_same(common)
    if len(common) == len(a_items) or len(common) == len(b_items):
        return pairing
    matched_b = set(common)
    rest_a = [item for item in a_items if item.id not in matched_b]
    rest_b = [item for item in b_items if item.id not in matched_b]
    unique_a = _unique_by_key(rest_a, a_key)
    unique_b = _unique_by_key(rest_b, b_key or a_key)
    for key, a_item in unique_a.items():
        b_item = unique_b.get(key)
        if b_item is not None:
            pairing.add(a_item.id, b_item.id, how)
    return pairing


def _unique_by_key(items: Iterable[T], key_of: Callable[[T], Hashable | None]) -> dict:
    """Key → item for the keys that exactly one item has (items without a key left out)."""
    found: dict[Hashable, T | None] = {}
    for item in items:
        key = key_of(item)
        if key is None:
            continue
        found[key] = None if key in found else item
    return {key: item for key, item in found.items() if item is not None}


def match_maps(a: AnatomyMap, b: AnatomyMap) -> Matching:
    """Every pairing between ``a`` and ``b`` (see the module docstring)."""
    by_name = lambda element: name_key(element.name)  # noqa: E731
    matching = Matching()
    matching.lanes = pair_elements(a.lanes, b.lanes, by_name)
    matching.stages = pair_elements(a.stages, b.stages, by_name)
    matching.outcomes = pair_elements(
        a.outcomes, b.outcomes, lambda outcome: name_key(outcome.statement)
    )
    cat_a, cat_b = a.catalogue, b.catalogue
    matching.control_points = pair_elements(
        cat_a.control_points, cat_b.control_points, lambda point: name_key(point.subject)
    )
    matching.logic = pair_elements(
        cat_a.logic, cat_b.logic, lambda item: name_key(item.statement)
    )
    matching.components = pair_elements(cat_a.components, cat_b.components, by_name)
    matching.handoffs = _pair_handoffs(a.handoffs, b.handoffs, matching.stages)
    _pair_stage_parts(a, b, matching)
    return matching


def _pair_handoffs(a: list[Handoff], b: list[Handoff], stages: Pairing) -> Pairing:
    a_to_b = stages.a_to_b

    def a_key(handoff: Handoff) -> tuple[str, str, str] | None:
        source, target = a_to_b.get(handoff.source), a_to_b.get(handoff.target)
        if source is None or target is None:
            return None
        return (source, target, handoff.kind)

    def b_key(handoff: Handoff) -> tuple[str, str, str]:
        return (handoff.source, handoff.target, handoff.kind)

    return pair_elements(a, b, a_key, b_key, how="endpoints")


def _pair_stage_parts(a: AnatomyMap, b: AnatomyMap, matching: Matching) -> None:
    """Decisions and improvements: by id across the map (ids are unique map-wide, so one
    moved to another stage keeps its match), then the rest by text inside each pair of
    matched stages."""
    for attribute, pairing in (("decisions", matching.decisions),
                               ("improvements", matching.improvements)):
        b_ids = {item.id for stage in b.stages for item in getattr(stage, attribute)}
        pairing.add_same([
            item.id for stage in a.stages for item in getattr(stage, attribute)
            if item.id in b_ids
        ])
        b_stages = {stage.id: stage for stage in b.stages}
        a_to_b, b_to_a = matching.stages.a_to_b, pairing.b_to_a
        for stage_a in a.stages:
            b_id = a_to_b.get(stage_a.id)
            if b_id is None:
                continue
            rest_a = [x for x in getattr(stage_a, attribute) if x.id not in pairing.a_to_b]
            if not rest_a:
                continue
            rest_b = [x for x in getattr(b_stages[b_id], attribute) if x.id not in b_to_a]
            if rest_b:
                pair_elements(rest_a, rest_b, _text_key, pairing=pairing)


def _text_key(item: Decision | Improvement) -> str | None:
    return name_key(item.text)


def stable_in_order(a_order: Sequence[str], b_rank: dict[str, int]) -> set[str]:
    """The matched elements that kept their place: those in *every* longest sequence of
    ``a_order`` whose B ranks increase. The others moved. (Symmetric: the longest increasing
    sequences of a permutation and of its inverse are the same pairs.)"""
    ranks = [b_rank[x] for x in a_order]
    n = len(ranks)
    before = [1] * n  # longest increasing run ending at i
    for i in range(n):
        for j in range(i):
            if ranks[j] < ranks[i] and before[j] + 1 > before[i]:
                before[i] = before[j] + 1
    after = [1] * n  # longest increasing run starting at i
    for i in range(n - 1, -1, -1):
        for j in range(i + 1, n):
            if ranks[j] > ranks[i] and after[j] + 1 > after[i]:
                after[i] = after[j] + 1
    longest = max(before, default=0)
    on_some = [i for i in range(n) if before[i] + after[i] - 1 == longest]
    per_level: dict[int, int] = {}
    for i in on_some:
        per_level[before[i]] = per_level.get(before[i], 0) + 1
    return {a_order[i] for i in on_some if per_level[before[i]] == 1}
