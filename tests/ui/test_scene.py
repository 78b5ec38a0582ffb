"""The scene mirrors the document: items per element, incremental updates, drawing."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QImage, QPainter
from ui_testkit import generate_map, make_map

from vsm_editor.model import Document, Handoff, Lane, Stage
from vsm_editor.style.layout import layout_stage
from vsm_editor.ui.items import HandoffItem, StageItem
from vsm_editor.ui.scene import MapScene


@pytest.fixture
def scene(qapp):
    doc = Document(make_map(6, lanes=2, per_row=3))
    scene = MapScene(doc)
    yield scene
    scene.detach()


def render(scene: MapScene, width: int = 1600, height: int = 900) -> QImage:
    image = QImage(width, height, QImage.Format.Format_ARGB32)
    image.fill(0xFFFFFFFF)
    painter = QPainter(image)
    scene.render(painter)
    painter.end()
    return image


def test_one_item_per_element_with_id_maps(scene):
    doc = scene.document
    assert set(scene.stages) == {s.id for s in doc.map.stages}
    assert set(scene.handoffs) == {h.id for h in doc.map.handoffs}
    assert set(scene.lanes) == {lane.id for lane in doc.map.lanes}
    assert all(isinstance(scene.stages[i], StageItem) for i in scene.stages)
    assert scene.element_id(scene.stages["st_3"]) == "st_3"


def test_stage_sits_in_its_lane_band(scene):
    # st_1 is in lane 1 (second band, 160 high), 35 below the band's top
    assert scene.stages["st_1"].pos().y() == pytest.approx(160 + 35)
    assert scene.stages["st_0"].pos().y() == pytest.approx(35)


def test_added_removed_and_updated_elements_follow(scene):
    doc = scene.document
    doc.insert("stage", Stage(id="st_new", name="New one", lane="ln_0", x=900, y=10))
    assert "st_new" in scene.stages
    doc.insert("handoff", Handoff(id="ho_new", source="st_5", target="st_new"))
    assert "ho_new" in scene.handoffs and scene.handoffs["ho_new"].route
    doc.set("st_new", "x", 1500.0)
    assert scene.stages["st_new"].pos().x() == 1500.0
    # the handoff's route followed the moved stage
    assert scene.handoffs["ho_new"].route[-1][0] == pytest.approx(1500.0)
    doc.remove("ho_new")
    doc.remove("st_new")
    assert "st_new" not in scene.stages and "ho_new" not in scene.handoffs
    assert not [i for i in scene.items() if getattr(i, "element_id", None) == "st_new"]


def test_rename_relays_out_only_that_stage(scene):
    item = scene.stages["st_2"]
    before = item.layout
    scene.document.set("st_2", "name", "Ein viel längerer Name für diese Stufe")
    assert item.layout is not before
    assert " ".join(line.text for line in item.layout.name_lines).startswith("Ein viel")


def test_lane_change_and_new_lane_reposition_stages(scene):
    doc = scene.document
    doc.insert("lane", Lane(id="ln_top", name="Top", height=100.0), index=0)
    assert scene.stages["st_0"].pos().y() == pytest.approx(100 + 35)
    assert "ln_top" in scene.lanes
    doc.set("st_0", "lane", "ln_1")
    assert scene.stages["st_0"].pos().y() == pytest.approx(100 + 160 + 35)


def test_parallel_handoffs_are_offset(scene):
    doc = scene.document
    doc.insert("handoff", Handoff(id="ho_info", source="st_0", target="st_1", kind="information"))
    a, b = scene.handoffs["ho_0"].route, scene.handoffs["ho_info"].route
    assert a != b


def test_routes_are_orthogonal(scene):
    for item in scene.handoffs.values():
        for (ax, ay), (bx, by) in zip(item.route, item.route[1:], strict=False):
            assert ax == pytest.approx(bx) or ay == pytest.approx(by)


@pytest.mark.parametrize(
    "name",
    [
        "Ελέγχος αιτήματος πελάτη",
        "Проверка заявки клиента и подготовка договора",
        "顧客の申請を確認する",
        "تحقق من الطلب",
        "W" * 200,
        " ".join(["Supercalifragilistic"] * 10),
    ],
)
def test_names_never_overflow_the_box(scene, name):
    scene.document.set("st_0", "name", name)
    item = scene.stages["st_0"]
    box = item.boundingRect()
    lines = item.layout.name_lines
    assert "".join(line.text for line in lines).replace(" ", "") == name.replace(" ", "")
    for line in lines:
        assert line.x >= 0 and line.x + line.width <= item.layout.rect.width + 0.01
        assert line.bottom <= box.bottom()
    image = render(scene)
    assert not image.isNull()


def test_stage_layout_matches_the_shared_style(scene):
    stage = scene.document.get("st_4")
    item = scene.stages["st_4"]
    expected = layout_stage(stage, None, None)
    assert [line.text for line in item.layout.name_lines] == [
        line.text for line in expected.name_lines
    ]
    assert item.layout.rect.height == expected.rect.height


def test_handoff_kinds_draw_differently(scene):
    doc = scene.document
    doc.insert("handoff", Handoff(id="ho_rw", source="st_3", target="st_1", kind="rework"))
    doc.insert("handoff", Handoff(id="ho_in", source="st_1", target="st_4", kind="information"))
    pens = {h: scene.handoffs[h].pen(False) for h in ("ho_0", "ho_rw", "ho_in")}
    styles = {(p.color().name(), tuple(p.dashPattern())) for p in pens.values()}
    assert len(styles) == 3


def test_level_of_detail_paints_less_when_far(scene, qapp):
    """Far away a stage is a block (no text); near, its name is drawn."""
    from PySide6.QtCore import QRectF

    calls = []
    original = StageItem.paint

    def spy(self, painter, option, widget=None):
        from vsm_editor.ui.items import level_of_detail

        calls.append(level_of_detail(painter, option))
        original(self, painter, option, widget)

    StageItem.paint = spy
    try:
        source = QRectF(0, 0, 800, 600)
        for zoom in (0.1, 1.0):
            image = QImage(int(800 * zoom), int(600 * zoom), QImage.Format.Format_ARGB32)
            painter = QPainter(image)
            scene.render(painter, QRectF(image.rect()), source)
            painter.end()
    finally:
        StageItem.paint = original
    assert min(calls) < 0.15 and max(calls) >= 0.45


def test_render_of_many_painted_items_survives(qapp):
    """Guards the PySide6 6.12 none_dealloc crash: >= 10,000 custom-painted items."""
    anatomy = generate_map(5000, 7)
    scene = MapScene(Document(anatomy))
    assert len(scene.stages) + len(scene.handoffs) >= 10_000
    image = QImage(2000, 1200, QImage.Format.Format_ARGB32)
    for _ in range(3):
        image.fill(0xFFFFFFFF)
        painter = QPainter(image)
        scene.render(painter, source=scene.itemsBoundingRect())
        painter.end()
    scene.detach()
    assert image.pixel(1000, 600) != 0


def test_only_handoffs_and_stages_are_selectable(scene):
    for item in scene.items():
        selectable = bool(item.flags() & item.GraphicsItemFlag.ItemIsSelectable)
        assert selectable == isinstance(item, StageItem | HandoffItem)


def test_the_backdrop_gives_the_colours_under_a_strip(scene):
    from vsm_editor.ui import style_bridge as sb

    canvas = scene.backgroundBrush().color().name()
    bands = {lane.id: sb.band_colour(lane.colour) for lane in scene.document.map.lanes}
    first, second = scene.lanes["ln_0"].boundingRect(), scene.lanes["ln_1"].boundingRect()
    assert scene.backdrop(first.top() + 5, first.top() + 5) == [
        (first.top() + 5, first.top() + 5, bands["ln_0"])]
    pieces = scene.backdrop(first.top() - 30, second.bottom() + 40)
    assert [colour for _top, _bottom, colour in pieces] == [
        canvas, bands["ln_0"], bands["ln_1"], canvas]
    assert pieces[0][0] == first.top() - 30 and pieces[-1][1] == second.bottom() + 40
    assert all(a[1] == b[0] for a, b in zip(pieces, pieces[1:], strict=False))
    below = second.bottom() + 500
    assert scene.backdrop(below, below) == [(below, below, canvas)]


def test_the_backdrop_of_a_map_without_lanes_is_the_canvas(qapp):
    from vsm_editor.model import new_map

    doc = Document(new_map("No lanes"))
    scene = MapScene(doc)
    assert scene.backdrop(10.0, 10.0) == [(10.0, 10.0, scene.backgroundBrush().color().name())]
    scene.detach()
