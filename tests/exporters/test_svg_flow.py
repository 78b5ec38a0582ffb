"""The flow drawings in the SVG export: the timeline ladder with its totals as real text,
data boxes, queue triangles and supplier/customer markers, each following the map's display
toggles, inside the view box."""

from __future__ import annotations

import importlib.util
from collections import Counter
from datetime import date
from pathlib import Path

import msgspec
import pytest
from lxml import etree
from vsm_editor.exporters.svg import export_svg

from vsm_editor.analysis.flow import compute_flow
from vsm_editor.model.entities import Display
from vsm_editor.style.flow_labels import (
    duration_label,
    hours_label,
    pca_total_label,
    share_label,
)
from vsm_editor.templates import load_template

NS = {"s": "http://www.w3.org/2000/svg"}
TODAY = date(2026, 3, 14)
_FLOW_TESTS = Path(__file__).resolve().parents[1] / "analysis" / "test_flow.py"
_spec = importlib.util.spec_from_file_location("hand_worked_flow_svg", _FLOW_TESTS)
worked = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(worked)


def svg(anatomy) -> etree._Element:
    return etree.fromstring(export_svg(anatomy, today=TODAY))


def total(root: etree._Element, role: str) -> str:
    (text,) = root.findall(f".//s:g[@class='ladder']/s:text[@class='total {role}']", NS)
    return text.text


def test_secure_api_ladder_totals_are_text() -> None:
    anatomy = load_template("secure-api")
    metrics = compute_flow(anatomy)
    root = svg(anatomy)
    ladder = root.find(".//s:g[@class='ladder']", NS)
    assert ladder is not None
    est = metrics.estimated
    assert total(root, "lead-time") == hours_label(metrics.lead_time_hours, 8.0, est)
    assert "(303.8 h)" in total(root, "lead-time")
    assert total(root, "process-time") == hours_label(metrics.process_time_hours, 8.0, est)
    assert total(root, "flow-efficiency") == share_label(metrics.flow_efficiency, est)
    assert total(root, "rolled-pca") == pca_total_label(metrics.rolled_pca, est)
    heading = ladder.find("s:text[@class='ladder-heading']", NS).text
    assert "follows the critical path" in heading  # secure-api branches
    rungs = ladder.findall("s:g[@class='rung process']/s:text", NS)
    assert len(rungs) == len(metrics.critical_path)


@pytest.mark.parametrize(("make", "lead"), [(worked.alternatives_map, "11.4 h"),
                                            (worked.parallel_map, "10 h"),
                                            (worked.rework_map, "10.7 h")])
def test_hand_worked_lead_times_in_the_svg(make, lead) -> None:
    assert lead in total(svg(make()), "lead-time")


def test_view_box_holds_the_ladder_under_the_lanes() -> None:
    anatomy = load_template("secure-api")
    root = svg(anatomy)
    x, y, width, height = (float(v) for v in root.get("viewBox").split())
    lanes = root.findall(".//s:g[@class='lane']/s:rect", NS)
    lanes_bottom = max(float(r.get("y")) + float(r.get("height")) for r in lanes)
    ladder_texts = root.findall(".//s:g[@class='ladder']/s:text", NS)
    ys = [float(t.get("y")) for t in ladder_texts]
    rows = root.findall(".//s:g[@class='ladder']/s:g[@transform]", NS)
    assert {row.get("class") for row in rows} == {"rung wait", "rung process"}
    ys += [float(row.get("transform").split()[1].rstrip(")")) for row in rows]
    assert min(ys) > lanes_bottom
    assert max(ys) < y + height
    box = root.find(".//s:g[@class='ladder']/s:path[@class='ladder-totals']", NS)
    xs = [float(v) for v in box.get("d").replace("M", "").replace("L", "").replace(
        "Z", "").split()[0::2]]
    assert x < min(xs) and max(xs) < x + width


def test_data_boxes_queues_and_stream_ends() -> None:
    anatomy = load_template("secure-api")
    root = svg(anatomy)
    boxes = root.findall(".//s:g[@class='data-boxes']/s:g[@class='data-box']", NS)
    assert [b.get("data-element") for b in boxes] == [s.id for s in anatomy.stages]
    queued = [h.id for h in anatomy.handoffs if h.kind == "flow" and h.wait is not None]
    queues = root.findall(".//s:g[@class='lean-symbols queues']/s:use[@class='queue']", NS)
    assert [q.get("data-element") for q in queues] == queued
    ends = root.findall(".//s:g[@class='lean-symbols stream-ends']/s:g", NS)
    kinds = {(g.get("class"), g.get("data-element")) for g in ends}
    assert ("supplier", "st_intake") in kinds
    assert any(kind == "customer" for kind, _ in kinds)
    # a queued wait is said beside its triangle only when no data box says it already
    captions = " ".join("".join(t.itertext()) for t in root.iterfind(
        ".//s:g[@class='captions']//s:text", NS))
    into = Counter(h.target for h in anatomy.handoffs if h.wait)
    shared = [h for h in anatomy.handoffs if h.wait and into[h.target] > 1]
    assert shared and captions.count("wait ") == len(shared)


def waits_in_captions(root: etree._Element) -> list[str]:
    return ["".join(t.itertext()) for t in root.iterfind(".//s:g[@class='captions']//s:text",
                                                          NS) if "wait " in "".join(t.itertext())]


def test_waits_beside_queues_when_data_boxes_are_off() -> None:
    anatomy = load_template("secure-api")
    waits = [h for h in anatomy.handoffs if h.kind == "flow" and h.wait]
    off = svg(msgspec.structs.replace(anatomy, display=Display(data_boxes=False)))
    assert len(waits_in_captions(off)) == len(waits)
    assert "wait ~3 wd" in waits_in_captions(off)  # beside its queue, as two lines
    on = svg(anatomy)
    assert len(waits_in_captions(on)) < len(waits)
    # the Wait column says what the dropped captions said
    for handoff in waits:
        box = on.find(f".//s:g[@class='data-box'][@data-element='{handoff.target}']", NS)
        assert duration_label(handoff.wait) in "".join(box.itertext())


def test_toggles_off_leave_them_out() -> None:
    anatomy = load_template("secure-api")
    off = msgspec.structs.replace(anatomy, display=Display(data_boxes=False, ladder=False,
                                                           lean_symbols=False))
    root = svg(off)
    for kind in ("ladder", "data-boxes", "lean-symbols queues", "lean-symbols stream-ends"):
        assert root.find(f".//s:g[@class='{kind}']", NS) is None, kind
    captions = " ".join("".join(t.itertext()) for t in root.iterfind(
        ".//s:g[@class='captions']//s:text", NS))
    assert "wait 3 wd" in captions  # the caption carries the wait again (3 working days)
    on = svg(anatomy)
    assert float(on.get("height")) > float(root.get("height"))  # the ladder took room


@pytest.mark.parametrize("toggle", ["data_boxes", "ladder", "lean_symbols"])
def test_each_toggle_alone(toggle: str) -> None:
    anatomy = load_template("order-to-cash")
    root = svg(msgspec.structs.replace(anatomy, display=Display(**{toggle: False})))
    present = {
        "data_boxes": root.find(".//s:g[@class='data-boxes']", NS) is not None,
        "ladder": root.find(".//s:g[@class='ladder']", NS) is not None,
        "lean_symbols": root.find(".//s:g[@class='lean-symbols queues']", NS) is not None,
    }
    assert present == {key: key != toggle for key in present}
