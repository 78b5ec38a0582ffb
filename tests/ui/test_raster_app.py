"""The raster module runs headless by itself: with no display and no QT_QPA_PLATFORM it picks
the offscreen platform, keeps a platform the user chose, and reuses a running application."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from vsm_editor.ui.raster_app import ensure_app, has_display

SCRIPT = """
import sys
from vsm_editor.templates import load_template
from vsm_editor.exporters.options import ExportOptions
from vsm_editor.ui.raster import export_png, export_pdf
from PySide6.QtGui import QGuiApplication, QImage
png = export_png(load_template("secure-api"), ExportOptions(scale=2))
pdf = export_pdf(load_template("secure-api"), ExportOptions(page="a4"))
image = QImage.fromData(png, "PNG")
print(QGuiApplication.platformName(), image.width(), image.height(), pdf[:5].decode())
"""


def clean_environment(**extra: str) -> dict[str, str]:
    """This process's environment without a display or a chosen Qt platform."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    env.update(extra)
    return env


def run(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", SCRIPT], env=env, capture_output=True,
                          text=True, timeout=120, check=False)


@pytest.mark.skipif(sys.platform in ("win32", "darwin"), reason="X11/Wayland systems only")
def test_export_without_display_switches_to_offscreen() -> None:
    result = run(clean_environment())
    assert result.returncode == 0, result.stderr
    platform, width, height, magic = result.stdout.split()
    assert platform == "offscreen"
    assert int(width) > 4000 and int(height) > 2500
    assert magic == "%PDF-"


@pytest.mark.skipif(sys.platform in ("win32", "darwin"), reason="X11/Wayland systems only")
def test_an_empty_platform_setting_counts_as_unset() -> None:
    result = run(clean_environment(QT_QPA_PLATFORM=""))
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[0] == "offscreen"


def test_a_chosen_platform_is_kept() -> None:
    result = run(clean_environment(QT_QPA_PLATFORM="minimal"))
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[0] == "minimal"


def test_cli_exports_png_and_pdf_headless(tmp_path: Path) -> None:
    """The command line, once png and pdf are wired into ``EXPORT_FORMATS``."""
    from vsm_editor.cli import EXPORT_FORMATS

    if "png" not in EXPORT_FORMATS or "pdf" not in EXPORT_FORMATS:
        pytest.skip("png/pdf not yet in vsm_editor.cli.EXPORT_FORMATS")
    source = Path(str(__import__("vsm_editor.resources_access", fromlist=["resource"])
                      .resource("templates", "secure-api.vsm.json")))
    for fmt in ("png", "pdf"):
        out = tmp_path / f"map.{fmt}"
        result = subprocess.run(
            [sys.executable, "-m", "vsm_editor.cli", "export", str(source), "--format", fmt,
             "-o", str(out)], env=clean_environment(), capture_output=True, text=True,
            timeout=120, check=False)
        assert result.returncode == 0, result.stderr
        assert out.read_bytes()[:4] in (b"\x89PNG", b"%PDF")


def test_has_display_reads_the_environment() -> None:
    assert not has_display({}, "linux")
    assert has_display({"DISPLAY": ":0"}, "linux")
    assert has_display({"WAYLAND_DISPLAY": "wayland-0"}, "linux")
    assert not has_display({"DISPLAY": ""}, "linux")
    assert has_display({}, "win32") and has_display({}, "darwin")


REUSE = """
from PySide6.QtGui import QGuiApplication
from vsm_editor.templates import load_template
from vsm_editor.ui.raster import ensure_app, export_png
app = QGuiApplication(["host"])
assert ensure_app() is app
assert export_png(load_template("validate-booking"))[:4] == b"\\x89PNG"
assert QGuiApplication.instance() is app
print(type(ensure_app()).__name__)
"""


def test_a_running_application_is_reused() -> None:
    result = subprocess.run([sys.executable, "-c", REUSE],
                            env=clean_environment(QT_QPA_PLATFORM="offscreen"),
                            capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "QGuiApplication"


def test_the_session_application_is_shared(request) -> None:
    """In one process the exports' application and pytest-qt's ``qapp`` are one object."""
    app = ensure_app()
    assert request.getfixturevalue("qapp") is app
    assert ensure_app() is app
