"""The numbers grid as CSV, and back: one row per stage and per handoff.

Columns (:data:`HEADERS`): type (``stage``/``handoff``), id, name (a handoff's reads
``source → target`` by stage names), lane (by name), owner, process time and its unit, wait
and its unit, %C&A (0–100), and measured/estimated (``measured``, ``estimated``, ``mixed``
when a stage's process time and %C&A differ, empty without numbers). Units are written as
the model's names (``hours``, ``working_days`` …); ``h``, ``wd``, ``min``, ``d`` and words
like "working days" are read too. Numbers are written exactly (they read back unchanged).

Reading (a CSV file, or a block pasted from a spreadsheet: tab-separated, a header row, the
same columns or any subset, in any order) never edits the map: it returns the changes to
apply (element id, model field, new value) and a report. Rows are numbered as a spreadsheet
numbers them (the header is row 1). A row matches a stage or handoff by id, else by name; a
row matching nothing, or matching several by name, is reported as unmatched; a row with a
bad value is reported with every problem on one line and contributes nothing. A column
absent from the header changes nothing; a present but empty cell clears the number.
:func:`apply_numbers` applies the changes as one undo step.
"""

from __future__ import annotations

import csv
import io
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from vsm_editor.commands.modeling import Modeling
from vsm_editor.model.entities import AnatomyMap, Duration, Handoff, Percent, Stage
from vsm_editor.model.units import UNIT_LABELS

COLUMNS = ("type", "id", "name", "lane", "owner", "process_time", "process_time_unit",
           "wait", "wait_unit", "pca", "measured")
HEADERS = ("Type", "ID", "Name", "Lane", "Owner", "Process time", "Process time unit",
           "Wait", "Wait unit", "%C&A", "Measured/estimated")
ARROW = " → "
_ALIASES = {
    "type": "type", "kind": "type", "id": "id", "name": "name", "lane": "lane",
    "owner": "owner", "process time": "process_time", "pt": "process_time",
    "process time unit": "process_time_unit", "pt unit": "process_time_unit",
    "wait": "wait", "wait time": "wait", "wt": "wait", "wait unit": "wait_unit",
    "wait time unit": "wait_unit", "wt unit": "wait_unit", "%c&a": "pca", "c&a": "pca",
    "pca": "pca", "% c&a": "pca", "percent complete and accurate": "pca",
    "measured/estimated": "measured", "measured": "measured", "estimated": "measured",
    "measured or estimated": "measured", "measured / estimated": "measured",
}
_UNITS = {
    "minutes": "minutes", "minute": "minutes", "min": "minutes", "mins": "minutes",
    "hours": "hours", "hour": "hours", "h": "hours", "hrs": "hours",
    "working_days": "working_days", "working days": "working_days",
    "working day": "working_days", "wd": "working_days",
    "calendar_days": "calendar_days", "calendar days": "calendar_days",
    "calendar day": "calendar_days", "d": "calendar_days", "days": "calendar_days",
    "day": "calendar_days",
}
_MEASURED = {"measured": True, "m": True, "yes": True, "true": True,
             "estimated": False, "estimate": False, "e": False, "est": False, "no": False,
             "false": False, "~": False}


class NumberChange(NamedTuple):
    """Set ``field`` of element ``element_id`` to ``value`` (a model value)."""

    element_id: str
    field: str
    value: Any


@dataclass
class NumbersImport:
    """What reading a numbers table found: the changes to apply and the problems."""

    changes: list[NumberChange] = field(default_factory=list)
    unmatched: list[str] = field(default_factory=list)
    bad: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def report(self) -> str:
        """Every problem, one line each (empty when the whole table was read)."""
        return "\n".join([*self.notes, *self.unmatched, *self.bad])


# ---------------------------------------------------------------- writing
def number_text(value: float) -> str:
    """A number written so it reads back exactly (``2``, ``1.5``)."""
    return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)


def _measured_text(flags: list[bool]) -> str:
    if not flags:
        return ""
    if all(flags):
        return "measured"
    return "estimated" if not any(flags) else "mixed"


