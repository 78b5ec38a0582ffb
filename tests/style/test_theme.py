"""Colours, marker shapes, strokes and the legend: one source for canvas and exports."""

from __future__ import annotations

import subprocess
import sys

import pytest

from vsm_editor.style import palette, sizes
from vsm_editor.style.legend import legend_entries
from vsm_editor.style.markers import (
    LAYERS,
    SEVERITIES,
    improvement_marker,
    layer_marker,
    severity_marker,
)
from vsm_editor.style.paths import (
    circle,
    rounded_polyline,
    rounded_rectangle,
    svg_path_data,
    translated,
)
from vsm_editor.style.strokes import HANDOFF_STROKES, arrow_head, handoff_stroke
from vsm_editor.style.text import measure


def test_text_and_markers_keep_projector_contrast_on_white():
    for colour in (palette.TEXT, palette.TEXT_MUTED, palette.STAGE_BORDER,
                   *palette.LAYER_COLOURS.values(), *palette.HANDOFF_COLOURS.values()):
        assert palette.contrast(colour, palette.STAGE_FILL) >= 4.5, colour
    for severity in SEVERITIES:
        fill = palette.SEVERITY_COLOURS[severity]
        assert palette.contrast(fill, palette.SEVERITY_MARK_COLOURS[severity]) >= 3.0
    for layer in LAYERS:
        assert palette.contrast(palette.LAYER_COLOURS[layer], palette.LAYER_LINKED_TEXT) >= 4.5


def test_lane_bands_stay_muted_whatever_the_users_colour():
    for colour in (*palette.LANE_BANDS, "#000000", "#ff0000", "#123", "not a colour", None):
        band = palette.band_colour(colour)
        assert palette.lightness(band) >= palette.BAND_MIN_LIGHTNESS
        assert palette.contrast(palette.TEXT, band) >= 7
    assert palette.band_colour("#e8eef7") == "#e8eef7"
    assert palette.band_colour("#ff0000") != "#ffffff"  # still tinted
    assert palette.contrast(palette.strip_colour("#e8eef7"), palette.STAGE_FILL) > 1.5


def test_colour_helpers():
    assert palette.parse_hex("#0a0B0c") == (10, 11, 12)
    assert palette.to_hex((300, -4, 127.6)) == "#ff0080"
    assert palette.mix("#000000", "#ffffff", 0.5) == "#808080"
    with pytest.raises(ValueError):
        palette.parse_hex("#12345")


def test_layer_markers_differ_by_fill_and_letter_not_colour_alone():
    linked = layer_marker("P2", True, 10, 20)
    missing = layer_marker("P2", False, 10, 20)
    assert linked.label == missing.label == "P2"
    assert linked.fill == palette.LAYER_COLOURS["P2"]
    assert missing.fill == palette.MARKER_UNLINKED_FILL
    assert linked.stroke == missing.stroke == palette.LAYER_COLOURS["P2"]
    assert palette.contrast(linked.label_colour, linked.fill) >= 4.5
    assert palette.contrast(missing.label_colour, missing.fill) >= 4.5
    # The label fits the square with the marker font.
    assert measure("P4", sizes.MARKER_FONT_SIZE, bold=True) < sizes.LAYER_MARKER_SIZE - 2
    xs = [c[i] for c in linked.outline for i in range(1, len(c), 2)]
    assert min(xs) >= 10 and max(xs) <= 10 + sizes.LAYER_MARKER_SIZE


def test_severity_markers_have_distinct_shapes():
    shapes = {s: severity_marker(s, 0, 0) for s in SEVERITIES}
    signatures = {
        s: (tuple(c[0] for c in shape.outline), tuple(c[0] for c in shape.mark))
        for s, shape in shapes.items()
    }
    assert len(set(signatures.values())) == 3
    assert sum(c[0] == "L" for c in shapes["error"].outline) == 7  # octagon
    assert sum(c[0] == "L" for c in shapes["warning"].outline) == 2  # triangle
    assert any(c[0] == "C" for c in shapes["info"].outline)  # circle
    for shape in shapes.values():
        points = [(c[i], c[i + 1]) for c in shape.outline + shape.mark
                  for i in range(1, len(c), 2)]
        assert all(-1e-6 <= x <= 16 + 1e-6 and -1e-6 <= y <= 16 + 1e-6 for x, y in points)
    with pytest.raises(ValueError):
        severity_marker("fatal", 0, 0)


