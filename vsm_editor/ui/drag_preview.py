"""Routing while stages are dragged: what stays the same for the whole drag is gathered once.

A drag moves a few stages and never changes the map, so the handoffs to route again and the
boxes standing still around them are known when it starts. Each mouse move then only routes,
in the router's preview mode (its last-resort search bounded); the drop routes in full.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QRectF, Qt

from vsm_editor.model.geometry import Rect
from vsm_editor.style.box_index import BoxIndex
from vsm_editor.style.routing import route_among
from vsm_editor.ui.items import StageItem

if TYPE_CHECKING:
    from vsm_editor.ui.scene import MapScene

#: How far beyond the routing area the still boxes are gathered, so that most moves of a
#: drag reuse them.
SPARE = 1200.0


class DragPreview:
    """The routes of one drag of ``moving`` stages (their ``touched`` handoffs)."""

    def __init__(self, scene: MapScene, moving: tuple[str, ...], touched: set[str],
                 remember: bool = True) -> None:
        """``remember``: keep the routes as they are now, to put back if the drag is
        cancelled (not when the map changed since the drag began: they are not the
        routes from before it)."""
        self.scene = scene
        self.moving = moving
        self.touched = touched
        self._gathered = QRectF()
        self._still: BoxIndex | None = None
        self._before: dict[str, tuple] | None = None
        if remember:
            affected = scene.reroute_area(touched)[0]
            self._before = {handoff_id: (scene.handoffs[handoff_id].route,
                                         scene.handoffs[handoff_id].label_pos)
                            for handoff_id in affected}

    def remembers(self) -> bool:
        """Whether :meth:`put_back` has the routes from before the drag."""
        return self._before is not None

    def reroute(self) -> None:
        """Route the touched handoffs, and those sharing their stages, for where the moving
        stages are now: among the still boxes gathered around them and the moving ones."""
        scene = self.scene
        affected, _involved, region = scene.reroute_area(self.touched)
        if not affected:
            return
        if self._still is None or not self._gathered.contains(region):
            self._gather(region.adjusted(-SPARE, -SPARE, SPARE, SPARE))
        assert self._still is not None
        index = self._still.with_boxes({stage_id: scene.stage_rect(stage_id)
                                         for stage_id in self.moving})
        handoffs = scene.handoffs
        scene.set_routes(route_among(index, (handoffs[h].handoff for h in sorted(affected)),
                                     preview=True))

    def put_back(self) -> None:
        """The routes as they were before the drag (the stages are back in place)."""
        for handoff_id, (route, label_pos) in (self._before or {}).items():
            item = self.scene.handoffs.get(handoff_id)
            if item is not None:
                item.set_route(route, label_pos)

    def _gather(self, area: QRectF) -> None:
        """Index the boxes of the stages in ``area`` that the drag does not move."""
        moving = set(self.moving)
        still: dict[str, Rect] = {}
        for item in self.scene.items(area, Qt.ItemSelectionMode.IntersectsItemBoundingRect):
            if isinstance(item, StageItem) and item.element_id not in moving:
                still[item.element_id] = Rect(*item.box())
        self._still = BoxIndex(still)
        self._gathered = area
