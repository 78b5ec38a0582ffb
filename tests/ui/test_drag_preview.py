"""Routes follow a dragged stage from one index of the still boxes, made once per drag."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPointF
from ui_testkit import generate_map

from vsm_editor.model import Document
from vsm_editor.ui import drag_preview
from vsm_editor.ui.scene import MapScene
from vsm_editor.ui.view import MapView


@pytest.fixture
def view(qapp):
    from vsm_editor.ui.editing import Editing

    document = Document(generate_map(200, 2))
    scene = MapScene(document)
    view = MapView(scene, Editing(document))
    yield view
    view.close()
    scene.detach()


@pytest.fixture
def gathers(monkeypatch):
    """How many times a drag indexed the still boxes."""
    made = []
    index = drag_preview.BoxIndex
    monkeypatch.setattr(drag_preview, "BoxIndex", lambda rects: made.append(len(rects))
                        or index(rects))
    return made


def _busiest_stage(scene: MapScene) -> str:
    return max(scene.stages, key=lambda stage_id: (len(scene._by_stage[stage_id]), stage_id))


def _start_dragging_the_busiest(view):
    """Select the stage with the most handoffs and press on it; the scene, its id and the
    press point."""
    scene = view.map_scene
    stage_id = _busiest_stage(scene)
    scene.select_ids([stage_id])
    start = scene.stages[stage_id].scene_box().center()
    view._start_drag(start)
    return scene, stage_id, start


def _routes(scene: MapScene) -> dict[str, list]:
    return {handoff_id: list(item.route) for handoff_id, item in scene.handoffs.items()}


def _on_box(point, box) -> bool:
    x, y, w, h = box
    return (x - 1e-6 <= point[0] <= x + w + 1e-6 and y - 1e-6 <= point[1] <= y + h + 1e-6
            and (abs(point[0] - x) < 1e-6 or abs(point[0] - x - w) < 1e-6
                 or abs(point[1] - y) < 1e-6 or abs(point[1] - y - h) < 1e-6))


def test_routes_follow_the_dragged_stage_from_one_gathering(view, gathers):
    scene, stage_id, start = _start_dragging_the_busiest(view)
    for step in range(1, 31):
        view.drag_to(QPointF(start.x() + 7 * step, start.y() + 3 * step))
        box = scene.stages[stage_id].box()
        for handoff_id in scene._by_stage[stage_id]:
            handoff = scene.handoffs[handoff_id]
            end = handoff.route[0] if handoff.handoff.source == stage_id else handoff.route[-1]
            assert _on_box(end, box), (step, handoff_id)
    assert len(gathers) == 1 and gathers[0] > 10


def test_a_long_drag_gathers_again_where_the_stage_went(view, gathers):
    scene, stage_id, start = _start_dragging_the_busiest(view)
    view.drag_to(QPointF(start.x() + 40, start.y()))
    view.drag_to(QPointF(start.x() + 40, start.y() + 10 * drag_preview.SPARE))
    assert len(gathers) == 2


def test_cancel_puts_back_the_routes_from_before_the_drag(view, gathers):
    before = _routes(view.map_scene)
    scene, _stage_id, start = _start_dragging_the_busiest(view)
    view.drag_to(QPointF(start.x() + 300, start.y() + 90))
    assert _routes(scene) != before
    view.cancel_gesture()
    assert _routes(scene) == before
    assert scene._preview is None


def test_the_drop_routes_in_full_and_a_new_drag_gathers_afresh(view, gathers):
    scene, stage_id, start = _start_dragging_the_busiest(view)
    view.drag_to(QPointF(start.x() + 300, start.y()))
    view.finish_drag()
    assert scene._preview is None
    dropped = _routes(scene)
    scene._reroute(scene._by_stage[stage_id])  # what any later edit here would route
    assert _routes(scene) == dropped
    view._start_drag(scene.stages[stage_id].scene_box().center())
    view.drag_to(QPointF(start.x() + 340, start.y()))
    assert len(gathers) == 2


def test_a_drop_where_the_drag_began_leaves_the_routes_as_they_were(view, gathers):
    before = _routes(view.map_scene)
    scene, _stage_id, start = _start_dragging_the_busiest(view)
    view.drag_to(QPointF(start.x() + 300, start.y() + 90))
    assert _routes(scene) != before
    view.drag_to(start)  # back: the move command changes nothing
    view.finish_drag()
    assert _routes(scene) == before
    assert not view.editing.can_undo()


def test_an_undo_during_a_drag_then_escape_routes_the_stage_where_it_is(view, gathers):
    scene = view.map_scene
    other = sorted(scene.stages)[0]
    x, y = view.editing.modeling.stage_position(other)
    view.editing.move({other: (x, y + 200.0)})  # something to undo
    scene, stage_id, start = _start_dragging_the_busiest(view)
    view.drag_to(QPointF(start.x() + 300, start.y() + 90))
    view.editing.undo()
    view.drag_to(QPointF(start.x() + 320, start.y() + 90))
    view.cancel_gesture()
    box = scene.stages[stage_id].box()
    for handoff_id in scene._by_stage[stage_id]:
        handoff = scene.handoffs[handoff_id]
        end = handoff.route[0] if handoff.handoff.source == stage_id else handoff.route[-1]
        assert _on_box(end, box), handoff_id


def test_a_dragged_stage_removed_by_an_undo_ends_the_drag_cleanly(view, gathers):
    scene = view.map_scene
    stage_id = view.editing.add_stage(40.0, 40.0, "Added")
    scene.select_ids([stage_id])
    start = scene.stages[stage_id].scene_box().center()
    view._start_drag(start)
    view.drag_to(QPointF(start.x() + 100, start.y()))
    view.editing.undo()  # the stage is gone
    view.drag_to(QPointF(start.x() + 140, start.y()))
    view.finish_drag()
    assert stage_id not in scene.stages and not scene.previewing()
