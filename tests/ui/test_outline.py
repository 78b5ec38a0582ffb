"""The stream outline: stages in flow order with their four layers, as copyable text."""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication

from vsm_editor.analysis import analyze
from vsm_editor.model import (
    Component,
    ControlPoint,
    Decision,
    Handoff,
    LogicItem,
    Outcome,
    Stage,
    new_map,
)
from vsm_editor.templates import load_template
from vsm_editor.ui.outline_text import outline_text, stage_order


def _small_map():
    anatomy = new_map("Booking")
    anatomy.outcomes = [Outcome(id="oc_fast", statement="Bookings confirmed within a day",
                                metric="lead time", unit="hours", baseline=30, target=8)]
    # listed out of flow order on purpose
    anatomy.stages = [
        Stage(id="st_c", name="Confirm", x=500),
        Stage(id="st_a", name="Request", x=40, outcomes=["oc_fast"]),
        Stage(id="st_b", name="Validate Booking", x=260, owner="Ops",
              decisions=[Decision(id="de_1", text="Check dates")]),
    ]
    anatomy.handoffs = [Handoff(id="ho_1", source="st_a", target="st_b"),
                        Handoff(id="ho_2", source="st_b", target="st_c"),
                        Handoff(id="ho_3", source="st_c", target="st_b", kind="rework")]
    anatomy.catalogue.control_points = [ControlPoint(id="cp_form", kind="form",
                                                     subject="booking form")]
    anatomy.catalogue.logic = [LogicItem(id="lg_dates", kind="rule",
                                         statement="Dates must be in the future",
                                         stages=["st_b"], control_point="cp_form")]
    anatomy.catalogue.components = [Component(id="cm_check", kind="rule", name="DateCheck",
                                              realizes=["lg_dates"])]
    return anatomy


def test_stages_in_flow_order_with_their_layers():
    anatomy = _small_map()
    text = outline_text(anatomy, analyze(anatomy).findings)
    lines = text.splitlines()
    order = [line for line in lines if line[:1].isdigit()]
    assert order == ["1. Request [start]", "2. Validate Booking", "3. Confirm [end]"]
    block = text.split("2. Validate Booking")[1].split("3. Confirm")[0]
    assert "Decisions (P2): Check dates" in block
    assert "Logic (P3): rule “Dates must be in the future” at form validation (booking form)" \
        in block
    assert "Components (P4): rule “DateCheck”" in block
    assert "owner Ops" in block and "Next: Confirm" in block
    request = text.split("1. Request")[1].split("2. Validate")[0]
    assert "Outcomes (P1): Bookings confirmed within a day" in request
    assert "Logic (P3): none recorded" in request
    assert "Bookings confirmed within a day — lead time in hours, from 30 to 8" in text
    assert "Next: Validate Booking (rework)" in text.split("3. Confirm")[1]


def test_findings_are_counted_per_stage():
    anatomy = _small_map()
    findings = analyze(anatomy).findings
    text = outline_text(anatomy, findings)
    request = text.split("1. Request")[1].split("2. Validate")[0]
    mine = [f for f in findings if "st_a" in f.elements]
    assert f"Findings: {len(mine)}" in request if mine else "Findings: none" in request
    assert f"findings on the map: {len(findings)}" in text


def test_every_template_lists_every_stage_once():
    from vsm_editor.templates import template_ids

    for template_id in template_ids():
        anatomy = load_template(template_id)
        ordered = stage_order(anatomy)
        assert sorted(s.id for s in ordered) == sorted(s.id for s in anatomy.stages)
        text = outline_text(anatomy)
        for stage in anatomy.stages:
            assert f". {stage.name}" in text


def test_outline_dock_follows_the_document_and_copies(editor, qtbot):
    window = editor.open_session(_small_map(), None)
    qtbot.addWidget(window)
    window.actions_by_name["outline"].trigger()
    dock = window.outline_dock
    assert dock is not None and dock.isVisible()
    panel = dock.widget()
    assert "1. Request" in panel.text.toPlainText()
    window.session.editing.rename("st_a", "Customer request")
    qtbot.waitUntil(lambda: "1. Customer request" in panel.text.toPlainText(), timeout=3000)
    panel.copy_button.click()
    assert QGuiApplication.clipboard().text() == panel.plain_text()
    assert "1. Customer request [start]" in QGuiApplication.clipboard().text()
    window.actions_by_name["outline"].trigger()
    assert not dock.isVisible()
    assert not window.actions_by_name["outline"].isChecked()
