"""The action table: unique shortcuts, unique mnemonics, standard keys where they exist."""

from __future__ import annotations

import re
import sys
from collections import Counter

import pytest
from PySide6.QtGui import QKeySequence

from vsm_editor.ui.actions import ACTIONS, MENUS, help_rows, shortcuts_of


def _keys(spec) -> list[str]:
    return [k.toString(QKeySequence.SequenceFormat.PortableText) for k in shortcuts_of(spec)]


def test_no_two_actions_share_a_shortcut(qapp):
    owners = Counter(key for spec in ACTIONS for key in set(_keys(spec)))
    shared = [key for key, count in owners.items() if count > 1]
    assert shared == []


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux key bindings")
def test_delete_also_binds_ctrl_d_on_linux_and_nothing_else_uses_it(qapp):
    delete = next(spec for spec in ACTIONS if spec.name == "delete")
    assert "Ctrl+D" in _keys(delete)
    assert not [s.name for s in ACTIONS if s.name != "delete" and "Ctrl+D" in _keys(s)]


def test_quit_and_other_empty_standard_keys_get_fallbacks(qapp):
    for spec in ACTIONS:
        if spec.standard is not None:
            assert _keys(spec), f"{spec.name} has no key at all"


def test_menus_have_unique_mnemonics():
    def mnemonic(text: str) -> str:
        found = re.search(r"&(\w)", text)
        assert found, f"{text!r} has no mnemonic"
        return found.group(1).lower()

    top = [mnemonic(title) for _key, title in MENUS]
    assert len(set(top)) == len(top)
    for key, _title in MENUS:
        letters = [mnemonic(spec.text) for spec in ACTIONS if spec.menu == key]
        assert len(set(letters)) == len(letters), f"menu {key}: {letters}"


def test_window_binds_the_table_and_every_handler_exists(editor, qtbot):
    window = editor.new_document()
    qtbot.addWidget(window)
    bound = window.shortcut_map()
    assert set(bound) == {spec.name for spec in ACTIONS}
    for spec in ACTIONS:
        assert bound[spec.name] == _keys(spec)
    texts = [a.text() for m in window.menus.values() for a in m.actions() if a.text()]
    assert "Open &Recent" in texts


def test_help_sheet_lists_the_same_keys(qapp):
    rows = dict(help_rows())
    assert "Ctrl+Z" in rows["Undo"].replace("⌘", "Ctrl+")
    assert rows["Rename"] == "F2"


def test_shortcut_triggers_in_an_active_window(editor, qtbot):
    from PySide6.QtCore import Qt

    window = editor.new_document()
    qtbot.addWidget(window)
    with qtbot.waitActive(window):
        window.activateWindow()
    before = len(window.session.document.map.stages)
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_S)  # Insert > Stage
    assert len(window.session.document.map.stages) == before + 1
