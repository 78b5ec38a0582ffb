"""``--format svg``: the map as a standalone, safe, editable SVG document.

Drawn from the shared style module only (:mod:`vsm_editor.style`), so it looks like the
canvas: lane bands, handoff routes with arrow heads, captions and waits, stage boxes with
their lane strip, P1–P4 markers (coverage from the analysis), severity markers (each stage's
worst active finding) and improvement bursts; plus a title block and a legend, both on by
default (:class:`~vsm_editor.exporters.options.ExportOptions`). White background and the
document's fixed colours whatever the app's theme.

The document is written as text (:mod:`vsm_editor.exporters.svg_shapes` escapes every
string) rather than built element by element, for the export's budgets (``bench_svg.py``);
repeated drawings (P1–P4 rows with the lane strip, data-box frames, queue triangles, markers)
are symbols in ``<defs>`` placed with ``<use>``, arrow heads are ``<marker>``s, attributes
shared by many elements sit once on their layer, and the stage boxes' fill and border and the
owners' colour and size are rules of one fixed ``<style>`` sheet (:data:`STAGE_CSS`: nothing
of the map, nothing fetched). A queue's wait is not repeated beside it when the data box of
the stage it leads to shows it. It holds no script, no event attribute, no ``foreignObject``
and no reference outside itself (``<use>`` and ``marker-end`` point only at its own
``<defs>``). Each stage is a
``<g id="{stage id}" class="stage …">`` with a ``<title>`` and its full name as one
``<text>`` of ``<tspan>`` lines inside its box. The anatomy JSON is embedded in
``<metadata>`` (:mod:`vsm_editor.exporters.svg_metadata`), so
:func:`vsm_editor.exporters.svg_import.load_svg_map` restores the whole map.
"""

from __future__ import annotations

import gc
from datetime import date

from vsm_editor.exporters.options import PAGE_MM, ExportOptions
from vsm_editor.exporters.svg_blocks import BLOCK_GAP, draw_legend, draw_title_block
from vsm_editor.exporters.svg_map import (
    DATA_BOX_LAYER,
    FLOW_COLOUR,
    STAGE_CSS,
    STAGE_LAYER,
    draw_data_boxes,
    draw_figure,
    draw_handoffs,
    draw_lane,
    draw_placed_captions,
    draw_queues,
    draw_stages,
    place_captions,
)
from vsm_editor.exporters.svg_metadata import NS, PREFIX, anatomy_metadata
from vsm_editor.exporters.svg_scene import Bounds, Scene, build_scene
from vsm_editor.exporters.svg_shapes import (
    PRESERVE,
    SVG_NS,
    XLINK_NS,
    MarkerDefs,
    Out,
    attr_value,
    num,
    title,
)

from vsm_editor.analysis import Report
from vsm_editor.model.entities import AnatomyMap
from vsm_editor.style import palette, sizes
from vsm_editor.style.text import FONT_FAMILY_CSS

#: Space around everything drawn.
PAGE_MARGIN = 20.0
#: Lanes reach this far beyond the stages and routes (the canvas reaches further).
LANE_OVERHANG = 40.0
#: Smallest drawing width, so the title and legend have room on a tiny map.
MIN_WIDTH = 480.0
DEFS_PREFIX = "vsm-"


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
    paused = gc.isenabled()
    gc.disable()  # the export makes many small objects and keeps them: nothing to collect
    try:
        return render_scene(build_scene(anatomy, report), options, embed_anatomy, today=today)
    finally:
        if paused:
            gc.enable()


def defs_prefix(anatomy: AnatomyMap) -> str:
    """An id prefix for the document's own symbols that no lane, stage or handoff id has."""
    stem = DEFS_PREFIX[:-1]  # what every prefix tried starts with
    ids = [item.id for group in (anatomy.lanes, anatomy.stages, anatomy.handoffs)
           for item in group if item.id.startswith(stem)]
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
    paused = gc.isenabled()
    gc.disable()  # the export makes many small objects and keeps them: nothing to collect
    try:
        return _render(scene, options or ExportOptions(), embed_anatomy, today)
    finally:
        if paused:
            gc.enable()


