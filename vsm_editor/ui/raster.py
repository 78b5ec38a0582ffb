"""PNG and PDF exports, Copy as image and printing: the map drawn with QPainter from the
SVG export's scene, so all of them look like the SVG and the canvas.

``export_png`` and ``export_pdf`` take ``(anatomy, options)`` like the other exporters and
work headless: without a running Qt application they create one, on the ``offscreen``
platform when there is no display (:mod:`vsm_editor.ui.raster_app`). The SVG itself is
never rendered through QtSvg (which ignores ``x``/``dy`` on ``<tspan>`` and would collapse
wrapped names); the scene is painted directly (:mod:`vsm_editor.ui.raster_paint`).

- PNG: the SVG's drawing at 1 or 2 pixels per map unit, white background; with a paper
  ``page`` the picture takes the page's shape, as the SVG's view box does. A picture larger
  than :data:`MAX_PNG_PIXELS` is drawn smaller to stay within it (a 1,000-stage map would
  otherwise be hundreds of megapixels; use SVG or PDF for such maps).
- PDF: vector, with the names as selectable text in the embedded shipped font. ``--page
  a4|a3|letter`` (portrait, or ``landscape``) fits the map on one page with 10 mm margins,
  or tiles it across pages when fitting would set names below 4 pt; ``--page fit`` is one
  page of the map's own size at 100 %.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from math import ceil, sqrt

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, QMimeData, QSizeF
from PySide6.QtGui import (
    QGuiApplication,
    QImage,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
)
from PySide6.QtPrintSupport import QPrinter

from vsm_editor.analysis import Report
from vsm_editor.exporters.options import ExportOptions
from vsm_editor.exporters.svg import render_scene
from vsm_editor.exporters.svg_blocks import UNTITLED
from vsm_editor.exporters.svg_scene import Scene, build_scene
from vsm_editor.model.entities import AnatomyMap
from vsm_editor.style import palette
from vsm_editor.ui.raster_app import ensure_app, has_display
from vsm_editor.ui.raster_fonts import colour, font_family
from vsm_editor.ui.raster_frame import Frame, frame_scene
from vsm_editor.ui.raster_pages import (
    Pagination,
    fit_page_points,
    page_layout,
    paint_pages,
    paint_rect_points,
)
from vsm_editor.ui.raster_paint import paint_frame

#: The most pixels a PNG gets (4,000 × 4,000; every template fits at 2×); larger maps are
#: drawn smaller.
MAX_PNG_PIXELS = 16_000_000
#: The longest side a PNG gets (Qt's raster painter works up to 32,767).
MAX_PNG_SIDE = 30_000
#: Paper margins around the printable area of a4/a3/letter pages.
MARGIN_MM = 10.0
SVG_MIME = "image/svg+xml"
PNG_MIME = "image/png"
PAGE_SIZES = {"a4": QPageSize.PageSizeId.A4, "a3": QPageSize.PageSizeId.A3,
              "letter": QPageSize.PageSizeId.Letter}

__all__ = ["MAX_PNG_PIXELS", "copy_map_image", "ensure_app", "export_pdf", "export_png",
           "has_display", "print_map", "render_image"]


def _frame(anatomy: AnatomyMap | Scene, options: ExportOptions, today: date | None,
           report: Report | None, paper: bool) -> Frame:
    ensure_app()
    font_family()
    scene = anatomy if isinstance(anatomy, Scene) else build_scene(anatomy, report)
    return frame_scene(scene, options, today or date.today(), paper=paper)


def _title(frame: Frame) -> str:
    name = frame.scene.anatomy.stream.name
    return name if name.strip() else UNTITLED


# ---------------------------------------------------------------- PNG
def image_size(frame: Frame, scale: int) -> tuple[int, int, float]:
    """The picture's pixel size and pixels per map unit: the view at 1× rounded up, times
    ``scale``, shrunk to :data:`MAX_PNG_PIXELS` and :data:`MAX_PNG_SIDE` when larger."""
    scale = 2 if scale >= 2 else 1
    base_w, base_h = max(1, ceil(frame.view.width)), max(1, ceil(frame.view.height))
    width, height = base_w * scale, base_h * scale
    shrink = min(1.0, sqrt(MAX_PNG_PIXELS / (width * height)), MAX_PNG_SIDE / max(width, height))
    if shrink < 1.0:
        width, height = max(1, int(width * shrink)), max(1, int(height * shrink))
        return width, height, width / frame.view.width
    return width, height, float(scale)


def render_image(anatomy: AnatomyMap | Scene, options: ExportOptions | None = None, *,
                 today: date | None = None, report: Report | None = None) -> QImage:
    """The map as a QImage (see :func:`export_png`)."""
    options = options or ExportOptions()
    frame = _frame(anatomy, options, today, report, paper=True)
    width, height, pixels_per_unit = image_size(frame, options.scale)
    image = QImage(width, height, QImage.Format.Format_RGB32)
    if image.isNull():
        raise MemoryError(f"cannot allocate a {width} × {height} picture")
    image.fill(colour(palette.BACKGROUND))
    dots_per_metre = round(96 * pixels_per_unit / 0.0254)
    image.setDotsPerMeterX(dots_per_metre)
    image.setDotsPerMeterY(dots_per_metre)
    painter = QPainter(image)
    try:
        painter.scale(pixels_per_unit, pixels_per_unit)
        painter.translate(-frame.view.x, -frame.view.y)
        paint_frame(painter, frame, pixels_per_unit=pixels_per_unit)
    finally:
        painter.end()
    return image


def png_bytes(image: QImage) -> bytes:
    """``image`` encoded as PNG by Qt, with light compression (quality 80 is zlib's fast end:
    twice as fast as the default and barely larger)."""
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buffer, "PNG", 80):
        raise OSError("Qt could not encode the PNG")
    buffer.close()
    return bytes(data.data())


def export_png(anatomy: AnatomyMap, options: ExportOptions | None = None, *,
               today: date | None = None, report: Report | None = None) -> bytes:
    """``--format png``: the map as PNG bytes at ``options.scale`` (1 or 2) pixels per map
    unit, on white, with the title block and legend as in the SVG. ``today`` is the title
    block's date (default: today); ``report`` an analysis already at hand."""
    return png_bytes(render_image(anatomy, options, today=today, report=report))


