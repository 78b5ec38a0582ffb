"""The numbers grid as CSV and back: round trips, edits becoming changes, unmatched and bad
rows reported by row number, a pasted spreadsheet block, and applying the changes as one
undo step."""

from __future__ import annotations

import csv
import io

import pytest
from vsm_editor.exporters.numbers_csv import (
    HEADERS,
    NumberChange,
    apply_numbers,
    export_numbers_csv,
    import_numbers_csv,
    parse_pasted_block,
)

from vsm_editor.commands import Modeling
from vsm_editor.model import Document, dump_bytes
from vsm_editor.model.entities import Duration, Percent
from vsm_editor.templates import load_template, template_ids


def table(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def write(rows: list[list[str]]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue()


@pytest.mark.parametrize("name", template_ids())
def test_round_trip_changes_nothing(name: str) -> None:
    anatomy = load_template(name)
    text = export_numbers_csv(anatomy)
    rows = table(text)
    assert tuple(rows[0]) == HEADERS
    assert len(rows) == 1 + len(anatomy.stages) + len(anatomy.handoffs)
    result = import_numbers_csv(anatomy, text)
    assert result.changes == [] and result.report() == ""


def test_export_columns_for_a_stage_and_a_handoff() -> None:
    anatomy = load_template("secure-api")
    rows = {row[1]: row for row in table(export_numbers_csv(anatomy))[1:]}
    intake = rows["st_intake"]
    assert intake[:3] == ["stage", "st_intake", "Customer request / product intake"]
    assert intake[3] == "Product management"
    assert intake[5:7] == ["2", "hours"]
    handoff = rows["ho_intake_clarify"]
    assert handoff[0] == "handoff"
    assert handoff[2] == "Customer request / product intake → Requirement clarification"
    assert handoff[7:9] == ["3", "working_days"] and handoff[10] == "estimated"


def test_edited_csv_gives_the_expected_changes() -> None:
    anatomy = load_template("secure-api")
    rows = table(export_numbers_csv(anatomy))
    by_id = {row[1]: row for row in rows[1:]}
    by_id["st_intake"][5:7] = ["30", "min"]
    by_id["st_intake"][9] = "95%"
    by_id["st_intake"][10] = "measured"
    by_id["st_clarify"][3] = "Engineering"
    by_id["st_clarify"][4] = "New owner"
    by_id["ho_intake_clarify"][7:9] = ["4", "wd"]
    result = import_numbers_csv(anatomy, write(rows))
    assert result.report() == ""
    assert result.changes == [
        NumberChange("st_intake", "process_time",
                     Duration(value=30.0, unit="minutes", measured=True)),
        NumberChange("st_intake", "pca", Percent(value=95.0, measured=True)),
        NumberChange("st_clarify", "lane", "ln_engineering"),
        NumberChange("st_clarify", "owner", "New owner"),
        NumberChange("ho_intake_clarify", "wait",
                     Duration(value=4.0, unit="working_days", measured=False)),
    ]


def test_unmatched_and_bad_rows_are_reported_with_their_row_numbers() -> None:
    anatomy = load_template("secure-api")
    rows = table(export_numbers_csv(anatomy))
    header = rows[0]
    good = rows[1][:]
    good[1] = ""  # no id: matched by name
    good[5] = "3"
    rows = [header, good,
            ["stage", "st_nowhere", "No such stage", "", "", "1", "hours", "", "", "", ""],
            ["stage", "st_clarify", "Requirement clarification", "", "", "abc", "parsecs",
             "", "", "120", ""],
            ["handoff", "ho_intake_clarify", "", "", "", "", "", "-2", "hours", "", ""],
            ["stage", "st_risk_review", "Architecture and risk review", "Nowhere", "", "",
             "", "", "", "", "maybe"]]
    result = import_numbers_csv(anatomy, write(rows))
    assert result.changes == [NumberChange("st_intake", "process_time",
                                           Duration(value=3.0, unit="hours"))]
    assert result.unmatched == ["row 3: no stage or handoff matches ID 'st_nowhere' or "
                                "name 'No such stage'"]
    assert [line.split(":")[0] for line in result.bad] == ["row 4", "row 5", "row 6"]
    assert "'abc' is not a number" in result.bad[0] and "'parsecs'" in result.bad[0]
    assert "over 100" in result.bad[0]
    assert "at least 0" in result.bad[1]
    assert "lane 'Nowhere' does not exist" in result.bad[2] and "'maybe'" in result.bad[2]
    assert len(result.report().splitlines()) == 4  # one line per problem row


def test_ambiguous_names_and_unknown_columns() -> None:
    anatomy = load_template("secure-api")
    anatomy.stages[1].name = anatomy.stages[0].name
    result = import_numbers_csv(anatomy, "Name,Colour\n"
                                         f"{anatomy.stages[0].name},red\n")
    assert "2 elements are named" in result.unmatched[0]
    assert "'Colour' is not a numbers column" in result.notes[0]
    assert "neither an ID nor a Name" in import_numbers_csv(anatomy, "PT\n1\n").notes[0]


def test_pasted_block_with_a_subset_of_columns() -> None:
    anatomy = load_template("secure-api")
    block = ("Name\tPT\tPT unit\t%C&A\n"
             "Testing\t3\twd\t\n"
             "Development -> Testing\t\t\t\n"          # a handoff by name: nothing to change
             "Deployment to production\t2\th\t90\r\n")
    result = parse_pasted_block(anatomy, block)
    assert result.report() == ""
    testing = next(s for s in anatomy.stages if s.name == "Testing")
    assert result.changes == [
        NumberChange(testing.id, "process_time",
                     Duration(value=3.0, unit="working_days", measured=True)),
        NumberChange(testing.id, "pca", None),  # a present, empty cell clears it
        NumberChange("st_deploy", "pca", Percent(value=90.0, measured=True)),
    ]


def test_apply_numbers_is_one_undo_step() -> None:
    anatomy = load_template("secure-api")
    doc = Document(anatomy)
    modeling = Modeling(doc)
    before = dump_bytes(doc.map)
    changes = [
        NumberChange("st_intake", "process_time", Duration(value=5.0, unit="hours")),
        NumberChange("st_intake", "owner", "Someone"),
        NumberChange("ho_intake_clarify", "wait", None),
    ]
    assert apply_numbers(modeling, changes) == 2
    assert doc.get("st_intake").owner == "Someone"
    assert doc.get("ho_intake_clarify").wait is None
    assert modeling.stack.undo_text() == "Import numbers"
    modeling.stack.undo()
    assert dump_bytes(doc.map) == before
    assert not modeling.stack.can_undo()
    modeling.stack.redo()
    assert doc.get("st_intake").process_time == Duration(value=5.0, unit="hours")
    assert apply_numbers(modeling, []) == 0
    assert modeling.stack.undo_text() == "Import numbers"


def test_round_trip_after_applying_the_import() -> None:
    anatomy = load_template("order-to-cash")
    doc = Document(anatomy)
    rows = table(export_numbers_csv(doc.map))
    rows[1][5], rows[1][9] = "7.25", "33.3"
    result = import_numbers_csv(doc.map, write(rows))
    apply_numbers(Modeling(doc), result.changes)
    again = import_numbers_csv(doc.map, export_numbers_csv(doc.map))
    assert again.changes == [] and again.report() == ""
    assert doc.map.stages[0].pca.value == 33.3
