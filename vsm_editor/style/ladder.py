"""The timeline ladder under the map, in Lean convention.

A square wave along the stream: the waits on the upper rungs, the process times on the lower
ones, each process rung under its stage's box (its x-range) and each wait rung in the gap
before it. Rungs follow the stages of the critical path (``FlowMetrics.ladder``) in x order;
when the stream branches the heading says the ladder "follows the critical path". Labels give
each number as entered with its unit, ``~`` on estimates and ``×f`` when rework repeats it.
The totals (lead time, process time, flow efficiency, rolled %C&A) sit in a box at the right:
they are the stream's numbers from :func:`~vsm_editor.analysis.flow.compute_flow`, which
with alternatives are expected values, so they need not equal the sum of one path's rungs.

Rungs never run backwards: a path stage drawn left of (or over) the previous one is shifted
right just enough to leave a short wait rung, so the ladder always reads left to right.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

from vsm_editor.analysis.flow_results import FlowMetrics, LadderStep
from vsm_editor.model.entities import AnatomyMap
from vsm_editor.model.geometry import Rect
from vsm_editor.model.quick_init import quick_init
from vsm_editor.style import palette
from vsm_editor.style.figure import Figure, Label, Shape, label, snapped
from vsm_editor.style.flow_labels import (
    MISSING,
    NO_UNIT,
    hours_label,
    mark,
    number,
    pca_total_label,
    share_label,
)
from vsm_editor.style.layout import TextLine
from vsm_editor.style.paths import polyline, rectangle
from vsm_editor.style.text import ascent, descent, line_height, measure

#: Space between the map and the ladder (the exports put it under the last lane).
LADDER_GAP = 20.0
FONT_SIZE = 10.0
HEADING_SIZE = 11.0
TOTALS_SIZE = 11.0
#: Vertical distance between the wait (upper) and the process (lower) rung.
RUNG_DROP = 22.0
#: Shortest wait rung (when stages touch or overlap in x).
MIN_RUNG = 28.0
LINE_WIDTH = 1.5
LABEL_GAP = 3.0
SUMMARY_GAP = 24.0
SUMMARY_PADDING = 6.0
SUMMARY_COLUMN_GAP = 10.0
FOLLOWS_CAPTION = "follows the critical path"
HEADING = "Timeline"
WAIT_COLOUR = palette.TEXT
PROCESS_COLOUR = palette.TEXT


@quick_init
@dataclass(frozen=True, slots=True)
class Rung:
    """One rung: ``kind`` wait (upper) or process (lower), from ``x1`` to ``x2`` at ``y``."""

    kind: Literal["wait", "process"]
    stage: str
    handoff: str | None
    x1: float
    x2: float
    y: float
    text: str


@dataclass(frozen=True, slots=True)
class LadderTotals:
    """The numbers in the summary box (hours, 0..1, 0..100), as compute_flow gave them."""

    lead_time_hours: float | None
    process_time_hours: float | None
    critical_process_time_hours: float | None
    flow_efficiency: float | None
    rolled_pca: float | None
    estimated: bool
    missing: int


@dataclass
class Ladder:
    """The laid-out ladder: one figure to draw, its rungs and totals for whoever asks."""

    figure: Figure
    rungs: list[Rung]
    totals: LadderTotals
    follows_critical_path: bool
    summary: Rect
    rows: list[tuple[str, str]] = field(default_factory=list)

    @property
    def rect(self) -> Rect:
        return self.figure.bounds


def step_text(step: LadderStep) -> str:
    """A rung's label: the number as entered, its unit, ``~`` when estimated, ``×f`` when
    rework repeats it, :data:`MISSING` when missing."""
    if step.value is None or step.missing:
        return MISSING
    key = step[3:8]  # hours, expected hours, value, unit, measured
    text = _STEP_TEXTS.get(key)
    if text is None:
        text = mark(f"{number(step.value, 2)} {step.unit or NO_UNIT}", not step.measured)
        if step.hours and abs(step.expected_hours - step.hours) > 1e-9 * max(1.0, step.hours):
            text += f" ×{number(step.expected_hours / step.hours, 2)}"
        if len(_STEP_TEXTS) > 65_536:
            _STEP_TEXTS.clear()
        _STEP_TEXTS[key] = text
    return text


#: Rung labels already made (a long ladder repeats the same few numbers).
_STEP_TEXTS: dict[tuple[object, ...], str] = {}


def totals_of(metrics: FlowMetrics) -> LadderTotals:
    return LadderTotals(
        metrics.lead_time_hours, metrics.process_time_hours,
        metrics.critical_process_time_hours, metrics.flow_efficiency, metrics.rolled_pca,
        metrics.estimated, len(metrics.missing),
    )


def summary_rows(totals: LadderTotals, working_day_hours: float) -> list[tuple[str, str]]:
    """The summary box's (label, value) rows."""
    est = totals.estimated
    rows = [
        ("Lead time", hours_label(totals.lead_time_hours, working_day_hours, est)),
        ("Process time", hours_label(totals.process_time_hours, working_day_hours, est)),
    ]
    critical = totals.critical_process_time_hours
    total = totals.process_time_hours
    if critical is not None and total is not None and abs(critical - total) > 1e-6:
        rows.append(("on the critical path", hours_label(critical, working_day_hours, est)))
    rows.append(("Flow efficiency", share_label(totals.flow_efficiency, est)))
    rows.append(("Rolled %C&A", pca_total_label(totals.rolled_pca, est)))
    return rows


