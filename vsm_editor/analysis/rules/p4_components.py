"""P4 components: every logic item is realized by a component, and every component realizes
something."""

from __future__ import annotations

from vsm_editor.analysis.context import AnalysisContext, outside
from vsm_editor.analysis.rules.registry import check, declare, found, label
from vsm_editor.model.entities import Component, LogicItem, Stage
from vsm_editor.model.findings import Finding

declare(
    "p4-logic-unrealized", "warning", "P4", "Logic item no component realizes",
    """Logic that no component realizes exists only in the workshop: no field, screen, API,
    workflow or job makes it happen, so it will be forgotten or built in the wrong place.
    Pick the component that realizes it, or specify a new one.""",
)
declare(
    "p4-component-realizes-nothing", "warning", "P4", "Component that realizes nothing",
    """A component that realizes no logic item is not traceable to any decision or outcome:
    either link the logic it implements, or ask whether it is needed at all.""",
)
declare(
    "p4-stage-no-components", "warning", "P4", "Stage with logic but no components",
    """Logic applies at this stage, but no component realizes any of it, so the stage has
    a design intent and no parts. Link the components (data fields, screens, APIs,
    workflows, approvals…) that make its logic real.""",
)


@check("p4-logic-unrealized", "logic")
def logic_unrealized(ctx: AnalysisContext, items: list[LogicItem]) -> list[Finding]:
    index = ctx.index
    if len(items) >= len(index.logic):  # all of them: only the unrealized ones can fail
        items = outside(index.logic, items, index.realized_logic())
    realized_by = index.realized_by
    return [
        found(
            "p4-logic-unrealized", f"logic:{item.id}/realized_by",
            f"No component realizes logic {label(item)}: pick or specify one.",
            item.id, *item.stages,
        )
        for item in items
        if not realized_by.get(item.id)
    ]


@check("p4-component-realizes-nothing", "component")
def component_realizes_nothing(ctx: AnalysisContext, components: list[Component]) -> list[Finding]:
    return [
        found(
            "p4-component-realizes-nothing", f"component:{c.id}/realizes",
            f"Component {label(c)} realizes no logic item: link what it implements.", c.id,
        )
        for c in components
        if not c.realizes
    ]


@check("p4-stage-no-components", "stage")
def stage_no_components(ctx: AnalysisContext, stages: list[Stage]) -> list[Finding]:
    index = ctx.index
    if len(stages) >= len(index.stages) and index.logic.keys() <= index.realized_logic():
        return []  # every logic item is realized, so every stage with logic has components
    links_at = index.link_lookup()
    results = []
    for s in stages:
        links = links_at(s.id)
        if not links or links[0][2]:
            continue  # no logic, or its first item is realized
        for _logic_id, _point, realizers in links:
            if realizers:
                break
        else:
            results.append(
                found(
                    "p4-stage-no-components", f"stage:{s.id}/components",
                    f"Stage {label(s)} has logic but no component realizes any of it.",
                    s.id, *(link[0] for link in links),
                )
            )
    return results
