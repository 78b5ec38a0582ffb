"""The application icon: one SVG, the PNG sizes rendered from it, and the copy the app loads."""

from __future__ import annotations

import os
import struct
from pathlib import Path

import pytest
from lxml import etree

ROOT = Path(__file__).resolve().parents[2]
ICONS = ROOT / "packaging" / "icons"
SVG = ICONS / "vsm-editor.svg"
SIZES = (16, 32, 48, 64, 128, 256, 512)
RUNTIME = ROOT / "resources" / "icons"
LAYER_COLOURS = ("#6b46c1", "#2b6cb0", "#2f855a", "#975a16")  # P1–P4, as in style/palette.py


def png_header(path: Path) -> tuple[int, int, int, int]:
    """Width, height, bit depth and colour type from a PNG's IHDR chunk."""
    data = path.read_bytes()[:33]
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR", f"{path} is not a PNG"
    width, height, depth, colour = struct.unpack(">IIBB", data[16:26])
    return width, height, depth, colour


@pytest.mark.parametrize("size", SIZES)
def test_every_size_is_a_square_rgba_png(size: int) -> None:
    path = ICONS / "hicolor" / f"{size}x{size}" / "apps" / "vsm-editor.png"
    assert png_header(path) == (size, size, 8, 6)


def test_svg_is_square_and_uses_the_layer_colours() -> None:
    root = etree.parse(str(SVG)).getroot()
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    _x, _y, width, height = (float(v) for v in root.get("viewBox").split())
    assert width == height
    fills = {element.get("fill") for element in root.iter()}
    assert set(LAYER_COLOURS) <= fills
    assert not root.xpath("//*[local-name()='image' or local-name()='text']"), "shapes only"


def test_the_app_and_the_icon_theme_share_one_drawing() -> None:
    assert (RUNTIME / "vsm-editor.svg").read_bytes() == SVG.read_bytes()
    assert (ICONS / "hicolor" / "scalable" / "apps" / "vsm-editor.svg").read_bytes() == (
        SVG.read_bytes()
    )
    big = ICONS / "hicolor" / "256x256" / "apps" / "vsm-editor.png"
    assert (RUNTIME / "vsm-editor-256.png").read_bytes() == big.read_bytes()


@pytest.mark.parametrize("size", (16, 256))
def test_png_has_transparent_corners_and_the_four_layers(size: int) -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    gui = pytest.importorskip("PySide6.QtGui")
    image = gui.QImage(str(ICONS / "hicolor" / f"{size}x{size}" / "apps" / "vsm-editor.png"))
    assert not image.isNull()
    assert image.pixelColor(0, 0).alpha() == 0
    assert image.pixelColor(size - 1, size - 1).alpha() == 0
    # Between the first two stage columns (x = 22.5 of 64) each layer band shows its colour.
    x = int(size * 22.5 / 64)
    for band_middle, colour in zip((34, 42, 50, 57), LAYER_COLOURS, strict=True):
        pixel = image.pixelColor(x, int(size * band_middle / 64))
        expected = gui.QColor(colour)
        distance = max(
            abs(pixel.red() - expected.red()),
            abs(pixel.green() - expected.green()),
            abs(pixel.blue() - expected.blue()),
        )
        assert distance <= 40, f"{colour} band at {size}px is {pixel.name()}"
