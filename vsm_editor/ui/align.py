"""Align and distribute the selected stages, each one undo step.

The geometry is plain functions on boxes ``(x, y, width, height)`` in map coordinates (the
drawn boxes, as the user sees them); the window mixin applies the result as one move, so a
stage whose centre lands in another band joins that lane in the same step.
"""

from __future__ import annotations

from collections.abc import Mapping

from vsm_editor.ui.items import StageItem
from vsm_editor.ui.lanes import attempt

Box = tuple[float, float, float, float]
Positions = dict[str, tuple[float, float]]

ALIGN_MODES = ("left", "centre", "top", "middle")


def align(boxes: Mapping[str, Box], mode: str) -> Positions:
    """New top-left corners lining the boxes up on the selection's left edge, vertical
    centre line, top edge or horizontal middle line."""
    if mode not in ALIGN_MODES:
        raise ValueError(f"unknown alignment {mode!r}")
    if not boxes:
        return {}
    left = min(b[0] for b in boxes.values())
    right = max(b[0] + b[2] for b in boxes.values())
    top = min(b[1] for b in boxes.values())
    bottom = max(b[1] + b[3] for b in boxes.values())
    result: Positions = {}
    for key, (x, y, w, h) in boxes.items():
        if mode == "left":
            result[key] = (left, y)
        elif mode == "centre":
            result[key] = ((left + right) / 2 - w / 2, y)
        elif mode == "top":
            result[key] = (x, top)
        else:
            result[key] = (x, (top + bottom) / 2 - h / 2)
    return result


def distribute(boxes: Mapping[str, Box], horizontal: bool = True) -> Positions:
    """New top-left corners giving equal gaps between neighbours, in their current order
    along the axis; the first and last boxes stay where they are."""
    axis, size = (0, 2) if horizontal else (1, 3)
    order = sorted(boxes, key=lambda k: (boxes[k][axis] + boxes[k][size] / 2, k))
    if len(order) < 3:
        return {k: (boxes[k][0], boxes[k][1]) for k in order}
    first, last = boxes[order[0]], boxes[order[-1]]
    span = last[axis] + last[size] - first[axis]
    gap = (span - sum(boxes[k][size] for k in order)) / (len(order) - 1)
    result: Positions = {}
    cursor = first[axis]
    for key in order:
        x, y, w, h = boxes[key]
        result[key] = (cursor, y) if horizontal else (x, cursor)
        cursor += (w if horizontal else h) + gap
    return result


class AlignActions:
    """``act_align_*`` and ``act_distribute_*`` handlers for ``MainWindow``."""

    def _selected_boxes(self) -> dict[str, Box]:
        scene = self.view.map_scene
        return {
            item.element_id: item.box()
            for item in scene.selectedItems()
            if isinstance(item, StageItem)
        }

    def arrange(self, mode: str) -> None:
        """Align (``left``, ``centre``, ``top``, ``middle``) or distribute (``horizontal``,
        ``vertical``) the selected stages as one undo step."""
        boxes = self._selected_boxes()
        needed = 3 if mode in ("horizontal", "vertical") else 2
        if len(boxes) < needed:
            self.view.refuse(f"Select at least {needed} stages first.")
            return
        if mode in ("horizontal", "vertical"):
            positions = distribute(boxes, horizontal=mode == "horizontal")
        else:
            positions = align(boxes, mode)
        modeling = self.session.editing.modeling
        current = {i: modeling.stage_position(i) for i in positions}
        changed = {i: p for i, p in positions.items() if p != current[i]}
        if changed:
            attempt(self.view, lambda: modeling.move_stages(changed))

    def act_align_left(self) -> None:
        self.arrange("left")

    def act_align_centre(self) -> None:
        self.arrange("centre")

    def act_align_top(self) -> None:
        self.arrange("top")

    def act_align_middle(self) -> None:
        self.arrange("middle")

    def act_distribute_horizontally(self) -> None:
        self.arrange("horizontal")

    def act_distribute_vertically(self) -> None:
        self.arrange("vertical")
