"""The base of the inspector's pages: a form whose fields commit through ``Modeling``.

A page shows one thing (the stream, a stage, a handoff, a multi-selection). ``load`` fills
its fields from the document with their signals blocked, so filling never edits; each field
edit the user finishes is one call on :class:`~vsm_editor.commands.Modeling`, one undo step.
``focus_field`` puts the cursor in the field a finding's path names.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from vsm_editor.commands import CommandRefusedError, Modeling
from vsm_editor.model import Document


class EditContext(QObject):
    """What pages edit through; refusals become :attr:`refused` messages."""

    refused = Signal(str)

    def __init__(self, document: Document, modeling: Modeling) -> None:
        super().__init__()
        self.doc = document
        self.modeling = modeling

    def run(self, call: Callable[[], Any]) -> Any:
        """Run one edit; a refusal is reported and returns None."""
        try:
            return call()
        except CommandRefusedError as err:
            self.refused.emit(str(err.reason))
            return None

    def transaction(self, name: str):
        return self.modeling.transaction(name)


class Page(QWidget):
    """A scrollable form with named fields (for focusing by finding path)."""

    def __init__(self, ctx: EditContext, name: str) -> None:
        super().__init__()
        self.ctx = ctx
        self.setObjectName(name)
        self.fields: dict[str, QWidget] = {}
        self.column = QVBoxLayout(self)
        self.column.setContentsMargins(6, 6, 6, 6)
        self.title = QLabel()
        self.title.setObjectName(f"{name}_title")
        self.title.setStyleSheet("font-weight: bold; font-size: 13pt;")
        self.title.setWordWrap(True)
        self.column.addWidget(self.title)
        hint = QLabel("Lists: Enter adds a row, Delete removes it, Ctrl+↑/↓ moves it, "
                      "Space ticks. Fields commit on Enter or when you leave them.")
        hint.setObjectName(f"{name}_hint")
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #5f6672;")
        self.column.addWidget(hint)

    @property
    def doc(self) -> Document:
        return self.ctx.doc

    @property
    def modeling(self) -> Modeling:
        return self.ctx.modeling

    def section(self, title: str, name: str) -> QFormLayout:
        """A titled group with a form inside; returns the form."""
        box = QGroupBox(title)
        box.setObjectName(f"section_{name}")
        box.setMinimumWidth(0)
        form = QFormLayout(box)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.column.addWidget(box)
        return form

    def field(self, form: QFormLayout, key: str, label: str, widget: QWidget) -> QWidget:
        """Add ``widget`` under ``label`` and register it as field ``key``."""
        widget.setObjectName(f"field_{key}")
        widget.setAccessibleName(label.replace("&", ""))
        self.fields[key] = widget
        form.addRow(label, widget)
        return widget

    def focus_field(self, key: str) -> bool:
        """Put the cursor in field ``key``; False when the page has no such field."""
        widget = self.fields.get(key)
        if widget is None:
            return False
        target = getattr(widget, "number", None) if not isinstance(widget, QLineEdit) else None
        target = target if isinstance(target, QWidget) else widget
        target.setFocus()
        if isinstance(target, QLineEdit):
            target.selectAll()
        return True

    def load(self) -> None:  # pragma: no cover - every page overrides it
        raise NotImplementedError

    def focus_path(self, segments: list[tuple[str, str]], field: str) -> bool:
        """Focus the field for a finding path's ``kind:id`` segments and final field."""
        return self.focus_field(field)
