"""Hypothesis strategies for anatomy maps, shared by every test folder.

``anatomy_maps()`` draws maps that pass :func:`vsm_editor.model.integrity.check_map` and use
every part of the format, with odd names and odd (finite) numbers the analysis must survive.
``odd_maps()`` draws the corner shapes: empty, one stage, one flow cycle, lanes without stages.
Import with ``from strategies import anatomy_maps`` (``tests/conftest.py`` puts this folder on
``sys.path``).
"""

from __future__ import annotations

import copy
import re
from functools import cache
from typing import Any

from hypothesis import strategies as st

from vsm_editor.model.entities import (
    AnalysisSettings,
    AnatomyMap,
    Catalogue,
    Component,
    ControlPoint,
    Decision,
    DeliveryMetrics,
    Display,
    Duration,
    Frequency,
    Handoff,
    Improvement,
    Lane,
    LogicItem,
    Origin,
    Outcome,
    Percent,
    Rate,
    RuleSetting,
    Stage,
    Stream,
    Suppression,
)
from vsm_editor.model.ids import PREFIXES
from vsm_editor.model.migrations import CURRENT_VERSION, FORMAT_NAME

__all__ = [
    "ODD_NAMES",
    "anatomy_maps",
    "any_maps",
    "byte_mutations",
    "durations",
    "leaves",
    "map_bytes",
    "odd_floats",
    "odd_maps",
    "odd_texts",
    "set_at",
    "value_mutations",
]

TIME_UNITS = ["minutes", "hours", "working_days", "calendar_days"]
PERIODS = ["day", "week", "month", "year"]
HANDOFF_KINDS = ["flow", "information", "rework"]
SPLITS = ["alternatives", "parallel"]
DIRECTIONS = ["decrease", "increase", "maintain"]
CONTROL_POINT_KINDS = ["field", "form", "before_commit", "before_transition", "background"]
LOGIC_KINDS = ["rule", "data", "event", "timing", "exception", "integration", "ui_action"]
COMPONENT_KINDS = [
    "data_field", "rule", "event", "api", "screen", "workflow", "approval",
    "integration", "reporting", "audit", "exception",
]
IMPROVEMENT_KINDS = ["idea", "pain_point"]
SEVERITIES = ["error", "warning", "info"]
ORIGIN_KINDS = ["future_state", "imported", "template", "copy"]

ODD_NAMES = [
    "",
    " ",
    "\t\n",
    "<script>alert('x')</script>",
    'Tom & "Jerry" <b>bold</b> \'quoted\'',
    "]]><!--",
    "Ветеринарная клиника",
    "受付と審査",
    "مراجعة الطلب",
    "emoji 🚀🧪 and ZWJ 👩‍💻",
    "x" * 200,
    "ünïcødé" * 30,
    "line one\nline two",
    "back\\slash {braces} $dollar %percent",
    "\u200b",
]


def odd_texts(max_size: int = 30) -> st.SearchStrategy[str]:
    """Names and statements: ordinary words, arbitrary Unicode and the odd cases above."""
    return st.one_of(
        st.sampled_from(["Intake", "Review", "Approve", "Ship", "Check the form"]),
        st.sampled_from(ODD_NAMES),
        st.text(max_size=max_size),
    )


def odd_floats(min_value: float | None = None) -> st.SearchStrategy[float]:
    """Finite floats with the odd ones (zero, negative, huge, tiny) likely."""
    special = [0.0, 1.0, 0.5, 99.999, 100.0, 1e15, 1e300, 5e-324]
    if min_value is None or min_value < 0:
        special += [-1.0, -1e300, -0.5]
    if min_value is not None:
        special = [value for value in special if value >= min_value]
    return st.one_of(
        st.sampled_from(special),
        st.floats(min_value=min_value, allow_nan=False, allow_infinity=False),
    )


def durations() -> st.SearchStrategy[Duration]:
    """A time with or without its unit."""
    return st.builds(
        Duration,
        value=odd_floats(),
        unit=st.one_of(st.none(), st.sampled_from(TIME_UNITS)),
        measured=st.booleans(),
    )


def percents() -> st.SearchStrategy[Percent]:
    return st.builds(Percent, value=odd_floats(), measured=st.booleans())


def rates() -> st.SearchStrategy[Rate]:
    return st.builds(Rate, value=odd_floats(), measured=st.booleans())


def frequencies() -> st.SearchStrategy[Frequency]:
    return st.builds(
        Frequency, count=odd_floats(), period=st.sampled_from(PERIODS), measured=st.booleans()
    )


