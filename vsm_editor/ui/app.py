"""The editor application: windows, opening and recovering documents, the exception hook.

``run_editor`` is what ``vsm-editor [FILE]`` calls. The first start opens the ``secure-api``
template, later starts reopen the last file; orphaned autosaves are offered for recovery.

Environment hooks (used by tests and packaging smoke tests):
``VSM_EDITOR_STATE_DIR`` state folder; ``VSM_EDITOR_AUTOSAVE_MS`` autosave delay;
``VSM_EDITOR_TEST_EDIT`` a new name applied to the first stage after start (as a user edit);
``VSM_EDITOR_RECOVER`` ``yes``/``no`` answers the recovery question without a dialog;
``VSM_EDITOR_SELFTEST_REPORT`` a JSON file the self-test writes its findings to (with the
time the window became interactive); ``VSM_EDITOR_NO_WELCOME`` never offers the
getting-started page; single-instance switches: see :mod:`single_instance`.
"""

from __future__ import annotations

import gc
import hashlib
import json
import os
import sys
import time
import traceback
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtGui import QGuiApplication, QIcon, QImage, QPainter, QPixmap
from PySide6.QtWidgets import QApplication, QProgressDialog

from vsm_editor.model import AnatomyMap, MapFileError, dump_bytes, load_map, new_map
from vsm_editor.resources_access import resource_bytes
from vsm_editor.ui import dialogs, state, theme, themes  # the rest on first use (start-up)
from vsm_editor.ui.autosave import find_orphans, recover
from vsm_editor.ui.main_window import APP_NAME, MainWindow
from vsm_editor.ui.outline_accessibility import name_views
from vsm_editor.ui.session import Session

DESKTOP_ID = "io.github.vsm_editor.VsmEditor"

BIG_MAP = 3000  # stages from which opening shows a progress indicator


def settle_heap() -> None:
    """Move everything alive now (the open maps, their scenes and analyses) out of the
    cyclic collector's reach: at 5,000 stages a full collection otherwise walks millions of
    long-lived objects and blocks the event loop for 150-200 ms at random moments while the
    facilitator edits. (Cheap: freezing does not walk the heap.)"""
    gc.freeze()


def release_heap() -> None:
    """After a window closed: let the collector see everything again, and a second later
    collect the closed window's remains and settle the rest (one pause, right after the
    close, instead of many during editing)."""
    gc.unfreeze()
    QTimer.singleShot(1000, _collect_and_settle)


def _collect_and_settle() -> None:
    gc.collect()
    gc.freeze()


