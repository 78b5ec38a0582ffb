"""Improvement ideas of the current map and the future stages realizing them; the
future-state copy that remembers its origin."""

from __future__ import annotations

import datetime

from test_compare_kit import copy_of, current_map, stage_of

from vsm_editor.analysis.compare import compare_maps, new_future_state
from vsm_editor.model import Improvement, Stage, dump_bytes
from vsm_editor.model.integrity import check_map


def ideas_of(a, b):
    return {
        link.idea: [(r.stage, r.reasons) for r in link.realized_by]
        for link in compare_maps(a, b, metrics=False).ideas
    }


def test_the_matched_stage_carrying_the_idea_realizes_it() -> None:
    a = current_map()
    b = new_future_state(a, "now.vsm.json")
    assert ideas_of(a, b) == {"im_auto": [("st_b", ("same stage", "carries the idea"))]}


def test_a_new_stage_mentioning_the_idea_realizes_it_too() -> None:
    a = current_map()
    b = new_future_state(a, "now.vsm.json")
    b.stages.append(Stage(id="st_bot", name="Automatic review", notes="Realizes im_auto."))
    b.stages.append(Stage(id="st_other", name="Unrelated", notes="im_automatic is not it"))
    assert ideas_of(a, b) == {
        "im_auto": [
            ("st_b", ("same stage", "carries the idea")),
            ("st_bot", ("mentions the idea",)),
        ]
    }


def test_an_idea_moved_onto_a_new_stage_stays_linked_by_its_id() -> None:
    a = current_map()
    b = new_future_state(a, "now.vsm.json")
    idea = stage_of(b, "st_b").improvements.pop()
    b.stages.append(Stage(id="st_bot", name="Automatic review", improvements=[idea]))
    assert ideas_of(a, b) == {
        "im_auto": [("st_b", ("same stage",)), ("st_bot", ("carries the idea",))]
    }


def test_an_idea_whose_stage_is_gone_and_nothing_realizes_it() -> None:
    a = current_map()
    b = copy_of(a)
    b.stages = [s for s in b.stages if s.id != "st_b"]
    b.handoffs = []
    b.catalogue.logic[0].stages = ["st_a"]
    check_map(b)
    (link,) = compare_maps(a, b, metrics=False).ideas
    assert (link.idea, link.stage, link.stage_name, link.stage_in_b) == (
        "im_auto", "st_b", "Review", None
    )
    assert link.realized_by == ()


def test_pain_points_are_not_ideas() -> None:
    a = current_map()
    stage_of(a, "st_a").improvements = [
        Improvement(id="im_pain", text="Re-keying", kind="pain_point")
    ]
    assert [link.idea for link in compare_maps(a, a, metrics=False).ideas] == ["im_auto"]


def test_new_future_state_keeps_ids_and_remembers_its_origin() -> None:
    a = current_map()
    before = dump_bytes(a)
    b = new_future_state(a, "maps/loan.vsm.json", today=datetime.date(2025, 3, 4))
    check_map(b)
    assert dump_bytes(a) == before  # the current map is untouched
    assert b is not a and b.stages is not a.stages
    assert [s.id for s in b.stages] == [s.id for s in a.stages]
    assert [h.id for h in b.handoffs] == [h.id for h in a.handoffs]
    assert b.catalogue == a.catalogue
    assert b.stream.id != a.stream.id and b.stream.id.startswith("vs_")
    assert b.stream.name == "Loan approval (future state)"
    assert b.origin is not None
    assert (b.origin.kind, b.origin.source, b.origin.source_id, b.origin.created) == (
        "future_state", "maps/loan.vsm.json", "vs_now", "2025-03-04"
    )
    stage_of(b, "st_a").name = "changed"
    assert stage_of(a, "st_a").name == "Intake"


def test_new_future_state_of_a_future_state_does_not_double_the_suffix() -> None:
    a = current_map()
    twice = new_future_state(new_future_state(a, "a"), "b")
    assert twice.stream.name == "Loan approval (future state)"
    assert twice.origin.created == datetime.date.today().isoformat()  # type: ignore[union-attr]


def test_ideas_between_agrees_with_the_whole_comparison() -> None:
    from vsm_editor.analysis.compare_ideas import ideas_between

    a = current_map()
    b = new_future_state(a, "now.vsm.json")
    b.stages.append(Stage(id="st_bot", name="Automatic review", notes="Realizes im_auto."))
    b.stages[1].id = "st_review2"  # "Review" is now matched by name, not by id
    assert ideas_between(a, b) == compare_maps(a, b, metrics=False).ideas
    assert [r.stage for r in ideas_between(a, b)[0].realized_by] == ["st_review2", "st_bot"]


def test_ideas_between_a_map_without_ideas_is_empty() -> None:
    from vsm_editor.analysis.compare_ideas import ideas_between

    a = current_map()
    for stage in a.stages:
        stage.improvements = [x for x in stage.improvements if x.kind != "idea"]
    assert ideas_between(a, copy_of(a)) == ()