# ---------------------------------------------------------------- PDF
def _page_layout(options: ExportOptions, frame: Frame) -> QPageLayout:
    orientation = (QPageLayout.Orientation.Landscape if options.landscape
                   else QPageLayout.Orientation.Portrait)
    if options.page in PAGE_SIZES:
        margins = QMarginsF(MARGIN_MM, MARGIN_MM, MARGIN_MM, MARGIN_MM)
        return QPageLayout(QPageSize(PAGE_SIZES[options.page]), orientation, margins,
                           QPageLayout.Unit.Millimeter)
    width, height = fit_page_points(frame.view)
    size = QPageSize(QSizeF(width, height), QPageSize.Unit.Point, "Map",
                     QPageSize.SizeMatchPolicy.ExactMatch)
    return QPageLayout(size, QPageLayout.Orientation.Portrait, QMarginsF(0, 0, 0, 0),
                       QPageLayout.Unit.Point)


def export_pdf(anatomy: AnatomyMap, options: ExportOptions | None = None, *,
               today: date | None = None, report: Report | None = None,
               pagination: Pagination = "auto") -> bytes:
    """``--format pdf``: the map as a vector PDF with selectable text (see the module's
    docstring for pages); ``pagination`` forces one page (``"fit"``) or tiles (``"tile"``)."""
    options = options or ExportOptions()
    frame = _frame(anatomy, options, today, report, paper=False)
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setResolution(1200)
    writer.setTitle(_title(frame))
    writer.setCreator("vsm-editor")
    if not writer.setPageLayout(_page_layout(options, frame)):
        raise RuntimeError("the PDF writer refused the page layout")
    width, height = paint_rect_points(writer.pageLayout())
    mode: Pagination = "fit" if options.page not in PAGE_SIZES else pagination
    paint_pages(writer, frame, page_layout(frame.view, width, height, mode), _title(frame))
    del writer  # finishes the document
    buffer.close()
    return bytes(data.data())


# ---------------------------------------------------------------- printing, clipboard
def print_map(anatomy: AnatomyMap, printer: QPrinter, options: ExportOptions | None = None,
              *, today: date | None = None, pagination: Pagination = "auto") -> int:
    """Print the map on ``printer`` (its paper, orientation and margins as the user set them
    up), fitted or tiled as the PDF export does; the number of pages printed."""
    options = options or ExportOptions()
    frame = _frame(anatomy, options, today, None, paper=False)
    width, height = paint_rect_points(printer.pageLayout())
    if printer.docName() == "":
        printer.setDocName(_title(frame))
    return paint_pages(printer, frame, page_layout(frame.view, width, height, pagination),
                       _title(frame))


def map_mime_data(anatomy: AnatomyMap, options: ExportOptions | None = None, *,
                  today: date | None = None) -> QMimeData:
    """The map as clipboard data: its SVG (``image/svg+xml``, with the anatomy embedded so
    pasting into the editor restores it) and its picture (PNG and Qt's image formats)."""
    options = replace(options or ExportOptions(), page="fit")
    ensure_app()
    scene = build_scene(anatomy)
    mime = QMimeData()
    mime.setData(SVG_MIME, QByteArray(render_scene(scene, options, True, today=today)))
    image = render_image(scene, options, today=today)
    mime.setData(PNG_MIME, QByteArray(png_bytes(image)))
    mime.setImageData(image)
    return mime


def copy_map_image(anatomy: AnatomyMap, options: ExportOptions | None = None) -> None:
    """Edit > Copy as image: put the map's SVG and PNG on the clipboard (which owns them)."""
    QGuiApplication.clipboard().setMimeData(map_mime_data(anatomy, options))
