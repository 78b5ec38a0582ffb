"""Shared helpers of the BPMN export tests (imported by path: tests/ is not a package).

Sample maps (templates, generated, hand-made corner cases), the OMG XSD from SpiffWorkflow,
the node tool checks, and a structural comparison of two XML documents.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import sys
from functools import cache
from pathlib import Path

import pytest
from lxml import etree
from vsm_editor.exporters.bpmn_xml import parse_safely

from vsm_editor.model.entities import (
    AnatomyMap,
    Duration,
    Handoff,
    Lane,
    Percent,
    Rate,
    Stage,
    Stream,
)
from vsm_editor.model.integrity import check_map
from vsm_editor.model.migrations import CURRENT_VERSION, FORMAT_NAME
from vsm_editor.templates import load_template, template_ids

HERE = Path(__file__).resolve().parent
JS_DIR = HERE / "js"
BENCHMARKS = HERE.parent / "benchmarks"

BPMN = "http://www.omg.org/spec/BPMN/20100524/MODEL"
BPMNDI = "http://www.omg.org/spec/BPMN/20100524/DI"
DC = "http://www.omg.org/spec/DD/20100524/DC"
DI = "http://www.omg.org/spec/DD/20100524/DI"
VSM = "urn:vsm-editor:bpmn:1"
NS = {"bpmn": BPMN, "bpmndi": BPMNDI, "dc": DC, "di": DI, "vsm": VSM}
HOSTILE = "<script>alert(1)</script> & \"x\" ]]> 'y' \t\n\r end"


def q(prefix: str, local: str) -> str:
    """Clark notation of ``prefix:local``."""
    return f"{{{NS[prefix]}}}{local}"


def need_tool(reason: str) -> None:
    """A tool the test needs is missing: fail on CI (CI=true), skip with the reason elsewhere."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (CI=true: a missing test tool is an error)")
    pytest.skip(reason)


def node_ready() -> str:
    """The node executable, once the js checks' packages are installed (else fail/skip)."""
    node = shutil.which("node")
    if node is None:
        need_tool("node is not installed (install Node.js 20 and npm)")
    if not (JS_DIR / "node_modules" / "bpmn-moddle").is_dir():
        need_tool(f"the bpmn.io packages are not installed: run `npm ci --prefix {JS_DIR}`")
    return node  # type: ignore[return-value]


@cache
def bpmn_schema():
    """The OMG BPMN 2.0 XSD shipped inside SpiffWorkflow, loaded with xmlschema."""
    try:
        import xmlschema
    except ImportError:
        need_tool("xmlschema is not installed (pip install xmlschema)")
    spec = importlib.util.find_spec("SpiffWorkflow")
    if spec is None or spec.origin is None:
        need_tool("SpiffWorkflow (which ships the BPMN 2.0 XSD) is not installed")
    folder = Path(spec.origin).parent / "bpmn" / "parser" / "schema"
    return xmlschema.XMLSchema(str(folder / "BPMN20.xsd"))


# ----------------------------------------------------------------------------- sample maps
def generated(stages: int, seed: int) -> AnatomyMap:
    """A map from the benchmark generator (tests/benchmarks/generate.py)."""
    if str(BENCHMARKS) not in sys.path:
        sys.path.insert(0, str(BENCHMARKS))
    from generate import generate_map

    return generate_map(stages, seed)


def templates() -> dict[str, AnatomyMap]:
    """Every shipped template, as loaded (origin included)."""
    return {name: load_template(name) for name in template_ids()}


def bare(stages: list[Stage], handoffs: list[Handoff] | None = None,
         lanes: list[Lane] | None = None, name: str = "Stream") -> AnatomyMap:
    """A checked map of just these elements."""
    anatomy = AnatomyMap(
        format=FORMAT_NAME, version=CURRENT_VERSION, stream=Stream(id="vs_t", name=name),
        stages=stages, handoffs=handoffs or [], lanes=lanes or [],
    )
    check_map(anatomy)
    return anatomy


def flow(hid: str, source: str, target: str, **fields) -> Handoff:
    return Handoff(id=hid, source=source, target=target, **fields)


def row(*ids: str, lane: str | None = None, **fields) -> list[Stage]:
    """Stages laid out left to right, 240 apart."""
    return [
        Stage(id=sid, name=sid.upper(), lane=lane, x=40.0 + 240.0 * i, **fields)
        for i, sid in enumerate(ids)
    ]


def corner_maps() -> dict[str, AnatomyMap]:
    """Hand-made maps covering every BPMN construct the exporter makes."""
    lanes = [Lane(id="ln_a", name="Desk A"), Lane(id="ln_b", name="Desk B", colour="#fee")]
    alternatives = row("s1", "s2", "s3", "s4", lane="ln_a")
    alternatives[0].split = "alternatives"
    parallel = row("p1", "p2", "p3", "p4", lane="ln_b")
    parallel[0].split = "parallel"
    parallel[2].lane = None
    return {
        "empty": bare([]),
        "one stage, no lanes": bare(row("only")),
        "hostile names": bare(
            [Stage(id="st_x", name=HOSTILE, owner=HOSTILE, notes="\x00\x1f\ufffe\uffff"),
             Stage(id="st_y", name="受付と審査 🚀", x=300.0)],
            [flow("ho_xy", "st_x", "st_y", label=HOSTILE, artifact="<b>&amp;</b>"),
             flow("ho_info", "st_x", "st_y", kind="information", label=HOSTILE)],
            name=HOSTILE,
        ),
        "alternatives with rework": bare(
            alternatives,
            [flow("h12", "s1", "s2", share=Percent(value=70.0)),
             flow("h13", "s1", "s3", share=Percent(value=30.0, measured=True)),
             flow("h24", "s2", "s4", wait=Duration(value=2.0, unit="hours")),
             flow("h34", "s3", "s4"),
             flow("r41", "s4", "s1", kind="rework", rework_rate=Rate(value=0.2)),
             flow("i23", "s2", "s3", kind="information", artifact="order")],
            lanes,
        ),
        "parallel split and join, a stage without lane": bare(
            parallel,
            [flow("q12", "p1", "p2"), flow("q13", "p1", "p3"),
             flow("q24", "p2", "p4"), flow("q34", "p3", "p4")],
            lanes,
        ),
        "marked start with incoming flow, derived id taken": bare(
            [Stage(id="m1", name="M1", start=True, end=True),
             Stage(id="m2", name="M2", x=300.0),
             Stage(id="m1_start", name="Taken id", x=600.0),
             Stage(id="m1_merge", name="Taken too", x=900.0)],
            [flow("mh1", "m1", "m2"), flow("mh2", "m2", "m1"), flow("mh3", "m2", "m1_start"),
             flow("mh4", "m1_start", "m1_merge")],
        ),
    }


# ----------------------------------------------------------------------------- documents
def parse(data: bytes) -> etree._Element:
    return parse_safely(data)


def structure(element: etree._Element) -> tuple:
    """A comparable form of an XML tree: names in Clark notation, attributes as a dict
    (numbers compared as numbers), text without surrounding layout whitespace, children in
    order; comments and processing instructions ignored."""
    attributes = {}
    for key, value in element.attrib.items():
        try:
            attributes[key] = float(value) if element.tag in (q("dc", "Bounds"),
                                                              q("di", "waypoint")) else value
        except ValueError:
            attributes[key] = value
    body = element.text or ""
    children = tuple(structure(child) for child in element if isinstance(child.tag, str))
    text = body.strip() if children or not body.strip() else body
    return (element.tag, tuple(sorted(attributes.items())), text, children)