def optional(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.one_of(st.none(), strategy)


# Built once: building strategies inside every draw made drawing a map five times slower.
TEXT = odd_texts()
FLOAT = odd_floats()
OPT_FLOAT = optional(FLOAT)
OPT_DURATION = optional(durations())
OPT_PERCENT = optional(percents())
OPT_RATE = optional(rates())
OPT_FREQUENCY = optional(frequencies())
BOOL = st.booleans()
REVISION = st.integers(-(2**63), 2**63 - 1)
RULE_NAME = st.one_of(
    st.sampled_from(["P1-no-outcome", "FLOW-unreachable", "P3-no-control-point"]), TEXT
)
RULE_SETTING = st.builds(
    RuleSetting, enabled=BOOL, severity=optional(st.sampled_from(SEVERITIES))
)
OPT_ORIGIN = optional(
    st.builds(
        Origin,
        kind=st.sampled_from(ORIGIN_KINDS),
        source=TEXT,
        source_id=TEXT,
        created=st.sampled_from(["", "2024-05-01T10:00:00Z", "yesterday"]),
    )
)
SIZE_OR_DEFAULT = {value: st.one_of(st.just(value), FLOAT) for value in (40.0, 90.0, 160.0,
                                                                         180.0, 8.0, 0.5)}


class _Ids:
    """Hands out unique valid ids in several valid spellings."""

    def __init__(self, draw: Any) -> None:
        self.draw = draw
        self.count = 0

    def __call__(self, kind: str) -> str:
        self.count += 1
        style = self.draw(_ints(0, 9))
        prefix = PREFIXES[kind]
        if style == 0:
            return f"_{prefix}{self.count}"
        if style == 1:
            return f"{prefix.upper()}.{self.count}-x"
        if style == 2:
            return (f"{prefix}{self.count}_" + "z" * 128)[:128]
        return f"{prefix}_{self.count}"


@cache
def _ints(low: int, high: int) -> st.SearchStrategy[int]:
    return st.integers(low, high)


def _one(draw: Any, options: list[Any] | tuple[Any, ...]) -> Any:
    """One of ``options`` (cached strategies: drawing stays fast)."""
    return options[draw(_ints(0, len(options) - 1))]


def _maybe(draw: Any, pool: list[str]) -> str | None:
    """None or one of ``pool``."""
    if not pool:
        return None
    index = draw(_ints(-1, len(pool) - 1))
    return None if index < 0 else pool[index]


def _subset(draw: Any, pool: list[str], max_size: int = 3) -> list[str]:
    """Up to ``max_size`` distinct members of ``pool``, in drawn order."""
    if not pool:
        return []
    picked: list[str] = []
    for _ in range(draw(_ints(0, min(max_size, len(pool))))):
        item = _one(draw, pool)
        if item not in picked:
            picked.append(item)
    return picked


@st.composite
def anatomy_maps(draw: Any, max_stages: int = 12) -> AnatomyMap:
    """A valid map using every part of the format, of up to ``max_stages`` stages."""
    new_id = _Ids(draw)
    text = TEXT

    lanes = [
        Lane(
            id=new_id("lane"),
            name=draw(text),
            colour=_one(draw, ["#e8eef7", "#fff", "red", "", "<b>"]),
            height=draw(SIZE_OR_DEFAULT[160.0]),
        )
        for _ in range(draw(_ints(0, 4)))
    ]
    lane_ids = [lane.id for lane in lanes]

    outcomes = [
        Outcome(
            id=new_id("outcome"),
            statement=draw(text),
            metric=draw(text),
            unit=_one(draw, ["", "days", "%", "€"]),
            baseline=draw(OPT_FLOAT),
            target=draw(OPT_FLOAT),
            direction=_one(draw, DIRECTIONS),
            notes=draw(text),
        )
        for _ in range(draw(_ints(0, 3)))
    ]
    outcome_ids = [outcome.id for outcome in outcomes]

    stages = [
        _draw_stage(draw, new_id, text, lane_ids, outcome_ids)
        for _ in range(draw(_ints(0, max_stages)))
    ]
    stage_ids = [stage.id for stage in stages]
    handoffs = _draw_handoffs(draw, new_id, text, stage_ids)

    components = [
        Component(
            id=new_id("component"),
            kind=_one(draw, COMPONENT_KINDS),
            name=draw(text),
            spec=draw(text),
        )
        for _ in range(draw(_ints(0, 3)))
    ]
    component_ids = [component.id for component in components]
    control_points = [
        ControlPoint(
            id=new_id("control_point"),
            kind=_one(draw, CONTROL_POINT_KINDS),
            subject=draw(text),
            component=_maybe(draw, component_ids),
        )
        for _ in range(draw(_ints(0, 3)))
    ]
    cp_ids = [cp.id for cp in control_points]
    decisions_of = {stage.id: [d.id for d in stage.decisions] for stage in stages}
    logic = []
    for _ in range(draw(_ints(0, 5))):
        applied = _subset(draw, stage_ids)
        candidates = [d for stage_id in applied for d in decisions_of[stage_id]]
        logic.append(
            LogicItem(
                id=new_id("logic"),
                kind=_one(draw, LOGIC_KINDS),
                statement=draw(text),
                stages=applied,
                decision=_maybe(draw, candidates),
                control_point=_maybe(draw, cp_ids),
                owner=draw(text),
            )
        )
    logic_ids = [item.id for item in logic]
    for component in components:
        component.realizes = _subset(draw, logic_ids)

    return AnatomyMap(
        format=FORMAT_NAME,
        version=CURRENT_VERSION,
        stream=Stream(
            id=new_id("stream"),
            name=draw(text),
            description=draw(text),
            author=draw(text),
            working_day_hours=draw(SIZE_OR_DEFAULT[8.0]),
            revision=draw(REVISION),
        ),
        outcomes=outcomes,
        delivery_metrics=DeliveryMetrics(
            deployment_frequency=draw(OPT_FREQUENCY),
            lead_time_for_changes=draw(OPT_DURATION),
            change_failure_rate=draw(OPT_PERCENT),
            time_to_restore=draw(OPT_DURATION),
            measured_lead_time=draw(OPT_DURATION),
        ),
        lanes=lanes,
        stages=stages,
        handoffs=handoffs,
        catalogue=Catalogue(control_points=control_points, logic=logic, components=components),
        analysis=_draw_analysis(draw, text, stage_ids),
        display=Display(
            data_boxes=draw(BOOL),
            ladder=draw(BOOL),
            lean_symbols=draw(BOOL),
        ),
        origin=draw(OPT_ORIGIN),
    )


def _draw_stage(
    draw: Any, new_id: _Ids, text: st.SearchStrategy[str], lanes: list[str], outcomes: list[str]
) -> Stage:
    return Stage(
        id=new_id("stage"),
        name=draw(text),
        lane=_maybe(draw, lanes),
        owner=draw(text),
        description=draw(text),
        x=draw(FLOAT),
        y=draw(SIZE_OR_DEFAULT[40.0]),
        width=draw(SIZE_OR_DEFAULT[180.0]),
        height=draw(SIZE_OR_DEFAULT[90.0]),
        outcomes=_subset(draw, outcomes),
        decisions=[
            Decision(id=new_id("decision"), text=draw(text), notes=draw(text))
            for _ in range(draw(_ints(0, 3)))
        ],
        process_time=draw(OPT_DURATION),
        pca=draw(OPT_PERCENT),
        split=_one(draw, SPLITS),
        start=draw(BOOL),
        end=draw(BOOL),
        improvements=[
            Improvement(
                id=new_id("improvement"),
                text=draw(text),
                kind=_one(draw, IMPROVEMENT_KINDS),
            )
            for _ in range(draw(_ints(0, 2)))
        ],
        notes=draw(text),
    )


def _draw_handoffs(
    draw: Any, new_id: _Ids, text: st.SearchStrategy[str], stages: list[str]
) -> list[Handoff]:
    count = len(stages)
    if count < 2:
        return []
    triples: list[tuple[int, int, str]] = []
    for _ in range(draw(_ints(0, 2 * count))):
        source = draw(_ints(0, count - 1))
        target = (source + draw(_ints(1, count - 1))) % count
        triple = (source, target, _one(draw, HANDOFF_KINDS))
        if triple not in triples:
            triples.append(triple)
    handoffs = []
    for source, target, kind in triples:
        handoffs.append(
            Handoff(
                id=new_id("handoff"),
                source=stages[source],
                target=stages[target],
                kind=kind,
                label=draw(text),
                artifact=draw(text),
                wait=draw(OPT_DURATION),
                share=draw(OPT_PERCENT),
                rework_rate=draw(OPT_RATE),
                notes=draw(text),
            )
        )
    return handoffs


def _draw_analysis(
    draw: Any, text: st.SearchStrategy[str], stage_ids: list[str]
) -> AnalysisSettings:
    rules = {draw(RULE_NAME): draw(RULE_SETTING) for _ in range(draw(_ints(0, 3)))}
    suppressions = []
    for _ in range(draw(_ints(0, 3))):
        stage = _maybe(draw, stage_ids)
        key = f"P3-no-logic@stage:{stage}" if stage else draw(text)
        suppressions.append(Suppression(key=key, reason=draw(text)))
    return AnalysisSettings(
        rules=rules,
        suppressions=suppressions,
        hidden_queue_threshold=draw(SIZE_OR_DEFAULT[0.5]),
    )


# ----------------------------------------------------------------------------- odd maps
def _bare_map(**parts: Any) -> AnatomyMap:
    return AnatomyMap(
        format=FORMAT_NAME,
        version=CURRENT_VERSION,
        stream=Stream(id="vs_odd", name=parts.pop("name", "Odd stream")),
        **parts,
    )


def _one_stage(name: str) -> AnatomyMap:
    return _bare_map(stages=[Stage(id="st_only", name=name)])


def _flow_cycle(size: int) -> AnatomyMap:
    stages = [Stage(id=f"st_{i}", name=f"Stage {i}") for i in range(size)]
    handoffs = [
        Handoff(
            id=f"ho_{i}",
            source=f"st_{i}",
            target=f"st_{(i + 1) % size}",
            wait=Duration(value=1.0, unit="hours"),
        )
        for i in range(size)
    ]
    return _bare_map(stages=stages, handoffs=handoffs)


def _empty_lanes(count: int) -> AnatomyMap:
    return _bare_map(lanes=[Lane(id=f"ln_{i}", name=f"Lane {i}") for i in range(count)])


def odd_maps() -> st.SearchStrategy[AnatomyMap]:
    """Corner shapes: empty map, one stage, everything in one flow cycle, lanes without stages."""
    return st.one_of(
        st.just(None).map(lambda _: _bare_map()),
        odd_texts().map(_one_stage),
        st.integers(2, 8).map(_flow_cycle),
        st.integers(1, 5).map(_empty_lanes),
    )


def any_maps(max_stages: int = 12) -> st.SearchStrategy[AnatomyMap]:
    """Either a rich random map or an odd one."""
    return st.one_of(anatomy_maps(max_stages=max_stages), odd_maps())


# ----------------------------------------------------------------------------- bad files
def map_bytes(max_stages: int = 6) -> st.SearchStrategy[bytes]:
    """The canonical bytes of a valid map."""
    from vsm_editor.model.fileio import dump_bytes

    return any_maps(max_stages=max_stages).map(dump_bytes)


@st.composite
def byte_mutations(draw: Any, max_stages: int = 6) -> bytes:
    """A valid file with bytes flipped, deleted or inserted."""
    data = bytearray(draw(map_bytes(max_stages)))
    for _ in range(draw(_ints(1, 4))):
        action = _one(draw, ["flip", "delete", "insert", "truncate"])
        at = draw(st.integers(0, max(0, len(data) - 1)))
        if action == "flip" and data:
            data[at] ^= draw(_ints(1, 255))
        elif action == "delete":
            del data[at : at + draw(_ints(1, 16))]
        elif action == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=8))
        else:
            del data[at:]
    return bytes(data)


