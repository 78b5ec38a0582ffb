"""librsvg (``rsvg-convert``) renders every export without error, and in its renders each
stage's name lies inside the stage's box: with the shipped font (a fontconfig offering only
``resources/fonts``) and with it absent (a fontconfig offering only GNU FreeFont and Droid
Sans Fallback, so librsvg falls back from the named families to FreeSans, FreeSerif for
Arabic and Droid for CJK).

How the text extents are found: a probe SVG holds only the stages' name ``<text>`` elements
(copied from the export, same view box and size), each painted in one of six pure colours;
it is rendered at 2× and every pixel is given to the stage whose colour it carries. Batches
of six stages per probe keep the colours unambiguous.

Needs ``rsvg-convert`` (Debian ``librsvg2-bin``) and, for the fallback, ``fonts-freefont-ttf``
and ``fonts-droid-fallback``;
missing tools fail the test when CI=true and skip it otherwise.
"""

from __future__ import annotations

import copy
import os
import subprocess
import sys
from pathlib import Path

import pytest
from lxml import etree

sys.path.insert(0, str(Path(__file__).resolve().parent))

from test_svg_helpers import (  # noqa: E402
    FONTS_DIR,
    NS,
    SVG,
    exported,
    fallback_font_dirs,
    fontconfig_file,
    parse,
    rsvg,
    sample_names,
)

Image = pytest.importorskip("PIL.Image", reason="Pillow is needed to read the renders")
ImageChops = pytest.importorskip("PIL.ImageChops")

ZOOM = 2
COLOURS = [(255, 0, 0), (0, 160, 0), (0, 0, 255), (200, 150, 0), (200, 0, 200), (0, 170, 170)]
MIN_ALPHA = 32
TOLERANCE = 0.5  # map units (a quarter of a pixel at 2x is 0.125)


def render(svg: bytes, folder: Path, fontconfig: Path | None, name: str) -> Path:
    source, target = folder / f"{name}.svg", folder / f"{name}.png"
    source.write_bytes(svg)
    env = dict(os.environ)
    if fontconfig is not None:
        env["FONTCONFIG_FILE"] = str(fontconfig)
    result = subprocess.run(
        [rsvg(), "--zoom", str(ZOOM), "-o", str(target), str(source)],
        capture_output=True, env=env, timeout=120, check=False,
    )
    assert result.returncode == 0, result.stderr.decode(errors="replace")
    assert result.stderr.strip() == b"", result.stderr.decode(errors="replace")
    return target


def probes(data: bytes) -> list[tuple[bytes, dict[tuple[int, int, int], tuple]]]:
    """Probe SVGs of at most six name texts each, and each colour's stage box."""
    root = parse(data)
    stages = []
    for group in root.iterfind(".//s:g[@class]", NS):
        if "stage" in group.get("class").split():
            text = group.find("s:text[@class='name']", NS)
            if "".join(text.itertext()).strip():
                rect = group.find("s:rect[@class='box']", NS)
                x, y = float(rect.get("x")), float(rect.get("y"))
                box = (x, y, x + float(rect.get("width")), y + float(rect.get("height")))
                stages.append((group.get("id"), text, box,
                               group.getparent().get("font-size")))
    result = []
    for start in range(0, len(stages), len(COLOURS)):
        probe = etree.Element(f"{{{SVG}}}svg", nsmap={None: SVG})
        for key in ("width", "height", "viewBox", "font-family"):
            probe.set(key, root.get(key))
        layer = etree.SubElement(probe, f"{{{SVG}}}g", {"text-anchor": "middle"})
        boxes = {}
        for colour, (stage_id, text, box, size) in zip(COLOURS, stages[start:], strict=False):
            clone = copy.deepcopy(text)
            clone.set("fill", "#{:02x}{:02x}{:02x}".format(*colour))
            if clone.get("font-size") is None:
                clone.set("font-size", size)
            layer.append(clone)
            boxes[colour] = (stage_id, box)
        result.append((etree.tostring(probe), boxes))
    return result


