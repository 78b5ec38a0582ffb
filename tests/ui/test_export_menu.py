"""File > Export, File > Print and Edit > Copy as image from the window."""

from __future__ import annotations

import json
import re

import pytest
from PySide6.QtGui import QGuiApplication, QImage
from PySide6.QtPrintSupport import QPrinter
from vsm_editor.exporters.options import ExportOptions

from vsm_editor.ui import export_menu


@pytest.fixture
def window(editor, qtbot):
    from vsm_editor.templates import load_template

    win = editor.open_session(load_template("secure-api"), None)
    qtbot.addWidget(win)
    return win


@pytest.fixture
def export_to(monkeypatch, tmp_path):
    """Answer the file dialog with ``tmp_path / name``; records the proposals."""
    proposals = []

    def answer(name):
        def choose(parent, title, suggested, file_filter):
            proposals.append((title, suggested, file_filter))
            return str(tmp_path / name)
        monkeypatch.setattr(export_menu, "choose_export_file", choose)
        return tmp_path / name

    answer.proposals = proposals
    return answer


CHECKS = {
    "svg": ("map.svg", lambda data: b"<svg" in data[:400] and b"</svg>" in data[-20:]),
    "bpmn": ("map.bpmn", lambda data: b"definitions" in data[:600]),
    "json": ("map.anatomy.json", lambda data: json.loads(data)["stream"]["name"]),
    "md": ("map.md", lambda data: data.startswith(b"#")),
    "png": ("map.png", lambda data: data.startswith(b"\x89PNG")),
}


@pytest.mark.parametrize("fmt", sorted(CHECKS))
def test_each_export_writes_its_format(window, export_to, fmt):
    name, check = CHECKS[fmt]
    target = export_to(name)
    getattr(window, f"act_export_{fmt}")()
    assert target.exists()
    assert check(target.read_bytes())
    title, suggested, file_filter = export_to.proposals[0]
    assert suggested.endswith(export_menu.FORMATS[fmt].suffix)
    assert f"*{export_menu.FORMATS[fmt].suffix}" in file_filter


def test_png_at_2x_has_twice_the_pixels_per_side(window, export_to):
    one = export_to("one.png")
    window.act_export_png()
    two = export_to("two.png")
    window.act_export_png2()
    a, b = QImage(str(one)), QImage(str(two))
    assert not a.isNull() and not b.isNull()
    assert abs(b.width() - 2 * a.width()) <= 2 and abs(b.height() - 2 * a.height()) <= 2


def _media_boxes(pdf: bytes) -> list[tuple[float, float]]:
    found = re.findall(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]", pdf)
    return [(float(w), float(h)) for w, h in found]


def test_pdf_uses_the_page_options(window, export_to, monkeypatch):
    monkeypatch.setattr(export_menu, "ask_pdf_options",
                        lambda parent: ExportOptions(page="a4", landscape=True))
    target = export_to("map.pdf")
    window.act_export_pdf()
    data = target.read_bytes()
    assert data.startswith(b"%PDF")
    boxes = _media_boxes(data)
    assert boxes and all(abs(w - 841.9) < 2 and abs(h - 595.3) < 2 for w, h in boxes)


def test_cancelled_pdf_options_write_nothing(window, export_to, monkeypatch, tmp_path):
    monkeypatch.setattr(export_menu, "ask_pdf_options", lambda parent: None)
    target = export_to("map.pdf")
    window.act_export_pdf()
    assert not target.exists()


def test_pdf_dialog_options(window, qtbot):
    dialog = export_menu.PdfOptionsDialog(window)
    qtbot.addWidget(dialog)
    assert dialog.options().page == "fit" and not dialog.landscape.isEnabled()
    dialog.page.setCurrentIndex(dialog.page.findData("a3"))
    dialog.portrait.setChecked(True)
    dialog.legend.setChecked(False)
    options = dialog.options()
    assert (options.page, options.landscape, options.legend, options.title) == (
        "a3", False, False, True)


def test_a_failed_export_is_one_line(window, editor, monkeypatch, tmp_path):
    missing = tmp_path / "no" / "such" / "folder" / "map.svg"
    monkeypatch.setattr(export_menu, "choose_export_file", lambda *a: str(missing))
    assert export_menu.export_map(window, "svg") is None
    title, message = editor.shown[-1]
    assert title == "Export failed" and "\n" not in message and "map.svg" in message


def test_export_never_replaces_the_map_file(editor, tmp_path, monkeypatch, qtbot):
    from vsm_editor.model import dump_bytes, new_map

    path = tmp_path / "m.json"
    path.write_bytes(dump_bytes(new_map("M")))
    window = editor.open_path(str(path))
    qtbot.addWidget(window)
    before = path.read_bytes()
    monkeypatch.setattr(export_menu, "choose_export_file", lambda *a: str(path))
    assert export_menu.export_map(window, "json") is None
    assert path.read_bytes() == before
    assert editor.shown[-1][0] == "Export failed"


def test_copy_as_image_puts_svg_and_png_on_the_clipboard(window):
    QGuiApplication.clipboard().clear()
    window.act_copy_image()
    mime = QGuiApplication.clipboard().mimeData()
    assert "image/svg+xml" in mime.formats() and "image/png" in mime.formats()
    assert bytes(mime.data("image/png").data()).startswith(b"\x89PNG")
    assert b"<svg" in bytes(mime.data("image/svg+xml").data())[:400]


def test_print_goes_through_the_printer(window, monkeypatch, tmp_path):
    asked = []
    monkeypatch.setattr(export_menu, "ask_print",
                        lambda parent, printer: asked.append(printer) or True)
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    out = tmp_path / "printed.pdf"
    printer.setOutputFileName(str(out))
    pages = export_menu.print_window(window, printer)
    assert asked == [printer]
    assert pages >= 1
    data = out.read_bytes()
    assert data.startswith(b"%PDF")
    assert len(re.findall(rb"/Type\s*/Page\b", data)) == pages


def test_cancelled_print_prints_nothing(window, monkeypatch, tmp_path):
    monkeypatch.setattr(export_menu, "ask_print", lambda parent, printer: False)
    printer = QPrinter()
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "none.pdf"))
    assert export_menu.print_window(window, printer) == 0
    assert not (tmp_path / "none.pdf").exists()


def test_file_menu_has_the_export_submenu(window):
    export = window.menus["file>&Export"]
    texts = [a.text() for a in export.actions()]
    assert texts == ["&SVG…", "&PNG…", "PNG at &2×…", "P&DF…", "&BPMN…", "&JSON…",
                     "&Markdown…"]
    file_items = [a for a in window.menus["file"].actions()]
    assert export.menuAction() in file_items
    assert window.actions_by_name["print"] in file_items
    assert window.actions_by_name["copy_image"] in window.menus["edit"].actions()
