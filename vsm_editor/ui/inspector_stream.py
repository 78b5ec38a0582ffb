"""The inspector page shown when nothing is selected: the stream, its P1 outcomes and its
delivery metrics."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QWidget

from vsm_editor.model.entities import Duration, Frequency, Percent
from vsm_editor.ui.inspector_fields import (
    Choice,
    CommitLine,
    CommitText,
    MeasureEditor,
    NumberLine,
    RowList,
    parse_number,
)
from vsm_editor.ui.inspector_page import EditContext, Page

DIRECTIONS = [("decrease", "decrease ↓"), ("increase", "increase ↑"), ("maintain", "maintain →")]
PERIODS = [(p, f"per {p}") for p in ("day", "week", "month", "year")]
DELIVERY = (
    ("lead_time_for_changes", "Lead time for changes", Duration),
    ("change_failure_rate", "Change failure rate %", Percent),
    ("time_to_restore", "Time to restore", Duration),
    ("measured_lead_time", "Measured lead time", Duration),
)


class StreamPage(Page):
    """Stream properties, outcomes (add, edit, reorder, delete) and delivery metrics."""

    def __init__(self, ctx: EditContext) -> None:
        super().__init__(ctx, "page_stream")
        form = self.section("Stream", "stream")
        name = self.field(form, "name", "&Name", CommitLine())
        name.committed.connect(lambda t: self._stream(name=t))
        text = self.field(form, "description", "&Description", CommitText())
        text.committed.connect(lambda t: self._stream(description=t))
        hours = self.field(form, "working_day_hours", "&Working day (h)", NumberLine("8"))
        hours.number.connect(lambda v: v is not None and self._stream(working_day_hours=v))
        self._build_outcomes()
        self._build_delivery()
        self.column.addStretch(1)

    # ------------------------------------------------------------ building
    def _build_outcomes(self) -> None:
        form = self.section("P1 Outcomes", "outcomes")
        rows = self.field(form, "outcomes", "&Outcomes", RowList("outcomes"))
        rows.add_requested.connect(self.add_outcome)
        rows.remove_requested.connect(
            lambda i: self.ctx.run(lambda: self.modeling.remove_elements([i])))
        rows.move_requested.connect(lambda i, n: self.ctx.run(lambda: self.modeling.reorder(i, n)))
        rows.currentRowChanged.connect(lambda _r: self._load_outcome())
        self.outcome_rows = rows
        for key, label in (("statement", "Statement"), ("metric", "Metric"), ("unit", "Unit")):
            line = self.field(form, f"outcome.{key}", label, CommitLine())
            line.committed.connect(lambda t, k=key: self._outcome(k, t))
        for key, label in (("baseline", "Baseline"), ("target", "Target")):
            number = self.field(form, f"outcome.{key}", label, NumberLine("not given"))
            number.number.connect(lambda v, k=key: self._outcome(k, v))
        direction = self.field(form, "outcome.direction", "Direction", Choice(DIRECTIONS))
        direction.committed.connect(lambda v: self._outcome("direction", v))

    def _build_delivery(self) -> None:
        form = self.section("Delivery metrics", "delivery")
        for key, label, kind in DELIVERY:
            editor = self.field(form, f"delivery_metrics.{key}", label, MeasureEditor(kind))
            editor.committed.connect(lambda v, k=key: self._delivery(k, v))
        box = QWidget()
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        self.frequency = NumberLine("not given")
        self.period = Choice(PERIODS)
        row.addWidget(self.frequency)
        row.addWidget(self.period)
        self.fields["delivery_metrics.deployment_frequency"] = self.frequency
        form.addRow("Deployment frequency", box)
        self.frequency.setAccessibleName("Deployment frequency")
        self.frequency.number.connect(lambda _v: self._frequency())
        self.period.committed.connect(lambda _v: self._frequency())

    # ------------------------------------------------------------ edits
    def _stream(self, **fields) -> None:
        self.ctx.run(lambda: self.modeling.set_stream_properties(**fields))

    def _outcome(self, key: str, value) -> None:
        outcome_id = self.outcome_rows.current_id()
        if outcome_id is None:
            return
        if key == "statement":
            self.ctx.run(lambda: self.modeling.rename(outcome_id, value))
        else:
            self.ctx.run(lambda: self.modeling.set_property(outcome_id, key, value))

    def add_outcome(self) -> str | None:
        """Add an outcome after the current one and put the cursor in its statement."""
        row = self.outcome_rows.currentRow()
        index = row + 1 if row >= 0 else None
        new = self.ctx.run(lambda: self.modeling.add_outcome("New outcome", index))
        if new:
            self.load()
            self.outcome_rows.select_id(new)
            self.focus_field("outcome.statement")
        return new

    def _delivery(self, key: str, value) -> None:
        self.ctx.run(lambda: self.modeling.set_delivery_metrics(**{key: value}))

    def _frequency(self) -> None:
        try:
            count = parse_number(self.frequency.text())
        except ValueError:
            return
        value = None if count is None else Frequency(count=count, period=self.period.value())
        self._delivery("deployment_frequency", value)

    # ------------------------------------------------------------ filling
    def load(self) -> None:
        anatomy = self.doc.map
        stream = anatomy.stream
        self.title.setText(f"Stream: {stream.name}")
        self.fields["name"].show_value(stream.name)
        self.fields["description"].show_value(stream.description)
        self.fields["working_day_hours"].show_number(stream.working_day_hours)
        self.outcome_rows.set_rows([(o.id, _outcome_label(o)) for o in anatomy.outcomes])
        self._load_outcome()
        metrics = anatomy.delivery_metrics
        for key, _label, _kind in DELIVERY:
            self.fields[f"delivery_metrics.{key}"].show_measure(getattr(metrics, key))
        frequency = metrics.deployment_frequency
        self.frequency.show_number(None if frequency is None else frequency.count)
        self.period.show_value("week" if frequency is None else frequency.period)

    def _load_outcome(self) -> None:
        outcome_id = self.outcome_rows.current_id()
        outcome = self.doc.find(outcome_id) if outcome_id else None
        for key in ("statement", "metric", "unit", "baseline", "target", "direction"):
            widget = self.fields[f"outcome.{key}"]
            widget.setEnabled(outcome is not None)
            value = getattr(outcome, key) if outcome is not None else None
            if key in ("baseline", "target"):
                widget.show_number(value)
            elif key == "direction":
                widget.show_value(value or "decrease")
            else:
                widget.show_value(value or "")

    def focus_path(self, segments: list[tuple[str, str]], field: str) -> bool:
        for kind, element_id in segments:
            if kind == "outcome":
                self.outcome_rows.select_id(element_id)
                if self.focus_field(f"outcome.{field}"):
                    return True
                self.outcome_rows.setFocus()
                return True
            if kind == "stream" and field in ("delivery_metrics", "start", "end"):
                return self.focus_field("name")
        if self.focus_field(f"delivery_metrics.{field}"):
            return True
        return self.focus_field(field)


def _outcome_label(outcome) -> str:
    target = "" if outcome.target is None else f" → {outcome.target:g} {outcome.unit}".rstrip()
    return f"{outcome.statement}{target}"
