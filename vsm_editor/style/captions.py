"""Handoff captions, for the canvas and the exports alike: the text (label and wait), its
wrapped lines, the patch that holds them and where the patch goes.

A caption's first place is under the middle of its route's label run (or beside the longest
vertical run when the label run is too short). Where that place covers a stage box, a flow
drawing or an earlier caption, :func:`caption_candidates` offers others, best first, and
:func:`place_caption` takes the first free one.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from functools import lru_cache

from vsm_editor.model.entities import Handoff
from vsm_editor.model.geometry import Rect
from vsm_editor.model.units import UNIT_LABELS
from vsm_editor.style import sizes
from vsm_editor.style.figure import RectIndex
from vsm_editor.style.text import line_height, measure, wrap

Point = tuple[float, float]

#: Widest a handoff caption gets before it wraps.
CAPTION_WIDTH = 200.0
CAPTION_MAX_LINES = 3
#: A caption with no free place next to its route is looked for this far above and below.
CAPTION_SWEEP = 8.0
CAPTION_SWEEP_STEPS = 24


def caption(handoff: Handoff, with_wait: bool = True) -> str:
    """Label and wait as one short text: ``approved · wait 2 d``; without the wait when a
    queue symbol shows it (``with_wait`` False)."""
    parts = [handoff.label] if handoff.label else []
    wait = handoff.wait
    if wait is not None and with_wait:
        parts.append(f"wait {wait.value:g} {UNIT_LABELS.get(wait.unit or '', '(no unit)')}")
    return " · ".join(parts)


@lru_cache(maxsize=4096)
def caption_lines(text: str) -> tuple[str, ...]:
    """The caption wrapped to at most three lines, the rest shown as an ellipsis (shared by
    equal texts)."""
    lines = wrap(text, CAPTION_WIDTH, sizes.LABEL_FONT_SIZE)
    if len(lines) > CAPTION_MAX_LINES:
        lines = lines[:CAPTION_MAX_LINES]
        lines[-1] = lines[-1][: max(1, len(lines[-1]) - 2)] + "…"
    return tuple(lines)


def caption_size(lines: Sequence[str]) -> tuple[float, float]:
    """The width and height of the patch holding ``lines`` (padding included)."""
    size, pad = sizes.LABEL_FONT_SIZE, sizes.LABEL_PADDING
    width = max((measure(line, size) for line in lines), default=0.0) + 2 * pad
    return width, len(lines) * line_height(size) + pad


def caption_box(points: Sequence[Point], anchor: Point, lines: Sequence[str]) -> Rect:
    """The caption's first place: under ``anchor`` (the route's label point) when the
    horizontal run through it is long enough, else beside the longest vertical run (so short
    jogs between close stages do not put text on the boxes)."""
    width, height = caption_size(lines)
    at_x, at_y = anchor
    run, vertical = 0.0, None
    for (ax, ay), (bx, by) in zip(points, points[1:], strict=False):
        if abs(ay - by) < 0.5 and abs(ay - at_y) < 0.5:
            if min(ax, bx) <= at_x <= max(ax, bx):
                run = max(run, abs(bx - ax))
        elif abs(ax - bx) < 0.5 and (vertical is None or abs(by - ay) > vertical[2]):
            vertical = (ax, (ay + by) / 2, abs(by - ay))
    if run < width + 8 and vertical is not None and vertical[2] >= height + 8:
        return Rect(vertical[0] + 4, vertical[1] - height / 2, width, height)
    return Rect(at_x - width / 2, at_y + 3, width, height)


def caption_candidates(points: Sequence[Point], anchor: Point, lines: Sequence[str]
                       ) -> Iterator[Rect]:
    """Places for a caption, best first: :func:`caption_box`, above the label point, beside
    the middles of the route's longest segments, then further above and below the label
    point (clear of the boxes of two close stages)."""
    first = caption_box(points, anchor, lines)
    yield first
    width, height = first.width, first.height
    x, y = anchor
    yield Rect(x - width / 2, y - 3 - height, width, height)
    segments = sorted(zip(points, points[1:], strict=False),
                      key=lambda s: -(abs(s[1][0] - s[0][0]) + abs(s[1][1] - s[0][1])))
    for (ax, ay), (bx, by) in segments[:4]:
        mx, my = (ax + bx) / 2, (ay + by) / 2
        if abs(ay - by) < 0.5:
            yield Rect(mx - width / 2, my + 3, width, height)
            yield Rect(mx - width / 2, my - 3 - height, width, height)
        else:
            yield Rect(mx + 4, my - height / 2, width, height)
            yield Rect(mx - 4 - width, my - height / 2, width, height)
    for step in range(1, CAPTION_SWEEP_STEPS + 1):
        offset = step * CAPTION_SWEEP
        yield Rect(x - width / 2, y - 3 - height - offset, width, height)
        yield Rect(x - width / 2, y + 3 + offset, width, height)


def place_caption(points: Sequence[Point], anchor: Point, lines: Sequence[str],
                  *taken: RectIndex) -> Rect:
    """The first of :func:`caption_candidates` that covers nothing in any of the ``taken``
    indexes (else the first place)."""
    first = None
    for candidate in caption_candidates(points, anchor, lines):
        if not any(index.hits(candidate) for index in taken):
            return candidate
        first = first or candidate
    return first or caption_box(points, anchor, lines)
