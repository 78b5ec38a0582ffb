"""The SVG export is safe: no scripts, event attributes, foreignObject or outside references,
and every user string (names, titles, captions, the embedded JSON) shows exactly as typed."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from lxml import etree

sys.path.insert(0, str(Path(__file__).resolve().parent))

from strategies import anatomy_maps  # noqa: E402
from test_svg_helpers import (  # noqa: E402
    HOSTILE,
    NS,
    SVG,
    TODAY,
    exported,
    parse,
    sample_names,
)
from vsm_editor.exporters.svg import export_svg  # noqa: E402
from vsm_editor.exporters.svg_import import embedded_json  # noqa: E402
from vsm_editor.exporters.svg_map import STAGE_CSS  # noqa: E402

XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
FORBIDDEN_TAGS = {"script", "foreignObject", "iframe", "object", "embed", "image", "audio",
                  "video", "handler", "listener", "set", "animate"}


def assert_safe(data: bytes) -> None:
    assert b"<!DOCTYPE" not in data and b"<!ENTITY" not in data
    root = parse(data)
    ids = {element.get("id") for element in root.iter() if element.get("id")}
    styles = [element for element in root.iter(f"{{{SVG}}}style")]
    assert [style.text for style in styles] == [STAGE_CSS]  # fixed rules, nothing of the map
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue  # comments / processing instructions: none expected
        local = etree.QName(element).localname
        assert local not in FORBIDDEN_TAGS, local
        for name, value in element.attrib.items():
            attribute = etree.QName(name).localname
            assert not attribute.lower().startswith("on"), (local, name)
            if attribute == "href":
                assert value.startswith("#") and value[1:] in ids, value
            if "url(" in value:
                assert value.startswith("url(#") and value[5:-1] in ids, value
            assert "javascript:" not in value.lower()
    for rule in STAGE_CSS.split("}")[:-1]:  # selectors and declarations, nothing fetched
        assert re.fullmatch(r"[.a-z>-]+\{([a-z-]+:#?[0-9a-z.]+;?)+", rule), rule


@pytest.mark.parametrize("name", sample_names())
def test_no_forbidden_constructs(name: str) -> None:
    assert_safe(exported(name))


def test_hostile_strings_show_exactly_as_typed() -> None:
    data = exported("text-map")
    assert b"<script>" not in data and b"]]>" not in data
    root = parse(data)
    group = root.find(".//s:g[@id='st_hostile']", NS)
    assert group.find("s:title", NS).text == HOSTILE
    assert "".join(group.find("s:text[@class='name']", NS).itertext()) == HOSTILE
    assert "".join(group.find("s:text[@class='owner']", NS).itertext()) == "Owner " + HOSTILE
    assert root.find("s:title", NS).text == "Names " + HOSTILE
    lane = root.find(".//s:g[@id='ln_a']", NS)
    assert lane.find("s:title", NS).text == "Front office " + HOSTILE
    caption = root.find(".//*[@id='ho_0']/s:title", NS).text
    assert caption == HOSTILE
    assert HOSTILE in "".join(root.find(".//s:g[@class='title-block']", NS).itertext())
    burst = root.find(".//s:g[@id='st_long']/s:use[@class='improvement']/s:title", NS)
    assert burst.text == "Idea: " + HOSTILE
    decoded = json.loads(embedded_json(data))
    assert decoded["stages"][6]["name"] == HOSTILE
    assert decoded["stream"]["author"] == HOSTILE


def test_characters_xml_cannot_hold_do_not_break_the_export() -> None:
    from test_svg_helpers import text_map

    anatomy = text_map()
    anatomy.stages[0].name = "bell\x07 and \ufffe nonchar \uffff end"
    data = export_svg(anatomy, today=TODAY)
    group = parse(data).find(".//s:g[@id='st_long']", NS)
    assert group.find("s:title", NS).text == "bell and  nonchar  end"
    assert json.loads(embedded_json(data))["stages"][0]["name"] == anatomy.stages[0].name


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(anatomy_maps(max_stages=8))
def test_random_maps_export_safely(anatomy) -> None:
    data = export_svg(anatomy, today=TODAY)
    assert_safe(data)
    root = parse(data)
    for stage in anatomy.stages:
        group = root.find(f".//s:g[@id='{stage.id}']", NS)
        assert group is not None and "stage" in group.get("class")
