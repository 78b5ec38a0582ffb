"""``vsm-editor import FILE.bpmn -o OUT.vsm.json [--pool NAME_OR_ID] [--report REPORT.md]``.

Follows the conventions of :mod:`vsm_editor.cli`: exit 0 on success and 2 for bad input or
usage, with one line on stderr; never writes over the BPMN file, and an existing output or
report needs ``--force``. The import report's summary is printed as one line on stderr; the
whole report goes to ``--report``. Nothing is written when the import fails.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from vsm_editor.cli import EXIT_BAD_INPUT, EXIT_OK, UsageError, output_path, write_output
from vsm_editor.exporters.bpmn_import_source import MAX_BPMN_BYTES
from vsm_editor.model import MapFileError, dump_bytes


def declare(parser: argparse.ArgumentParser) -> None:
    """Declare the ``import`` subcommand's arguments."""
    parser.add_argument("file", help="the BPMN 2.0 file to import")
    parser.add_argument(
        "-o", "--output", metavar="OUT.vsm.json",
        help="where to write the map (default: FILE without .bpmn, plus .vsm.json; '-': stdout)",
    )
    parser.add_argument("--pool", metavar="NAME_OR_ID",
                        help="the pool to import (default: the first pool with a process)")
    parser.add_argument("--report", metavar="REPORT.md",
                        help="write the import report (what was not mapped) as Markdown")
    parser.add_argument("--force", action="store_true", help="replace existing output files")


def default_output(file: str) -> Path:
    """``FILE`` without ``.bpmn`` (or ``.xml``), plus ``.vsm.json``."""
    lowered = file.lower()
    for suffix in (".bpmn20.xml", ".bpmn", ".xml"):
        if lowered.endswith(suffix):
            return Path(file[: -len(suffix)] + ".vsm.json")
    return Path(file + ".vsm.json")


def read_bpmn(file: str) -> bytes:
    """The file's bytes; MapFileError for a missing, unreadable or too large file."""
    path = Path(file)
    try:
        if path.is_dir():
            raise MapFileError(file, "is a folder, not a BPMN file")
        size = path.stat().st_size
        if size > MAX_BPMN_BYTES:
            raise MapFileError(file, f"is {size // (1024 * 1024)} MB; BPMN files over 50 MB "
                                     "are refused")
        return path.read_bytes()
    except FileNotFoundError:
        raise MapFileError(file, "no such file") from None
    except PermissionError:
        raise MapFileError(file, "permission denied") from None
    except OSError as err:
        raise MapFileError(file, err.strerror or str(err)) from None


def run(args: argparse.Namespace) -> int:
    """Import the BPMN file; return the exit code (problems are one line on stderr)."""
    try:
        return _run(args)
    except UsageError as err:
        _say(str(err))
    except MapFileError as err:
        _say(str(err))
    return EXIT_BAD_INPUT


def _run(args: argparse.Namespace) -> int:
    from vsm_editor.exporters.bpmn_import import import_bpmn

    target = output_path(args, [args.file], default_output(args.file))
    report_target: Path | None = None
    if args.report:
        taken = [args.file] + ([str(target)] if target is not None else [])
        report_target = output_path(
            argparse.Namespace(output=args.report, force=args.force), taken, Path(args.report)
        )
        if report_target is None:
            raise UsageError("--report needs a file name")
    result = import_bpmn(read_bpmn(args.file), args.file, args.pool)
    write_output(target, dump_bytes(result.anatomy))
    if report_target is not None:
        write_output(report_target, result.report_markdown().encode("utf-8"))
    where = f" → {target}" if target is not None else ""
    _say(f"{result.summary()}{where}")
    return EXIT_OK


def _say(line: str) -> None:
    text = " ".join(line.split())
    print(text if text.startswith("vsm-editor") else f"vsm-editor: {text}", file=sys.stderr)
