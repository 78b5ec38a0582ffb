"""The editor's questions and notices, each one small function (tests replace them)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QGraphicsView,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

FILE_FILTER = "Value-stream maps (*.vsm.json);;JSON files (*.json);;All files (*)"
SB = QMessageBox.StandardButton


def ask_save_changes(parent: QWidget, name: str) -> str:
    """``save``, ``discard`` or ``cancel`` for a document with unsaved changes."""
    answer = QMessageBox.question(
        parent, "Unsaved changes", f"Save the changes to “{name}” before closing?",
        SB.Save | SB.Discard | SB.Cancel, SB.Save,
    )
    return {SB.Save: "save", SB.Discard: "discard"}.get(answer, "cancel")


def ask_reload(parent: QWidget, name: str, modified: bool) -> bool:
    """The file changed on disk: reload it? (Never decided silently.)"""
    extra = " Your unsaved changes here would be lost." if modified else ""
    answer = QMessageBox.question(
        parent, "File changed on disk",
        f"“{name}” was changed by another program.{extra} Reload it from disk?",
        SB.Yes | SB.No, SB.No if modified else SB.Yes,
    )
    return answer == SB.Yes


def ask_overwrite_changed(parent: QWidget, name: str) -> bool:
    """Saving would replace a newer version on disk: go ahead?"""
    answer = QMessageBox.warning(
        parent, "File changed on disk",
        f"“{name}” was changed on disk since you opened it. Replace it with your version?",
        SB.Save | SB.Cancel, SB.Cancel,
    )
    return answer == SB.Save


def ask_recover(parent: QWidget | None, name: str) -> bool:
    """An autosave from an editor that did not close normally: recover it?"""
    answer = QMessageBox.question(
        parent, "Recover unsaved changes",
        f"The editor closed unexpectedly while “{name}” had unsaved changes. Recover them?",
        SB.Yes | SB.No, SB.Yes,
    )
    return answer == SB.Yes


def show_error(parent: QWidget | None, title: str, message: str) -> None:
    """A short error notice; the app keeps running."""
    QMessageBox.critical(parent, title, message)


def show_info(parent: QWidget | None, title: str, message: str) -> None:
    QMessageBox.information(parent, title, message)


def choose_open_file(parent: QWidget, folder: str = "") -> str | None:
    """A map, a BPMN file or an SVG we exported (the last two open as new maps)."""
    from vsm_editor.ui.open_formats import OPEN_FILTER

    path, _ = QFileDialog.getOpenFileName(parent, "Open map", folder, OPEN_FILTER)
    return path or None


def choose_save_file(parent: QWidget, suggested: str) -> str | None:
    path, _ = QFileDialog.getSaveFileName(parent, "Save map as", suggested, FILE_FILTER)
    if path and not path.endswith(".json"):
        path += ".vsm.json"
    return path or None


class TemplateDialog(QDialog):
    """Pick a template, seeing a preview of each before creating the map."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from vsm_editor.templates import template_ids

        self.setWindowTitle("New from template")
        self.resize(900, 520)
        self.templates = QListWidget()
        self.templates.addItems(template_ids())
        self.caption = QLabel()
        self.caption.setWordWrap(True)
        self.preview = QGraphicsView()
        self.preview.setInteractive(False)
        self._scene = None
        choices = QDialogButtonBox.StandardButton
        buttons = QDialogButtonBox(choices.Ok | choices.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        right = QVBoxLayout()
        right.addWidget(self.preview, 1)
        right.addWidget(self.caption)
        row = QHBoxLayout()
        row.addWidget(self.templates, 1)
        row.addLayout(right, 3)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(buttons)
        self.templates.currentTextChanged.connect(self.show_preview)
        if self.templates.count():
            self.templates.setCurrentRow(0)

    def show_preview(self, template_id: str) -> None:
        """Draw the template in the preview pane."""
        from vsm_editor.model import Document
        from vsm_editor.templates import load_template
        from vsm_editor.ui.scene import MapScene

        if not template_id:
            return
        anatomy = load_template(template_id)
        if self._scene is not None:
            self._scene.detach()
        self._scene = MapScene(Document(anatomy), self)
        self.preview.setScene(self._scene)
        self.preview.fitInView(self._scene.itemsBoundingRect(), Qt.AspectRatioMode.KeepAspectRatio)
        self.caption.setText(
            f"<b>{anatomy.stream.name}</b> — {len(anatomy.stages)} stages, "
            f"{len(anatomy.lanes)} lanes. {anatomy.stream.description}"
        )

    def selected(self) -> str | None:
        item = self.templates.currentItem()
        return item.text() if item else None


def choose_template(parent: QWidget) -> str | None:
    """The template id the user picked, or None."""
    dialog = TemplateDialog(parent)
    return dialog.selected() if dialog.exec() == QDialog.DialogCode.Accepted else None
