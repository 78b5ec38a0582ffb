"""The hand-made map the comparison tests edit, and helpers to read a comparison.

``current_map()``: Intake → Review (Operations) → Approve (Risk), every stage linked
through P1–P4, an improvement idea on Review. Flow by hand: process 1 + 2 + 1 = 4 h,
waits 2 + 4 = 6 h, lead time 10 h, flow efficiency 40 %, rolled %C&A 0.9 × 0.8 × 1.0 = 72 %,
bottleneck Approve (the 4 h wait before it). (No tests here: the file holds the kit.)
"""

from __future__ import annotations

import copy

from vsm_editor.analysis.compare import Comparison, Difference, FieldChange
from vsm_editor.model import (
    AnatomyMap,
    Catalogue,
    Component,
    ControlPoint,
    Decision,
    Duration,
    Handoff,
    Improvement,
    Lane,
    LogicItem,
    Outcome,
    Percent,
    Stage,
    Stream,
)
from vsm_editor.model.integrity import check_map
from vsm_editor.model.migrations import CURRENT_VERSION, FORMAT_NAME


def hours(value: float) -> Duration:
    return Duration(value=value, unit="hours")


def current_map() -> AnatomyMap:
    """The current state (see the module docstring)."""
    anatomy = AnatomyMap(
        format=FORMAT_NAME,
        version=CURRENT_VERSION,
        stream=Stream(id="vs_now", name="Loan approval"),
        outcomes=[
            Outcome(id="oc_fast", statement="Faster approvals", metric="lead time", unit="h",
                    baseline=10.0, target=4.0),
            Outcome(id="oc_right", statement="Right first time", metric="first-time right",
                    unit="%", baseline=70.0, target=90.0, direction="increase"),
        ],
        lanes=[Lane(id="ln_ops", name="Operations"), Lane(id="ln_risk", name="Risk")],
        stages=[
            Stage(id="st_a", name="Intake", lane="ln_ops", owner="Ops", x=40.0,
                  outcomes=["oc_fast"], decisions=[Decision(id="dc_a", text="Complete?")],
                  process_time=hours(1.0), pca=Percent(value=90.0)),
            Stage(id="st_b", name="Review", lane="ln_ops", owner="Ops", x=280.0,
                  outcomes=["oc_fast"],
                  decisions=[Decision(id="dc_b1", text="Within limit?"),
                             Decision(id="dc_b2", text="Customer known?")],
                  process_time=hours(2.0), pca=Percent(value=80.0),
                  improvements=[Improvement(id="im_auto", text="Automate the review")]),
            Stage(id="st_c", name="Approve", lane="ln_risk", owner="Risk", x=520.0,
                  outcomes=["oc_fast"], decisions=[Decision(id="dc_c", text="Approve?")],
                  process_time=hours(1.0), pca=Percent(value=100.0)),
        ],
        handoffs=[
            Handoff(id="ho_ab", source="st_a", target="st_b", wait=hours(2.0)),
            Handoff(id="ho_bc", source="st_b", target="st_c", wait=hours(4.0)),
        ],
        catalogue=Catalogue(
            control_points=[
                ControlPoint(id="cp_form", kind="form", subject="Request form",
                             component="cm_ui"),
                ControlPoint(id="cp_commit", kind="before_commit", subject="Loan record"),
            ],
            logic=[
                LogicItem(id="lg_limit", kind="rule", statement="Amount within the limit",
                          stages=["st_a", "st_b"], control_point="cp_form", owner="Risk"),
                LogicItem(id="lg_score", kind="integration", statement="Fetch credit score",
                          stages=["st_c"], control_point="cp_commit", owner="Risk"),
            ],
            components=[
                Component(id="cm_ui", kind="screen", name="Request screen",
                          realizes=["lg_limit"]),
                Component(id="cm_api", kind="api", name="Score API", realizes=["lg_score"]),
            ],
        ),
    )
    check_map(anatomy)
    return anatomy


def copy_of(anatomy: AnatomyMap) -> AnatomyMap:
    return copy.deepcopy(anatomy)


def stage_of(anatomy: AnatomyMap, stage_id: str) -> Stage:
    return next(stage for stage in anatomy.stages if stage.id == stage_id)


def summary(comparison: Comparison) -> list[tuple[str, str, str | None, str | None]]:
    """``(kind, element, a_id, b_id)`` of every difference, in order."""
    return [(d.kind, d.element, d.a_id, d.b_id) for d in comparison.differences]


def only(comparison: Comparison) -> Difference:
    """The one difference (fails when there are more or none)."""
    assert len(comparison.differences) == 1, summary(comparison)
    return comparison.differences[0]


def change(field: str, old: object, new: object, layer: str = "", item_a: str | None = None,
           item_b: str | None = None) -> FieldChange:
    return FieldChange(field, old, new, layer, item_a, item_b)
