"""Cut, copy, paste and duplicate stages through the system clipboard.

Copying puts two things on the clipboard: the :class:`Clipboard` payload under its own
MIME type (so another vsm-editor window can paste the stages with their handoffs, lanes and
catalogue items) and the stages' names as plain text lines for other applications. Paste
takes the payload when there is one, else plain text lines become stages (fast capture).
Each edit is one undo step; the status bar says which catalogue items were re-linked and
which were added, so nothing is duplicated silently.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QMimeData, QObject
from PySide6.QtGui import QGuiApplication

from vsm_editor.commands import CLIPBOARD_MIME, Clipboard
from vsm_editor.ui.capture import CaptureController
from vsm_editor.ui.clipboard_place import catalogue_effect, paste_offset
from vsm_editor.ui.items import StageItem

if TYPE_CHECKING:
    from vsm_editor.ui.view import MapView


def mime_for(clip: Clipboard) -> QMimeData:
    """The payload and the stages' names, one a line."""
    data = QMimeData()
    data.setData(CLIPBOARD_MIME, clip.to_bytes())
    data.setText(clip.text())
    return data


def payload_of(data: QMimeData | None) -> Clipboard | None:
    """The vsm-editor payload in ``data``, or None when there is none (or it is damaged)."""
    if data is None or not data.hasFormat(CLIPBOARD_MIME):
        return None
    try:
        return Clipboard.from_bytes(bytes(data.data(CLIPBOARD_MIME).data()))
    except ValueError:
        return None


def _stages(count: int) -> str:
    return f"{count} stage{'s' if count != 1 else ''}"


class ClipboardController(QObject):
    """Clipboard commands of one window's canvas."""

    def __init__(self, view: MapView, capture: CaptureController) -> None:
        super().__init__(view)
        self.view = view
        self.capture = capture
        self.scene = view.map_scene
        self.modeling = view.editing.modeling
        self.document = view.editing.document

    def _selection(self, verb: str) -> list[str]:
        ids = [i.element_id for i in self.scene.selectedItems() if isinstance(i, StageItem)]
        if not ids:
            self.view.refuse(f"Select the stages to {verb}.")
        return ids

    def _say(self, text: str) -> None:
        self.view.message.emit(text)

    def copy(self) -> Clipboard | None:
        """Put the selected stages on the clipboard (payload and names)."""
        self.capture.commit_name()
        ids = self._selection("copy")
        if not ids:
            return None
        clip = self.modeling.copy(ids)
        QGuiApplication.clipboard().setMimeData(mime_for(clip))
        self._say(f"Copied {_stages(len(clip.stages))}.")
        return clip

    def cut(self) -> Clipboard | None:
        """Copy the selected stages, then delete them (one undo step)."""
        self.capture.commit_name()
        ids = self._selection("cut")
        if not ids:
            return None
        clip = self.modeling.copy(ids)
        if self.capture.attempt(lambda: self.modeling.cut(ids)) is None:
            return None
        QGuiApplication.clipboard().setMimeData(mime_for(clip))
        self._say(f"Cut {_stages(len(clip.stages))}.")
        return clip

    def paste(self) -> list[str]:
        """Paste stages from vsm-editor, or text lines as stages; returns the new ids."""
        self.capture.commit_name()
        data = QGuiApplication.clipboard().mimeData()
        clip = payload_of(data)
        if clip is not None:
            return self.paste_payload(clip)
        if data is not None and data.hasText() and data.text().strip():
            return self.capture.paste_lines(data.text())
        self.view.refuse("The clipboard holds nothing to paste.")
        return []

    def paste_payload(self, clip: Clipboard, step: str = "Paste") -> list[str]:
        """Insert ``clip`` at the first free place at or right of where it was copied."""
        effect = catalogue_effect(self.document, clip)
        dx = paste_offset(self.document.map, clip)
        ids = self.capture.attempt(lambda: self.modeling.paste(clip, dx, 0.0, step))
        if not ids:
            return []
        self.scene.select_ids(ids)
        self.view.ensureVisible(self.scene.stages[ids[0]], 60, 60)
        done = f"{'Pasted' if step == 'Paste' else 'Duplicated'} {_stages(len(ids))}"
        extra = effect.sentence()
        self._say(f"{done}; {extra}." if extra else f"{done}.")
        return ids

    def duplicate(self) -> list[str]:
        """Copy and paste the selected stages in this map (sharing catalogue items), without
        touching the clipboard."""
        self.capture.commit_name()
        ids = self._selection("duplicate")
        if not ids:
            return []
        return self.paste_payload(self.modeling.copy(ids), "Duplicate")
