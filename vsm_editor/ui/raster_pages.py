"""Paper pages for the PDF export and printing: the map fitted to one page, or tiled across
several when fitting would shrink its names below :data:`MIN_NAME_POINTS`.

Scales are in points (1/72 inch) per map unit; a map unit is a CSS pixel (1/96 inch), so
100 % is 0.75. A page of the map's own size (``--page fit``) is drawn at 100 %.
"""

from __future__ import annotations

from dataclasses import dataclass
from math import ceil
from typing import Literal

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QPagedPaintDevice, QPageLayout, QPainter

from vsm_editor.model.geometry import Rect
from vsm_editor.style import palette, sizes
from vsm_editor.ui.raster_fonts import colour, font
from vsm_editor.ui.raster_frame import Frame
from vsm_editor.ui.raster_paint import paint_frame

Pagination = Literal["auto", "fit", "tile"]
#: Points per map unit at 100 % (a CSS pixel is 3/4 of a point).
NATURAL_SCALE = 0.75
#: Fitting never enlarges a small map beyond this (4/3 of its natural size).
MAX_FIT_SCALE = 1.0
#: A stage name is at least this tall on paper, else the map is tiled ("auto").
MIN_NAME_POINTS = 4.0
MIN_SCALE = MIN_NAME_POINTS / sizes.NAME_FONT_SIZE
#: Height kept at the bottom of each tile for its "page r, c" footer (points).
FOOTER_POINTS = 14.0
FOOTER_FONT_SIZE = 9.0
#: The largest page side PDF viewers accept (200 inches).
MAX_PAGE_POINTS = 14_400.0


@dataclass(frozen=True)
class Tile:
    """One page's part of the map (map units), its place in the grid and its scale."""

    area: Rect
    row: int
    column: int


@dataclass(frozen=True)
class Layout:
    """How the map goes onto pages: ``scale`` points per map unit, the tiles in reading
    order, and the grid's shape (1 × 1 when the map fits one page)."""

    scale: float
    tiles: list[Tile]
    rows: int
    columns: int
    offset: tuple[float, float] = (0.0, 0.0)

    @property
    def tiled(self) -> bool:
        return len(self.tiles) > 1


def fit_page_points(view: Rect) -> tuple[float, float]:
    """A page of the map's own size (points), shrunk to PDF's largest page if needed."""
    width, height = view.width * NATURAL_SCALE, view.height * NATURAL_SCALE
    shrink = min(1.0, MAX_PAGE_POINTS / max(width, height))
    return width * shrink, height * shrink


def page_layout(view: Rect, width: float, height: float,
                mode: Pagination = "auto") -> Layout:
    """Put ``view`` (map units) on pages whose printable area is ``width`` × ``height``
    points: fitted and centred on one page, or tiled (``"tile"``, or ``"auto"`` when
    fitting would set names smaller than :data:`MIN_NAME_POINTS`)."""
    fit = min(width / view.width, height / view.height, MAX_FIT_SCALE)
    if mode == "fit" or (mode == "auto" and fit >= MIN_SCALE):
        offset = ((width - view.width * fit) / 2, (height - view.height * fit) / 2)
        return Layout(fit, [Tile(view, 0, 0)], 1, 1, offset)
    usable = height - FOOTER_POINTS
    scale = min(max(fit, MIN_SCALE), NATURAL_SCALE)
    columns = max(1, ceil(view.width * scale / width - 1e-9))
    rows = max(1, ceil(view.height * scale / usable - 1e-9))
    scale = min(columns * width / view.width, rows * usable / view.height, NATURAL_SCALE)
    tile_w, tile_h = width / scale, usable / scale
    tiles = [
        Tile(Rect(view.x + c * tile_w, view.y + r * tile_h, tile_w, tile_h), r, c)
        for r in range(rows) for c in range(columns)
    ]
    return Layout(scale, tiles, rows, columns)


def paint_pages(device: QPagedPaintDevice, frame: Frame, layout: Layout, title: str) -> int:
    """Paint ``frame`` onto ``device`` page by page as ``layout`` says; the number of pages.

    The painter's origin is the page's printable area (Qt's default for printers and PDF
    writers); tiles are clipped to their part and hold only what reaches into it.
    """
    units = device.resolution() / 72.0  # device units per point
    painter = QPainter()
    if not painter.begin(device):
        raise RuntimeError("cannot paint on the page device")
    try:
        for index, tile in enumerate(layout.tiles):
            if index and not device.newPage():
                raise RuntimeError("cannot start a new page")
            area = tile.area
            painter.save()
            painter.scale(units, units)
            painter.translate(*layout.offset)
            painter.scale(layout.scale, layout.scale)
            painter.translate(-area.x, -area.y)
            if layout.tiled:
                painter.setClipRect(QRectF(area.x, area.y, area.width, area.height))
            paint_frame(painter, frame, area if layout.tiled else None)
            painter.restore()
            if layout.tiled:
                _footer(painter, units, layout, tile, index, title)
    finally:
        painter.end()
    return len(layout.tiles)


def _footer(painter: QPainter, units: float, layout: Layout, tile: Tile, index: int,
            title: str) -> None:
    """"<title> · page 2 of 6 (row 1, column 2)" under a tile, to assemble the printout."""
    painter.save()
    painter.scale(units, units)
    area_height = tile.area.height * layout.scale
    points_per_unit = 0.75  # the footer font is in map units: draw it at its natural size
    painter.scale(points_per_unit, points_per_unit)
    painter.setFont(font(FOOTER_FONT_SIZE, ligatures=False))
    painter.setPen(colour(palette.TEXT_MUTED))
    text = (f"{title} · page {index + 1} of {len(layout.tiles)} "
            f"(row {tile.row + 1}, column {tile.column + 1})")
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    baseline = (area_height + FOOTER_POINTS - 3.0) / points_per_unit
    painter.drawText(QPointF(0.0, baseline), text)
    painter.restore()


def paint_rect_points(page: QPageLayout) -> tuple[float, float]:
    """The printable width and height of a page layout, in points."""
    rect = page.paintRect(QPageLayout.Unit.Point)
    return rect.width(), rect.height()


__all__ = ["Layout", "Pagination", "Tile", "fit_page_points", "page_layout",
           "paint_pages", "paint_rect_points"]
