"""File > Compare with…: pick another open document, a map file or an earlier committed
version of the map's own file (git), and open the comparison.

The window's own document is one side. It is B when it is a future state of the other map
(its origin names the other stream), else A; the comparison window can swap them. Comparing
with an open document can be refreshed after editing either one.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QInputDialog,
    QLabel,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from vsm_editor.analysis.compare_future import is_future_of
from vsm_editor.git_versions import Version, file_versions, read_version
from vsm_editor.model import AnatomyMap, MapFileError, load_map
from vsm_editor.ui import dialogs
from vsm_editor.ui.compare_window import ComparisonWindow

if TYPE_CHECKING:
    from vsm_editor.ui.main_window import MainWindow

#: Comparison windows stay referenced here until they close.
OPEN_COMPARISONS: list[ComparisonWindow] = []


class CompareTargetDialog(QDialog):
    """A list of the other open documents, and buttons for a file and for the map's own
    earlier versions in git."""

    def __init__(self, names: list[str], preselect: int | None, parent: QWidget | None,
                 versions: Sequence[Version] = ()) -> None:
        super().__init__(parent)
        self.setWindowTitle("Compare with")
        self.chosen_file: str | None = None
        self.chosen_version: Version | None = None
        self.versions = list(versions)
        self.documents = QListWidget()
        self.documents.addItems(names)
        if names:
            self.documents.setCurrentRow(preselect if preselect is not None else 0)
        self.documents.itemDoubleClicked.connect(lambda _item: self.accept())
        choices = QDialogButtonBox.StandardButton
        buttons = QDialogButtonBox(choices.Ok | choices.Cancel)
        buttons.button(choices.Ok).setEnabled(bool(names))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        from_file = QPushButton("From a file…")
        from_file.clicked.connect(self._pick_file)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Compare this map with an open document:" if names
                                else "No other document is open."))
        layout.addWidget(self.documents)
        layout.addWidget(from_file)
        from_git = QPushButton("From &git history…")
        from_git.setObjectName("compare_from_git")
        from_git.setEnabled(bool(self.versions))
        from_git.setToolTip("An earlier committed version of this map" if self.versions
                            else "This map's file has no commits in a git repository")
        from_git.clicked.connect(self._pick_version)
        layout.addWidget(from_git)
        layout.addWidget(buttons)

    def _pick_file(self) -> None:
        path = dialogs.choose_open_file(self)
        if path:
            self.chosen_file = path
            self.accept()


    def _pick_version(self) -> None:
        labels = [version.label for version in self.versions]
        label, ok = QInputDialog.getItem(self, "Compare with a committed version",
                                         "Version (newest first):", labels, 0, False)
        if ok and label in labels:
            self.chosen_version = self.versions[labels.index(label)]
            self.accept()


def choose_target(parent: QWidget, names: list[str], preselect: int | None,
                  versions: Sequence[Version] = ()) -> int | str | Version | None:
    """The index of the open document chosen, a file path, a git version of the window's
    own file, or None (tests replace this)."""
    dialog = CompareTargetDialog(names, preselect, parent, versions)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    if dialog.chosen_version is not None:
        return dialog.chosen_version
    if dialog.chosen_file:
        return dialog.chosen_file
    row = dialog.documents.currentRow()
    return row if row >= 0 else None


def compare_with(window: MainWindow) -> ComparisonWindow | None:
    """Ask what to compare ``window``'s document with and open the comparison."""
    others = [w for w in window.app.windows if w is not window]
    own = window.session.document.map
    preselect = next(
        (i for i, w in enumerate(others)
         if is_future_of(w.session.document.map, own) or is_future_of(own, w.session.document.map)),
        None,
    )
    path = window.session.path
    versions = file_versions(path) if path else []
    names = [w.session.display_name() for w in others]
    choice = choose_target(window, names, preselect, versions)
    if choice is None:
        return None
    if isinstance(choice, Version):
        try:
            earlier = read_version(path, choice.revision)
        except MapFileError as err:
            dialogs.show_error(window, "Could not read that version", str(err))
            return None
        return open_comparison(window, earlier, f"{Path(path).name} @ {choice.short}", None,
                               other_first=True)
    if isinstance(choice, str):
        try:
            other_map = load_map(choice)
        except MapFileError as err:
            dialogs.show_error(window, "Could not open the map", str(err))
            return None
        return open_comparison(window, other_map, Path(choice).name, None)
    return open_comparison(window, others[choice].session.document.map,
                           others[choice].session.display_name(), others[choice])


def open_comparison(window: MainWindow, other: AnatomyMap, other_label: str,
                    other_window: MainWindow | None,
                    other_first: bool = False) -> ComparisonWindow:
    """The comparison of ``window``'s map with ``other`` (an open document's when
    ``other_window`` is given, which makes it refreshable). ``other`` is side A when it is
    an earlier version (``other_first``) or ``window``'s map is a future state of it."""
    own_label = window.session.display_name()
    future_first = other_first or is_future_of(window.session.document.map, other)

    def maps() -> tuple[AnatomyMap, AnatomyMap] | None:
        open_windows = window.app.windows
        if window not in open_windows or (other_window is not None
                                          and other_window not in open_windows):
            return None
        mine = window.session.document.map
        theirs = other_window.session.document.map if other_window is not None else other
        return (theirs, mine) if future_first else (mine, theirs)

    first = maps()
    assert first is not None
    labels = (other_label, own_label) if future_first else (own_label, other_label)
    comparison = ComparisonWindow(*first, labels=labels, reload=maps)
    OPEN_COMPARISONS.append(comparison)
    comparison.closed.connect(lambda c=comparison: _forget(c))
    comparison.show()
    comparison.fit_all()
    return comparison


def _forget(comparison: ComparisonWindow) -> None:
    if comparison in OPEN_COMPARISONS:
        OPEN_COMPARISONS.remove(comparison)