class EditorApp:
    """All open windows of this process (one per document)."""

    def __init__(self, qt_app: QApplication, self_test: bool = False) -> None:
        self.qt_app = qt_app
        self.self_test = self_test
        self.windows: list[MainWindow] = []
        self.recovered: list[str] = []

    # ------------------------------------------------------------ windows
    def window_for(self, path: str) -> MainWindow | None:
        """The window showing ``path``, if any."""
        full = str(Path(path).resolve())
        return next((w for w in self.windows if w.session.path == full), None)

    def _open_window(self, session: Session) -> MainWindow:
        window = MainWindow(self, session)
        name_views(window)  # accessible names for docks and views
        if not self.windows:
            window.restore_layout()
        elif self.windows:
            last = self.windows[-1]
            window.resize(last.size())
            window.move(last.pos() + last.rect().topLeft() + self._cascade())
        self.windows.append(window)
        window.show()
        window.view.fit_all()
        settle_heap()
        return window

    @staticmethod
    def _cascade():
        from PySide6.QtCore import QPoint

        return QPoint(28, 28)

    def window_closed(self, window: MainWindow) -> None:
        """Called by a window that is closing for good."""
        window.save_layout()
        window.session.close()
        if window in self.windows:
            self.windows.remove(window)
        release_heap()

    def quit(self) -> None:
        """Close every window (each may ask about unsaved changes)."""
        for window in list(self.windows):
            if not window.close():
                return

    # ------------------------------------------------------------ documents
    def open_session(
        self, anatomy: AnatomyMap, path: str | None, modified: bool = False,
        checked: bool = False,
    ) -> MainWindow:
        """A window for ``anatomy`` (with a progress indicator for big maps); ``checked``
        when it comes straight from ``load_map``, which checked it."""
        progress = None
        if len(anatomy.stages) >= BIG_MAP and not self.self_test:
            progress = QProgressDialog(f"Drawing {len(anatomy.stages)} stages…", "", 0, 0)
            progress.setCancelButton(None)
            progress.setMinimumDuration(0)
            progress.show()
            QCoreApplication.processEvents()
        try:
            return self._open_window(Session(anatomy, path, modified, checked))
        finally:
            if progress is not None:
                progress.close()

    def open_path(self, path: str, parent: MainWindow | None = None) -> MainWindow | None:
        """Open ``path`` in a new window, or focus the window already showing it.
        A file that cannot be loaded shows its one-line error; nothing else changes.
        BPMN files and our SVGs open as new unsaved maps (:mod:`open_formats`)."""
        from vsm_editor.ui import open_formats

        if open_formats.foreign_kind(path):
            return open_formats.open_foreign(self, path, parent)
        existing = self.window_for(path)
        if existing is not None:
            existing.show()
            existing.raise_()
            existing.activateWindow()
            return existing
        try:
            anatomy = load_map(path)
        except MapFileError as err:
            dialogs.show_error(parent, "Could not open the map", str(err))
            state.forget_file(path)
            return None
        window = self.open_session(anatomy, path, checked=True)
        state.remember_file(path)
        return window

    def new_document(self) -> MainWindow:
        return self.open_session(new_map("Untitled stream"), None)

    def new_from_template(self, template_id: str) -> MainWindow | None:
        from vsm_editor.templates import load_template

        try:
            anatomy = load_template(template_id)
        except MapFileError as err:
            dialogs.show_error(None, "Could not open the template", str(err))
            return None
        return self.open_session(anatomy, None)

    def reload(self, window: MainWindow) -> MainWindow | None:
        """Replace ``window``'s document with the file on disk."""
        path = window.session.path
        assert path is not None
        try:
            anatomy = load_map(path)
        except MapFileError as err:
            dialogs.show_error(window, "Could not reload the map", str(err))
            return None
        geometry = window.geometry()
        window._closing_confirmed = True
        window.close()
        fresh = self.open_session(anatomy, path, checked=True)
        fresh.setGeometry(geometry)
        return fresh

    # ------------------------------------------------------------ start
    def start(self, file: str | None) -> None:
        """Recover orphans, then open ``file``, the last file or the default template."""
        self.offer_recovery()
        if file:
            if self.open_path(file) is not None:
                return
        elif self.windows:
            return
        else:
            for recent in state.recent_files():
                if Path(recent).exists() and self.open_path(recent) is not None:
                    return
        if not self.windows:
            self.open_default()

    def open_default(self) -> MainWindow:
        """The ``secure-api`` example (an empty map if templates are missing)."""
        from vsm_editor.templates import DEFAULT_TEMPLATE, load_template

        try:
            anatomy = load_template(DEFAULT_TEMPLATE)
        except (MapFileError, OSError):
            anatomy = new_map("Untitled stream")
        return self.open_session(anatomy, None)

    def offer_recovery(self) -> None:
        """Ask about each autosave an editor left behind when it died."""
        answer = os.environ.get("VSM_EDITOR_RECOVER", "").lower()
        for orphan in find_orphans():
            if answer == "no" or (self.self_test and answer != "yes"):
                orphan.release()
                continue
            if answer != "yes" and not dialogs.ask_recover(None, orphan.original or orphan.name):
                orphan.discard()
                continue
            anatomy = recover(orphan)
            if anatomy is None:
                continue
            orphan.discard()
            self.open_session(anatomy, orphan.original, modified=True)
            self.recovered.append(orphan.original or orphan.name)

    # ------------------------------------------------------------ self-test
    def run_self_test(self) -> int:
        """Render the front window's map into an image; 0 when it worked."""
        window = self.windows[-1]
        QCoreApplication.processEvents()
        self.startup = {"interactive_at": time.time(), "interactive_cpu": time.process_time(),
                        "networkx_before_window": "networkx" in sys.modules}
        scene = window.session.scene
        rect = scene.itemsBoundingRect()
        image = QImage(max(1, min(4000, int(rect.width()))), max(1, min(4000, int(rect.height()))),
                       QImage.Format.Format_ARGB32)
        image.fill(0xFFFFFFFF)
        painter = QPainter(image)
        scene.render(painter, source=rect)
        painter.end()
        grab = window.grab()
        ok = not image.isNull() and not grab.isNull()
        report = os.environ.get("VSM_EDITOR_SELFTEST_REPORT")
        if report:
            Path(report).write_text(json.dumps(self.describe(ok)), "utf-8")
        for open_window in list(self.windows):
            open_window._closing_confirmed = True
            open_window.close()
        return 0 if ok else 1

    def describe(self, ok: bool) -> dict:
        """What the self-test saw (for tests and smoke checks)."""
        return {
            "ok": ok,
            "startup": getattr(self, "startup", None),
            "recovered": self.recovered,
            "windows": [
                {
                    "path": w.session.path,
                    "title": w.windowTitle(),
                    "modified": w.session.is_modified(),
                    "stages": len(w.session.document.map.stages),
                    "sha256": hashlib.sha256(dump_bytes(w.session.document.map)).hexdigest(),
                }
                for w in self.windows
            ],
        }


