"""Reading and writing ``*.vsm.json`` anatomy files.

Loading is strict and fast: msgspec decodes straight into the typed structs, older format
versions are migrated first, then referential integrity is checked. Every problem becomes a
single :class:`MapFileError` whose message names the file and the exact location.
Saving is deterministic (field order, 2-space indent, final newline) and atomic.
"""

from __future__ import annotations

import os
import re
import stat
import tempfile
from pathlib import Path
from typing import Any

import msgspec

from vsm_editor.model.entities import AnalysisSettings, AnatomyMap, Lane, Stage, Stream
from vsm_editor.model.errors import IntegrityError, MapFileError
from vsm_editor.model.integrity import check_map
from vsm_editor.model.migrations import CURRENT_VERSION, FORMAT_NAME, migrate

MAX_FILE_BYTES = 256 * 1024 * 1024


class _Header(msgspec.Struct):
    format: str | None = None
    version: int | None = None


_decoder = msgspec.json.Decoder(AnatomyMap)
_header_decoder = msgspec.json.Decoder(_Header)
_encoder = msgspec.json.Encoder(order="deterministic")


def load_map(path: str | os.PathLike[str]) -> AnatomyMap:
    """Read and check a map file. Raises :class:`MapFileError` and nothing else."""
    return load_bytes(read_limited(path, MAX_FILE_BYTES), str(path))


