"""Rule settings: switched off, re-graded, suppressed, stale suppressions, the shared rules
file (format, precedence, bad files) and the command line's --config."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from anatomy_kit import by_rule, complete_map

from vsm_editor.analysis import analyze, load_rules_config, save_rules_config
from vsm_editor.analysis.settings import (
    RulesConfig,
    dump_rules_config,
    effective_rules,
    parse_rules_config,
)
from vsm_editor.cli import main
from vsm_editor.model import MapFileError, RuleSetting, Suppression, save_map


def _broken():
    anatomy = complete_map()
    anatomy.stages[1].outcomes = []  # p1-stage-no-outcome at st_b (warning)
    anatomy.stages[2].pca = None
    anatomy.stages[2].owner = ""  # flow-stage-no-owner at st_c (warning)
    return anatomy


def _rules(report) -> set[str]:
    return {f.rule for f in report.findings}


def test_rule_switched_off_in_the_map() -> None:
    anatomy = _broken()
    anatomy.analysis.rules["p1-stage-no-outcome"] = RuleSetting(enabled=False)
    report = analyze(anatomy)
    assert _rules(report) == {"flow-stage-no-owner"}
    assert report.suppressed == []


def test_rule_regraded_in_the_map() -> None:
    anatomy = _broken()
    anatomy.analysis.rules["p1-stage-no-outcome"] = RuleSetting(severity="error")
    report = analyze(anatomy)
    assert report.findings[0].rule == "p1-stage-no-outcome"
    assert report.findings[0].severity == "error"
    assert report.summary_line().startswith("1 error, 1 warning, 0 info")


def test_finding_suppressed_with_a_reason() -> None:
    anatomy = _broken()
    key = "p1-stage-no-outcome@stage:st_b/outcomes"
    anatomy.analysis.suppressions.append(Suppression(key=key, reason="internal step"))
    report = analyze(anatomy)
    assert _rules(report) == {"flow-stage-no-owner"}
    assert [(s.finding.key, s.reason) for s in report.suppressed] == [(key, "internal step")]
    assert report.stale_suppressions == []
    assert report.summary_line().endswith("· 1 suppressed")


def test_suppressed_findings_carry_their_regraded_severity() -> None:
    anatomy = _broken()
    anatomy.analysis.rules["p1-stage-no-outcome"] = RuleSetting(severity="info")
    key = "p1-stage-no-outcome@stage:st_b/outcomes"
    anatomy.analysis.suppressions.append(Suppression(key=key, reason="ok"))
    assert analyze(anatomy).suppressed[0].finding.severity == "info"


def test_suppression_of_a_fixed_finding_is_not_stale() -> None:
    anatomy = complete_map()
    anatomy.analysis.suppressions.append(
        Suppression(key="p1-stage-no-outcome@stage:st_b/outcomes", reason="fixed since")
    )
    report = analyze(anatomy)
    assert report.findings == [] and report.suppressed == [] and report.stale_suppressions == []


@pytest.mark.parametrize(
    "key",
    [
        "p1-stage-no-outcome@stage:st_gone/outcomes",
        "no-such-rule@stage:st_b/outcomes",
        "not a key at all",
        "p1-stage-no-outcome@",
        "flow-share-missing@stage:st_a/handoff:ho_gone/share",
    ],
)
def test_stale_suppressions_are_reported(key: str) -> None:
    anatomy = complete_map()
    suppression = Suppression(key=key, reason="once true")
    anatomy.analysis.suppressions.append(suppression)
    report = analyze(anatomy)
    assert report.stale_suppressions == [suppression]
    (finding,) = by_rule(report.findings, "structure-stale-suppression")
    assert finding.path == f"suppression:{key}" and finding.element == "vs_test"


def test_a_stale_suppression_finding_can_itself_be_switched_off() -> None:
    anatomy = complete_map()
    anatomy.analysis.suppressions.append(Suppression(key="x@stage:st_gone/name", reason=""))
    anatomy.analysis.rules["structure-stale-suppression"] = RuleSetting(enabled=False)
    report = analyze(anatomy)
    assert report.findings == [] and len(report.stale_suppressions) == 1


def test_unknown_rule_ids_in_the_map_are_ignored() -> None:
    anatomy = _broken()
    anatomy.analysis.rules["rule-from-the-future"] = RuleSetting(enabled=False)
    assert _rules(analyze(anatomy)) == {"p1-stage-no-outcome", "flow-stage-no-owner"}


# --------------------------------------------------------------------------- shared file
def test_shared_file_switches_off_and_regrades() -> None:
    config = parse_rules_config(
        b'{"format": "vsm-rules", "version": 1, "rules": {'
        b'"p1-stage-no-outcome": "off", "flow-stage-no-owner": "error"}}'
    )
    report = analyze(_broken(), config)
    assert [(f.rule, f.severity) for f in report.findings] == [("flow-stage-no-owner", "error")]


def test_the_map_wins_over_the_shared_file() -> None:
    config = RulesConfig(
        rules={
            "p1-stage-no-outcome": RuleSetting(enabled=False),
            "flow-stage-no-owner": RuleSetting(severity="error"),
        }
    )
    anatomy = _broken()
    anatomy.analysis.rules["p1-stage-no-outcome"] = RuleSetting(enabled=True)
    anatomy.analysis.rules["flow-stage-no-owner"] = RuleSetting(severity="info")
    report = analyze(anatomy, config)
    assert sorted((f.rule, f.severity) for f in report.findings) == [
        ("flow-stage-no-owner", "info"),
        ("p1-stage-no-outcome", "warning"),
    ]


def test_a_map_entry_without_severity_keeps_the_files_severity() -> None:
    config = RulesConfig(rules={"flow-stage-no-owner": RuleSetting(severity="error")})
    anatomy = _broken()
    anatomy.analysis.rules["flow-stage-no-owner"] = RuleSetting(enabled=True)
    rules = effective_rules(anatomy, config)
    assert rules["flow-stage-no-owner"].severity == "error"
    assert rules["flow-stage-no-owner"].enabled


def test_save_and_load_round_trip(tmp_path: Path) -> None:
    config = RulesConfig(
        rules={
            "p2-stage-no-decisions": RuleSetting(enabled=False),
            "p1-stage-no-outcome": RuleSetting(severity="error"),
            "flow-hidden-queue": RuleSetting(),
            "p3-rule-no-owner": RuleSetting(enabled=False, severity="info"),
        }
    )
    path = tmp_path / "team.rules.json"
    save_rules_config(config, path)
    text = path.read_text(encoding="utf-8")
    assert text.endswith("}\n")
    assert json.loads(text) == {
        "format": "vsm-rules",
        "version": 1,
        "rules": {
            "flow-hidden-queue": "on",
            "p1-stage-no-outcome": "error",
            "p2-stage-no-decisions": "off",
            "p3-rule-no-owner": {"enabled": False, "severity": "info"},
        },
    }
    loaded = load_rules_config(path)
    assert loaded.rules == config.rules and loaded.source == str(path)
    assert dump_rules_config(loaded) == path.read_bytes()


def test_object_and_alias_values_are_read() -> None:
    config = parse_rules_config(
        b'\xef\xbb\xbf{"format": "vsm-rules", "version": 1, "rules": {'
        b'"p1-stage-no-outcome": {"severity": "warn"}, "p2-flow-loop": " OFF "}}'
    )
    assert config.rules["p1-stage-no-outcome"] == RuleSetting(severity="warning")
    assert config.rules["p2-flow-loop"] == RuleSetting(enabled=False)


BAD_FILES = [
    (b"", "the file is empty"),
    (b"\xff\xfe{}", "not UTF-8"),
    (b'{"format": "vsm-rules", "version": 1, "rules": {', "not valid JSON"),
    (b"[1, 2]", "expected a JSON object"),
    (b'{"version": 1, "rules": {}}', "not a rules file"),
    (b'{"format": "vsm-anatomy", "version": 1}', "not a rules file"),
    (b'{"format": "vsm-rules", "version": "1"}', "version: expected an integer"),
    (b'{"format": "vsm-rules", "version": 7}', "newer than this program"),
    (b'{"format": "vsm-rules", "version": 0}', "unknown rules file version"),
    (b'{"format": "vsm-rules", "version": 1, "extends": "x"}', "extends: unknown key"),
    (b'{"format": "vsm-rules", "version": 1, "rules": []}', "rules: expected an object"),
    (
        b'{"format": "vsm-rules", "version": 1, "rules": {"p2-no-decision": "off"}}',
        "rules.p2-no-decision: unknown rule (did you mean p2-stage-no-decisions?)",
    ),
    (
        b'{"format": "vsm-rules", "version": 1, "rules": {"p2-flow-loop": "loud"}}',
        "rules.p2-flow-loop: expected off, on, error, warning or info",
    ),
    (
        b'{"format": "vsm-rules", "version": 1, "rules": {"p2-flow-loop": 3}}',
        "rules.p2-flow-loop: expected a string or an object, got the number 3",
    ),
    (
        b'{"format": "vsm-rules", "version": 1, "rules": {"p2-flow-loop": {"enabled": 1}}}',
        "rules.p2-flow-loop.enabled: expected true or false",
    ),
    (
        b'{"format": "vsm-rules", "version": 1, "rules": {"p2-flow-loop": {"level": 1}}}',
        "rules.p2-flow-loop.level: unknown key",
    ),
    (b"[" * 100000, "rules"),
]


@pytest.mark.parametrize(("data", "message"), BAD_FILES)
def test_bad_rules_files_raise_one_line_errors(tmp_path: Path, data: bytes, message: str) -> None:
    path = tmp_path / "bad.json"
    path.write_bytes(data)
    with pytest.raises(MapFileError) as caught:
        load_rules_config(path)
    text = str(caught.value)
    assert "\n" not in text and text.startswith(str(path)) and message in text


def test_missing_file_and_folder(tmp_path: Path) -> None:
    with pytest.raises(MapFileError, match="no such file"):
        load_rules_config(tmp_path / "absent.json")
    with pytest.raises(MapFileError, match="is a folder"):
        load_rules_config(tmp_path)


# --------------------------------------------------------------------------- command line
def test_check_command_reads_the_shared_file(tmp_path: Path, capsys) -> None:
    anatomy = _broken()
    map_path = tmp_path / "map.vsm.json"
    save_map(anatomy, map_path)
    rules_path = tmp_path / "rules.json"
    save_rules_config(
        RulesConfig(rules={"flow-stage-no-owner": RuleSetting(severity="error")}), rules_path
    )
    assert main(["check", str(map_path)]) == 0
    capsys.readouterr()
    assert main(["check", str(map_path), "--config", str(rules_path), "--format", "json"]) == 1
    out = json.loads(capsys.readouterr().out)
    assert {(f["rule"], f["severity"]) for f in out} == {
        ("flow-stage-no-owner", "error"),
        ("p1-stage-no-outcome", "warning"),
    }
    rules_path.write_text("{oops", encoding="utf-8")
    assert main(["check", str(map_path), "--config", str(rules_path)]) == 2
    err = capsys.readouterr().err
    assert "not valid JSON" in err and err.count("\n") == 1
