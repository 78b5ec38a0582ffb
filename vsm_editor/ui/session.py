"""One open document with everything that belongs to it but is not window chrome: its file,
its command stack, its scene, its autosave and the watch on its file."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject, Signal

from vsm_editor.model import AnatomyMap, Document, dump_bytes, save_map
from vsm_editor.ui.autosave import Autosaver
from vsm_editor.ui.editing import Editing
from vsm_editor.ui.scene import MapScene


def disk_signature(path: str | None) -> tuple[int, int] | None:
    """``(mtime_ns, size)`` of ``path``, or None when it does not exist."""
    if path is None:
        return None
    try:
        info = os.stat(path)
    except OSError:
        return None
    return (info.st_mtime_ns, info.st_size)


#: Stages from which a window shows the map first and analyses it and draws the flow
#: drawings just after (in slices), instead of before it opens.
DEFERRED_FROM = 500
#: Stages from which the P1–P4 markers are filled in just after the map shows.
MARKERS_LATER_FROM = 3000


class Session(QObject):
    """A document, its file and its helpers."""

    modified_changed = Signal(bool)
    changed_on_disk = Signal()

    def __init__(self, anatomy: AnatomyMap, path: str | None, modified: bool = False,
                 checked: bool = False) -> None:
        super().__init__()
        self.document = Document(anatomy, checked)
        self.path = str(Path(path).resolve()) if path else None
        self.editing = Editing(self.document)
        self.scene = MapScene(self.document, markers_later=self.defers_markers())
        self.autosaver = Autosaver(self.document, self.path, self)
        self._forced_modified = modified
        self._was_modified = modified
        self._signature = disk_signature(self.path)
        self._reported: tuple[int, int] | None = None
        self.watcher = QFileSystemWatcher(self)
        self.watcher.fileChanged.connect(self._file_changed)
        self._watch()
        self.editing.on_changed(self._stack_changed)
        if modified:
            self.autosaver.save_now()

    # ------------------------------------------------------------ state
    def defers_side_work(self) -> bool:
        """Whether the analysis and the flow drawings wait until the map is shown."""
        return len(self.document.map.stages) >= DEFERRED_FROM

    def defers_markers(self) -> bool:
        """Whether the stages' P1–P4 markers are filled just after the map is shown: maps
        so big that the window opens zoomed out beyond where markers show."""
        return len(self.document.map.stages) >= MARKERS_LATER_FROM

    def is_modified(self) -> bool:
        """Unsaved changes exist."""
        return self._forced_modified or not self.editing.is_clean()

    def _stack_changed(self) -> None:
        modified = self.is_modified()
        if modified != self._was_modified:
            self._was_modified = modified
            self.modified_changed.emit(modified)

    def display_name(self) -> str:
        """The file name, or the stream's name for an unsaved map."""
        if self.path:
            return Path(self.path).name
        return self.document.map.stream.name or "Untitled"

    # ------------------------------------------------------------ saving
    def save(self, path: str | None = None) -> None:
        """Write the map atomically to ``path`` (or its own file). Raises MapFileError."""
        target = str(Path(path).resolve()) if path else self.path
        assert target is not None
        self.watcher.removePaths(self.watcher.files())
        try:
            save_map(self.document.map, target)
        finally:
            self._signature = disk_signature(target) if Path(target).exists() else self._signature
        if target != self.path:
            self.path = target
            self.autosaver.rekey(target)
        else:
            self.autosaver.discard()
        self._signature = disk_signature(target)
        self._watch()
        self._forced_modified = False
        self.editing.mark_clean()
        self._stack_changed()

    def saved_bytes(self) -> bytes:
        """What Save would write now."""
        return dump_bytes(self.document.map)

    # ------------------------------------------------------------ the file on disk
    def _watch(self) -> None:
        if self.path and Path(self.path).exists():
            self.watcher.addPath(self.path)

    def _file_changed(self, _path: str) -> None:
        current = disk_signature(self.path)
        # editors and git replace files, which drops the watch: watch the new file again
        self._watch()
        if current is not None and current not in (self._signature, self._reported):
            self._reported = current  # ask once per change, but keep the loaded signature
            self.changed_on_disk.emit()

    def disk_changed_since_load(self) -> bool:
        """The file on disk differs from what we loaded or last saved."""
        return self.path is not None and disk_signature(self.path) not in (self._signature, None)

    def close(self) -> None:
        """Release the autosave lock, drop the copy and stop following the document."""
        self.autosaver.close()
        self.scene.detach()
        self.watcher.removePaths(self.watcher.files())
