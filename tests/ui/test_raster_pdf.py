"""PDF export, read back with poppler: every stage's full name is text in the PDF (wrapped
lines joined), 200-character and non-Latin names included; page size and orientation per
``--page`` and ``--landscape``; large maps tiled across pages; title and legend as in SVG.

Needs ``pdftotext`` and ``pdfinfo`` (Debian ``poppler-utils``): missing tools fail the test
when CI=true and skip it otherwise.
"""

from __future__ import annotations

import sys
from pathlib import Path

import msgspec
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from test_raster_helpers import (  # noqa: E402
    NAMES,
    TODAY,
    contains_name,
    page_points,
    pdf_info,
    pdf_text,
    sample,
    sample_names,
    squeezed,
)
from vsm_editor.exporters.options import ExportOptions  # noqa: E402
from vsm_editor.exporters.svg_scene import build_scene  # noqa: E402

from vsm_editor.model.entities import AnatomyMap  # noqa: E402
from vsm_editor.ui.raster import ensure_app, export_pdf  # noqa: E402
from vsm_editor.ui.raster_frame import frame_scene  # noqa: E402
from vsm_editor.ui.raster_pages import MIN_SCALE, page_layout  # noqa: E402

PAPER = {"a4": (595.3, 841.9), "a3": (841.9, 1190.6), "letter": (612.0, 792.0)}


@pytest.fixture(autouse=True)
def _app(request):
    ensure_app()
    return request.getfixturevalue("qapp")


def write_pdf(folder: Path, anatomy: AnatomyMap, options: ExportOptions, **kwargs) -> Path:
    path = folder / "map.pdf"
    data = export_pdf(anatomy, options, today=TODAY, **kwargs)
    assert data.startswith(b"%PDF-")
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("name", sample_names())
def test_every_name_is_text(name: str, tmp_path: Path) -> None:
    anatomy = sample(name)
    text = pdf_text(write_pdf(tmp_path, anatomy, ExportOptions(page="a3", landscape=True)))
    for stage in anatomy.stages:
        assert contains_name(text, stage.name), (stage.id, stage.name)
    assert squeezed(anatomy.stream.name) in squeezed(text)  # the title block
    assert "Anatomylayers" in squeezed(text)  # the legend


def test_hard_names_are_whole_and_in_order(tmp_path: Path) -> None:
    """Latin (200 characters, with fi/ffi that must not come out as ligatures), Greek,
    Cyrillic and CJK names read back exactly; the Arabic one word by word."""
    text = pdf_text(write_pdf(tmp_path, sample("text-map"), ExportOptions()))
    for stage_id in ("st_long", "st_xs", "st_greek", "st_cyrillic", "st_cjk", "st_hostile"):
        assert squeezed(NAMES[stage_id]) in squeezed(text), stage_id
    assert "\ufb01" not in text and "\ufb03" not in text, "ligature glyphs in the text"
    assert "office" in text
    assert contains_name(text, NAMES["st_arabic"])


@pytest.mark.parametrize("page", ["a4", "a3", "letter"])
@pytest.mark.parametrize("landscape", [False, True])
def test_paper_size_and_orientation(page: str, landscape: bool, tmp_path: Path) -> None:
    info = pdf_info(write_pdf(tmp_path, sample("validate-booking"),
                              ExportOptions(page=page, landscape=landscape)))
    width, height = page_points(info)
    expected = PAPER[page][::-1] if landscape else PAPER[page]
    assert (width, height) == pytest.approx(expected, abs=1.0)
    assert info["Pages"] == "1"
    assert info.get("Page rot", "0") == "0"


def test_fit_page_is_the_map_at_natural_size(tmp_path: Path) -> None:
    anatomy = sample("secure-api")
    info = pdf_info(write_pdf(tmp_path, anatomy, ExportOptions(page="fit")))
    frame = frame_scene(build_scene(anatomy), ExportOptions(), TODAY)
    width, height = page_points(info)
    assert width == pytest.approx(frame.view.width * 0.75, abs=1.0)
    assert height == pytest.approx(frame.view.height * 0.75, abs=1.0)
    assert width > height
    assert info["Pages"] == "1"
    assert info["Title"] == anatomy.stream.name


def test_title_and_legend_follow_the_options(tmp_path: Path) -> None:
    anatomy = sample("secure-api")
    text = squeezed(pdf_text(write_pdf(tmp_path, anatomy,
                                       ExportOptions(title=False, legend=False))))
    assert "Anatomylayers" not in text
    assert "Exported" not in text
    assert squeezed(anatomy.stages[0].name) in text


def wide_map() -> AnatomyMap:
    """secure-api with its stages repeated five times side by side (about 11,000 units)."""
    anatomy = sample("secure-api")
    stages = list(anatomy.stages)
    for copy in range(1, 5):
        stages += [msgspec.structs.replace(s, id=f"{s.id}_{copy}", x=s.x + copy * 2200.0)
                   for s in anatomy.stages]
    return msgspec.structs.replace(anatomy, stages=stages)


def test_large_maps_are_tiled(tmp_path: Path) -> None:
    anatomy = wide_map()
    pdf = write_pdf(tmp_path, anatomy, ExportOptions(page="a4", landscape=True))
    info = pdf_info(pdf)
    pages = int(info["Pages"])
    assert pages > 1
    text = pdf_text(pdf)
    assert f"page {pages} of {pages}" in text
    frame = frame_scene(build_scene(anatomy), ExportOptions(), TODAY)
    layout = page_layout(frame.view, *page_points(info))
    assert layout.scale >= MIN_SCALE * 0.999
    assert len(layout.tiles) == pages
    for stage in anatomy.stages:  # a name cut by a page edge may be split, never lost
        for word in stage.name.split():
            assert squeezed(word) in squeezed(text), (stage.id, word)


def test_fit_can_be_forced_onto_one_page(tmp_path: Path) -> None:
    pdf = write_pdf(tmp_path, wide_map(), ExportOptions(page="a4", landscape=True),
                    pagination="fit")
    assert pdf_info(pdf)["Pages"] == "1"


def test_tiles_cover_the_whole_map() -> None:
    frame = frame_scene(build_scene(wide_map()), ExportOptions(), TODAY)
    layout = page_layout(frame.view, 500.0, 700.0)
    right = max(tile.area.right for tile in layout.tiles)
    bottom = max(tile.area.bottom for tile in layout.tiles)
    assert min(tile.area.x for tile in layout.tiles) == pytest.approx(frame.view.x)
    assert right >= frame.view.right - 1e-6 and bottom >= frame.view.bottom - 1e-6
    assert layout.rows * layout.columns == len(layout.tiles)
