"""Map > Auto-layout: the whole map, or only the selected stages, laid out left to right by
:func:`vsm_editor.analysis.layout.auto_layout` and applied as one undo step (lanes grown
first, then the stages moved)."""

from __future__ import annotations

from vsm_editor.commands import Modeling
from vsm_editor.ui.items import StageItem
from vsm_editor.ui.lanes import attempt


def apply_auto_layout(modeling: Modeling, selected_stage_ids: list[str]) -> bool:
    """Lay out the selection (all stages when empty) as one step named "Auto-layout";
    False when the map is already laid out. Raises ``CommandRefusedError`` when refused."""
    from vsm_editor.analysis.layout import auto_layout  # loaded on first use (start-up time)

    doc = modeling.doc
    result = auto_layout(doc.map, selected_stage_ids or None)
    if not (result.changes(doc.map) or result.lane_heights):
        return False
    with modeling.transaction("Auto-layout"):
        for lane_id, height in result.lane_heights.items():
            modeling.resize_lane(lane_id, height)
        modeling.move_stages(result.absolute_positions(doc.map))
    return True


class AutoLayoutActions:
    """``act_auto_layout`` for ``MainWindow``."""

    def act_auto_layout(self) -> None:
        scene = self.view.map_scene
        selected = [i.element_id for i in scene.selectedItems() if isinstance(i, StageItem)]
        modeling = self.session.editing.modeling
        done = attempt(self.view, lambda: apply_auto_layout(modeling, selected))
        if done is False:
            self.statusBar().showMessage("Already laid out: nothing to change.", 4000)
        elif done:
            what = f"{len(selected)} selected stages" if selected else "the map"
            self.statusBar().showMessage(f"Laid out {what} (one undo step).", 4000)


__all__ = ["AutoLayoutActions", "apply_auto_layout"]
