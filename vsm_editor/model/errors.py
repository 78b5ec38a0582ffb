"""The one error type a map file can raise when it cannot be read or written."""

from __future__ import annotations


class MapFileError(Exception):
    """A map could not be loaded or saved. ``str(err)`` is one line naming the file and,
    where known, the exact location inside it (``stages[3].name: expected a string, got 42``)."""

    def __init__(self, path: str, problem: str, location: str = "") -> None:
        self.path = path
        self.problem = problem
        self.location = location
        where = f"{location}: " if location else ""
        super().__init__(f"{path}: {where}{problem}")


class IntegrityError(ValueError):
    """A change or a loaded map would break the map's invariants (dangling reference,
    duplicate id, self-loop…). ``location`` names the offending field."""

    def __init__(self, location: str, problem: str) -> None:
        self.location = location
        self.problem = problem
        super().__init__(f"{location}: {problem}")
