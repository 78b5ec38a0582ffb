"""``--format svg``: the map as a standalone, safe, editable SVG document.

Drawn from the shared style module only (:mod:`vsm_editor.style`), so it looks like the
canvas: lane bands, handoff routes with arrow heads, captions and waits, stage boxes with
their lane strip, P1–P4 markers (coverage from the analysis), severity markers (each stage's
worst active finding) and improvement bursts; plus a title block and a legend, both on by
default (:class:`~vsm_editor.exporters.options.ExportOptions`). White background and the
document's fixed colours whatever the app's theme.

The document is built with lxml, which escapes every string. It holds no script, no event
attribute, no ``foreignObject`` and no reference outside itself (``<use>`` points only at its
own ``<defs>``). Each stage is a ``<g id="{stage id}" class="stage …">`` with a ``<title>``
and its full name as one ``<text>`` of ``<tspan>`` lines inside its box. The anatomy JSON is
embedded in ``<metadata>`` (:mod:`vsm_editor.exporters.svg_metadata`), so
:func:`vsm_editor.exporters.svg_import.load_svg_map` restores the whole map.
"""

from __future__ import annotations

from datetime import date

from lxml import etree
from vsm_editor.exporters.options import PAGE_MM, ExportOptions
from vsm_editor.exporters.svg_blocks import BLOCK_GAP, draw_legend, draw_title_block
from vsm_editor.exporters.svg_map import (
    draw_figure,
    draw_handoff,
    draw_lane,
    draw_placed_caption,
    draw_stage,
    place_captions,
)
from vsm_editor.exporters.svg_metadata import NS, PREFIX, embed_anatomy_json
from vsm_editor.exporters.svg_scene import Bounds, Scene, build_scene
from vsm_editor.exporters.svg_shapes import (
    SVG_NS,
    XLINK_NS,
    XML_SPACE,
    MarkerDefs,
    SubElement,
    add_title,
    num,
)

from vsm_editor.analysis import Report
from vsm_editor.model.entities import AnatomyMap
from vsm_editor.style import palette, sizes
from vsm_editor.style.figure import Figure
from vsm_editor.style.text import FONT_FAMILY_CSS

#: Space around everything drawn.
PAGE_MARGIN = 20.0
#: Lanes reach this far beyond the stages and routes (the canvas reaches further).
LANE_OVERHANG = 40.0
#: Smallest drawing width, so the title and legend have room on a tiny map.
MIN_WIDTH = 480.0
DEFS_PREFIX = "vsm-svg-"


def export_svg(
    anatomy: AnatomyMap,
    options: ExportOptions | None = None,
    embed_anatomy: bool = True,
    *,
    today: date | None = None,
    report: Report | None = None,
) -> bytes:
    """The map as SVG bytes (UTF-8, with an XML declaration).

    ``embed_anatomy`` embeds the map's JSON for the editable round trip; ``today`` is the
    date in the title block (default: today); ``report`` an analysis already at hand.
    """
    return render_scene(build_scene(anatomy, report), options, embed_anatomy, today=today)


def defs_prefix(anatomy: AnatomyMap) -> str:
    """An id prefix for the document's own symbols that no lane, stage or handoff id has."""
    ids = [item.id for group in (anatomy.lanes, anatomy.stages, anatomy.handoffs)
           for item in group]
    prefix = DEFS_PREFIX
    while any(element_id.startswith(prefix) for element_id in ids):
        prefix = prefix[:-1] + "x-"
    return prefix


