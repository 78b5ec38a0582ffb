"""The findings model: updates in place (selection, expansion, scroll kept), at 20,000
findings, with rows moving between groups when a rule is re-graded."""

from __future__ import annotations

import copy

import pytest
from PySide6.QtCore import QPersistentModelIndex, Qt
from PySide6.QtTest import QAbstractItemModelTester
from ui_testkit import make_map

from vsm_editor.analysis import Analyzer
from vsm_editor.commands import Modeling
from vsm_editor.model import ChangeSet, Document
from vsm_editor.ui.anatomy_panel import FindingsView
from vsm_editor.ui.findings_model import FindingsModel


def big_document(stages: int = 5000) -> Document:
    anatomy = make_map(stages, lanes=4, per_row=100)
    for stage in anatomy.stages:
        stage.owner = ""
    return Document(anatomy)


class Live:
    """A document, its modeling and analyzer, collecting change sets."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.modeling = Modeling(doc)
        self.analyzer = Analyzer(doc)
        self.pending: list[ChangeSet] = []
        doc.subscribe(lambda changes: self.pending.append(changes))

    def report(self):
        pending, self.pending = self.pending, []
        return self.analyzer.update(pending) if pending else self.analyzer.report


@pytest.fixture(scope="module")
def big():
    return big_document()


def test_model_is_consistent_through_updates(qapp):
    live = Live(Document(make_map(6)))
    model = FindingsModel()
    tester = QAbstractItemModelTester(model, QAbstractItemModelTester.FailureReportingMode.Fatal)
    model.set_report(live.report())
    live.modeling.set_property("st_1", "owner", "")
    live.modeling.add_decision("st_2", "ok?")
    live.modeling.set_rule_setting("p2-stage-no-decisions", True, "error")
    model.set_report(live.report())
    live.modeling.suppress("p1-stage-no-outcome@stage:st_3/outcomes", "later")
    model.set_report(live.report())
    report = live.report()
    assert model.keys()[: report.counts()["error"]] == [
        f.key for f in report.findings if f.severity == "error"]
    assert model.count("suppressed") == 1
    assert sorted(model.keys()) == sorted(
        [f.key for f in report.findings] + [s.finding.key for s in report.suppressed])
    assert model.rowCount() == len(model.keys()) + _headers(model)
    # a collapsed group stays collapsed through updates: counted, not listed
    p2 = model.group_index("error/P2")
    model.toggle(p2)
    live.modeling.add_decision("st_3", "ready?")
    model.set_report(live.report())
    p2 = model.group_index("error/P2")
    assert not model.is_expanded(model.node(p2))
    assert p2.data().endswith(f"— {live.report().counts()['error']}")
    assert not any(_key(model, r).startswith("p2-") for r in range(model.rowCount()))
    model.toggle(p2)
    assert model.rowCount() == len(model.keys()) + _headers(model)
    del tester


def _key(model, row: int) -> str:
    return model.data(model.index(row, 0), Qt.ItemDataRole.UserRole + 2) or ""


def _headers(model) -> int:
    return sum(1 for r in range(model.rowCount()) if model.node(model.index(r, 0)) is not None)


def test_twenty_thousand_findings_update_in_place(qapp, big):
    doc = copy.deepcopy(big.map)
    live = Live(Document(doc))
    model = FindingsModel()
    view = FindingsView()
    view.setModel(model)
    view.resize(500, 600)
    view.show()
    model.set_report(live.report())
    assert len(model.keys()) >= 20_000
    model.set_expanded(model.node(model.group_index("warning/P3")), False)
    qapp.processEvents()
    # pick a finding of a stage that stays untouched, scroll to it, select it
    target = model.index_of_key("flow-stage-no-owner@stage:st_4000/owner")
    view.setCurrentIndex(target)
    view.scrollTo(target)
    qapp.processEvents()
    scroll = view.verticalScrollBar().value()
    held = QPersistentModelIndex(target)
    # edit stage 10: its owner finding goes, a decision finding goes
    live.modeling.set_property("st_10", "owner", "Team")
    live.modeling.add_decision("st_10", "Complete?")
    model.set_report(live.report())  # its speed is measured in bench_panel.py
    qapp.processEvents()
    assert "flow-stage-no-owner@stage:st_10/owner" not in model.keys()
    assert held.isValid() and model.finding(held).path == "stage:st_4000/owner"
    assert view.currentIndex() == held
    assert not model.is_expanded(model.node(model.group_index("warning/P3")))
    assert model.is_expanded(model.node(model.group_index("warning/P2")))
    assert abs(view.verticalScrollBar().value() - scroll) <= 2 * view.sizeHintForRow(0)
