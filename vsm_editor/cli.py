"""The ``vsm-editor`` command line.

Conventions every subcommand follows: exit 0 on success, 1 for "ran, and found something"
(findings at or above the threshold, differences), 2 for bad input or usage, always with one
line on stderr and never a traceback. Output never overwrites an input file, and an existing
output file needs ``--force``. Qt is imported only by the editor and raster exports.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NoReturn

from vsm_editor import __version__
from vsm_editor.model import AnatomyMap, MapFileError, dump_bytes, load_map

EXIT_OK, EXIT_FOUND, EXIT_BAD_INPUT = 0, 1, 2


class UsageError(Exception):
    """Bad usage or bad input: reported as one line, exit 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{self.prog}: {message} (see --help)")


# ------------------------------------------------------------------ shared helpers
def read_map(path: str) -> AnatomyMap:
    """Load a map named on the command line: a ``.vsm.json``, an SVG we exported (its
    embedded anatomy) or a BPMN file (imported)."""
    lower = path.lower()
    if lower.endswith(".svg"):
        from vsm_editor.exporters.svg_import import load_svg_map
        from vsm_editor.model.fileio import read_limited

        return load_svg_map(read_limited(path, 256 * 1024 * 1024), path)
    if lower.endswith((".bpmn", ".bpmn20.xml")):
        from vsm_editor.exporters.bpmn_import import import_bpmn
        from vsm_editor.exporters.bpmn_import_source import MAX_BPMN_BYTES
        from vsm_editor.model.fileio import read_limited

        return import_bpmn(read_limited(path, MAX_BPMN_BYTES), path).anatomy
    return load_map(path)


def output_path(args: argparse.Namespace, inputs: Sequence[str], default: Path) -> Path | None:
    """Where to write: ``-o OUT`` or ``default``; ``None`` means stdout (``-o -``).

    Refuses to write over an input, and over an existing file without ``--force``.
    """
    chosen = getattr(args, "output", None)
    if chosen == "-":
        return None
    target = Path(chosen) if chosen else default
    for name in inputs:
        try:
            if target.resolve() == Path(name).resolve():
                raise UsageError(f"refusing to write over the input file {name}")
        except OSError:
            continue
    if target.exists() and not getattr(args, "force", False):
        raise UsageError(f"{target} exists; use --force to replace it")
    return target


def write_output(target: Path | None, payload: bytes) -> None:
    """Write ``payload`` to ``target`` atomically, or to stdout when ``target`` is None."""
    if target is None:
        sys.stdout.buffer.write(payload)
        sys.stdout.flush()
        return
    from vsm_editor.model.fileio import write_atomic

    write_atomic(target, payload)


# ------------------------------------------------------------------ subcommands
def _cmd_check(args: argparse.Namespace) -> int:
    from vsm_editor.analysis import analyze
    from vsm_editor.analysis.settings import load_rules_config
    from vsm_editor.model.findings import SEVERITY_RANK

    anatomy = read_map(args.file)
    config = load_rules_config(args.config) if args.config else None
    report = analyze(anatomy, config)
    findings = report.findings
    if args.format == "json":
        print(json.dumps([f.to_dict() for f in findings], indent=2, ensure_ascii=False))
    else:
        for line in format_findings(findings):
            print(line)
        summary = report.summary_line()
        print(summary)
    if args.fail_on == "never":
        return EXIT_OK
    threshold = SEVERITY_RANK[args.fail_on]
    return EXIT_FOUND if any(SEVERITY_RANK[f.severity] >= threshold for f in findings) else EXIT_OK


def format_findings(findings: Sequence[object]) -> list[str]:
    """One aligned text line per finding: severity, layer, rule, element, message."""
    marks = {"error": "error  ", "warning": "warning", "info": "info   "}
    return [
        f"{marks[f.severity]}  {f.layer:<9} {f.rule:<28} {f.element:<14} {f.message}"  # type: ignore[attr-defined]
        for f in findings
    ]


