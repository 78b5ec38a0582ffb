"""The elements of an anatomy map, as typed structs that are also the native file format.

Every struct encodes to JSON in field-declaration order, omitting fields at their default,
so saved files are stable and diff-friendly. Ids are XML NCNames unique across the map
(see :mod:`vsm_editor.model.ids`). Lists keep the user's order; the lane list's order is
the lanes' top-to-bottom order.
"""

from __future__ import annotations

from typing import Literal

import msgspec

TimeUnit = Literal["minutes", "hours", "working_days", "calendar_days"]
Period = Literal["day", "week", "month", "year"]
HandoffKind = Literal["flow", "information", "rework"]
SplitType = Literal["alternatives", "parallel"]
Direction = Literal["decrease", "increase", "maintain"]
ControlPointKind = Literal["field", "form", "before_commit", "before_transition", "background"]
LogicKind = Literal["rule", "data", "event", "timing", "exception", "integration", "ui_action"]
ComponentKind = Literal[
    "data_field",
    "rule",
    "event",
    "api",
    "screen",
    "workflow",
    "approval",
    "integration",
    "reporting",
    "audit",
    "exception",
]
ImprovementKind = Literal["idea", "pain_point"]
Severity = Literal["error", "warning", "info"]
OriginKind = Literal["future_state", "imported", "template", "copy"]

# gc=False: the structs form trees, never cycles, and untracked structs decode ~2x faster.
_OPTS = {"kw_only": True, "omit_defaults": True, "forbid_unknown_fields": True, "gc": False}


class Duration(msgspec.Struct, **_OPTS):
    """A time with its unit (``None`` = not given, which the analysis flags).

    ``measured`` is False for workshop estimates, True for numbers taken from real data.
    """

    value: float
    unit: TimeUnit | None = None
    measured: bool = False


class Percent(msgspec.Struct, **_OPTS):
    """A percentage 0–100 (%C&A, an alternative's share, a change failure rate)."""

    value: float
    measured: bool = False


class Rate(msgspec.Struct, **_OPTS):
    """A fraction 0 ≤ value < 1 (a rework handoff's rate)."""

    value: float
    measured: bool = False


class Frequency(msgspec.Struct, **_OPTS):
    """How often something happens: ``count`` times per ``period``."""

    count: float
    period: Period = "week"
    measured: bool = False


class Outcome(msgspec.Struct, **_OPTS):
    """A P1 strategic outcome of the stream, with a measurable target."""

    id: str
    statement: str
    metric: str = ""
    unit: str = ""
    baseline: float | None = None
    target: float | None = None
    direction: Direction = "decrease"
    notes: str = ""


class DeliveryMetrics(msgspec.Struct, **_OPTS):
    """Stream-level delivery (DORA-style) metrics and the measured end-to-end lead time."""

    deployment_frequency: Frequency | None = None
    lead_time_for_changes: Duration | None = None
    change_failure_rate: Percent | None = None
    time_to_restore: Duration | None = None
    measured_lead_time: Duration | None = None


class Lane(msgspec.Struct, **_OPTS):
    """A horizontal band of stages owned by one function or team."""

    id: str
    name: str
    colour: str = "#e8eef7"
    height: float = 160.0


class Decision(msgspec.Struct, **_OPTS):
    """One step of a stage's P2 decision sequence."""

    id: str
    text: str
    notes: str = ""


class Improvement(msgspec.Struct, **_OPTS):
    """An improvement idea or pain point (kaizen burst) placed on a stage."""

    id: str
    text: str
    kind: ImprovementKind = "idea"
    notes: str = ""