def render_scene(
    scene: Scene,
    options: ExportOptions | None = None,
    embed_anatomy: bool = True,
    *,
    today: date | None = None,
) -> bytes:
    """A laid-out :class:`Scene` as SVG bytes (see :func:`export_svg`)."""
    options = options or ExportOptions()
    anatomy = scene.anatomy
    root = etree.Element(f"{{{SVG_NS}}}svg", nsmap={None: SVG_NS, "xlink": XLINK_NS,
                                                    PREFIX: NS})
    root.set("version", "1.1")
    root.set("class", "vsm-map")
    root.set("font-family", FONT_FAMILY_CSS)
    add_title(root, anatomy.stream.name or "Value stream map")
    SubElement(root, "desc").text = "Value-stream map exported by vsm-editor"
    if embed_anatomy:
        embed_anatomy_json(SubElement(root, "metadata"), anatomy)
    defs = MarkerDefs(SubElement(root, "defs"), defs_prefix(anatomy))
    background = SubElement(root, "rect", {"class": "background", "fill": palette.BACKGROUND})
    drawing = SubElement(root, "g", {"class": "map", "fill": palette.TEXT})
    lanes = SubElement(drawing, "g", {"class": "lanes"})
    bounds = Bounds()
    _draw_figures(drawing, "data-boxes", [box.figure for box in scene.flow_layer.data_boxes],
                  bounds)
    handoffs = SubElement(drawing, "g", {"class": "handoffs", "fill": "none",
                                         "stroke-width": num(sizes.HANDOFF_WIDTH)})
    drawn = scene.drawn
    for handoff in drawn.handoffs:
        route = scene.routes.get(handoff.id)
        if route is not None:
            draw_handoff(handoffs, handoff, route, bounds)
    flow = scene.flow_layer
    if flow.queues:
        symbols = SubElement(drawing, "g", {"class": "lean-symbols queues"})
        for symbol in flow.queues:
            draw_figure(symbols, symbol.figure)
            bounds.add_rect(symbol.figure.bounds)
    captions = SubElement(drawing, "g", {
        "class": "captions", "fill": palette.HANDOFF_LABEL_BACKGROUND,
        "font-size": num(sizes.LABEL_FONT_SIZE), "text-anchor": "middle", XML_SPACE: "preserve",
    })
    for placed in place_captions(scene, bounds):
        draw_placed_caption(captions, placed)
    stages = SubElement(drawing, "g", {"class": "stages", "font-size": num(sizes.NAME_FONT_SIZE),
                                       "text-anchor": "middle",
                                       "stroke-width": num(sizes.STAGE_BORDER_WIDTH),
                                       XML_SPACE: "preserve"})
    for stage in drawn.stages:
        layout = scene.layouts[stage.id]
        bounds.add_rect(layout.rect)
        draw_stage(stages, stage, layout, scene, defs)
        stages[-1].tail = "\n"
    _draw_flow_figures(drawing, scene, bounds)
    _draw_lanes(lanes, scene, bounds)
    if bounds.empty:
        bounds.add(0.0, 0.0, MIN_WIDTH, 120.0)
    width = max(bounds.width, MIN_WIDTH)
    left, top, right, bottom = bounds.left, bounds.top, bounds.left + width, bounds.bottom
    if options.title:
        block_group = SubElement(root, "g")
        block = draw_title_block(block_group, anatomy, scene.report, today or date.today(),
                                 0.0, 0.0, width)
        top -= block.height + BLOCK_GAP
        block_group.set("transform", f"translate({num(left)},{num(top)})")
        right = max(right, left + block.width)
    if options.legend:
        legend_group = SubElement(root, "g")
        bottom += BLOCK_GAP
        block = draw_legend(legend_group, defs, 0.0, 0.0, width)
        legend_group.set("transform", f"translate({num(left)},{num(bottom)})")
        bottom += block.height
        right = max(right, left + block.width)
    _set_page(root, background, options, left - PAGE_MARGIN, top - PAGE_MARGIN,
              right - left + 2 * PAGE_MARGIN, bottom - top + 2 * PAGE_MARGIN)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8") + b"\n"


def _draw_flow_figures(parent: etree._Element, scene: Scene, bounds: Bounds) -> None:
    """The supplier/customer markers beside the stages, then the timeline ladder under
    everything drawn so far (the lanes then reach across it)."""
    _draw_figures(parent, "lean-symbols stream-ends", scene.flow_layer.ends, bounds)
    ladder = scene.ladder_under(bounds)
    if ladder is not None:
        draw_figure(parent, ladder.figure)
        bounds.add_rect(ladder.rect)


def _draw_figures(parent: etree._Element, kind: str, figures: list[Figure],
                  bounds: Bounds) -> None:
    """``figures`` in one ``<g class="{kind}">`` (nothing when there are none)."""
    if figures:
        group = SubElement(parent, "g", {"class": kind})
        for figure in figures:
            draw_figure(group, figure)
            bounds.add_rect(figure.bounds)


def _draw_lanes(parent: etree._Element, scene: Scene, bounds: Bounds) -> None:
    """The lane bands behind everything, wide enough for every stage and route."""
    lanes = scene.drawn.lanes
    if not lanes:
        return
    tops = scene.lane_tops
    content_left = min(0.0, bounds.left) if not bounds.empty else 0.0
    content_right = bounds.right if not bounds.empty else MIN_WIDTH
    left = content_left - LANE_OVERHANG - sizes.LANE_HEADER_WIDTH
    right = max(content_right + LANE_OVERHANG, left + MIN_WIDTH)
    for lane in lanes:
        draw_lane(parent, lane, tops[lane.id], left, right)
        parent[-1].tail = "\n"
    bounds.add(left, min(tops[lane.id] for lane in lanes), right, tops[None])


def _set_page(root: etree._Element, background: etree._Element, options: ExportOptions,
              x: float, y: float, width: float, height: float) -> None:
    """``viewBox``, ``width`` and ``height``: the drawing's size times the scale, or a paper
    page (the view box widened or heightened to the page's shape, centred)."""
    if options.page in PAGE_MM:
        page_w, page_h = PAGE_MM[options.page]
        if options.landscape:
            page_w, page_h = page_h, page_w
        if width / height > page_w / page_h:
            extra = width * page_h / page_w - height
            y, height = y - extra / 2, height + extra
        else:
            extra = height * page_w / page_h - width
            x, width = x - extra / 2, width + extra
        root.set("width", f"{num(page_w)}mm")
        root.set("height", f"{num(page_h)}mm")
    else:
        scale = max(1, options.scale)
        root.set("width", num(width * scale))
        root.set("height", num(height * scale))
    root.set("viewBox", f"{num(x)} {num(y)} {num(width)} {num(height)}")
    for name, value in (("x", x), ("y", y), ("width", width), ("height", height)):
        background.set(name, num(value))
