"""Opening BPMN files and our SVGs: new unsaved maps whose Save never writes over them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent

from vsm_editor.model import dump_bytes, load_map
from vsm_editor.ui import dialogs, open_formats

BPMN_DIR = Path(__file__).resolve().parents[1] / "data" / "bpmn"


@pytest.fixture
def reports(monkeypatch):
    """Import reports shown (instead of a dialog)."""
    shown = []
    monkeypatch.setattr(open_formats, "show_import_report",
                        lambda parent, result: shown.append(result))
    return shown


@pytest.fixture
def copy_of(tmp_path):
    def copy(name: str) -> Path:
        target = tmp_path / name
        target.write_bytes((BPMN_DIR / name).read_bytes())
        return target
    return copy


def test_bpmn_opens_as_a_new_unsaved_map_with_its_report(editor, reports, copy_of, qtbot):
    source = copy_of("order-handling.bpmn")
    window = editor.open_path(str(source))
    qtbot.addWidget(window)
    assert window is not None
    assert window.session.path is None
    assert window.imported_from == str(source.resolve())
    assert len(window.session.document.map.stages) > 0
    assert window.session.document.map.origin.kind == "imported"
    from vsm_editor.exporters.bpmn_import import import_bpmn

    expected = import_bpmn(source.read_bytes(), str(source))
    assert len(reports) == (1 if expected.report else 0)


def test_several_pools_ask_which_one(editor, reports, copy_of, monkeypatch, qtbot):
    source = copy_of("two-pools-message-flows.bpmn")
    data = source.read_bytes()
    pools = open_formats.importable_pools(data, str(source))
    assert len(pools) == 2
    asked = []

    def choose(parent, name, offered):
        asked.append([p.key for p in offered])
        return offered[1].key

    monkeypatch.setattr(open_formats, "choose_pool", choose)
    window = editor.open_path(str(source))
    qtbot.addWidget(window)
    assert asked == [[p.key for p in pools]]
    from vsm_editor.exporters.bpmn_import import import_bpmn

    second = import_bpmn(data, str(source), pools[1].key).anatomy
    first = import_bpmn(data, str(source)).anatomy
    names = [s.name for s in window.session.document.map.stages]
    assert names == [s.name for s in second.stages] != [s.name for s in first.stages]
    # the message flows between the pools are in the report shown
    assert reports and any(item.element_type == "messageFlow" for item in reports[0].report)


def test_cancelling_the_pool_choice_opens_nothing(editor, reports, copy_of, monkeypatch):
    monkeypatch.setattr(open_formats, "choose_pool", lambda parent, name, pools: None)
    assert editor.open_path(str(copy_of("two-pools-message-flows.bpmn"))) is None
    assert editor.windows == []


def test_save_asks_for_a_new_name_and_never_writes_over_the_bpmn(
        editor, reports, copy_of, monkeypatch, qtbot):
    source = copy_of("order-handling.bpmn")
    original = source.read_bytes()
    window = editor.open_path(str(source))
    qtbot.addWidget(window)
    suggested = []

    def choose(parent, proposal):  # the user types the BPMN file's own name
        suggested.append(proposal)
        return str(source)

    monkeypatch.setattr(dialogs, "choose_save_file", choose)
    assert window.act_save() is True
    assert suggested == [str(source.with_name("order-handling.vsm.json"))]
    assert source.read_bytes() == original
    written = Path(str(source) + ".vsm.json")
    assert window.session.path == str(written)
    assert dump_bytes(load_map(written)) == dump_bytes(window.session.document.map)


def test_svg_we_exported_opens_as_the_same_map_and_saves_elsewhere(
        editor, tmp_path, monkeypatch, qtbot):
    from vsm_editor.exporters.svg import export_svg

    from vsm_editor.templates import load_template

    anatomy = load_template("secure-api")
    svg = tmp_path / "secure-api.svg"
    svg.write_bytes(export_svg(anatomy))
    original = svg.read_bytes()
    window = editor.open_path(str(svg))
    qtbot.addWidget(window)
    assert window.session.path is None
    assert dump_bytes(window.session.document.map) == dump_bytes(anatomy)
    target = tmp_path / "chosen.vsm.json"
    monkeypatch.setattr(dialogs, "choose_save_file", lambda parent, proposal: str(target))
    assert window.act_save()
    assert svg.read_bytes() == original
    assert dump_bytes(load_map(target)) == dump_bytes(anatomy)


def test_a_bad_file_shows_one_line_and_opens_nothing(editor, tmp_path):
    broken = tmp_path / "broken.bpmn"
    broken.write_text("<definitions>not closed", "utf-8")
    assert editor.open_path(str(broken)) is None
    assert editor.windows == []
    title, message = editor.shown[-1]
    assert "broken.bpmn" in message and "\n" not in message


def test_opening_the_same_import_again_focuses_its_window(editor, reports, copy_of, qtbot):
    source = copy_of("order-handling.bpmn")
    first = editor.open_path(str(source))
    qtbot.addWidget(first)
    assert editor.open_path(str(source)) is first
    assert len(editor.windows) == 1


def test_a_dropped_bpmn_file_opens(editor, reports, copy_of, qtbot):
    window = editor.new_document()
    qtbot.addWidget(window)
    source = copy_of("gateways-all-kinds.bpmn")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(source))])
    event = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime,
                       Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier)
    window.dropEvent(event)
    assert len(editor.windows) == 2
    assert editor.windows[-1].imported_from == str(source.resolve())


def test_the_open_dialog_offers_bpmn_and_svg():
    first = open_formats.OPEN_FILTER.split(";;")[0]
    for pattern in ("*.vsm.json", "*.bpmn", "*.svg"):
        assert pattern in first


def test_save_target_rules(tmp_path):
    source = str(tmp_path / "p.bpmn")
    assert open_formats.save_target(source, source) == source + ".vsm.json"
    assert open_formats.save_target(str(tmp_path / "x"), source).endswith("x.vsm.json")
    assert open_formats.save_target(str(tmp_path / "x.vsm.json"), source) == str(
        tmp_path / "x.vsm.json")
    assert open_formats.suggested_map_path(str(tmp_path / "Flow.BPMN")).endswith("Flow.vsm.json")


def test_command_line_opens_a_bpmn_file(tmp_path, copy_of):
    source = copy_of("two-pools-message-flows.bpmn")
    report = tmp_path / "report.json"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", VSM_EDITOR_STATE_DIR=str(tmp_path / "s"),
               VSM_EDITOR_SELFTEST_REPORT=str(report), VSM_EDITOR_NO_WELCOME="1")
    done = subprocess.run([sys.executable, "-m", "vsm_editor.cli", str(source), "--self-test"],
                          env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    windows = json.loads(report.read_text("utf-8"))["windows"]
    assert len(windows) == 1 and windows[0]["path"] is None and windows[0]["stages"] > 0
    assert windows[0]["modified"] is False
