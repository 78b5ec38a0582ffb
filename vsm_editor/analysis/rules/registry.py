"""The rule registry: every rule's id, default severity, layer, title and explanation.

A rule is one or more small check functions, each bound to a *scope* that says what the
check looks at and so when the incremental analyzer must re-run it:

``stage``        the given stages on their own (fields, outcome links, logic, components);
``stage_flow``   the given stages in the flow graph (reachability, their split, outgoing shares);
``handoff``, ``outcome``, ``logic``, ``component``   the given elements of that kind;
``map_flow``     the whole flow graph (starts, ends, loops), re-run when the flow changes;
``map``          stream-level fields, cheap, re-run on every analysis;
``flow_metrics`` the computed flow numbers, re-run when a time, share or rate changes.

Per-element checks take ``(ctx, elements)`` and return findings whose ``element`` is the
checked element; map checks take ``(ctx)``. Checks return findings at the rule's default
severity; settings re-grade, switch off and suppress them afterwards.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

from vsm_editor.model.entities import Severity
from vsm_editor.model.findings import Finding, Layer

Scope = Literal[
    "stage", "stage_flow", "handoff", "outcome", "logic", "component",
    "map_flow", "map", "flow_metrics", "settings",
]
ELEMENT_SCOPES: tuple[Scope, ...] = (
    "stage", "stage_flow", "handoff", "outcome", "logic", "component",
)
MAP_SCOPES: tuple[Scope, ...] = ("map_flow", "map", "flow_metrics")
LAYER_ORDER: dict[str, int] = {"P1": 0, "P2": 1, "P3": 2, "P4": 3, "flow": 4, "structure": 5}

Check = Callable[..., list[Finding]]


@dataclass(frozen=True)
class RuleInfo:
    """What the UI and the reports show about a rule, and its checks by scope."""

    id: str
    severity: Severity
    layer: Layer
    title: str
    explanation: str
    checks: dict[str, Check] = field(default_factory=dict, compare=False, repr=False)


RULES: dict[str, RuleInfo] = {}


def declare(rule_id: str, severity: Severity, layer: Layer, title: str, explanation: str) -> None:
    """Register a rule (once); its checks are attached with :func:`check`."""
    if rule_id in RULES:
        raise ValueError(f"rule {rule_id!r} declared twice")
    prefix = rule_id.split("-", 1)[0]
    expected = {"P1": "p1", "P2": "p2", "P3": "p3", "P4": "p4"}.get(layer, layer)
    if prefix != expected:
        raise ValueError(f"rule {rule_id!r} must start with its layer prefix {expected!r}")
    RULES[rule_id] = RuleInfo(rule_id, severity, layer, title, " ".join(explanation.split()))


def check(rule_id: str, scope: Scope) -> Callable[[Check], Check]:
    """Attach the decorated function to ``rule_id`` as its check for ``scope``."""

    def attach(function: Check) -> Check:
        RULES[rule_id].checks[scope] = function
        return function

    return attach


def found(rule_id: str, path: str, message: str, element: str, *others: str) -> Finding:
    """A finding of ``rule_id`` at its default severity and layer."""
    info = RULES[rule_id]
    return Finding(
        rule=rule_id,
        severity=info.severity,
        layer=info.layer,
        element=element,
        elements=(element, *others),
        path=path,
        message=message,
    )


def checks_in(scope: Scope) -> list[tuple[str, Check]]:
    """``(rule id, check)`` for every rule with a check in ``scope``, in registry order."""
    return [(info.id, info.checks[scope]) for info in RULES.values() if scope in info.checks]


def rule_info(rule_id: str) -> RuleInfo | None:
    """The registry entry of ``rule_id`` (None for an unknown id)."""
    return RULES.get(rule_id)


def label(element: Any) -> str:
    """How a message names an element: its name or statement in quotes, else its id."""
    for attribute in ("name", "statement", "text"):
        text = getattr(element, attribute, None)
        if isinstance(text, str) and text.strip():
            short = " ".join(text.split())
            if len(short) > 60:
                short = short[:57] + "…"
            return f"“{short}”"
    return str(getattr(element, "id", "?"))
