"""The undo stack: push / undo / redo, texts, clean state, merging, macros, listeners."""

from __future__ import annotations

import pytest

from vsm_editor.commands import Command, CommandRefusedError, CommandStack, CompositeCommand
from vsm_editor.commands.primitives import SetField


def test_push_undo_redo_texts_and_history(h):
    stack = h.stack
    assert not stack.can_undo() and not stack.can_redo()
    assert stack.undo_text() == "" and stack.redo_text() == ""
    h.m.rename("st_1", "Capture lead")
    h.m.move_stages({"st_2": (300.0, 40.0)})
    assert stack.history == ["Rename", "Move stage"]
    assert stack.index == 2
    assert stack.undo_text() == "Move stage"
    stack.undo()
    assert stack.index == 1
    assert stack.undo_text() == "Rename" and stack.redo_text() == "Move stage"
    assert stack.can_undo() and stack.can_redo()
    stack.redo()
    assert not stack.can_redo()
    assert h.doc.get("st_1").name == "Capture lead"


def test_undo_and_redo_at_the_ends_do_nothing(h):
    before = h.dump()
    h.stack.undo()
    h.stack.redo()
    assert h.dump() == before
    assert h.change_sets == []


def test_push_after_undo_drops_the_redo_branch(h):
    h.m.rename("st_1", "One")
    h.m.rename("st_2", "Two")
    h.stack.undo()
    h.m.rename("st_3", "Three")
    assert h.stack.history == ["Rename", "Rename"]
    assert not h.stack.can_redo()
    assert h.doc.get("st_2").name == "Qualify"


def test_clean_state_follows_the_saved_marker(h):
    stack = h.stack
    assert stack.is_clean()
    h.m.rename("st_1", "One")
    assert not stack.is_clean()
    stack.set_clean()
    assert stack.is_clean() and stack.clean_index == 1
    h.m.rename("st_2", "Two")
    assert not stack.is_clean()
    stack.undo()
    assert stack.is_clean()
    stack.undo()
    assert not stack.is_clean()
    stack.redo()
    assert stack.is_clean()


def test_clean_state_becomes_unreachable_when_its_branch_is_dropped(h):
    h.m.rename("st_1", "One")
    h.m.rename("st_2", "Two")
    h.stack.set_clean()
    h.stack.undo()
    h.m.rename("st_3", "Three")
    assert h.stack.clean_index is None
    h.stack.undo()
    h.stack.undo()
    assert not h.stack.is_clean()


def test_listener_is_told_of_every_stack_change(h):
    calls = []
    unsubscribe = h.stack.subscribe(lambda stack: calls.append(stack.index))
    h.m.rename("st_1", "One")
    h.stack.undo()
    h.stack.redo()
    h.stack.set_clean()
    assert calls == [1, 0, 1, 1]
    unsubscribe()
    h.m.rename("st_2", "Two")
    assert calls == [1, 0, 1, 1]


def test_nudges_with_the_same_merge_token_are_one_step(h):
    before = h.dump()
    x, y = h.m.stage_position("st_1")
    for step in range(1, 6):
        h.m.move_stages({"st_1": (x + 10 * step, y)}, merge="nudge")
    assert h.stack.history == ["Move stage"]
    assert h.doc.get("st_1").x == x + 50
    after = h.dump()
    sets = len(h.change_sets)
    h.stack.undo()
    assert h.dump() == before
    assert len(h.change_sets) == sets + 1
    h.stack.redo()
    assert h.dump() == after


def test_different_keys_or_no_key_do_not_merge(h):
    x, y = h.m.stage_position("st_1")
    h.m.move_stages({"st_1": (x + 10, y)}, merge="nudge")
    h.m.move_stages({"st_2": (300.0, 40.0)}, merge="nudge")  # other stages: other key
    h.m.move_stages({"st_2": (310.0, 40.0)})
    h.m.move_stages({"st_2": (320.0, 40.0)})
    assert len(h.stack.history) == 4


def test_no_merge_into_the_saved_state(h):
    x, y = h.m.stage_position("st_1")
    h.m.move_stages({"st_1": (x + 10, y)}, merge="nudge")
    h.stack.set_clean()
    h.m.move_stages({"st_1": (x + 20, y)}, merge="nudge")
    assert len(h.stack.history) == 2
    h.stack.undo()
    assert h.stack.is_clean()


