"""Help > About: the version, and the licences of the editor and of what it ships with.

Versions and licences are read from the installed packages' metadata at run time; a
package whose metadata does not say (or is absent, as in some bundles) shows the licence its
project publishes, marked as such.
"""

from __future__ import annotations

import platform
import sys
from dataclasses import dataclass
from importlib import metadata

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

MAX_LICENCE_FIELD = 80  # longer "License" fields hold the whole text, not its name


@dataclass(frozen=True)
class Part:
    """A component the editor ships with: its distribution name, role, published licence."""

    distribution: str
    role: str
    published_licence: str


PARTS = (
    Part("vsm-editor", "this editor", "MIT"),
    Part("PySide6-Essentials", "Qt for Python: the windows and drawing (Qt itself is LGPL-3.0)",
         "LGPL-3.0-only"),
    Part("shiboken6", "binding support for PySide6", "LGPL-3.0-only"),
    Part("networkx", "flow graph analysis", "BSD-3-Clause"),
    Part("lxml", "SVG and BPMN XML", "BSD-3-Clause"),
    Part("msgspec", "reading and writing map files", "BSD-3-Clause"),
    Part("uharfbuzz", "text shaping for the exports", "Apache-2.0"),
)
#: name, version (see LICENSE-DejaVu.txt), role, licence
FONT_ROW = ("DejaVu Sans", "2.37", "the shipped font",
            "Bitstream Vera and Arev font licences; DejaVu changes public domain")


@dataclass(frozen=True)
class LicenceRow:
    name: str
    version: str
    role: str
    licence: str
    from_metadata: bool


def licence_of(meta: metadata.PackageMetadata) -> str | None:
    """The licence a package's metadata declares: ``License-Expression``, a short
    ``License`` field, or its licence classifiers."""
    expression = meta.get("License-Expression")
    if expression:
        return expression.strip()
    field = (meta.get("License") or "").strip()
    if field and "\n" not in field and len(field) <= MAX_LICENCE_FIELD:
        return field
    classifiers = [c.rsplit("::", 1)[-1].strip() for c in meta.get_all("Classifier") or []
                   if c.startswith("License ::")]
    return ", ".join(classifiers) or None


def licence_rows() -> list[LicenceRow]:
    """One row per shipped component, from the installed metadata where it says."""
    rows = []
    for part in PARTS:
        try:
            meta = metadata.metadata(part.distribution)
        except metadata.PackageNotFoundError:
            rows.append(LicenceRow(part.distribution, "?", part.role,
                                   part.published_licence, False))
            continue
        declared = licence_of(meta)
        rows.append(LicenceRow(part.distribution, meta.get("Version") or "?", part.role,
                               declared or part.published_licence, declared is not None))
    return rows


def font_licence_text() -> str:
    """The shipped fonts' licence (resources/fonts/LICENSE-DejaVu.txt)."""
    from vsm_editor.resources_access import resource_bytes

    return resource_bytes("fonts", "LICENSE-DejaVu.txt").decode("utf-8")


def about_text() -> str:
    """The About box's text, plain (also for the tests)."""
    from PySide6 import __version__ as pyside_version
    from PySide6.QtCore import qVersion

    from vsm_editor import __version__

    lines = [f"vsm-editor {__version__}",
             "A value-stream mapping editor that shows whether a stream is architecture: "
             "every stage linked to its outcomes (P1), decisions (P2), system logic (P3) "
             "and components (P4).",
             "Licensed under the MIT licence.",
             f"Python {platform.python_version()} · Qt {qVersion()} · PySide6 {pyside_version}"
             f" · {sys.platform}", ""]
    for row in licence_rows():
        mark = "" if row.from_metadata else " (as published; not in the installed metadata)"
        lines.append(f"{row.name} {row.version}: {row.licence}{mark} — {row.role}")
    name, version, role, licence = FONT_ROW
    lines.append(f"{name} {version}: {licence} — {role}")
    return "\n".join(lines)


class AboutDialog(QDialog):
    """Version, a sentence on what the editor is, and the licence table."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from PySide6 import __version__ as pyside_version
        from PySide6.QtCore import qVersion

        from vsm_editor import __version__

        self.setWindowTitle("About vsm-editor")
        self.resize(760, 470)
        header = QLabel(
            f"<h2>vsm-editor {__version__}</h2>"
            "<p>A value-stream mapping editor that shows whether a stream is architecture: "
            "every stage linked to its outcomes (P1), decisions (P2), system logic (P3) and "
            "components (P4).</p>"
            "<p>Licensed under the MIT licence. "
            f"Python {platform.python_version()} · Qt {qVersion()} · "
            f"PySide6 {pyside_version}.</p>")
        header.setWordWrap(True)
        header.setAccessibleName("About vsm-editor")
        rows = licence_rows()
        self.table = QTableWidget(len(rows) + 1, 4)
        self.table.setAccessibleName("Components and their licences")
        self.table.setHorizontalHeaderLabels(["Component", "Version", "Licence", "Used for"])
        for r, row in enumerate(rows):
            licence = row.licence if row.from_metadata else f"{row.licence} (as published)"
            for c, text in enumerate((row.name, row.version, licence, row.role)):
                self.table.setItem(r, c, QTableWidgetItem(text))
        name, version, role, licence = FONT_ROW
        for c, text in enumerate((name, version, licence, role)):
            self.table.setItem(len(rows), c, QTableWidgetItem(text))
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        header_view = self.table.horizontalHeader()
        header_view.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header_view.setStretchLastSection(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        font_button = buttons.addButton("&Font Licence…", QDialogButtonBox.ButtonRole.ActionRole)
        font_button.clicked.connect(self.show_font_licence)
        layout = QVBoxLayout(self)
        layout.addWidget(header)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)

    def show_font_licence(self) -> QDialog:
        """The DejaVu licence text in a small window."""
        dialog = QDialog(self)
        dialog.setWindowTitle("DejaVu font licence")
        dialog.resize(640, 520)
        text = QPlainTextEdit(font_licence_text())
        text.setReadOnly(True)
        text.setAccessibleName("DejaVu font licence")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(dialog.reject)
        layout = QVBoxLayout(dialog)
        layout.addWidget(text)
        layout.addWidget(buttons)
        dialog.show()
        return dialog