def extents(png: Path, view_box: list[float]) -> dict[tuple[int, int, int], list[float]]:
    """Per colour, the map-coordinate extent (left, top, right, bottom) of its pixels (those
    at least MIN_ALPHA opaque whose every channel is within 80 of the colour)."""
    image = Image.open(png).convert("RGBA")
    width, height = image.size
    rgb, alpha = image.convert("RGB"), image.getchannel("A")
    opaque = alpha.point(lambda v: 255 if v >= MIN_ALPHA else 0)
    found: dict[tuple[int, int, int], list[float]] = {}
    for colour in COLOURS:
        r, g, b = ImageChops.difference(rgb, Image.new("RGB", image.size, colour)).split()
        distance = ImageChops.lighter(ImageChops.lighter(r, g), b)
        mask = ImageChops.multiply(distance.point(lambda v: 255 if v < 80 else 0), opaque)
        bbox = mask.getbbox()
        if bbox is None:
            continue
        sx, sy = view_box[2] / width, view_box[3] / height
        found[colour] = [view_box[0] + bbox[0] * sx, view_box[1] + bbox[1] * sy,
                         view_box[0] + bbox[2] * sx, view_box[1] + bbox[3] * sy]
    return found


def check_names_inside(name: str, folder: Path, fontconfig: Path,
                       only: set[str] | None = None, skip: frozenset[str] = frozenset()) -> int:
    data = exported(name)
    view_box = [float(v) for v in parse(data).get("viewBox").split()]
    checked = 0
    for number, (probe, boxes) in enumerate(probes(data)):
        found = extents(render(probe, folder, fontconfig, f"{name}-probe{number}"), view_box)
        for colour, (stage_id, box) in boxes.items():
            if stage_id in skip or (only is not None and stage_id not in only):
                continue
            assert colour in found, f"{stage_id}: its name drew nothing"
            left, top, right, bottom = found[colour]
            assert left >= box[0] - TOLERANCE and right <= box[2] + TOLERANCE, (
                f"{name} {stage_id}: text x {left:.1f}..{right:.1f} outside {box}")
            assert top >= box[1] - TOLERANCE and bottom <= box[3] + TOLERANCE, (
                f"{name} {stage_id}: text y {top:.1f}..{bottom:.1f} outside {box}")
            checked += 1
    return checked


@pytest.fixture(scope="module")
def shipped_font(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return fontconfig_file(tmp_path_factory.mktemp("fc-shipped"), [str(FONTS_DIR)])


@pytest.fixture(scope="module")
def fallback_font(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return fontconfig_file(tmp_path_factory.mktemp("fc-fallback"), fallback_font_dirs())


@pytest.mark.parametrize("name", sample_names())
def test_renders_without_error(name: str, tmp_path: Path) -> None:
    png = render(exported(name), tmp_path, None, name)
    image = Image.open(png)
    width = float(parse(exported(name)).get("width"))
    assert image.size[0] == round(width * ZOOM)
    assert len(image.convert("L").getcolors(65536) or ()) > 10  # not blank


@pytest.mark.parametrize("name", ["secure-api", "customer-onboarding", "text-map"])
def test_names_inside_boxes_with_the_shipped_font(name: str, tmp_path: Path,
                                                   shipped_font: Path) -> None:
    assert check_names_inside(name, tmp_path, shipped_font) >= 8


#: Known overflow, for the style module to fix (``style.text.FIT_RATIO`` is 0.92; FreeSerif's
#: Arabic is about 20 % wider than DejaVu Sans's, so the line runs 0.5–1 unit past the box).
FALLBACK_OVERFLOW = frozenset({"st_arabic"})


@pytest.mark.parametrize("name", ["secure-api", "customer-onboarding", "text-map"])
def test_names_inside_boxes_with_a_fallback_font(name: str, tmp_path: Path,
                                                  fallback_font: Path) -> None:
    assert check_names_inside(name, tmp_path, fallback_font, skip=FALLBACK_OVERFLOW) >= 7


def test_arabic_name_inside_its_box_with_a_fallback_font(tmp_path: Path,
                                                         fallback_font: Path) -> None:
    assert check_names_inside("text-map", tmp_path, fallback_font, only=set(FALLBACK_OVERFLOW))


def test_the_fallback_really_uses_another_font(tmp_path: Path, shipped_font: Path,
                                               fallback_font: Path) -> None:
    data = exported("text-map")
    probe, _ = probes(data)[0]
    shipped = Image.open(render(probe, tmp_path, shipped_font, "shipped")).tobytes()
    fallback = Image.open(render(probe, tmp_path, fallback_font, "fallback")).tobytes()
    assert shipped != fallback
