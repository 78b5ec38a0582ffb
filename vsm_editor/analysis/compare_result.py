"""The result of comparing two maps: differences, the matching, metrics and idea links.

A :class:`Difference` is one kind of change on one element: a stage that was renamed and
moved gives two differences. Each names exactly what changed as :class:`FieldChange` s.
Values in a change are the model's own values (strings, numbers, ``Duration``…); the
formatters turn them into text or JSON.

Conventions for the ``old``/``new`` of a change:

* a scalar field (``name``, ``x``, ``process_time``, ``lane``, ``control_point``…): the
  value in A and in B (element references as each map's own id, ``None`` when unset);
* a set of links (``outcomes``, ``logic``, ``control_points``, ``components``, ``stages``,
  ``realizes``): ``old`` lists the links only A has, ``new`` those only B has (each in its
  own map's ids), so a change names exactly the links added and removed;
* a sub-item of a stage (``decisions``, ``improvements``): ``item_a``/``item_b`` are its id
  in A and in B; ``old is None`` means it was added, ``new is None`` removed, otherwise its
  text (or, for ``decisions.notes``…, that field) changed; ``decisions.order`` holds the two
  orders of the decisions both maps have.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Literal

from vsm_editor.analysis.compare_names import element_names
from vsm_editor.model.entities import AnatomyMap

DifferenceKind = Literal["added", "removed", "renamed", "moved", "re-annotated", "edited"]
ElementKind = Literal[
    "stream", "lane", "stage", "handoff", "outcome", "control_point", "logic", "component"
]

DIFFERENCE_KINDS: tuple[DifferenceKind, ...] = (
    "added", "removed", "renamed", "moved", "re-annotated", "edited"
)
ELEMENT_KINDS: tuple[ElementKind, ...] = (
    "stream", "lane", "stage", "handoff", "outcome", "control_point", "logic", "component"
)
MIRROR_KIND: dict[str, DifferenceKind] = {"added": "removed", "removed": "added"}


@dataclass(frozen=True, slots=True)
class FieldChange:
    """One field that differs between the matched elements (see the module docstring).

    ``layer`` is ``P1``…``P4`` or ``flow`` for a re-annotation, ``layout`` for a move and
    ``""`` otherwise.
    """

    field: str
    old: Any
    new: Any
    layer: str = ""
    item_a: str | None = None
    item_b: str | None = None

    def mirrored(self) -> FieldChange:
        """The same change seen from B to A."""
        return FieldChange(self.field, self.new, self.old, self.layer, self.item_b, self.item_a)


@dataclass(frozen=True, slots=True)
class Difference:
    """One kind of change on one element.

    ``a_id``/``b_id`` are the element's id in each map (``None`` on the side it is missing
    from); ``matched_by`` says how the pair was found (``id``, ``name``, for handoffs
    ``endpoints``, for the two streams always ``stream``; ``""`` for added/removed).
    ``detail`` says which way it moved (``position``, ``lane``, ``lane and position``,
    ``order``, ``source``, ``target``, ``source and target``) or which layers were
    re-annotated (``P1, flow``).
    """

    kind: DifferenceKind
    element: ElementKind
    a_id: str | None
    b_id: str | None
    a_name: str = ""
    b_name: str = ""
    changes: tuple[FieldChange, ...] = ()
    detail: str = ""
    matched_by: str = ""

    @property
    def element_id(self) -> str:
        """The id to show: B's when the element exists there, else A's."""
        return self.b_id if self.b_id is not None else self.a_id or ""

    def mirrored(self) -> Difference:
        """The same difference seen from B to A (added ↔ removed, old ↔ new)."""
        return Difference(
            kind=MIRROR_KIND.get(self.kind, self.kind),
            element=self.element,
            a_id=self.b_id,
            b_id=self.a_id,
            a_name=self.b_name,
            b_name=self.a_name,
            changes=tuple(change.mirrored() for change in self.changes),
            detail=self.detail,
            matched_by=self.matched_by,
        )


@dataclass(frozen=True, slots=True)
class MetricRow:
    """One row of the metrics table: the value in A, in B and the change (B − A).

    Times are hours (``unit`` ``h``), efficiency and %C&A percent (the change then in
    percentage points), coverage a count of stages out of ``a_of``/``b_of``. The bottleneck
    row holds stage ids with their names in ``a_label``/``b_label``, no delta, and a
    ``note``: ``same stage`` (B's bottleneck is the matched stage of A's) or
    ``another stage``.
    """

    key: str
    label: str
    unit: str
    a: float | int | str | None
    b: float | int | str | None
    delta: float | int | None = None
    a_of: int | None = None
    b_of: int | None = None
    a_label: str = ""
    b_label: str = ""
    note: str = ""


@dataclass(frozen=True, slots=True)
class Realization:
    """A stage of B that realizes an idea, and why (``same stage``, ``carries the idea``,
    ``mentions the idea``)."""

    stage: str
    name: str
    reasons: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class IdeaLink:
    """An improvement idea on A's stage ``stage`` and the stages of B realizing it.

    ``stage_in_b`` is the matched stage of ``stage`` in B (``None`` when it was removed).
    """

    idea: str
    text: str
    stage: str
    stage_name: str
    stage_in_b: str | None
    realized_by: tuple[Realization, ...] = ()


@dataclass
class Pairing:
    """How the elements of one kind were matched: A id → B id and back, and how."""

    a_to_b: dict[str, str] = field(default_factory=dict)
    b_to_a: dict[str, str] = field(default_factory=dict)
    how: dict[str, str] = field(default_factory=dict)  # A id → "id" | "name" | "endpoints"
    same_id: set[str] = field(default_factory=set)  # the ids matched to themselves

    def add(self, a_id: str, b_id: str, how: str) -> None:
        """Record that ``a_id`` in A is ``b_id`` in B."""
        self.a_to_b[a_id] = b_id
        self.b_to_a[b_id] = a_id
        self.how[a_id] = how
        if a_id == b_id:
            self.same_id.add(a_id)

    def add_same(self, ids: list[str]) -> None:
        """Record that each of ``ids`` is the same element on both sides (matched by id)."""
        self.a_to_b.update(zip(ids, ids, strict=True))
        self.b_to_a.update(zip(ids, ids, strict=True))
        self.how.update(dict.fromkeys(ids, "id"))
        self.same_id.update(ids)

    def to_b(self, a_id: str | None) -> object:
        """``a_id`` in B's ids: ``None`` stays ``None``; an unmatched id becomes a marker
        equal to nothing in B, so a comparison with B's value sees a change."""
        if a_id is None:
            return None
        found = self.a_to_b.get(a_id)
        return found if found is not None else ("only in A", a_id)

    def only_in_a(self, a_ids: list[str] | set[str], b_ids: list[str] | set[str]) -> list[str]:
        """The links of ``a_ids`` whose match is not among ``b_ids`` (in A's order)."""
        b_set = set(b_ids)
        a_to_b = self.a_to_b
        return [x for x in a_ids if a_to_b.get(x) not in b_set]

    def only_in_b(self, a_ids: list[str] | set[str], b_ids: list[str] | set[str]) -> list[str]:
        """The links of ``b_ids`` whose match is not among ``a_ids`` (in B's order)."""
        a_set = set(a_ids)
        b_to_a = self.b_to_a
        return [x for x in b_ids if b_to_a.get(x) not in a_set]


