"""Safe Markdown building blocks: escaped text, paragraphs, headings, lists and GFM tables.

Everything the user typed goes through :func:`escape`, which puts it on one line, drops
control characters and backslash-escapes every character that could start markup (code
spans, emphasis, links, raw HTML, entities, table pipes, headings, list markers), so a
name like ``<script>alert(1)</script> | # x`` shows exactly as typed and never breaks a
table. Ids are shown as code spans only when they are plain NCNames.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence

# Characters that could start inline markup or end a table cell, wherever they stand.
_INLINE = re.compile(r"([\\`*_\[\]<>|&!~#$])")
# What could start a block (list item, heading underline, thematic break) at a line's start.
_BLOCK_START = re.compile(r"^([-+=:])|^(\d{1,9})([.)])")
_SAFE_ID = re.compile(r"^[A-Za-z_][A-Za-z0-9._-]{0,127}$")
EMPTY = "—"


def plain(text: str) -> str:
    """``text`` on one line: runs of whitespace become one space, control characters go."""
    if not text:
        return ""
    if not text.isprintable():
        text = "".join(
            " " if unicodedata.category(ch) in ("Cc", "Zl", "Zp") else ch for ch in text
        )
    return " ".join(text.split())


def escape(text: str) -> str:
    """``text`` as literal Markdown on one line (safe in paragraphs, headings and cells)."""
    line = _INLINE.sub(r"\\\1", plain(text))
    return _BLOCK_START.sub(_escape_block_start, line, count=1)


def _escape_block_start(match: re.Match[str]) -> str:
    if match.group(1):
        return "\\" + match.group(1)
    return match.group(2) + "\\" + match.group(3)


def cell(text: str) -> str:
    """An escaped table cell; an empty one shows a dash so the table reads as filled in."""
    escaped = escape(text)
    return escaped if escaped else EMPTY


def ident(element_id: str) -> str:
    """An element or rule id as a code span (escaped text if it is not a plain id)."""
    if _SAFE_ID.match(element_id or ""):
        return f"`{element_id}`"
    return escape(element_id)


def paragraphs(text: str) -> list[str]:
    """Multi-line user text as escaped paragraphs (blank lines separate paragraphs)."""
    blocks = re.split(r"\n\s*\n", text.replace("\r\n", "\n").replace("\r", "\n"))
    out: list[str] = []
    for block in blocks:
        escaped = escape(block)
        if escaped:
            out += [escaped, ""]
    return out


def heading(level: int, text: str) -> list[str]:
    """A heading line (already escaped ``text``) followed by a blank line."""
    return ["#" * level + " " + text, ""]


def bullets(items: Iterable[str]) -> list[str]:
    """A bullet list of already escaped items, then a blank line (nothing when empty)."""
    lines = [f"- {item}" for item in items]
    return [*lines, ""] if lines else []


def numbered(items: Iterable[str]) -> list[str]:
    """An ordered list of already escaped items, then a blank line (nothing when empty)."""
    lines = [f"{number}. {item}" for number, item in enumerate(items, start=1)]
    return [*lines, ""] if lines else []


def table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> list[str]:
    """A GFM table of already escaped cells, then a blank line."""
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(" --- " for _ in header) + "|"]
    for row in rows:
        if len(row) != len(header):
            raise ValueError(f"row of {len(row)} cells under {len(header)} headers")
        lines.append("| " + " | ".join(value or EMPTY for value in row) + " |")
    return [*lines, ""]


def quoted(text: str, limit: int = 0) -> str:
    """Escaped text in typographic quotes, shortened to ``limit`` characters when given."""
    short = plain(text)
    if limit and len(short) > limit:
        short = short[: limit - 1] + "…"
    return f"“{escape(short)}”"
