"""File > Export (SVG, PNG 1× and 2×, PDF, BPMN, JSON, Markdown), File > Print and
Edit > Copy as image, as handlers :class:`MainWindow` inherits from :class:`ExportActions`.

Exports are written atomically (:func:`vsm_editor.model.fileio.write_atomic`), never over the
open map or the file it was imported from; a failure is one line in an error dialog. The
questions (file name, PDF page, print dialog) are small functions tests replace.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QMenu,
    QRadioButton,
    QWidget,
)

from vsm_editor.model import MapFileError
from vsm_editor.ui import dialogs

if TYPE_CHECKING:
    from PySide6.QtPrintSupport import QPrinter

    from vsm_editor.exporters.options import ExportOptions
    from vsm_editor.ui.main_window import MainWindow


@dataclass(frozen=True)
class ExportFormat:
    """One kind of export: file suffix, the function making its bytes, the file filter."""

    suffix: str
    module: str
    function: str
    label: str
    takes_options: bool = False


FORMATS: dict[str, ExportFormat] = {
    "svg": ExportFormat(".svg", "vsm_editor.exporters.svg", "export_svg", "SVG drawing", True),
    "png": ExportFormat(".png", "vsm_editor.ui.raster", "export_png", "PNG picture", True),
    "pdf": ExportFormat(".pdf", "vsm_editor.ui.raster", "export_pdf", "PDF document", True),
    "bpmn": ExportFormat(".bpmn", "vsm_editor.exporters.bpmn", "export_bpmn", "BPMN 2.0"),
    "json": ExportFormat(".anatomy.json", "vsm_editor.exporters.anatomy_json", "export_json",
                         "Anatomy JSON"),
    "md": ExportFormat(".md", "vsm_editor.exporters.markdown", "export_markdown",
                       "Markdown report"),
}


def submenu_for(menus: dict[str, QMenu], key: str) -> QMenu:
    """The submenu named by an action-table key ``"parent>Title"`` (created when first
    asked for, after what the parent menu already holds)."""
    parent_key, title = key.split(">", 1)
    menu = menus[parent_key].addMenu(title)
    menu.setObjectName(f"menu_{title.replace('&', '').lower()}")
    menus[key] = menu
    return menu


def export_bytes(fmt: str, anatomy, options: ExportOptions | None = None) -> bytes:
    """The export of ``anatomy`` in format ``fmt`` (a key of :data:`FORMATS`)."""
    from vsm_editor.exporters.options import ExportOptions

    spec = FORMATS[fmt]
    function = getattr(importlib.import_module(spec.module), spec.function)
    if spec.takes_options:
        return function(anatomy, options or ExportOptions())
    return function(anatomy)


def suggested_path(window: MainWindow, suffix: str) -> str:
    """Next to the map's file (or the file it was imported from), with ``suffix``; the
    stream's name in the home folder for a map never saved."""
    source = window.session.path or getattr(window, "imported_from", None)
    if source:
        full = Path(source)
        name = full.name
        lower = name.lower()
        for known in (".vsm.json", ".bpmn20.xml", ".json", ".bpmn", ".svg"):
            if lower.endswith(known):
                name = name[: -len(known)]
                break
        return str(full.with_name(name + suffix))
    stem = "".join(c if c.isalnum() or c in "-_ " else "_" for c in
                   window.session.document.map.stream.name).strip() or "map"
    return str(Path.home() / (stem + suffix))


# ---------------------------------------------------------------- questions (tests replace)
def choose_export_file(parent: QWidget, title: str, suggested: str, file_filter: str
                       ) -> str | None:
    """The file to export to, or None."""
    path, _ = QFileDialog.getSaveFileName(parent, title, suggested, file_filter)
    return path or None


