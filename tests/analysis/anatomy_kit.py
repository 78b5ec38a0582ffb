"""Small hand-made maps for the analysis tests.

``complete_map()`` is a three-stage stream (Intake → Review → Approve) with every layer
linked on every stage and every flow number given: the analysis finds nothing in it. Tests
break one thing at a time and look for the one finding that says so.
"""

from __future__ import annotations

from vsm_editor.model import (
    AnatomyMap,
    Catalogue,
    Component,
    ControlPoint,
    Decision,
    DeliveryMetrics,
    Duration,
    Handoff,
    Lane,
    LogicItem,
    Outcome,
    Percent,
    Stage,
    Stream,
)
from vsm_editor.model.migrations import CURRENT_VERSION, FORMAT_NAME


def stage(stage_id: str, name: str, **fields: object) -> Stage:
    """A fully annotated stage (lane, owner, outcome, decision, times) unless overridden."""
    values: dict[str, object] = {
        "lane": "ln_ops",
        "owner": "Operations",
        "outcomes": ["oc_fast"],
        "decisions": [Decision(id=f"dc_{stage_id}", text=f"{name}: go on?")],
        "process_time": Duration(value=1.0, unit="hours"),
        "pca": Percent(value=90.0),
    }
    values.update(fields)
    return Stage(id=stage_id, name=name, **values)  # type: ignore[arg-type]


def flow(handoff_id: str, source: str, target: str, **fields: object) -> Handoff:
    """A flow handoff with a wait of one hour unless overridden."""
    values: dict[str, object] = {"wait": Duration(value=1.0, unit="hours")}
    values.update(fields)
    return Handoff(id=handoff_id, source=source, target=target, **values)  # type: ignore[arg-type]


def complete_map() -> AnatomyMap:
    """Intake → Review → Approve, every stage linked through P1–P4, all numbers given."""
    return AnatomyMap(
        format=FORMAT_NAME,
        version=CURRENT_VERSION,
        stream=Stream(id="vs_test", name="Test stream"),
        outcomes=[
            Outcome(
                id="oc_fast", statement="Faster approvals", metric="lead time", unit="h",
                baseline=10.0, target=4.0,
            )
        ],
        delivery_metrics=DeliveryMetrics(
            measured_lead_time=Duration(value=6.0, unit="hours", measured=True)
        ),
        lanes=[Lane(id="ln_ops", name="Operations")],
        stages=[
            stage("st_a", "Intake"),
            stage("st_b", "Review"),
            stage("st_c", "Approve"),
        ],
        handoffs=[flow("ho_ab", "st_a", "st_b"), flow("ho_bc", "st_b", "st_c")],
        catalogue=Catalogue(
            control_points=[
                ControlPoint(id="cp_form", kind="form", subject="Request form", component="cm_ui")
            ],
            logic=[
                LogicItem(
                    id="lg_limit", kind="rule", statement="Amount within the limit",
                    stages=["st_a", "st_b", "st_c"], control_point="cp_form", owner="Risk",
                )
            ],
            components=[
                Component(id="cm_ui", kind="screen", name="Request screen", realizes=["lg_limit"])
            ],
        ),
    )


def by_rule(findings: list, rule: str) -> list:
    """The findings of one rule."""
    return [f for f in findings if f.rule == rule]