def handoff_name(handoff: Handoff, names: dict[str, str]) -> str:
    """``source → target`` by stage names."""
    return names.get(handoff.source, handoff.source) + ARROW + names.get(handoff.target,
                                                                          handoff.target)


def number_rows(anatomy: AnatomyMap) -> list[list[str]]:
    """The grid's rows (without the header): the stages, then the handoffs, in map order."""
    lanes = {lane.id: lane.name for lane in anatomy.lanes}
    names = {stage.id: stage.name for stage in anatomy.stages}
    rows = []
    for stage in anatomy.stages:
        pt, pca = stage.process_time, stage.pca
        rows.append([
            "stage", stage.id, stage.name, lanes.get(stage.lane or "", ""), stage.owner,
            number_text(pt.value) if pt else "", (pt.unit or "") if pt else "", "", "",
            number_text(pca.value) if pca else "",
            _measured_text([d.measured for d in (pt, pca) if d is not None]),
        ])
    for handoff in anatomy.handoffs:
        wait = handoff.wait
        rows.append([
            "handoff", handoff.id, handoff_name(handoff, names), "", "", "", "",
            number_text(wait.value) if wait else "", (wait.unit or "") if wait else "", "",
            _measured_text([wait.measured] if wait else []),
        ])
    return rows


def export_numbers_csv(anatomy: AnatomyMap) -> str:
    """The numbers grid as CSV text (a header row, then one row per stage and handoff)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HEADERS)
    writer.writerows(number_rows(anatomy))
    return out.getvalue()


# ---------------------------------------------------------------- reading
def import_numbers_csv(anatomy: AnatomyMap, text: str) -> NumbersImport:
    """The changes a CSV file asks for (comma, semicolon or tab separated)."""
    text = text.lstrip("\ufeff")
    first = text.split("\n", 1)[0]
    delimiter = "\t" if "\t" in first else ";" if ";" in first and "," not in first else ","
    return read_numbers(anatomy, list(csv.reader(io.StringIO(text), delimiter=delimiter)))


def parse_pasted_block(anatomy: AnatomyMap, text: str) -> NumbersImport:
    """The changes a block pasted from a spreadsheet asks for (tab-separated, header row)."""
    text = text.lstrip("\ufeff").replace("\r\n", "\n").rstrip("\n")
    return read_numbers(anatomy, list(csv.reader(io.StringIO(text), delimiter="\t")))


def _column(header: str) -> str | None:
    key = re.sub(r"\s+", " ", header.strip().lower().replace("_", " "))
    return _ALIASES.get(key)


def read_numbers(anatomy: AnatomyMap, table: Sequence[Sequence[str]]) -> NumbersImport:
    """The changes a table (header row first) asks for, and the problems found."""
    result = NumbersImport()
    if not table:
        result.notes.append("the table is empty: it needs a header row")
        return result
    columns: dict[str, int] = {}
    for index, header in enumerate(table[0]):
        name = _column(header)
        if name is None:
            if header.strip():
                result.notes.append(f"column {header.strip()!r} is not a numbers column: "
                                    "ignored")
        elif name in columns:
            result.notes.append(f"column {header.strip()!r} appears twice: the first is read")
        else:
            columns[name] = index
    if "id" not in columns and "name" not in columns:
        result.notes.append("the header has neither an ID nor a Name column: no row can "
                            "be matched")
        return result
    matcher = _Matcher(anatomy)
    for number, raw in enumerate(table[1:], start=2):
        if not any(cell.strip() for cell in raw):
            continue
        row = {name: raw[index] if index < len(raw) else "" for name, index in columns.items()}
        element, why = matcher.match(row)
        if element is None:
            result.unmatched.append(f"row {number}: {why}")
            continue
        problems: list[str] = []
        if isinstance(element, Stage):
            changes = _stage_changes(element, row, anatomy, problems)
        else:
            changes = _handoff_changes(element, row, problems)
        if problems:
            result.bad.append(f"row {number}: " + "; ".join(problems))
        else:
            result.changes.extend(changes)
    return result


class _Matcher:
    """Finds a row's stage or handoff by id, else by name."""

    def __init__(self, anatomy: AnatomyMap) -> None:
        self.stages = {stage.id: stage for stage in anatomy.stages}
        self.handoffs = {handoff.id: handoff for handoff in anatomy.handoffs}
        names = {stage.id: stage.name for stage in anatomy.stages}
        self.by_name: dict[str, list[Stage | Handoff]] = {}
        for stage in anatomy.stages:
            self.by_name.setdefault(_name_key(stage.name), []).append(stage)
        for handoff in anatomy.handoffs:
            self.by_name.setdefault(_name_key(handoff_name(handoff, names)), []).append(handoff)

    def match(self, row: dict[str, str]) -> tuple[Stage | Handoff | None, str]:
        kind = row.get("type", "").strip().lower()
        if kind not in ("", "stage", "handoff"):
            return None, f"type {kind!r} is neither stage nor handoff"
        element_id = row.get("id", "").strip()
        found: Stage | Handoff | None = self.stages.get(element_id) or self.handoffs.get(
            element_id)
        if found is not None and kind and kind != _kind(found):
            return None, f"{element_id!r} is a {_kind(found)}, not a {kind}"
        if found is not None:
            return found, ""
        name = row.get("name", "").strip()
        candidates = [c for c in self.by_name.get(_name_key(name), [])
                      if not kind or _kind(c) == kind] if name else []
        if len(candidates) == 1:
            return candidates[0], ""
        if len(candidates) > 1:
            return None, f"{len(candidates)} elements are named {name!r}: give the ID"
        what = " or ".join(p for p in (f"ID {element_id!r}" if element_id else "",
                                       f"name {name!r}" if name else "") if p)
        return None, f"no stage or handoff matches {what or 'an empty ID and name'}"