class PdfOptionsDialog(QDialog):
    """Page size, orientation, legend and title block of a PDF export."""

    PAGES = (("Fit the map (one page, 100 %)", "fit"), ("A4", "a4"), ("A3", "a3"),
             ("US Letter", "letter"))

    def __init__(self, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export PDF")
        self.page = QComboBox()
        self.page.setAccessibleName("Page size")
        for text, key in self.PAGES:
            self.page.addItem(text, key)
        self.portrait = QRadioButton("&Portrait")
        self.landscape = QRadioButton("&Landscape")
        self.landscape.setChecked(True)
        self.legend = QCheckBox("Show the &legend")
        self.legend.setChecked(True)
        self.title_block = QCheckBox("Show the &title block")
        self.title_block.setChecked(True)
        form = QFormLayout(self)
        form.addRow("Page &size:", self.page)
        form.addRow("Orientation:", self.portrait)
        form.addRow("", self.landscape)
        form.addRow("", self.legend)
        form.addRow("", self.title_block)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.page.currentIndexChanged.connect(self._page_changed)
        self._page_changed()

    def _page_changed(self) -> None:
        paper = self.page.currentData() != "fit"
        self.portrait.setEnabled(paper)
        self.landscape.setEnabled(paper)

    def options(self) -> ExportOptions:
        from vsm_editor.exporters.options import ExportOptions

        page = self.page.currentData()
        return ExportOptions(page=page, landscape=page != "fit" and self.landscape.isChecked(),
                             legend=self.legend.isChecked(), title=self.title_block.isChecked())


def ask_pdf_options(parent: QWidget | None) -> ExportOptions | None:
    """The PDF options the user chose, or None when they cancelled."""
    dialog = PdfOptionsDialog(parent)
    return dialog.options() if dialog.exec() == QDialog.DialogCode.Accepted else None


def ask_print(parent: QWidget | None, printer: QPrinter) -> bool:
    """Let the user set up ``printer``; True to print."""
    from PySide6.QtPrintSupport import QPrintDialog

    return QPrintDialog(printer, parent).exec() == QDialog.DialogCode.Accepted


# ---------------------------------------------------------------- doing it
def one_line(text: str, limit: int = 300) -> str:
    flat = " ".join(str(text).split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def export_map(window: MainWindow, fmt: str, options: ExportOptions | None = None
               ) -> Path | None:
    """Ask for a file, then write the map there in format ``fmt``; the file written."""
    spec = FORMATS[fmt]
    scale = f" at {options.scale}×" if options is not None and fmt == "png" else ""
    chosen = choose_export_file(window, f"Export {spec.label}{scale}",
                                suggested_path(window, spec.suffix),
                                f"{spec.label} (*{spec.suffix});;All files (*)")
    if not chosen:
        return None
    target = Path(chosen if chosen.lower().endswith(spec.suffix) or Path(chosen).suffix
                  else chosen + spec.suffix)
    protected = [p for p in (window.session.path, getattr(window, "imported_from", None)) if p]
    if any(target.resolve() == Path(p).resolve() for p in protected):
        dialogs.show_error(window, "Export failed",
                           f"{target.name} is the map's own file; choose another name.")
        return None
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        from vsm_editor.model.fileio import write_atomic

        write_atomic(target, export_bytes(fmt, window.session.document.map, options))
    except MapFileError as err:
        dialogs.show_error(window, "Export failed", one_line(str(err)))
        return None
    except (OSError, ValueError, RuntimeError, MemoryError) as err:
        dialogs.show_error(window, "Export failed", one_line(f"{target.name}: {err}"))
        return None
    finally:
        QApplication.restoreOverrideCursor()
    window.statusBar().showMessage(f"Exported {target.name}", 5000)
    return target


def print_window(window: MainWindow, printer: QPrinter | None = None) -> int:
    """File > Print: the print dialog, then the map on the chosen printer; pages printed."""
    from PySide6.QtPrintSupport import QPrinter

    from vsm_editor.ui.raster import print_map

    printer = printer or QPrinter(QPrinter.PrinterMode.HighResolution)
    if not ask_print(window, printer):
        return 0
    try:
        pages = print_map(window.session.document.map, printer)
    except (OSError, RuntimeError, MemoryError) as err:
        dialogs.show_error(window, "Printing failed", one_line(str(err)))
        return 0
    window.statusBar().showMessage(f"Printed {pages} page{'s' * (pages != 1)}", 5000)
    return pages


class ExportActions:
    """The export, print and copy-as-image handlers of :class:`MainWindow`."""

    def act_export_svg(self: MainWindow) -> None:
        export_map(self, "svg")

    def act_export_png(self: MainWindow) -> None:
        from vsm_editor.exporters.options import ExportOptions

        export_map(self, "png", ExportOptions(scale=1))

    def act_export_png2(self: MainWindow) -> None:
        from vsm_editor.exporters.options import ExportOptions

        export_map(self, "png", ExportOptions(scale=2))

    def act_export_pdf(self: MainWindow) -> None:
        options = ask_pdf_options(self)
        if options is not None:
            export_map(self, "pdf", options)

    def act_export_bpmn(self: MainWindow) -> None:
        export_map(self, "bpmn")

    def act_export_json(self: MainWindow) -> None:
        export_map(self, "json")

    def act_export_md(self: MainWindow) -> None:
        export_map(self, "md")

    def act_print(self: MainWindow) -> None:
        print_window(self)

    def act_copy_image(self: MainWindow) -> None:
        from vsm_editor.ui.raster import copy_map_image

        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            copy_map_image(self.session.document.map)
        finally:
            QApplication.restoreOverrideCursor()
        self.statusBar().showMessage("Copied the map as SVG and PNG", 4000)
