"""The raster exports place everything as the SVG export does: the same view box, lane
bands, caption patches, title block and legend, on every template and the hard-names map,
with and without the blocks and on paper pages."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
from lxml import etree

sys.path.insert(0, str(Path(__file__).resolve().parent))

from test_raster_helpers import TODAY, sample, sample_names  # noqa: E402
from vsm_editor.exporters.options import ExportOptions  # noqa: E402
from vsm_editor.exporters.svg import render_scene  # noqa: E402
from vsm_editor.exporters.svg_scene import build_scene  # noqa: E402

from vsm_editor.ui.raster_frame import frame_scene  # noqa: E402

NS = {"s": "http://www.w3.org/2000/svg"}
TOLERANCE = 0.01  # the SVG writes two decimals
OPTIONS = [
    ExportOptions(),
    ExportOptions(legend=False),
    ExportOptions(title=False),
    ExportOptions(legend=False, title=False),
    ExportOptions(page="a4"),
    ExportOptions(page="letter", landscape=True),
]


def _translate(element: etree._Element) -> tuple[float, float]:
    x, y = re.fullmatch(r"translate\(([-\d.]+),([-\d.]+)\)", element.get("transform")).groups()
    return float(x), float(y)


@pytest.mark.parametrize("options", OPTIONS, ids=lambda o: f"{o.page}-{o.landscape}-"
                         f"{'L' if o.legend else 'noL'}-{'T' if o.title else 'noT'}")
@pytest.mark.parametrize("name", sample_names())
def test_frame_matches_the_svg(name: str, options: ExportOptions) -> None:
    scene = build_scene(sample(name))
    root = etree.fromstring(render_scene(scene, options, False, today=TODAY))
    frame = frame_scene(scene, options, TODAY, paper=True)

    view = [float(v) for v in root.get("viewBox").split()]
    assert [frame.view.x, frame.view.y, frame.view.width, frame.view.height] == pytest.approx(
        view, abs=TOLERANCE)

    lanes = root.findall(".//s:g[@class='lane']", NS)
    if lanes:
        band = lanes[0].find("s:rect", NS)
        left, width = float(band.get("x")), float(band.get("width"))
        assert frame.lanes == pytest.approx((left, left + width), abs=TOLERANCE)
    else:
        assert frame.lanes is None

    patches = root.findall(".//s:g[@class='captions']/s:rect", NS)
    assert len(patches) == len(frame.captions)
    for patch, placed in zip(patches, frame.captions, strict=True):
        box = placed.box
        assert [box.x, box.y, box.width, box.height] == pytest.approx(
            [float(patch.get(k)) for k in ("x", "y", "width", "height")], abs=TOLERANCE)

    title = root.find(".//s:g[@class='title-block']", NS)
    assert (title is not None) == bool(frame.title) == options.title
    if title is not None:
        x, y = _translate(title.getparent())
        first = title.find("s:text", NS)
        assert frame.title[0].line.x == pytest.approx(x, abs=TOLERANCE)
        assert frame.title[0].line.baseline == pytest.approx(y + float(first.get("y")),
                                                            abs=TOLERANCE)
        texts = "".join("".join(t.itertext()) for t in title.iterfind("s:text", NS))
        assert "".join(label.line.text for label in frame.title).replace(" ", "") == \
            texts.replace(" ", "")

    legend = root.find(".//s:g[@class='legend']", NS)
    assert (legend is not None) == (frame.legend is not None) == options.legend
    if legend is not None:
        x, y = _translate(legend.getparent())
        box = legend.find("s:rect", NS)
        assert [frame.legend.box.x, frame.legend.box.y, frame.legend.box.width,
                frame.legend.box.height] == pytest.approx(
            [x, y, float(box.get("width")), float(box.get("height"))], abs=TOLERANCE)
        texts = legend.findall("s:text", NS)
        assert [label.line.text for label in frame.legend.labels] == [t.text for t in texts]
        for label, text in zip(frame.legend.labels, texts, strict=True):
            assert label.line.x == pytest.approx(x + float(text.get("x")), abs=TOLERANCE)
            assert label.line.baseline == pytest.approx(y + float(text.get("y")),
                                                        abs=TOLERANCE)
