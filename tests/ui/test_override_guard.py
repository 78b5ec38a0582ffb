"""The guards on Qt overrides answer neutrally and report the error from the next turn."""

from __future__ import annotations

import sys

from PySide6.QtCore import Qt

from vsm_editor.ui.override_guard import guarded, guarded_count, guarded_filter, guarded_flags


class Broken:
    @guarded_count
    def rowCount(self, parent=None) -> int:  # noqa: N802 (Qt's name)
        raise RuntimeError("rows")

    @guarded_flags
    def flags(self, index) -> Qt.ItemFlag:
        raise RuntimeError("flags")

    @guarded_filter
    def eventFilter(self, watched, event) -> bool:  # noqa: N802
        raise RuntimeError("filter")

    @guarded
    def keyPressEvent(self, event) -> None:  # noqa: N802
        raise RuntimeError("keys")

    @guarded_count
    def columnCount(self, parent=None) -> int:  # noqa: N802
        return 3


def test_guards_answer_neutrally_and_report_later(qtbot, monkeypatch):
    seen: list[str] = []
    monkeypatch.setattr(sys, "excepthook", lambda kind, value, tb: seen.append(str(value)))
    broken = Broken()
    assert broken.rowCount() == 0
    assert broken.flags(None) == Qt.ItemFlag.NoItemFlags
    assert broken.eventFilter(None, None) is False
    assert broken.keyPressEvent(None) is None
    assert broken.columnCount() == 3  # no error: the override's own answer
    assert seen == []  # not from inside the override …
    qtbot.waitUntil(lambda: seen == ["rows", "flags", "filter", "keys"], timeout=2000)  # … next
