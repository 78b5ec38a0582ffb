"""One editor per user: ``vsm-editor FILE`` (a double-click) while the editor runs opens FILE
in the running editor and exits 0.

The first editor listens on a local socket named per user (and per state folder, so a
portable install or a test with its own ``VSM_EDITOR_STATE_DIR`` is its own instance).
A later process connects, sends one JSON line ``{"files": [absolute paths]}``, waits for
``ok`` and exits; the running editor opens each file (a new window, or it raises the window
already showing it) and, given no file, raises its front window.

A socket file left by an editor that crashed is removed before listening again.

Environment: ``VSM_EDITOR_SINGLE_INSTANCE=off`` opts out (``--self-test`` always does);
``VSM_EDITOR_INSTANCE_NAME`` names a private server (tests); ``VSM_EDITOR_INSTANCE_LOG`` a
file the running editor appends a JSON line to when it starts listening and after each
request (what it opened, which windows it has).
"""

from __future__ import annotations

import getpass
import hashlib
import json
import os
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtNetwork import QAbstractSocket, QLocalServer, QLocalSocket

if TYPE_CHECKING:
    from vsm_editor.ui.app import EditorApp

ENV_SWITCH = "VSM_EDITOR_SINGLE_INSTANCE"
ENV_NAME = "VSM_EDITOR_INSTANCE_NAME"
ENV_LOG = "VSM_EDITOR_INSTANCE_LOG"
CONNECT_MS = 500
ANSWER_MS = 5000
MAX_REQUEST = 1024 * 1024


def enabled(self_test: bool = False) -> bool:
    """Whether this process takes part (not in a self-test, not when switched off)."""
    switch = os.environ.get(ENV_SWITCH, "").strip().lower()
    return not self_test and switch not in ("off", "0", "no", "false")


def user_key() -> str:
    """The user's id (the login name where there is no numeric id)."""
    if hasattr(os, "getuid"):
        return str(os.getuid())
    try:
        name = getpass.getuser()
    except (OSError, KeyError):
        name = "user"
    return hashlib.sha256(name.encode("utf-8")).hexdigest()[:12]


def server_name() -> str:
    """``vsm-editor-<uid>``, plus a hash of ``VSM_EDITOR_STATE_DIR`` when that is set;
    ``VSM_EDITOR_INSTANCE_NAME`` replaces it all."""
    explicit = os.environ.get(ENV_NAME, "").strip()
    if explicit:
        return explicit
    name = f"vsm-editor-{user_key()}"
    folder = os.environ.get("VSM_EDITOR_STATE_DIR")
    if folder:
        digest = hashlib.sha256(str(Path(folder).resolve()).encode("utf-8")).hexdigest()
        name += f"-{digest[:10]}"
    return name


def request_bytes(files: Sequence[str]) -> bytes:
    """The message a second process sends: absolute paths, one JSON line."""
    absolute = [str(Path(f).absolute()) for f in files]
    return json.dumps({"files": absolute}).encode("utf-8") + b"\n"


def parse_request(data: bytes) -> list[str]:
    """The file paths of a request (ValueError when it is not one)."""
    message = json.loads(data.decode("utf-8"))
    files = message.get("files") if isinstance(message, dict) else None
    if not isinstance(files, list) or not all(isinstance(f, str) for f in files):
        raise ValueError("not a vsm-editor request")
    return files


def send_to_running(files: Sequence[str], name: str | None = None) -> bool | None:
    """Hand ``files`` to a running editor: True when it took them, None when no editor
    listens, False when one listens but did not answer."""
    socket = QLocalSocket()
    socket.connectToServer(name or server_name())
    if not socket.waitForConnected(CONNECT_MS):
        return None
    socket.write(request_bytes(files))
    if socket.bytesToWrite():
        socket.waitForBytesWritten(ANSWER_MS)  # False too when flushed at once: no verdict
    deadline = time.monotonic() + ANSWER_MS / 1000
    answer = b""
    while b"\n" not in answer and time.monotonic() < deadline:
        if socket.bytesAvailable() or socket.waitForReadyRead(100):
            answer += bytes(socket.readAll().data())
        elif socket.state() != QLocalSocket.LocalSocketState.ConnectedState:
            break
    socket.disconnectFromServer()
    return answer.startswith(b"ok")