def _cmd_templates(args: argparse.Namespace) -> int:
    from vsm_editor.templates import load_template, template_ids

    for template_id in template_ids():
        if args.verbose:
            anatomy = load_template(template_id)
            count = len(anatomy.stages)
            print(f"{template_id:<22} {anatomy.stream.name} ({count} stage{'s' * (count != 1)})")
        else:
            print(template_id)
    return EXIT_OK


def _cmd_new(args: argparse.Namespace) -> int:
    from vsm_editor.model import new_map
    from vsm_editor.templates import load_template

    anatomy = load_template(args.template) if args.template else new_map(args.name)
    if args.name and args.template:
        anatomy.stream.name = args.name
    target = output_path(args, [], Path(args.output or "untitled.vsm.json"))
    write_output(target, dump_bytes(anatomy))
    return EXIT_OK


# format → (file suffix, module, function, is text)
EXPORT_FORMATS: dict[str, tuple[str, str, str, bool]] = {
    "json": (".anatomy.json", "vsm_editor.exporters.anatomy_json", "export_json", True),
    "bpmn": (".bpmn", "vsm_editor.exporters.bpmn", "export_bpmn", True),
    "svg": (".svg", "vsm_editor.exporters.svg", "export_svg", True),
    "md": (".md", "vsm_editor.exporters.markdown", "export_markdown", True),
    "png": (".png", "vsm_editor.ui.raster", "export_png", False),
    "pdf": (".pdf", "vsm_editor.ui.raster", "export_pdf", False),
}


def _cmd_export(args: argparse.Namespace) -> int:
    import importlib

    from vsm_editor.exporters.options import ExportOptions

    suffix, module_name, function_name, is_text = EXPORT_FORMATS[args.format]
    anatomy = read_map(args.file)
    if args.output == "-" and not is_text:
        raise UsageError(f"--format {args.format} is binary; name an output file with -o")
    stem = (
        args.file[: -len(".vsm.json")]
        if args.file.endswith(".vsm.json")
        else str(Path(args.file).with_suffix(""))
    )
    target = output_path(args, [args.file], Path(stem + suffix))
    exporter = getattr(importlib.import_module(module_name), function_name)
    options = ExportOptions(
        scale=args.scale,
        page=args.page,
        landscape=args.landscape,
        legend=not args.no_legend,
        title=not args.no_title,
    )
    payload = exporter(anatomy, options) if _takes_options(exporter) else exporter(anatomy)
    write_output(target, payload)
    if target is not None:
        print(f"wrote {target}", file=sys.stderr)
    return EXIT_OK


def _takes_options(function: Callable[..., bytes]) -> bool:
    import inspect

    return len(inspect.signature(function).parameters) > 1


def _open_editor(argv: Sequence[str]) -> int:
    parser = _Parser(prog="vsm-editor", description="Open the editor.")
    parser.add_argument("file", nargs="?", help="a map to open")
    parser.add_argument("--self-test", action="store_true", help="open, render, exit 0")
    args = parser.parse_args(argv)
    try:
        from vsm_editor.ui.app import run_editor
    except ModuleNotFoundError as err:
        if err.name is None or not err.name.startswith("vsm_editor.ui"):
            raise
        return _print_example_findings(args.file)
    return run_editor(args.file, self_test=args.self_test)


def _print_example_findings(file: str | None) -> int:
    """Until the window exists: print the findings of the given map or the example map."""
    from vsm_editor.analysis import analyze
    from vsm_editor.templates import DEFAULT_TEMPLATE, load_template

    anatomy = read_map(file) if file else load_template(DEFAULT_TEMPLATE)
    report = analyze(anatomy)
    print(f"{anatomy.stream.name}: {len(anatomy.stages)} stages, {len(anatomy.handoffs)} handoffs")
    for line in format_findings(report.findings):
        print(line)
    print(report.summary_line())
    return EXIT_OK


