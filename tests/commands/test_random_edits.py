"""Random edit sequences on random maps: every edit is one change set, refused edits change
nothing, and undo all / redo all give back the original / final bytes exactly."""

from __future__ import annotations

import itertools
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import any_maps, durations, odd_texts

from vsm_editor.commands import CommandRefusedError, Modeling
from vsm_editor.model import ChangeSet, Document, Percent, dump_bytes, load_bytes
from vsm_editor.model.ids import PREFIXES

KINDS_IN_ORDER = [
    "lane",
    "decision",
    "improvement",
    "outcome",
    "control_point",
    "logic",
    "component",
]
coords = st.floats(min_value=-500.0, max_value=2000.0, allow_nan=False)


def deterministic_ids(doc: Document) -> None:
    """Hypothesis needs repeatable runs: replace the document's random fresh ids by a counter."""
    counter = itertools.count()

    def new_id(kind: str) -> str:
        while True:
            candidate = f"{PREFIXES[kind]}_t{next(counter)}"
            if candidate not in doc:
                return candidate

    doc.new_id = new_id  # type: ignore[method-assign]


def ids_of(doc: Document, *kinds: str) -> list[str]:
    return sorted(i for i in doc.ids() if doc.kind_of(i) in kinds)


def pick(data: Any, pool: list[str]) -> str:
    return data.draw(st.sampled_from(pool)) if pool else "missing_id"


def some(data: Any, pool: list[str], most: int = 3) -> list[str]:
    if not pool:
        return []
    return data.draw(st.lists(st.sampled_from(pool), min_size=1, max_size=most, unique=True))


