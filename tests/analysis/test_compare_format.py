"""The three output formats of a comparison: text lines, JSON schema, Markdown structure."""

from __future__ import annotations

import json

import pytest
from markdown_it import MarkdownIt
from test_compare_kit import copy_of, current_map, hours, stage_of

from vsm_editor.analysis.compare import compare_maps, format_comparison
from vsm_editor.model import Duration, Stage


def changed_pair():
    a = current_map()
    b = copy_of(a)
    stage_of(b, "st_a").name = "Intake and triage"
    stage_of(b, "st_b").lane = "ln_risk"
    stage_of(b, "st_b").process_time = Duration(value=30.0, unit="minutes", measured=True)
    stage_of(b, "st_c").outcomes = ["oc_fast", "oc_right"]
    b.handoffs[1].wait = hours(1.0)
    b.stages.append(Stage(id="st_bot", name="Robot check", notes="for im_auto"))
    return a, b


LABELS = ("old.vsm.json", "new.vsm.json")


def test_text_has_one_line_per_difference_then_the_metrics() -> None:
    a, b = changed_pair()
    text = format_comparison(compare_maps(a, b), "text", labels=LABELS)
    lines = text.splitlines()
    assert lines[0] == 'A "Loan approval" (old.vsm.json) → B "Loan approval" (new.vsm.json)'
    assert [line.split()[:3] for line in lines[2:8]] == [
        ["renamed", "stage", "st_a"],
        ["moved", "stage", "st_b"],
        ["re-annotated", "stage", "st_b"],
        ["re-annotated", "stage", "st_c"],
        ["added", "stage", "st_bot"],
        ["re-annotated", "handoff", "ho_bc"],
    ]
    assert lines[2].endswith('"Intake" → "Intake and triage"')
    assert lines[3].endswith('"Review": lane ln_ops "Operations" → ln_risk "Risk"')
    assert lines[4].endswith('"Review": flow process_time ~2 h → 30 min')
    assert lines[5].endswith('"Approve": P1 outcomes +oc_right "Right first time"')
    assert lines[7].endswith("flow wait ~4 h → ~1 h")
    assert lines[8] == "6 differences: 1 added, 1 renamed, 1 moved, 3 re-annotated"
    table = lines[10:21]
    assert table[0].split() == ["metric", "A", "B", "change"]
    assert table[1].split() == ["lead", "time", "10", "h", "5.5", "h", "-4.5", "h"]
    assert "improvement ideas" in text
    assert 'im_auto "Automate the review" on st_b "Review": st_b "Review" (same stage, ' \
           'carries the idea); st_bot "Robot check" (mentions the idea)' in text
    assert text.endswith("\n")


def test_text_of_equal_maps_says_so() -> None:
    a = current_map()
    text = format_comparison(compare_maps(a, copy_of(a), metrics=False), "text")
    assert text.splitlines()[2] == "no differences"


def test_json_follows_the_schema_and_parses() -> None:
    a, b = changed_pair()
    data = json.loads(format_comparison(compare_maps(a, b), "json", labels=LABELS))
    assert data["schema"] == "vsm-editor/comparison" and data["version"] == 1
    assert data["a"] == {"stream": "vs_now", "name": "Loan approval", "label": "old.vsm.json"}
    assert data["equal"] is False
    assert data["counts"] == {"added": 1, "removed": 0, "renamed": 1, "moved": 1,
                              "re-annotated": 3, "edited": 0}
    first = data["differences"][0]
    assert set(first) == {"kind", "element", "a_id", "b_id", "a_name", "b_name",
                          "matched_by", "detail", "changes"}
    assert first["changes"] == [{"field": "name", "layer": "", "old": "Intake",
                                 "new": "Intake and triage", "item_a": None, "item_b": None}]
    flow = data["differences"][2]["changes"][0]
    assert flow["old"] == {"value": 2.0, "unit": "hours"}
    assert flow["new"] == {"value": 30.0, "unit": "minutes", "measured": True}
    lead = next(row for row in data["metrics"] if row["key"] == "lead_time")
    assert (lead["a"], lead["b"], lead["delta"]) == pytest.approx((10.0, 5.5, -4.5))
    coverage = next(row for row in data["metrics"] if row["key"] == "coverage_P1")
    assert (coverage["a"], coverage["a_of"], coverage["b_of"]) == (3, 3, 4)
    assert data["ideas"][0]["realized_by"][1] == {
        "stage": "st_bot", "name": "Robot check", "reasons": ["mentions the idea"]
    }


