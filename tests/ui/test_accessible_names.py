"""Every action, dock and view of the window has a name a screen reader can announce."""

from __future__ import annotations

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QAbstractItemView, QDockWidget, QGraphicsView, QWidgetAction

from vsm_editor.templates import load_template
from vsm_editor.ui.outline_accessibility import CANVAS_NAME


def _window(editor, qtbot):
    window = editor.open_session(load_template("secure-api"), None)
    qtbot.addWidget(window)
    window.outline_panel()  # the outline dock exists only once asked for
    # docks built later (like the outline) are named when the window is named again
    from vsm_editor.ui.outline_accessibility import name_views

    name_views(window)
    return window


def _qt_internal(action: QAction) -> bool:
    """Qt's own helpers (a line edit's clear button, the menu bar's overflow button)."""
    return action.objectName().startswith("_q_") or any(
        other.objectName().startswith("qt_") for other in action.associatedObjects())


def _widget_name(action: QAction) -> str:
    """A widget placed on a toolbar is announced by its own name, not the action's."""
    widget = action.defaultWidget() if isinstance(action, QWidgetAction) else None
    return widget.accessibleName() if widget is not None else ""


def test_every_action_dock_and_view_is_named(editor, qtbot):
    window = _window(editor, qtbot)
    actions = [a for a in window.findChildren(QAction)
               if not a.isSeparator() and not _qt_internal(a)]
    docks = window.findChildren(QDockWidget)
    views = [v for v in window.findChildren(QAbstractItemView) + window.findChildren(
        QGraphicsView) if v.window() is window]
    assert len(actions) >= 30 and len(docks) >= 2 and views
    unnamed = [a.objectName() or repr(a) for a in actions
               if not (a.text().replace("&", "").strip() or a.iconText().strip()
                       or _widget_name(a))]
    unnamed += [d.objectName() for d in docks if not d.accessibleName()]
    unnamed += [f"{type(v).__name__} {v.objectName()}" for v in views if not v.accessibleName()]
    assert unnamed == []


def test_the_canvas_says_where_its_text_version_is(editor, qtbot):
    window = _window(editor, qtbot)
    assert window.view.accessibleName() == CANVAS_NAME
    assert "Outline" in window.view.accessibleDescription()


def test_table_actions_are_all_named(editor, qtbot):
    from vsm_editor.ui.actions import ACTIONS

    window = _window(editor, qtbot)
    for spec in ACTIONS:
        assert window.actions_by_name[spec.name].text().replace("&", "").strip(), spec.name


def test_the_outline_dock_is_listed_under_panels(editor, qtbot):
    window = _window(editor, qtbot)
    assert window.outline_dock.toggleViewAction() in window.panels_menu.actions()
    assert window.outline_dock.accessibleName()
    assert window.outline_dock.widget().text.accessibleName() == "Stream outline"
