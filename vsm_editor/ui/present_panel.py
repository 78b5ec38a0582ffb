"""The panel beside the presented stage: its name and its P1–P4 in large, high-contrast type."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QSizePolicy, QVBoxLayout

from vsm_editor.style import palette
from vsm_editor.ui.present_content import StageSlide

# Black on white reads best on a washed-out projector; every pair is >= 7:1 (tested).
BACKGROUND = "#ffffff"
TEXT = "#000000"
MUTED = "#2d2d2d"
LINKED = "#14532d"
GAP = "#8b1a1a"
BORDER = "#000000"
TEXT_PAIRS = ((TEXT, BACKGROUND), (MUTED, BACKGROUND), (LINKED, BACKGROUND), (GAP, BACKGROUND))
MIN_TYPE = 18  # px: the smallest body text the panel shrinks to
REVEAL_NAMES = {1: "P1", 2: "P1–P2", 3: "P1–P3", 4: "P1–P4"}


def type_size(viewport_height: int) -> int:
    """The panel's body text size in pixels for a viewport this tall (at least 18 px)."""
    return max(18, min(30, round(viewport_height / 34)))


class PresentPanel(QFrame):
    """Shows a :class:`StageSlide`; sized and placed by the presentation controller."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("present-panel")
        self.setStyleSheet(
            f"#present-panel {{ background: {BACKGROUND}; border-left: 4px solid {BORDER}; }}"
            f"#present-panel QLabel {{ color: {TEXT}; background: transparent; }}"
        )
        self.body = QLabel(self)
        self.body.setObjectName("present-body")
        self.body.setTextFormat(Qt.TextFormat.RichText)
        self.body.setWordWrap(True)
        self.body.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.body.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.footer = QLabel(self)
        self.footer.setObjectName("present-footer")
        self.footer.setTextFormat(Qt.TextFormat.RichText)
        self.footer.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 20, 16)
        self.scroller = QScrollArea(self)  # what still does not fit scrolls with the wheel
        self.scroller.setFrameShape(QFrame.Shape.NoFrame)
        self.scroller.setWidgetResizable(True)
        self.scroller.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroller.setStyleSheet(f"QScrollArea, QScrollArea > QWidget > QWidget "
                                    f"{{ background: {BACKGROUND}; }}")
        self.scroller.setWidget(self.body)
        layout.addWidget(self.scroller, 1)
        layout.addWidget(self.footer, 0)
        self.slide: StageSlide | None = None
        self.type_size = 0

    def show_slide(self, slide: StageSlide, position: int, count: int, reveal: int,
                   size: int) -> None:
        """Fill the panel with ``slide`` (stage ``position`` of ``count``) at ``size`` px,
        or smaller (down to :data:`MIN_TYPE`) when the text would not fit."""
        self.slide = slide
        self._set_footer(reveal, size)
        width = self.width() - 44
        room = self.height() - self.footer.heightForWidth(width) - 48
        for step in range(size, MIN_TYPE - 1, -1):
            self.body.setText(self._html(slide, position, count, step))
            self.type_size = step
            if self.body.heightForWidth(width) <= room:
                break

    def _html(self, slide: StageSlide, position: int, count: int, size: int) -> str:
        small, title = round(size * 0.8), round(size * 1.45)
        parts = [
            f'<div style="font-size:{small}px; color:{MUTED};">Stage {position} of {count}</div>',
            f'<div style="font-size:{title}px; font-weight:bold; color:{TEXT};">'
            f"{escape(slide.name)}</div>",
        ]
        if slide.context:
            parts.append(f'<div style="font-size:{small}px; color:{MUTED};">'
                         f"{escape(slide.context)}</div>")
        for section in slide.sections:
            swatch = palette.LAYER_COLOURS.get(section.layer, TEXT)
            status = (f'<span style="color:{LINKED};">✓ linked</span>' if section.linked
                      else f'<span style="color:{GAP};">✗ {escape(section.gap)}</span>')
            parts.append(
                f'<div style="margin-top:{round(size * 0.7)}px; font-size:{size}px;">'
                f'<span style="color:{swatch};">■</span> <b>{section.layer}</b> '
                f"<b>{escape(section.title)}</b></div>"
                f'<div style="font-size:{small}px; font-weight:bold;">{status}</div>'
            )
            for line in section.lines:
                parts.append(f'<div style="font-size:{small}px; margin-left:{size}px;">'
                             f"{escape(line)}</div>")
        return "".join(parts)

    def _set_footer(self, reveal: int, size: int) -> None:
        self.footer.setText(
            f'<div style="font-size:{round(size * 0.7)}px; color:{MUTED};">'
            + " · ".join(f'<span style="white-space:nowrap;">{hint}</span>' for hint in (
                "→ / Space next", "← back",
                f"<b>L</b> layers: {REVEAL_NAMES[reveal].replace('–', '&#8288;–&#8288;')}",
                "<b>Esc</b> back to editing"))
            + "</div>"
        )

    def text(self) -> str:
        """The body as plain text (for tests and accessibility)."""
        plain = QTextDocument()
        plain.setHtml(self.body.text())
        return plain.toPlainText()
