"""Fast capture: type a stream as the room speaks it.

With a stage selected, *next stage* (Tab) adds a stage right after it, connected to it, and
opens its name for typing; *branch* (Shift+Enter) adds an alternative below it from the same
predecessor. Tab and Shift+Enter also work while a name is being typed: the name is kept
and the next stage starts, so a stream is "name, Tab, name, Tab …". A stage inserted after
one that already has successors takes over its outgoing flow, and the stages downstream move
right to make room. Pasted lines and "insert into a handoff" use the same placement.

Each of these is one undo step, and the name typed into a stage just created joins that
step (a merge key shared by the creation and the rename), so one Undo removes a captured
stage with its name.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Hashable
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import QEvent, QObject, QRectF, Qt
from PySide6.QtWidgets import QApplication, QLineEdit

from vsm_editor.commands import CommandRefusedError
from vsm_editor.commands.edits import UpdateFields
from vsm_editor.commands.modeling import GAP
from vsm_editor.model.entities import Stage
from vsm_editor.model.geometry import Rect, lane_at, lane_tops
from vsm_editor.ui.capture_lines import MAX_ROWS, LineRow, parse_lines
from vsm_editor.ui.capture_place import (
    branch_offset,
    chain_box,
    incoming_flows,
    lane_height_for,
    make_room,
    outgoing_flows,
    stage_rects,
)
from vsm_editor.ui.items import HandoffItem, StageItem
from vsm_editor.ui.override_guard import guarded_filter

if TYPE_CHECKING:
    from vsm_editor.ui.view import MapView

T = TypeVar("T")
NEW_NAME = "New stage"
_DEFAULT = Stage(id="st_default", name=NEW_NAME)
WIDTH, HEIGHT = _DEFAULT.width, _DEFAULT.height
_RETURN_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


def sentence(reason: str) -> str:
    """A refusal reason as a sentence for the canvas note."""
    reason = reason.strip()
    return (reason[:1].upper() + reason[1:]).rstrip(".") + "." if reason else "Not allowed."


class CaptureController(QObject):
    """Fast-capture commands of one window's canvas."""

    def __init__(self, view: MapView) -> None:
        super().__init__(view)
        self.view = view
        self.scene = view.map_scene
        self.modeling = view.editing.modeling
        self.document = view.editing.document
        self._keys = itertools.count(1)
        self._pending: tuple[QLineEdit, str, Hashable] | None = None
        view.installEventFilter(self)  # typing on an empty canvas starts the first stage

    # ------------------------------------------------------------ helpers
    def attempt(self, call: Callable[[], T]) -> T | None:
        """Run one edit; a refusal is shown on the canvas and gives None."""
        try:
            return call()
        except CommandRefusedError as err:
            self.view.refuse(sentence(err.reason))
            return None

    def selected(self, kind: type) -> list[str]:
        """Ids of the selected items of ``kind`` (StageItem or HandoffItem)."""
        return [i.element_id for i in self.scene.selectedItems() if isinstance(i, kind)]

    def _key(self) -> Hashable:
        return ("capture", next(self._keys))

    def _show(self, stage_ids: list[str], edit: Hashable | None = None) -> None:
        """Select the new stages, scroll to them and open the first one's name."""
        self.scene.select_ids(stage_ids)
        items = [self.scene.stages[s] for s in stage_ids if s in self.scene.stages]
        if items:
            self.view.ensureVisible(items[-1], 60, 60)
        if edit is not None and len(stage_ids) == 1:
            self.edit_name(stage_ids[0], edit)

    # ------------------------------------------------------------ the name being typed
    def edit_name(self, stage_id: str, key: Hashable) -> None:
        """Open the stage's name for typing; committing it joins the undo step ``key``."""
        self.view.start_rename(stage_id)
        editor = self.view.findChild(QLineEdit, "inline-rename")
        if editor is None:
            return
        editor.installEventFilter(self)
        self._pending = (editor, stage_id, key)

    def editing_name(self) -> bool:
        """Whether a name is open for typing on the canvas."""
        return self.view.findChild(QLineEdit, "inline-rename") is not None

    def typing_elsewhere(self) -> bool:
        """Whether another text field on the canvas (a lane's name) has the keys."""
        focus = QApplication.focusWidget()
        return isinstance(focus, QLineEdit) and focus.objectName() != "inline-rename"

    def commit_name(self) -> None:
        """Keep the name being typed (if any)."""
        editor = self.view.findChild(QLineEdit, "inline-rename")
        if editor is None:
            return
        if self._pending is not None and self._pending[0] is editor:
            self._commit_pending()
        else:
            self.view.finish_rename(commit=True)

    def _commit_pending(self) -> None:
        assert self._pending is not None
        editor, stage_id, key = self._pending
        self._pending = None
        text = " ".join(editor.text().split())
        editor.removeEventFilter(self)
        self.view.finish_rename(commit=False)
        if stage_id not in self.document:
            return

        def check(_doc) -> str | None:
            return None if text else "a stage's name cannot be empty"

        rename = UpdateFields("Rename", [(stage_id, "name", text)], key, check)
        self.attempt(lambda: self.modeling.execute(rename))

    @guarded_filter
    def eventFilter(self, watched, event) -> bool:
        if watched is self.view:
            if event.type() == QEvent.Type.ShortcutOverride and self._starts_first_stage(event):
                event.accept()  # a one-letter shortcut must not eat the first letter typed
                return True
            return event.type() == QEvent.Type.KeyPress and self.start_by_typing(event)
        pending = self._pending
        if pending is None or watched is not pending[0]:
            return False
        if event.type() == QEvent.Type.KeyPress:
            if event.key() in _RETURN_KEYS:
                self._commit_pending()
                return True
            if event.key() == Qt.Key.Key_Escape:
                self._pending = None
        elif event.type() == QEvent.Type.FocusOut and event.reason() in (
            Qt.FocusReason.MouseFocusReason, Qt.FocusReason.TabFocusReason
        ):
            self._commit_pending()
        return False

    def start_by_typing(self, event) -> bool:
        """On an empty map, the first printable key starts the first stage with that
        character, so a stream of N stages takes N other keys (N-1 Tabs and the last Enter)."""
        if not self._starts_first_stage(event) or self.next_stage() is None:
            return False
        editor = self.view.findChild(QLineEdit, "inline-rename")
        if editor is not None:
            editor.insert(event.text())  # replaces the selected placeholder
        return True

    def _starts_first_stage(self, event) -> bool:
        text = event.text()
        modifiers = event.modifiers() & ~Qt.KeyboardModifier.ShiftModifier
        return not (
            self.document.map.stages
            or not text
            or not text.isprintable()
            or text.isspace()
            or modifiers != Qt.KeyboardModifier.NoModifier
            or self.editing_name()
            or self.typing_elsewhere()
        )

    # ------------------------------------------------------------ next stage and branch
    def next_stage(self) -> str | None:
        """Tab: a stage after the selected one (or into the selected handoff, or the first
        stage of an empty map), connected, with its name open for typing."""
        if self.typing_elsewhere():
            return None
        self.commit_name()
        stages, handoffs = self.selected(StageItem), self.selected(HandoffItem)
        if not stages and len(handoffs) == 1:
            return self.insert_into_handoff(handoffs[0])
        if len(stages) != 1 and self.document.map.stages:
            self.view.refuse("Select one stage to add the next stage after it.")
            return None
        anchor = stages[0] if stages else None
        key = self._key()
        created = self.attempt(
            lambda: self.append_chain(anchor, [LineRow(NEW_NAME)], "Add next stage", key)
        )
        if not created:
            return None
        self._show(created, key)
        return created[0]

    def append_chain(
        self, anchor: str | None, rows: list[LineRow], step: str, key: Hashable | None = None
    ) -> list[str]:
        """Add one connected stage per row after ``anchor`` as one undo step named ``step``;
        returns their ids. The chain takes over the anchor's outgoing flow handoffs and
        the stages downstream move right to make room."""
        anatomy = self.document.map
        with self.modeling.transaction(step) as macro:
            macro.merge_key = key
            taken = []
            if anchor is not None:
                taken = outgoing_flows(anatomy, anchor)
                moves = make_room(anatomy, anchor, chain_box(anatomy, anchor, len(rows),
                                                             WIDTH, HEIGHT))
                if moves:
                    self.modeling.move_stages(moves)
            created = self._add_rows(anchor, rows)
            if taken:
                self._hand_over(anchor, taken, created)  # type: ignore[arg-type]
        return created

    def _add_rows(self, anchor: str | None, rows: list[LineRow]) -> list[str]:
        lanes = {lane.name.casefold(): lane.id for lane in self.document.map.lanes}
        previous = anchor
        lane = self.document.get(anchor).lane if anchor is not None else self._lane_in_view()
        created: list[str] = []
        for row in rows:
            if row.lane:
                lane = lanes.get(row.lane.casefold())
                if lane is None:
                    lane = self.modeling.add_lane(row.lane)
                    lanes[row.lane.casefold()] = lane
            fields = {"owner": row.owner} if row.owner else {}
            new = self.modeling.add_stage(row.name, lane=lane, connect_from=previous, **fields)
            created.append(new)
            previous = new
        return created

    def _hand_over(self, anchor: str, taken: list, created: list[str]) -> None:
        """The anchor's old outgoing flow now leaves the chain's last stage; a single one
        keeps its wait (the queue before its target) and gives its share to the new first
        handoff, as inserting into a handoff does."""
        last = created[-1]
        for handoff in taken:
            self.modeling.reconnect(handoff.id, source=last)
        if len(taken) == 1:
            old = taken[0]
            first = next(h for h in self.document.map.handoffs
                         if h.source == anchor and h.target == created[0])
            if old.share is not None or old.rework_rate is not None:
                self.modeling.update(first.id, share=old.share, rework_rate=old.rework_rate)
                self.modeling.update(old.id, share=None, rework_rate=None)
        else:
            self.modeling.set_property(last, "split", self.document.get(anchor).split)

    def _lane_in_view(self) -> str | None:
        centre = self.view.mapToScene(self.view.viewport().rect().center())
        return lane_at(self.document.map, centre.y())

    def branch_stage(self) -> str | None:
        """Shift+Enter: an alternative below the selected stage, from the same predecessor
        (its lane grows when the branch needs room)."""
        if self.typing_elsewhere():
            return None
        self.commit_name()
        stages = self.selected(StageItem)
        if len(stages) != 1:
            self.view.refuse("Select one stage to add a branch below it.")
            return None
        key = self._key()
        created = self.attempt(lambda: self._branch(stages[0], key))
        if created is None:
            return None
        self._show([created], key)
        return created

    def _branch(self, stage_id: str, key: Hashable) -> str:
        anatomy = self.document.map
        stage = self.document.get(stage_id)
        before = incoming_flows(anatomy, stage_id)
        rects = stage_rects(anatomy)
        source = min(before, key=lambda h: (rects[h.source].y, rects[h.source].x)).source \
            if before else None
        y = branch_offset(anatomy, stage_id, HEIGHT)
        with self.modeling.transaction("Add branch") as macro:
            macro.merge_key = key
            height = lane_height_for(anatomy, stage.lane, y + HEIGHT)
            if height is not None:
                self.modeling.resize_lane(stage.lane, height)  # type: ignore[arg-type]
            tops = lane_tops(self.document.map)
            top = tops.get(stage.lane, tops[None])
            return self.modeling.add_stage(
                NEW_NAME, lane=stage.lane, position=(stage.x, top + y), connect_from=source
            )

    # ------------------------------------------------------------ handoffs
    def insert_into_handoff(self, handoff_id: str | None = None) -> str | None:
        """Split the selected handoff with a new stage (name open for typing); the wait
        stays on the handoff into the original target."""
        self.commit_name()
        if handoff_id is None:
            handoffs = self.selected(HandoffItem)
            if len(handoffs) != 1:
                self.view.refuse("Select one handoff to insert a stage into it.")
                return None
            handoff_id = handoffs[0]
        key = self._key()
        created = self.attempt(lambda: self._insert(handoff_id, key))
        if created is None:
            return None
        self._show([created], key)
        return created

    def _insert(self, handoff_id: str, key: Hashable) -> str:
        anatomy = self.document.map
        handoff = self.document.get(handoff_id)
        rects = stage_rects(anatomy)
        source, target = rects[handoff.source], rects[handoff.target]
        with self.modeling.transaction("Insert stage into handoff") as macro:
            macro.merge_key = key
            position = None
            if target.x > source.x:  # forward: take the target's place, downstream moves
                box = Rect(source.right + GAP, source.y, WIDTH, HEIGHT)
                moves = make_room(anatomy, handoff.source, box)
                if moves:
                    self.modeling.move_stages(moves)
                position = (box.x, box.y)
            return self.modeling.insert_stage_into_handoff(handoff_id, NEW_NAME, position)

    def drop_on_handoff(self, positions: dict[str, tuple[float, float]]) -> bool:
        """A loose stage (no handoffs yet) dropped on a handoff splits it: one undo step
        with the move. Returns False when the drop is an ordinary move."""
        if len(positions) != 1:
            return False
        ((stage_id, (x, y)),) = positions.items()
        if any(stage_id in (h.source, h.target) for h in self.document.map.handoffs):
            return False
        handoff_id = self.handoff_under(stage_id)
        if handoff_id is None:
            return False
        handoff = self.document.get(handoff_id)

        def split() -> None:
            with self.modeling.transaction("Insert stage into handoff"):
                self.modeling.move_stages({stage_id: (x, y)})
                self.modeling.connect(handoff.source, stage_id, handoff.kind,
                                      share=handoff.share, rework_rate=handoff.rework_rate)
                self.modeling.reconnect(handoff_id, source=stage_id)
                self.modeling.update(handoff_id, share=None, rework_rate=None)

        try:
            split()
        except CommandRefusedError as err:
            self.view.refuse(f"Not inserted into the handoff: {sentence(err.reason)}")
            return False
        self.scene.select_ids([stage_id])
        return True

    def handoff_under(self, stage_id: str) -> str | None:
        """The handoff passing under the middle of the stage's box as drawn now."""
        x, y, w, h = self.scene.stages[stage_id].box()
        probe = QRectF(x + w / 4, y + h / 4, w / 2, h / 2)
        for item in self.scene.items(probe, Qt.ItemSelectionMode.IntersectsItemShape):
            if isinstance(item, HandoffItem):
                return item.element_id
        return None

    # ------------------------------------------------------------ pasted lines
    def paste_lines(self, text: str) -> list[str]:
        """One connected stage per line of ``text`` after the selected stage (or right of
        the stages of the lane in view), as one undo step."""
        rows = parse_lines(text)
        if not rows:
            self.view.refuse("The clipboard holds no lines to make stages of.")
            return []
        if len(rows) > MAX_ROWS:
            self.view.refuse(f"{len(rows)} lines is too many: paste at most {MAX_ROWS} at once.")
            return []
        self.commit_name()
        stages = self.selected(StageItem)
        anchor = stages[0] if len(stages) == 1 else None
        step = "Paste line as stage" if len(rows) == 1 else f"Paste {len(rows)} lines as stages"
        created = self.attempt(lambda: self.append_chain(anchor, rows, step))
        if not created:
            return []
        self._show(created)
        self.view.message.emit(f"Pasted {len(created)} stage{'s' if len(created) > 1 else ''}.")
        return created
