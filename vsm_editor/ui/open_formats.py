"""Opening BPMN files and SVGs we exported as new, unsaved maps.

File > Open, a drop on the window and ``vsm-editor FILE`` all come through
:meth:`EditorApp.open_path`, which hands ``.bpmn`` and ``.svg`` files to :func:`open_foreign`.
Such a map gets no file of its own: its window remembers where it came from
(``MainWindow.imported_from``), and Save asks for a new ``.vsm.json`` name
(:func:`save_target` makes sure that name is never the BPMN or SVG file).

The questions (which pool, the import report) are small functions tests replace.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from vsm_editor.model import AnatomyMap, MapFileError
from vsm_editor.ui import dialogs

if TYPE_CHECKING:
    from vsm_editor.exporters.bpmn_import import ImportResult
    from vsm_editor.ui.app import EditorApp
    from vsm_editor.ui.main_window import MainWindow

BPMN_SUFFIXES = (".bpmn", ".bpmn20.xml")
SVG_SUFFIXES = (".svg",)
MAX_SVG_BYTES = 256 * 1024 * 1024
MAP_SUFFIX = ".vsm.json"
OPEN_FILTER = (
    "Maps, BPMN and SVG (*.vsm.json *.json *.bpmn *.bpmn20.xml *.svg);;"
    "Value-stream maps (*.vsm.json);;BPMN 2.0 (*.bpmn *.bpmn20.xml);;"
    "SVG exported by vsm-editor (*.svg);;All files (*)"
)


def foreign_kind(path: str) -> str | None:
    """``"bpmn"`` or ``"svg"`` for files opened by import, None for map files."""
    lower = path.lower()
    if lower.endswith(BPMN_SUFFIXES):
        return "bpmn"
    if lower.endswith(SVG_SUFFIXES):
        return "svg"
    return None


def suggested_map_path(source: str) -> str:
    """Where Save proposes to put a map opened from ``source``: same folder, same stem,
    ``.vsm.json`` (``process.bpmn`` → ``process.vsm.json``)."""
    full = Path(source).resolve()
    name = full.name
    for suffix in BPMN_SUFFIXES + SVG_SUFFIXES:
        if name.lower().endswith(suffix):
            name = name[: -len(suffix)]
            break
    return str(full.with_name((name or "imported") + MAP_SUFFIX))


def save_target(chosen: str, source: str | None) -> str:
    """The file Save really writes: ``chosen`` ending in ``.json``, and never the file the
    map was imported from (``x.bpmn`` becomes ``x.bpmn.vsm.json``)."""
    same = source is not None and Path(chosen).resolve() == Path(source).resolve()
    if same or not chosen.lower().endswith(".json"):
        return chosen + MAP_SUFFIX
    return chosen


# ---------------------------------------------------------------- pools
@dataclass(frozen=True)
class Pool:
    """A pool (or a bare process) that can be imported."""

    key: str  # participant id, or process id for a process drawn without a pool
    name: str

    def label(self) -> str:
        return f"{self.name} ({self.key})" if self.name else self.key


def importable_pools(data: bytes, name: str) -> list[Pool]:
    """The pools of a BPMN document that have a process, in file order (MapFileError when
    the file cannot be read as BPMN)."""
    from vsm_editor.exporters.bpmn_import_read import name_of
    from vsm_editor.exporters.bpmn_import_source import bpmn_tag, load_definitions

    root = load_definitions(data, name)
    processes = {p.get("id"): p for p in root.iterchildren(bpmn_tag("process"))}
    pools: list[Pool] = []
    drawn: set[str] = set()
    for collaboration in root.iterchildren(bpmn_tag("collaboration")):
        for participant in collaboration.iterchildren(bpmn_tag("participant")):
            ref = participant.get("processRef")
            if ref in processes:
                drawn.add(ref)
                pools.append(Pool(participant.get("id") or ref, name_of(participant)))
    pools += [Pool(pid, name_of(p)) for pid, p in processes.items() if pid not in drawn]
    return pools


class PoolDialog(QDialog):
    """Which pool to import, when the BPMN file has several."""

    def __init__(self, parent: QWidget | None, file_name: str, pools: list[Pool]) -> None:
        super().__init__(parent)
        self.setWindowTitle("Choose a pool")
        self.pools = pools
        label = QLabel(f"“{file_name}” has {len(pools)} pools. A map holds one value "
                       "stream: choose the pool to import.")
        label.setWordWrap(True)
        self.list = QListWidget()
        self.list.setAccessibleName("Pools")
        self.list.addItems([pool.label() for pool in pools])
        self.list.setCurrentRow(0)
        self.list.itemDoubleClicked.connect(lambda _item: self.accept())
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(self.list)
        layout.addWidget(buttons)

    def chosen(self) -> Pool | None:
        row = self.list.currentRow()
        return self.pools[row] if 0 <= row < len(self.pools) else None


def choose_pool(parent: QWidget | None, file_name: str, pools: list[Pool]) -> str | None:
    """The key of the pool the user picked, or None when they cancelled."""
    dialog = PoolDialog(parent, file_name, pools)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    pool = dialog.chosen()
    return pool.key if pool else None


# ---------------------------------------------------------------- the import report
class ImportReportDialog(QDialog):
    """What the BPMN import could not map exactly, as a readable table."""

    def __init__(self, parent: QWidget | None, result: ImportResult) -> None:
        super().__init__(parent)
        self.setWindowTitle("BPMN import report")
        self.resize(860, 480)
        self.markdown = result.report_markdown()
        self.browser = QTextBrowser()
        self.browser.setAccessibleName("Import report")
        self.browser.setMarkdown(self.markdown)
        summary = QLabel(result.summary() + ". Nothing was dropped silently: "
                         "everything not mapped is listed here.")
        summary.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)
        copy = buttons.addButton("&Copy as Markdown", QDialogButtonBox.ButtonRole.ActionRole)
        copy.clicked.connect(self.copy)
        layout = QVBoxLayout(self)
        layout.addWidget(summary)
        layout.addWidget(self.browser, 1)
        layout.addWidget(buttons)

    def copy(self) -> None:
        from PySide6.QtGui import QGuiApplication

        QGuiApplication.clipboard().setText(self.markdown)


def show_import_report(parent: QWidget | None, result: ImportResult) -> QDialog:
    """Show the report beside the new map's window (only called when it lists something)."""
    dialog = ImportReportDialog(parent, result)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    return dialog


