"""Find (Ctrl+F): a bar at the bottom of the window searching every text of the map.

Typing selects every match and centres the first; Enter / F3 / the arrows go to the next or
previous match (selected alone and centred); Alt+Enter selects all matches again; Esc
closes the bar and gives the canvas the keyboard back.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QToolBar, QToolButton, QWidget

from vsm_editor.ui.find_text import find_matches
from vsm_editor.ui.override_guard import guarded_filter


class FindBar(QWidget):
    """The search field, previous/next buttons, the ``n of m`` count and a close button."""

    closed = Signal()

    def __init__(self, view, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.view = view
        self.scene = view.map_scene
        self.document = view.editing.document
        self.matches: list[str] = []
        self.current = -1
        self._fresh = False
        self.field = QLineEdit()
        self.field.setObjectName("find-field")
        self.field.setPlaceholderText("Find: name, owner, lane, decision, logic, component, note…")
        self.field.setClearButtonEnabled(True)
        self.field.textChanged.connect(self.search)
        self.field.returnPressed.connect(self.find_next)
        self.field.installEventFilter(self)
        self.count = QLabel()
        self.count.setObjectName("find-count")
        self.count.setMinimumWidth(90)
        previous = self._button("▲", "Previous match (Shift+F3)", self.find_previous)
        following = self._button("▼", "Next match (F3)", self.find_next)
        close = self._button("✕", "Close (Esc)", self.close_bar)
        row = QHBoxLayout(self)
        row.setContentsMargins(6, 2, 6, 2)
        row.addWidget(QLabel("Find"))
        row.addWidget(self.field, 1)
        row.addWidget(previous)
        row.addWidget(following)
        row.addWidget(self.count)
        row.addWidget(close)
        self._unsubscribe = self.document.subscribe(lambda _c: self._stale())

    def _button(self, text: str, tip: str, slot) -> QToolButton:
        button = QToolButton()
        button.setText(text)
        button.setToolTip(tip)
        button.setAutoRaise(True)
        button.clicked.connect(slot)
        return button

    # ------------------------------------------------------------ searching
    def _stale(self) -> None:
        self._fresh = False

    def search(self, text: str | None = None) -> list[str]:
        """Find ``text`` (the field's text by default), select all matches, centre the first."""
        text = self.field.text() if text is None else text
        self.matches = find_matches(self.document.map, text)
        self._fresh = True
        self.current = 0 if self.matches else -1
        self.scene.select_ids(self.matches)
        if self.matches:
            self._centre(self.matches[0])
        self._show_count(text)
        return self.matches

    def _refresh(self) -> None:
        """Search again after the map changed, keeping the current match when it still is one."""
        if self._fresh:
            return
        keep = self.matches[self.current] if 0 <= self.current < len(self.matches) else None
        self.matches = find_matches(self.document.map, self.field.text())
        self._fresh = True
        self.current = self.matches.index(keep) if keep in self.matches else -1

    def step(self, delta: int) -> str | None:
        """Go to the next (+1) or previous (-1) match; returns its id."""
        self._refresh()
        if not self.matches:
            self._show_count(self.field.text())
            return None
        if self.current < 0:
            self.current = 0 if delta > 0 else len(self.matches) - 1
        else:
            self.current = (self.current + delta) % len(self.matches)
        found = self.matches[self.current]
        self.scene.select_ids([found])
        self._centre(found)
        self._show_count(self.field.text())
        return found

    def find_next(self) -> str | None:
        return self.step(+1)

    def find_previous(self) -> str | None:
        return self.step(-1)

    def select_all_matches(self) -> None:
        self._refresh()
        self.scene.select_ids(self.matches)

    def _centre(self, element_id: str) -> None:
        item = self.scene.stages.get(element_id) or self.scene.handoffs.get(element_id)
        if item is not None:
            self.view.centerOn(item.scene_box().center())

    def _show_count(self, text: str) -> None:
        if not text.strip():
            self.count.setText("")
        elif not self.matches:
            self.count.setText("no match")
        else:
            self.count.setText(f"{self.current + 1} of {len(self.matches)}")
        self.field.setProperty("nomatch", bool(text.strip()) and not self.matches)
        self.field.setStyleSheet("background:#fde2e1;" if self.field.property("nomatch") else "")

    # ------------------------------------------------------------ keys and closing
    def open_bar(self) -> None:
        """Show the bar (its toolbar) with the field focused and its text selected."""
        holder = self.parentWidget()
        if holder is not None:
            holder.show()
        self.show()
        self.field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.field.selectAll()

    def close_bar(self) -> None:
        holder = self.parentWidget()
        if holder is not None and isinstance(holder, QToolBar):
            holder.hide()
        self.view.setFocus()
        self.closed.emit()

    @guarded_filter
    def eventFilter(self, watched, event) -> bool:
        if watched is self.field and event.type() == QEvent.Type.KeyPress:
            key, mods = event.key(), event.modifiers()
            if key == Qt.Key.Key_Escape:
                self.close_bar()
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                if mods & Qt.KeyboardModifier.AltModifier:
                    self.select_all_matches()
                elif mods & Qt.KeyboardModifier.ShiftModifier:
                    self.find_previous()
                else:
                    self.find_next()
                return True
            if key == Qt.Key.Key_Down:
                self.find_next()
                return True
            if key == Qt.Key.Key_Up:
                self.find_previous()
                return True
        return super().eventFilter(watched, event)

    def detach(self) -> None:
        self._unsubscribe()


class FindActions:
    """``act_find*`` handlers and the bottom find bar for ``MainWindow``."""

    def _setup_find(self) -> None:
        bar = QToolBar("Find", self)
        bar.setObjectName("toolbar_find")
        bar.setMovable(False)
        bar.setFloatable(False)
        self.find_bar = FindBar(self.view, bar)
        bar.addWidget(self.find_bar)
        self.addToolBar(Qt.ToolBarArea.BottomToolBarArea, bar)
        bar.hide()
        self.find_toolbar = bar
        self.view.destroyed.connect(lambda *_args, detach=self.find_bar.detach: detach())

    def act_find(self) -> None:
        self.find_bar.open_bar()
        if self.find_bar.field.text():
            self.find_bar.search()

    def act_find_next(self) -> None:
        if not self.find_toolbar.isVisible():
            self.find_bar.open_bar()
        self.find_bar.find_next()

    def act_find_previous(self) -> None:
        if not self.find_toolbar.isVisible():
            self.find_bar.open_bar()
        self.find_bar.find_previous()