def test_property_edits_merge_by_field(h):
    h.m.set_property("st_1", "owner", "A", merge="typing")
    h.m.set_property("st_1", "owner", "Ann", merge="typing")
    h.m.set_property("st_1", "notes", "n", merge="typing")
    assert h.stack.history == ["Change owner", "Change notes"]
    h.stack.undo()
    h.stack.undo()
    assert h.doc.get("st_1").owner == ""


def test_refused_command_raises_and_records_nothing(h):
    h.refused(lambda: h.m.connect("st_1", "st_1"), "itself")
    assert h.stack.index == 0


def test_no_op_edit_is_not_recorded(h):
    h.m.rename("st_1", "Capture")  # its current name
    h.m.move_stages({"st_1": h.m.stage_position("st_1")})
    assert h.stack.history == []
    assert h.change_sets == []


def test_set_index_jumps_in_one_change_set(h):
    h.m.rename("st_1", "One")
    h.m.rename("st_2", "Two")
    h.m.rename("st_3", "Three")
    sets = len(h.change_sets)
    h.stack.set_index(0)
    assert h.doc.get("st_1").name == "Capture" and h.doc.get("st_3").name == "Activate"
    h.stack.set_index(2)
    assert h.doc.get("st_2").name == "Two" and h.doc.get("st_3").name == "Activate"
    assert len(h.change_sets) == sets + 2


def test_limit_drops_the_oldest_commands(make_harness):
    h = make_harness()
    h.stack.limit = 2
    h.stack.set_clean()
    for name in ("One", "Two", "Three"):
        h.m.rename("st_1", name)
    assert h.stack.history == ["Rename", "Rename"]
    assert h.stack.index == 2 and h.stack.clean_index is None
    h.stack.undo()
    h.stack.undo()
    assert h.doc.get("st_1").name == "One"


def test_clear_forgets_everything(h):
    h.m.rename("st_1", "One")
    h.stack.clear()
    assert h.stack.history == [] and h.stack.is_clean() and not h.stack.can_undo()


def test_macro_is_one_step_and_one_change_set(h):
    before = h.dump()
    with h.m.transaction("Paste lines"):
        a = h.m.add_stage("One")
        b = h.m.add_stage("Two", connect_from=a)
        h.m.add_stage("Three", connect_from=b)
        assert not h.stack.can_undo()  # no undo while a macro is open
    assert h.stack.history == ["Paste lines"]
    assert len(h.change_sets) == 1
    after = h.dump()
    h.stack.undo()
    assert h.dump() == before
    h.stack.redo()
    assert h.dump() == after
    assert len(h.change_sets) == 3


def test_macro_that_raises_is_rolled_back(h):
    before = h.dump()
    with pytest.raises(CommandRefusedError):
        with h.m.transaction("Broken"):
            a = h.m.add_stage("One")
            h.m.connect(a, a)
    assert h.dump() == before
    assert h.stack.history == []


def test_nested_macros_join_the_outer_one(h):
    with h.m.transaction("Outer"):
        h.m.rename("st_1", "One")
        with h.m.transaction("Inner"):
            h.m.rename("st_2", "Two")
    assert h.stack.history == ["Outer"]


def test_empty_macro_records_nothing(h):
    with h.m.transaction("Nothing"):
        pass
    assert h.stack.history == [] and h.change_sets == []


class _FailsHalfway(CompositeCommand):
    name = "Fails halfway"

    def plan(self, doc):
        self.run(doc, SetField("st_1", "name", "Changed"))
        self.run(doc, SetField("st_1", "owner", "Ann"))
        self.run(doc, SetField("ho_1", "target", "st_1"))  # self-loop: refused mid-way


def test_composite_failing_mid_way_rolls_back_its_steps(h):
    before = h.dump()
    with pytest.raises(CommandRefusedError, match="itself"):
        h.stack.push(_FailsHalfway())
    assert h.dump() == before
    assert h.stack.history == []


class _Plain(Command):
    """A hand-written command: execute / undo with its own context."""

    name = "Plain"

    def execute(self, doc):
        self.old = doc.set("st_1", "owner", "Plain owner")

    def undo(self, doc):
        doc.set("st_1", "owner", self.old)


def test_a_plain_command_runs_through_the_stack(h):
    h.triplet(lambda: h.stack.push(_Plain()))
    assert h.doc.get("st_1").owner == "Plain owner"
    assert h.stack.history == ["Plain"]


def test_stack_can_be_shared_with_a_second_modeling(h):
    from vsm_editor.commands import Modeling

    other = Modeling(h.doc, h.stack)
    other.rename("st_1", "Via other")
    assert h.stack.history == ["Rename"]
    assert isinstance(h.stack, CommandStack)
