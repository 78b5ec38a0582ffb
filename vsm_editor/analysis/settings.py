"""Rule settings: the map's own (``anatomy.analysis``) and a shared rules file.

The shared file (``vsm-editor check FILE --config RULES.json``, the same file the editor's
rule-settings dialog loads and saves) is JSON in the spirit of bpmnlint's ``.bpmnlintrc``::

    {
      "format": "vsm-rules",
      "version": 1,
      "rules": {
        "p2-stage-no-decisions": "off",
        "p1-stage-no-outcome": "error",
        "flow-hidden-queue": {"enabled": true, "severity": "info"}
      }
    }

A rule's value is ``"off"``, ``"on"`` (default severity), a severity (``"error"``,
``"warning"`` — or ``"warn"`` — and ``"info"``), or an object with ``enabled`` and/or
``severity``. Unknown rule ids, unknown keys and other formats or versions are refused
with one-line :class:`~vsm_editor.model.MapFileError`\\ s: a typo must not silently leave a
rule on.

**Precedence** (lowest to highest): the rule's defaults, then the shared file, then the
map's own settings. The map wins where it says something: a map entry always decides
``enabled``, and decides the severity when it gives one (otherwise the file's severity, if
any, still applies). So a team file can switch a rule off, and one map can switch it back
on. Suppressions (single findings accepted with a reason) live only in the map, keyed by
the finding's ``rule@path``. Map entries for rule ids this version does not know are kept
in the file and ignored.
"""

from __future__ import annotations

import difflib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from vsm_editor.analysis.rules import RULES
from vsm_editor.model.entities import AnatomyMap, RuleSetting, Severity
from vsm_editor.model.errors import MapFileError

RULES_FORMAT = "vsm-rules"
RULES_VERSION = 1
MAX_CONFIG_BYTES = 1024 * 1024
SEVERITY_WORDS: dict[str, Severity] = {
    "error": "error", "warning": "warning", "warn": "warning", "info": "info",
}


@dataclass
class RulesConfig:
    """A shared rules file: rule id → setting (``source`` is where it was read from)."""

    rules: dict[str, RuleSetting] = field(default_factory=dict)
    source: str = ""


@dataclass(frozen=True)
class EffectiveRule:
    """A rule as it applies to one map after defaults, the shared file and the map."""

    enabled: bool
    severity: Severity


def effective_rules(
    anatomy: AnatomyMap, config: RulesConfig | None = None
) -> dict[str, EffectiveRule]:
    """Every registered rule's effective setting for ``anatomy`` (see the precedence above)."""
    shared = config.rules if config is not None else {}
    own = anatomy.analysis.rules
    result = {}
    for rule_id, info in RULES.items():
        enabled, severity = True, info.severity
        for setting in (shared.get(rule_id), own.get(rule_id)):
            if setting is None:
                continue
            enabled = setting.enabled
            if setting.severity is not None:
                severity = setting.severity
        result[rule_id] = EffectiveRule(enabled, severity)
    return result


# ---------------------------------------------------------------------------- reading
def load_rules_config(path: str | os.PathLike[str]) -> RulesConfig:
    """Read a shared rules file. Raises :class:`MapFileError` (one line) and nothing else."""
    name = str(path)
    try:
        file_path = Path(path)
        if file_path.is_dir():
            raise MapFileError(name, "is a folder, not a rules file")
        if file_path.stat().st_size > MAX_CONFIG_BYTES:
            raise MapFileError(name, "is over 1 MB; not a rules file")
        data = file_path.read_bytes()
    except MapFileError:
        raise
    except FileNotFoundError:
        raise MapFileError(name, "no such file") from None
    except PermissionError:
        raise MapFileError(name, "permission denied") from None
    except OSError as err:
        raise MapFileError(name, err.strerror or str(err)) from None
    config = parse_rules_config(data, name)
    config.source = name
    return config


