"""The Numbers Grid: every stage and handoff in a table, edited in place with one undo step
per edit (exact on undo), a block pasted from a spreadsheet, CSV export and import with a
report of the rows that did not match, and a 5,000-stage map kept responsive."""

from __future__ import annotations

import time

import pytest
from flow_testkit import combined_map, open_window
from PySide6.QtCore import Qt
from vsm_editor.exporters.numbers_csv import COLUMNS, HEADERS, export_numbers_csv

from vsm_editor.model import Duration, Percent, dump_bytes


@pytest.fixture
def window(editor, qtbot, tmp_path):
    window = open_window(editor, qtbot, tmp_path, combined_map())
    window.actions_by_name["numbers_grid"].trigger()
    return window


def grid(window):
    return window.numbers_dock.grid


def cell(model, element_id, column):
    return model.rows[model.row_of(element_id)][COLUMNS.index(column)]


def edit(model, element_id, column, text):
    index = model.index(model.row_of(element_id), COLUMNS.index(column))
    return model.setData(index, text, Qt.ItemDataRole.EditRole)


def test_the_grid_lists_every_stage_and_handoff(window):
    model = grid(window).model
    anatomy = window.session.document.map
    assert window.numbers_dock.isVisible()
    assert window.actions_by_name["numbers_grid"].isChecked()
    assert model.rowCount() == len(anatomy.stages) + len(anatomy.handoffs)
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(len(COLUMNS))] \
        == list(HEADERS)
    assert cell(model, "P2", "name") == "Stage P2"
    assert cell(model, "P2", "lane") == "Team B"
    assert cell(model, "P2", "process_time") == "1"
    assert cell(model, "P2", "process_time_unit") == "hours"
    assert cell(model, "P2", "pca") == "80"
    assert cell(model, "P2", "measured") == "estimated"
    assert cell(model, "h_P_P2", "name") == "Stage P → Stage P2"
    assert cell(model, "h_P_P2", "wait") == "3"
    # a stage has no wait, a handoff no process time: those cells are not editable
    assert not model.flags(model.index(model.row_of("P2"), COLUMNS.index("wait"))) \
        & Qt.ItemFlag.ItemIsEditable
    assert model.flags(model.index(model.row_of("h_P_P2"), COLUMNS.index("wait"))) \
        & Qt.ItemFlag.ItemIsEditable


def test_an_edit_is_one_undo_step_and_exact_on_undo(window):
    model = grid(window).model
    editing = window.session.editing
    before = dump_bytes(window.session.document.map)
    rows_before = [list(r) for r in model.rows]
    steps = len(editing.labels())
    assert edit(model, "P2", "process_time", "2.5")
    assert len(editing.labels()) == steps + 1
    assert editing.labels()[-1] == "Edit process time of Stage P2"
    stage = window.session.document.get("P2")
    assert stage.process_time == Duration(value=2.5, unit="hours", measured=False)
    assert cell(model, "P2", "process_time") == "2.5"
    assert edit(model, "h_P_P2", "wait", "2 wd")  # number and unit in one cell
    assert window.session.document.get("h_P_P2").wait == Duration(value=2,
                                                                   unit="working_days")
    assert edit(model, "P2", "measured", "measured")
    assert stage.pca == Percent(value=80, measured=True)
    assert len(editing.labels()) == steps + 3
    for _ in range(3):
        editing.undo()
    assert dump_bytes(window.session.document.map) == before
    assert model.rows == rows_before


def test_a_refused_value_is_reported_and_changes_nothing(window):
    model = grid(window).model
    steps = len(window.session.editing.labels())
    assert not edit(model, "P2", "pca", "130")
    assert not edit(model, "P2", "process_time_unit", "fortnights")
    assert len(window.session.editing.labels()) == steps
    assert grid(window).status.text().startswith("⚠ row 2:")
    assert cell(model, "P2", "pca") == "80"


