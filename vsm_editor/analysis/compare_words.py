"""Wording shared by the text and Markdown formats of a comparison: values, field changes,
metric cells and idea links, as plain strings (the Markdown format escapes them)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from vsm_editor.analysis.compare_result import Comparison, Difference, FieldChange, MetricRow
from vsm_editor.model.entities import Duration, Frequency, Percent, Rate
from vsm_editor.model.units import UNIT_LABELS

ARROW = "→"
MAX_TEXT = 60
# Fields whose values are element ids (shown with the element's name).
REFERENCE_FIELDS = {"lane", "source", "target", "component", "decision", "control_point"}
SUB_ITEM_WORDS = {"decisions": "decision", "improvements": "improvement"}


def short(text: str, limit: int = MAX_TEXT) -> str:
    """``text`` on one line, at most ``limit`` characters (``…`` marks a cut)."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def quoted(text: str, limit: int = MAX_TEXT) -> str:
    """``"text"`` shortened to one line."""
    return f'"{short(text, limit)}"'


def show_value(value: Any) -> str:
    """A field value as a reader wants it (``~`` marks an estimate, as on the canvas)."""
    if value is None:
        return "none"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | float):
        return f"{value:g}"
    if isinstance(value, str):
        return quoted(value)
    if isinstance(value, Duration):
        unit = UNIT_LABELS.get(value.unit or "", "(no unit)")
        return f"{_estimate(value.measured)}{value.value:g} {unit}"
    if isinstance(value, Percent):
        return f"{_estimate(value.measured)}{value.value:g} %"
    if isinstance(value, Rate):
        return f"{_estimate(value.measured)}{value.value:g}"
    if isinstance(value, Frequency):
        return f"{_estimate(value.measured)}{value.count:g} per {value.period}"
    if isinstance(value, list | tuple):
        return ", ".join(str(x) for x in value) if value else "none"
    return str(value)


def _estimate(measured: bool) -> str:
    return "" if measured else "~"


class ChangeWords:
    """Turns field changes into short phrases, naming linked elements from both maps."""

    def __init__(self, comparison: Comparison) -> None:
        self.names_a = comparison.names_a
        self.names_b = comparison.names_b

    def element(self, element_id: str | None, names: dict[str, str]) -> str:
        """``st_a "Intake"`` (or ``none``)."""
        if element_id is None:
            return "none"
        name = names.get(element_id, "")
        return f"{element_id} {quoted(name, 40)}" if name.strip() else element_id

    def change(self, difference: Difference, change: FieldChange) -> str:
        """One change as a phrase, e.g. ``P1 outcomes +oc_x "Faster"``."""
        prefix = f"{change.layer} " if change.layer and change.layer != "layout" else ""
        if difference.kind == "renamed":
            return f"{quoted(change.old)} {ARROW} {quoted(change.new)}"
        base = change.field.split(".", 1)[0]
        if base in SUB_ITEM_WORDS:
            return prefix + self._sub_item(change, base)
        if change.field in REFERENCE_FIELDS:
            old = self.element(change.old, self.names_a)
            new = self.element(change.new, self.names_b)
            return f"{prefix}{change.field} {old} {ARROW} {new}"
        if isinstance(change.old, list) and isinstance(change.new, list):
            removed = [f"-{self.element(x, self.names_a)}" for x in change.old]
            added = [f"+{self.element(x, self.names_b)}" for x in change.new]
            return f"{prefix}{change.field} " + ", ".join(added + removed)
        return f"{prefix}{change.field} {show_value(change.old)} {ARROW} {show_value(change.new)}"

    def _sub_item(self, change: FieldChange, base: str) -> str:
        word = SUB_ITEM_WORDS[base]
        rest = change.field[len(base) + 1:]
        if rest == "order":
            return f"{base} order {show_value(change.old)} {ARROW} {show_value(change.new)}"
        if change.old is None and not rest:
            return f"{word} +{change.item_b} {quoted(change.new)}"
        if change.new is None and not rest:
            return f"{word} -{change.item_a} {quoted(change.old)}"
        item = change.item_b if change.item_a == change.item_b else (
            f"{change.item_a}/{change.item_b}"
        )
        what = f" {rest}" if rest else ""
        return f"{word} {item}{what} {show_value(change.old)} {ARROW} {show_value(change.new)}"

    def changes(self, difference: Difference, separator: str = "; ") -> str:
        """All changes of a difference, joined."""
        return separator.join(self.change(difference, c) for c in difference.changes)


def id_cell(difference: Difference) -> str:
    """The element's id: one id, or ``a_id→b_id`` when it was matched by name."""
    a_id, b_id = difference.a_id, difference.b_id
    if a_id is None or b_id is None or a_id == b_id:
        return difference.element_id
    return f"{a_id}{ARROW}{b_id}"


def name_cell(difference: Difference) -> str:
    """The element's name (B's when it has one there)."""
    return difference.b_name if difference.b_id is not None else difference.a_name


# ------------------------------------------------------------------ metrics
def metric_cells(row: MetricRow) -> tuple[str, str, str]:
    """The A, B and change cells of a metrics row."""
    if row.unit == "stage":
        return _stage_cell(row.a, row.a_label), _stage_cell(row.b, row.b_label), row.note
    if row.unit == "stages":
        return f"{row.a}/{row.a_of}", f"{row.b}/{row.b_of}", _signed(row.delta, "", whole=True)
    show: Callable[[Any], str] = _hours if row.unit == "h" else _percent
    change_unit = " h" if row.unit == "h" else " pp"
    return show(row.a), show(row.b), _signed(row.delta, change_unit)


def _stage_cell(stage_id: Any, name: str) -> str:
    if stage_id is None:
        return "none"
    return f"{short(name, 40)} ({stage_id})" if name.strip() else str(stage_id)


def _number(value: float) -> str:
    text = f"{value:,.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _hours(value: Any) -> str:
    return "n/a" if value is None else f"{_number(value)} h"


def _percent(value: Any) -> str:
    return "n/a" if value is None else f"{_number(value)} %"


def _signed(delta: Any, unit: str, whole: bool = False) -> str:
    if delta is None:
        return "n/a"
    text = str(delta) if whole else _number(delta)
    if text == "0":
        return "no change"
    return (text if text.startswith("-") else f"+{text}") + unit


# ------------------------------------------------------------------ ideas
def realized_words(comparison: Comparison) -> list[tuple[str, str, str]]:
    """Per idea: the idea, the stage it is on, and the stages realizing it (with why)."""
    rows = []
    for link in comparison.ideas:
        idea = f"{link.idea} {quoted(link.text, 50)}"
        on = f"{link.stage} {quoted(link.stage_name, 40)}"
        if link.realized_by:
            realized = "; ".join(
                f"{r.stage} {quoted(r.name, 40)} ({', '.join(r.reasons)})" for r in link.realized_by
            )
        else:
            realized = "nothing: the stage is gone from B"
        rows.append((idea, on, realized))
    return rows
