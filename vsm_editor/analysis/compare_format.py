"""A comparison as text (terminals, git review), JSON (tools) or Markdown (documents).

Text: a heading line, one line per difference (kind, element kind, id, name: what changed),
a summary line, the metrics table and the idea links. Markdown: the same as headings and
tables. JSON (schema ``vsm-editor/comparison`` version 1; every key always present)::

    {"schema", "version", "a": {"stream", "name", "label"}, "b": {…}, "equal",
     "counts": {kind: n},
     "differences": [{"kind", "element", "a_id", "b_id", "a_name", "b_name", "matched_by",
                      "detail", "changes": [{"field", "layer", "old", "new",
                                             "item_a", "item_b"}]}],
     "metrics": [{"key", "label", "unit", "a", "b", "delta", "a_of", "b_of",
                  "a_label", "b_label", "note"}],
     "ideas": [{"idea", "text", "stage", "stage_name", "stage_in_b",
                "realized_by": [{"stage", "name", "reasons"}]}]}

Values in ``old``/``new`` are written as in the map file (a time is
``{"value": 2, "unit": "hours"}``); see :mod:`~vsm_editor.analysis.compare_result` for
what they hold.
"""

from __future__ import annotations

from typing import Any, Literal

import msgspec

from vsm_editor.analysis.compare_result import Comparison
from vsm_editor.analysis.compare_words import (
    ChangeWords,
    id_cell,
    metric_cells,
    name_cell,
    quoted,
    realized_words,
    short,
)

Format = Literal["text", "json", "md"]
FORMATS: tuple[str, ...] = ("text", "json", "md")
SCHEMA = "vsm-editor/comparison"
SCHEMA_VERSION = 1


def format_comparison(
    comparison: Comparison, fmt: str = "text", labels: tuple[str, str] | None = None
) -> str:
    """``comparison`` as ``text``, ``json`` or ``md``, ending with a newline. ``labels``
    name A and B (e.g. their file names) in the heading."""
    if fmt == "text":
        return _text(comparison, labels)
    if fmt == "json":
        return _json(comparison, labels)
    if fmt == "md":
        from vsm_editor.analysis.compare_markdown import markdown

        return markdown(comparison, labels)
    raise ValueError(f"unknown comparison format {fmt!r} (use one of {', '.join(FORMATS)})")


# ------------------------------------------------------------------ text
def _text(comparison: Comparison, labels: tuple[str, str] | None) -> str:
    words = ChangeWords(comparison)
    lines = [heading(comparison, labels, quote=quoted), ""]
    differences = comparison.differences
    id_width = min(30, max((len(id_cell(d)) for d in differences), default=0))
    for difference in differences:
        head = f"{difference.kind:<12} {difference.element:<13} {id_cell(difference):<{id_width}}"
        if difference.kind == "renamed":
            lines.append(f"{head}  {words.changes(difference)}")
            continue
        line = f"{head}  {quoted(name_cell(difference))}"
        if difference.changes:
            line += f": {words.changes(difference)}"
        lines.append(line)
    lines.append(comparison.summary())
    if comparison.metrics:
        lines += ["", *_table(
            ["metric", "A", "B", "change"],
            [[row.label, *metric_cells(row)] for row in comparison.metrics],
        )]
    if comparison.ideas:
        lines += ["", "improvement ideas of A, and the stages of B realizing them:"]
        for idea, on, realized in realized_words(comparison):
            lines.append(f"  {idea} on {on}: {realized}")
    return "\n".join(lines) + "\n"


def heading(comparison: Comparison, labels: tuple[str, str] | None, quote: Any) -> str:
    """``A "Current" (a.vsm.json) → B "Future" (b.vsm.json)``."""
    label_a, label_b = labels or ("", "")
    side_a = f"A {quote(comparison.a_name)}" + (f" ({short(label_a, 80)})" if label_a else "")
    side_b = f"B {quote(comparison.b_name)}" + (f" ({short(label_b, 80)})" if label_b else "")
    return f"{side_a} → {side_b}"


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    return [
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        for row in [header, *rows]
    ]


# ------------------------------------------------------------------ JSON
def comparison_data(comparison: Comparison, labels: tuple[str, str] | None = None) -> dict:
    """The JSON document as plain data (values may still be model structs)."""
    label_a, label_b = labels or ("", "")
    return {
        "schema": SCHEMA,
        "version": SCHEMA_VERSION,
        "a": {"stream": comparison.a_stream, "name": comparison.a_name, "label": label_a},
        "b": {"stream": comparison.b_stream, "name": comparison.b_name, "label": label_b},
        "equal": comparison.equal,
        "counts": comparison.counts(),
        "differences": [
            {
                "kind": d.kind,
                "element": d.element,
                "a_id": d.a_id,
                "b_id": d.b_id,
                "a_name": d.a_name,
                "b_name": d.b_name,
                "matched_by": d.matched_by,
                "detail": d.detail,
                "changes": [
                    {
                        "field": c.field,
                        "layer": c.layer,
                        "old": c.old,
                        "new": c.new,
                        "item_a": c.item_a,
                        "item_b": c.item_b,
                    }
                    for c in d.changes
                ],
            }
            for d in comparison.differences
        ],
        "metrics": [
            {
                "key": row.key,
                "label": row.label,
                "unit": row.unit,
                "a": row.a,
                "b": row.b,
                "delta": row.delta,
                "a_of": row.a_of,
                "b_of": row.b_of,
                "a_label": row.a_label,
                "b_label": row.b_label,
                "note": row.note,
            }
            for row in comparison.metrics
        ],
        "ideas": [
            {
                "idea": link.idea,
                "text": link.text,
                "stage": link.stage,
                "stage_name": link.stage_name,
                "stage_in_b": link.stage_in_b,
                "realized_by": [
                    {"stage": r.stage, "name": r.name, "reasons": list(r.reasons)}
                    for r in link.realized_by
                ],
            }
            for link in comparison.ideas
        ],
    }


def _json(comparison: Comparison, labels: tuple[str, str] | None) -> str:
    raw = msgspec.json.encode(comparison_data(comparison, labels))
    return msgspec.json.format(raw, indent=2).decode("utf-8") + "\n"
