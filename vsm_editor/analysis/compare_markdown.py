"""A comparison as Markdown for documents: a title, a summary, then tables of the
differences, the metrics and the improvement ideas (CommonMark with GFM tables).

Everything the user wrote is escaped, so a name like ``<b>A|B</b>`` shows as typed and
never breaks a table; ids are code spans.
"""

from __future__ import annotations

import re

from vsm_editor.analysis.compare_result import Comparison
from vsm_editor.analysis.compare_words import (
    ARROW,
    ChangeWords,
    id_cell,
    metric_cells,
    name_cell,
    realized_words,
    short,
)

# Backslash-escapable punctuation that could start markup inside a line or a table cell.
_SPECIAL = re.compile(r"([\\`*_\[\]<>|&!~#])")


def escape(text: str) -> str:
    """``text`` on one line with Markdown's special characters escaped."""
    return _SPECIAL.sub(r"\\\1", " ".join(text.split()))


def _code(element_id: str) -> str:
    return f"`{element_id}`" if element_id else ""


def markdown(comparison: Comparison, labels: tuple[str, str] | None = None) -> str:
    """The whole document (see the module docstring)."""
    words = ChangeWords(comparison)
    title = f"# Comparison: {escape(short(comparison.a_name, 80))} {ARROW} " \
            f"{escape(short(comparison.b_name, 80))}"
    lines = [title, ""]
    if labels:
        lines += [f"A: {escape(labels[0])}  ", f"B: {escape(labels[1])}", ""]
    lines += [f"**{escape(comparison.summary().capitalize())}.**", ""]
    lines += ["## Differences", ""]
    if comparison.differences:
        rows = []
        for difference in comparison.differences:
            what = words.changes(difference)
            rows.append([
                difference.kind,
                difference.element.replace("_", " "),
                _code(id_cell(difference)),
                escape(short(name_cell(difference))),
                escape(what),
            ])
        lines += _table(["Change", "Element", "Id", "Name", "What changed"], rows)
    else:
        lines.append("The two maps are the same.")
    if comparison.metrics:
        lines += ["", "## Metrics", ""]
        lines += _table(
            ["Metric", "A", "B", "Change"],
            [[escape(row.label), *(escape(cell) for cell in metric_cells(row))]
             for row in comparison.metrics],
        )
    if comparison.ideas:
        lines += ["", "## Improvement ideas", ""]
        lines += _table(
            ["Idea", "On stage (A)", "Realized by (B)"],
            [[escape(cell) for cell in row] for row in realized_words(comparison)],
        )
    return "\n".join(lines) + "\n"


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    out = ["| " + " | ".join(header) + " |", "|" + "|".join(" --- " for _ in header) + "|"]
    out += ["| " + " | ".join(cell or " " for cell in row) + " |" for row in rows]
    return out
