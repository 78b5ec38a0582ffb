"""Realistic large anatomy maps for benchmarks and stress tests.

``generate_map(stages, seed)`` builds a map of exactly ``stages`` stages, the same for the
same seed: 8–20 lanes by function, stages laid out left to right in rows inside their lanes
without overlaps, mostly chains with alternative splits (shares summing to 100) and parallel
splits that join again, rework loops with rates, information handoffs, and P1–P4 content on
every stage (outcome links, 2–4 decisions, 2–3 logic items each with a control point and an
owner, components realizing them, some shared across stages), times with units.

Command line: ``python tests/benchmarks/generate.py --stages N --seed S -o FILE``.
"""

from __future__ import annotations

import argparse
import random
import sys
from dataclasses import dataclass, field
from pathlib import Path

from vsm_editor.model.entities import (
    AnatomyMap,
    Catalogue,
    Component,
    ControlPoint,
    Decision,
    DeliveryMetrics,
    Duration,
    Frequency,
    Handoff,
    Improvement,
    Lane,
    LogicItem,
    Outcome,
    Percent,
    Rate,
    Stage,
    Stream,
)
from vsm_editor.model.fileio import save_map
from vsm_editor.model.migrations import CURRENT_VERSION, FORMAT_NAME

FUNCTIONS = [
    "Sales", "Customer Service", "Intake", "Underwriting", "Risk", "Legal", "Compliance",
    "Finance", "Billing", "Procurement", "Warehouse", "Logistics", "Engineering", "QA",
    "IT Operations", "Security", "HR", "Marketing", "Partner Desk", "Management",
]
COLOURS = ["#e8eef7", "#eef7e8", "#f7efe8", "#f2e8f7", "#e8f6f7", "#f7f5e8"]
VERBS = [
    "Receive", "Register", "Check", "Verify", "Assess", "Approve", "Price", "Schedule",
    "Prepare", "Review", "Sign", "Invoice", "Ship", "Confirm", "Escalate", "Archive",
]
OBJECTS = [
    "request", "application", "booking", "order", "contract", "claim", "quote", "invoice",
    "identity", "payment", "delivery", "document", "credit line", "change", "ticket",
]
QUESTIONS = [
    "Complete?", "Within limit?", "Customer known?", "Needs approval?", "Fraud suspected?",
    "Stock available?", "Signed?", "Paid on time?", "Priority case?", "Duplicate?",
]
LOGIC_STATEMENTS = {
    "rule": "Amount within the limit",
    "data": "Customer number required",
    "event": "Notify owner on change",
    "timing": "Escalate after 2 days",
    "exception": "Mismatch goes to review",
    "integration": "Fetch credit score",
    "ui_action": "One-click approval",
}
CP_KINDS = ["field", "form", "before_commit", "before_transition", "background"]
SHARED_KINDS = ["api", "screen", "workflow", "data_field", "rule", "integration", "audit"]
OUTCOME_TEXTS = [
    ("Cut the time to a decision", "lead time", "days", 12.0, 3.0, "decrease"),
    ("Fewer requests sent back", "rework rate", "%", 30.0, 10.0, "decrease"),
    ("More first-time-right cases", "first-time right", "%", 55.0, 85.0, "increase"),
    ("Lower cost per case", "cost per case", "EUR", 140.0, 90.0, "decrease"),
    ("Keep compliance findings at zero", "audit findings", "count", 0.0, 0.0, "maintain"),
    ("Faster answers to customers", "response time", "hours", 48.0, 8.0, "decrease"),
    ("Higher conversion of quotes", "conversion", "%", 18.0, 25.0, "increase"),
    ("Fewer escalations", "escalations per week", "count", 40.0, 10.0, "decrease"),
]

COLUMN_STEP = 240.0
ROW_STEP = 130.0
ROW_TOP = 20.0
COLUMNS_PER_BAND = 40
ROWS_PER_BAND = 2


