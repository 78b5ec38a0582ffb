"""Helpers of the BPMN import tests (imported by path: tests/ is not a package)."""

from __future__ import annotations

from pathlib import Path

from vsm_editor.exporters.bpmn_import import ImportResult, import_bpmn

from vsm_editor.model.entities import AnatomyMap, Stage
from vsm_editor.model.geometry import lane_tops, stage_rect

CORPUS = Path(__file__).resolve().parents[1] / "data" / "bpmn"


def corpus_files() -> list[str]:
    return sorted(path.name for path in CORPUS.glob("*.bpmn"))


def load(name: str, pool: str | None = None) -> ImportResult:
    path = CORPUS / name
    return import_bpmn(path.read_bytes(), str(path), pool)


def stage(anatomy: AnatomyMap, stage_id: str) -> Stage:
    return next(s for s in anatomy.stages if s.id == stage_id)


def links(anatomy: AnatomyMap) -> set[tuple[str, str, str]]:
    return {(h.source, h.target, h.kind) for h in anatomy.handoffs}


def reported(result: ImportResult) -> dict[str, str]:
    """element id -> action, for every report item."""
    return {item.element_id: item.action for item in result.report}


def overlaps(anatomy: AnatomyMap) -> list[tuple[str, str]]:
    tops = lane_tops(anatomy)
    rects = [(s.id, stage_rect(s, tops)) for s in anatomy.stages]
    return [(a, b) for i, (a, ra) in enumerate(rects) for b, rb in rects[i + 1:]
            if ra.intersects(rb)]