def random_edit(data: Any, m: Modeling) -> None:
    """Draw one façade call with arguments taken from the document as it is now."""
    doc = m.doc
    stages = ids_of(doc, "stage")
    handoffs = ids_of(doc, "handoff")
    lanes = ids_of(doc, "lane")
    logic = ids_of(doc, "logic")
    components = ids_of(doc, "component")
    outcomes = ids_of(doc, "outcome")
    text = odd_texts(12)
    op = data.draw(st.integers(0, 29), label="op")
    # steer towards edits that can succeed, so sequences grow real histories
    if len(stages) < 2 and op != 2:
        op = 0
    elif not handoffs and op in (7, 9, 10):
        op = 8
    elif not lanes and op in (12, 14):
        op = 11
    if op == 0:
        m.add_stage(data.draw(text), position=(data.draw(coords), data.draw(coords)))
    elif op == 1:
        m.add_stage(data.draw(text), connect_from=pick(data, stages))
    elif op == 2:
        m.remove_elements(some(data, sorted(doc.ids() - {doc.map.stream.id}), most=12))
    elif op == 3:
        chosen = some(data, stages)
        m.move_stages({s: (data.draw(coords), data.draw(coords)) for s in chosen})
    elif op == 4:
        m.resize_stage(
            pick(data, stages), data.draw(st.floats(1, 400)), data.draw(st.floats(1, 300))
        )
    elif op == 5:
        m.rename(pick(data, sorted(doc.ids())), data.draw(text))
    elif op == 6:
        m.set_property(some(data, stages), "owner", data.draw(text))
    elif op == 7:
        m.set_property(pick(data, handoffs), "wait", data.draw(st.none() | durations()))
    elif op == 8:
        kind = data.draw(st.sampled_from(["flow", "information", "rework"]))
        m.connect(pick(data, stages), pick(data, stages), kind)
    elif op == 9:
        m.reconnect(
            pick(data, handoffs),
            pick(data, stages),
            data.draw(st.none() | st.sampled_from(stages or ["x"])),
        )
    elif op == 10:
        m.insert_stage_into_handoff(pick(data, handoffs), data.draw(text))
    elif op == 11:
        m.add_lane(data.draw(text), index=data.draw(st.none() | st.integers(0, 4)))
    elif op == 12:
        m.remove_lane(pick(data, lanes), data.draw(st.none() | st.sampled_from(lanes or ["x"])))
    elif op == 13:
        reorderable = ids_of(doc, *KINDS_IN_ORDER)
        m.reorder(pick(data, reorderable), data.draw(st.integers(0, 5)))
    elif op == 14:
        m.resize_lane(pick(data, lanes), data.draw(st.floats(100, 600)))
    elif op == 15:
        m.add_decision(
            pick(data, stages), data.draw(text), data.draw(st.none() | st.integers(0, 3))
        )
    elif op == 16:
        m.add_improvement(pick(data, stages), data.draw(text))
    elif op == 17:
        m.add_outcome(data.draw(text))
    elif op == 18:
        if data.draw(st.booleans()):
            m.link_outcome(pick(data, stages), pick(data, outcomes))
        else:
            m.unlink_outcome(pick(data, stages), pick(data, outcomes))
    elif op == 19:
        m.add_logic("rule", data.draw(text), stages=some(data, stages))
    elif op == 20:
        if data.draw(st.booleans()):
            m.apply_logic(pick(data, logic), pick(data, stages))
        else:
            m.unapply_logic(pick(data, logic), pick(data, stages))
    elif op == 21:
        m.add_component("api", data.draw(text), realizes=some(data, logic))
    elif op == 22:
        if data.draw(st.booleans()):
            m.realize(pick(data, components), pick(data, logic))
        else:
            m.unrealize(pick(data, components), pick(data, logic))
    elif op == 23:
        m.add_control_point(
            "form",
            data.draw(text),
            component=data.draw(st.none() | st.sampled_from(components or ["x"])),
        )
    elif op == 24:
        key = data.draw(
            st.sampled_from(["P1-no-outcome@stream", *[f"P3@stage:{s}" for s in stages[:3]]])
        )
        if data.draw(st.booleans()):
            m.suppress(key, data.draw(text))
        else:
            m.unsuppress(key)
    elif op == 25:
        m.set_rule_setting(
            data.draw(st.sampled_from(["P1-no-outcome", "FLOW-unreachable"])),
            data.draw(st.booleans()),
            data.draw(st.none() | st.sampled_from(["error", "warning", "info"])),
        )
    elif op == 26:
        m.set_stream_properties(name=data.draw(text), working_day_hours=data.draw(st.floats(1, 24)))
        m.set_delivery_metrics(
            change_failure_rate=data.draw(st.none() | st.builds(Percent, value=st.floats(0, 100)))
        )
    elif op == 27:
        m.paste(m.copy(some(data, stages)), dx=data.draw(coords), dy=data.draw(st.floats(-50, 50)))
    elif op == 28:
        m.duplicate(some(data, stages))
    elif data.draw(st.booleans()):
        m.stack.undo()
    else:
        m.stack.redo()


@settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(anatomy=any_maps(max_stages=8), data=st.data())
def test_random_edit_sequences_undo_and_redo_exactly(anatomy, data):
    doc = Document(anatomy)
    deterministic_ids(doc)
    m = Modeling(doc)
    change_sets: list[ChangeSet] = []
    doc.subscribe(change_sets.append)
    original = dump_bytes(doc.map)
    for _ in range(data.draw(st.integers(1, 20), label="length")):
        before, sets, history = dump_bytes(doc.map), len(change_sets), m.stack.history
        index = m.stack.index
        try:
            random_edit(data, m)
        except CommandRefusedError as err:
            assert err.reason
            assert dump_bytes(doc.map) == before
            assert len(change_sets) == sets
            assert m.stack.history == history
            continue
        after = dump_bytes(doc.map)
        # ops 26 make two edits; everything else is at most one step and one change set
        assert len(change_sets) - sets <= 2
        if after != before:
            assert len(change_sets) > sets
            assert m.stack.index != index or m.stack.history != history
        load_bytes(after)
    while m.stack.can_redo():
        m.stack.redo()
    final = dump_bytes(doc.map)
    while m.stack.can_undo():
        m.stack.undo()
    assert dump_bytes(doc.map) == original
    while m.stack.can_redo():
        m.stack.redo()
    assert dump_bytes(doc.map) == final
