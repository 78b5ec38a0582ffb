"""PNG export: every template and the hard-names map at 1× and 2× (sizes double, white
background, every stage box drawn with its content), paper shapes, the pixel cap, the PNG
encoder, and the picture compared with librsvg's render of the same map's SVG."""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
import time
from pathlib import Path

import msgspec
import pytest
from PySide6.QtGui import QImage

sys.path.insert(0, str(Path(__file__).resolve().parent))

from test_raster_helpers import TODAY, decode, need_tool, non_white, sample, sample_names  # noqa: E402
from vsm_editor.exporters.options import PAGE_MM, ExportOptions  # noqa: E402
from vsm_editor.exporters.svg import export_svg  # noqa: E402
from vsm_editor.exporters.svg_scene import build_scene  # noqa: E402

from vsm_editor.model.entities import AnatomyMap  # noqa: E402
from vsm_editor.ui import raster  # noqa: E402
from vsm_editor.ui.raster import ensure_app, export_png, png_bytes, render_image  # noqa: E402
from vsm_editor.ui.raster_frame import frame_scene  # noqa: E402


@pytest.fixture(autouse=True)
def _app(request):
    """The exports' own application handling first (offscreen without a display), then
    pytest-qt's ``qapp``, which reuses it."""
    ensure_app()
    return request.getfixturevalue("qapp")


@pytest.mark.parametrize("name", sample_names())
def test_png_at_1x_and_2x(name: str) -> None:
    anatomy = sample(name)
    one = decode(export_png(anatomy, ExportOptions(scale=1), today=TODAY))
    two = decode(export_png(anatomy, ExportOptions(scale=2), today=TODAY))
    assert (two.width(), two.height()) == (2 * one.width(), 2 * one.height())
    frame = frame_scene(build_scene(anatomy), ExportOptions(), TODAY)
    assert one.width() == pytest.approx(frame.view.width, abs=1)
    assert one.height() == pytest.approx(frame.view.height, abs=1)
    for image, scale in ((one, 1), (two, 2)):
        for x, y in ((0, 0), (image.width() - 1, 0), (0, image.height() - 1),
                     (image.width() - 1, image.height() - 1)):
            assert image.pixel(x, y) & 0xFFFFFF == 0xFFFFFF, "the background is white"
        for stage_id, layout in frame.scene.layouts.items():
            rect = layout.rect
            left = (rect.x - frame.view.x) * scale
            top = (rect.y - frame.view.y) * scale
            # inside the border: the white fill, with the markers, name and owner on it
            inner = (left + 3 * scale, top + 3 * scale, left + (rect.width - 3) * scale,
                     top + (rect.height - 3) * scale)
            found, total = non_white(image, *inner, step=scale)
            assert found > 0.05 * total, f"{name}/{stage_id} at {scale}x looks blank"
            assert found < 0.6 * total, f"{name}/{stage_id} at {scale}x is not a white box"


def test_png_records_its_resolution() -> None:
    for scale in (1, 2):
        image = QImage.fromData(export_png(sample("secure-api"), ExportOptions(scale=scale),
                                           today=TODAY), "PNG")
        assert image.dotsPerMeterX() == pytest.approx(96 * scale / 0.0254, abs=1)


@pytest.mark.parametrize("page,landscape", [("a4", False), ("a4", True), ("letter", False),
                                            ("a3", True)])
def test_paper_page_gives_the_page_shape(page: str, landscape: bool) -> None:
    image = decode(export_png(sample("secure-api"), ExportOptions(page=page,
                                                                   landscape=landscape),
                              today=TODAY))
    width, height = PAGE_MM[page]
    if landscape:
        width, height = height, width
    assert image.width() / image.height() == pytest.approx(width / height, rel=0.01)


def test_title_and_legend_can_be_left_out() -> None:
    anatomy = sample("secure-api")
    full = decode(export_png(anatomy, today=TODAY))
    bare = decode(export_png(anatomy, ExportOptions(legend=False, title=False), today=TODAY))
    assert bare.height() < full.height() - 150
    assert bare.width() == full.width()  # the lanes are the widest thing either way


