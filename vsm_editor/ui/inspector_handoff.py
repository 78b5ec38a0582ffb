"""Inspector pages for a handoff and for several stages at once."""

from __future__ import annotations

from vsm_editor.model.entities import Duration, Percent, Rate
from vsm_editor.ui.inspector_fields import MIXED, Choice, CommitLine, CommitText, MeasureEditor
from vsm_editor.ui.inspector_page import EditContext, Page

HANDOFF_KINDS = [("flow", "flow (carries the wait)"), ("information", "information"),
                 ("rework", "rework (goes back)")]


class HandoffPage(Page):
    """Kind, label, artifact, wait, share, rework rate and notes of one handoff."""

    def __init__(self, ctx: EditContext) -> None:
        super().__init__(ctx, "page_handoff")
        self.handoff_id: str | None = None
        form = self.section("Handoff", "handoff")
        kind = self.field(form, "kind", "&Kind", Choice(HANDOFF_KINDS))
        kind.committed.connect(lambda v: self._set("kind", v))
        label = self.field(form, "label", "&Label", CommitLine())
        label.committed.connect(lambda t: self._set("label", t))
        artifact = self.field(form, "artifact", "&Handed over", CommitLine("what is handed over"))
        artifact.committed.connect(lambda t: self._set("artifact", t))
        wait = self.field(form, "wait", "&Wait before target", MeasureEditor(Duration))
        wait.committed.connect(lambda v: self._set("wait", v))
        share = self.field(form, "share", "&Share % (alternatives)", MeasureEditor(Percent))
        share.committed.connect(lambda v: self._set("share", v))
        rate = self.field(form, "rework_rate", "&Rework rate (0–1)", MeasureEditor(Rate))
        rate.committed.connect(lambda v: self._set("rework_rate", v))
        notes = self.field(form, "notes", "Notes", CommitText())
        notes.committed.connect(lambda t: self._set("notes", t))
        self.column.addStretch(1)

    def _set(self, field: str, value) -> None:
        if self.handoff_id is not None:
            handoff_id = self.handoff_id
            self.ctx.run(lambda: self.modeling.set_property(handoff_id, field, value))

    def show_handoff(self, handoff_id: str) -> None:
        self.handoff_id = handoff_id
        self.load()

    def load(self) -> None:
        handoff = self.doc.find(self.handoff_id) if self.handoff_id else None
        if handoff is None:
            return
        source, target = self.doc.find(handoff.source), self.doc.find(handoff.target)
        self.title.setText(f"Handoff: {source.name} → {target.name}")
        f = self.fields
        f["kind"].show_value(handoff.kind)
        for key in ("label", "artifact"):
            f[key].show_value(getattr(handoff, key))
        for key in ("wait", "share", "rework_rate"):
            f[key].show_measure(getattr(handoff, key))
        f["notes"].show_value(handoff.notes)


class MultiStagePage(Page):
    """Fields several stages share (lane, owner): a mixed value shows as mixed, and only the
    field the user touches changes, on every selected stage, in one step."""

    def __init__(self, ctx: EditContext) -> None:
        super().__init__(ctx, "page_stages")
        self.stage_ids: list[str] = []
        form = self.section("Selected stages", "stages")
        lane = self.field(form, "lane", "&Lane", Choice())
        lane.committed.connect(lambda v: v != MIXED and self._set("lane", v or None))
        owner = self.field(form, "owner", "&Owner", CommitLine())
        owner.committed.connect(lambda t: self._set("owner", t.strip()))
        self.column.addStretch(1)

    def _set(self, field: str, value) -> None:
        ids = list(self.stage_ids)
        if ids:
            self.ctx.run(lambda: self.modeling.set_property(ids, field, value))

    def show_stages(self, stage_ids: list[str]) -> None:
        self.stage_ids = list(stage_ids)
        self.load()

    def load(self) -> None:
        stages = [s for s in (self.doc.find(i) for i in self.stage_ids) if s is not None]
        if not stages:
            return
        self.title.setText(f"{len(stages)} stages selected")
        lanes = {s.lane or "" for s in stages}
        owners = {s.owner for s in stages}
        lane = self.fields["lane"]
        lane.set_options([("", "(no lane)")] + [(ln.id, ln.name) for ln in self.doc.map.lanes])
        lane.show_value(lanes.pop() if len(lanes) == 1 else MIXED)
        owner = self.fields["owner"]
        if len(owners) == 1:
            owner.setPlaceholderText("")
            owner.show_value(owners.pop())
        else:
            owner.setPlaceholderText(MIXED)
            owner.show_value("")
