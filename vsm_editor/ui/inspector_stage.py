"""The inspector page of one stage: its fields, P1–P4, control points, flow numbers, ideas.

Lists follow one keyboard pattern (:class:`RowList`): Enter adds a row, Delete removes the
current one, Ctrl+↑/↓ moves it; the fields under a list edit its current row.
"""

from __future__ import annotations

from typing import get_args

from PySide6.QtWidgets import QLabel

from vsm_editor.model.entities import (
    ComponentKind,
    ControlPointKind,
    Duration,
    ImprovementKind,
    LogicKind,
    Percent,
)
from vsm_editor.ui.idea_links import IdeaLinks, LinkLabel, realized_text, realizes_text
from vsm_editor.ui.inspector_fields import (
    MIXED,
    Choice,
    CommitLine,
    CommitText,
    MeasureEditor,
    RowList,
    Tick,
    TickList,
)
from vsm_editor.ui.inspector_page import EditContext, Page

NONE = ""


def words(value: str) -> str:
    """``before_commit`` → ``before commit``."""
    return value.replace("_", " ")


def kinds(literal) -> list[tuple[str, str]]:
    return [(k, words(k)) for k in get_args(literal)]


def point_label(point) -> str:
    """``before commit: Booking`` for a control point."""
    return f"{words(point.kind)}: {point.subject}" if point.subject else words(point.kind)


