"""SVG export budgets: 1,000 stages < 150 ms and < 1 MB without the embedded anatomy;
5,000 stages < 500 ms. Each size is timed end to end (analysis, layout, routing, drawing)
and for the drawing alone (a scene laid out beforehand), so the report shows where the
time goes."""

from __future__ import annotations

from datetime import date

import pytest
from vsm_editor.exporters.svg import export_svg, render_scene
from vsm_editor.exporters.svg_scene import build_scene

TODAY = date(2026, 1, 1)


@pytest.mark.parametrize("stages", [1_000, 5_000])
def test_svg_export_end_to_end(benchmark, generated_map, stages: int) -> None:
    anatomy = generated_map(stages)
    data = benchmark.pedantic(export_svg, args=(anatomy,),
                              kwargs={"embed_anatomy": False, "today": TODAY},
                              rounds=3, iterations=1)
    benchmark.extra_info["bytes"] = len(data)
    assert data.count(b'class="stage ') == stages


@pytest.mark.parametrize("stages", [1_000, 5_000])
def test_svg_drawing_only(benchmark, generated_map, stages: int) -> None:
    scene = build_scene(generated_map(stages))
    data = benchmark.pedantic(render_scene, args=(scene,),
                              kwargs={"embed_anatomy": False, "today": TODAY},
                              rounds=5, iterations=1)
    benchmark.extra_info["bytes"] = len(data)
    assert data.count(b'class="stage ') == stages


def test_svg_of_1000_stages_is_under_1_mb(generated_map) -> None:
    data = export_svg(generated_map(1_000), embed_anatomy=False, today=TODAY)
    assert len(data) < 1_000_000, len(data)
