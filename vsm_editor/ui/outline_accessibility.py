"""Accessible names for a window's parts, so a screen reader announces every one of them.

Goes with the stream outline (the text view of the map for screen-reader users). The map
canvas gets a name and a description saying where the text version is; a dock without a
name takes its title; a list, table, tree or graphics view without one takes the title of
the dock it sits in (or its tool tip); a toolbar without a title gets one from its object
name, since that title names its Panels entry, and a widget placed on a toolbar is named
as the toolbar. Actions are announced by their text, which
the action table gives every one of them.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDockWidget,
    QGraphicsView,
    QMainWindow,
    QToolBar,
    QWidget,
    QWidgetAction,
)

CANVAS_NAME = "Map canvas"
CANVAS_DESCRIPTION = (
    "The value-stream map drawn as stages and handoffs. View, Stream Outline shows the same "
    "map as text."
)


def _dock_of(widget: QWidget) -> QDockWidget | None:
    parent = widget.parentWidget()
    while parent is not None and not isinstance(parent, QDockWidget):
        parent = parent.parentWidget()
    return parent


def name_views(window: QMainWindow) -> list[QWidget]:
    """Give every dock and view of ``window`` that lacks one an accessible name; the
    widgets named."""
    named: list[QWidget] = []
    central = window.centralWidget()
    if isinstance(central, QGraphicsView) and not central.accessibleName():
        central.setAccessibleName(CANVAS_NAME)
        central.setAccessibleDescription(CANVAS_DESCRIPTION)
        named.append(central)
    for bar in window.findChildren(QToolBar):  # its toggle action is named by the title
        if not bar.windowTitle():
            words = bar.objectName().removeprefix("toolbar_").replace("_", " ").strip()
            bar.setWindowTitle(f"{words.capitalize()} toolbar" if words else "Toolbar")
            named.append(bar)
        for action in bar.actions():  # a widget placed on the toolbar: named as the bar
            widget = action.defaultWidget() if isinstance(action, QWidgetAction) else None
            if widget is not None and not widget.accessibleName():
                widget.setAccessibleName(bar.windowTitle())
                named.append(widget)
    for dock in window.findChildren(QDockWidget):
        if not dock.accessibleName():
            dock.setAccessibleName(f"{dock.windowTitle() or dock.objectName()} panel")
            named.append(dock)
    views = window.findChildren(QAbstractItemView) + window.findChildren(QGraphicsView)
    for view in views:
        if view.accessibleName() or view.window() is not window:  # combo popups and such
            continue
        dock = _dock_of(view)
        title = (dock.windowTitle() if dock is not None else "") or view.toolTip()
        if title:
            view.setAccessibleName(title)
            named.append(view)
    return named
