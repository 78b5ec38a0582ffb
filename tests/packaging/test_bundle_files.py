"""The bundle's build files stay in step with the project (the build itself runs in
``make bundle``: packaging/build_bundle.sh, about a minute, too slow for ``make test``)."""

from __future__ import annotations

import ast
import re
import shutil
import subprocess
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "packaging" / "build_bundle.sh"
SPEC = ROOT / "packaging" / "vsm-editor.spec"


def copied_items() -> set[str]:
    """What the build script copies into its clean source folder."""
    match = re.search(r"^for item in (.+); do$", SCRIPT.read_text("utf-8"), re.MULTILINE)
    assert match, "the copy loop of build_bundle.sh changed shape"
    return set(match.group(1).split())


def test_the_build_copies_everything_pip_install_needs() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
    package_dirs = config["tool"]["setuptools"]["package-dir"].values()
    folders = {Path(folder).parts[0] for folder in package_dirs}
    needed = {"pyproject.toml", config["project"]["readme"], *folders}
    assert needed <= copied_items()
    assert all((ROOT / item).exists() for item in copied_items())


def test_build_script_is_valid_bash() -> None:
    if shutil.which("bash") is None:
        pytest.skip("bash not installed")
    result = subprocess.run(["bash", "-n", str(SCRIPT)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def spec_constant(name: str) -> object:
    tree = ast.parse(SPEC.read_text("utf-8"), filename=str(SPEC))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == name for t in node.targets
        ):
            return ast.literal_eval(node.value)
    raise AssertionError(f"{name} not found in the spec")


def test_spec_keeps_the_desktop_platform_plugins() -> None:
    unused = spec_constant("UNUSED_QT_PLUGINS")
    for kept in ("platforms/libqxcb.so", "platforms/libqwayland.so", "platforms/libqoffscreen.so",
                 "imageformats/libqsvg.so", "iconengines/libqsvgicon.so",
                 "platformthemes/libqxdgdesktopportal.so"):
        assert not any(kept.startswith(prefix) for prefix in unused), kept


def test_spec_runs_the_cli_entry_point() -> None:
    launcher = (ROOT / "packaging" / "launch_vsm_editor.py").read_text("utf-8")
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]["scripts"]
    module, function = scripts["vsm-editor"].split(":")
    assert f"from {module} import {function}" in launcher
    assert "launch_vsm_editor.py" in SPEC.read_text("utf-8")
