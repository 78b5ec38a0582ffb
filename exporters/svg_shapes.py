"""Small lxml builders for the SVG export: numbers, safe text, wrapped text elements and the
reusable marker symbols (P1–P4 squares, severity shapes, improvement bursts) in ``<defs>``.

Every string reaches the document through lxml, which escapes it; :func:`xml_text` first
drops the few characters XML 1.0 cannot carry at all (C0 controls other than tab, newline
and carriage return; U+FFFE, U+FFFF; lone surrogates), which the style module measures as
zero-width or narrow, so a name never grows wider than laid out.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from lxml import etree

from vsm_editor.style import sizes
from vsm_editor.style.layout import TextLine
from vsm_editor.style.markers import (
    LAYERS,
    MarkerShape,
    improvement_marker,
    layer_marker,
    severity_marker,
)
from vsm_editor.style.paths import svg_path_data
from vsm_editor.style.text import ascent, descent, measure

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
HREF = f"{{{XLINK_NS}}}href"
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

_IN_SVG = f"{{{SVG_NS}}}"


def SubElement(  # noqa: N802  (named like lxml's factory it wraps)
    parent: etree._Element, tag: str, attrib: dict[str, str] | None = None, **extra: str
) -> etree._Element:
    """``etree.SubElement`` for an element of the SVG namespace (``tag`` without it)."""
    return etree.SubElement(parent, _IN_SVG + tag, attrib, **extra)


def num(value: float) -> str:
    """A coordinate as short text (at most two decimals, no trailing zeros)."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def xml_text(text: str) -> str:
    """``text`` without the characters XML cannot represent (everything else is kept)."""
    return _NOT_XML.sub("", text) if _NOT_XML.search(text) else text


def add_title(parent: etree._Element, text: str) -> etree._Element:
    """A ``<title>`` child (tooltip and accessible name)."""
    title = SubElement(parent, "title")
    title.text = xml_text(text)
    return title


def separator_text(separator: str) -> str:
    """What a line break stands for inside a text element: the removed space (or newline,
    shown as a space under ``xml:space="preserve"``), nothing for a break inside a word."""
    return separator if separator in (" ", "\n") else ""


def wrapped_text(
    parent: etree._Element,
    lines: Sequence[TextLine],
    breaks: Sequence[str] = (),
    attrib: dict[str, str] | None = None,
    inherited_size: float | None = None,
    anchor: str = "middle",
    preserve: bool = True,
) -> etree._Element:
    """One ``<text>`` holding ``lines`` (laid out by the style module) as centred
    ``<tspan x dy>`` children; ``breaks`` are the separators between lines, kept at the end
    of each line so that selecting or copying the element gives the whole original text
    (the centre moves by half the separator's width to stay where the layout put it).
    ``font-size`` is set unless the parent already gives ``inherited_size``. With
    ``anchor="start"`` the lines are placed by their left edges instead (the text element
    must then be anchored at the start). ``preserve=False`` leaves ``xml:space="preserve"``
    (spaces kept as laid out) to an ancestor that already sets it."""
    element = SubElement(parent, "text", attrib or {})
    if preserve:
        element.set(XML_SPACE, "preserve")
    if not lines:
        return element
    size = lines[0].size
    element.set("y", num(lines[0].baseline))
    if size != inherited_size:
        element.set("font-size", num(size))
    previous = lines[0].baseline
    last = len(lines) - 1
    for i, line in enumerate(lines):
        tail = separator_text(breaks[i]) if i < last and i < len(breaks) else ""
        if anchor == "start":
            x = line.x
        else:
            x = line.center_x + (measure(tail, line.size, line.bold) / 2 if tail else 0.0)
        span = SubElement(element, "tspan", x=num(x),
                          dy=num(line.baseline - previous))
        span.text = xml_text(line.text + tail)
        previous = line.baseline
    return element


def _shape_elements(parent: etree._Element, shape: MarkerShape) -> None:
    outline = SubElement(parent, "path", d=svg_path_data(shape.outline),
                         fill=shape.fill or "none")
    if shape.stroke:
        outline.set("stroke", shape.stroke)
        outline.set("stroke-width", num(shape.stroke_width))
    if shape.mark:
        SubElement(parent, "path", d=svg_path_data(shape.mark), fill=shape.mark_colour)


class MarkerDefs:
    """The ``<defs>`` of reusable symbols, added on first use; ids start with ``prefix``
    (chosen so no map element id can collide)."""

    def __init__(self, defs: etree._Element, prefix: str) -> None:
        self.defs = defs
        self.prefix = prefix
        self._made: set[str] = set()

    def _new(self, key: str) -> etree._Element | None:
        if key in self._made:
            return None
        self._made.add(key)
        return SubElement(self.defs, "g", id=self.prefix + key)

    def layer(self, layer: str, linked: bool) -> str:
        """The href of one P1–P4 marker (its top-left corner at the origin)."""
        key = f"{layer}-{int(linked)}"
        group = self._new(key)
        if group is not None:
            shape = layer_marker(layer, linked, 0.0, 0.0)
            _shape_elements(group, shape)
            size = sizes.LAYER_MARKER_SIZE
            baseline = size / 2 + (ascent(shape.label_size, True)
                                   - descent(shape.label_size, True)) / 2
            label = SubElement(group, "text", x=num(size / 2), y=num(baseline),
                               fill=shape.label_colour)
            label.set("font-size", num(shape.label_size))
            label.set("font-weight", "bold")
            label.set("text-anchor", "middle")
            label.text = shape.label
        return "#" + self.prefix + key

    def coverage(self, linked: Sequence[bool]) -> str:
        """The href of the row of four markers for one coverage pattern."""
        key = "cov-" + "".join("1" if flag else "0" for flag in linked)
        group = self._new(key)
        if group is not None:
            step = sizes.LAYER_MARKER_SIZE + sizes.LAYER_MARKER_GAP
            for i, (layer, flag) in enumerate(zip(LAYERS, linked, strict=True)):
                use = SubElement(group, "use", x=num(i * step))
                use.set(HREF, self.layer(layer, bool(flag)))
                SubElement(use, "title").text = (
                    f"{layer} {'linked' if flag else 'not linked'}"
                )
        return "#" + self.prefix + key

    def severity(self, severity: str) -> str:
        """The href of a severity marker (its box's top-left corner at the origin)."""
        group = self._new("sev-" + severity)
        if group is not None:
            _shape_elements(group, severity_marker(severity, 0.0, 0.0))
        return "#" + self.prefix + "sev-" + severity

    def improvement(self, kind: str) -> str:
        """The href of an improvement burst (its box's top-left corner at the origin)."""
        group = self._new("imp-" + kind)
        if group is not None:
            _shape_elements(group, improvement_marker(kind, 0.0, 0.0))
        return "#" + self.prefix + "imp-" + kind


def use(parent: etree._Element, href: str, x: float, y: float) -> etree._Element:
    """A ``<use>`` of an internal symbol at (x, y)."""
    element = SubElement(parent, "use", x=num(x), y=num(y))
    element.set(HREF, href)
    return element


def polyline_points(points: Sequence[tuple[float, float]]) -> str:
    """``points`` as an SVG ``points`` attribute."""
    return " ".join(f"{num(x)},{num(y)}" for x, y in points)