def read_limited(path: str | os.PathLike[str], limit: int) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes. Raises :class:`MapFileError`
    for folders, pipes, devices, missing or unreadable files and files over the limit."""
    name = str(path)
    try:
        info = os.stat(path)
        if stat.S_ISDIR(info.st_mode):
            raise MapFileError(name, "is a folder, not a map file")
        if not stat.S_ISREG(info.st_mode):
            raise MapFileError(name, "is not a regular file")
        if info.st_size > limit:
            raise MapFileError(name, f"is larger than {_megabytes(limit)}; refused")
        with Path(path).open("rb") as handle:
            data = handle.read(limit + 1)
    except MapFileError:
        raise
    except FileNotFoundError:
        raise MapFileError(name, "no such file") from None
    except PermissionError:
        raise MapFileError(name, "permission denied") from None
    except OSError as err:
        raise MapFileError(name, err.strerror or str(err)) from None
    if len(data) > limit:
        raise MapFileError(name, f"is larger than {_megabytes(limit)}; refused")
    return data


def _megabytes(limit: int) -> str:
    megabyte = 1024 * 1024
    return f"{limit // megabyte} MB" if limit >= megabyte else f"{limit} bytes"


def load_bytes(data: bytes, name: str = "<input>") -> AnatomyMap:
    """Decode, migrate and check a map from bytes. Raises :class:`MapFileError`."""
    if len(data) > MAX_FILE_BYTES:
        raise MapFileError(name, f"is larger than {_megabytes(MAX_FILE_BYTES)}; refused")
    if not data.strip():
        raise MapFileError(name, "the file is empty")
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as err:
        raise MapFileError(name, f"is not UTF-8 text (bad byte at offset {err.start})") from None
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    anatomy = _decode_current(data)
    if anatomy is None:
        anatomy = _decode_other(data, name)
    try:
        check_map(anatomy)
    except IntegrityError as err:
        raise MapFileError(name, err.problem, err.location) from None
    return anatomy


def _decode_current(data: bytes) -> AnatomyMap | None:
    """The common case in one parse: a well-formed file of the current version."""
    try:
        anatomy = _decoder.decode(data)
    except (msgspec.ValidationError, msgspec.DecodeError, RecursionError):
        return None
    if anatomy.format != FORMAT_NAME or anatomy.version != CURRENT_VERSION:
        return None
    return anatomy


def _decode_other(data: bytes, name: str) -> AnatomyMap:
    """Older versions (migrated), and every malformed file (explained precisely)."""
    header = _read_header(data, name)
    try:
        if header.version == CURRENT_VERSION:
            return _decoder.decode(data)
        raw = msgspec.json.decode(data)
        return msgspec.convert(migrate(raw, header.version or 0), type=AnatomyMap)
    except msgspec.ValidationError as err:
        location, problem = describe_validation_error(str(err), data)
        raise MapFileError(name, problem, location) from None
    except msgspec.DecodeError as err:
        raise MapFileError(name, describe_decode_error(str(err), data)) from None
    except RecursionError:
        raise MapFileError(name, "is nested too deeply to be a map") from None
    except ValueError as err:  # a migration step's located complaint
        raise MapFileError(name, str(err)) from None
    except (TypeError, AttributeError, KeyError):  # a shape no migration step expected
        where = f"format version {header.version}"
        raise MapFileError(name, f"cannot be read as a map of {where}") from None


def _read_header(data: bytes, name: str) -> _Header:
    try:
        header = _header_decoder.decode(data)
    except msgspec.ValidationError as err:
        text = str(err)
        if text.startswith("Expected `object`"):
            raise MapFileError(name, "is not a vsm-editor map (expected a JSON object)") from None
        location, problem = describe_validation_error(text, data)
        raise MapFileError(name, problem, location) from None
    except msgspec.DecodeError as err:
        raise MapFileError(name, describe_decode_error(str(err), data)) from None
    except RecursionError:
        raise MapFileError(name, "is nested too deeply to be a map") from None
    if header.format != FORMAT_NAME:
        what = 'no "format" field' if header.format is None else f"format {header.format!r}"
        raise MapFileError(name, f"is not a vsm-editor map ({what})")
    if header.version is None:
        raise MapFileError(name, "has no format version", "version")
    if header.version > CURRENT_VERSION:
        raise MapFileError(
            name,
            f"was made by a newer vsm-editor (format version {header.version}; "
            f"this version reads up to {CURRENT_VERSION}); please update",
            "version",
        )
    if header.version < 0:
        raise MapFileError(name, f"has an impossible format version {header.version}", "version")
    return header


def dump_bytes(anatomy: AnatomyMap) -> bytes:
    """The canonical file bytes: declaration-ordered keys, 2-space indent, final newline."""
    _canonical_defaults(anatomy)
    return msgspec.json.format(_encoder.encode(anatomy), indent=2) + b"\n"


def save_map(anatomy: AnatomyMap, path: str | os.PathLike[str]) -> None:
    """Write ``anatomy`` atomically: a temporary file in the same folder, flushed, then renamed
    over the target. A failed save leaves any old file untouched."""
    write_atomic(Path(path), dump_bytes(anatomy))


def _canonical_defaults(anatomy: AnatomyMap) -> None:
    """Make float fields equal to their default *be* the default, so omit_defaults (which
    compares floats by identity) writes equal maps as equal bytes however they were built."""
    for lane in anatomy.lanes:
        if lane.height == _LANE_HEIGHT:
            lane.height = _LANE_HEIGHT
    for stage in anatomy.stages:
        if stage.x == _STAGE_X:
            stage.x = _STAGE_X
        if stage.y == _STAGE_Y:
            stage.y = _STAGE_Y
        if stage.width == _STAGE_WIDTH:
            stage.width = _STAGE_WIDTH
        if stage.height == _STAGE_HEIGHT:
            stage.height = _STAGE_HEIGHT
    if anatomy.stream.working_day_hours == _DAY_HOURS:
        anatomy.stream.working_day_hours = _DAY_HOURS
    if anatomy.analysis.hidden_queue_threshold == _THRESHOLD:
        anatomy.analysis.hidden_queue_threshold = _THRESHOLD


def _default(struct: type, field_name: str) -> object:
    for info in msgspec.structs.fields(struct):
        if info.name == field_name:
            return info.default
    raise KeyError(field_name)


_LANE_HEIGHT = _default(Lane, "height")
_STAGE_X = _default(Stage, "x")
_STAGE_Y = _default(Stage, "y")
_STAGE_WIDTH = _default(Stage, "width")
_STAGE_HEIGHT = _default(Stage, "height")
_DAY_HOURS = _default(Stream, "working_day_hours")
_THRESHOLD = _default(AnalysisSettings, "hidden_queue_threshold")


def write_atomic(target: Path, payload: bytes) -> None:
    """Replace ``target`` with ``payload`` atomically. Raises :class:`MapFileError`."""
    name = str(target)
    tmp_name = ""
    target = Path(os.path.realpath(target))  # write through symlinks to the real file
    try:
        if target.is_dir():
            raise MapFileError(name, "is a folder")
        folder = target.parent if str(target.parent) else Path(".")
        mode = target.stat().st_mode & 0o777 if target.exists() else None
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        if mode is not None:
            os.chmod(tmp_name, mode)
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp_name, 0o666 & ~umask)
        os.replace(tmp_name, target)
        tmp_name = ""
        _sync_folder(folder)
    except MapFileError:
        raise
    except PermissionError:
        raise MapFileError(name, "permission denied; the file was not saved") from None
    except OSError as err:
        raise MapFileError(name, f"{err.strerror or err}; the file was not saved") from None
    finally:
        if tmp_name:
            try:
                os.unlink(tmp_name)
            except OSError:
                pass


def _sync_folder(folder: Path) -> None:
    """Flush the rename itself to disk where the platform allows it."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


