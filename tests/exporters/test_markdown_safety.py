"""The Markdown report is safe: user text shows exactly as typed, never becomes HTML, links,
headings or list items, never breaks a table; non-Latin names pass through as UTF-8; and any
valid map, however odd, exports a well-formed report."""

from __future__ import annotations

import re
import sys
from pathlib import Path

from hypothesis import HealthCheck, given, settings

sys.path.insert(0, str(Path(__file__).resolve().parent))

from strategies import ODD_NAMES, any_maps  # noqa: E402
from test_markdown_helpers import HOSTILE, Outline, report_of, template_map  # noqa: E402
from vsm_editor.exporters.markdown import export_markdown  # noqa: E402
from vsm_editor.exporters.markdown_text import plain  # noqa: E402

from vsm_editor.analysis import analyze  # noqa: E402
from vsm_editor.model.entities import (  # noqa: E402
    AnatomyMap,
    Decision,
    Handoff,
    Improvement,
    Lane,
    Outcome,
    Stage,
    Stream,
)

HOSTILES = [
    HOSTILE,
    "`code` **bold** _em_ [link](javascript:alert(1)) ![img](x.png) <https://evil.example>",
    "line one\nline two | cell\n\n# heading\n---\n> quote",
    "\\ backslash at both ends \\",
    "&lt;b&gt; entity &amp; &#60;script&#62; &copy;",
    "- a list\n1. an item\n    code block",
    "<img src=x onerror=alert(1)>",
    "<!-- an open comment",
    "~~struck~~ $x$ {attr} :emoji: | || |||",
]
NON_LATIN = ["受付と審査", "مراجعة الطلب", "Ветеринарная клиника", "emoji 🚀🧪 and ZWJ 👩‍💻",
             "Ünïcødé Prüfung ß"]


def _hostile_map(texts: list[str]) -> AnatomyMap:
    """A map with ``texts`` in every user-written field, one stage per text."""
    lanes = [Lane(id=f"ln_{i}", name=t) for i, t in enumerate(texts)]
    outcomes = [Outcome(id=f"oc_{i}", statement=t, metric=t, unit=t, target=1.0, notes=t)
                for i, t in enumerate(texts)]
    stages = [
        Stage(id=f"st_{i}", name=t, lane=f"ln_{i}", owner=t, description=t, notes=t,
              outcomes=[f"oc_{i}"], decisions=[Decision(id=f"dc_{i}", text=t)],
              improvements=[Improvement(id=f"im_{i}", text=t, notes=t, kind="pain_point")])
        for i, t in enumerate(texts)
    ]
    handoffs = [
        Handoff(id=f"ho_{i}", source=f"st_{i}", target=f"st_{i + 1}", label=t, artifact=t,
                notes=t)
        for i, t in enumerate(texts[:-1])
    ]
    anatomy = template_map("validate-booking")  # its catalogue, with every text replaced
    for item in anatomy.catalogue.logic:
        item.statement, item.owner, item.stages = texts[0], texts[-1], ["st_0"]
        item.decision = "dc_0"
    for point in anatomy.catalogue.control_points:
        point.subject = texts[1 % len(texts)]
    for component in anatomy.catalogue.components:
        component.name, component.spec = texts[2 % len(texts)], texts[0]
    anatomy.stream = Stream(id="vs_hostile", name=texts[0], description="\n\n".join(texts),
                            author=texts[-1])
    anatomy.lanes, anatomy.outcomes = lanes, outcomes
    anatomy.stages, anatomy.handoffs = stages, handoffs
    return anatomy


def _raw_cells(line: str) -> int:
    """Unescaped pipes on a raw table line (escaped characters removed first)."""
    return re.sub(r"\\.", "", line).count("|")


def assert_well_formed(report: Outline) -> None:
    """No raw HTML, every table line has its header's cell count, every table is parsed."""
    assert report.raw_html_tokens() == []
    lines = report.text.split("\n")
    table_lines = [i for i, line in enumerate(lines) if line.startswith("|")]
    header_width = 0
    for i in table_lines:
        if i == 0 or not lines[i - 1].startswith("|"):
            header_width = _raw_cells(lines[i])
        assert _raw_cells(lines[i]) == header_width, lines[i]
    assert len(report.tables) == sum(
        1 for i in table_lines if i == 0 or not lines[i - 1].startswith("|"))
    for table in report.tables:
        assert all(len(row) == len(table.header) for row in table.rows)


