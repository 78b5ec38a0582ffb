"""Our own exports come back equal (through the vsm extension data), and without that data
their structure still comes back from the BPMN elements alone."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from lxml import etree
from strategies import any_maps
from vsm_editor.exporters.bpmn import export_bpmn
from vsm_editor.exporters.bpmn_import import import_bpmn

from vsm_editor.model.integrity import check_map
from vsm_editor.templates import load_template, template_ids

VSM = "urn:vsm-editor:bpmn:1"
BPMN = "http://www.omg.org/spec/BPMN/20100524/MODEL"


@pytest.mark.parametrize("template", template_ids())
def test_every_template_comes_back_equal(template):
    anatomy = load_template(template)
    result = import_bpmn(export_bpmn(anatomy), f"{template}.bpmn")
    assert result.from_extensions
    assert result.anatomy == anatomy
    assert result.report == []


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(any_maps())
def test_random_maps_come_back_equal(anatomy):
    assert import_bpmn(export_bpmn(anatomy), "random.bpmn").anatomy == anatomy


def _without_our_data(data: bytes) -> bytes:
    root = etree.fromstring(data)
    for element in list(root.iter(f"{{{VSM}}}*")):
        element.getparent().remove(element)
    return etree.tostring(root)


@pytest.mark.parametrize("template", template_ids())
def test_without_our_data_the_structure_and_geometry_still_come_back(template):
    anatomy = load_template(template)
    result = import_bpmn(_without_our_data(export_bpmn(anatomy)), "foreign.bpmn")
    got = result.anatomy
    check_map(got)
    assert not result.from_extensions
    assert [(s.id, s.name, s.lane, s.x, s.y) for s in got.stages] == [
        (s.id, s.name, s.lane, s.x, s.y) for s in anatomy.stages]
    assert [(lane.id, lane.name, lane.height) for lane in got.lanes] == [
        (lane.id, lane.name, lane.height) for lane in anatomy.lanes]
    assert {(h.source, h.target, h.kind) for h in got.handoffs} == {
        (h.source, h.target, h.kind) for h in anatomy.handoffs if h.kind != "information"}


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(any_maps())
def test_without_our_data_random_maps_still_import_as_valid_maps(anatomy):
    result = import_bpmn(_without_our_data(export_bpmn(anatomy)), "foreign.bpmn")
    check_map(result.anatomy)
    assert len(result.anatomy.stages) == len(anatomy.stages)


def test_an_export_changed_in_another_tool_is_imported_from_its_elements():
    anatomy = load_template("secure-api")
    root = etree.fromstring(export_bpmn(anatomy))
    first = root.find(f".//{{{BPMN}}}task")
    first.set("name", "Renamed in Camunda Modeler")
    result = import_bpmn(etree.tostring(root), "edited.bpmn")
    assert not result.from_extensions
    assert result.anatomy.stages[0].name == "Renamed in Camunda Modeler"
    assert any("changed after the export" in item.detail for item in result.report)
    check_map(result.anatomy)


def test_moving_shapes_in_another_tool_still_restores_the_whole_map():
    anatomy = load_template("customer-onboarding")
    root = etree.fromstring(export_bpmn(anatomy))
    for bounds in root.iter("{http://www.omg.org/spec/DD/20100524/DC}Bounds"):
        bounds.set("x", str(float(bounds.get("x")) + 17))
    result = import_bpmn(etree.tostring(root), "moved.bpmn")
    assert result.from_extensions and result.anatomy == anatomy