def parse_rules_config(data: bytes, name: str = "<rules>") -> RulesConfig:
    """Decode and check a rules file's bytes. Raises :class:`MapFileError`."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise MapFileError(name, f"is not UTF-8 text (bad byte at offset {err.start})") from None
    if not text.strip():
        raise MapFileError(name, "the file is empty")
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as err:
        raise MapFileError(
            name, f"not valid JSON: {err.msg}", f"line {err.lineno} column {err.colno}"
        ) from None
    except RecursionError:
        raise MapFileError(name, "nested too deeply to be a rules file") from None
    if not isinstance(raw, dict):
        raise MapFileError(name, f"expected a JSON object, got {_kind(raw)}")
    unknown = sorted(set(raw) - {"format", "version", "rules"})
    if unknown:
        raise MapFileError(name, "unknown key (expected format, version, rules)", unknown[0])
    if raw.get("format") != RULES_FORMAT:
        raise MapFileError(
            name, f"not a rules file (expected \"format\": \"{RULES_FORMAT}\")", "format"
        )
    version = raw.get("version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise MapFileError(name, f"expected an integer, got {_kind(version)}", "version")
    if version > RULES_VERSION:
        raise MapFileError(
            name, f"rules file version {version} is newer than this program ({RULES_VERSION})",
            "version",
        )
    if version < 1:
        raise MapFileError(name, f"unknown rules file version {version}", "version")
    rules = raw.get("rules", {})
    if not isinstance(rules, dict):
        raise MapFileError(name, f"expected an object, got {_kind(rules)}", "rules")
    return RulesConfig(
        rules={rule_id: _parse_setting(name, rule_id, value) for rule_id, value in rules.items()}
    )


def _parse_setting(name: str, rule_id: str, value: Any) -> RuleSetting:
    where = f"rules.{rule_id}"
    if rule_id not in RULES:
        close = difflib.get_close_matches(rule_id, list(RULES), n=1)
        hint = f" (did you mean {close[0]}?)" if close else ""
        raise MapFileError(name, f"unknown rule{hint}", where)
    if isinstance(value, str):
        word = value.strip().lower()
        if word == "off":
            return RuleSetting(enabled=False)
        if word == "on":
            return RuleSetting()
        if word in SEVERITY_WORDS:
            return RuleSetting(severity=SEVERITY_WORDS[word])
        raise MapFileError(
            name, f"expected off, on, error, warning or info, got {value!r}", where
        )
    if isinstance(value, dict):
        extra = sorted(set(value) - {"enabled", "severity"})
        if extra:
            raise MapFileError(
                name, "unknown key (expected enabled, severity)", f"{where}.{extra[0]}"
            )
        enabled = value.get("enabled", True)
        if not isinstance(enabled, bool):
            raise MapFileError(
                name, f"expected true or false, got {_kind(enabled)}", f"{where}.enabled"
            )
        severity = value.get("severity")
        if severity is not None and severity not in SEVERITY_WORDS:
            raise MapFileError(
                name, f"expected error, warning or info, got {severity!r}", f"{where}.severity"
            )
        return RuleSetting(
            enabled=enabled, severity=SEVERITY_WORDS[severity] if severity else None
        )
    raise MapFileError(name, f"expected a string or an object, got {_kind(value)}", where)


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return f"the number {value!r}"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    return "an object"


# ---------------------------------------------------------------------------- writing
def dump_rules_config(config: RulesConfig) -> bytes:
    """The rules file's bytes: rules sorted by id, 2-space indent, newline at the end."""
    rules: dict[str, Any] = {}
    for rule_id in sorted(config.rules):
        setting = config.rules[rule_id]
        if not setting.enabled and setting.severity is None:
            rules[rule_id] = "off"
        elif setting.enabled:
            rules[rule_id] = setting.severity or "on"
        else:
            rules[rule_id] = {"enabled": False, "severity": setting.severity}
    document = {"format": RULES_FORMAT, "version": RULES_VERSION, "rules": rules}
    return (json.dumps(document, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def save_rules_config(config: RulesConfig, path: str | os.PathLike[str]) -> None:
    """Write ``config`` atomically. Raises :class:`MapFileError` when it cannot."""
    from vsm_editor.model.fileio import write_atomic

    try:
        write_atomic(Path(path), dump_rules_config(config))
    except MapFileError:
        raise
    except OSError as err:
        raise MapFileError(str(path), err.strerror or str(err)) from None


def rules_config_from_map(anatomy: AnatomyMap) -> RulesConfig:
    """The map's own rule settings as a shared config (the dialog's "save as team file")."""
    return RulesConfig(
        rules={rule_id: s for rule_id, s in anatomy.analysis.rules.items() if rule_id in RULES}
    )