# ---------------------------------------------------------------- unexpected errors
_in_hook = False


def install_exception_hook(editor: EditorApp) -> None:
    """Log unexpected errors to the state folder, autosave, say so briefly, keep running.

    The dialog opens in the next event-loop turn, never inside the event that failed: an
    error in a paint must not start a modal loop that paints again. While one is pending
    or open, further errors are only logged, and an error repeating itself (a paint that
    fails every time) is logged and told once."""
    last_text = ""

    def show(kind_name: str, value: str, log) -> None:
        global _in_hook
        try:
            parent = editor.windows[-1] if editor.windows else None
            dialogs.show_error(
                parent, "Unexpected error",
                f"Something went wrong: {kind_name}: {value}\n\n"
                f"Your map is still open and autosaved. Details: {log}",
            )
        finally:
            _in_hook = False

    def hook(kind, value, tb) -> None:
        global _in_hook
        nonlocal last_text
        text = "".join(traceback.format_exception(kind, value, tb))
        log = state.log_path()
        if text == last_text:  # the same error again (a paint failing each time): told
            return
        last_text = text
        try:
            with open(log, "a", encoding="utf-8") as handle:
                handle.write(f"--- {time.strftime('%Y-%m-%d %H:%M:%S')}\n{text}\n")
        except OSError:
            sys.__stderr__.write(text)
        if _in_hook:
            return
        _in_hook = True
        try:
            for window in editor.windows:
                if window.session.is_modified():
                    window.session.autosaver.save_now()
        finally:
            QTimer.singleShot(0, lambda: show(kind.__name__, str(value), log))

    sys.excepthook = hook


def _apply_test_edit(editor: EditorApp) -> None:
    """``VSM_EDITOR_TEST_EDIT``: rename the first stage through the normal edit path."""
    name = os.environ.get("VSM_EDITOR_TEST_EDIT")
    if not name or not editor.windows:
        return
    window = editor.windows[-1]
    stages = window.session.document.map.stages
    if stages:
        window.session.editing.rename(stages[0].id, name)
    else:
        window.view.add_stage_in_view()


def run_editor(file: str | None, self_test: bool) -> int:
    """Open the editor on ``file`` (or the last file, or the example); the exit code."""
    qt_app = QApplication.instance() or QApplication(sys.argv[:1])
    QCoreApplication.setOrganizationName(APP_NAME)
    QCoreApplication.setApplicationName(APP_NAME)
    QGuiApplication.setDesktopFileName(DESKTOP_ID)  # matches packaging/linux/<id>.desktop
    from vsm_editor.ui import help_menu, single_instance

    server = None
    if single_instance.enabled(self_test):  # a running editor opens the file and we are done
        forwarded, server = single_instance.forward_or_serve(
            [file] if file else [], lambda files: single_instance.open_in_editor(editor, files))
        if forwarded:
            print(f"vsm-editor: {'opened ' + file if file else 'raised'} in the running editor",
                  file=sys.stderr)
            return 0
    qt_app.setWindowIcon(QIcon(QPixmap.fromImage(QImage.fromData(
        resource_bytes("icons", "vsm-editor-256.png")))))
    theme.load_fonts()
    themes.install(qt_app)
    editor = EditorApp(qt_app, self_test)
    editor.instance_server = server
    install_exception_hook(editor)
    editor.start(file)
    if self_test:
        return editor.run_self_test()
    QTimer.singleShot(0, lambda: help_menu.offer_getting_started(editor.windows[-1])
                      if editor.windows else None)
    QTimer.singleShot(0, lambda: _apply_test_edit(editor))
    return qt_app.exec()
