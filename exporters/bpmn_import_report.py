"""The import report: every BPMN element that was not mapped or only approximated."""

from __future__ import annotations

from dataclasses import dataclass

NOT_MAPPED = "not mapped"
APPROXIMATED = "approximated"


@dataclass(frozen=True, slots=True)
class ReportItem:
    """One element the import could not map exactly: its id, BPMN type (``userTask``,
    ``messageFlow``…), name, what happened (:data:`NOT_MAPPED` or :data:`APPROXIMATED`)
    and a sentence saying how."""

    element_id: str
    element_type: str
    name: str
    action: str
    detail: str


class Report(list[ReportItem]):
    """The report as it is built: a list of items with a small adding helper."""

    def add(self, element_id: str | None, element_type: str, name: str | None, action: str,
            detail: str) -> None:
        self.append(ReportItem(element_id or "", element_type, (name or "").strip(), action,
                               detail))


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|") or "–"


def report_markdown(items: list[ReportItem], title: str) -> str:
    """The report as Markdown: a heading, a summary line and a table of the items."""
    lines = [f"# BPMN import report: {_cell(title)}", ""]
    lines.append(summary_counts(items) + ".")
    lines.append("")
    if items:
        lines += ["| element | type | name | result | detail |", "|---|---|---|---|---|"]
        for item in items:
            lines.append(
                f"| `{_cell(item.element_id)}` | {_cell(item.element_type)} | {_cell(item.name)} "
                f"| {item.action} | {_cell(item.detail)} |"
            )
        lines.append("")
    return "\n".join(lines)


def summary_counts(items: list[ReportItem]) -> str:
    """``"3 elements not mapped, 2 approximated"`` (or ``"everything mapped"``)."""
    missing = sum(1 for item in items if item.action == NOT_MAPPED)
    approximated = len(items) - missing
    if not items:
        return "everything mapped"
    return (f"{missing} element{'s' * (missing != 1)} not mapped, "
            f"{approximated} approximated")
