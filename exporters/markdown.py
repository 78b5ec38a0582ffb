"""``--format md``: an anatomy report for documents (CommonMark with GFM tables).

The report reads top to bottom: the title block (``#`` stream name, description, author,
revision, origin), ``## Summary`` (size, P1–P4 coverage, flow metrics, hidden queue,
delivery metrics), ``## Outcomes``, ``## Flow`` (stages in flow order, handoffs, critical
path, rework loops, ladder), ``## Stages`` with a ``###`` section per stage (P1–P4, control
points, flow numbers, ideas, notes, coverage), ``## Catalogue``, ``## Open findings`` (by
severity then layer, each rule explained once), ``## Suppressed findings`` and
``## Coverage`` (the stage × P1–P4 matrix in glyphs and words).

Every user string is escaped (see :mod:`~vsm_editor.exporters.markdown_text`), and the
output depends on the map alone: no clock, no environment, so the same map gives the
same bytes.
"""

from __future__ import annotations

from vsm_editor.exporters.markdown_catalogue import catalogue_section
from vsm_editor.exporters.markdown_context import collect
from vsm_editor.exporters.markdown_findings import (
    coverage_section,
    findings_section,
    suppressed_section,
)
from vsm_editor.exporters.markdown_flow import flow_section
from vsm_editor.exporters.markdown_stages import stage_sections
from vsm_editor.exporters.markdown_summary import outcomes, summary, title_block

from vsm_editor.model.entities import AnatomyMap

__all__ = ["export_markdown", "markdown_report"]


def markdown_report(anatomy: AnatomyMap) -> str:
    """The report as text, ending with one newline."""
    data = collect(anatomy)
    lines = title_block(data)
    for section in (
        summary,
        outcomes,
        flow_section,
        stage_sections,
        catalogue_section,
        findings_section,
        suppressed_section,
        coverage_section,
    ):
        lines += section(data)
    while lines and not lines[-1]:
        lines.pop()
    return "\n".join(lines) + "\n"


def export_markdown(anatomy: AnatomyMap) -> bytes:
    """The report as UTF-8 bytes (what ``vsm-editor export --format md`` writes)."""
    return markdown_report(anatomy).encode("utf-8")