def _render(scene: Scene, options: ExportOptions, embed_anatomy: bool,
            today: date | None) -> bytes:
    anatomy = scene.anatomy
    out: Out = ["<?xml version='1.0' encoding='UTF-8'?>\n"]
    root = len(out)
    out.append("")  # the <svg> start tag, once the page is known
    out.append(title(anatomy.stream.name or "Value stream map"))
    out.append("<desc>Value-stream map exported by vsm-editor</desc>")
    out.append(f"<style>{STAGE_CSS}</style>")
    if embed_anatomy:
        out.append(anatomy_metadata(anatomy))
    defs = MarkerDefs(defs_prefix(anatomy))
    defs_at = len(out)
    out.append("")  # the symbols, once every use is known
    background = len(out)
    out.append("")
    out.append(f'<g class="map" fill="{palette.TEXT}">')
    lanes_at = len(out)
    out.append("")  # the lanes, once the drawing's extent is known
    bounds = Bounds()
    flow = scene.flow_layer
    if flow.data_boxes:
        out.append(f"<g{DATA_BOX_LAYER}>")
        draw_data_boxes(out, flow.data_boxes, defs, bounds)
        out.append("</g>")
    out.append(f'<g class="handoffs" fill="none" stroke="{FLOW_COLOUR}" '
               f'stroke-width="{num(sizes.HANDOFF_WIDTH)}" '
               f'marker-end="url({defs.arrow("flow")})">')
    draw_handoffs(out, scene, defs, bounds)
    out.append("</g>")
    if flow.queues:
        out.append('<g class="lean-symbols queues">')
        draw_queues(out, flow.queues, defs, bounds)
        out.append("</g>")
    patches: Out = []
    texts: Out = []
    draw_placed_captions(patches, texts, place_captions(scene, bounds))
    out.append(f'<g class="captions" fill="{palette.HANDOFF_LABEL_BACKGROUND}" '
               f'font-size="{num(sizes.LABEL_FONT_SIZE)}" text-anchor="middle"{PRESERVE}>')
    out.extend(patches)
    if texts:
        out.append(f'<g fill="{palette.TEXT_MUTED}">')
        out.extend(texts)
        out.append("</g>")
    out.append("</g>")
    out.append(f"<g{STAGE_LAYER}>")
    draw_stages(out, scene, defs, bounds)
    out.append("</g>")
    _draw_flow_figures(out, scene, bounds)
    out[lanes_at] = _lanes(scene, bounds)
    out.append("</g>")
    if bounds.empty:
        bounds.add(0.0, 0.0, MIN_WIDTH, 120.0)
    width = max(bounds.width, MIN_WIDTH)
    left, top, right, bottom = bounds.left, bounds.top, bounds.left + width, bounds.bottom
    if options.title:
        block_at = len(out)
        out.append("")
        block = draw_title_block(out, anatomy, scene.report, today or date.today(),
                                 0.0, 0.0, width)
        top -= block.height + BLOCK_GAP
        out[block_at] = f'<g transform="translate({num(left)},{num(top)})">'
        out.append("</g>")
        right = max(right, left + block.width)
    if options.legend:
        bottom += BLOCK_GAP
        out.append(f'<g transform="translate({num(left)},{num(bottom)})">')
        block = draw_legend(out, defs, 0.0, 0.0, width)
        out.append("</g>")
        bottom += block.height
        right = max(right, left + block.width)
    out.append("</svg>\n")
    out[defs_at] = defs.text()
    out[root], out[background] = _page(options, left - PAGE_MARGIN, top - PAGE_MARGIN,
                                       right - left + 2 * PAGE_MARGIN,
                                       bottom - top + 2 * PAGE_MARGIN)
    return utf8(out)


def utf8(parts: Out) -> bytes:
    """``"".join(parts).encode("utf-8")``, quicker for a long document of a few non-ASCII
    parts: a string holding one non-ASCII character stores every character wider and
    encodes slower, so the ASCII runs between them are joined and encoded on their own
    (the same bytes: UTF-8 encodes each character by itself)."""
    wide = [i for i, part in enumerate(parts) if not part.isascii()]
    if not wide:
        return "".join(parts).encode("utf-8")
    chunks = []
    start = 0  # the first part not encoded yet
    i, count = 0, len(wide)
    while i < count:
        first = last = wide[i]
        i += 1
        while i < count and wide[i] - last < _ASCII_RUN:  # near ones go together
            last = wide[i]
            i += 1
        if first > start:
            chunks.append("".join(parts[start:first]).encode("utf-8"))
        chunks.append("".join(parts[first:last + 1]).encode("utf-8"))
        start = last + 1
    chunks.append("".join(parts[start:]).encode("utf-8"))
    return b"".join(chunks)


#: Fewer ASCII parts than this between two non-ASCII ones are encoded with them.
_ASCII_RUN = 256


def _draw_flow_figures(out: Out, scene: Scene, bounds: Bounds) -> None:
    """The supplier/customer markers beside the stages, then the timeline ladder under
    everything drawn so far (the lanes then reach across it)."""
    ends = scene.flow_layer.ends
    if ends:
        out.append('<g class="lean-symbols stream-ends">')
        for figure in ends:
            draw_figure(out, figure)
            bounds.add_rect(figure.bounds)
        out.append("</g>")
    ladder = scene.ladder_under(bounds)
    if ladder is not None:
        draw_figure(out, ladder.figure)
        bounds.add_rect(ladder.rect)


def _lanes(scene: Scene, bounds: Bounds) -> str:
    """The lane bands behind everything, wide enough for every stage and route."""
    lanes = scene.drawn.lanes
    if not lanes:
        return '<g class="lanes"/>'
    tops = scene.lane_tops
    content_left = min(0.0, bounds.left) if not bounds.empty else 0.0
    content_right = bounds.right if not bounds.empty else MIN_WIDTH
    left = content_left - LANE_OVERHANG - sizes.LANE_HEADER_WIDTH
    right = max(content_right + LANE_OVERHANG, left + MIN_WIDTH)
    out: Out = ['<g class="lanes">']
    for lane in lanes:
        draw_lane(out, lane, tops[lane.id], left, right)
    out.append("</g>")
    bounds.add(left, min(tops[lane.id] for lane in lanes), right, tops[None])
    return "".join(out)


def _page(options: ExportOptions, x: float, y: float, width: float,
          height: float) -> tuple[str, str]:
    """The ``<svg>`` start tag (``viewBox``, ``width`` and ``height``: the drawing's size
    times the scale, or a paper page, the view box widened or heightened to the page's shape,
    centred) and the white background rectangle filling the view box."""
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
        size = f'width="{num(page_w)}mm" height="{num(page_h)}mm"'
    else:
        scale = max(1, options.scale)
        size = f'width="{num(width * scale)}" height="{num(height * scale)}"'
    box = f'x="{num(x)}" y="{num(y)}" width="{num(width)}" height="{num(height)}"'
    start = (f'<svg xmlns="{SVG_NS}" xmlns:xlink="{XLINK_NS}" xmlns:{PREFIX}="{NS}" '
             f'version="1.1" class="vsm-map" font-family="{attr_value(FONT_FAMILY_CSS)}" '
             f'{size} viewBox="{num(x)} {num(y)} {num(width)} {num(height)}">')
    return start, f'<rect class="background" fill="{palette.BACKGROUND}" {box}/>'
