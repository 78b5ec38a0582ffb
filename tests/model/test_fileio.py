"""Reading and writing map files: file-system problems and atomic, mode-keeping saves."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

import pytest

from vsm_editor.model import (
    AnatomyMap,
    Lane,
    MapFileError,
    Stage,
    Stream,
    dump_bytes,
    fileio,
    load_map,
    save_map,
)

RUNNING_AS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def small_map(name: str = "Intake") -> AnatomyMap:
    return AnatomyMap(
        format="vsm-anatomy",
        version=1,
        stream=Stream(id="vs_a", name=name),
        lanes=[Lane(id="ln_a", name="Front desk")],
        stages=[Stage(id="st_a", name="Receive", lane="ln_a")],
    )


def _error_of(call, *args) -> str:
    with pytest.raises(MapFileError) as caught:
        call(*args)
    message = str(caught.value)
    assert "\n" not in message
    return message


def _leftovers(folder: Path, keep: set[str]) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name not in keep)


# ------------------------------------------------------------------ loading
def test_load_accepts_str_and_path(tmp_path):
    path = tmp_path / "m.vsm.json"
    save_map(small_map(), path)
    assert load_map(path) == load_map(str(path)) == small_map()


def test_missing_file(tmp_path):
    path = tmp_path / "nothing.vsm.json"
    assert _error_of(load_map, path) == f"{path}: no such file"


def test_a_folder_is_not_a_map(tmp_path):
    assert _error_of(load_map, tmp_path) == f"{tmp_path}: is a folder, not a map file"


def test_no_permission_is_reported(tmp_path, monkeypatch):
    """Runs everywhere: the read itself is made to fail as it would for a normal user."""
    path = tmp_path / "locked.vsm.json"
    save_map(small_map(), path)

    def refuse(self, *args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied", str(self))

    monkeypatch.setattr(Path, "open", refuse)
    assert _error_of(load_map, path) == f"{path}: permission denied"


@pytest.mark.skipif(RUNNING_AS_ROOT, reason="root reads files whatever their mode; the "
                    "monkeypatched test above covers permission handling")
def test_no_permission_for_real(tmp_path):
    path = tmp_path / "locked.vsm.json"
    save_map(small_map(), path)
    path.chmod(0)
    try:
        assert _error_of(load_map, path) == f"{path}: permission denied"
    finally:
        path.chmod(0o644)


def test_other_os_errors_give_their_plain_reason(tmp_path, monkeypatch):
    path = tmp_path / "flaky.vsm.json"
    save_map(small_map(), path)

    def broken(self, *args, **kwargs):
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(Path, "open", broken)
    assert _error_of(load_map, path) == f"{path}: Input/output error"


def test_huge_file_is_refused_without_reading_it(tmp_path, monkeypatch):
    path = tmp_path / "huge.vsm.json"
    save_map(small_map(), path)
    monkeypatch.setattr(fileio, "MAX_FILE_BYTES", 64)

    def must_not_read(self, *args, **kwargs):
        raise AssertionError("read a file that is over the limit")

    monkeypatch.setattr(Path, "open", must_not_read)
    assert _error_of(load_map, path) == f"{path}: is larger than 64 bytes; refused"


def test_empty_file_names_the_file(tmp_path):
    path = tmp_path / "empty.vsm.json"
    path.write_bytes(b"")
    assert _error_of(load_map, path) == f"{path}: the file is empty"


def test_newer_version_is_refused_with_a_clear_message(tmp_path):
    path = tmp_path / "future.vsm.json"
    path.write_bytes(dump_bytes(small_map()).replace(b'"version": 1', b'"version": 2'))
    assert _error_of(load_map, path) == (
        f"{path}: version: was made by a newer vsm-editor (format version 2; this version "
        "reads up to 1); please update"
    )


def test_wrong_type_in_a_file_names_file_and_location(tmp_path):
    path = tmp_path / "typed.vsm.json"
    path.write_bytes(dump_bytes(small_map()).replace(b'"name": "Receive"', b'"name": 42'))
    assert _error_of(load_map, path) == f"{path}: stages[0].name: expected a string, got 42"


# ------------------------------------------------------------------ saving
def test_save_writes_the_canonical_bytes(tmp_path):
    path = tmp_path / "m.vsm.json"
    save_map(small_map(), path)
    assert path.read_bytes() == dump_bytes(small_map())
    assert _leftovers(tmp_path, {"m.vsm.json"}) == []


def test_save_replaces_an_existing_file(tmp_path):
    path = tmp_path / "m.vsm.json"
    save_map(small_map("Old"), path)
    save_map(small_map("New"), path)
    assert load_map(path).stream.name == "New"


@pytest.mark.parametrize("mode", [0o600, 0o640, 0o664, 0o755])
def test_save_keeps_the_file_mode(tmp_path, mode):
    path = tmp_path / "m.vsm.json"
    save_map(small_map("Old"), path)
    path.chmod(mode)
    save_map(small_map("New"), path)
    assert stat.S_IMODE(path.stat().st_mode) == mode
    assert load_map(path).stream.name == "New"


def test_a_new_file_follows_the_umask(tmp_path):
    path = tmp_path / "fresh.vsm.json"
    old = os.umask(0o027)
    try:
        save_map(small_map(), path)
    finally:
        os.umask(old)
    assert stat.S_IMODE(path.stat().st_mode) == 0o640


def _old_file(tmp_path: Path) -> tuple[Path, bytes]:
    path = tmp_path / "keep.vsm.json"
    save_map(small_map("Old"), path)
    return path, path.read_bytes()


def test_failed_replace_leaves_the_old_file_and_no_temp_file(tmp_path, monkeypatch):
    path, before = _old_file(tmp_path)

    def fail(*_args):
        raise OSError(errno.EXDEV, "Invalid cross-device link")

    monkeypatch.setattr(os, "replace", fail)
    message = _error_of(save_map, small_map("New"), path)
    assert message == f"{path}: Invalid cross-device link; the file was not saved"
    assert path.read_bytes() == before
    assert _leftovers(tmp_path, {path.name}) == []


def test_disk_full_while_writing_leaves_the_old_file(tmp_path, monkeypatch):
    path, before = _old_file(tmp_path)

    def full(_fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    message = _error_of(save_map, small_map("New"), path)
    assert message == f"{path}: No space left on device; the file was not saved"
    assert path.read_bytes() == before
    assert _leftovers(tmp_path, {path.name}) == []


def test_read_only_folder_is_reported(tmp_path, monkeypatch):
    """Root may write anywhere, so the refusal to create the temp file is simulated."""
    path, before = _old_file(tmp_path)

    def refuse(*_args, **_kwargs):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(fileio.tempfile, "mkstemp", refuse)
    message = _error_of(save_map, small_map("New"), path)
    assert message == f"{path}: permission denied; the file was not saved"
    assert path.read_bytes() == before
    assert _leftovers(tmp_path, {path.name}) == []


@pytest.mark.skipif(RUNNING_AS_ROOT, reason="root writes into read-only folders; the "
                    "monkeypatched test above covers it")
def test_read_only_folder_for_real(tmp_path):
    path, before = _old_file(tmp_path)
    tmp_path.chmod(0o555)
    try:
        message = _error_of(save_map, small_map("New"), path)
    finally:
        tmp_path.chmod(0o755)
    assert message == f"{path}: permission denied; the file was not saved"
    assert path.read_bytes() == before


def test_an_interrupted_save_leaves_the_old_file(tmp_path, monkeypatch):
    """Even an unexpected exception (e.g. KeyboardInterrupt) cleans the temp file up."""
    path, before = _old_file(tmp_path)

    def interrupted(*_args):
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        save_map(small_map("New"), path)
    assert path.read_bytes() == before
    assert _leftovers(tmp_path, {path.name}) == []


def test_saving_onto_a_folder_is_refused(tmp_path):
    folder = tmp_path / "a-folder"
    folder.mkdir()
    assert _error_of(save_map, small_map(), folder) == f"{folder}: is a folder"
    assert list(folder.iterdir()) == []


def test_saving_into_a_missing_folder_is_reported(tmp_path):
    path = tmp_path / "missing" / "m.vsm.json"
    assert _error_of(save_map, small_map(), path) == (
        f"{path}: No such file or directory; the file was not saved"
    )


def test_saving_a_relative_path_writes_in_the_working_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    save_map(small_map(), "plain.vsm.json")
    assert load_map(tmp_path / "plain.vsm.json") == small_map()
    assert _leftovers(tmp_path, {"plain.vsm.json"}) == []


_LOAD_SCRIPT = (
    "import sys\n"
    "from vsm_editor.model import MapFileError, load_map\n"
    "try:\n"
    "    load_map(sys.argv[1])\n"
    "except MapFileError as err:\n"
    "    print(err)\n"
)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_special_file_is_refused_without_hanging(tmp_path):
    import subprocess
    import sys

    pipe = tmp_path / "pipe.vsm.json"
    os.mkfifo(pipe)
    try:
        result = subprocess.run(
            [sys.executable, "-c", _LOAD_SCRIPT, str(pipe)],
            capture_output=True, text=True, timeout=3, check=False,
        )
    except subprocess.TimeoutExpired:
        pytest.fail("load_map hung on a named pipe")
    assert result.stdout.startswith(f"{pipe}: ")


def test_saving_through_a_symlink_updates_the_real_file(tmp_path):
    real = tmp_path / "real.vsm.json"
    link = tmp_path / "link.vsm.json"
    save_map(small_map("Old"), real)
    link.symlink_to(real.name)
    save_map(small_map("New"), link)
    assert link.is_symlink()
    assert load_map(real).stream.name == "New"
