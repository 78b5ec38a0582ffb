"""Autosave to the state folder and crash recovery through lock files.

Each open document owns a key, a :class:`QLockFile` ``<key>.lock`` and, once changed, an
autosaved copy ``<key>.vsm.json`` with ``<key>.meta.json`` naming the original file. The copy
is encoded on the GUI thread in one compact msgspec pass (≈8 ms at 5,000 stages; the indented
``dump_bytes`` takes ≈22 ms) and written by a worker thread. A lock that a dead process left
behind can be taken over: its autosave is an orphan to offer for recovery.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import msgspec
from PySide6.QtCore import QLockFile, QObject, QTimer, Signal

from vsm_editor.model import AnatomyMap, Document, MapFileError, load_bytes
from vsm_editor.model.fileio import write_atomic
from vsm_editor.ui import state

_writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="autosave")


def key_for(path: str | None) -> str:
    """The autosave key of a file (stable per path) or a fresh one for an untitled map."""
    if path is None:
        return "untitled-" + uuid.uuid4().hex[:12]
    return "file-" + hashlib.sha1(str(Path(path).resolve()).encode()).hexdigest()[:16]


class Autosaver(QObject):
    """Writes ``document`` to the state folder ``interval`` ms after the last change."""

    written = Signal(str)  # the autosave path, emitted on the GUI thread after a write

    def __init__(self, document: Document, path: str | None, parent=None) -> None:
        super().__init__(parent)
        self.document = document
        self.path = path
        self.key = key_for(path)
        folder = state.autosave_dir()
        self.lock = QLockFile(str(folder / f"{self.key}.lock"))
        self.lock.setStaleLockTime(0)
        self.locked = self.lock.tryLock(0)
        self._timer = QTimer(self, singleShot=True, interval=state.autosave_interval_ms())
        self._timer.timeout.connect(self.save_now)
        self._pending: Future | None = None
        self._unsubscribe = document.subscribe(lambda _changes: self._timer.start())
        self.dirty_since_save = False

    @property
    def data_path(self) -> Path:
        return state.autosave_dir() / f"{self.key}.vsm.json"

    @property
    def meta_path(self) -> Path:
        return state.autosave_dir() / f"{self.key}.meta.json"

    def rekey(self, path: str) -> None:
        """The document was saved under ``path``: move the lock and autosave to its key."""
        self.discard()
        self.lock.unlock()
        self.path = path
        self.key = key_for(path)
        self.lock = QLockFile(str(state.autosave_dir() / f"{self.key}.lock"))
        self.lock.setStaleLockTime(0)
        self.locked = self.lock.tryLock(0)

    def save_now(self) -> Future:
        """Encode now (GUI thread, compact) and write in the worker thread."""
        self._timer.stop()
        payload = msgspec.json.encode(self.document.map)
        meta = json.dumps({"path": self.path, "name": self.document.map.stream.name}).encode()
        target, meta_target = self.data_path, self.meta_path
        future = _writer.submit(_write_pair, target, payload, meta_target, meta)
        future.add_done_callback(lambda f: self._done(f, str(target)))
        self._pending = future
        return future

    def _done(self, future: Future, target: str) -> None:
        if future.exception() is None:
            QTimer.singleShot(0, self, lambda: self.written.emit(target))

    def pending(self) -> bool:
        """Whether a change is waiting for its autosave."""
        return self._timer.isActive()

    def discard(self) -> None:
        """The document is saved or closed without changes: drop the autosaved copy."""
        self._timer.stop()
        if self._pending is not None:
            self._pending.result()
        for file in (self.data_path, self.meta_path):
            file.unlink(missing_ok=True)

    def close(self) -> None:
        """The window closes: stop, drop the copy and release the lock."""
        self._unsubscribe()
        self.discard()
        self.lock.unlock()


def _write_pair(target: Path, payload: bytes, meta_target: Path, meta: bytes) -> None:
    write_atomic(meta_target, meta)  # meta first: a copy on disk always has its meta
    write_atomic(target, payload)


@dataclass
class Orphan:
    """An autosave left by an editor that did not close normally."""

    key: str
    data_path: Path
    original: str | None
    name: str
    lock: QLockFile

    def load(self) -> AnatomyMap:
        """The autosaved map."""
        return load_bytes(self.data_path.read_bytes(), f"autosave of {self.name}")

    def discard(self) -> None:
        """The user declined recovery: remove the copy."""
        self.data_path.unlink(missing_ok=True)
        self.data_path.with_name(f"{self.key}.meta.json").unlink(missing_ok=True)
        self.release()

    def release(self) -> None:
        self.lock.unlock()


def find_orphans() -> list[Orphan]:
    """Autosaves whose lock is free or stale (their editor died); their locks are now held."""
    found: list[Orphan] = []
    folder = state.autosave_dir()
    for data_path in sorted(folder.glob("*.vsm.json")):
        key = data_path.name[: -len(".vsm.json")]
        lock = QLockFile(str(folder / f"{key}.lock"))
        lock.setStaleLockTime(0)
        if not lock.tryLock(0):
            continue  # another running editor owns it
        try:
            meta = json.loads((folder / f"{key}.meta.json").read_text("utf-8"))
        except (OSError, ValueError):
            meta = {}
        found.append(
            Orphan(key, data_path, meta.get("path"), meta.get("name") or key, lock)
        )
    return found


def recover(orphan: Orphan) -> AnatomyMap | None:
    """Load an orphan's map, or None when the copy is unreadable (then it is removed)."""
    try:
        return orphan.load()
    except (MapFileError, OSError):
        orphan.discard()
        return None
