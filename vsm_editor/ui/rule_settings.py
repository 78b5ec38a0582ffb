"""The rule settings dialog: switch rules off or re-grade them for this map, and load or
save a shared rules file (the file ``vsm-editor check --config`` reads).

Loading a file fills the table (nothing changes until OK); OK applies every changed rule
as one undo step; saving writes the table as a shared rules file.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from vsm_editor.analysis import RULES, RulesConfig, load_rules_config, save_rules_config
from vsm_editor.model import MapFileError
from vsm_editor.model.entities import RuleSetting
from vsm_editor.ui.inspector_page import EditContext

SEVERITIES = ("error", "warning", "info")
GLYPHS = {"error": "✖", "warning": "⚠", "info": "ℹ"}


class RuleSettingsDialog(QDialog):
    """Every rule with an on/off box and a severity for this map."""

    def __init__(self, ctx: EditContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("Rule settings for this map")
        self.setObjectName("rule_settings_dialog")
        self.resize(760, 560)
        self.table = QTableWidget(len(RULES), 4)
        self.table.setObjectName("rules_table")
        self.table.setAccessibleName("Rules")
        self.table.setHorizontalHeaderLabels(["On", "Rule", "Layer", "Severity"])
        self.table.setColumnWidth(0, 44)
        self.table.setColumnWidth(1, 470)
        self.table.setColumnWidth(2, 70)
        self.rule_ids = list(RULES)
        self._severity_boxes: list[QComboBox] = []
        for row, rule_id in enumerate(self.rule_ids):
            info = RULES[rule_id]
            tick = QTableWidgetItem()
            tick.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled)
            self.table.setItem(row, 0, tick)
            title = QTableWidgetItem(f"{info.title}  ({rule_id})")
            title.setToolTip(info.explanation)
            title.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
            self.table.setItem(row, 1, title)
            layer = QTableWidgetItem(info.layer)
            layer.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.table.setItem(row, 2, layer)
            box = QComboBox()
            box.setAccessibleName(f"Severity of {info.title}")
            for severity in SEVERITIES:
                default = " (default)" if severity == info.severity else ""
                box.addItem(f"{GLYPHS[severity]} {severity}{default}", severity)
            self.table.setCellWidget(row, 3, box)
            self._severity_boxes.append(box)
        self.message = QLabel()
        self.message.setWordWrap(True)
        load = QPushButton("Load rules file…")
        load.clicked.connect(self._choose_load)
        save = QPushButton("Save as rules file…")
        save.clicked.connect(self._choose_save)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        files = QHBoxLayout()
        files.addWidget(load)
        files.addWidget(save)
        files.addStretch(1)
        column = QVBoxLayout(self)
        column.addWidget(self.table, 1)
        column.addWidget(self.message)
        column.addLayout(files)
        column.addWidget(buttons)
        self.show_settings(ctx.doc.map.analysis.rules)

    # ------------------------------------------------------------ the table
    def show_settings(self, rules: dict[str, RuleSetting]) -> None:
        for row, rule_id in enumerate(self.rule_ids):
            setting = rules.get(rule_id)
            enabled = True if setting is None else setting.enabled
            severity = (setting.severity if setting and setting.severity
                        else RULES[rule_id].severity)
            self.table.item(row, 0).setCheckState(
                Qt.CheckState.Checked if enabled else Qt.CheckState.Unchecked)
            box = self._severity_boxes[row]
            box.setCurrentIndex(box.findData(severity))

    def settings(self) -> dict[str, RuleSetting]:
        """The table as map rule settings (rules at their defaults are left out)."""
        result = {}
        for row, rule_id in enumerate(self.rule_ids):
            enabled = self.table.item(row, 0).checkState() == Qt.CheckState.Checked
            severity = self._severity_boxes[row].currentData()
            graded = None if severity == RULES[rule_id].severity else severity
            if not enabled or graded is not None:
                result[rule_id] = RuleSetting(enabled=enabled, severity=graded)
        return result

    def set_rule(self, rule_id: str, enabled: bool, severity: str | None = None) -> None:
        row = self.rule_ids.index(rule_id)
        self.table.item(row, 0).setCheckState(
            Qt.CheckState.Checked if enabled else Qt.CheckState.Unchecked)
        box = self._severity_boxes[row]
        box.setCurrentIndex(box.findData(severity or RULES[rule_id].severity))

    # ------------------------------------------------------------ files and applying
    def load_file(self, path: str) -> bool:
        try:
            config = load_rules_config(path)
        except MapFileError as err:
            self.message.setText(f"Could not load: {err}")
            return False
        merged = dict(self.settings())
        merged.update(config.rules)
        self.show_settings(merged)
        self.message.setText(f"Loaded {len(config.rules)} rule settings; OK applies them.")
        return True

    def save_file(self, path: str) -> bool:
        try:
            save_rules_config(RulesConfig(rules=self.settings()), path)
        except MapFileError as err:
            self.message.setText(f"Could not save: {err}")
            return False
        self.message.setText(f"Saved {path}")
        return True

    def apply(self) -> None:
        """Apply the table to the map: one undo step for every rule changed."""
        wanted = self.settings()
        current = self.ctx.doc.map.analysis.rules
        changed = [r for r in self.rule_ids if wanted.get(r) != current.get(r)]
        if not changed:
            return
        modeling = self.ctx.modeling

        def run() -> None:
            with self.ctx.transaction("Change rule settings"):
                for rule_id in changed:
                    setting = wanted.get(rule_id)
                    if setting is None:
                        modeling.set_rule_setting(rule_id)
                    else:
                        modeling.set_rule_setting(rule_id, setting.enabled, setting.severity)

        self.ctx.run(run)

    def accept(self) -> None:
        self.apply()
        super().accept()

    def _choose_load(self) -> None:
        path, _f = QFileDialog.getOpenFileName(self, "Load rules file", "", "Rules (*.json)")
        if path:
            self.load_file(path)

    def _choose_save(self) -> None:
        path, _f = QFileDialog.getSaveFileName(self, "Save rules file", "vsm-rules.json",
                                               "Rules (*.json)")
        if path:
            self.save_file(path)