class Stage(msgspec.Struct, **_OPTS):
    """A value-stream stage.

    Geometry: ``x`` is absolute; ``y`` is the offset of the box's top from the top of its
    lane's band (or from the bottom of the last lane when the stage has no lane), so the
    lane is stored once and reordering lanes carries their stages along.
    ``start``/``end`` mark starts and ends explicitly; when no stage is marked, the stages
    with no incoming (outgoing) flow handoff are the starts (ends).
    """

    id: str
    name: str
    lane: str | None = None
    owner: str = ""
    description: str = ""
    x: float = 0.0
    y: float = 40.0
    width: float = 180.0
    height: float = 90.0
    outcomes: list[str] = []
    decisions: list[Decision] = []
    process_time: Duration | None = None
    pca: Percent | None = None
    split: SplitType = "alternatives"
    start: bool = False
    end: bool = False
    improvements: list[Improvement] = []
    notes: str = ""


class Handoff(msgspec.Struct, **_OPTS):
    """A connection between two stages.

    ``flow`` handoffs make the stream's path and carry the wait (queue time) before their
    target; ``information`` handoffs carry no time; a ``rework`` handoff points back and
    carries a ``rework_rate``. ``share`` is the share of an alternatives split (0–100).
    """

    id: str
    source: str
    target: str
    kind: HandoffKind = "flow"
    label: str = ""
    artifact: str = ""
    wait: Duration | None = None
    share: Percent | None = None
    rework_rate: Rate | None = None
    notes: str = ""


class ControlPoint(msgspec.Struct, **_OPTS):
    """A place where the system acts: a field, a form, before commit, before transition or
    a background job, with its subject and the component it lives in."""

    id: str
    kind: ControlPointKind
    subject: str = ""
    component: str | None = None
    notes: str = ""


class LogicItem(msgspec.Struct, **_OPTS):
    """A P3 system-logic item (rule, data, event, timing, exception, integration, UI action),
    applied at some stages, checked at one control point, optionally implementing a decision."""

    id: str
    kind: LogicKind
    statement: str
    stages: list[str] = []
    decision: str | None = None
    control_point: str | None = None
    owner: str = ""
    notes: str = ""


class Component(msgspec.Struct, **_OPTS):
    """A P4 component specification realizing some logic items."""

    id: str
    kind: ComponentKind
    name: str
    spec: str = ""
    realizes: list[str] = []
    notes: str = ""


class Catalogue(msgspec.Struct, **_OPTS):
    """The stream-level catalogue of control points, P3 logic and P4 components."""

    control_points: list[ControlPoint] = []
    logic: list[LogicItem] = []
    components: list[Component] = []


class RuleSetting(msgspec.Struct, **_OPTS):
    """A rule switched off or re-graded for this map."""

    enabled: bool = True
    severity: Severity | None = None


class Suppression(msgspec.Struct, **_OPTS):
    """One finding accepted with a written reason, addressed by the finding's key."""

    key: str
    reason: str


class AnalysisSettings(msgspec.Struct, **_OPTS):
    """Per-map analysis settings."""

    rules: dict[str, RuleSetting] = {}
    suppressions: list[Suppression] = []
    hidden_queue_threshold: float = 0.5


class Display(msgspec.Struct, **_OPTS):
    """Map-wide display toggles shared by the canvas and the exports."""

    data_boxes: bool = True
    ladder: bool = True
    lean_symbols: bool = True


class Origin(msgspec.Struct, **_OPTS):
    """Where a map came from (a future state of another map, an import, a template)."""

    kind: OriginKind
    source: str = ""
    source_id: str = ""
    created: str = ""


class Stream(msgspec.Struct, **_OPTS):
    """The stream's own properties."""

    id: str
    name: str
    description: str = ""
    author: str = ""
    working_day_hours: float = 8.0
    revision: int = 0


class AnatomyMap(msgspec.Struct, **_OPTS):
    """A whole ``*.vsm.json`` document."""

    format: str
    version: int
    stream: Stream
    outcomes: list[Outcome] = []
    delivery_metrics: DeliveryMetrics = msgspec.field(default_factory=DeliveryMetrics)
    lanes: list[Lane] = []
    stages: list[Stage] = []
    handoffs: list[Handoff] = []
    catalogue: Catalogue = msgspec.field(default_factory=Catalogue)
    analysis: AnalysisSettings = msgspec.field(default_factory=AnalysisSettings)
    display: Display = msgspec.field(default_factory=Display)
    origin: Origin | None = None
