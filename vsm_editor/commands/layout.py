"""Commands that place stages: move (with lane reassignment) and resize."""

from __future__ import annotations

import math
from collections.abc import Hashable, Mapping
from typing import TYPE_CHECKING

from vsm_editor.commands.base import CompositeCommand
from vsm_editor.commands.checks import missing
from vsm_editor.commands.primitives import SetField
from vsm_editor.model.geometry import lane_at, lane_tops

if TYPE_CHECKING:
    from vsm_editor.model.document import Document


def _finite(*values: float) -> bool:
    return all(isinstance(v, int | float) and math.isfinite(v) for v in values)


class MoveStages(CompositeCommand):
    """Move stages to absolute top-left positions ``{id: (x, y)}``.

    Each stage joins the lane whose band holds its box's vertical centre (no lane below
    the last band) and its stored ``y`` becomes relative to that band, in the same step.
    """

    def __init__(
        self,
        positions: Mapping[str, tuple[float, float]],
        merge_key: Hashable | None = None,
    ) -> None:
        super().__init__()
        self.positions = dict(positions)
        self.merge_key = merge_key
        self.name = "Move stage" if len(self.positions) == 1 else "Move stages"

    def can_execute(self, doc: Document) -> str | None:
        if not self.positions:
            return "no stage to move"
        for stage_id, (x, y) in self.positions.items():
            reason = missing(doc, stage_id, "stage")
            if reason:
                return reason
            if not _finite(x, y):
                return "a stage's position must be a finite number"
        return None

    def plan(self, doc: Document) -> None:
        tops = lane_tops(doc.map)
        for stage_id, (x, y) in self.positions.items():
            stage = doc.get(stage_id)
            lane = lane_at(doc.map, y + stage.height / 2)
            if lane != stage.lane:
                self.run(doc, SetField(stage_id, "lane", lane))
            self.run(doc, SetField(stage_id, "x", float(x)))
            self.run(doc, SetField(stage_id, "y", float(y) - tops[lane]))


class ResizeStage(CompositeCommand):
    """Give a stage a new size and, optionally, a new absolute top-left corner (resizing
    from the left or top edge); the stage keeps its lane."""

    name = "Resize stage"

    def __init__(
        self,
        stage_id: str,
        width: float,
        height: float,
        position: tuple[float, float] | None = None,
        merge_key: Hashable | None = None,
    ) -> None:
        super().__init__()
        self.stage_id = stage_id
        self.width = width
        self.height = height
        self.position = position
        self.merge_key = merge_key

    def can_execute(self, doc: Document) -> str | None:
        reason = missing(doc, self.stage_id, "stage")
        if reason:
            return reason
        if not _finite(self.width, self.height) or self.width <= 0 or self.height <= 0:
            return "a stage's width and height must be positive numbers"
        if self.position is not None and not _finite(*self.position):
            return "a stage's position must be a finite number"
        return None

    def plan(self, doc: Document) -> None:
        stage = doc.get(self.stage_id)
        if self.position is not None:
            top = lane_tops(doc.map)[stage.lane]
            self.run(doc, SetField(self.stage_id, "x", float(self.position[0])))
            self.run(doc, SetField(self.stage_id, "y", float(self.position[1]) - top))
        self.run(doc, SetField(self.stage_id, "width", float(self.width)))
        self.run(doc, SetField(self.stage_id, "height", float(self.height)))
