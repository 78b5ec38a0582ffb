"""The Anatomy dock: coverage and counts at the top, every finding by severity and layer,
the selected finding's explanation, stepping through an element's findings, suppressing
with a reason and re-grading or switching off its rule for this map."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDockWidget,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from vsm_editor.analysis import RULES, Report
from vsm_editor.analysis.coverage import LAYERS
from vsm_editor.model.findings import Finding
from vsm_editor.ui.findings_model import SEVERITY_GLYPHS, FindingsModel
from vsm_editor.ui.inspector_fields import Choice, Tick
from vsm_editor.ui.inspector_page import EditContext
from vsm_editor.ui.override_guard import guarded

SEVERITIES = [("error", "✖ error"), ("warning", "⚠ warning"), ("info", "ℹ info")]


def coverage_text(report: Report) -> str:
    """``P1 ■ 7/10   P2 □ 3/10 …`` (■ all stages linked, ◧ some, □ none)."""
    cov = report.coverage
    total = cov.total
    parts = []
    for layer in LAYERS:
        linked = cov.counts.get(layer, 0)
        glyph = "■" if total and linked == total else "◧" if linked else "□"
        parts.append(f"{layer} {glyph} {linked}/{total}")
    return "   ".join(parts)


def counts_text(report: Report) -> str:
    counts = report.counts()
    line = "   ".join(f"{SEVERITY_GLYPHS[s]} {counts[s]} {s}" for s in ("error", "warning", "info"))
    if report.suppressed:
        line += f"   ✓ {len(report.suppressed)} suppressed"
    return line


class FindingsView(QListView):
    """The findings list: Enter (or a click) on a finding goes to its element; on a group
    header, a click, Enter or Space opens or closes it, Left closes and Right opens it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("findings_list")
        self.setAccessibleName("Findings")
        self.setAccessibleDescription("Anatomy findings grouped by severity and layer")
        self.setUniformItemSizes(True)
        # lay out in batches between events: 20,000 rows never block the loop at once
        self.setLayoutMode(QListView.LayoutMode.Batched)
        self.setBatchSize(1000)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setWordWrap(False)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

    @guarded
    def keyPressEvent(self, event: QKeyEvent) -> None:
        model = self.model()
        index = self.currentIndex()
        node = model.node(index) if isinstance(model, FindingsModel) else None
        key = event.key()
        if node is not None and key in (Qt.Key.Key_Left, Qt.Key.Key_Right):
            model.set_expanded(node, key == Qt.Key.Key_Right)
            return
        if node is not None and key == Qt.Key.Key_Space:
            model.toggle(index)
            return
        super().keyPressEvent(event)


