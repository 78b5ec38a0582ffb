"""Options shared by the document exports (SVG, PNG, PDF)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

PageSize = Literal["a4", "a3", "letter", "fit"]
# Page sizes in millimetres (portrait).
PAGE_MM: dict[str, tuple[float, float]] = {
    "a4": (210.0, 297.0),
    "a3": (297.0, 420.0),
    "letter": (215.9, 279.4),
}


@dataclass(frozen=True)
class ExportOptions:
    """How a map is drawn into a document."""

    scale: int = 1
    page: PageSize = "fit"
    landscape: bool = False
    legend: bool = True
    title: bool = True
