"""View > Theme: System, Light, Dark, High Contrast (one choice, kept in the settings)."""

from __future__ import annotations

from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QMenu

from vsm_editor.ui import themes


class ThemeMenu(QMenu):
    """The theme submenu; its checks follow the choice, whichever window made it."""

    def __init__(self, parent=None) -> None:
        super().__init__("&Theme", parent)
        self.setObjectName("menu_theme")
        self.group = QActionGroup(self)
        self.group.setExclusive(True)
        self.by_choice: dict[str, QAction] = {}
        for choice, label in themes.CHOICES:
            action = QAction(label, self)
            action.setObjectName(f"action_theme_{choice}")
            action.setCheckable(True)
            action.triggered.connect(lambda _c=False, name=choice: self.choose(name))
            self.group.addAction(action)
            self.addAction(action)
            self.by_choice[choice] = action
        manager = themes.manager()
        if manager is not None:
            manager.choice_changed.connect(self.sync)
        self.aboutToShow.connect(self.sync)
        self.sync()

    def choose(self, choice: str) -> None:
        """Switch the application to ``choice`` and keep it."""
        manager = themes.manager() or themes.install()
        manager.set_choice(choice)
        self.sync()

    def sync(self, _choice: str | None = None) -> None:
        """Check the current choice."""
        manager = themes.manager()
        choice = manager.choice() if manager is not None else themes.saved_choice()
        self.by_choice[choice].setChecked(True)


def add_theme_menu(view_menu: QMenu) -> ThemeMenu:
    """Append View > Theme to ``view_menu``."""
    menu = ThemeMenu(view_menu)
    view_menu.addMenu(menu)
    return menu