def test_json_of_equal_maps() -> None:
    a = current_map()
    data = json.loads(format_comparison(compare_maps(a, copy_of(a), metrics=False), "json"))
    assert data["equal"] is True and data["differences"] == [] and data["metrics"] == []


def _tables(tokens) -> list[list[list[str]]]:
    """Each table as rows of cell texts (header row first)."""
    tables, rows, row = [], [], []
    for i, token in enumerate(tokens):
        if token.type == "table_open":
            rows = []
        elif token.type == "tr_open":
            row = []
        elif token.type == "inline" and tokens[i - 1].type in ("th_open", "td_open"):
            row.append("".join(child.content for child in token.children or []))
        elif token.type == "tr_close":
            rows.append(row)
        elif token.type == "table_close":
            tables.append(rows)
    return tables


def test_markdown_has_headings_and_tables() -> None:
    a, b = changed_pair()
    text = format_comparison(compare_maps(a, b), "md", labels=LABELS)
    tokens = MarkdownIt("commonmark").enable("table").parse(text)
    headings = [
        (tokens[i].tag, tokens[i + 1].content)
        for i, token in enumerate(tokens) if token.type == "heading_open"
    ]
    assert headings == [
        ("h1", "Comparison: Loan approval → Loan approval"),
        ("h2", "Differences"),
        ("h2", "Metrics"),
        ("h2", "Improvement ideas"),
    ]
    differences, metrics, ideas = _tables(tokens)
    assert differences[0] == ["Change", "Element", "Id", "Name", "What changed"]
    assert len(differences) == 1 + 6
    assert differences[1] == ["renamed", "stage", "st_a", "Intake and triage",
                              '"Intake" → "Intake and triage"']
    assert differences[4][4] == 'P1 outcomes +oc_right "Right first time"'
    assert metrics[0] == ["Metric", "A", "B", "Change"]
    assert metrics[4] == ["rolled %C&A", "72 %", "72 %", "no change"]
    assert [row[0] for row in metrics[1:]][-4:] == [
        "P1 coverage", "P2 coverage", "P3 coverage", "P4 coverage"
    ]
    assert ideas[1][0] == 'im_auto "Automate the review"'


def test_markdown_escapes_what_users_typed() -> None:
    a = current_map()
    b = copy_of(a)
    stage_of(b, "st_a").name = "<b>A|B</b> *bold* [x](y)\nsecond line"
    text = format_comparison(compare_maps(a, b, metrics=False), "md")
    tokens = MarkdownIt("commonmark").enable("table").parse(text)
    differences = _tables(tokens)[0]
    assert len(differences[1]) == 5  # the pipe did not split the row
    assert differences[1][3] == "<b>A|B</b> *bold* [x](y) second line"
    assert not [t for t in tokens if t.type in ("html_inline", "html_block", "em_open")]
    rendered = MarkdownIt("commonmark").enable("table").render(text)
    assert "<b>" not in rendered and "&lt;b&gt;A|B&lt;/b&gt;" in rendered


def test_markdown_of_equal_maps() -> None:
    a = current_map()
    text = format_comparison(compare_maps(a, copy_of(a), metrics=False), "md")
    assert "**No differences.**" in text
    assert "The two maps are the same." in text


def test_unknown_format_is_refused() -> None:
    a = current_map()
    with pytest.raises(ValueError, match="unknown comparison format 'xml'"):
        format_comparison(compare_maps(a, a, metrics=False), "xml")