def _name_key(name: str) -> str:
    key = re.sub(r"\s*(→|->)\s*", ARROW, name.strip())
    return re.sub(r"\s+", " ", key).casefold()


def _kind(element: Stage | Handoff) -> str:
    return "stage" if isinstance(element, Stage) else "handoff"


def _number(text: str, what: str, problems: list[str], percent: bool = False) -> float | None:
    """A number cell: None when empty or bad (then a problem is noted)."""
    cell = text.strip()
    if percent:
        cell = cell.rstrip("%").strip()
    if "," in cell and "." not in cell:
        cell = cell.replace(",", ".")
    try:
        value = float(cell)
    except ValueError:
        problems.append(f"{what} {text.strip()!r} is not a number")
        return None
    if not math.isfinite(value) or value < 0:
        problems.append(f"{what} {text.strip()!r} must be a number of at least 0")
        return None
    if percent and value > 100:
        problems.append(f"{what} {text.strip()!r} is over 100")
        return None
    return value


def _unit(text: str, what: str, problems: list[str]) -> tuple[bool, str | None]:
    """(ok, model unit or None)."""
    cell = re.sub(r"\s+", " ", text.strip().lower())
    if not cell:
        return True, None
    unit = _UNITS.get(cell) or _UNITS.get(cell.replace(" ", "_"))
    if unit is None:
        known = ", ".join(sorted({*UNIT_LABELS, *UNIT_LABELS.values()}))
        problems.append(f"{what} {text.strip()!r} is not a unit ({known})")
        return False, None
    return True, unit


def _measured(row: dict[str, str], problems: list[str]) -> bool | None:
    """True/False from the measured column; None to keep each number's own flag."""
    if "measured" not in row:
        return None
    cell = row["measured"].strip().lower()
    if cell in ("", "mixed"):
        return None
    if cell not in _MEASURED:
        problems.append(f"measured/estimated {row['measured'].strip()!r} is neither "
                        "'measured' nor 'estimated'")
        return None
    return _MEASURED[cell]


