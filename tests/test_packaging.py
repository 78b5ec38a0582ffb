"""Every Python package of the source tree is listed for installation."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_every_package_is_installed() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    listed = set(config["tool"]["setuptools"]["packages"])
    mapping = {"exporters": "vsm_editor.exporters", "resources": "vsm_editor.resources"}
    found = set()
    for init in ROOT.glob("vsm_editor/**/__init__.py"):
        found.add(".".join(init.parent.relative_to(ROOT).parts))
    for folder, package in mapping.items():
        for init in (ROOT / folder).glob("**/__init__.py"):
            rest = init.parent.relative_to(ROOT / folder).parts
            found.add(".".join((package, *rest)))
    assert found - listed == set(), "add these to [tool.setuptools] packages in pyproject.toml"
