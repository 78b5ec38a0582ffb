"""Themes: palette contrast, switching and keeping the choice, following the system, and
exports that stay the same whatever the theme."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication
from vsm_editor.exporters.svg import export_svg

from vsm_editor.style import palette
from vsm_editor.templates import load_template
from vsm_editor.ui import present_panel, state, style_bridge, themes
from vsm_editor.ui.raster import export_png

Role = QPalette.ColorRole


@pytest.fixture
def fresh(qapp, state_dir):
    """A clean theme manager; the application's style and palette put back afterwards."""
    style, original = qapp.style().name(), QPalette(qapp.palette())
    themes._manager = None
    themes.set_system_scheme_hook(None)
    yield qapp
    themes.set_system_scheme_hook(None)
    themes._manager = None
    qapp.setStyle(style)
    qapp.setPalette(original)


# ---------------------------------------------------------------- contrast (WCAG 2)
def luminance(colour: QColor) -> float:
    """Relative luminance of an sRGB colour (WCAG 2.x)."""

    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    return (0.2126 * channel(colour.red()) + 0.7152 * channel(colour.green())
            + 0.0722 * channel(colour.blue()))


def ratio(a: QColor, b: QColor) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_the_contrast_formula_matches_known_values():
    assert ratio(QColor("#000000"), QColor("#ffffff")) == pytest.approx(21.0)
    assert ratio(QColor("#767676"), QColor("#ffffff")) == pytest.approx(4.54, abs=0.01)
    assert ratio(QColor("#595959"), QColor("#ffffff")) == pytest.approx(7.0, abs=0.01)


def map_pairs() -> list[tuple[str, str, str]]:
    """The map's text pairs (document colours, the same in every theme)."""
    pairs = [("stage name", palette.TEXT, palette.STAGE_FILL),
             ("stage owner", palette.TEXT_MUTED, palette.STAGE_FILL)]
    for band in palette.LANE_BANDS:
        pairs.append((f"lane header on {band}", palette.LANE_HEADER_TEXT,
                      style_bridge.header_colour(band)))
        pairs.append((f"lane text on band {band}", palette.LANE_HEADER_TEXT,
                      style_bridge.band_colour(band)))
    return pairs


@pytest.mark.parametrize("name", sorted(themes.THEMES))
def test_every_text_pair_reaches_the_theme_contrast(fresh, name):
    theme = themes.THEMES[name]
    assert theme.min_contrast == (7.0 if name == "high_contrast" else 4.5)
    manager = themes.install(fresh)
    manager.set_choice(name, persist=False)
    applied = fresh.palette()  # the palette as the application holds it
    measured = {}
    for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
        for text, background in themes.TEXT_PAIRS:
            value = ratio(applied.color(group, getattr(Role, text)),
                          applied.color(group, getattr(Role, background)))
            measured[f"{text}/{background}"] = value
            assert value >= theme.min_contrast, (name, text, background, value)
    for label, text, background in map_pairs():
        value = ratio(QColor(text), QColor(background))
        assert value >= theme.min_contrast, (name, label, value)
    assert min(measured.values()) >= theme.min_contrast


def test_the_presentation_panel_is_high_contrast():
    for text, background in present_panel.TEXT_PAIRS:
        assert ratio(QColor(text), QColor(background)) >= 7.0, text


def test_the_palettes_differ_and_use_fusion(fresh):
    manager = themes.install(fresh)
    windows = {}
    for name in themes.THEMES:
        manager.set_choice(name, persist=False)
        assert fresh.style().name().lower() == "fusion"
        windows[name] = fresh.palette().color(Role.Window).name()
    assert len(set(windows.values())) == 3
    assert luminance(QColor(windows["dark"])) < 0.05 < luminance(QColor(windows["light"]))


