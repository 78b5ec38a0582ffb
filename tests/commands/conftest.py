"""Fixtures for the command tests: a small but complete map and a harness that runs an edit
as an execute / undo / redo triplet, checking the saved bytes and the change sets."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from vsm_editor.commands import CommandRefusedError, Modeling
from vsm_editor.model import (
    AnalysisSettings,
    AnatomyMap,
    Catalogue,
    ChangeSet,
    Component,
    ControlPoint,
    Decision,
    Document,
    Duration,
    Handoff,
    Improvement,
    Lane,
    LogicItem,
    Outcome,
    Percent,
    Rate,
    RuleSetting,
    Stage,
    Stream,
    Suppression,
    dump_bytes,
    load_bytes,
)
from vsm_editor.model.migrations import CURRENT_VERSION, FORMAT_NAME


def sample_map() -> AnatomyMap:
    """Two lanes, four stages (one without a lane), four handoffs of all kinds, outcomes,
    decisions linked from logic, control points, components and analysis settings."""
    return AnatomyMap(
        format=FORMAT_NAME,
        version=CURRENT_VERSION,
        stream=Stream(id="vs_1", name="Onboarding"),
        outcomes=[
            Outcome(id="oc_1", statement="Activation lead time < 2 days", target=2.0),
            Outcome(id="oc_2", statement="Discount leakage < 1 %"),
        ],
        lanes=[Lane(id="ln_a", name="Sales"), Lane(id="ln_b", name="Ops", height=200.0)],
        stages=[
            Stage(
                id="st_1",
                name="Capture",
                lane="ln_a",
                x=40.0,
                outcomes=["oc_1"],
                decisions=[
                    Decision(id="dc_1", text="Check identity"),
                    Decision(id="dc_2", text="Approve margin"),
                ],
                improvements=[Improvement(id="im_1", text="Pre-fill the form")],
            ),
            Stage(
                id="st_2",
                name="Qualify",
                lane="ln_a",
                x=280.0,
                outcomes=["oc_1", "oc_2"],
                decisions=[Decision(id="dc_3", text="Score the lead")],
            ),
            Stage(id="st_3", name="Activate", lane="ln_b", x=520.0, y=60.0),
            Stage(id="st_4", name="Bill", x=760.0, y=20.0),
        ],
        handoffs=[
            Handoff(
                id="ho_1",
                source="st_1",
                target="st_2",
                label="lead",
                wait=Duration(value=2.0, unit="hours"),
                share=Percent(value=60.0),
            ),
            Handoff(id="ho_2", source="st_2", target="st_3"),
            Handoff(
                id="ho_3", source="st_3", target="st_1", kind="rework", rework_rate=Rate(value=0.1)
            ),
            Handoff(id="ho_4", source="st_1", target="st_3", kind="information"),
        ],
        catalogue=Catalogue(
            control_points=[
                ControlPoint(id="cp_1", kind="form", subject="Booking form", component="cm_1"),
                ControlPoint(id="cp_2", kind="before_commit"),
            ],
            logic=[
                LogicItem(
                    id="lg_1",
                    kind="rule",
                    statement="Identity must be verified",
                    stages=["st_1", "st_2"],
                    decision="dc_1",
                    control_point="cp_1",
                ),
                LogicItem(
                    id="lg_2",
                    kind="data",
                    statement="Score",
                    stages=["st_2"],
                    decision="dc_3",
                    control_point="cp_2",
                ),
                LogicItem(id="lg_3", kind="event", statement="Activated", stages=["st_3"]),
            ],
            components=[
                Component(id="cm_1", kind="api", name="Identity API", realizes=["lg_1", "lg_2"]),
                Component(id="cm_2", kind="screen", name="Activation screen", realizes=["lg_3"]),
            ],
        ),
        analysis=AnalysisSettings(
            rules={"P2-no-decisions": RuleSetting(enabled=False)},
            suppressions=[Suppression(key="P1-no-outcome@stage:st_4", reason="later")],
        ),
    )


class Harness:
    """A Modeling on a document, with every change set the document emits recorded."""

    def __init__(self, anatomy: AnatomyMap | None = None) -> None:
        self.doc = Document(anatomy if anatomy is not None else sample_map())
        self.m = Modeling(self.doc)
        self.stack = self.m.stack
        self.change_sets: list[ChangeSet] = []
        self.doc.subscribe(self.change_sets.append)

    def dump(self) -> bytes:
        return dump_bytes(self.doc.map)

    def triplet(self, action: Callable[[], Any]) -> Any:
        """Run ``action`` (one edit), undo it, redo it; assert each is exactly one change set
        and that undo restores the bytes before and redo the bytes after."""
        before = self.dump()
        sets, index = len(self.change_sets), self.stack.index
        result = action()
        after = self.dump()
        assert after != before, "the edit changed nothing"
        load_bytes(after)  # the edited map is a valid file
        assert len(self.change_sets) == sets + 1, "one change set per edit"
        assert self.stack.index == index + 1, "one undo step per edit"
        self.stack.undo()
        assert self.dump() == before
        assert len(self.change_sets) == sets + 2
        self.stack.redo()
        assert self.dump() == after
        assert len(self.change_sets) == sets + 3
        return result

    def refused(self, action: Callable[[], Any], match: str) -> CommandRefusedError:
        """``action`` is refused with a reason matching ``match`` and changes nothing."""
        before = self.dump()
        sets, history = len(self.change_sets), self.stack.history
        with pytest.raises(CommandRefusedError, match=match) as info:
            action()
        assert self.dump() == before
        assert len(self.change_sets) == sets
        assert self.stack.history == history
        assert info.value.reason
        return info.value


@pytest.fixture
def h() -> Harness:
    return Harness()


@pytest.fixture
def make_harness() -> Callable[..., Harness]:
    return Harness
