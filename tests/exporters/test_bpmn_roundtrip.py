"""Export → parse → read the extension data → an equal map: the export loses nothing."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from lxml import etree

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bpmn_support import NS, corner_maps, generated, parse, templates  # noqa: E402
from strategies import any_maps  # noqa: E402
from vsm_editor.exporters.bpmn import export_bpmn  # noqa: E402
from vsm_editor.exporters.bpmn_extensions import (  # noqa: E402
    BpmnExtensionError,
    read_extensions,
)
from vsm_editor.exporters.bpmn_xml import parse_safely  # noqa: E402

from vsm_editor.model.errors import MapFileError  # noqa: E402

SAMPLES = {**{f"template {k}": v for k, v in templates().items()}, **corner_maps(),
           "generated 300": generated(300, 7)}


def round_trip(anatomy):
    return read_extensions(parse(export_bpmn(anatomy)))


def test_every_template_is_shipped_and_covered():
    assert any(name.startswith("template ") for name in SAMPLES)


@pytest.mark.parametrize("name", list(SAMPLES))
def test_samples_come_back_equal(name):
    assert round_trip(SAMPLES[name]) == SAMPLES[name]


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(any_maps())
def test_random_maps_come_back_equal(anatomy):
    assert round_trip(anatomy) == anatomy


def test_order_comes_from_the_index_not_the_document_order():
    anatomy = SAMPLES["alternatives with rework"]
    root = parse(export_bpmn(anatomy))
    process = root.find("bpmn:process", NS)
    tasks = process.findall("bpmn:task", NS)
    process.remove(tasks[0])
    process.append(tasks[0])  # first stage now last in the document
    assert read_extensions(root) == anatomy


def test_a_document_without_our_data_is_refused_clearly():
    foreign = (
        b'<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d" '
        b'targetNamespace="x"><process id="p"><task id="t"/></process></definitions>'
    )
    with pytest.raises(BpmnExtensionError, match="vsm:map"):
        read_extensions(parse(foreign))


def test_broken_extension_data_gives_typed_errors():
    root = parse(export_bpmn(SAMPLES["alternatives with rework"]))
    stage = root.find(".//vsm:stage", NS)
    stage.text = "{not json"
    with pytest.raises(BpmnExtensionError, match="valid JSON"):
        read_extensions(root)
    stage.text = '{"id": "s1"}'  # a stage without its name
    with pytest.raises(MapFileError):
        read_extensions(root)


def test_safe_parsing_refuses_a_doctype_and_expands_no_entity():
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa">'
        b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><d>&b;</d>'
    )
    with pytest.raises((ValueError, etree.XMLSyntaxError)):
        parse_safely(bomb)