@dataclass
class _Builder:
    """Accumulates the map while the generator walks along the flow."""

    rng: random.Random
    lanes: list[Lane]
    outcomes: list[str]
    stages: list[Stage] = field(default_factory=list)
    handoffs: list[Handoff] = field(default_factory=list)
    control_points: list[ControlPoint] = field(default_factory=list)
    logic: list[LogicItem] = field(default_factory=list)
    components: list[Component] = field(default_factory=list)
    taken: set[str] = field(default_factory=set)
    depth: dict[str, int] = field(default_factory=dict)
    occupied: dict[str, set[tuple[int, int]]] = field(default_factory=dict)
    rows_used: dict[str, int] = field(default_factory=dict)
    pairs: set[tuple[str, str, str]] = field(default_factory=set)
    shared: dict[str, list[Component]] = field(default_factory=dict)
    shared_logic: dict[str, list[LogicItem]] = field(default_factory=dict)

    def new_id(self, prefix: str) -> str:
        alphabet = "abcdefghijkmnpqrstuvwxyz23456789"
        while True:
            candidate = prefix + "_" + "".join(self.rng.choices(alphabet, k=6))
            if candidate not in self.taken:
                self.taken.add(candidate)
                return candidate

    # ------------------------------------------------------------------ layout
    def place(self, lane: str, depth: int) -> tuple[float, float]:
        """The first free slot in ``lane`` for a stage at flow depth ``depth``."""
        band, column = divmod(depth, COLUMNS_PER_BAND)
        used = self.occupied.setdefault(lane, set())
        row = band * ROWS_PER_BAND
        while (row, column) in used:
            row += 1
        used.add((row, column))
        self.rows_used[lane] = max(self.rows_used.get(lane, 0), row + 1)
        return column * COLUMN_STEP + 40.0, ROW_TOP + row * ROW_STEP

    # ------------------------------------------------------------------ elements
    def stage(self, lane: str, predecessors: list[str]) -> str:
        rng = self.rng
        depth = max((self.depth[p] + 1 for p in predecessors), default=0)
        x, y = self.place(lane, depth)
        stage_id = self.new_id("st")
        self.depth[stage_id] = depth
        decisions = [
            Decision(id=self.new_id("dc"), text=rng.choice(QUESTIONS))
            for _ in range(rng.choice((2, 2, 2, 2, 3, 4)))
        ]
        stage = Stage(
            id=stage_id,
            name=f"{rng.choice(VERBS)} {rng.choice(OBJECTS)}",
            lane=lane,
            owner=rng.choice(FUNCTIONS),
            x=x,
            y=y,
            outcomes=rng.sample(self.outcomes, rng.choice((1, 1, 2))),
            decisions=decisions,
            process_time=Duration(
                value=float(rng.choice((5, 10, 15, 30, 45, 60, 90, 120))),
                unit="minutes",
                measured=rng.random() < 0.1,
            ),
            pca=Percent(value=float(rng.randrange(40, 101, 5)), measured=rng.random() < 0.1),
        )
        if rng.random() < 0.08:
            stage.improvements = [
                Improvement(
                    id=self.new_id("im"),
                    text="Customers re-enter data we already have",
                    kind="pain_point",
                )
            ]
        self.stages.append(stage)
        self.annotate(stage, lane)
        return stage_id

    def annotate(self, stage: Stage, lane: str) -> None:
        """P3 logic with control points and P4 components for one stage.

        Some logic items are lane-wide rules reused at several stages (the catalogue's point:
        one rule, many stages); the others are the stage's own, sharing its control points.
        """
        rng = self.rng
        pool = self.shared.setdefault(lane, [])
        if len(pool) < 4 or rng.random() < 0.01:
            kind = rng.choice(SHARED_KINDS)
            component = Component(
                id=self.new_id("cm"),
                kind=kind,  # type: ignore[arg-type]
                name=f"{stage.owner} {kind.replace('_', ' ')} {len(pool) + 1}",
                spec="Owned by the lane's team; versioned with the stream.",
            )
            pool.append(component)
            self.components.append(component)
        rules = self.shared_logic.setdefault(lane, [])
        own_point: str | None = None
        for _ in range(rng.choice((2, 2, 3))):
            if rules and rng.random() < 0.5:
                item = rng.choice(rules)
                if stage.id not in item.stages:
                    item.stages.append(stage.id)
                    if len(item.stages) >= 40:
                        rules.remove(item)
                    continue
            kind = rng.choice(list(LOGIC_STATEMENTS))
            component = rng.choice(pool)
            if own_point is None or rng.random() < 0.25:
                control_point = ControlPoint(
                    id=self.new_id("cp"),
                    kind=rng.choice(CP_KINDS),  # type: ignore[arg-type]
                    subject=f"{stage.name} form",
                    component=component.id,
                )
                self.control_points.append(control_point)
                own_point = control_point.id
            item = LogicItem(
                id=self.new_id("lg"),
                kind=kind,  # type: ignore[arg-type]
                statement=LOGIC_STATEMENTS[kind],
                stages=[stage.id],
                decision=rng.choice(stage.decisions).id,
                control_point=own_point,
                owner=stage.owner,
            )
            self.logic.append(item)
            component.realizes.append(item.id)
            if rng.random() < 0.3:
                rules.append(item)

    def handoff(self, source: str, target: str, kind: str = "flow", **values: object) -> None:
        if source == target or (source, target, kind) in self.pairs:
            return
        self.pairs.add((source, target, kind))
        self.handoffs.append(
            Handoff(id=self.new_id("ho"), source=source, target=target, kind=kind, **values)  # type: ignore[arg-type]
        )

    def wait(self) -> Duration:
        rng = self.rng
        unit = rng.choice(("hours", "hours", "working_days", "calendar_days"))
        value = float(rng.choice((1, 2, 4, 8))) if unit == "hours" else float(rng.randint(1, 5))
        return Duration(value=value, unit=unit, measured=rng.random() < 0.1)  # type: ignore[arg-type]