# ---------------------------------------------------------------- choosing and keeping it
def test_the_choice_persists_in_the_settings(fresh):
    manager = themes.install(fresh)
    assert manager.choice() == "system"
    manager.set_choice("dark")
    assert state.settings().value(themes.SETTINGS_KEY) == "dark"
    themes._manager = None  # as at the next start
    again = themes.install(fresh)
    assert again is not manager and again.choice() == "dark" and again.current() == "dark"
    assert fresh.palette().color(Role.Window).name() == themes.DARK.roles["Window"]
    state.settings().setValue(themes.SETTINGS_KEY, "purple")  # a damaged setting
    assert themes.saved_choice() == "system"
    with pytest.raises(ValueError):
        again.set_choice("purple")


def test_the_view_menu_switches_and_every_window_follows(fresh, editor, qtbot):
    themes.install(fresh)
    first = editor.open_session(load_template("secure-api"), None)
    second = editor.open_session(load_template("secure-api"), None)
    qtbot.addWidget(first)
    qtbot.addWidget(second)
    menu = first.theme_menu
    assert [a.text() for a in menu.actions()] == [label for _n, label in themes.CHOICES]
    assert menu.by_choice["system"].isChecked()
    menu.by_choice["high_contrast"].trigger()
    assert themes.manager().current() == "high_contrast"
    assert second.theme_menu.by_choice["high_contrast"].isChecked()
    assert not second.theme_menu.by_choice["system"].isChecked()
    for window in (first, second):  # the canvas round the map follows; the map does not
        brush = window.session.scene.backgroundBrush().color().name()
        assert brush == themes.HIGH_CONTRAST.canvas
    menu.by_choice["dark"].trigger()
    third = editor.open_session(load_template("secure-api"), None)
    qtbot.addWidget(third)
    assert third.session.scene.backgroundBrush().color().name() == themes.DARK.canvas
    assert third.theme_menu.by_choice["dark"].isChecked()
    assert state.settings().value(themes.SETTINGS_KEY) == "dark"


# ---------------------------------------------------------------- the system's setting
def test_system_follows_the_platform_through_the_hook(fresh):
    reported = {"scheme": Qt.ColorScheme.Dark}
    themes.set_system_scheme_hook(lambda: reported["scheme"])
    manager = themes.install(fresh)
    seen = []
    manager.theme_changed.connect(seen.append)
    assert manager.choice() == "system" and manager.current() == "dark"
    reported["scheme"] = "light"
    manager.system_changed()
    assert manager.current() == "light" and seen == ["light"]
    reported["scheme"] = Qt.ColorScheme.Unknown  # no platform theme: light
    manager.system_changed()
    assert manager.current() == "light"
    manager.set_choice("high_contrast")
    reported["scheme"] = "dark"
    manager.system_changed()  # a manual choice wins over the system
    assert manager.current() == "high_contrast"
    manager.set_choice("system")
    assert manager.current() == "dark"


def test_the_platform_signal_reaches_the_manager(fresh):
    reported = {"scheme": "light"}
    themes.set_system_scheme_hook(lambda: reported["scheme"])
    manager = themes.install(fresh)
    assert manager.current() == "light"
    reported["scheme"] = "dark"
    QGuiApplication.styleHints().colorSchemeChanged.emit(Qt.ColorScheme.Dark)
    assert manager.current() == "dark"


def test_without_a_hook_the_platform_is_asked(fresh):
    expected = {Qt.ColorScheme.Dark: "dark", Qt.ColorScheme.Light: "light"}.get(
        QGuiApplication.styleHints().colorScheme(), "unknown")
    assert themes.system_scheme() == expected


# ---------------------------------------------------------------- exports keep their colours
def test_exports_are_byte_identical_in_every_theme(fresh):
    anatomy = load_template("secure-api")
    today = date(2024, 5, 1)
    manager = themes.install(fresh)
    outputs = {}
    for name in ("light", "dark", "high_contrast"):
        manager.set_choice(name, persist=False)
        QApplication.processEvents()
        outputs[name] = (export_svg(anatomy, today=today), export_png(anatomy, today=today))
    assert outputs["light"][0][:5] == b"<?xml" and outputs["light"][1][:4] == b"\x89PNG"
    assert outputs["light"] == outputs["dark"] == outputs["high_contrast"]
