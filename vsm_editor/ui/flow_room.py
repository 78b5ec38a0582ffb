"""Room for the timeline ladder in the scene rectangle, reserved before the ladder is laid
out (the overlay starts after the window shows; reserving the room at once keeps the
scroll range from jumping when it arrives)."""

from __future__ import annotations

from PySide6.QtCore import QRectF
from PySide6.QtWidgets import QGraphicsScene

#: Extra room right of the stages (the ladder's totals box) and under the lanes (its rungs).
RIGHT_ROOM = 420.0
BOTTOM_ROOM = 200.0


def reserve_ladder_room(scene: QGraphicsScene, stages_right: float,
                        lanes_bottom: float) -> None:
    """Grow ``scene``'s rectangle to hold a ladder under ``lanes_bottom`` whose totals box
    ends right of ``stages_right`` (never shrinks it)."""
    current = scene.sceneRect()
    wanted = QRectF(current.left(), current.top(),
                    max(current.right(), stages_right + RIGHT_ROOM) - current.left(),
                    max(current.bottom(), lanes_bottom + BOTTOM_ROOM) - current.top())
    if wanted != current:
        scene.setSceneRect(wanted)

