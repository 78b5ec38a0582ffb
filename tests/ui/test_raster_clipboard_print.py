"""Edit > Copy as image puts the map on the clipboard as SVG and PNG; File > Print paints the
same drawing on a printer (checked through QPrinter's PDF output: there is no printer here)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from lxml import etree
from PySide6.QtGui import QGuiApplication, QImage, QPageLayout, QPageSize
from PySide6.QtPrintSupport import QPrinter

sys.path.insert(0, str(Path(__file__).resolve().parent))

from test_raster_helpers import (  # noqa: E402
    TODAY,
    contains_name,
    decode,
    page_points,
    pdf_info,
    pdf_text,
    sample,
)
from vsm_editor.exporters.options import ExportOptions  # noqa: E402
from vsm_editor.exporters.svg_import import load_svg_map  # noqa: E402

from vsm_editor.ui.raster import (  # noqa: E402
    PNG_MIME,
    SVG_MIME,
    copy_map_image,
    ensure_app,
    map_mime_data,
    print_map,
)


@pytest.fixture(autouse=True)
def _app(request):
    ensure_app()
    return request.getfixturevalue("qapp")


def test_copy_as_image_offers_svg_and_png() -> None:
    anatomy = sample("secure-api")
    copy_map_image(anatomy)
    mime = QGuiApplication.clipboard().mimeData()
    formats = mime.formats()
    assert SVG_MIME in formats
    assert PNG_MIME in formats
    assert mime.hasImage()
    svg = bytes(mime.data(SVG_MIME).data())
    root = etree.fromstring(svg)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    # the SVG carries the anatomy: pasting it into the editor restores the map
    assert [s.name for s in load_svg_map(svg).stages] == [s.name for s in anatomy.stages]
    png = decode(bytes(mime.data(PNG_MIME).data()))
    image = QImage(mime.imageData())
    assert (png.width(), png.height()) == (image.width(), image.height())
    assert png.width() > 2000


def test_clipboard_picture_follows_the_options() -> None:
    plain = map_mime_data(sample("validate-booking"), ExportOptions(legend=False, title=False),
                          today=TODAY)
    full = map_mime_data(sample("validate-booking"), ExportOptions(scale=2), today=TODAY)
    small, large = QImage(plain.imageData()), QImage(full.imageData())
    assert large.height() > 2 * small.height()
    assert b"title-block" in bytes(full.data(SVG_MIME).data())
    assert b"title-block" not in bytes(plain.data(SVG_MIME).data())


def pdf_printer(path: Path, landscape: bool) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A3))
    printer.setPageOrientation(QPageLayout.Orientation.Landscape if landscape
                               else QPageLayout.Orientation.Portrait)
    return printer


@pytest.mark.parametrize("landscape", [False, True])
def test_print_paints_the_map_on_the_printers_paper(tmp_path: Path, landscape: bool) -> None:
    anatomy = sample("secure-api")
    path = tmp_path / "printed.pdf"
    pages = print_map(anatomy, pdf_printer(path, landscape), today=TODAY)
    info = pdf_info(path)
    assert int(info["Pages"]) == pages
    width, height = page_points(info)
    assert (width > height) == landscape
    assert max(width, height) == pytest.approx(1190.6, abs=1.0)  # A3
    text = pdf_text(path)
    for stage in anatomy.stages:
        assert contains_name(text, stage.name), stage.name
    assert info["Title"] == anatomy.stream.name


def test_print_tiles_when_the_paper_is_small(tmp_path: Path) -> None:
    path = tmp_path / "printed.pdf"
    printer = pdf_printer(path, False)
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A5))
    pages = print_map(sample("secure-api"), printer, today=TODAY)
    assert pages > 1
    assert int(pdf_info(path)["Pages"]) == pages