@dataclass
class Matching:
    """The pairings of every element kind (decisions and improvements too)."""

    lanes: Pairing = field(default_factory=Pairing)
    stages: Pairing = field(default_factory=Pairing)
    handoffs: Pairing = field(default_factory=Pairing)
    outcomes: Pairing = field(default_factory=Pairing)
    control_points: Pairing = field(default_factory=Pairing)
    logic: Pairing = field(default_factory=Pairing)
    components: Pairing = field(default_factory=Pairing)
    decisions: Pairing = field(default_factory=Pairing)
    improvements: Pairing = field(default_factory=Pairing)


@dataclass(frozen=True)
class Comparison:
    """Everything :func:`~vsm_editor.analysis.compare.compare_maps` found.

    ``differences`` are ordered by element kind (stream, lanes, stages, handoffs, outcomes,
    control points, logic, components), then A's order (B's for added elements), then
    difference kind. ``a_map``/``b_map`` are the compared maps; ``names_a``/``names_b`` give
    every element's display name by id (for showing links by name).
    """

    a_stream: str
    b_stream: str
    a_name: str
    b_name: str
    differences: tuple[Difference, ...] = ()
    matching: Matching = field(default_factory=Matching)
    metrics: tuple[MetricRow, ...] = ()
    ideas: tuple[IdeaLink, ...] = ()
    a_map: AnatomyMap | None = field(default=None, repr=False, compare=False)
    b_map: AnatomyMap | None = field(default=None, repr=False, compare=False)

    @cached_property
    def names_a(self) -> dict[str, str]:
        """Every element of A's display name by id (built on first use)."""
        return element_names(self.a_map) if self.a_map is not None else {}

    @cached_property
    def names_b(self) -> dict[str, str]:
        """Every element of B's display name by id (built on first use)."""
        return element_names(self.b_map) if self.b_map is not None else {}

    @property
    def equal(self) -> bool:
        """No differences at all."""
        return not self.differences

    def counts(self) -> dict[str, int]:
        """How many differences of each kind (every kind listed, in order)."""
        found = Counter(d.kind for d in self.differences)
        return {kind: found[kind] for kind in DIFFERENCE_KINDS}

    def of_kind(self, kind: str) -> list[Difference]:
        """The differences of one kind."""
        return [d for d in self.differences if d.kind == kind]

    def for_a(self, a_id: str) -> list[Difference]:
        """The differences about A's element ``a_id`` (for selecting on A's canvas)."""
        return [d for d in self.differences if d.a_id == a_id]

    def for_b(self, b_id: str) -> list[Difference]:
        """The differences about B's element ``b_id`` (for selecting on B's canvas)."""
        return [d for d in self.differences if d.b_id == b_id]

    def metric(self, key: str) -> MetricRow:
        """The metrics row with ``key`` (``lead_time``, ``coverage_P3``…)."""
        for row in self.metrics:
            if row.key == key:
                return row
        raise KeyError(key)

    def summary(self) -> str:
        """``5 differences: 1 added, 1 removed, 3 re-annotated`` or ``no differences``."""
        total = len(self.differences)
        if not total:
            return "no differences"
        parts = [f"{count} {kind}" for kind, count in self.counts().items() if count]
        return f"{total} difference{'s' * (total != 1)}: " + ", ".join(parts)
