"""Keep the improvement bursts on stage boxes in step with the map.

Ideas and pain points are elements of their own (kind ``improvement``) inside a stage, so
adding, re-kinding or removing one does not change the stage itself; the scene calls
:func:`refresh_bursts` for such change sets and every stage whose burst (how many, which
kind) no longer matches its ideas is laid out again.
"""

from __future__ import annotations

from vsm_editor.model import ChangeSet


def touches_improvements(changes: ChangeSet) -> bool:
    return any(change.kind == "improvement" for change in changes.changes)


def refresh_bursts(stage_items) -> int:
    """Re-lay out the items of a ``{id: StageItem}`` map whose burst is stale; returns how
    many were refreshed."""
    count = 0
    for item in stage_items.values():
        kinds = {idea.kind for idea in item.stage.improvements}
        wanted = (len(item.stage.improvements), "pain_point" if "pain_point" in kinds else "idea")
        if (item.layout.improvement_count, item.layout.improvement_kind) != wanted:
            item.refresh()
            count += 1
    return count
