"""Text pasted as stages: one row per line, bullets and numbering stripped, tab-separated
columns after the name giving the owner, then the lane (plain text, no Qt)."""

from __future__ import annotations

import re
from dataclasses import dataclass

MAX_ROWS = 200  # more lines than this at once is almost surely not a list of steps
MAX_NAME = 200  # characters kept of a name

# One list marker at the start of a line: bullets and dashes, "1." "1)" "(1)" "1 -" "1:",
# a quote mark from an e-mail reply, a check box; each followed by spaces.
_MARKER = re.compile(
    r"""^\s*(?:
        [-*+•·‣◦▪▫○●■□–—➢➤►▸→>]+       # bullets, dashes, quote marks
      | \(?\d{1,3}[.)]                  # 1.  1)  (1)
      | \d{1,3}\s*[-:–]                 # 1 -  1:
    )\s+""",
    re.VERBOSE,
)
_CHECKBOX = re.compile(r"^\[[ xX✓]?\]\s+")


@dataclass(frozen=True)
class LineRow:
    """One pasted line: the stage's name, its owner and the name of its lane ('' = none)."""

    name: str
    owner: str = ""
    lane: str = ""


def strip_marker(text: str) -> str:
    """``text`` without a leading bullet, number or check box, and squeezed spaces."""
    text = _MARKER.sub("", text, count=1)
    text = _CHECKBOX.sub("", text, count=1)
    return " ".join(text.split())


def _cell(text: str) -> str:
    return " ".join(text.strip().strip('"').split())


def parse_lines(text: str) -> list[LineRow]:
    """The rows of pasted ``text``; blank lines and lines with an empty name are skipped."""
    rows = []
    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        cells = line.split("\t")
        name = strip_marker(_cell(cells[0]) if len(cells) > 1 else cells[0])
        if not name:
            continue
        owner = _cell(cells[1]) if len(cells) > 1 else ""
        lane = _cell(cells[2]) if len(cells) > 2 else ""
        rows.append(LineRow(name[:MAX_NAME], owner[:MAX_NAME], lane[:MAX_NAME]))
    return rows
