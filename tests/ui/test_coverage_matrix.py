"""The coverage matrix: cells say what is linked in text and glyph, sorting, jumping to a
stage, CSV export, staying current after edits."""

from __future__ import annotations

import copy
import csv

import pytest
from PySide6.QtCore import QPersistentModelIndex, Qt
from ui_testkit import generate_map, make_map

from vsm_editor.analysis import Analyzer
from vsm_editor.model import Document, save_map
from vsm_editor.ui.anatomy_docks import install_anatomy_docks
from vsm_editor.ui.coverage_matrix import COLUMNS, CoverageModel


@pytest.fixture
def docks(editor, tmp_path, qtbot):
    path = tmp_path / "flow.vsm.json"
    anatomy = make_map(3, lanes=2, per_row=3)
    save_map(anatomy, path)
    window = editor.open_path(str(path))
    qtbot.addWidget(window)
    return install_anatomy_docks(window)


def cell(model, row: int, column: str) -> str:
    return model.index(row, COLUMNS.index(column)).data()


def test_cells_show_what_is_linked_with_glyphs(docks):
    modeling = docks.ctx.modeling
    outcome = modeling.add_outcome("Lead time < 10 d", metric="lead time", target=10.0)
    modeling.link_outcome("st_1", outcome)
    logic = modeling.add_logic("rule", "Valid customer", ["st_1"])
    docks.show_now()
    model = docks.coverage.matrix.model
    row = model.row_of("st_1")
    assert cell(model, row, "Stage") == "Stage 1"
    assert cell(model, row, "Lane") == "Lane 1"
    assert cell(model, row, "P1 Outcomes") == "■ Lead time < 10 d"
    assert cell(model, row, "P2 Decisions") == "◧ 0 decisions"  # on the path, no decisions
    assert cell(model, row, "P3 Logic") == "◧ Valid customer"  # no control point yet
    assert cell(model, row, "Control points") == "□ none"
    assert cell(model, row, "P4 Components") == "□ no components"
    accessible = model.index(row, COLUMNS.index("P1 Outcomes")).data(
        Qt.ItemDataRole.AccessibleTextRole)
    assert accessible == "P1 Outcomes linked: Lead time < 10 d"
    # an edit in the catalogue shows up after the next analysis
    point = modeling.add_control_point("before_commit", "Booking")
    modeling.set_property(logic, "control_point", point)
    modeling.rename(logic, "Customer known and valid")
    docks.show_now()
    assert cell(model, row, "P3 Logic") == "■ Customer known and valid"
    assert cell(model, row, "Control points") == "■ before commit: Booking"


def test_sort_click_and_csv_export(docks, tmp_path, qtbot):
    modeling = docks.ctx.modeling
    modeling.add_decision("st_2", "Ready?")
    docks.show_now()
    matrix = docks.coverage.matrix
    model = matrix.model
    assert [model.stage_at(r) for r in range(3)] == ["st_0", "st_1", "st_2"]  # map order
    held = QPersistentModelIndex(model.index(model.row_of("st_0"), 0))
    matrix.view.sortByColumn(COLUMNS.index("P2 Decisions"), Qt.SortOrder.DescendingOrder)
    assert model.stage_at(0) == "st_2"
    assert held.isValid() and model.data(held, Qt.ItemDataRole.UserRole + 1) == "st_0"
    # clicking a cell goes to its stage
    with qtbot.waitSignal(matrix.stage_requested) as signal:
        matrix.view.clicked.emit(model.index(0, 3))
    assert signal.args == ["st_2"]
    assert docks.window.session.scene.selected_ids() == ["st_2"]
    assert docks.inspector.page.title.text() == "Stage: Stage 2"
    path = tmp_path / "coverage.csv"
    model.write_csv(path)
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    assert [r["stage_id"] for r in rows] == [model.stage_at(r) for r in range(3)]
    assert rows[0]["decisions"] == "1" and rows[0]["P2"] in ("yes", "no")
    assert rows[0]["lane"] == "Lane 0"


def test_five_thousand_rows_sort_by_every_column(qapp):
    """Every column sorts both ways at 5,000 rows (its speed is measured in bench_panel.py)."""
    doc = Document(copy.deepcopy(generate_map(5000, 1)))
    model = CoverageModel(doc)
    model.set_report(Analyzer(doc).report)
    assert model.rowCount() == 5000
    for column in range(len(COLUMNS)):
        for order in (Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder):
            model.sort(column, order)
            assert sorted(model.stage_at(r) for r in range(5000)) == sorted(
                s.id for s in doc.map.stages
            )
    model.sort(0, Qt.SortOrder.DescendingOrder)
    names = [doc.get(model.stage_at(r)).name.casefold() for r in range(5000)]
    assert names == sorted(names, reverse=True)
    model.sort(0)
    names = [doc.get(model.stage_at(r)).name.casefold() for r in range(5000)]
    assert names == sorted(names)
