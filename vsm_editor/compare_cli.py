"""``vsm-editor compare A B [--format text|json|md]``: the comparison, headless.

Exit 0 when the maps are the same, 1 when they differ, 2 for bad input (one line on
stderr). A and B are map files. To compare versions from git, either write one out
(``git show REV:map.vsm.json > old.vsm.json``) or name it ``REV:PATH`` directly: when the
argument is not an existing file but has the form ``REV:PATH``, it is read with
``git show REV:PATH`` run in the current folder (so, as in git, ``PATH`` is relative to the
repository's top unless it starts with ``./``).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from vsm_editor.model import AnatomyMap, MapFileError, load_bytes

EXIT_SAME, EXIT_DIFFERENT, EXIT_BAD_INPUT = 0, 1, 2
HELP = "compare two maps (current and future state, or two versions)"
# The formats of vsm_editor.analysis.compare_format.FORMATS, repeated here so that building
# the command-line parser does not import the analysis package.
FORMATS = ("text", "json", "md")


def declare(parser: argparse.ArgumentParser) -> None:
    """Add the ``compare`` arguments to ``parser``."""
    parser.add_argument("a", metavar="A", help="the first map: a file, or REV:PATH in git")
    parser.add_argument("b", metavar="B", help="the second map: a file, or REV:PATH in git")
    parser.add_argument(
        "--format", choices=list(FORMATS), default="text",
        help="text (terminals, review), json (tools) or md (documents); default text",
    )


def run(args: argparse.Namespace) -> int:
    """Print the comparison of ``args.a`` and ``args.b``; 0 same, 1 different, 2 bad input."""
    from vsm_editor.analysis.compare import compare_maps, format_comparison

    try:
        first = read_compared(args.a)
        second = read_compared(args.b)
    except MapFileError as err:
        _say(f"vsm-editor: {err}")
        return EXIT_BAD_INPUT
    comparison = compare_maps(first, second)
    sys.stdout.write(format_comparison(comparison, args.format, labels=(args.a, args.b)))
    sys.stdout.flush()
    return EXIT_SAME if comparison.equal else EXIT_DIFFERENT


def read_compared(argument: str) -> AnatomyMap:
    """The map named by ``argument``: a file, or ``REV:PATH`` read from git when no such
    file exists. Raises :class:`MapFileError` only."""
    from vsm_editor.cli import read_map

    if Path(argument).exists() or not looks_like_git_spec(argument):
        return read_map(argument)
    return load_bytes(git_show(argument), argument)


def looks_like_git_spec(argument: str) -> bool:
    """``REV:PATH`` with both parts present (and not a Windows drive such as ``C:\\x``)."""
    revision, colon, path = argument.partition(":")
    if not colon or not revision.strip() or not path:
        return False
    return not (len(revision) == 1 and revision.isalpha() and path[:1] in ("\\", "/"))


def git_show(spec: str) -> bytes:
    """The bytes of ``git show REV:PATH``. Raises :class:`MapFileError` with git's reason."""
    from vsm_editor.git_versions import run_git

    try:
        return run_git(["show", spec])
    except MapFileError as err:
        raise MapFileError(spec, f"no such file, and git show failed: {err.problem}") from None


def _say(line: str) -> None:
    print(" ".join(line.split()), file=sys.stderr)
