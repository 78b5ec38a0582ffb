"""The window's lane commands (Map menu, lane header menu): a mixin for ``MainWindow``."""

from __future__ import annotations

from vsm_editor.ui.lanes import LaneController
from vsm_editor.ui.lanes_gestures import LaneGestures

LANE_MENU = ("rename_lane", "recolour_lane", None, "lane_up", "lane_down", None,
             "add_lane", "delete_lane")


class LaneActions:
    """``act_*`` handlers for the lane rows of the action table."""

    def _setup_lanes(self) -> None:
        """Create the lane controller and the header/edge gestures for this window."""
        self.lanes = LaneController(self.view)
        actions = [self.actions_by_name[name] if name else None for name in LANE_MENU]
        self.lane_gestures = LaneGestures(self.lanes, actions)
        self.view.destroyed.connect(lambda *_args, detach=self.lanes.detach: detach())

    def act_rename_lane(self) -> None:
        self.lanes.start_rename()

    def act_recolour_lane(self) -> None:
        self.lanes.recolour()

    def act_lane_up(self) -> None:
        self.lanes.move_by(-1)

    def act_lane_down(self) -> None:
        self.lanes.move_by(+1)

    def act_delete_lane(self) -> None:
        self.lanes.delete()
