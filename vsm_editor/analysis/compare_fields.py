"""Collecting the field changes of one matched pair and turning them into differences.

Which field is which kind of difference:

* **renamed**: the element's name (a stage's, lane's or component's ``name``, an outcome's
  or logic item's ``statement``, a control point's ``subject``, a handoff's ``label``);
* **moved**: a stage's lane, or its ``x``/``y`` by more than :data:`MOVE_TOLERANCE`;
  a lane's place in the lane order; a handoff re-attached to another source or target;
* **re-annotated**: P1–P4 content and flow numbers (each change names its layer);
* **edited**: everything else the user wrote (owner, description, notes, size, colour,
  improvements, a handoff's artifact).
"""

from __future__ import annotations

from typing import Any

from vsm_editor.analysis.compare_result import Difference, ElementKind, FieldChange, Pairing

MOVE_TOLERANCE = 1.0  # map units; drags of less than this are not moves
LAYER_ORDER = ("P1", "P2", "P3", "P4", "flow")


class PairChanges:
    """The changes found on one matched pair, by difference kind."""

    __slots__ = ("annotated", "edited", "moved", "renamed")

    def __init__(self) -> None:
        self.renamed: list[FieldChange] = []
        self.moved: list[FieldChange] = []
        self.annotated: list[FieldChange] = []
        self.edited: list[FieldChange] = []

    def any(self) -> bool:
        """Whether anything changed."""
        return bool(self.renamed or self.moved or self.annotated or self.edited)

    def rename(self, field: str, old: str, new: str) -> None:
        """Record a changed name."""
        if old != new:
            self.renamed.append(FieldChange(field, old, new))

    def annotate(self, field: str, old: Any, new: Any, layer: str) -> None:
        """Record a changed P1–P4 or flow field."""
        if old != new:
            self.annotated.append(FieldChange(field, old, new, layer))

    def edit(self, field: str, old: Any, new: Any) -> None:
        """Record another changed field."""
        if old != new:
            self.edited.append(FieldChange(field, old, new))

    def edit_size(self, field: str, old: float, new: float) -> None:
        """Record a changed size beyond the tolerance."""
        if abs(old - new) > MOVE_TOLERANCE:
            self.edited.append(FieldChange(field, old, new))

    def move(self, field: str, old: Any, new: Any, *, changed: bool | None = None) -> None:
        """Record a move (``changed`` overrides the plain comparison of the values)."""
        if changed if changed is not None else old != new:
            self.moved.append(FieldChange(field, old, new, "layout"))

    def links(
        self, field: str, a_ids: list[str], b_ids: list[str], pairing: Pairing, layer: str
    ) -> None:
        """Record the links only one side has (a re-annotation of ``layer``)."""
        if a_ids == b_ids and _identity(a_ids, pairing):
            return
        only_a = pairing.only_in_a(a_ids, b_ids)
        only_b = pairing.only_in_b(a_ids, b_ids)
        if only_a or only_b:
            self.annotated.append(FieldChange(field, only_a, only_b, layer))

    def reference(
        self, field: str, a_id: str | None, b_id: str | None, pairing: Pairing, layer: str
    ) -> None:
        """Record a reference that points at another element (or is set/unset)."""
        if pairing.to_b(a_id) != b_id:
            self.annotated.append(FieldChange(field, a_id, b_id, layer))

    def differences(
        self,
        element: ElementKind,
        a_id: str,
        b_id: str,
        names: tuple[str, str],
        matched_by: str,
        moved_detail: str = "",
    ) -> list[Difference]:
        """The differences of this pair, in kind order (renamed, moved, re-annotated,
        edited)."""
        found: list[Difference] = []
        common = {"element": element, "a_id": a_id, "b_id": b_id,
                  "a_name": names[0], "b_name": names[1], "matched_by": matched_by}
        if self.renamed:
            found.append(Difference(kind="renamed", changes=tuple(self.renamed), **common))
        if self.moved:
            found.append(Difference(
                kind="moved", changes=tuple(self.moved), detail=moved_detail, **common
            ))
        if self.annotated:
            layers = {change.layer for change in self.annotated}
            detail = ", ".join(layer for layer in LAYER_ORDER if layer in layers)
            found.append(Difference(
                kind="re-annotated", changes=tuple(self.annotated), detail=detail, **common
            ))
        if self.edited:
            found.append(Difference(kind="edited", changes=tuple(self.edited), **common))
        return found


def _identity(ids: list[str], pairing: Pairing) -> bool:
    """Whether every id is matched to the same id on the other side."""
    return pairing.same_id.issuperset(ids)


def sub_items(
    changes: list[FieldChange],
    field: str,
    a_items: list[Any],
    b_items: list[Any],
    pairing: Pairing,
    layer: str,
    extra_fields: tuple[str, ...],
    ordered: bool,
) -> None:
    """Append the changes of a stage's decisions or improvements (matched by ``pairing``):
    added, removed, text and ``extra_fields`` changed, and (when ``ordered``) the order."""
    if a_items == b_items and _identity([item.id for item in a_items], pairing):
        return
    b_by_id = {item.id: item for item in b_items}
    a_to_b, b_to_a = pairing.a_to_b, pairing.b_to_a
    a_ids = {item.id for item in a_items}
    kept_a: list[str] = []
    for item in a_items:
        other = b_by_id.get(a_to_b.get(item.id, ""))
        if other is None:
            changes.append(FieldChange(field, item.text, None, layer, item.id, None))
            continue
        kept_a.append(item.id)
        if item.text != other.text:
            changes.append(FieldChange(field, item.text, other.text, layer, item.id, other.id))
        for name in extra_fields:
            old, new = getattr(item, name), getattr(other, name)
            if old != new:
                changes.append(
                    FieldChange(f"{field}.{name}", old, new, layer, item.id, other.id)
                )
    kept_b: list[str] = []
    for item in b_items:
        if b_to_a.get(item.id) in a_ids:
            kept_b.append(item.id)
        else:
            changes.append(FieldChange(field, None, item.text, layer, None, item.id))
    if ordered and [a_to_b[x] for x in kept_a] != kept_b:
        changes.append(FieldChange(f"{field}.order", kept_a, kept_b, layer))
