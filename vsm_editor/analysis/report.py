"""The result of an analysis: active findings, suppressed ones, stale suppressions, coverage."""

from __future__ import annotations

from dataclasses import dataclass, field

from vsm_editor.analysis.coverage import Coverage
from vsm_editor.analysis.facts import FlowFacts
from vsm_editor.analysis.rules.registry import LAYER_ORDER
from vsm_editor.model.entities import Suppression
from vsm_editor.model.findings import SEVERITY_RANK, Finding

SEVERITY_WORDS = (("error", "errors"), ("warning", "warnings"), ("info", "info"))


def finding_order(finding: Finding) -> tuple:
    """Sort key: severity (errors first), then layer (P1…P4, flow, structure), then element,
    rule and path."""
    return (
        -SEVERITY_RANK[finding.severity],
        LAYER_ORDER.get(finding.layer, 99),
        finding.element,
        finding.rule,
        finding.path,
    )


@dataclass(frozen=True)
class SuppressedFinding:
    """A finding accepted with a written reason (after the settings re-graded it)."""

    finding: Finding
    reason: str


@dataclass
class Report:
    """What :func:`~vsm_editor.analysis.analyze` found.

    ``findings`` are the active ones (rules switched off are gone, severities re-graded,
    suppressed ones moved to ``suppressed``), sorted by :func:`finding_order`.
    ``stale_suppressions`` are suppressions whose rule or element no longer exists; each also
    appears as a ``structure-stale-suppression`` finding. ``flow_facts`` are the flow-graph
    facts the checks used (starts, ends, reach, cycles), kept so that exporters need not
    build them again; not part of the report's value (ignored by ``==``).
    """

    findings: list[Finding] = field(default_factory=list)
    suppressed: list[SuppressedFinding] = field(default_factory=list)
    stale_suppressions: list[Suppression] = field(default_factory=list)
    coverage: Coverage = field(default_factory=Coverage)
    flow_facts: FlowFacts | None = field(default=None, compare=False, repr=False)

    def counts(self) -> dict[str, int]:
        """Active findings per severity."""
        counts = {"error": 0, "warning": 0, "info": 0}
        for finding in self.findings:
            counts[finding.severity] += 1
        return counts

    def summary_line(self) -> str:
        """``3 errors, 12 warnings, 4 info · coverage P1 7/10, P2 9/10, P3 5/10, P4 4/10``."""
        counts = self.counts()
        parts = []
        for severity, plural in SEVERITY_WORDS:
            number = counts[severity]
            parts.append(f"{number} {severity if number == 1 else plural}")
        line = ", ".join(parts) + f" · coverage {self.coverage.summary()}"
        if self.suppressed:
            line += f" · {len(self.suppressed)} suppressed"
        return line

    def by_element(self) -> dict[str, list[Finding]]:
        """Active findings for each element they involve (for markers on the canvas)."""
        result: dict[str, list[Finding]] = {}
        for finding in self.findings:
            for element in dict.fromkeys(finding.elements):
                result.setdefault(element, []).append(finding)
        return result

    def worst_severity(self, element_id: str) -> str | None:
        """The most severe active finding involving ``element_id`` (None when there is none)."""
        worst = None
        for finding in self.findings:
            if element_id in finding.elements and (
                worst is None or SEVERITY_RANK[finding.severity] > SEVERITY_RANK[worst]
            ):
                worst = finding.severity
        return worst
