"""Long routes draw only the part that shows, with the dash pattern where it was."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QPainterPath

from vsm_editor.ui.route_clip import path_segments, visible_pieces, worth_clipping


def long_route() -> QPainterPath:
    """Down 50,000 px, a rounded corner, then right 300 px."""
    path = QPainterPath(QPointF(100, 0))
    path.lineTo(100, 50_000)
    path.quadTo(100, 50_010, 110, 50_010)
    path.lineTo(400, 50_010)
    return path


def test_only_long_paths_are_worth_clipping() -> None:
    area = QRectF(0, 0, 1900, 1000)
    assert worth_clipping(QRectF(0, 0, 10, 50_000), area)
    assert not worth_clipping(QRectF(0, 0, 1500, 900), area)


def test_a_piece_in_the_middle_is_cut_at_the_area_with_its_length_before() -> None:
    area = QRectF(0, 20_000, 1900, 1000)
    (piece, before), = visible_pieces(path_segments(long_route()), area)
    bounds = piece.boundingRect()
    assert bounds.top() == pytest.approx(20_000 - 2) and bounds.bottom() == pytest.approx(21_002)
    assert before == pytest.approx(20_000 - 2)


def test_the_corner_and_the_run_after_it_keep_going_from_the_cut() -> None:
    area = QRectF(0, 49_500, 1900, 1000)
    (piece, before), = visible_pieces(path_segments(long_route()), area)
    assert before == pytest.approx(49_498)
    assert piece.boundingRect().right() == pytest.approx(400)
    assert piece.length() == pytest.approx(long_route().length() - 49_498, abs=0.5)


def test_nothing_shows_outside_the_route() -> None:
    assert visible_pieces(path_segments(long_route()), QRectF(1000, 0, 500, 500)) == []


def test_a_long_dotted_handoff_paints_the_same_clipped(qapp) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QColor, QImage, QPainter, QPen

    def render(clipped: bool) -> QImage:
        image = QImage(400, 300, QImage.Format.Format_ARGB32)
        image.fill(QColor("white"))
        painter = QPainter(image)
        painter.translate(0, -20_000)
        pen = QPen(QColor("black"), 2.0)
        pen.setDashPattern([3.0, 2.0])
        pen.setCapStyle(Qt.PenCapStyle.FlatCap)
        area = QRectF(0, 20_000, 400, 300)
        if clipped:
            for piece, before in visible_pieces(path_segments(long_route()), area):
                pen.setDashOffset((before / 2.0) % 5.0)
                painter.setPen(pen)
                painter.drawPath(piece)
        else:
            painter.setPen(pen)
            painter.drawPath(long_route())
        painter.end()
        return image

    whole, clipped = render(False), render(True)
    differing = sum(whole.pixel(100, y) != clipped.pixel(100, y) for y in range(300))
    assert differing <= 3  # the same dashes, at most an edge pixel apart
    assert len({whole.pixel(100, y) for y in range(300)}) > 1  # dashes are visible