def leaves(node: Any, path: str = "") -> list[tuple[str, Any]]:
    """``(location, value)`` of every scalar in decoded JSON, in msgspec's path wording
    (``stages[3].name``); dict keys that are not identifiers are skipped."""
    found: list[tuple[str, Any]] = []
    if isinstance(node, dict):
        for key, value in node.items():
            if key.isidentifier():
                found += leaves(value, f"{path}.{key}" if path else key)
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += leaves(value, f"{path}[{index}]")
    else:
        found.append((path, node))
    return found


_STEP = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)|\[(\d+)\]")


def set_at(node: Any, location: str, value: Any) -> None:
    """Set the value at ``location`` (as produced by :func:`leaves`) inside decoded JSON."""
    steps: list[Any] = [name or int(index) for name, index in _STEP.findall(location)]
    for step in steps[:-1]:
        node = node[step]
    node[steps[-1]] = value


WRONG_VALUES: list[Any] = [42, -1, 1.5, "x", "", True, None, [], {}, [1, 2], {"a": 1}]


@st.composite
def value_mutations(draw: Any, max_stages: int = 6) -> bytes:
    """A valid file with one to three values swapped for values of other types, unknown
    enum words, dangling references or duplicated ids."""
    import msgspec

    anatomy = draw(any_maps(max_stages=max_stages))
    raw = msgspec.to_builtins(anatomy)
    for _ in range(draw(_ints(1, 3))):
        spots = leaves(raw)
        location, old = draw(st.sampled_from(spots))
        replacement = draw(
            st.one_of(
                st.sampled_from(WRONG_VALUES),
                st.sampled_from(["bogus", "zz_missing", raw["stream"]["id"]]),
                st.sampled_from([old, str(old)]),
            )
        )
        set_at(raw, location, copy.deepcopy(replacement))
    return msgspec.json.encode(raw)
