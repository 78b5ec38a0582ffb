"""Editable round trip: the map embedded in an exported SVG opens back exactly, and SVGs
that do not carry one (or are malformed or hostile) are refused with one clear line."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

sys.path.insert(0, str(Path(__file__).resolve().parent))

from strategies import anatomy_maps  # noqa: E402
from test_svg_helpers import TODAY, exported, sample_names, templates, text_map  # noqa: E402
from vsm_editor.exporters import svg_metadata  # noqa: E402
from vsm_editor.exporters.svg import export_svg  # noqa: E402
from vsm_editor.exporters.svg_import import load_svg_map  # noqa: E402

from vsm_editor.model import MapFileError, dump_bytes  # noqa: E402


@pytest.mark.parametrize("name", sample_names())
def test_export_then_open_gives_the_same_map(name: str) -> None:
    anatomy = text_map() if name == "text-map" else templates()[name]
    loaded = load_svg_map(exported(name), f"{name}.svg")
    assert loaded == anatomy
    assert dump_bytes(loaded) == dump_bytes(anatomy)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(anatomy_maps())
def test_random_maps_round_trip(anatomy) -> None:
    assert load_svg_map(export_svg(anatomy, today=TODAY), "random.svg") == anatomy


def test_large_maps_are_split_into_parts(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(svg_metadata, "PART_CHARS", 1000)
    anatomy = templates()["secure-api"]
    data = export_svg(anatomy, today=TODAY)
    assert data.count(b"<vsm:part>") > 10
    assert load_svg_map(data, "parts.svg") == anatomy


SVG_OPEN = b'<svg xmlns="http://www.w3.org/2000/svg">'
REFUSED = {
    "empty": (b"", "empty"),
    "not xml": (b"<svg", "not well-formed XML"),
    "not svg": (b"<html/>", "not an SVG"),
    "plain svg": (SVG_OPEN + b"<rect/></svg>", "holds no vsm-editor map"),
    "billion laughs": (
        b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa">'
        b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;">]>'
        + SVG_OPEN + b"<text>&c;</text></svg>", "entities"),
    "external entity": (
        b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        + SVG_OPEN + b'<metadata><vsm:anatomy xmlns:vsm="urn:vsm-editor:svg:1"><vsm:part>&x;'
        b"</vsm:part></vsm:anatomy></metadata></svg>", "entities"),
    "damaged data": (
        SVG_OPEN + b'<metadata><vsm:anatomy xmlns:vsm="urn:vsm-editor:svg:1">'
        b"<vsm:part>{not json</vsm:part></vsm:anatomy></metadata></svg>", "damaged.svg: "),
    "wrong element": (
        SVG_OPEN + b'<metadata><vsm:anatomy xmlns:vsm="urn:vsm-editor:svg:1"><b/>'
        b"</vsm:anatomy></metadata></svg>", "damaged"),
}


@pytest.mark.parametrize("case", list(REFUSED))
def test_refused_svgs_raise_one_line(case: str) -> None:
    data, expected = REFUSED[case]
    with pytest.raises(MapFileError) as caught:
        load_svg_map(data, "damaged.svg")
    message = str(caught.value)
    assert message.startswith("damaged.svg: ") and expected in message
    assert "\n" not in message


def test_a_truncated_export_is_refused() -> None:
    data = exported("secure-api")
    with pytest.raises(MapFileError, match="not well-formed XML"):
        load_svg_map(data[: len(data) // 2], "cut.svg")
