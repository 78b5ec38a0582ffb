"""Comparing two maps: current and future state, or two versions of one map.

``compare_maps(a, b)`` matches the elements of A and B (by id, then by name: see
:mod:`~vsm_editor.analysis.compare_match`), classifies every difference as added, removed,
renamed, moved, re-annotated or edited, naming each changed field (see
:mod:`~vsm_editor.analysis.compare_fields`), tabulates the change in the flow metrics and
P1–P4 coverage (:mod:`~vsm_editor.analysis.compare_metrics`) and links each improvement idea
of A to the stages of B realizing it (:mod:`~vsm_editor.analysis.compare_ideas`).
``format_comparison`` prints it as text, JSON or Markdown; ``new_future_state`` makes the
future-state copy whose ids match its origin's. Never imports Qt.
"""

from __future__ import annotations

import gc

from vsm_editor.analysis.compare_elements import map_differences
from vsm_editor.analysis.compare_format import format_comparison
from vsm_editor.analysis.compare_future import new_future_state
from vsm_editor.analysis.compare_ideas import link_ideas
from vsm_editor.analysis.compare_match import match_maps
from vsm_editor.analysis.compare_metrics import metric_rows
from vsm_editor.analysis.compare_names import element_names
from vsm_editor.analysis.compare_result import (
    Comparison,
    Difference,
    FieldChange,
    IdeaLink,
    Matching,
    MetricRow,
    Pairing,
    Realization,
)
from vsm_editor.model.entities import AnatomyMap

__all__ = [
    "Comparison",
    "Difference",
    "FieldChange",
    "IdeaLink",
    "Matching",
    "MetricRow",
    "Pairing",
    "Realization",
    "compare_maps",
    "element_names",
    "format_comparison",
    "new_future_state",
]


def compare_maps(a: AnatomyMap, b: AnatomyMap, *, metrics: bool = True) -> Comparison:
    """Everything that differs from ``a`` to ``b``.

    ``metrics=False`` leaves out the metrics table (the costly part on large maps, for a
    caller that only wants the differences). Neither map is changed.
    """
    collecting = gc.isenabled()
    gc.disable()  # many small objects, none cyclic: the collector only costs time (~30 %)
    try:
        return _compare(a, b, metrics)
    finally:
        if collecting:
            gc.enable()


def _compare(a: AnatomyMap, b: AnatomyMap, metrics: bool) -> Comparison:
    matching = match_maps(a, b)
    return Comparison(
        a_stream=a.stream.id,
        b_stream=b.stream.id,
        a_name=a.stream.name,
        b_name=b.stream.name,
        differences=tuple(map_differences(a, b, matching)),
        matching=matching,
        metrics=metric_rows(a, b, matching.stages) if metrics else (),
        ideas=link_ideas(a, b, matching.stages),
        a_map=a,
        b_map=b,
    )
