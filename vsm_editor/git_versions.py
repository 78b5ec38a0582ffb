"""Earlier versions of a map file from git: the list of commits that changed it, and the map
as it was in one of them (for File > Compare With… and ``vsm-editor compare REV:PATH``).

Runs the ``git`` program of the machine, locally only; without git, or outside a work tree,
a file simply has no versions.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path

from vsm_editor.model import AnatomyMap, MapFileError, load_bytes

GIT_TIMEOUT_SECONDS = 60
MAX_VERSIONS = 200
_FIELDS = "%H%x1f%h%x1f%ad%x1f%an%x1f%s"


@dataclass(frozen=True)
class Version:
    """One commit that changed the file."""

    revision: str
    short: str
    date: str
    author: str
    subject: str

    @property
    def label(self) -> str:
        """``short date author: subject`` for lists."""
        return f"{self.short}  {self.date}  {self.author}: {self.subject}"


def run_git(args: list[str], cwd: str | None = None) -> bytes:
    """The standard output of ``git ARGS``. Raises :class:`MapFileError` (named after the
    last argument) with git's first line of complaint."""
    name = args[-1] if args else "git"
    try:
        done = subprocess.run(["git", *args], capture_output=True, cwd=cwd,
                              timeout=GIT_TIMEOUT_SECONDS, check=False)
    except FileNotFoundError:
        raise MapFileError(name, "git is not installed") from None
    except subprocess.TimeoutExpired:
        raise MapFileError(name, "git took too long") from None
    except OSError as err:
        raise MapFileError(name, f"git could not run: {err}") from None
    if done.returncode != 0:
        reason = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise MapFileError(name, reason[0] if reason else f"git exited with {done.returncode}")
    return done.stdout


def file_versions(path: str, limit: int = MAX_VERSIONS) -> list[Version]:
    """The commits that changed ``path``, newest first (empty outside git or without it)."""
    file = Path(path)
    try:
        out = run_git(["log", f"--max-count={limit}", "--date=short", f"--format={_FIELDS}",
                       "--", file.name], cwd=str(file.parent))
    except MapFileError:
        return []
    versions = []
    for line in out.decode("utf-8", "replace").splitlines():
        parts = line.split("\x1f")
        if len(parts) == 5:
            versions.append(Version(*parts))
    return versions


def read_version(path: str, revision: str) -> AnatomyMap:
    """The map ``path`` as committed in ``revision``. Raises :class:`MapFileError` only."""
    file = Path(path)
    spec = f"{revision}:./{file.name}"
    try:
        data = run_git(["show", spec], cwd=str(file.parent))
    except MapFileError as err:
        raise MapFileError(f"{file.name} at {revision[:12]}", err.problem) from None
    return load_bytes(data, f"{file.name} at {revision[:12]}")


__all__ = ["Version", "file_versions", "read_version", "run_git"]