class StagePage(Page):
    """Everything recorded about one stage."""

    def __init__(self, ctx: EditContext) -> None:
        super().__init__(ctx, "page_stage")
        self.stage_id: str | None = None
        self.idea_links: IdeaLinks | None = None  # set by the window (cross-window links)
        self._catalogue_key: tuple | None = None
        self._build_basics()
        self._build_p1()
        self._build_p2()
        self._build_p3()
        self._build_points()
        self._build_p4()
        self._build_flow()
        self._build_ideas()
        self.column.addStretch(1)

    # ------------------------------------------------------------ building
    def _build_basics(self) -> None:
        form = self.section("Stage", "stage")
        name = self.field(form, "name", "&Name", CommitLine())
        name.committed.connect(lambda t: self._run(lambda s: self.modeling.rename(s, t)))
        lane = self.field(form, "lane", "&Lane", Choice())
        lane.committed.connect(lambda v: self._set("lane", v or None))
        owner = self.field(form, "owner", "&Owner", CommitLine("who answers for this stage"))
        owner.committed.connect(lambda t: self._set("owner", t.strip()))
        text = self.field(form, "description", "Description", CommitText())
        text.committed.connect(lambda t: self._set("description", t))

    def _build_p1(self) -> None:
        form = self.section("P1 Outcomes served", "p1")
        ticks = self.field(form, "outcomes", "&Serves", TickList("stage_outcomes"))
        ticks.toggled.connect(self._tick_outcome)
        new = self.field(form, "outcome.new", "New outcome", CommitLine("type it, Enter"))
        new.committed.connect(self._new_outcome)

    def _build_p2(self) -> None:
        form = self.section("P2 Decisions", "p2")
        rows = self.field(form, "decisions", "&Decisions", RowList("decisions"))
        self._wire_rows(rows, self.add_decision)
        rows.currentRowChanged.connect(lambda _r: self._load_decision())
        text = self.field(form, "decision.text", "Decision", CommitLine())
        text.committed.connect(lambda t: self._on_row(rows, lambda i: self.modeling.rename(i, t)))

    def _build_p3(self) -> None:
        form = self.section("P3 Logic applied here", "p3")
        rows = self.field(form, "logic", "Lo&gic", RowList("logic"))
        rows.add_requested.connect(self.add_logic)
        rows.remove_requested.connect(
            lambda i: self._run(lambda s: self.modeling.unapply_logic(i, s)))
        rows.move_requested.connect(lambda i, n: self.ctx.run(lambda: self.modeling.reorder(i, n)))
        rows.currentRowChanged.connect(lambda _r: self._load_logic())
        kind = self.field(form, "logic.kind", "Kind", Choice(kinds(LogicKind)))
        kind.committed.connect(lambda v: self._logic("kind", v))
        statement = self.field(form, "logic.statement", "Statement", CommitLine())
        statement.committed.connect(
            lambda t: self._on_row(rows, lambda i: self.modeling.rename(i, t)))
        point = self.field(form, "logic.control_point", "Control point", Choice())
        point.committed.connect(lambda v: self._logic("control_point", v or None))
        owner = self.field(form, "logic.owner", "Owner", CommitLine("who decides on it"))
        owner.committed.connect(lambda t: self._logic("owner", t.strip()))
        decision = self.field(form, "logic.decision", "Implements", Choice())
        decision.committed.connect(lambda v: self._logic("decision", v or None))
        pick = self.field(form, "logic.pick", "Apply from catalogue", Choice())
        pick.committed.connect(self._apply_logic)
        self.logic_rows = rows

    def _build_points(self) -> None:
        form = self.section("Control points here", "control_points")
        rows = self.field(form, "control_points", "&Points", RowList("control_points"))
        rows.add_requested.connect(self.add_control_point)
        rows.remove_requested.connect(self._detach_point)
        rows.currentRowChanged.connect(lambda _r: self._load_point())
        kind = self.field(form, "control_point.kind", "Kind", Choice(kinds(ControlPointKind)))
        kind.committed.connect(lambda v: self._point("kind", v))
        subject = self.field(form, "control_point.subject", "Subject", CommitLine())
        subject.committed.connect(lambda t: self._point("subject", t))
        component = self.field(form, "control_point.component", "Lives in", Choice())
        component.committed.connect(lambda v: self._point("component", v or None))
        checks = QLabel()
        checks.setObjectName("control_point_checks")
        checks.setWordWrap(True)
        form.addRow("Checks", checks)
        self.point_checks = checks
        self.point_rows = rows

    def _build_p4(self) -> None:
        form = self.section("P4 Components", "p4")
        rows = self.field(form, "components", "&Components", RowList("components"))
        rows.add_requested.connect(self.add_component)
        rows.remove_requested.connect(self._detach_component)
        rows.currentRowChanged.connect(lambda _r: self._load_component())
        kind = self.field(form, "component.kind", "Kind", Choice(kinds(ComponentKind)))
        kind.committed.connect(lambda v: self._component("kind", v))
        name = self.field(form, "component.name", "Name", CommitLine())
        name.committed.connect(lambda t: self._on_row(rows, lambda i: self.modeling.rename(i, t)))
        spec = self.field(form, "component.spec", "Spec", CommitLine())
        spec.committed.connect(lambda t: self._component("spec", t))
        realizes = self.field(form, "component.realizes", "Realizes", TickList("realizes"))
        realizes.toggled.connect(self._tick_realizes)
        pick = self.field(form, "component.pick", "Reuse from catalogue", Choice())
        pick.committed.connect(self._reuse_component)
        self.component_rows = rows

    def _build_flow(self) -> None:
        form = self.section("Flow", "flow")
        pt = self.field(form, "process_time", "&Process time", MeasureEditor(Duration))
        pt.committed.connect(lambda v: self._set("process_time", v))
        pca = self.field(form, "pca", "%C&&A", MeasureEditor(Percent))
        pca.committed.connect(lambda v: self._set("pca", v))
        split = self.field(form, "split", "Split",
                           Choice([("alternatives", "alternatives (one path)"),
                                   ("parallel", "parallel (all paths)")]))
        split.committed.connect(lambda v: self._set("split", v))
        start = self.field(form, "start", "Start", Tick("stream starts here"))
        start.committed.connect(lambda v: self._set("start", v))
        end = self.field(form, "end", "End", Tick("stream ends here"))
        end.committed.connect(lambda v: self._set("end", v))

    def _build_ideas(self) -> None:
        form = self.section("Ideas and notes", "ideas")
        rows = self.field(form, "improvements", "&Ideas", RowList("improvements"))
        self._wire_rows(rows, self.add_improvement)
        rows.currentRowChanged.connect(lambda _r: self._load_idea())
        text = self.field(form, "improvement.text", "Idea", CommitLine())
        text.committed.connect(lambda t: self._on_row(rows, lambda i: self.modeling.rename(i, t)))
        kind = self.field(form, "improvement.kind", "Kind", Choice(kinds(ImprovementKind)))
        kind.committed.connect(
            lambda v: self._on_row(rows, lambda i: self.modeling.set_property(i, "kind", v)))
        self.field(form, "improvement.realized", "Realized in", LinkLabel("realized_in"))
        self.field(form, "realizes", "Realizes", LinkLabel("realizes"))
        notes = self.field(form, "notes", "Notes", CommitText())
        notes.committed.connect(lambda t: self._set("notes", t))

    def _wire_rows(self, rows: RowList, add) -> None:
        rows.add_requested.connect(add)
        rows.remove_requested.connect(
            lambda i: self.ctx.run(lambda: self.modeling.remove_elements([i])))
        rows.move_requested.connect(lambda i, n: self.ctx.run(lambda: self.modeling.reorder(i, n)))

    # ------------------------------------------------------------ edits
    def _run(self, call):
        if self.stage_id is None:
            return None
        stage_id = self.stage_id
        return self.ctx.run(lambda: call(stage_id))

    def _set(self, field: str, value) -> None:
        self._run(lambda s: self.modeling.set_property(s, field, value))

    def _on_row(self, rows: RowList, call) -> None:
        element_id = rows.current_id()
        if element_id is not None:
            self.ctx.run(lambda: call(element_id))

    def _logic(self, field: str, value) -> None:
        self._on_row(self.logic_rows, lambda i: self.modeling.set_property(i, field, value))

    def _point(self, field: str, value) -> None:
        self._on_row(self.point_rows, lambda i: self.modeling.set_property(i, field, value))

    def _component(self, field: str, value) -> None:
        self._on_row(self.component_rows, lambda i: self.modeling.set_property(i, field, value))

    def _tick_outcome(self, outcome_id: str, checked: bool) -> None:
        if checked:
            self._run(lambda s: self.modeling.link_outcome(s, outcome_id))
        else:
            self._run(lambda s: self.modeling.unlink_outcome(s, outcome_id))

    def _new_outcome(self, statement: str) -> None:
        """Create a stream outcome in place and tick it for this stage (one step)."""
        if not statement.strip() or self.stage_id is None:
            return
        stage_id = self.stage_id

        def create() -> None:
            with self.ctx.transaction("Add outcome here"):
                outcome = self.modeling.add_outcome(statement.strip())
                self.modeling.link_outcome(stage_id, outcome)

        self.ctx.run(create)
        self.fields["outcome.new"].clear()

    def add_decision(self) -> str | None:
        row = self.fields["decisions"].currentRow()
        new = self._run(lambda s: self.modeling.add_decision(
            s, "New decision", row + 1 if row >= 0 else None))
        self._select_new("decisions", new, "decision.text")
        return new

    def add_logic(self) -> str | None:
        new = self._run(lambda s: self.modeling.add_logic("rule", "New rule", [s]))
        self._select_new("logic", new, "logic.statement")
        return new

    def _apply_logic(self, logic_id) -> None:
        if logic_id:
            self._run(lambda s: self.modeling.apply_logic(logic_id, s))
            self.load()
            self.logic_rows.select_id(logic_id)

    def add_control_point(self) -> str | None:
        """A new control point, at once the checkpoint of the current logic item."""
        logic_id = self.logic_rows.current_id()
        if logic_id is None:
            self.ctx.refused.emit("Add or pick a logic item first: a control point checks one.")
            return None

        def create() -> str:
            with self.ctx.transaction("Add control point"):
                point = self.modeling.add_control_point("form", "")
                self.modeling.set_property(logic_id, "control_point", point)
            return point

        new = self.ctx.run(create)
        self._select_new("control_points", new, "control_point.kind")
        return new

    def _detach_point(self, point_id: str) -> None:
        """Stop checking this stage's logic at the point (the point stays in the catalogue)."""
        logic = [item.id for item in self._logic_here() if item.control_point == point_id]
        if logic:
            self.ctx.run(lambda: self.modeling.set_property(logic, "control_point", None))

    def add_component(self) -> str | None:
        """A new component realizing the current logic item."""
        logic_id = self.logic_rows.current_id()
        realizes = [logic_id] if logic_id else []
        new = self.ctx.run(lambda: self.modeling.add_component("api", "New component", realizes))
        self._select_new("components", new, "component.name")
        return new

    def _reuse_component(self, component_id) -> None:
        logic_id = self.logic_rows.current_id()
        if not component_id:
            return
        if logic_id is None:
            self.ctx.refused.emit("Pick the logic item the component realizes first.")
            return
        self.ctx.run(lambda: self.modeling.realize(component_id, logic_id))
        self.load()
        self.component_rows.select_id(component_id)

    def _detach_component(self, component_id: str) -> None:
        here = {item.id for item in self._logic_here()}
        component = self.doc.find(component_id)
        if component is None:
            return
        keep = [logic for logic in component.realizes if logic not in here]
        self.ctx.run(lambda: self.modeling.set_property(component_id, "realizes", keep))

    def _tick_realizes(self, logic_id: str, checked: bool) -> None:
        component_id = self.component_rows.current_id()
        if component_id is None:
            return
        if checked:
            self.ctx.run(lambda: self.modeling.realize(component_id, logic_id))
        else:
            self.ctx.run(lambda: self.modeling.unrealize(component_id, logic_id))

    def add_improvement(self) -> str | None:
        new = self._run(lambda s: self.modeling.add_improvement(s, "New idea"))
        self._select_new("improvements", new, "improvement.text")
        return new

    def _select_new(self, rows_key: str, new: str | None, field: str) -> None:
        if new:
            self.load()
            self.fields[rows_key].select_id(new)
            self.focus_field(field)

    # ------------------------------------------------------------ reading the map
    def _logic_here(self) -> list:
        stage_id = self.stage_id
        return [item for item in self.doc.map.catalogue.logic if stage_id in item.stages]

    def _components_here(self, logic_ids: set[str]) -> list:
        return [c for c in self.doc.map.catalogue.components
                if any(logic in logic_ids for logic in c.realizes)]

    def _points_here(self, logic: list) -> list:
        wanted = []
        for item in logic:
            if item.control_point and item.control_point not in wanted:
                wanted.append(item.control_point)
        return [self.doc.get(point) for point in wanted]

    # ------------------------------------------------------------ filling
    def show_stage(self, stage_id: str) -> None:
        self.stage_id = stage_id
        self.load()

    def load(self) -> None:
        stage = self.doc.find(self.stage_id) if self.stage_id else None
        if stage is None:
            return
        anatomy = self.doc.map
        self.title.setText(f"Stage: {stage.name}")
        f = self.fields
        f["name"].show_value(stage.name)
        f["lane"].set_options([(NONE, "(no lane)")] + [(ln.id, ln.name) for ln in anatomy.lanes])
        f["lane"].show_value(stage.lane or NONE)
        f["owner"].show_value(stage.owner)
        f["description"].show_value(stage.description)
        f["outcomes"].set_rows([(o.id, o.statement, o.id in stage.outcomes)
                                for o in anatomy.outcomes])
        f["decisions"].set_rows([(d.id, d.text) for d in stage.decisions])
        self._load_decision()
        logic = self._logic_here()
        f["logic"].set_rows([(i.id, f"{words(i.kind)}: {i.statement}") for i in logic])
        self._load_catalogue_choices()
        f["logic.decision"].set_options([(NONE, "(no decision)")] +
                                        [(d.id, d.text) for d in stage.decisions])
        self._load_logic()
        points = self._points_here(logic)
        f["control_points"].set_rows([(p.id, point_label(p)) for p in points])
        self._load_point()
        components = self._components_here({i.id for i in logic})
        f["components"].set_rows([(c.id, f"{words(c.kind)}: {c.name}") for c in components])
        self._load_component()
        f["process_time"].show_measure(stage.process_time)
        f["pca"].show_measure(stage.pca)
        f["split"].show_value(stage.split)
        f["start"].show_value(stage.start)
        f["end"].show_value(stage.end)
        f["improvements"].set_rows([(i.id, i.text) for i in stage.improvements])
        self._load_idea()
        f["notes"].show_value(stage.notes)

    def _load_catalogue_choices(self) -> None:
        """Pick lists over the whole catalogue; rebuilt only when the document changed."""
        if self._catalogue_key == self.stage_id:
            return
        self._catalogue_key = self.stage_id
        catalogue = self.doc.map.catalogue
        f = self.fields
        f["logic.control_point"].set_options(
            [(NONE, "(none — say where it is checked)")]
            + [(p.id, point_label(p)) for p in catalogue.control_points])
        here = {i.id for i in self._logic_here()}
        f["logic.pick"].set_options(
            [(NONE, "(pick a shared logic item…)")]
            + [(i.id, f"{words(i.kind)}: {i.statement}") for i in catalogue.logic
               if i.id not in here])
        f["logic.pick"].show_value(NONE)
        components = [(c.id, f"{words(c.kind)}: {c.name}") for c in catalogue.components]
        f["control_point.component"].set_options([(NONE, "(no component)")] + components)
        f["component.pick"].set_options([(NONE, "(pick a shared component…)")] + components)
        f["component.pick"].show_value(NONE)

    def catalogue_changed(self) -> None:
        """The catalogue changed: rebuild the pick lists at the next load."""
        self._catalogue_key = None

    def _current(self, key: str):
        element_id = self.fields[key].current_id()
        return self.doc.find(element_id) if element_id else None

    def _enable(self, keys: tuple[str, ...], on: bool) -> None:
        for key in keys:
            self.fields[key].setEnabled(on)

    def _load_decision(self) -> None:
        decision = self._current("decisions")
        self._enable(("decision.text",), decision is not None)
        self.fields["decision.text"].show_value(decision.text if decision else "")

    def _load_logic(self) -> None:
        item = self._current("logic")
        keys = ("logic.kind", "logic.statement", "logic.control_point", "logic.owner",
                "logic.decision")
        self._enable(keys, item is not None)
        f = self.fields
        f["logic.kind"].show_value(item.kind if item else "rule")
        f["logic.statement"].show_value(item.statement if item else "")
        f["logic.control_point"].show_value((item.control_point or NONE) if item else NONE)
        f["logic.owner"].show_value(item.owner if item else "")
        f["logic.decision"].show_value((item.decision or NONE) if item else NONE)

    def _load_point(self) -> None:
        point = self._current("control_points")
        self._enable(("control_point.kind", "control_point.subject", "control_point.component"),
                     point is not None)
        f = self.fields
        f["control_point.kind"].show_value(point.kind if point else "form")
        f["control_point.subject"].show_value(point.subject if point else "")
        f["control_point.component"].show_value((point.component or NONE) if point else NONE)
        checks = [i.statement for i in self._logic_here()
                  if point is not None and i.control_point == point.id]
        self.point_checks.setText("\n".join(f"✓ {c}" for c in checks) or "—")

    def _load_component(self) -> None:
        component = self._current("components")
        self._enable(("component.kind", "component.name", "component.spec",
                      "component.realizes"), component is not None)
        f = self.fields
        f["component.kind"].show_value(component.kind if component else "api")
        f["component.name"].show_value(component.name if component else "")
        f["component.spec"].show_value(component.spec if component else "")
        realized = set(component.realizes) if component else set()
        f["component.realizes"].set_rows([(i.id, i.statement, i.id in realized)
                                          for i in self._logic_here()])

    def _load_idea(self) -> None:
        idea = self._current("improvements")
        self._enable(("improvement.text", "improvement.kind"), idea is not None)
        self.fields["improvement.text"].show_value(idea.text if idea else "")
        self.fields["improvement.kind"].show_value(idea.kind if idea else "idea")
        self.load_links()

    def load_links(self) -> None:
        """Where the selected idea is realized in open future states, and which ideas of
        the current state this stage realizes (see :mod:`vsm_editor.ui.idea_links`)."""
        realized, realizes = self.fields["improvement.realized"], self.fields["realizes"]
        idea = self._current("improvements")
        links = self.idea_links
        if links is None or self.stage_id is None or self.stage_id not in self.doc:
            realized.show_parts([], {})
            realizes.show_parts([], {})
            return
        if idea is not None and idea.kind == "idea":
            realized.show_parts(*realized_text(links, self.stage_id, idea.id))
        else:
            realized.show_parts([], {})
        realizes.show_parts(*realizes_text(links, self.stage_id))

    # ------------------------------------------------------------ focusing by path
    def focus_path(self, segments: list[tuple[str, str]], field: str) -> bool:
        rows = {"logic": "logic", "component": "components", "control_point": "control_points",
                "decision": "decisions", "improvement": "improvements"}
        for kind, element_id in reversed(segments):
            if kind == "logic" and field == "realized_by":
                self.logic_rows.select_id(element_id)
                return self.focus_field("components")
            if kind in rows:
                self.fields[rows[kind]].select_id(element_id)
                prefix = {"components": "component", "control_points": "control_point",
                          "decisions": "decision", "improvements": "improvement"}.get(
                    rows[kind], kind)
                return self.focus_field(f"{prefix}.{field}") or self.focus_field(rows[kind])
        if field == "handoffs":
            return self.focus_field("split")
        return self.focus_field(field)


__all__ = ["MIXED", "StagePage"]