class AnatomyPanel(QWidget):
    """The panel inside the Anatomy dock."""

    #: a Finding whose element should be selected and whose field focused
    finding_activated = Signal(object)
    rule_settings_requested = Signal()

    def __init__(self, ctx: EditContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.report = Report()
        column = QVBoxLayout(self)
        column.setContentsMargins(6, 6, 6, 6)
        self.coverage_label = QLabel()
        self.coverage_label.setObjectName("coverage_summary")
        self.coverage_label.setAccessibleName("Stream coverage")
        self.coverage_label.setStyleSheet("font-weight: bold;")
        self.counts_label = QLabel()
        self.counts_label.setObjectName("finding_counts")
        column.addWidget(self.coverage_label)
        column.addWidget(self.counts_label)
        self.model = FindingsModel(self)
        self.view = FindingsView()
        self.view.setModel(self.model)
        details = QWidget()
        details_column = QVBoxLayout(details)
        details_column.setContentsMargins(0, 0, 0, 0)
        self._build_details(details_column)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self.view)
        splitter.addWidget(details)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        column.addWidget(splitter, 1)
        self.view.selectionModel().currentChanged.connect(lambda c, _p: self._show_details(c))
        self.view.clicked.connect(self.go_to)
        self.view.activated.connect(self.go_to)
        self._show_details(QModelIndex())

    def _build_details(self, column: QVBoxLayout) -> None:
        self.explanation = QLabel()
        self.explanation.setObjectName("finding_explanation")
        self.explanation.setWordWrap(True)
        self.explanation.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.explanation.setMinimumHeight(72)
        self.explanation.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        column.addWidget(self.explanation)
        steps = QHBoxLayout()
        self.prev_button = QPushButton("◀ Previous")
        self.next_button = QPushButton("Next ▶")
        self.step_label = QLabel()
        self.prev_button.setObjectName("finding_previous")
        self.next_button.setObjectName("finding_next")
        self.prev_button.clicked.connect(lambda: self.step(-1))
        self.next_button.clicked.connect(lambda: self.step(1))
        steps.addWidget(self.prev_button)
        steps.addWidget(self.step_label, 1)
        steps.addWidget(self.next_button)
        column.addLayout(steps)
        suppress = QHBoxLayout()
        self.reason = QLineEdit()
        self.reason.setObjectName("suppress_reason")
        self.reason.setAccessibleName("Reason for suppressing")
        self.reason.setPlaceholderText("Reason to accept this finding…")
        self.reason.returnPressed.connect(self.suppress_current)
        self.suppress_button = QPushButton("Suppress")
        self.suppress_button.setObjectName("suppress")
        self.suppress_button.clicked.connect(self.suppress_current)
        suppress.addWidget(self.reason, 1)
        suppress.addWidget(self.suppress_button)
        column.addLayout(suppress)
        rule = QHBoxLayout()
        self.rule_on = Tick("rule on for this map")
        self.rule_on.setObjectName("rule_enabled")
        self.rule_on.committed.connect(lambda _v: self._rule_changed())
        self.rule_severity = Choice(SEVERITIES)
        self.rule_severity.setObjectName("rule_severity")
        self.rule_severity.setAccessibleName("Rule severity for this map")
        self.rule_severity.committed.connect(lambda _v: self._rule_changed())
        settings = QPushButton("Rules…")
        settings.setObjectName("rule_settings")
        settings.clicked.connect(self.rule_settings_requested.emit)
        rule.addWidget(self.rule_on)
        rule.addWidget(self.rule_severity)
        rule.addStretch(1)
        rule.addWidget(settings)
        column.addLayout(rule)

    # ------------------------------------------------------------ reports
    def set_report(self, report: Report) -> None:
        """Show a new report; selection, expansion and scroll position stay."""
        self.report = report
        self.coverage_label.setText(f"Coverage  {coverage_text(report)}")
        self.coverage_label.setToolTip(
            f"{report.coverage.complete} of {report.coverage.total} stages have P1–P4 linked")
        self.counts_label.setText(counts_text(report))
        self.model.set_report(report)
        self._show_details(self.view.currentIndex())

    # ------------------------------------------------------------ the selected finding
    def current_finding(self) -> Finding | None:
        return self.model.finding(self.view.currentIndex())

    def _same_element(self, finding: Finding) -> list[Finding]:
        element = finding.element
        return [f for f in self.report.findings if f.element == element]

    def _show_details(self, index: QModelIndex) -> None:
        finding = self.model.finding(index)
        has = finding is not None
        for widget in (self.reason, self.suppress_button, self.rule_on, self.rule_severity):
            widget.setEnabled(has)
        if finding is None:
            self.explanation.setText("Select a finding to see why it matters and how to fix it.")
            self.step_label.setText("")
            self.prev_button.setEnabled(False)
            self.next_button.setEnabled(False)
            return
        info = RULES.get(finding.rule)
        reason = self.model.data(index, Qt.ItemDataRole.UserRole + 3)
        text = f"<b>{info.title if info else finding.rule}</b> ({finding.rule})<br>"
        text += info.explanation if info else ""
        if reason:
            text += f"<br><i>Suppressed: {reason}</i>"
        self.explanation.setText(text)
        self.suppress_button.setText("Show again" if reason else "Suppress")
        self.reason.setEnabled(not reason)
        siblings = self._same_element(finding)
        if finding in siblings:
            position = siblings.index(finding) + 1
            self.step_label.setText(f"{position} of {len(siblings)} on this element")
        else:
            self.step_label.setText("")
        self.prev_button.setEnabled(len(siblings) > 1)
        self.next_button.setEnabled(len(siblings) > 1)
        own = self.ctx.doc.map.analysis.rules.get(finding.rule)
        self.rule_on.show_value(own.enabled if own else True)
        self.rule_severity.show_value(finding.severity)

    def step(self, direction: int) -> Finding | None:
        """Go to the next (1) or previous (-1) finding on the same element."""
        finding = self.current_finding()
        if finding is None:
            return None
        siblings = self._same_element(finding)
        if finding not in siblings or len(siblings) < 2:
            return None
        target = siblings[(siblings.index(finding) + direction) % len(siblings)]
        self.select_key(target.key)
        self.go_to(self.view.currentIndex())
        return target

    def select_key(self, key: str) -> bool:
        index = self.model.index_of_key(key)
        if not index.isValid():
            return False
        self.view.setCurrentIndex(index)
        self.view.scrollTo(index)
        return True

    def go_to(self, index: QModelIndex) -> None:
        """Ask the window to select the finding's element and focus its field (on a group
        header: open or close the group)."""
        if self.model.toggle(index):
            return
        finding = self.model.finding(index)
        if finding is not None:
            self.finding_activated.emit(finding)

    # ------------------------------------------------------------ suppress and rules
    def suppress_current(self) -> None:
        """Suppress the selected finding with the typed reason (or show a suppressed one
        again)."""
        index = self.view.currentIndex()
        finding = self.model.finding(index)
        if finding is None:
            return
        reason = self.model.data(index, Qt.ItemDataRole.UserRole + 3)
        modeling = self.ctx.modeling
        if reason:
            self.ctx.run(lambda: modeling.unsuppress(finding.key))
            return
        text = self.reason.text().strip()
        if not text:
            self.ctx.refused.emit("Write why this finding is accepted before suppressing it.")
            self.reason.setFocus()
            return
        self.ctx.run(lambda: modeling.suppress(finding.key, text))
        if any(s.key == finding.key for s in self.ctx.doc.map.analysis.suppressions):
            self.reason.clear()

    def _rule_changed(self) -> None:
        finding = self.current_finding()
        if finding is None:
            return
        info = RULES[finding.rule]
        severity = self.rule_severity.value()
        enabled = self.rule_on.isChecked()
        graded = None if severity == info.severity else severity
        self.ctx.run(lambda: self.ctx.modeling.set_rule_setting(finding.rule, enabled, graded))


class AnatomyDock(QDockWidget):
    """The Anatomy panel as a dock."""

    def __init__(self, ctx: EditContext, parent: QWidget | None = None) -> None:
        super().__init__("Anatomy", parent)
        self.setObjectName("dock_anatomy")
        self.setAccessibleName("Anatomy")
        self.panel = AnatomyPanel(ctx)
        self.setWidget(self.panel)
