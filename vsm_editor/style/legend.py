"""The legend's content: which symbols a map uses and what they mean.

The canvas's legend panel and the exports' legend block both read :func:`legend_entries`,
so they list the same things in the same order with the same words.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from vsm_editor.style.markers import LAYER_NAMES, LAYERS, SEVERITIES
from vsm_editor.style.strokes import HANDOFF_STROKES

EntryKind = Literal["layer", "handoff", "severity", "improvement"]

SEVERITY_LABELS = {
    "error": "Error: must be fixed",
    "warning": "Warning: should be looked at",
    "info": "Info: worth knowing",
}
IMPROVEMENT_LABELS = {"idea": "Improvement idea", "pain_point": "Pain point"}


@dataclass(frozen=True)
class LegendEntry:
    """One legend row: the symbol to draw (``kind`` + ``key``, plus ``linked`` for layer
    markers) and its explanation. ``group`` is the section heading it belongs to."""

    group: str
    kind: EntryKind
    key: str
    label: str
    linked: bool = True


def legend_entries(
    *, layers: bool = True, handoffs: bool = True, severities: bool = True,
    improvements: bool = True,
) -> list[LegendEntry]:
    """The legend's rows, grouped: layer markers, handoff kinds, severities, improvements."""
    entries: list[LegendEntry] = []
    if layers:
        group = "Anatomy layers (filled = linked, outlined = missing)"
        for layer in LAYERS:
            entries.append(
                LegendEntry(group, "layer", layer, f"{layer} {LAYER_NAMES[layer]} linked")
            )
        entries.append(
            LegendEntry(group, "layer", "P1", "Outlined: layer not linked yet", linked=False)
        )
    if handoffs:
        for kind, stroke in HANDOFF_STROKES.items():
            entries.append(LegendEntry("Handoffs", "handoff", kind, stroke.label))
    if severities:
        for severity in SEVERITIES:
            entries.append(
                LegendEntry("Findings", "severity", severity, SEVERITY_LABELS[severity])
            )
    if improvements:
        for kind, label in IMPROVEMENT_LABELS.items():
            entries.append(LegendEntry("Improvements", "improvement", kind, label))
    return entries
