"""The export is valid against the official OMG BPMN 2.0 XSD (shipped inside SpiffWorkflow),
checked with xmlschema, which also resolves ID/IDREF references (lxml's XMLSchema does not)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from lxml import etree

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bpmn_support import NS, bpmn_schema, corner_maps, generated, templates  # noqa: E402
from strategies import any_maps  # noqa: E402
from vsm_editor.exporters.bpmn import export_bpmn  # noqa: E402

SAMPLES = {**{f"template {k}": v for k, v in templates().items()}, **corner_maps(),
           "generated 200": generated(200, 11)}


def errors_of(data: bytes) -> list[str]:
    root = etree.fromstring(data)
    return [str(error.reason or error) for error in bpmn_schema().iter_errors(root)]


@pytest.mark.parametrize("name", list(SAMPLES))
def test_samples_are_valid_bpmn(name):
    assert errors_of(export_bpmn(SAMPLES[name])) == []


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(any_maps(max_stages=8))
def test_random_maps_are_valid_bpmn(anatomy):
    assert errors_of(export_bpmn(anatomy)) == []


def test_the_validator_catches_a_dangling_reference():
    """Proof that the check has teeth: a lane naming a missing node must fail."""
    data = export_bpmn(SAMPLES["alternatives with rework"])
    root = etree.fromstring(data)
    ref = root.find(".//bpmn:flowNodeRef", NS)
    ref.text = "no_such_node"
    assert errors_of(etree.tostring(root)) != []