def test_huge_maps_are_drawn_within_the_pixel_cap(monkeypatch) -> None:
    anatomy = sample("validate-booking")
    far = replace_stage_x(anatomy, 60_000.0)
    monkeypatch.setattr(raster, "MAX_PNG_PIXELS", 2_000_000)
    image = render_image(far, ExportOptions(scale=2), today=TODAY)
    assert image.width() * image.height() <= 2_000_000
    assert image.width() > 1_000  # shrunk, not cropped: the whole width is still there
    assert non_white(image, 0, 0, image.width(), image.height(), step=7)[0] > 0


def replace_stage_x(anatomy: AnatomyMap, x: float) -> AnatomyMap:
    """``anatomy`` with a copy of its first stage far to the right."""
    far = msgspec.structs.replace(anatomy.stages[0], id="st_far", x=x)
    return msgspec.structs.replace(anatomy, stages=[*anatomy.stages, far])


def test_encoder_round_trips_pixels() -> None:
    image = render_image(sample("validate-booking"), ExportOptions(), today=TODAY)
    again = decode(png_bytes(image))
    assert (again.width(), again.height()) == (image.width(), image.height())
    original = image.convertToFormat(QImage.Format.Format_RGB32)
    for y in range(0, image.height(), 13):
        for x in range(0, image.width(), 7):
            assert again.pixel(x, y) == original.pixel(x, y)


def test_encoder_is_read_by_pillow() -> None:
    pil = pytest.importorskip("PIL.Image", reason="Pillow reads the PNG independently")
    data = export_png(sample("validate-booking"), today=TODAY)
    with pil.open(io.BytesIO(data)) as picture:
        picture.load()
        assert picture.mode == "RGB"
        assert picture.getpixel((0, 0)) == (255, 255, 255)


@pytest.mark.parametrize("name", ["secure-api", "customer-onboarding", "text-map"])
def test_png_looks_like_the_svg_in_librsvg(name: str, tmp_path: Path) -> None:
    """The same map's SVG rendered by librsvg and our PNG differ in under 1 % of pixels
    (antialiasing and glyph rasterization at edges); a shifted box, line or name would
    differ in far more."""
    pil = pytest.importorskip("PIL.Image", reason="Pillow compares the pictures")
    chops = pytest.importorskip("PIL.ImageChops")
    rsvg = shutil.which("rsvg-convert")
    if rsvg is None:
        need_tool("rsvg-convert missing: apt-get install -y librsvg2-bin")
    anatomy = sample(name)
    (tmp_path / "map.svg").write_bytes(export_svg(anatomy, today=TODAY))
    subprocess.run([rsvg, "-b", "white", "-o", str(tmp_path / "rsvg.png"),
                    str(tmp_path / "map.svg")], check=True, timeout=120)
    ours = pil.open(io.BytesIO(export_png(anatomy, today=TODAY))).convert("RGB")
    theirs = pil.open(tmp_path / "rsvg.png").convert("RGB")
    assert ours.size == theirs.size
    difference = chops.difference(ours, theirs)
    strongest = chops.lighter(chops.lighter(*difference.split()[:2]), difference.split()[2])
    differing = sum(strongest.histogram()[97:])
    assert differing < 0.01 * ours.size[0] * ours.size[1], differing


def test_png_of_1000_stages_is_fast() -> None:
    """Budget: well under a second on the development machine (0.6–0.9 s measured with
    another job running); the bound here leaves room for slow CI machines."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
    from generate import generate_map

    anatomy = generate_map(1_000, 0)
    export_png(sample("validate-booking"))  # fonts and caches warm
    start = time.perf_counter()
    data = export_png(anatomy, today=TODAY)
    elapsed = time.perf_counter() - start
    image = decode(data)
    assert image.width() * image.height() <= raster.MAX_PNG_PIXELS
    assert elapsed < 3.0, f"{elapsed:.2f} s"
