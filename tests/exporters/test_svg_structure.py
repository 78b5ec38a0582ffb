"""The SVG export's structure: every template exports to well-formed SVG with its size, view
box and fonts; each stage is a titled group whose whole name is one text element inside its
box (measured with the shipped font); the legend and title block switch off; page sizes."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from lxml import etree  # noqa: E402
from test_svg_helpers import (  # noqa: E402
    NAMES,
    NS,
    TODAY,
    exported,
    inside,
    name_boxes,
    parse,
    sample_names,
    templates,
    text_map,
)
from vsm_editor.exporters.options import ExportOptions  # noqa: E402
from vsm_editor.exporters.svg import export_svg  # noqa: E402
from vsm_editor.exporters.svg_shapes import separator_text  # noqa: E402

from vsm_editor.analysis import analyze  # noqa: E402
from vsm_editor.style.flow_labels import duration_label  # noqa: E402
from vsm_editor.style.strokes import handoff_stroke  # noqa: E402
from vsm_editor.style.text import FONT_FAMILY_CSS  # noqa: E402


@pytest.mark.parametrize("name", sample_names())
def test_exports_well_formed_svg_with_size_and_fonts(name: str) -> None:
    root = parse(exported(name))
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    width, height = float(root.get("width")), float(root.get("height"))
    box = [float(v) for v in root.get("viewBox").split()]
    assert width > 100 and height > 100
    assert (box[2], box[3]) == pytest.approx((width, height), abs=0.02)
    families = [f.strip(" '\"") for f in root.get("font-family").split(",")]
    assert families[0] == "DejaVu Sans" and families[-1] == "sans-serif"
    assert {"Verdana", "Arial"} <= set(families)
    background = root.find("s:rect[@class='background']", NS)
    assert background.get("fill") == "#ffffff"
    assert [background.get(k) for k in ("x", "y", "width", "height")] == root.get(
        "viewBox").split()


@pytest.mark.parametrize("name", sample_names())
def test_every_stage_is_a_titled_group_with_its_whole_name(name: str) -> None:
    anatomy = text_map() if name == "text-map" else templates()[name]
    root = parse(exported(name))
    groups = {g.get("id"): g for g in root.iterfind(".//s:g[@class]", NS)
              if "stage" in g.get("class").split()}
    assert list(groups) == [stage.id for stage in anatomy.stages]
    for stage in anatomy.stages:
        group = groups[stage.id]
        assert group.find("s:title", NS).text == stage.name
        texts = group.findall("s:text[@class='name']", NS)
        assert len(texts) == 1
        spans = texts[0].findall("s:tspan", NS)
        assert spans and all(s.get("x") for s in spans)
        assert spans[0].get("dy") is None and all(s.get("dy") for s in spans[1:])
        assert "".join(s.text or "" for s in spans) == stage.name
        assert "…" not in "".join(s.text or "" for s in spans) or "…" in stage.name


@pytest.mark.parametrize("name", sample_names())
def test_name_text_lies_inside_its_stage_box(name: str) -> None:
    boxes = name_boxes(parse(exported(name)))
    assert boxes
    for found in boxes:
        assert inside(found.text, found.box), found


def test_hard_names_wrap_to_several_lines_and_the_box_grows() -> None:
    boxes = {b.stage_id: b for b in name_boxes(parse(exported("text-map")))}
    assert set(NAMES) == set(boxes)
    assert len(boxes["st_long"].lines) >= 6
    assert boxes["st_long"].box[3] - boxes["st_long"].box[1] > 90  # grown from the stored 90
    assert len(boxes["st_cjk"].lines) >= 2 and len(boxes["st_xs"].lines) >= 5


def test_separators_are_kept_so_copying_gives_the_name() -> None:
    assert separator_text(" ") == " " and separator_text("\n") == "\n"
    assert separator_text("") == ""


def test_coverage_and_findings_become_markers() -> None:
    anatomy = templates()["secure-api"]
    report = analyze(anatomy)
    root = parse(exported("secure-api"))
    for stage_id, coverage in report.coverage.stages.items():
        group = root.find(f".//s:g[@id='{stage_id}']", NS)
        use = next(u for u in group.iterfind("s:use", NS)
                   if "cov-" in u.get("{http://www.w3.org/1999/xlink}href"))
        pattern = "".join("1" if flag else "0" for flag in coverage.linked)
        assert use.get("{http://www.w3.org/1999/xlink}href").endswith("cov-" + pattern)
        assert ("incomplete" in group.get("class")) == (not coverage.complete)
    involved = {e for f in report.findings for e in f.elements}
    for stage in anatomy.stages:
        group = root.find(f".//s:g[@id='{stage.id}']", NS)
        finding = group.find("s:use[@class='finding']", NS)
        assert (finding is not None) == (stage.id in involved)
        assert (group.find("s:use[@class='improvement']", NS) is not None) == bool(
            stage.improvements)


def marker_of(root, path) -> etree._Element:
    """The ``<marker>`` a path ends in (its own ``marker-end`` or the one it inherits)."""
    element = path
    while element is not None and element.get("marker-end") is None:
        element = element.getparent()
    reference = element.get("marker-end")
    assert reference.startswith("url(#") and reference.endswith(")")
    (marker,) = root.xpath(f"//s:marker[@id='{reference[5:-1]}']", namespaces=NS)
    return marker


def test_handoffs_have_routes_arrow_heads_and_waits() -> None:
    anatomy = templates()["secure-api"]
    root = parse(exported("secure-api"))
    for handoff in anatomy.handoffs:
        path = root.find(f".//s:path[@id='{handoff.id}']", NS)
        assert handoff.kind in path.get("class").split()
        assert path.get("d").startswith("M")
        marker = marker_of(root, path)
        assert marker.get("orient") == "auto"
        head = marker.find("s:polyline", NS)
        assert len(head.get("points").split()) == 3
        assert head.get("stroke") == handoff_stroke(handoff.kind).colour
        dash = path.get("stroke-dasharray")
        assert (dash is None) == (handoff.kind == "flow")
    # each wait is said once: in the data box of the stage it leads to when that box shows
    # it (the stage's only incoming wait), else in a caption beside its queue
    captions = " ".join("".join(t.itertext()) for t in root.iterfind(
        ".//s:g[@class='captions']//s:text", NS))
    waits = [h for h in anatomy.handoffs if h.wait is not None]
    into: dict[str, int] = {}
    for handoff in waits:
        into[handoff.target] = into.get(handoff.target, 0) + 1
    boxed = [h for h in waits if into[h.target] == 1]
    assert boxed and len(boxed) < len(waits)
    assert captions.count("wait ") == len(waits) - len(boxed)
    for handoff in boxed:
        box = root.find(f".//s:g[@class='data-box'][@data-element='{handoff.target}']", NS)
        assert duration_label(handoff.wait) in "".join(box.itertext())


def test_title_block_and_legend_are_on_by_default_and_switch_off() -> None:
    anatomy = templates()["secure-api"]
    full = parse(exported("secure-api"))
    title = "".join(full.find(".//s:g[@class='title-block']", NS).itertext())
    assert anatomy.stream.name in title and TODAY.isoformat() in title
    assert f"Revision {anatomy.stream.revision}" in title
    legend = "".join(full.find(".//s:g[@class='legend']", NS).itertext())
    for word in ("P1 Strategy", "P4 Components", "Flow", "Information", "Rework", "Error",
                 "Warning", "Info"):
        assert word in legend
    bare = parse(export_svg(anatomy, ExportOptions(legend=False, title=False), today=TODAY))
    assert bare.find(".//s:g[@class='title-block']", NS) is None
    assert bare.find(".//s:g[@class='legend']", NS) is None
    assert float(bare.get("height")) < float(full.get("height")) - 100


def test_author_shown_only_when_set() -> None:
    root = parse(exported("text-map"))
    assert "Author: " in "".join(root.find(".//s:g[@class='title-block']", NS).itertext())
    plain = parse(exported("secure-api"))
    assert "Author" not in "".join(plain.find(".//s:g[@class='title-block']", NS).itertext())


def test_scale_and_pages() -> None:
    anatomy = templates()["validate-booking"]
    one = parse(export_svg(anatomy, today=TODAY))
    two = parse(export_svg(anatomy, ExportOptions(scale=2), today=TODAY))
    assert float(two.get("width")) == pytest.approx(2 * float(one.get("width")), abs=0.02)
    assert two.get("viewBox") == one.get("viewBox")
    a4 = parse(export_svg(anatomy, ExportOptions(page="a4", landscape=True), today=TODAY))
    assert (a4.get("width"), a4.get("height")) == ("297mm", "210mm")
    box = [float(v) for v in a4.get("viewBox").split()]
    assert box[2] / box[3] == pytest.approx(297 / 210, rel=1e-3)


def test_embedding_can_be_left_out() -> None:
    anatomy = templates()["secure-api"]
    data = export_svg(anatomy, embed_anatomy=False, today=TODAY)
    assert parse(data).find("s:metadata", NS) is None
    assert len(data) < len(exported("secure-api"))


def test_empty_map_exports() -> None:
    anatomy = text_map()
    anatomy.stages, anatomy.handoffs, anatomy.lanes = [], [], []
    root = parse(export_svg(anatomy, today=TODAY))
    assert float(root.get("width")) > 0 and root.find(".//s:g[@class='legend']", NS) is not None


def test_uses_the_style_font_family() -> None:
    assert parse(exported("secure-api")).get("font-family") == FONT_FAMILY_CSS