ROW_ROLES = {"Lead time": "lead-time", "Process time": "process-time",
             "on the critical path": "critical-process-time",
             "Flow efficiency": "flow-efficiency", "Rolled %C&A": "rolled-pca"}


def _pairs(steps: list[LadderStep]) -> list[tuple[LadderStep, LadderStep]]:
    """(wait, process) per stage of the path, in path order."""
    return [(steps[i], steps[i + 1]) for i in range(0, len(steps) - 1, 2)]


def layout_ladder(anatomy: AnatomyMap, metrics: FlowMetrics, rects: Mapping[str, Rect],
                  top: float) -> Ladder | None:
    """The ladder with its top at ``top`` under the stages' laid-out ``rects``; None when the
    map's display turns it off or there is no path to show."""
    if not anatomy.display.ladder:
        return None
    pairs = [pair for pair in _pairs(metrics.ladder) if pair[1].stage in rects]
    if not pairs:
        return None
    pairs.sort(key=lambda pair: rects[pair[1].stage].x)
    follows = metrics.ladder_follows_critical_path
    heading = HEADING + (" · " + FOLLOWS_CAPTION if follows else "")
    wait_top = top + line_height(HEADING_SIZE, True) + 4.0
    upper = wait_top + line_height(FONT_SIZE) + LABEL_GAP
    lower = upper + RUNG_DROP
    process_top = lower + LABEL_GAP
    rungs = _rungs(pairs, rects, upper, lower)
    figure = Figure("ladder", None, Rect(0, 0, 0, 0), title=_title(metrics, follows))
    figure.shapes.append(Shape(polyline(_wave(rungs, upper, lower)), None, palette.TEXT,
                               LINE_WIDTH, "ladder-line"))
    # each rung's label as label(text, middle, top, FONT_SIZE, …, anchor="middle") makes it
    # (written out: a long ladder has thousands)
    rise = ascent(FONT_SIZE)
    wait_baseline, process_baseline = wait_top + rise, process_top + rise
    text_colour, missing_colour = palette.TEXT, palette.TEXT_MUTED
    append = figure.labels.append
    widths: dict[str, float] = {}  # a long ladder repeats the same few texts
    for rung in rungs:
        text = rung.text
        width = widths.get(text)
        if width is None:
            width = widths[text] = measure(text, FONT_SIZE)
        x = (rung.x1 + rung.x2) / 2 - width / 2
        colour = missing_colour if text == MISSING else text_colour
        if rung.kind == "wait":
            append(Label(TextLine(text, x, wait_baseline, width, FONT_SIZE), colour, "middle",
                         "rung wait"))
        else:
            append(Label(TextLine(text, x, process_baseline, width, FONT_SIZE), colour,
                         "middle", "rung process"))
    first = rungs[0].x1
    heading_label = label(heading, first, top, HEADING_SIZE, palette.TEXT, bold=True,
                          role="ladder-heading")
    figure.labels.insert(0, heading_label)
    for word, y in (("wait", upper), ("process", lower)):
        width = measure(word, FONT_SIZE)
        figure.labels.append(label(word, first - 8.0 - width, y - line_height(FONT_SIZE) / 2,
                                   FONT_SIZE, palette.TEXT_MUTED, role="ladder-level"))
    totals = totals_of(metrics)
    rows = summary_rows(totals, anatomy.stream.working_day_hours)
    summary = _summary(figure, rows, rungs[-1].x2 + SUMMARY_GAP, top, totals)
    figure.bounds = snapped(_bounds(figure.labels, summary,
                                    Rect(first, upper, rungs[-1].x2 - first, RUNG_DROP)))
    return Ladder(figure, rungs, totals, follows, summary, rows)