def test_an_edit_updates_the_canvas_and_the_summary(window):
    model = grid(window).model
    assert edit(model, "S", "process_time", "3")
    metrics = window.flow_refresh_now()
    assert metrics.lead_time_hours == pytest.approx(19.6)  # 17.6 + 2 h more in S
    labels = [lab.text for lab in window.flow_overlay.figure("data-box", "S").labels]
    assert "~3 h" in labels


def test_paste_a_block_with_a_header_as_one_step(window):
    model = grid(window).model
    editing = window.session.editing
    steps = len(editing.labels())
    block = ("Name\tProcess time\tProcess time unit\t%C&A\n"
             "Stage P1\t5\th\t95\n"
             "Stage X\t30\tmin\t60\n"
             "Stage Nowhere\t1\th\t50\n")
    count = grid(window).paste_text(block)
    assert count == 2
    assert len(editing.labels()) == steps + 1 and editing.labels()[-1] == "Paste numbers"
    assert cell(model, "P1", "process_time") == "5"
    assert cell(model, "X", "process_time_unit") == "minutes"
    assert cell(model, "X", "pca") == "60"
    report = grid(window).report
    assert report is not None and "Stage Nowhere" in report.details.toPlainText()
    assert "row 4" in report.details.toPlainText()
    editing.undo()
    assert cell(model, "P1", "process_time") == "4" and cell(model, "X", "pca") == "50"


def test_paste_a_block_without_a_header_at_the_current_cell(window):
    g = grid(window)
    model = g.model
    top = model.row_of("S")
    g.table.setCurrentIndex(model.index(top, COLUMNS.index("process_time")))
    count = g.paste_text("7\thours\n8\thours\n")  # S and the next row, P
    assert count == 2
    assert cell(model, "S", "process_time") == "7"
    assert cell(model, model.rows[top + 1][1], "process_time") == "8"
    assert window.session.editing.labels()[-1] == "Paste numbers"


def test_csv_export_and_import_round_trip_with_an_unmatched_row(window, tmp_path):
    g = grid(window)
    model = g.model
    exported = tmp_path / "numbers.csv"
    assert g.export_csv(str(exported)) == str(exported)
    text = exported.read_text(encoding="utf-8")
    assert text == export_numbers_csv(window.session.document.map)
    lines = text.splitlines()
    p2 = next(i for i, line in enumerate(lines) if line.startswith("stage,P2,"))
    lines[p2] = lines[p2].replace(",1,hours,", ",6,hours,")
    lines.append("stage,st_gone,Stage Gone,,,1,hours,,,50,estimated")
    changed = tmp_path / "changed.csv"
    changed.write_text("\n".join(lines) + "\n", encoding="utf-8")
    steps = window.session.editing.index()
    assert g.import_csv(str(changed)) == 1
    assert window.session.editing.index() == steps + 1
    assert cell(model, "P2", "process_time") == "6"
    report = g.report
    assert report is not None and report.isVisible()
    assert report.summary.text() == "changed.csv: 1 element(s) changed; 1 row(s) were not " \
        "applied."
    details = report.details.toPlainText()
    assert "1 row(s) did not match a stage or handoff" in details
    assert f"row {len(lines)}: no stage or handoff matches ID 'st_gone'" in details
    # importing what was exported changes nothing
    window.session.editing.undo()
    assert g.import_csv(str(exported)) == 0
    assert window.session.editing.index() == steps


def test_the_grid_is_responsive_at_5000_stages(editor, qtbot, tmp_path):
    from ui_testkit import generate_map

    anatomy = generate_map(5000)
    window = open_window(editor, qtbot, tmp_path, anatomy, "big")
    window.actions_by_name["numbers_grid"].trigger()
    g = grid(window)
    assert g.model.rowCount() == len(anatomy.stages) + len(anatomy.handoffs)
    stage_id = anatomy.stages[4321].id
    start = time.perf_counter()
    assert edit(g.model, stage_id, "process_time", "12")
    elapsed = time.perf_counter() - start
    assert cell(g.model, stage_id, "process_time") == "12"
    assert elapsed < 1.0, elapsed  # one edit, its undo step and the grid's update