def _duration(row: dict[str, str], value_key: str, unit_key: str, old: Duration | None,
              measured: bool | None, what: str, problems: list[str]) -> Duration | None:
    """The duration a row asks for (``old`` where its columns are absent)."""
    count = len(problems)
    if value_key in row:
        value = None if not row[value_key].strip() else _number(row[value_key], what, problems)
    else:
        value = old.value if old is not None else None
    if unit_key in row:
        _, unit = _unit(row[unit_key], what + " unit", problems)
    else:
        unit = old.unit if old is not None else None
    if len(problems) > count or value is None:
        return None
    flag = measured if measured is not None else (old.measured if old is not None else False)
    return Duration(value=value, unit=unit, measured=flag)  # type: ignore[arg-type]


def _stage_changes(stage: Stage, row: dict[str, str], anatomy: AnatomyMap,
                   problems: list[str]) -> list[NumberChange]:
    changes: list[NumberChange] = []
    if "name" in row:
        name = row["name"].strip()
        if not name:
            problems.append("a stage's name cannot be empty")
        elif name != stage.name:
            changes.append(NumberChange(stage.id, "name", name))
    if "lane" in row:
        lane = _lane(anatomy, row["lane"], problems)
        if lane is not False and lane != stage.lane:
            changes.append(NumberChange(stage.id, "lane", lane))
    if "owner" in row and row["owner"].strip() != stage.owner:
        changes.append(NumberChange(stage.id, "owner", row["owner"].strip()))
    for key in ("wait", "wait_unit"):
        if row.get(key, "").strip():
            problems.append("a stage has no wait (the wait is on the handoff into it)")
            break
    measured = _measured(row, problems)
    process = _duration(row, "process_time", "process_time_unit", stage.process_time,
                        measured, "process time", problems)
    if process != stage.process_time:
        changes.append(NumberChange(stage.id, "process_time", process))
    pca: Percent | None = stage.pca
    if "pca" in row:
        pca = None
        if row["pca"].strip():
            value = _number(row["pca"], "%C&A", problems, percent=True)
            if value is not None:
                pca = Percent(value=value, measured=False)
    if pca is not None:
        flag = measured if measured is not None else (
            stage.pca.measured if stage.pca is not None else False)
        pca = Percent(value=pca.value, measured=flag)
    if pca != stage.pca:
        changes.append(NumberChange(stage.id, "pca", pca))
    return changes


def _lane(anatomy: AnatomyMap, text: str, problems: list[str]) -> str | None | bool:
    """The lane id a cell names (by id or name; None for no lane); False when unknown."""
    cell = text.strip()
    if not cell:
        return None
    for lane in anatomy.lanes:
        if lane.id == cell:
            return lane.id
    matches = [lane.id for lane in anatomy.lanes if lane.name.strip().casefold() ==
               cell.casefold()]
    if len(matches) == 1:
        return matches[0]
    problems.append(f"lane {cell!r} " + ("is not unique" if matches else "does not exist"))
    return False


def _handoff_changes(handoff: Handoff, row: dict[str, str],
                     problems: list[str]) -> list[NumberChange]:
    for key, what in (("process_time", "process time"), ("process_time_unit", "process time"),
                      ("pca", "%C&A")):
        if row.get(key, "").strip():
            problems.append(f"a handoff has no {what}")
            break
    measured = _measured(row, problems)
    wait = _duration(row, "wait", "wait_unit", handoff.wait, measured, "wait", problems)
    return [NumberChange(handoff.id, "wait", wait)] if wait != handoff.wait else []


# ---------------------------------------------------------------- applying
def apply_numbers(modeling: Modeling, changes: Iterable[NumberChange],
                  name: str = "Import numbers") -> int:
    """Apply ``changes`` as one undo step named ``name``; returns how many elements changed.

    Nothing is recorded when there is no change; a refused change undoes them all and
    raises :class:`~vsm_editor.commands.CommandRefusedError`.
    """
    grouped: dict[str, dict[str, Any]] = {}
    for change in changes:
        grouped.setdefault(change.element_id, {})[change.field] = change.value
    if not grouped:
        return 0
    with modeling.transaction(name):
        for element_id, fields in grouped.items():
            modeling.update(element_id, **fields)
    return len(grouped)
