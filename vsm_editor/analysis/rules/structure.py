"""Structure: suppressions that no longer point at anything."""

from __future__ import annotations

from vsm_editor.analysis.index import MapIndex
from vsm_editor.analysis.rules.registry import RULES, declare, found
from vsm_editor.model.entities import Suppression
from vsm_editor.model.findings import Finding

STALE_RULE = "structure-stale-suppression"
SUPPRESSION_PREFIX = "suppression:"

declare(
    STALE_RULE, "warning", "structure", "Suppression of something that is gone",
    """A finding was accepted with a reason, but the element it was about (or the rule
    itself) no longer exists, so the suppression hides nothing and its reason no longer
    explains anything. Remove the suppression, or move its reason to where it now belongs.""",
)


def stale_suppressions(
    stream_id: str, index: MapIndex, suppressions: list[Suppression]
) -> list[tuple[Suppression, Finding]]:
    """Each suppression whose rule or any element named in its key is gone, with its finding
    (suppressions repeating a key share one finding).

    A key is ``rule@path``; the path's ``kind:id`` segments name the elements. A key that
    cannot be read that way names nothing that exists, so it is stale too.
    """
    keys = {s.key for s in suppressions}
    results = []
    reported: dict[str, Finding] = {}
    for suppression in suppressions:
        finding = reported.get(suppression.key)
        if finding is None:
            problem = _why_stale(suppression.key, index, keys)
            if problem is None:
                continue
            finding = found(
                STALE_RULE, f"{SUPPRESSION_PREFIX}{suppression.key}",
                f"The suppression “{_short(suppression.key)}” is stale: {problem}.",
                stream_id,
            )
            reported[suppression.key] = finding
        results.append((suppression, finding))
    return results


def _why_stale(key: str, index: MapIndex, keys: set[str]) -> str | None:
    rule, at, path = key.partition("@")
    if not at or not path:
        return "its key names no finding"
    if rule not in RULES:
        return f"there is no rule {rule!r}"
    if path.startswith(SUPPRESSION_PREFIX):
        target = path[len(SUPPRESSION_PREFIX):]
        return None if target in keys else "the suppression it was about is gone"
    named = [segment.split(":", 1)[1] for segment in path.split("/") if ":" in segment]
    if not named:
        return "its key names no element"
    for element_id in named:
        if not index.has(element_id):
            return f"{element_id!r} no longer exists"
    return None


def _short(text: str) -> str:
    return text if len(text) <= 80 else text[:77] + "…"
