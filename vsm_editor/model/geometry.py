"""Absolute geometry derived from the stored layout (lane bands and stage offsets)."""

from __future__ import annotations

from dataclasses import dataclass

from vsm_editor.model.entities import AnatomyMap, Stage
from vsm_editor.model.quick_init import quick_init


@quick_init
@dataclass(frozen=True, slots=True)
class Rect:
    """An axis-aligned rectangle in map coordinates (y grows downwards)."""

    x: float
    y: float
    width: float
    height: float

    @property
    def right(self) -> float:
        return self.x + self.width

    @property
    def bottom(self) -> float:
        return self.y + self.height

    @property
    def center(self) -> tuple[float, float]:
        return (self.x + self.width / 2, self.y + self.height / 2)

    def intersects(self, other: Rect) -> bool:
        """Whether the interiors overlap (touching edges do not count)."""
        return (
            self.x < other.right
            and other.x < self.right
            and self.y < other.bottom
            and other.y < self.bottom
        )


def lane_tops(anatomy: AnatomyMap) -> dict[str | None, float]:
    """The top y of every lane band, and under ``None`` the top of the no-lane area."""
    tops: dict[str | None, float] = {}
    top = 0.0
    for lane in anatomy.lanes:
        tops[lane.id] = top
        top += lane.height
    tops[None] = top
    return tops


def stage_rect(stage: Stage, tops: dict[str | None, float]) -> Rect:
    """The stage's box in absolute map coordinates."""
    return Rect(stage.x, tops.get(stage.lane, tops[None]) + stage.y, stage.width, stage.height)


def lane_at(anatomy: AnatomyMap, y: float) -> str | None:
    """The lane whose band contains the absolute ``y`` (None below the last lane)."""
    top = 0.0
    for lane in anatomy.lanes:
        if top <= y < top + lane.height:
            return lane.id
        top += lane.height
    return None


def map_bounds(anatomy: AnatomyMap) -> Rect:
    """The rectangle holding every lane band and every stage."""
    tops = lane_tops(anatomy)
    rects = [stage_rect(s, tops) for s in anatomy.stages]
    left = min([0.0, *(r.x for r in rects)])
    top = min([0.0, *(r.y for r in rects)])
    right = max([0.0, *(r.right for r in rects)])
    bottom = max([tops[None], *(r.bottom for r in rects)])
    return Rect(left, top, right - left, bottom - top)
