"""Which stages of the future map realize each improvement idea of the current map.

The rule (ideas are the stage improvements of kind ``idea`` on map A). A stage of B realizes
an idea when

* **same stage**: it is the matched stage of the idea's stage (by id, then by name);
* **carries the idea**: it holds an improvement with the idea's id. "New future state"
  keeps every id, so an idea stays linked wherever the facilitator moves its burst in the
  future map, including onto a new stage;
* **mentions the idea**: its notes, description or one of its improvements' text or notes
  names the idea's id as a word (``replaces im_x7k2pq``). That is the explicit link for a
  new stage in a map that was not made by "New future state".

A stage may have several reasons; stages are listed in B's order. An idea whose stage is
gone from B and that no stage carries or mentions is realized by nothing (``stage_in_b``
is then ``None``: the stage was removed, which may itself be the improvement).
"""

from __future__ import annotations

import re

from vsm_editor.analysis.compare_match import name_key, pair_elements
from vsm_editor.analysis.compare_result import IdeaLink, Pairing, Realization
from vsm_editor.model.entities import AnatomyMap, Improvement, Stage

SAME_STAGE = "same stage"
CARRIES = "carries the idea"
MENTIONS = "mentions the idea"

_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9._-]*")


def link_ideas(a: AnatomyMap, b: AnatomyMap, stages: Pairing) -> tuple[IdeaLink, ...]:
    """For each idea on A, the stages of B realizing it (see the module docstring)."""
    ideas: list[tuple[Stage, Improvement]] = [
        (stage, improvement)
        for stage in a.stages
        for improvement in stage.improvements
        if improvement.kind == "idea"
    ]
    if not ideas:
        return ()
    wanted = {improvement.id for _, improvement in ideas}
    reasons: dict[str, dict[str, list[str]]] = {}  # idea → B stage → reasons
    for stage in b.stages:
        for idea in _carried(stage, wanted):
            reasons.setdefault(idea, {}).setdefault(stage.id, []).append(CARRIES)
        for idea in _mentioned(stage, wanted):
            reasons.setdefault(idea, {}).setdefault(stage.id, []).append(MENTIONS)
    b_rank = {stage.id: i for i, stage in enumerate(b.stages)}
    b_names = {stage.id: stage.name for stage in b.stages}
    links = []
    for stage, improvement in ideas:
        by_stage = reasons.get(improvement.id, {})
        matched = stages.a_to_b.get(stage.id)
        found: dict[str, list[str]] = {}
        if matched is not None:
            found[matched] = [SAME_STAGE, *by_stage.get(matched, ())]
        for b_id, why in by_stage.items():
            found.setdefault(b_id, why)
        realized = tuple(
            Realization(stage=b_id, name=b_names[b_id], reasons=tuple(why))
            for b_id, why in sorted(found.items(), key=lambda item: b_rank[item[0]])
        )
        links.append(IdeaLink(
            idea=improvement.id,
            text=improvement.text,
            stage=stage.id,
            stage_name=stage.name,
            stage_in_b=matched,
            realized_by=realized,
        ))
    return tuple(links)


def ideas_between(a: AnatomyMap, b: AnatomyMap) -> tuple[IdeaLink, ...]:
    """The idea links of a whole comparison of ``a`` with ``b`` at the cost of matching
    only the stages (for the inspector, which asks again after every edit)."""
    if not any(x.kind == "idea" for stage in a.stages for x in stage.improvements):
        return ()
    stages = pair_elements(a.stages, b.stages, lambda stage: name_key(stage.name))
    return link_ideas(a, b, stages)


def _carried(stage: Stage, wanted: set[str]) -> list[str]:
    return [x.id for x in stage.improvements if x.id in wanted]


def _mentioned(stage: Stage, wanted: set[str]) -> list[str]:
    texts = [stage.notes, stage.description]
    for improvement in stage.improvements:
        texts.append(improvement.text)
        texts.append(improvement.notes)
    found: list[str] = []
    for text in texts:
        if not text:
            continue
        for word in _WORD.findall(text):
            word = word.rstrip(".-")
            if word in wanted and word not in found:
                found.append(word)
    return found