def _declare_check(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", help="the map to check")
    p.add_argument("--format", choices=["text", "json"], default="text")
    p.add_argument(
        "--fail-on",
        choices=["error", "warning", "info", "never"],
        default="error",
        help="exit 1 when a finding at or above this severity remains (default: error)",
    )
    p.add_argument("--config", metavar="RULES.json", help="a shared rules file")


def _declare_export(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", help="the map to export")
    p.add_argument("--format", required=True, choices=sorted(EXPORT_FORMATS))
    p.add_argument(
        "-o",
        "--output",
        metavar="OUT",
        help="where to write (default: FILE with the format's suffix; '-': stdout, text only)",
    )
    p.add_argument("--scale", type=int, choices=[1, 2], default=1, help="PNG pixel scale")
    p.add_argument("--page", choices=["a4", "a3", "letter", "fit"], default="fit")
    p.add_argument("--landscape", action="store_true")
    p.add_argument("--no-legend", action="store_true")
    p.add_argument("--no-title", action="store_true")
    p.add_argument("--force", action="store_true", help="replace an existing output file")


def _declare_templates(p: argparse.ArgumentParser) -> None:
    p.add_argument("-v", "--verbose", action="store_true", help="show names and sizes")


def _declare_new(p: argparse.ArgumentParser) -> None:
    p.add_argument("--template", metavar="ID", help="start from a template (see 'templates')")
    p.add_argument("--name", default="", help="the stream's name")
    p.add_argument(
        "-o", "--output", metavar="FILE", help="where to write (default untitled.vsm.json)"
    )
    p.add_argument("--force", action="store_true", help="replace an existing file")


def _declare_import(p: argparse.ArgumentParser) -> None:
    from vsm_editor import import_cli  # it uses this module's helpers: import when needed

    import_cli.declare(p)


def _cmd_import(args: argparse.Namespace) -> int:
    from vsm_editor import import_cli

    return import_cli.run(args)


def _declare_compare(p: argparse.ArgumentParser) -> None:
    from vsm_editor import compare_cli

    compare_cli.declare(p)


def _cmd_compare(args: argparse.Namespace) -> int:
    from vsm_editor import compare_cli

    return compare_cli.run(args)


Declare = Callable[[argparse.ArgumentParser], None]
Run = Callable[[argparse.Namespace], int]
SUBCOMMANDS: dict[str, tuple[str, Declare, Run]] = {
    "check": ("list the findings of a map", _declare_check, _cmd_check),
    "templates": ("list the template ids", _declare_templates, _cmd_templates),
    "new": ("write a new map, empty or from a template", _declare_new, _cmd_new),
    "export": ("export a map as a document or BPMN", _declare_export, _cmd_export),
    "import": ("import a BPMN file as a new map", _declare_import, _cmd_import),
    "compare": (
        "compare two maps (current and future state, or two versions)",
        _declare_compare,
        _cmd_compare,
    ),
}


def build_parser() -> argparse.ArgumentParser:
    """The parser for ``vsm-editor SUBCOMMAND …``."""
    parser = _Parser(
        prog="vsm-editor",
        description="Value-stream maps with their P1-P4 anatomy. "
        "'vsm-editor [FILE]' opens the editor; subcommands work headless.",
    )
    parser.add_argument("--version", action="version", version=f"vsm-editor {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name, (help_text, declare, _run) in SUBCOMMANDS.items():
        declare(sub.add_parser(name, help=help_text, description=help_text))
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``vsm-editor`` console script; returns the exit code."""
    args_list = list(sys.argv[1:] if argv is None else argv)
    try:
        if not args_list or (
            args_list[0] not in SUBCOMMANDS and args_list[0] not in ("-h", "--help", "--version")
        ):
            return _open_editor(args_list)
        args = build_parser().parse_args(args_list)
        return SUBCOMMANDS[args.command][2](args)
    except UsageError as err:
        text = str(err)
        _say(text if text.startswith("vsm-editor") else f"vsm-editor: {text}")
    except MapFileError as err:
        _say(f"vsm-editor: {err}")
    except BrokenPipeError:
        return EXIT_OK
    except KeyboardInterrupt:
        _say("vsm-editor: interrupted")
    except SystemExit as err:  # --help / --version
        return int(err.code or 0)
    return EXIT_BAD_INPUT


def _say(line: str) -> None:
    print(" ".join(line.split()), file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