# ------------------------------------------------------------------ error wording
_AT = re.compile(r"^(?P<what>.*?)(?: - at `\$(?P<where>[^`]*)`)?$", re.S)
_EXPECTED = re.compile(r"^Expected `(?P<want>[^`]+)`, got `(?P<got>[^`]+)`$")
_TYPE_WORDS = {
    "str": "a string",
    "int": "a whole number",
    "int | null": "a whole number",
    "float": "a number",
    "bool": "true or false",
    "array": "a list",
    "object": "an object",
    "null": "null",
    "str | null": "a string or null",
    "float | null": "a number or null",
    "object | null": "an object or null",
}


def describe_validation_error(text: str, data: bytes) -> tuple[str, str]:
    """Turn a msgspec validation message into ``(location, problem)`` in our wording,
    quoting the offending value from ``data``."""
    match = _AT.match(text)
    what = match.group("what") if match else text
    where = (match.group("where") or "") if match else ""
    location = where.lstrip(".")
    expected = _EXPECTED.match(what)
    if expected:
        want = _TYPE_WORDS.get(expected.group("want"), expected.group("want"))
        value = _value_at(data, location)
        got = _short_repr(value) if value is not _MISSING else expected.group("got")
        return location, f"expected {want}, got {got}"
    if what.startswith("Invalid enum value"):
        return location, what.replace("Invalid enum value", "unknown value", 1)
    if what.startswith("Object missing required field"):
        field = what.split("`")[1] if "`" in what else "?"
        return location, f"missing required field {field!r}"
    if what.startswith("Object contains unknown field"):
        field = what.split("`")[1] if "`" in what else "?"
        return location, f"unknown field {field!r}"
    return location, what[:1].lower() + what[1:]


def describe_decode_error(text: str, data: bytes) -> str:
    """Turn a msgspec decode message into ``line L, column C: …``."""
    found = re.search(r"\(byte (\d+)\)", text)
    problem = re.sub(r"\s*\(byte \d+\)", "", text).replace("JSON is malformed: ", "")
    if "truncated" in text.lower():
        return "the JSON ends too early (truncated file?)"
    if found:
        offset = int(found.group(1))
        line = data.count(b"\n", 0, offset) + 1
        column = offset - (data.rfind(b"\n", 0, offset) + 1) + 1
        return f"line {line}, column {column}: malformed JSON ({problem})"
    return f"malformed JSON ({problem})"


_MISSING = object()
_STEP = re.compile(r"\.?([^.\[\]]+)|\[(\d+)\]")


def _value_at(data: bytes, location: str) -> Any:
    try:
        node: Any = msgspec.json.decode(data)
    except (msgspec.DecodeError, RecursionError):
        return _MISSING
    for name, index in _STEP.findall(location):
        try:
            node = node[int(index)] if index else node[name]
        except (KeyError, IndexError, TypeError):
            return _MISSING
    return node


def _short_repr(value: Any) -> str:
    text = msgspec.json.encode(value).decode("utf-8")
    return text if len(text) <= 40 else text[:37] + "..."
