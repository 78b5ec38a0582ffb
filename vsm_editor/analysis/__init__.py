"""Headless analysis of a map: the flow graph, checks returning findings, coverage and
flow metrics. Never imports Qt.

``analyze(anatomy, config=None)`` gives a :class:`Report` (findings after the rule
settings and suppressions, suppressed findings, stale suppressions, coverage);
:class:`Analyzer` keeps one up to date while a :class:`~vsm_editor.model.Document` is
edited; :data:`RULES` describes every rule (id, severity, layer, title, explanation).
"""

from vsm_editor.analysis.analyzer import Analyzer, analyze
from vsm_editor.analysis.coverage import Coverage, StageCoverage, compute_coverage
from vsm_editor.analysis.report import Report, SuppressedFinding
from vsm_editor.analysis.rules import RULES, RuleInfo, rule_info
from vsm_editor.analysis.settings import RulesConfig, load_rules_config, save_rules_config

__all__ = [
    "RULES",
    "Analyzer",
    "Coverage",
    "Report",
    "RuleInfo",
    "RulesConfig",
    "StageCoverage",
    "SuppressedFinding",
    "analyze",
    "compute_coverage",
    "load_rules_config",
    "rule_info",
    "save_rules_config",
]