# ---------------------------------------------------------------- loading
def load_foreign(path: str, parent: QWidget | None = None, ask: bool = True
                 ) -> tuple[AnatomyMap, ImportResult | None] | None:
    """The map in a BPMN file (with its import result) or in one of our SVGs; None when
    the user cancelled the choice of pool (``ask=False`` takes the first pool, as the
    command line does). Raises :class:`MapFileError` (one line) when the file is unusable."""
    from vsm_editor.model.fileio import read_limited

    if foreign_kind(path) == "svg":
        from vsm_editor.exporters.svg_import import load_svg_map

        return load_svg_map(read_limited(path, MAX_SVG_BYTES), path), None
    from vsm_editor.exporters.bpmn_import import import_bpmn
    from vsm_editor.exporters.bpmn_import_source import MAX_BPMN_BYTES

    data = read_limited(path, MAX_BPMN_BYTES)
    pools = importable_pools(data, path)
    pool = None
    if len(pools) > 1 and ask:
        pool = choose_pool(parent, Path(path).name, pools)
        if pool is None:
            return None
    result = import_bpmn(data, path, pool)
    return result.anatomy, result


def window_imported_from(editor: EditorApp, path: str) -> MainWindow | None:
    """A window still showing an unsaved import of ``path``."""
    full = str(Path(path).resolve())
    return next((w for w in editor.windows
                 if w.session.path is None and getattr(w, "imported_from", None) == full), None)


def open_foreign(editor: EditorApp, path: str, parent: QWidget | None = None
                 ) -> MainWindow | None:
    """Open a BPMN or SVG file as a new unsaved map (or focus the window that already shows
    its unsaved import); errors are one line in a dialog."""
    existing = window_imported_from(editor, path)
    if existing is not None:
        existing.show()
        existing.raise_()
        existing.activateWindow()
        return existing
    try:
        loaded = load_foreign(path, parent, ask=not editor.self_test)
    except MapFileError as err:
        dialogs.show_error(parent, "Could not open the file", str(err))
        return None
    if loaded is None:
        return None
    anatomy, result = loaded
    window = editor.open_session(anatomy, None)
    window.imported_from = str(Path(path).resolve())
    window.statusBar().showMessage(
        f"Opened {Path(path).name} as a new map; Save asks for a new .vsm.json file.", 8000)
    if result is not None and result.report and not editor.self_test:
        window.import_report = show_import_report(window, result)
    return window
