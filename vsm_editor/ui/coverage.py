"""Which of the P1–P4 layers each stage links, for the markers on the canvas.

The analysis owns the one definition (:func:`vsm_editor.analysis.compute_coverage`); the
canvas only reads it.
"""

from __future__ import annotations

from vsm_editor.model import AnatomyMap

Linked = tuple[bool, bool, bool, bool]


def linked_layers(anatomy: AnatomyMap) -> dict[str, Linked]:
    """``stage id → (P1, P2, P3, P4 linked)``."""
    from vsm_editor.analysis import compute_coverage  # networkx: imported only when needed

    return {stage_id: entry.linked for stage_id, entry in compute_coverage(anatomy).items()}
