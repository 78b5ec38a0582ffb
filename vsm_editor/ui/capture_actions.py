"""The window's fast-capture, clipboard and keyboard-walk commands: a mixin for
``MainWindow`` (its rows are in the action table, :mod:`vsm_editor.ui.actions`)."""

from __future__ import annotations

from vsm_editor.ui.capture import CaptureController
from vsm_editor.ui.capture_reconnect import HandoffEndDrag
from vsm_editor.ui.clipboard import ClipboardController
from vsm_editor.ui.flow_walk_keys import FlowWalkController


class CaptureActions:
    """``act_*`` handlers for capture, clipboard, walking and nudging."""

    def _setup_capture(self) -> None:
        """Create this window's controllers and hook the drop-on-handoff gesture."""
        self.capture = CaptureController(self.view)
        self.clipboard_edit = ClipboardController(self.view, self.capture)
        self.flow_walk = FlowWalkController(self.view)
        self.handoff_ends = HandoffEndDrag(self.view)
        self.view.drop_handlers.append(self.capture.drop_on_handoff)

    # ------------------------------------------------------------ capture
    def act_next_stage(self) -> None:
        self.capture.next_stage()

    def act_branch_stage(self) -> None:
        self.capture.branch_stage()

    def act_insert_into_handoff(self) -> None:
        self.capture.insert_into_handoff()

    # ------------------------------------------------------------ clipboard
    def act_cut(self) -> None:
        self.clipboard_edit.cut()

    def act_copy(self) -> None:
        self.clipboard_edit.copy()

    def act_paste(self) -> None:
        self.clipboard_edit.paste()

    def act_duplicate(self) -> None:
        self.clipboard_edit.duplicate()

    # ------------------------------------------------------------ walking and nudging
    def act_walk_next(self) -> None:
        self.flow_walk.walk_next()

    def act_walk_previous(self) -> None:
        self.flow_walk.walk_previous()

    def act_walk_next_branch(self) -> None:
        self.flow_walk.walk_branch(+1)

    def act_walk_previous_branch(self) -> None:
        self.flow_walk.walk_branch(-1)

    def act_nudge_left(self) -> None:
        self.flow_walk.nudge(-1, 0)

    def act_nudge_right(self) -> None:
        self.flow_walk.nudge(+1, 0)

    def act_nudge_up(self) -> None:
        self.flow_walk.nudge(0, -1)

    def act_nudge_down(self) -> None:
        self.flow_walk.nudge(0, +1)

    def act_edit_name(self) -> None:
        self.flow_walk.edit_name()
