"""The Inspector dock: the stream, a stage, a handoff or several stages, edited in place.

It follows the canvas selection (:meth:`InspectorDock.show_selection`) and the document's
change sets; refreshing never edits (fields fill with their signals blocked, and a guard
stops any re-entry), and every finished field edit is one undo step through ``Modeling``.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QDockWidget, QLabel, QScrollArea, QStackedWidget, QVBoxLayout, QWidget

from vsm_editor.commands import Modeling
from vsm_editor.model import ChangeSet, Document
from vsm_editor.ui.inspector_handoff import HandoffPage, MultiStagePage
from vsm_editor.ui.inspector_page import EditContext, Page
from vsm_editor.ui.inspector_stage import StagePage
from vsm_editor.ui.inspector_stream import StreamPage

CATALOGUE_KINDS = {"logic", "component", "control_point"}


def parse_path(path: str) -> tuple[list[tuple[str, str]], str]:
    """``stage:a/logic:b/control_point`` → ``([("stage","a"), ("logic","b")], "control_point")``."""
    segments: list[tuple[str, str]] = []
    field = ""
    for part in path.split("/"):
        if ":" in part:
            kind, _sep, element_id = part.partition(":")
            segments.append((kind, element_id))
        else:
            field = part
    return segments, field


class InspectorDock(QDockWidget):
    """The inspector as a dock widget."""

    def __init__(self, document: Document, modeling: Modeling, parent: QWidget | None = None,
                 ctx: EditContext | None = None) -> None:
        super().__init__("Inspector", parent)
        self.setObjectName("dock_inspector")
        self.setAccessibleName("Inspector")
        self.document = document
        self.ctx = ctx if ctx is not None else EditContext(document, modeling)
        self.stream_page = StreamPage(self.ctx)
        self.stage_page = StagePage(self.ctx)
        self.handoff_page = HandoffPage(self.ctx)
        self.multi_page = MultiStagePage(self.ctx)
        self.stack = QStackedWidget()
        for page in (self.stream_page, self.stage_page, self.handoff_page, self.multi_page):
            self.stack.addWidget(page)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(self.stack)
        self.scroll = scroll
        self.message = QLabel()
        self.message.setObjectName("inspector_message")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b71c1c;")
        self.message.hide()
        body = QWidget()
        column = QVBoxLayout(body)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.message)
        column.addWidget(scroll, 1)
        self.setWidget(body)
        self._message_timer = QTimer(self, singleShot=True, interval=5000)
        self._message_timer.timeout.connect(self.message.hide)
        self.ctx.refused.connect(self._refused)
        self._loading = False
        self.selection: list[str] = []
        self._unsubscribe = document.subscribe(self._document_changed)
        self.show_selection([])

    def detach(self) -> None:
        """Stop following the document."""
        self._unsubscribe()

    # ------------------------------------------------------------ what is shown
    @property
    def page(self) -> Page:
        return self.stack.currentWidget()  # type: ignore[return-value]

    def show_selection(self, ids: list[str]) -> None:
        """Show what ``ids`` (the canvas selection) calls for."""
        doc = self.document
        ids = [i for i in ids if i in doc]
        self.selection = ids
        stages = [i for i in ids if doc.kind_of(i) == "stage"]
        handoffs = [i for i in ids if doc.kind_of(i) == "handoff"]
        self._loading = True
        try:
            if len(stages) > 1:
                self.multi_page.show_stages(stages)
                self.stack.setCurrentWidget(self.multi_page)
            elif stages:
                self.stage_page.show_stage(stages[0])
                self.stack.setCurrentWidget(self.stage_page)
            elif handoffs:
                self.handoff_page.show_handoff(handoffs[0])
                self.stack.setCurrentWidget(self.handoff_page)
            else:
                self.stream_page.load()
                self.stack.setCurrentWidget(self.stream_page)
        finally:
            self._loading = False

    def _document_changed(self, changes: ChangeSet) -> None:
        if self._loading:
            return
        if any(c.kind in CATALOGUE_KINDS for c in changes.changes):
            self.stage_page.catalogue_changed()
        removed = changes.ids(op="removed")
        if removed & set(self.selection):
            self.show_selection([i for i in self.selection if i not in removed])
            return
        self._loading = True
        try:
            self.page.load()
        finally:
            self._loading = False

    def _refused(self, text: str) -> None:
        self.message.setText(text[:1].upper() + text[1:])
        self.message.show()
        self._message_timer.start()
        self.page.load()  # put the refused value back

    # ------------------------------------------------------------ focus by finding path
    def focus_path(self, path: str) -> bool:
        """Put the cursor in the field ``path`` names (on the page already shown)."""
        segments, field = parse_path(path)
        self.raise_()
        self.show()
        found = self.page.focus_path(segments, field)
        focused = self.focusWidget() or self.window().focusWidget()
        if focused is not None and self.stack.isAncestorOf(focused):
            self.scroll.ensureWidgetVisible(focused, 20, 40)
        return found

    def field(self, key: str) -> QWidget | None:
        """The current page's field ``key`` (tests, focus)."""
        return self.page.fields.get(key)


__all__ = ["InspectorDock", "parse_path"]