def test_a_script_stage_name_renders_as_literal_text() -> None:
    anatomy = _hostile_map([HOSTILE, "Next"])
    report = report_of(anatomy)
    rendered = report.html()
    assert "<script" not in rendered.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt; | # x" in rendered
    assert report.titles(1) == [HOSTILE]
    assert HOSTILE in report.titles(3)
    coverage = report.table("Coverage")
    assert coverage.column("Stage") == [HOSTILE, "Next"]
    entry = analyze(anatomy).coverage["st_0"]
    words = ["✓ linked" if ok else "✗ missing" for ok in entry.linked]
    assert coverage.rows[0][1:] == [*words, "yes" if entry.complete else "no"]
    handoffs = report.table("Flow", "Handoffs")
    assert handoffs.rows[0][:4] == [HOSTILE, "Next", "Flow", HOSTILE]
    assert_well_formed(report)


def test_hostile_text_everywhere_stays_text() -> None:
    anatomy = _hostile_map(HOSTILES)
    report = report_of(anatomy)
    rendered = report.html().lower()
    for forbidden in ("<script", "<img", "<a ", "<em>", "<del>", "<s>", "<blockquote",
                      "<hr", "<pre", "<h5", "<h6", "<!--", "javascript:"):
        if forbidden == "javascript:":
            assert "href=" not in rendered
            continue
        assert forbidden not in rendered, forbidden
    # Bold only where the report itself uses it (rule titles), code only for ids.
    assert rendered.count("<strong>") == len({f for f in re.findall(r"<code>([^<]*)</code>",
                                                                     rendered) if "-" in f})
    assert_well_formed(report)
    stage_titles = [t for level, t in report.headings if level == 3]
    for text in HOSTILES:
        assert plain(text) in stage_titles
    outcomes = report.table("Outcomes")
    assert outcomes.column("Outcome") == [plain(t) for t in HOSTILES]
    assert outcomes.column("Unit") == [plain(t) for t in HOSTILES]
    # Multi-paragraph text keeps its paragraphs, never turning into headings or lists.
    assert report.titles(1) == [plain(HOSTILES[0])]
    kinds = {token.type for token in report.tokens}
    assert "blockquote_open" not in kinds and "hr" not in kinds and "code_block" not in kinds
    assert "fence" not in kinds


def test_non_latin_names_pass_through_as_utf8() -> None:
    anatomy = _hostile_map(NON_LATIN)
    data = export_markdown(anatomy)
    text = data.decode("utf-8")
    for name in NON_LATIN:
        assert name.encode("utf-8") in data
        assert f"### {name}\n" in text
    report = report_of(anatomy)
    assert report.table("Coverage").column("Stage") == NON_LATIN
    assert_well_formed(report)


def test_odd_names_from_the_shared_strategies() -> None:
    texts = [name for name in ODD_NAMES if plain(name)]
    report = report_of(_hostile_map(texts))
    assert report.table("Coverage").column("Stage") == [plain(t) for t in texts]
    assert_well_formed(report)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(any_maps(max_stages=8))
def test_any_map_exports_a_well_formed_report(anatomy: AnatomyMap) -> None:
    data = export_markdown(anatomy)
    assert data == export_markdown(anatomy)
    report = report_of(anatomy)
    assert_well_formed(report)
    assert len(report.titles(1)) == 1
    sections = report.titles(2)
    assert sections[:3] == ["Summary", "Outcomes", "Flow"]
    assert sections[-1] == "Coverage"
    titles, inside = [], False
    for level, text in report.headings:
        if level == 2:
            inside = text == "Stages"
        elif level == 3 and inside:
            titles.append(text)
    assert sorted(titles) == sorted(plain(s.name) or s.id for s in anatomy.stages)
    if anatomy.stages:
        assert len(report.table("Coverage").rows) == len(anatomy.stages)
    assert "<script" not in report.html().lower()
