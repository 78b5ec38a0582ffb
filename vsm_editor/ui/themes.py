"""The editor's colour themes: light, dark and high-contrast palettes on the Fusion style.

A theme colours the window chrome (a :class:`QPalette`) and the canvas around the lanes. The
map itself (lanes, stages, handoffs) keeps the document's fixed colours from
:mod:`vsm_editor.style.palette`, and the exports never read a theme, so they come out the same
whatever the user picked.

The user's choice (``system``, ``light``, ``dark``, ``high_contrast``) is kept in QSettings.
``system`` follows the platform's light/dark setting (``QStyleHints.colorScheme``), read
through a hook that tests replace (:func:`set_system_scheme_hook`): no platform theme runs
offscreen, so the real source always says "unknown" there, which means light.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QStyleFactory

from vsm_editor.ui import state

Role = QPalette.ColorRole
Group = QPalette.ColorGroup

SETTINGS_KEY = "view/theme"
SYSTEM = "system"
CHOICES: tuple[tuple[str, str], ...] = (
    (SYSTEM, "&System"), ("light", "&Light"), ("dark", "&Dark"),
    ("high_contrast", "&High Contrast"),
)
CHOICE_NAMES = tuple(name for name, _label in CHOICES)


@dataclass(frozen=True)
class Theme:
    """One palette: colours by role for active windows, dimmer ones for disabled widgets,
    the canvas colour around the lanes, and the contrast every text pair must reach."""

    name: str
    roles: dict[str, str]
    disabled: dict[str, str] = field(default_factory=dict)
    canvas: str = "#f4f5f7"
    min_contrast: float = 4.5


LIGHT = Theme(
    name="light",
    roles={
        "Window": "#eef0f3", "WindowText": "#1a202c", "Base": "#ffffff",
        "AlternateBase": "#f3f5f8", "Text": "#1a202c", "Button": "#e4e7ec",
        "ButtonText": "#1a202c", "BrightText": "#ffffff", "Highlight": "#1d4ed8",
        "HighlightedText": "#ffffff", "ToolTipBase": "#1f2937", "ToolTipText": "#f9fafb",
        "PlaceholderText": "#5b6472", "Link": "#1d4ed8", "LinkVisited": "#6b21a8",
        "Light": "#ffffff", "Midlight": "#eceff3", "Mid": "#a3abb7", "Dark": "#6b7280",
        "Shadow": "#374151", "Accent": "#1d4ed8",
    },
    disabled={"WindowText": "#8a919c", "Text": "#8a919c", "ButtonText": "#8a919c",
              "Highlight": "#9aa3b0"},
    canvas="#f4f5f7",
)

DARK = Theme(
    name="dark",
    roles={
        "Window": "#1f2329", "WindowText": "#e6e8eb", "Base": "#16191d",
        "AlternateBase": "#23272e", "Text": "#e6e8eb", "Button": "#2c3139",
        "ButtonText": "#e6e8eb", "BrightText": "#ffffff", "Highlight": "#1d4ed8",
        "HighlightedText": "#ffffff", "ToolTipBase": "#e6e8eb", "ToolTipText": "#1a202c",
        "PlaceholderText": "#9aa3ae", "Link": "#8ab4f8", "LinkVisited": "#c4a7f5",
        "Light": "#3a4049", "Midlight": "#30353d", "Mid": "#4b525c", "Dark": "#121417",
        "Shadow": "#000000", "Accent": "#3b82f6",
    },
    disabled={"WindowText": "#6b727c", "Text": "#6b727c", "ButtonText": "#6b727c",
              "Highlight": "#3a4049"},
    # the map keeps its light document colours; the canvas around it is dimmed a little
    canvas="#d3d7dd",
)

HIGH_CONTRAST = Theme(
    name="high_contrast",
    roles={
        "Window": "#000000", "WindowText": "#ffffff", "Base": "#000000",
        "AlternateBase": "#1a1a1a", "Text": "#ffffff", "Button": "#000000",
        "ButtonText": "#ffffff", "BrightText": "#ffff00", "Highlight": "#ffd400",
        "HighlightedText": "#000000", "ToolTipBase": "#000000", "ToolTipText": "#ffffff",
        "PlaceholderText": "#d4d4d4", "Link": "#ffff00", "LinkVisited": "#7ee7ff",
        "Light": "#ffffff", "Midlight": "#bfbfbf", "Mid": "#ffffff", "Dark": "#ffffff",
        "Shadow": "#ffffff", "Accent": "#ffd400",
    },
    disabled={"WindowText": "#a6a6a6", "Text": "#a6a6a6", "ButtonText": "#a6a6a6",
              "Highlight": "#595959"},
    canvas="#ffffff",
    min_contrast=7.0,
)

THEMES: dict[str, Theme] = {t.name: t for t in (LIGHT, DARK, HIGH_CONTRAST)}

#: Every (text, background) role pair the chrome draws text with.
TEXT_PAIRS: tuple[tuple[str, str], ...] = (
    ("WindowText", "Window"), ("Text", "Base"), ("ButtonText", "Button"),
    ("HighlightedText", "Highlight"), ("ToolTipText", "ToolTipBase"),
    ("PlaceholderText", "Base"), ("Text", "AlternateBase"),
)


def palette_for(name: str) -> QPalette:
    """The QPalette of theme ``name`` (``light``, ``dark`` or ``high_contrast``)."""
    theme = THEMES[name]
    palette = QPalette()
    for role_name, value in theme.roles.items():
        palette.setColor(getattr(Role, role_name), QColor(value))
    for role_name, value in theme.disabled.items():
        palette.setColor(Group.Disabled, getattr(Role, role_name), QColor(value))
    return palette


# ---------------------------------------------------------------- the system's setting
SchemeHook = Callable[[], object]


def _platform_scheme() -> object:
    hints = QGuiApplication.styleHints()
    return hints.colorScheme() if hints is not None else Qt.ColorScheme.Unknown


_scheme_hook: SchemeHook = _platform_scheme


def set_system_scheme_hook(hook: SchemeHook | None) -> None:
    """Replace where the system's light/dark setting is read (None: the platform again).
    The hook returns a ``Qt.ColorScheme`` or one of ``"light"``, ``"dark"``, ``"unknown"``."""
    global _scheme_hook
    _scheme_hook = hook or _platform_scheme


def system_scheme() -> str:
    """``"light"``, ``"dark"`` or ``"unknown"``, as the platform (or the hook) reports it."""
    value = _scheme_hook()
    if value == Qt.ColorScheme.Dark or value == "dark":
        return "dark"
    if value == Qt.ColorScheme.Light or value == "light":
        return "light"
    return "unknown"


# ---------------------------------------------------------------- the choice and applying it
def saved_choice() -> str:
    """The theme choice kept in the settings (``system`` when none or unknown)."""
    value = str(state.settings().value(SETTINGS_KEY, SYSTEM) or SYSTEM)
    return value if value in CHOICE_NAMES else SYSTEM


def resolve(choice: str) -> str:
    """The theme a choice shows now: ``system`` becomes light or dark (light if unknown)."""
    if choice == SYSTEM:
        return "dark" if system_scheme() == "dark" else "light"
    return choice


class ThemeManager(QObject):
    """Applies the chosen theme to the application and tells whoever listens."""

    theme_changed = Signal(str)  # the theme now shown
    choice_changed = Signal(str)  # the user's choice

    def __init__(self, app: QApplication, choice: str = SYSTEM) -> None:
        super().__init__(app)
        self.app = app
        self._choice = choice if choice in CHOICE_NAMES else SYSTEM
        self._applied: str | None = None
        hints = QGuiApplication.styleHints()
        if hints is not None and hasattr(hints, "colorSchemeChanged"):
            hints.colorSchemeChanged.connect(lambda _scheme: self.system_changed())

    def choice(self) -> str:
        return self._choice

    def current(self) -> str:
        """The theme shown now."""
        return self._applied or resolve(self._choice)

    def set_choice(self, choice: str, persist: bool = True) -> None:
        """Switch to ``choice`` (kept in the settings when ``persist``)."""
        if choice not in CHOICE_NAMES:
            raise ValueError(f"unknown theme: {choice!r}")
        changed = choice != self._choice
        self._choice = choice
        if persist:
            store = state.settings()
            store.setValue(SETTINGS_KEY, choice)
            store.sync()
        self.apply()
        if changed:
            self.choice_changed.emit(choice)

    def system_changed(self) -> None:
        """The platform's light/dark setting changed: follow it when the choice is system."""
        if self._choice == SYSTEM:
            self.apply()

    def apply(self) -> None:
        """Put the theme on the Fusion style, the application palette and the canvases."""
        name = resolve(self._choice)
        if self.app.style().name().lower() != "fusion":
            self.app.setStyle(QStyleFactory.create("Fusion"))
        self.app.setPalette(palette_for(name))
        if name != self._applied:
            self._applied = name
            _recolour_canvases(THEMES[name].canvas)
            self.theme_changed.emit(name)


def _recolour_canvases(canvas: str) -> None:
    for widget in QApplication.topLevelWidgets():
        session = getattr(widget, "session", None)
        scene = getattr(session, "scene", None)
        if scene is not None:
            scene.setBackgroundBrush(QColor(canvas))


_manager: ThemeManager | None = None


def install(app: QApplication | None = None) -> ThemeManager:
    """Apply the saved theme to ``app`` (once per application) and return its manager."""
    global _manager
    app = app or QApplication.instance()
    if _manager is None or _manager.app is not app:
        _manager = ThemeManager(app, saved_choice())
    _manager.apply()
    return _manager


def manager() -> ThemeManager | None:
    """The installed manager (None before :func:`install`)."""
    return _manager


def current_theme() -> Theme:
    """The theme shown now (light before any is installed)."""
    return THEMES[_manager.current()] if _manager is not None else LIGHT


def canvas_colour() -> str:
    """The canvas colour around the lanes in the current theme."""
    return current_theme().canvas
