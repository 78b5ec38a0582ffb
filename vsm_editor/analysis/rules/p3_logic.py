"""P3 system logic: every stage has logic, tied to a control point, and rules have owners."""

from __future__ import annotations

from vsm_editor.analysis.context import AnalysisContext, outside
from vsm_editor.analysis.rules.registry import check, declare, found, label
from vsm_editor.model.entities import LogicItem, Stage
from vsm_editor.model.findings import Finding

declare(
    "p3-stage-no-logic", "warning", "P3", "Stage with no system logic",
    """No rule, data, event, timing, exception, integration or UI action applies at this
    stage, so nothing says how the system executes its decisions: the stage is process on
    paper only. Add the logic items that apply here (or pick shared ones from the catalogue),
    each with the control point where the system acts.""",
)
declare(
    "p3-logic-no-control-point", "warning", "P3", "Logic item with no control point",
    """A rule that is not tied to a control point gets applied too early, too late or too
    broadly ("booking must be valid before release"). Say where the system checks it: a
    field update, a form's validation, before commit, before a transition or in a
    background job, and name its subject.""",
)
declare(
    "p3-rule-no-owner", "warning", "P3", "Rule with no owner",
    """A business rule nobody owns is a rule nobody may change, and nobody answers for when
    it blocks work. Name the person or team that decides on it.""",
)
declare(
    "p3-logic-unused", "info", "P3", "Logic item applied at no stage",
    """A logic item that applies at no stage is not part of the stream: either pick the
    stages where it executes, or remove it from the catalogue.""",
)


@check("p3-stage-no-logic", "stage")
def stage_no_logic(ctx: AnalysisContext, stages: list[Stage]) -> list[Finding]:
    index = ctx.index
    if len(stages) >= len(index.stages):  # all of them: only those without logic can fail
        stages = outside(index.stages, stages, index.stages_with_logic())
    links_at = index.link_lookup()
    return [
        found(
            "p3-stage-no-logic", f"stage:{s.id}/logic",
            f"No system logic applies at stage {label(s)}: add the rules, data and events "
            "that execute its decisions.",
            s.id,
        )
        for s in stages
        if not links_at(s.id)
    ]


@check("p3-logic-no-control-point", "logic")
def logic_no_control_point(ctx: AnalysisContext, items: list[LogicItem]) -> list[Finding]:
    return [
        found(
            "p3-logic-no-control-point", f"logic:{item.id}/control_point",
            f"Logic {label(item)} has no control point: say where the system checks it.",
            item.id, *item.stages,
        )
        for item in items
        if item.control_point is None
    ]


@check("p3-rule-no-owner", "logic")
def rule_no_owner(ctx: AnalysisContext, items: list[LogicItem]) -> list[Finding]:
    return [
        found(
            "p3-rule-no-owner", f"logic:{item.id}/owner",
            f"Rule {label(item)} has no owner: name who decides on it.", item.id, *item.stages,
        )
        for item in items
        if item.kind == "rule" and not item.owner.strip()
    ]


@check("p3-logic-unused", "logic")
def logic_unused(ctx: AnalysisContext, items: list[LogicItem]) -> list[Finding]:
    return [
        found(
            "p3-logic-unused", f"logic:{item.id}/stages",
            f"Logic {label(item)} applies at no stage.", item.id,
        )
        for item in items
        if not item.stages
    ]
