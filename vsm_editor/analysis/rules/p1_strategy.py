"""P1 strategy: stages serve outcomes, and outcomes are measurable and served."""

from __future__ import annotations

from vsm_editor.analysis.context import AnalysisContext, is_measurable
from vsm_editor.analysis.rules.registry import check, declare, found, label
from vsm_editor.model.entities import Outcome, Stage
from vsm_editor.model.findings import Finding

declare(
    "p1-stage-no-outcome", "warning", "P1", "Stage serves no outcome",
    """A stage that serves none of the stream's outcomes cannot say why it exists or what
    must improve there, so nobody can tell whether changing it is worth it. Tick the
    outcomes this stage moves in the inspector (P1), or create the outcome it serves; if no
    outcome fits, question whether the stage should exist.""",
)
declare(
    "p1-outcome-unserved", "warning", "P1", "Outcome no stage serves",
    """An outcome that no stage is linked to is a wish, not part of the architecture: nothing
    in the stream is accountable for moving it. Link the stages that drive it (select a stage,
    tick the outcome under P1), or remove the outcome if the stream does not own it.""",
)
declare(
    "p1-outcome-no-target", "warning", "P1", "Outcome without a measurable target",
    """An outcome without a metric and a target cannot be measured, so nobody will know
    whether the stream improved. Give it a metric (what is counted, e.g. "activation lead
    time"), a unit, a baseline and a target with a direction.""",
)


@check("p1-stage-no-outcome", "stage")
def stage_no_outcome(ctx: AnalysisContext, stages: list[Stage]) -> list[Finding]:
    return [
        found(
            "p1-stage-no-outcome", f"stage:{s.id}/outcomes",
            f"Stage {label(s)} serves no outcome: link it to the outcome it moves.", s.id,
        )
        for s in stages
        if not s.outcomes
    ]


@check("p1-outcome-unserved", "outcome")
def outcome_unserved(ctx: AnalysisContext, outcomes: list[Outcome]) -> list[Finding]:
    served = ctx.index.served_outcomes()
    return [
        found(
            "p1-outcome-unserved", f"outcome:{o.id}/served_by",
            f"Outcome {label(o)} is served by no stage: link the stages that drive it.", o.id,
        )
        for o in outcomes
        if o.id not in served
    ]


@check("p1-outcome-no-target", "outcome")
def outcome_no_target(ctx: AnalysisContext, outcomes: list[Outcome]) -> list[Finding]:
    results = []
    for o in outcomes:
        if is_measurable(o):
            continue
        if not o.metric.strip():
            path, missing = f"outcome:{o.id}/metric", "no metric"
        else:
            path, missing = f"outcome:{o.id}/target", "no target"
        results.append(
            found(
                "p1-outcome-no-target", path,
                f"Outcome {label(o)} has {missing}: it cannot be measured.", o.id,
            )
        )
    return results