def _rungs(pairs: list[tuple[LadderStep, LadderStep]], rects: Mapping[str, Rect],
           upper: float, lower: float) -> list[Rung]:
    rungs: list[Rung] = []
    append = rungs.append
    cursor: float | None = None
    for wait, process in pairs:
        rect = rects[process.stage]
        start, width = rect.x, rect.width
        if cursor is not None and cursor + MIN_RUNG > start:  # max(start, cursor + MIN_RUNG)
            start = cursor + MIN_RUNG
        if wait.handoff is not None:
            wait_text = step_text(wait)
            if cursor is None:
                cursor = start - max(MIN_RUNG, measure(wait_text, FONT_SIZE) + 6.0)
            append(Rung("wait", wait.stage, wait.handoff, cursor, start, upper, wait_text))
        elif cursor is not None:  # the first stage of the path drawn right of another
            append(Rung("wait", wait.stage, None, cursor, start, upper, ""))
        end = start + (1.0 if 1.0 > width else width)  # max(width, 1.0)
        append(Rung("process", process.stage, None, start, end, lower, step_text(process)))
        cursor = end
    return rungs


def _bounds(labels: list[Label], summary: Rect, wave: Rect) -> Rect:
    """The smallest rectangle holding the summary box, the wave and every label's line box
    (as :func:`~vsm_editor.style.figure.union` of them, without a rectangle per label)."""
    left, top = min(summary.x, wave.x), min(summary.y, wave.y)
    right, bottom = max(summary.right, wave.right), max(summary.bottom, wave.bottom)
    extents: dict[tuple[float, bool], tuple[float, float]] = {}
    for item in labels:
        line = item.line
        x = line.x
        if x < left:
            left = x
        if x + line.width > right:
            right = x + line.width
        key = (line.size, line.bold)
        extent = extents.get(key)
        if extent is None:
            extent = extents[key] = (ascent(*key), descent(*key))
        baseline = line.baseline
        if baseline - extent[0] < top:
            top = baseline - extent[0]
        if baseline + extent[1] > bottom:
            bottom = baseline + extent[1]
    return Rect(left, top, right - left, bottom - top)


def _wave(rungs: list[Rung], upper: float, lower: float) -> list[tuple[float, float]]:
    """The square wave through the rungs, starting on the upper level."""
    points = [(rungs[0].x1, upper)]
    y = upper
    for rung in rungs:
        if rung.y != y:
            points.append((rung.x1, rung.y))
            y = rung.y
        points.append((rung.x2, rung.y))
    return points


def _summary(figure: Figure, rows: list[tuple[str, str]], x: float, top: float,
             totals: LadderTotals) -> Rect:
    """The totals box at (x, top): one (label, value) row per total."""
    pad = SUMMARY_PADDING
    size = TOTALS_SIZE
    step = line_height(size) + 2.0
    label_width = max(measure(text, size) for text, _ in rows)
    value_x = x + pad + label_width + SUMMARY_COLUMN_GAP
    labels: list[Label] = []
    row_top = top + pad
    for text, value in rows:
        role = ROW_ROLES[text]
        labels.append(label(text, x + pad, row_top, size, palette.TEXT_MUTED,
                            role=f"total-label {role}"))
        labels.append(label(value, value_x, row_top, size, palette.TEXT, bold=True,
                            role=f"total {role}"))
        row_top += step
    if totals.missing:
        note = f"lower bound: {totals.missing} time{'s' if totals.missing > 1 else ''} missing"
        labels.append(label(note, x + pad, row_top, FONT_SIZE, palette.TEXT_MUTED,
                            role="total-note"))
        row_top += line_height(FONT_SIZE) + 2.0
    right = max(lab.line.x + lab.line.width for lab in labels) + pad
    box = Rect(x, top, right - x, row_top - top + pad - 2.0)
    figure.shapes.append(Shape(rectangle(box.x, box.y, box.width, box.height),
                               palette.BACKGROUND, palette.LANE_SEPARATOR, 1.0, "ladder-totals"))
    figure.labels.extend(labels)
    return box


def _title(metrics: FlowMetrics, follows: bool) -> str:
    text = "Timeline ladder: waits above, process times below"
    if follows:
        text += "; it " + FOLLOWS_CAPTION + " of a branching stream"
    return text


def ladder_labels(ladder: Ladder, role: str) -> list[Label]:
    """The ladder's labels whose role holds ``role`` (e.g. ``"total"``)."""
    return [lab for lab in ladder.figure.labels if role in lab.role.split()]
