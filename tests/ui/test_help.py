"""The Help menu: the shortcuts sheet from the action table, About, getting started."""

from __future__ import annotations

from importlib import metadata

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtPrintSupport import QPrinter

from vsm_editor.ui import about, help_menu
from vsm_editor.ui.actions import ACTIONS


def test_every_action_is_on_the_sheet_with_its_keys(qapp):
    rows = help_menu.shortcut_rows(native=False)
    assert len(rows) == len(ACTIONS)
    by_command = {command: (menu, keys) for menu, command, keys in rows}
    assert by_command["Rename"] == ("Edit", "F2")
    assert by_command["Keyboard Shortcuts"] == ("Help", "F1")
    assert by_command["SVG"][0] == "File › Export"
    assert "Ctrl+Z" in by_command["Undo"][1]


def test_text_version_lists_every_command_once(qapp):
    text = help_menu.shortcuts_text()
    for _menu, command, keys in help_menu.shortcut_rows():
        lines = [line for line in text.splitlines() if f"  {command}  " in line
                 or line.rstrip().endswith(f"  {command}")]
        assert lines, command
        if keys:
            assert any(keys in line for line in lines), command


def test_search_filters_rows(qapp, qtbot):
    dialog = help_menu.ShortcutsDialog()
    qtbot.addWidget(dialog)
    total = dialog.table.rowCount()
    assert dialog.filter("") == total
    shown = dialog.filter("zoom")
    assert 1 < shown < total
    visible = [dialog.table.item(r, 0).text() for r in range(total)
               if not dialog.table.isRowHidden(r)]
    assert all("zoom" in " ".join(dialog.table.item(r, c).text() for c in range(3)).lower()
               for r in range(total) if not dialog.table.isRowHidden(r))
    assert "Zoom In" in visible
    dialog.search.setText("f2")  # by key
    assert "Rename" in [dialog.table.item(r, 0).text() for r in range(total)
                        if not dialog.table.isRowHidden(r)]
    assert dialog.filter("no such command at all") == 0


def test_copy_save_and_print_the_sheet(qapp, qtbot, tmp_path):
    dialog = help_menu.ShortcutsDialog()
    qtbot.addWidget(dialog)
    dialog.copy_text()
    assert QGuiApplication.clipboard().text() == help_menu.shortcuts_text()
    saved = dialog.save_text(str(tmp_path / "keys.txt"))
    assert saved.read_text("utf-8") == help_menu.shortcuts_text()
    printer = QPrinter()
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "keys.pdf"))
    assert dialog.print_sheet(printer)
    assert (tmp_path / "keys.pdf").read_bytes().startswith(b"%PDF")


@pytest.mark.parametrize("dist", ["networkx", "lxml", "msgspec", "uharfbuzz",
                                  "PySide6-Essentials"])
def test_licences_come_from_the_installed_metadata(qapp, dist):
    row = next(r for r in about.licence_rows() if r.name == dist)
    assert row.from_metadata
    assert row.version == metadata.version(dist)
    expected = {"networkx": "BSD", "lxml": "BSD", "msgspec": "BSD", "uharfbuzz": "Apache",
                "PySide6-Essentials": "LGPL"}[dist]
    assert expected in row.licence


def test_about_names_version_and_licences(qapp, qtbot):
    from vsm_editor import __version__

    text = about.about_text()
    assert f"vsm-editor {__version__}" in text
    assert "MIT" in text and "DejaVu" in text and "LGPL" in text
    dialog = about.AboutDialog()
    qtbot.addWidget(dialog)
    cells = [dialog.table.item(r, 0).text() for r in range(dialog.table.rowCount())]
    assert "networkx" in cells and "DejaVu Sans" in cells
    licence = dialog.show_font_licence()
    qtbot.addWidget(licence)
    assert "Bitstream" in about.font_licence_text()


def test_licence_of_falls_back_to_classifiers():
    from email.message import Message

    meta = Message()
    meta["License"] = "x" * 500  # a whole licence text, not a name
    meta["Classifier"] = "License :: OSI Approved :: MIT License"
    assert about.licence_of(meta) == "MIT License"


def test_getting_started_is_offered_once(editor, qtbot, monkeypatch):
    monkeypatch.delenv(help_menu.ENV_NO_WELCOME, raising=False)
    window = editor.new_document()
    qtbot.addWidget(window)
    first = help_menu.offer_getting_started(window)
    assert first is not None and first.isVisible()
    assert "P1" in first.browser.toPlainText() and "control point" in (
        first.browser.toPlainText())
    first.close()
    assert help_menu.offer_getting_started(window) is None


def test_getting_started_can_be_switched_off(editor, qtbot, monkeypatch):
    monkeypatch.setenv(help_menu.ENV_NO_WELCOME, "1")
    window = editor.new_document()
    qtbot.addWidget(window)
    assert help_menu.offer_getting_started(window) is None


def test_help_menu_entries_open_their_dialogs(editor, qtbot):
    from PySide6.QtWidgets import QDialog

    window = editor.new_document()
    qtbot.addWidget(window)
    for name, title in (("shortcuts", "Keyboard shortcuts"), ("about", "About vsm-editor"),
                        ("getting_started", "Getting started")):
        window.actions_by_name[name].trigger()
        shown = [d for d in window.findChildren(QDialog) if d.isVisible()]
        assert title in [d.windowTitle() for d in shown]
        for dialog in shown:
            dialog.close()


def test_keys_of_special_keyboards_are_left_out(qapp):
    from PySide6.QtGui import QKeySequence

    assert help_menu.on_a_keyboard(QKeySequence("Ctrl+Shift+Z"))
    assert help_menu.on_a_keyboard(QKeySequence("F2"))
    assert not help_menu.on_a_keyboard(QKeySequence("F14"))
    assert not help_menu.on_a_keyboard(QKeySequence(Qt.Key.Key_Save))
