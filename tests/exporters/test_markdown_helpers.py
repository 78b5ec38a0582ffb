"""Shared helpers for the Markdown report tests (imported by the ``test_markdown*`` modules),
plus the tests of the escaping building blocks they rely on.

Reports are parsed with markdown-it-py (CommonMark with GFM tables, raw HTML allowed, as a
permissive renderer would be), then read as an outline: headings with their levels and
rendered text, and tables with the headings they sit under.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from functools import cache

import pytest
from hypothesis import given
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from markdown_it.token import Token
from vsm_editor.exporters.markdown import export_markdown
from vsm_editor.exporters.markdown_text import escape, paragraphs, plain, table

from vsm_editor.model import AnatomyMap, load_bytes
from vsm_editor.resources_access import resource
from vsm_editor.templates import template_ids

MD = MarkdownIt("commonmark", {"html": True}).enable("table")
HOSTILE = "<script>alert(1)</script> | # x"


@dataclass
class Table:
    """A parsed table: header and row cell texts, and the headings above it (h2, h3, h4)."""

    section: tuple[str, ...]
    header: list[str]
    rows: list[list[str]] = field(default_factory=list)

    def column(self, name: str) -> list[str]:
        index = self.header.index(name)
        return [row[index] for row in self.rows]

    def as_dict(self) -> dict[str, str]:
        """A two-column table as ``{first cell: second cell}``."""
        return {row[0]: row[1] for row in self.rows}


@dataclass
class Outline:
    """What a reader sees: the headings (level, text) and the tables, in order."""

    text: str
    tokens: list[Token]
    headings: list[tuple[int, str]] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)

    def titles(self, level: int) -> list[str]:
        return [text for lvl, text in self.headings if lvl == level]

    def tables_under(self, *section: str) -> list[Table]:
        """Tables whose heading path starts with ``section`` (h2 text, then h3, then h4)."""
        return [t for t in self.tables if t.section[: len(section)] == section]

    def table(self, *section: str) -> Table:
        found = self.tables_under(*section)
        assert len(found) == 1, f"{len(found)} tables under {section}"
        return found[0]

    def html(self) -> str:
        return MD.renderer.render(self.tokens, MD.options, {})

    def raw_html_tokens(self) -> list[Token]:
        """Every raw HTML block or inline token (there must be none from user text)."""
        found = [t for t in self.tokens if t.type == "html_block"]
        for token in self.tokens:
            found += [c for c in token.children or [] if c.type == "html_inline"]
        return found


def inline_text(token: Token) -> str:
    """The text a reader sees in an inline token (escapes and entities resolved)."""
    parts = []
    for child in token.children or []:
        if child.type in ("text", "code_inline", "html_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
    return "".join(parts)


def outline(text: str) -> Outline:
    """Parse a report into its outline."""
    tokens = MD.parse(text)
    result = Outline(text, tokens)
    path: list[str] = ["", "", ""]  # the current h2, h3, h4
    current: Table | None = None
    row: list[str] | None = None
    for index, token in enumerate(tokens):
        if token.type == "heading_open":
            level = int(token.tag[1])
            title = inline_text(tokens[index + 1])
            result.headings.append((level, title))
            if level >= 2:
                path[level - 2] = title
                for deeper in range(level - 1, 3):
                    path[deeper] = ""
        elif token.type == "table_open":
            current = Table(tuple(p for p in path if p), [])
        elif token.type == "tr_open":
            row = []
        elif token.type in ("th_open", "td_open"):
            assert row is not None
            row.append(inline_text(tokens[index + 1]))
        elif token.type == "tr_close" and current is not None and row is not None:
            if not current.header:
                current.header = row
            else:
                current.rows.append(row)
        elif token.type == "table_close" and current is not None:
            result.tables.append(current)
            current = None
    return result


@cache
def template_map_bytes(template_id: str) -> bytes:
    return resource("templates", f"{template_id}.vsm.json").read_bytes()


def template_map(template_id: str) -> AnatomyMap:
    """A template as shipped (no origin stamped with today's date)."""
    return load_bytes(template_map_bytes(template_id), template_id)


def report_of(anatomy: AnatomyMap) -> Outline:
    """Export ``anatomy`` and parse the report."""
    return outline(export_markdown(anatomy).decode("utf-8"))


TEMPLATES = template_ids()


# ---------------------------------------------------------------- the building blocks
def test_the_templates_are_found() -> None:
    assert {"secure-api", "validate-booking"} <= set(TEMPLATES)


@given(st.text())
def test_escaped_text_renders_as_typed(text: str) -> None:
    """Any text, escaped, reads back exactly (on one line) as a paragraph."""
    rendered = MD.render(escape(text))
    expected = plain(text)
    if not expected:
        assert rendered == ""
        return
    assert rendered.startswith("<p>") and rendered.endswith("</p>\n"), rendered
    assert html.unescape(rendered[3:-5]) == expected.strip()


@given(st.text())
def test_escaped_text_stays_in_its_table_cell(text: str) -> None:
    lines = table(["A", "B", "C"], [["left", escape(text) or "-", "right"]])
    parsed = outline("\n".join(lines))
    assert len(parsed.tables) == 1
    (row,) = parsed.tables[0].rows
    assert row[0] == "left" and row[2] == "right"
    assert row[1] == (plain(text).strip() or "-")


@given(st.text())
def test_escaped_text_is_a_whole_heading(text: str) -> None:
    parsed = outline("### " + (escape(text) or "x"))
    assert parsed.headings == [(3, plain(text).strip() or "x")]


def test_block_markers_at_the_start_are_escaped() -> None:
    for text in ("- item", "+ item", "1. first", "12) twelfth", "> quote", "# title", "===",
                 "---", "    code", "```", "~~~", "<div>", "| a | b |", "* star"):
        parsed = outline(escape(text))
        kinds = {t.type for t in parsed.tokens}
        assert kinds == {"paragraph_open", "inline", "paragraph_close"}, (text, kinds)


def test_paragraphs_keep_blank_line_breaks_only() -> None:
    assert paragraphs("one\ntwo\n\n# three\r\n\r\nfour") == ["one two", "", r"\# three", "",
                                                               "four", ""]
    assert paragraphs(" \n\t") == []


def test_a_table_refuses_a_ragged_row() -> None:
    with pytest.raises(ValueError):
        table(["A", "B"], [["only one"]])


def test_plain_drops_control_characters() -> None:
    assert plain("a\x00b\x1bc\u2028d\n\te") == "a b c d e"
