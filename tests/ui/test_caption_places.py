"""Handoff captions on the canvas keep off the stage boxes, the flow drawings and each other
(placed by the flow overlay, as the exports place them)."""

from __future__ import annotations

import pytest
from flow_testkit import open_window
from PySide6.QtCore import QRectF

from vsm_editor.templates import load_template, template_ids


def _rect(box) -> QRectF:
    return QRectF(box.x, box.y, box.width, box.height)


def _overlaps(window) -> list[tuple[str, str]]:
    """Every (caption, what it covers) on the canvas."""
    scene, overlay = window.session.scene, window.flow_overlay
    obstacles: list[tuple[str, QRectF]] = []
    for stage_id, item in scene.stages.items():
        obstacles.append((stage_id, item.scene_box()))
        data_box = overlay.figure("data-box", stage_id)
        if data_box is not None:
            obstacles.append((f"data box of {stage_id}", _rect(data_box.bounds)))
    for handoff_id, symbol in overlay._symbols.items():
        obstacles.append((f"queue of {handoff_id}", _rect(symbol.box)))
        if symbol.wait_box is not None:
            obstacles.append((f"wait of {handoff_id}", _rect(symbol.wait_box)))
    captions = [(handoff_id, item.caption_place()) for handoff_id, item in
                scene.handoffs.items() if item.caption_place() is not None]
    found = []
    for number, (handoff_id, place) in enumerate(captions):
        others = obstacles + [(f"caption of {h}", p) for h, p in captions[number + 1:]]
        found += [(handoff_id, name) for name, box in others if box.intersects(place)]
    return found


@pytest.mark.parametrize("template_id", template_ids())
def test_no_caption_covers_a_stage_a_drawing_or_another_caption(
        editor, qtbot, tmp_path, template_id) -> None:
    window = open_window(editor, qtbot, tmp_path, load_template(template_id), template_id)
    assert _overlaps(window) == []


def test_secure_api_captions_moved_off_the_waits_they_covered(editor, qtbot, tmp_path) -> None:
    """Two captions of the example sat under queue waits before they were placed."""
    window = open_window(editor, qtbot, tmp_path, load_template("secure-api"))
    moved = [item for item in window.session.scene.handoffs.values()
             if item.caption_place() is not None
             and item.caption_place() != item._caption_box()]
    assert len(moved) >= 2


def test_a_route_set_back_gets_its_placed_caption_back(editor, qtbot, tmp_path) -> None:
    window = open_window(editor, qtbot, tmp_path, load_template("secure-api"))
    item = next(item for item in window.session.scene.handoffs.values()
                if item.caption_place() is not None
                and item.caption_place() != item._caption_box())
    placed, route, label_pos = item.caption_place(), list(item.route), item.label_pos
    item.set_route([(p[0], p[1] + 500.0) for p in route])  # a drag moves it elsewhere
    assert item.caption_place() == item._caption_box() != placed
    item.set_route(route, label_pos)  # Escape puts the route back
    assert item.caption_place() == placed


def test_an_edited_caption_is_placed_again(editor, qtbot, tmp_path) -> None:
    window = open_window(editor, qtbot, tmp_path, load_template("secure-api"))
    scene = window.session.scene
    handoff_id = next(h for h, item in scene.handoffs.items() if item.caption())
    window.session.editing.modeling.set_property(
        handoff_id, "label", "a much longer caption that wraps onto a second line " * 2)
    item = scene.handoffs[handoff_id]
    qtbot.waitUntil(lambda: len(item.caption_lines()) > 1 and not window.flow_overlay.is_pending(),
                    timeout=3000)
    window.flow_refresh_now()
    assert _overlaps(window) == []
    assert item.caption_place().height() > 30  # the patch holds the longer text


def test_an_edit_that_leaves_the_caption_as_it_was_keeps_its_place(editor, qtbot, tmp_path
                                                                   ) -> None:
    """Editing a handoff's notes refreshes its item; its placed caption must not fall back
    to the first place until the overlay runs again."""
    window = open_window(editor, qtbot, tmp_path, load_template("secure-api"))
    scene = window.session.scene
    handoff_id, item = next((h, item) for h, item in scene.handoffs.items()
                            if item.caption_place() is not None
                            and item.caption_place() != item._caption_box())
    placed = item.caption_place()
    window.session.editing.modeling.set_property(handoff_id, "notes", "checked weekly")
    assert item.caption_place() == placed


def test_a_caption_is_not_placed_for_a_route_it_no_longer_has(editor, qtbot, tmp_path) -> None:
    """A route changed after the overlay read the routes (a drag's preview) keeps the
    place it has; the next update places it."""
    window = open_window(editor, qtbot, tmp_path, load_template("secure-api"))
    overlay, scene = window.flow_overlay, window.session.scene
    routes = dict(overlay._routes_now)
    item = next(item for item in scene.handoffs.values() if item.caption())
    item.set_route([(p[0], p[1] + 500.0) for p in item.route])
    moved_to = item.caption_place()
    list(overlay._place_captions(window.session.document.map, routes))
    assert item.caption_place() == moved_to
