"""Improvement ideas linked across a current map and its future states, in the inspector.

A window's *partners* are the other open windows of the same value stream: on a current map,
every open future state made from it (``origin.kind == "future_state"`` and
``origin.source_id`` its stream id); on a future state, the open map it was made from. When
the current map is not open but its file is known, the inspector offers to open it.

For the selected idea of a current map the inspector lists, per open future state, the stages
realizing it (see :mod:`vsm_editor.analysis.compare_ideas`); for a stage of a future state it
lists the current map's ideas that the stage realizes. Every stage named is a link: it brings
that window forward and selects the stage there (and the idea, on the current map).
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtWidgets import QApplication, QFormLayout, QLabel

from vsm_editor.analysis.compare_future import is_future_of
from vsm_editor.analysis.compare_ideas import ideas_between
from vsm_editor.analysis.compare_result import IdeaLink

if TYPE_CHECKING:
    from vsm_editor.ui.main_window import MainWindow

REASONS = {"same stage": "same stage", "carries the idea": "carries it",
           "mentions the idea": "mentions it"}


@dataclass(frozen=True)
class Target:
    """Where a link leads: a window (or a file to open), a stage and maybe an idea."""

    window: MainWindow | None
    stage: str | None = None
    idea: str | None = None
    path: str | None = None


class IdeaLinks(QObject):
    """A window's view of its partners and the idea links between them (cached per pair of
    document revisions)."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self._cache: dict[tuple[int, int], tuple[tuple[int, int], tuple[IdeaLink, ...]]] = {}
        self._watched: dict[int, object] = {}
        self.refresh_timer = QTimer(self, singleShot=True, interval=250)

    # ------------------------------------------------------------ partners
    def _others(self) -> list[MainWindow]:
        app = getattr(self.window, "app", None)
        windows = getattr(app, "windows", [])
        return [w for w in windows if w is not self.window and shiboken6.isValid(w)]

    def futures(self) -> list[MainWindow]:
        """Open windows holding a future state of this window's map."""
        mine = self.window.session.document.map
        found = [w for w in self._others() if is_future_of(w.session.document.map, mine)]
        self._watch(found)
        return found

    def current(self) -> MainWindow | None:
        """The open window holding the map this one is a future state of."""
        mine = self.window.session.document.map
        found = next((w for w in self._others()
                      if is_future_of(mine, w.session.document.map)), None)
        self._watch([found] if found else [])
        return found

    def current_file(self) -> str | None:
        """The file this future state was made from, when it exists and is not open."""
        origin = self.window.session.document.map.origin
        if origin is None or origin.kind != "future_state" or not origin.source:
            return None
        return origin.source if Path(origin.source).is_file() else None

    def _watch(self, windows: list[MainWindow]) -> None:
        """Refresh the inspector when a partner's map changes (debounced)."""
        for window in windows:
            document = window.session.document
            if id(document) not in self._watched:
                self._watched[id(document)] = document.subscribe(self._partner_changed)

    def _partner_changed(self, _changes=None) -> None:
        if shiboken6.isValid(self) and shiboken6.isValid(self.refresh_timer):
            self.refresh_timer.start()

    def detach(self) -> None:
        """Stop following the partners' documents."""
        for unsubscribe in self._watched.values():
            unsubscribe()  # type: ignore[operator]
        self._watched.clear()

    # ------------------------------------------------------------ links
    def links(self, current: MainWindow, future: MainWindow) -> tuple[IdeaLink, ...]:
        """The idea links from ``current``'s map to ``future``'s."""
        a, b = current.session.document, future.session.document
        key, revisions = (id(a), id(b)), (a.revision, b.revision)
        cached = self._cache.get(key)
        if cached is None or cached[0] != revisions:
            cached = (revisions, ideas_between(a.map, b.map))
            self._cache[key] = cached
        return cached[1]

    def realized_in(self, stage_id: str, idea_id: str) -> list[tuple[MainWindow, IdeaLink]]:
        """Per open future state, how the idea ``idea_id`` of stage ``stage_id`` is realized."""
        found = []
        for future in self.futures():
            link = next((x for x in self.links(self.window, future)
                         if x.idea == idea_id and x.stage == stage_id), None)
            if link is not None:
                found.append((future, link))
        return found

    def realizes(self, stage_id: str) -> tuple[MainWindow | None, list[IdeaLink]]:
        """The current map's window and its ideas that stage ``stage_id`` (of this future
        state) realizes."""
        current = self.current()
        if current is None:
            return None, []
        return current, [x for x in self.links(current, self.window)
                         if any(r.stage == stage_id for r in x.realized_by)]


