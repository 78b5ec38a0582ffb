"""The headless anatomy model: typed elements, the editable document and the file format.

Never imports Qt (enforced by the import-linter contract in ``pyproject.toml``).
"""

from vsm_editor.model.document import Change, ChangeSet, Document
from vsm_editor.model.entities import (
    AnalysisSettings,
    AnatomyMap,
    Catalogue,
    Component,
    ControlPoint,
    Decision,
    DeliveryMetrics,
    Display,
    Duration,
    Frequency,
    Handoff,
    Improvement,
    Lane,
    LogicItem,
    Origin,
    Outcome,
    Percent,
    Rate,
    RuleSetting,
    Stage,
    Stream,
    Suppression,
)
from vsm_editor.model.errors import IntegrityError, MapFileError
from vsm_editor.model.fileio import dump_bytes, load_bytes, load_map, save_map
from vsm_editor.model.findings import Finding, make_finding
from vsm_editor.model.migrations import CURRENT_VERSION, FORMAT_NAME


def new_map(name: str = "Untitled stream") -> AnatomyMap:
    """An empty map of the current format version."""
    from vsm_editor.model.ids import new_id

    return AnatomyMap(
        format=FORMAT_NAME, version=CURRENT_VERSION, stream=Stream(id=new_id("stream"), name=name)
    )


__all__ = [
    "CURRENT_VERSION",
    "FORMAT_NAME",
    "AnalysisSettings",
    "AnatomyMap",
    "Catalogue",
    "Change",
    "ChangeSet",
    "Component",
    "ControlPoint",
    "Decision",
    "DeliveryMetrics",
    "Display",
    "Document",
    "Duration",
    "Finding",
    "Frequency",
    "Handoff",
    "Improvement",
    "IntegrityError",
    "Lane",
    "LogicItem",
    "MapFileError",
    "Origin",
    "Outcome",
    "Percent",
    "Rate",
    "RuleSetting",
    "Stage",
    "Stream",
    "Suppression",
    "dump_bytes",
    "load_bytes",
    "load_map",
    "make_finding",
    "new_map",
    "save_map",
]
