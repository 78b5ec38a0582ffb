"""Data boxes: the stage's PT, %C&A and wait with units and estimate marks, placed under the
stage inside its lane band, never over another stage, and the display toggle."""

from __future__ import annotations

import pytest
from vsm_editor.exporters.svg_scene import build_scene

from vsm_editor.model.entities import (
    AnatomyMap,
    Display,
    Duration,
    Handoff,
    Lane,
    Percent,
    Stage,
    Stream,
)
from vsm_editor.model.geometry import Rect, lane_tops
from vsm_editor.model.migrations import CURRENT_VERSION, FORMAT_NAME
from vsm_editor.style.databox import layout_data_boxes
from vsm_editor.style.layout import laid_out_rects
from vsm_editor.templates import load_template, template_ids


def small_map(**display: bool) -> AnatomyMap:
    return AnatomyMap(
        format=FORMAT_NAME, version=CURRENT_VERSION, stream=Stream(id="vs", name="S"),
        lanes=[Lane(id="ln", name="Team", height=200.0)],
        stages=[
            Stage(id="a", name="A", lane="ln", x=0, process_time=Duration(
                value=2, unit="hours"), pca=Percent(value=90, measured=True)),
            Stage(id="b", name="B", lane="ln", x=300, process_time=Duration(
                value=1.5, unit="working_days", measured=True)),
            Stage(id="c", name="C", lane="ln", x=600),
        ],
        handoffs=[
            Handoff(id="h1", source="a", target="c", wait=Duration(value=3, unit="hours")),
            Handoff(id="h2", source="b", target="c", wait=Duration(
                value=2, unit="working_days", measured=True)),
        ],
        display=Display(**display),
    )


def _rects(anatomy: AnatomyMap) -> dict[str, Rect]:
    return {s.id: Rect(s.x, s.y, s.width, s.height) for s in anatomy.stages}


def test_cells_carry_units_and_estimate_marks() -> None:
    anatomy = small_map()
    boxes = {b.stage_id: b for b in layout_data_boxes(anatomy, _rects(anatomy),
                                                      lane_tops(anatomy))}
    assert boxes["a"].cells == (("PT", "~2 h"), ("%C&A", "90 %"), ("Wait", "–"))
    assert boxes["b"].cells[0] == ("PT", "1.5 wd")
    # two waits into C: the longest (2 wd = 16 h against 3 h) is shown
    assert boxes["c"].cells == (("PT", "–"), ("%C&A", "–"), ("Wait max", "2 wd"))
    assert "h1" in boxes["c"].figure.title and "h2" in boxes["c"].figure.title
    texts = [label.text for label in boxes["a"].figure.labels]
    assert texts == ["PT", "~2 h", "%C&A", "90 %", "Wait", "–"]


def test_placed_just_under_the_stage() -> None:
    anatomy = small_map()
    rects = _rects(anatomy)
    for box in layout_data_boxes(anatomy, rects, lane_tops(anatomy)):
        stage = rects[box.stage_id]
        assert box.rect.x == stage.x and box.rect.width == stage.width
        assert 0 < box.rect.y - stage.bottom <= 4 and not box.above


def test_goes_above_when_another_stage_sits_below() -> None:
    anatomy = small_map()
    rects = _rects(anatomy)
    rects["c"] = Rect(0, rects["a"].bottom + 5, 180, 60)  # right under A
    boxes = {b.stage_id: b for b in layout_data_boxes(anatomy, rects, lane_tops(anatomy))}
    assert boxes["a"].above
    assert boxes["a"].rect.bottom <= rects["a"].y
    assert not boxes["a"].rect.intersects(rects["c"])


def test_toggle_off() -> None:
    anatomy = small_map(data_boxes=False)
    assert layout_data_boxes(anatomy, _rects(anatomy), lane_tops(anatomy)) == []


@pytest.mark.parametrize("name", template_ids())
def test_templates_boxes_overlap_no_stage_and_stay_in_their_band(name: str) -> None:
    anatomy = load_template(name)
    scene = build_scene(anatomy)
    rects = laid_out_rects(scene.layouts)
    boxes = layout_data_boxes(anatomy, rects, scene.lane_tops)
    assert len(boxes) == len(anatomy.stages)
    bands = {}
    for lane in anatomy.lanes:
        bands[lane.id] = (scene.lane_tops[lane.id], scene.lane_tops[lane.id] + lane.height)
    stages = {s.id: s for s in anatomy.stages}
    for box in boxes:
        for stage_id, rect in rects.items():
            assert not box.rect.intersects(rect), (box.stage_id, stage_id)
        band = bands.get(stages[box.stage_id].lane)
        if band is not None:
            assert band[0] <= box.rect.y and box.rect.bottom <= band[1]