def _next_lane(rng: random.Random, lanes: list[Lane], current: str) -> str:
    if rng.random() < 0.65:
        return current
    index = next(i for i, lane in enumerate(lanes) if lane.id == current)
    step = rng.choice((-2, -1, 1, 1, 2))
    return lanes[max(0, min(len(lanes) - 1, index + step))].id


def _shares(rng: random.Random, count: int) -> list[float]:
    cuts = sorted(rng.sample(range(5, 100, 5), count - 1))
    edges = [0, *cuts, 100]
    return [float(edges[i + 1] - edges[i]) for i in range(count)]


def generate_map(stages: int, seed: int = 0) -> AnatomyMap:
    """A realistic, valid map of exactly ``stages`` stages; deterministic for each seed."""
    if stages < 1:
        raise ValueError("a generated map needs at least one stage")
    rng = random.Random(f"vsm-bench-{stages}-{seed}")
    lane_count = max(8, min(20, 8 + stages // 1000))
    builder = _Builder(rng=rng, lanes=[], outcomes=[])
    builder.lanes = [
        Lane(id=builder.new_id("ln"), name=name, colour=COLOURS[i % len(COLOURS)])
        for i, name in enumerate(rng.sample(FUNCTIONS, lane_count))
    ]
    outcomes = [
        Outcome(
            id=builder.new_id("oc"),
            statement=text,
            metric=metric,
            unit=unit,
            baseline=baseline,
            target=target,
            direction=direction,  # type: ignore[arg-type]
        )
        for text, metric, unit, baseline, target, direction in OUTCOME_TEXTS
    ]
    builder.outcomes = [outcome.id for outcome in outcomes]
    _walk(builder, stages)
    for lane in builder.lanes:
        lane.height = ROW_TOP * 2 + max(1, builder.rows_used.get(lane.id, 1)) * ROW_STEP
    builder.stages[0].start = True
    builder.stages[-1].end = True
    return AnatomyMap(
        format=FORMAT_NAME,
        version=CURRENT_VERSION,
        stream=Stream(
            id=builder.new_id("vs"),
            name=f"Generated stream of {stages} stages (seed {seed})",
            description="A synthetic order-to-cash stream for benchmarks.",
            author="tests/benchmarks/generate.py",
        ),
        outcomes=outcomes,
        delivery_metrics=DeliveryMetrics(
            deployment_frequency=Frequency(count=3.0, period="week", measured=True),
            lead_time_for_changes=Duration(value=4.0, unit="working_days"),
            change_failure_rate=Percent(value=12.0, measured=True),
            time_to_restore=Duration(value=6.0, unit="hours"),
            measured_lead_time=Duration(value=21.0, unit="calendar_days", measured=True),
        ),
        lanes=builder.lanes,
        stages=builder.stages,
        handoffs=builder.handoffs,
        catalogue=Catalogue(
            control_points=builder.control_points,
            logic=builder.logic,
            components=builder.components,
        ),
    )


def _walk(builder: _Builder, total: int) -> None:
    """Lay down the flow: chains, alternative and parallel splits that join, rework loops."""
    rng = builder.rng
    lane = builder.lanes[0].id
    current = builder.stage(lane, [])
    trail = [current]
    while len(builder.stages) < total:
        remaining = total - len(builder.stages)
        roll = rng.random()
        if roll < 0.16 and remaining >= 4:
            current = _split(builder, current, lane, remaining, parallel=roll < 0.06)
        else:
            lane = _next_lane(rng, builder.lanes, lane)
            following = builder.stage(lane, [current])
            builder.handoff(current, following, wait=builder.wait())
            current = following
        trail.append(current)
        if len(trail) > 4 and rng.random() < 0.08:
            back = trail[-rng.randint(3, min(8, len(trail)))]
            builder.handoff(
                current, back, "rework",
                label="sent back",
                rework_rate=Rate(value=rng.choice((0.05, 0.1, 0.2, 0.3))),
            )
        if len(trail) > 3 and rng.random() < 0.1:
            builder.handoff(
                trail[-rng.randint(2, min(6, len(trail)))], current, "information",
                artifact="status update",
            )
        lane = builder.stages[-1].lane or lane


def _split(builder: _Builder, source: str, lane: str, remaining: int, parallel: bool) -> str:
    """Branches out of ``source`` that join again; returns the joining stage."""
    rng = builder.rng
    source_stage = builder.stages[-1] if builder.stages[-1].id == source else None
    branch_count = rng.choice((2, 2, 3))
    lengths = [rng.randint(1, 3) for _ in range(branch_count)]
    while sum(lengths) + 1 > remaining and max(lengths) > 1:
        lengths[lengths.index(max(lengths))] -= 1
    if sum(lengths) + 1 > remaining:
        lengths = lengths[: remaining - 1]
    if len(lengths) < 2:
        following = builder.stage(lane, [source])
        builder.handoff(source, following, wait=builder.wait())
        return following
    shares = _shares(rng, len(lengths))
    if source_stage is None:
        source_stage = next(s for s in builder.stages if s.id == source)
    source_stage.split = "parallel" if parallel else "alternatives"
    ends = []
    for branch, length in enumerate(lengths):
        branch_lane = _next_lane(rng, builder.lanes, lane)
        previous = source
        for step in range(length):
            stage = builder.stage(branch_lane, [previous])
            extra = {} if parallel or step else {"share": Percent(value=shares[branch])}
            builder.handoff(previous, stage, wait=builder.wait(), **extra)
            previous = stage
        ends.append(previous)
    join = builder.stage(lane, ends)
    for end in ends:
        builder.handoff(end, join, wait=builder.wait())
    return join


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write a generated benchmark map.")
    parser.add_argument("--stages", type=int, required=True)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("-o", "--output", required=True)
    args = parser.parse_args(argv)
    try:
        anatomy = generate_map(args.stages, args.seed)
    except ValueError as err:
        print(f"generate.py: {err}", file=sys.stderr)
        return 2
    save_map(anatomy, Path(args.output))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
