"""The shape of an analysis finding, shared by the checks, the CLI, the UI and the exports."""

from __future__ import annotations

from typing import Literal

import msgspec

from vsm_editor.model.entities import Severity

Layer = Literal["P1", "P2", "P3", "P4", "flow", "structure"]
SEVERITY_RANK: dict[str, int] = {"info": 0, "warning": 1, "error": 2}


class Finding(msgspec.Struct, kw_only=True, frozen=True):
    """One thing the analysis found.

    ``path`` is built from ids, not list positions (``stage:st_k3f9/logic:lg_2m1c/control_point``)
    so it survives edits that keep the element and tells the inspector which field would fix
    it. ``key`` (``rule@path``) identifies the finding for suppressions.
    """

    rule: str
    severity: Severity
    layer: Layer
    element: str
    elements: tuple[str, ...]
    path: str
    message: str

    @property
    def key(self) -> str:
        """The finding's stable identity: its rule and its path."""
        return f"{self.rule}@{self.path}"

    def to_dict(self) -> dict[str, object]:
        """A JSON-ready dict with every field and the key."""
        return {
            "rule": self.rule,
            "severity": self.severity,
            "layer": self.layer,
            "element": self.element,
            "elements": list(self.elements),
            "path": self.path,
            "key": self.key,
            "message": self.message,
        }


def make_finding(
    rule: str,
    severity: Severity,
    layer: Layer,
    path: str,
    message: str,
    element: str,
    *others: str,
) -> Finding:
    """Build a finding whose ``elements`` are ``element`` followed by ``others``."""
    return Finding(
        rule=rule,
        severity=severity,
        layer=layer,
        element=element,
        elements=(element, *others),
        path=path,
        message=message,
    )
