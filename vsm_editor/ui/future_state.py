"""File > New future state: the current map copied into a new window to redesign.

The copy keeps every element id (so a comparison matches it element by element) and records
its origin (the current file and stream). It opens unsaved, with no file: Save asks for a
new name, and closing asks before dropping it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from vsm_editor.analysis.compare import new_future_state

if TYPE_CHECKING:
    from vsm_editor.ui.main_window import MainWindow


def open_future_state(window: MainWindow) -> MainWindow:
    """A new window holding the future state of ``window``'s map."""
    session = window.session
    future = new_future_state(session.document.map, session.path or "")
    fresh = window.app.open_session(future, None, modified=True)
    source = session.display_name()
    fresh.statusBar().showMessage(
        f"Future state of {source}: redesign it, then compare with File > Compare With…", 8000
    )
    return fresh