def test_improvement_bursts():
    idea = improvement_marker("idea", 0, 0)
    pain = improvement_marker("pain_point", 0, 0)
    assert idea.fill != pain.fill and not idea.mark and pain.mark
    assert sum(c[0] == "L" for c in idea.outline) == 15  # 16 corners of an 8-point star


def test_svg_path_data_and_translation():
    assert svg_path_data([("M", 0, 0), ("L", 10.5, 2), ("Z",)]) == "M 0 0 L 10.5 2 Z"
    assert svg_path_data([("M", 1 / 3, -0.001)]) == "M 0.33 0"
    assert translated([("M", 1, 2), ("Q", 1, 2, 3, 4)], 10, 20) == [
        ("M", 11, 22), ("Q", 11, 22, 13, 24)
    ]
    ring = circle(5, 5, 5)
    assert ring[0] == ("M", 10, 5) and ring[-1] == ("Z",)
    box = rounded_rectangle(0, 0, 180, 90, 8)
    assert box[0] == ("M", 8, 0) and sum(c[0] == "C" for c in box) == 4


def test_handoff_kinds_look_different():
    looks = {(s.colour, s.dash) for s in HANDOFF_STROKES.values()}
    assert len(looks) == 3
    assert HANDOFF_STROKES["flow"].dash == () and HANDOFF_STROKES["flow"].arrow
    assert HANDOFF_STROKES["information"].dash  # dashed
    rework = HANDOFF_STROKES["rework"]
    assert rework.round_caps and rework.dash[0] < 1  # dots
    assert rework.corner_radius > HANDOFF_STROKES["flow"].corner_radius  # curves back
    assert rework.svg_dasharray() == "0.1 4"
    assert HANDOFF_STROKES["flow"].svg_dasharray() == "none"
    assert rework.dash_in_pen_widths() == (0.05, 2.0)
    assert handoff_stroke("unknown") is HANDOFF_STROKES["flow"]
    curved = rework.path([(0, 0), (0, 50), (100, 50)])
    assert [c[0] for c in curved] == ["M", "L", "Q", "L"]


def test_rounded_polyline_keeps_its_ends():
    path = rounded_polyline([(0, 0), (0, 10), (30, 10), (30, 40)], 4)
    assert path[0] == ("M", 0, 0) and path[-1] == ("L", 30, 40)
    assert [c[0] for c in path] == ["M", "L", "Q", "L", "Q", "L"]


def test_arrow_head_points_along_the_last_segment():
    left_wing, tip, right_wing = arrow_head([(0, 0), (100, 0)])
    assert tip == (100, 0)
    assert left_wing[0] == pytest.approx(100 - sizes.ARROW_LENGTH)
    assert {left_wing[1], right_wing[1]} == {sizes.ARROW_HALF_WIDTH, -sizes.ARROW_HALF_WIDTH}
    _, tip, wing = arrow_head([(0, 0), (0, 40), (0, 40)])
    assert tip == (0, 40) and wing[1] == pytest.approx(40 - sizes.ARROW_LENGTH)


def test_legend_lists_layers_handoffs_severities_and_improvements():
    entries = legend_entries()
    keys = [(e.kind, e.key) for e in entries]
    for layer in LAYERS:
        assert ("layer", layer) in keys
    for kind in ("flow", "information", "rework"):
        assert ("handoff", kind) in keys
    for severity in SEVERITIES:
        assert ("severity", severity) in keys
    assert any(e.kind == "layer" and not e.linked for e in entries)  # the outlined meaning
    assert all(e.label for e in entries)
    assert [e.kind for e in legend_entries(layers=False, improvements=False)].count("layer") == 0


def test_the_style_package_never_imports_qt():
    code = (
        "import sys\n"
        "import vsm_editor.style.layout, vsm_editor.style.routing, vsm_editor.style.legend\n"
        "assert not [m for m in sys.modules if m.startswith(('PySide6', 'shiboken6'))]\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