class InstanceServer(QObject):
    """The running editor's end: takes requests and hands their files to ``on_files``."""

    def __init__(self, on_files: Callable[[list[str]], object], name: str | None = None
                 ) -> None:
        super().__init__()
        self.name = name or server_name()
        self.on_files = on_files
        # No UserAccessOption: with it Qt silently replaces a live server's socket file,
        # while without it a taken name fails with AddressInUseError. Our own
        # chmod (see listen) keeps other users out instead.
        self.server = QLocalServer(self)
        self.server.newConnection.connect(self._accept)
        self._buffers: dict[QLocalSocket, bytes] = {}

    def listen(self) -> bool:
        """Start listening; a stale socket from a crashed editor is removed first.
        False when another live editor holds the name."""
        if self._listen():
            self._log({"listening": self.name, "pid": os.getpid()})
            return True
        if self.server.serverError() != QAbstractSocket.SocketError.AddressInUseError:
            return False
        if send_probe(self.name):  # a live editor answers: do not steal its name
            return False
        QLocalServer.removeServer(self.name)
        if not self._listen():
            return False
        self._log({"listening": self.name, "pid": os.getpid(), "stale_removed": True})
        return True

    def _listen(self) -> bool:
        if not self.server.listen(self.name):
            return False
        socket_file = self.server.fullServerName()
        if os.path.exists(socket_file):  # a Unix socket file: this user only
            os.chmod(socket_file, 0o600)
        return True

    def close(self) -> None:
        self.server.close()

    def _accept(self) -> None:
        while self.server.hasPendingConnections():
            socket = self.server.nextPendingConnection()
            self._buffers[socket] = b""
            socket.readyRead.connect(lambda s=socket: self._read(s))
            socket.disconnected.connect(lambda s=socket: self._forget(s))

    def _forget(self, socket: QLocalSocket) -> None:
        self._buffers.pop(socket, None)
        socket.deleteLater()

    def _read(self, socket: QLocalSocket) -> None:
        data = self._buffers.get(socket, b"") + bytes(socket.readAll().data())
        if len(data) > MAX_REQUEST:
            socket.abort()
            return
        self._buffers[socket] = data
        if b"\n" not in data:
            return
        line = data.split(b"\n", 1)[0]
        try:
            files = parse_request(line)
        except ValueError:
            socket.write(b"error\n")
            socket.flush()
            socket.disconnectFromServer()
            return
        socket.write(b"ok\n")
        socket.flush()
        # after answering, from the event loop: opening may ask questions (modal dialogs)
        QTimer.singleShot(0, lambda: self._handle(files))

    def _handle(self, files: list[str]) -> None:
        windows = self.on_files(files)
        self._log({"files": files, "windows": windows})

    def _log(self, entry: dict) -> None:
        path = os.environ.get(ENV_LOG)
        if not path:
            return
        with open(path, "a", encoding="utf-8") as handle:
            handle.write(json.dumps(entry) + "\n")


def send_probe(name: str) -> bool:
    """Whether a live server accepts connections on ``name`` (a crashed editor's socket
    file refuses them). Sends nothing, so the running editor does nothing."""
    socket = QLocalSocket()
    socket.connectToServer(name)
    live = socket.waitForConnected(CONNECT_MS)
    socket.abort()
    return live


def forward_or_serve(files: Sequence[str], on_files: Callable[[list[str]], object]
                     ) -> tuple[bool, InstanceServer | None]:
    """``(True, None)`` when a running editor took ``files``; else ``(False, server)`` with
    this process now listening, or ``(False, None)`` when it can do neither (a running
    editor that does not answer): then this process runs on its own."""
    for _attempt in range(2):
        if send_to_running(files):
            return True, None
        server = InstanceServer(on_files)
        if server.listen():
            return False, server
    return False, None


def open_in_editor(editor: EditorApp, files: list[str]) -> list[str | None]:
    """Open each file in ``editor`` (a new window, or raise the one showing it); with no
    file, raise the front window. The paths of the editor's windows afterwards."""
    target = None
    for path in files:
        target = editor.open_path(path) or target
    if target is None and editor.windows:
        target = editor.windows[-1]
    if target is not None:
        target.setWindowState((target.windowState() & ~Qt.WindowState.WindowMinimized)
                              | Qt.WindowState.WindowActive)
        target.show()
        target.raise_()
        target.activateWindow()
    return [window.session.path for window in editor.windows]
