"""Keyboard movement on the canvas: Alt+arrows walk along the flow, arrows nudge the
selected stages (consecutive nudges of one selection are one undo step), Enter edits the
selected stage's name."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from vsm_editor.commands import CommandRefusedError
from vsm_editor.ui import style_bridge as sb
from vsm_editor.ui.capture import sentence
from vsm_editor.ui.flow_walk import next_sibling, predecessors, starts, successors
from vsm_editor.ui.items import StageItem

if TYPE_CHECKING:
    from vsm_editor.ui.view import MapView

NUDGE = sb.GRID  # one arrow press moves this far (map units)


class FlowWalkController(QObject):
    """Walking and nudging for one window's canvas."""

    def __init__(self, view: MapView) -> None:
        super().__init__(view)
        self.view = view
        self.scene = view.map_scene
        self.modeling = view.editing.modeling
        self.document = view.editing.document
        self._came_from: tuple[str, str] | None = None  # (from, to) of the last step
        self._nudges = 0  # a new token per selection: nudges merge within one selection
        self._walking = False
        self.scene.selectionChanged.connect(self._selection_changed)

    def _selection_changed(self) -> None:
        self._nudges += 1
        if not self._walking:
            self._came_from = None

    def current(self) -> str | None:
        """The stage the walk starts from: the first selected stage."""
        stages = [i for i in self.scene.selectedItems() if isinstance(i, StageItem)]
        return stages[0].element_id if stages else None

    def _go(self, stage_id: str | None, came_from: str | None) -> str | None:
        if stage_id is None:
            return None
        self._walking = True
        try:
            self.scene.select_ids([stage_id])
        finally:
            self._walking = False
        self._came_from = (came_from, stage_id) if came_from else None
        item = self.scene.stages.get(stage_id)
        if item is not None:
            self.view.ensureVisible(item, 80, 80)
            self.view.message.emit(item.stage.name)
        return stage_id

    def _via(self, current: str) -> str | None:
        if self._came_from is not None and self._came_from[1] == current:
            return self._came_from[0]
        return None

    # ------------------------------------------------------------ walking
    def walk_next(self) -> str | None:
        """Alt+Right: the next stage downstream (the first stage when none is selected)."""
        anatomy = self.document.map
        current = self.current()
        if current is None:
            first = starts(anatomy)
            return self._go(first[0] if first else None, None)
        after = successors(anatomy, current)
        return self._go(after[0] if after else None, current)

    def walk_previous(self) -> str | None:
        """Alt+Left: back upstream, to the stage the walk came from when it is a
        predecessor, else the topmost predecessor."""
        current = self.current()
        if current is None:
            return None
        before = predecessors(self.document.map, current)
        via = self._via(current)
        target = via if via in before else (before[0] if before else None)
        return self._go(target, None)

    def walk_branch(self, step: int) -> str | None:
        """Alt+Down / Alt+Up: the next / previous alternative from the same predecessor."""
        current = self.current()
        if current is None:
            return None
        via = self._via(current)
        target = next_sibling(self.document.map, current, step, via)
        if target == current:
            self.view.message.emit("No other branch here.")
            return None
        return self._go(target, via)

    # ------------------------------------------------------------ nudging and naming
    def nudge(self, dx: float, dy: float) -> None:
        """Move the selected stages by ``(dx, dy)`` grid steps; scroll when none is selected."""
        ids = [i.element_id for i in self.scene.selectedItems() if isinstance(i, StageItem)]
        if not ids:
            bar = self.view.horizontalScrollBar() if dx else self.view.verticalScrollBar()
            bar.setValue(bar.value() + int((dx or dy) * bar.singleStep()))
            return
        positions = {}
        for stage_id in ids:
            x, y = self.modeling.stage_position(stage_id)
            positions[stage_id] = (x + dx * NUDGE, y + dy * NUDGE)
        try:
            self.modeling.move_stages(positions, merge=("nudge", self._nudges))
        except CommandRefusedError as err:
            self.view.refuse(sentence(err.reason))

    def edit_name(self) -> None:
        """Enter: edit the selected stage's name (or handoff's label) in place."""
        self.view.start_rename()