class LinkLabel(QLabel):
    """Rich text whose links lead to stages of other windows."""

    def __init__(self, name: str) -> None:
        super().__init__()
        self.setObjectName(name)
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self.setOpenExternalLinks(False)
        self.targets: dict[str, Target] = {}
        self.linkActivated.connect(self.follow)

    def show_parts(self, parts: list[str], targets: dict[str, Target]) -> None:
        """Show ``parts`` (HTML lines) with the links they name; the form row holding the
        label is hidden when there is nothing to show."""
        self.targets = targets
        self.setText("<br>".join(parts))
        form = self.parentWidget().layout() if self.parentWidget() is not None else None
        if isinstance(form, QFormLayout):
            form.setRowVisible(self, bool(parts))

    def follow(self, href: str) -> None:
        """Go to the link's target (used by clicks and by keyboard activation)."""
        target = self.targets.get(href)
        if target is not None:
            go_to(target, self.window())


def go_to(target: Target, origin_window) -> MainWindow | None:
    """Bring the target's window forward and select its stage (and idea)."""
    window = target.window
    if target.path is not None:
        app = getattr(origin_window, "app", None)
        window = app.open_path(target.path, origin_window) if app is not None else None
    if window is None or not shiboken6.isValid(window):
        return None
    window.show()
    window.raise_()
    window.activateWindow()
    docks = window.anatomy_docks
    if target.stage is not None:
        docks.select_element(target.stage)
        if target.idea is not None:
            docks.inspector.stage_page.fields["improvements"].select_id(target.idea)
    return window


def _anchor(href: str, text: str) -> str:
    return f'<a href="{href}">{html.escape(text)}</a>'


def _name(window: MainWindow) -> str:
    return window.session.display_name()


def realized_text(links: IdeaLinks, stage_id: str, idea_id: str
                  ) -> tuple[list[str], dict[str, Target]]:
    """Lines for the selected idea of a current map: where each open future realizes it."""
    parts: list[str] = []
    targets: dict[str, Target] = {}
    found = links.realized_in(stage_id, idea_id)
    if not found:
        if not links.futures():
            parts.append("<i>No future state open: File › New Future State, or open one, "
                         "to see the stages that realize this idea.</i>")
        return parts, targets
    for window, link in found:
        if not link.realized_by:
            parts.append(f"{html.escape(_name(window))}: <i>not realized"
                         f"{' (its stage was removed)' if link.stage_in_b is None else ''}</i>")
            continue
        anchors = []
        for realization in link.realized_by:
            href = f"t{len(targets)}"
            targets[href] = Target(window, realization.stage)
            why = ", ".join(REASONS.get(r, r) for r in realization.reasons)
            anchors.append(f"{_anchor(href, realization.name)} ({html.escape(why)})")
        parts.append(f"{html.escape(_name(window))}: " + "; ".join(anchors))
    return parts, targets


def realizes_text(links: IdeaLinks, stage_id: str) -> tuple[list[str], dict[str, Target]]:
    """Lines for a stage of a future state: the current map's ideas it realizes."""
    targets: dict[str, Target] = {}
    current, ideas = links.realizes(stage_id)
    if current is None:
        path = links.current_file()
        if path is None:
            return [], targets
        targets["t0"] = Target(None, path=path)
        return [f"Made from {_anchor('t0', Path(path).name)}: open it to see the ideas this "
                "stage realizes."], targets
    if not ideas:
        return [f"<i>No idea of {html.escape(_name(current))}</i>"], targets
    parts = []
    for link in ideas:
        href = f"t{len(targets)}"
        targets[href] = Target(current, link.stage, link.idea)
        parts.append(f"{_anchor(href, link.text)} (on {html.escape(link.stage_name)})")
    return parts, targets


def install_idea_links(window: MainWindow) -> IdeaLinks:
    """Give ``window``'s stage inspector its cross-window idea links."""
    links = IdeaLinks(window)
    page = window.anatomy_docks.inspector.stage_page
    page.idea_links = links
    links.refresh_timer.timeout.connect(page.load_links)
    app = QApplication.instance()
    if app is not None:
        app.focusWindowChanged.connect(links._partner_changed)
    return links


__all__ = ["IdeaLinks", "LinkLabel", "Target", "go_to", "install_idea_links",
           "realized_text", "realizes_text"]
