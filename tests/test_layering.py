"""The layering contract: the headless layers never import Qt, not even lazily.

import-linter (``make test`` runs ``lint-imports``) checks module-level imports; this test
also catches imports inside functions, and checks at run time that headless work never
loads PySide6.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HEADLESS = [
    ROOT / "vsm_editor" / "model",
    ROOT / "vsm_editor" / "commands",
    ROOT / "vsm_editor" / "analysis",
    ROOT / "vsm_editor" / "style",
    ROOT / "exporters",
    ROOT / "vsm_editor" / "cli.py",
    ROOT / "vsm_editor" / "templates.py",
]
FORBIDDEN = ("PySide6", "shiboken6", "vsm_editor.ui")


def _imports(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.append((node.lineno, node.module))
        elif isinstance(node, ast.Call) and getattr(
            node.func, "attr", getattr(node.func, "id", "")
        ) in (
            "import_module",
            "__import__",
        ):
            for arg in node.args[:1]:
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                    found.append((node.lineno, arg.value))
    return found


def _python_files() -> list[Path]:
    files: list[Path] = []
    for entry in HEADLESS:
        if entry.is_file():
            files.append(entry)
        elif entry.is_dir():
            files.extend(sorted(entry.rglob("*.py")))
    return files


def test_headless_sources_never_import_qt() -> None:
    offenders = []
    files = _python_files()
    assert len(files) >= 10, "the scan found too few files: the paths above are stale"
    for path in files:
        for line, module in _imports(path):
            if module.startswith(FORBIDDEN) and not _is_cli_editor_hook(path, module):
                offenders.append(f"{path.relative_to(ROOT)}:{line} imports {module}")
    assert offenders == []


def _is_cli_editor_hook(path: Path, module: str) -> bool:
    """The CLI may open the editor (vsm_editor.ui.app) and raster exports (vsm_editor.ui.raster)
    lazily: that is the one sanctioned way into the UI from the command line."""
    return path.name == "cli.py" and module in ("vsm_editor.ui.app", "vsm_editor.ui.raster")


def test_headless_work_loads_no_qt_at_run_time() -> None:
    script = (
        "import sys\n"
        "import vsm_editor.model, vsm_editor.commands, vsm_editor.analysis, vsm_editor.cli\n"
        "import vsm_editor.exporters\n"
        "from vsm_editor.cli import main\n"
        "main(['templates'])\n"
        "bad = [m for m in sys.modules if m.startswith(('PySide6', 'shiboken6'))]\n"
        "assert not bad, bad\n"
        "print('clean')\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT / "tests",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith("clean")
