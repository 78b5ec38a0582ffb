"""The comparison window: two linked canvases, the differences, the metrics and the ideas.

A (left) and B (right) are drawn read-only from copies of the two maps, on scenes of the
same extent so the linked views line up element for element. Each changed stage or handoff
carries an overlay (:mod:`compare_overlay`); the legend explains the marks. Choosing a row
in the differences or the ideas selects its elements on both canvases and brings them into
view; clicking a stage on one canvas selects its match on the other and its difference in
the list. The comparison exports as Markdown or JSON (``format_comparison``).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import msgspec
from PySide6.QtCore import QItemSelectionModel, QModelIndex, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QGuiApplication, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMainWindow,
    QSplitter,
    QTableView,
    QTabWidget,
    QToolBar,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from vsm_editor.analysis.compare import Comparison, compare_maps, format_comparison
from vsm_editor.analysis.compare_result import DIFFERENCE_KINDS, Difference
from vsm_editor.model import AnatomyMap, Document
from vsm_editor.ui import dialogs
from vsm_editor.ui.compare_canvas import CompareCanvas, ViewLink
from vsm_editor.ui.compare_focus import difference_ids, kinds_by_element, matched_ids
from vsm_editor.ui.compare_models import (
    DATA_ROLE,
    KIND_TITLES,
    MetricsModel,
    difference_model,
    ideas_model,
)
from vsm_editor.ui.compare_overlay import DifferenceMark, mark_scene
from vsm_editor.ui.compare_style import badge_icon
from vsm_editor.ui.override_guard import guarded
from vsm_editor.ui.scene import MapScene

Reload = Callable[[], tuple[AnatomyMap, AnatomyMap] | None]
NAME_WIDTH = 240  # the differences' name column (long logic statements would push the rest out)
IDEA_WIDTH = 380
EXPORT_FILTERS = {"md": "Markdown (*.md)", "json": "JSON (*.json)"}

_encoder = msgspec.msgpack.Encoder()
_decoder = msgspec.msgpack.Decoder(AnatomyMap)


def snapshot(anatomy: AnatomyMap) -> AnatomyMap:
    """A deep copy: the comparison never shares structs with an open, editable document."""
    return _decoder.decode(_encoder.encode(anatomy))


def choose_export_file(parent: QWidget, suggested: str, fmt: str) -> str | None:
    """Where to write the export (tests replace this)."""
    path, _ = QFileDialog.getSaveFileName(parent, "Export comparison", suggested,
                                          EXPORT_FILTERS[fmt])
    return path or None


class Side(QWidget):
    """One side: a caption over its canvas."""

    def __init__(self, letter: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.letter = letter
        self.caption = QLabel()
        self.caption.setTextFormat(Qt.TextFormat.PlainText)
        self.caption.setStyleSheet("font-weight:bold;padding:4px 6px;")
        self.canvas = CompareCanvas(self)
        self.canvas.setObjectName(f"canvas_{letter.lower()}")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.caption)
        layout.addWidget(self.canvas, 1)

    def set_caption(self, name: str, label: str) -> None:
        where = f"  ({label})" if label and label != name else ""
        self.caption.setText(f"{self.letter} — {name}{where}")


class ComparisonWindow(QMainWindow):
    """Compares map A (before, usually the current state) with B (after)."""

    closed = Signal()

    def __init__(self, a: AnatomyMap, b: AnatomyMap, labels: tuple[str, str] = ("", ""),
                 reload: Reload | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
        self.labels = labels
        self.reload_maps = reload
        self.scenes: tuple[MapScene, MapScene] | None = None
        self.marks: tuple[dict[str, DifferenceMark], dict[str, DifferenceMark]] = ({}, {})
        self._syncing = False
        self._fitted = False
        self.side_a, self.side_b = Side("A"), Side("B")
        self.link = ViewLink([self.side_a.canvas, self.side_b.canvas], self)
        self.differences = QTreeView()
        self.differences.setObjectName("differences")
        self.metrics = QTableView()
        self.metrics.setObjectName("metrics")
        self.ideas = QTreeView()
        self.ideas.setObjectName("ideas")
        self.legend = QWidget()
        self.summary = QLabel()
        self._build_layout()
        self._build_toolbar()
        self.resize(1500, 950)
        self.show_maps(a, b)

    # ------------------------------------------------------------ building
    def _build_layout(self) -> None:
        canvases = QSplitter(Qt.Orientation.Horizontal)
        self.canvases = canvases
        canvases.addWidget(self.side_a)
        canvases.addWidget(self.side_b)
        canvases.setChildrenCollapsible(False)
        top = QWidget()
        column = QVBoxLayout(top)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(canvases, 1)
        column.addWidget(self.legend)
        for tree in (self.differences, self.ideas):
            tree.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
            tree.setUniformRowHeights(True)
            tree.setAlternatingRowColors(True)
        self.metrics.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.metrics.verticalHeader().hide()
        self.metrics.setAlternatingRowColors(True)
        tabs = QTabWidget()
        tabs.addTab(self.metrics, "Metrics")
        tabs.addTab(self.ideas, "Improvement ideas")
        self.tabs = tabs
        bottom = QSplitter(Qt.Orientation.Horizontal)
        bottom.addWidget(self.differences)
        bottom.addWidget(tabs)
        bottom.setStretchFactor(0, 1)
        bottom.setStretchFactor(1, 1)
        main = QSplitter(Qt.Orientation.Vertical)
        main.addWidget(top)
        main.addWidget(bottom)
        main.setStretchFactor(0, 3)
        main.setStretchFactor(1, 2)
        self.setCentralWidget(main)
        self.statusBar().addPermanentWidget(self.summary)
        self.differences.clicked.connect(self._difference_chosen)
        self.differences.activated.connect(self._difference_chosen)
        self.ideas.clicked.connect(self._idea_chosen)
        self.ideas.activated.connect(self._idea_chosen)

    def _build_toolbar(self) -> None:
        bar = QToolBar("Comparison", self)
        bar.setObjectName("toolbar_compare")
        self.addToolBar(bar)
        self.actions_by_name: dict[str, QAction] = {}
        keys = QKeySequence.StandardKey
        for name, text, key, handler in (
            ("zoom_in", "Zoom In", keys.ZoomIn, self.side_a.canvas.zoom_in),
            ("zoom_out", "Zoom Out", keys.ZoomOut, self.side_a.canvas.zoom_out),
            ("fit_all", "Fit Both", QKeySequence("Ctrl+1"), self.fit_all),
            ("stack", "Stack A over B", None, self.toggle_stacked),
            ("swap", "Swap A and B", None, self.swap),
            ("refresh", "Refresh", keys.Refresh, self.refresh),
            ("export_md", "Export Markdown…", None, lambda: self.export("md")),
            ("export_json", "Export JSON…", None, lambda: self.export("json")),
            ("copy_md", "Copy as Markdown", keys.Copy, self.copy_markdown),
        ):
            action = QAction(text, self)
            action.setObjectName(f"action_{name}")
            if key is not None:
                action.setShortcut(key)
            action.triggered.connect(lambda _c=False, h=handler: h())
            bar.addAction(action)
            self.actions_by_name[name] = action
            if name in ("fit_all", "refresh"):
                bar.addSeparator()
        self.actions_by_name["refresh"].setEnabled(self.reload_maps is not None)
        self.actions_by_name["stack"].setCheckable(True)
        self.actions_by_name["stack"].setToolTip(
            "Wide maps read better one above the other; side by side suits tall ones")

    def _fill_legend(self) -> None:
        layout = self.legend.layout()
        if layout is None:
            layout = QHBoxLayout(self.legend)
            layout.setContentsMargins(8, 2, 8, 2)
        while layout.count():
            item = layout.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        counts = self.comparison.counts()
        for kind in DIFFERENCE_KINDS:
            icon = QLabel()
            icon.setPixmap(badge_icon(kind).pixmap(18, 18))
            layout.addWidget(icon)
            text = QLabel(f"{KIND_TITLES[kind]} {counts[kind]}")
            text.setObjectName(f"legend_{kind}")
            layout.addWidget(text)
            layout.addSpacing(12)
        note = QLabel("· outlines and badges on both canvases; lists select on both")
        note.setStyleSheet("color:#4a5568;")
        layout.addWidget(note)
        layout.addStretch(1)

    # ------------------------------------------------------------ content
    def show_maps(self, a: AnatomyMap, b: AnatomyMap) -> None:
        """Compare ``a`` with ``b`` and show everything (replacing what was shown)."""
        self.map_a, self.map_b = snapshot(a), snapshot(b)
        self.comparison: Comparison = compare_maps(self.map_a, self.map_b)
        self._drop_scenes()
        scene_a = MapScene(Document(self.map_a), self)
        scene_b = MapScene(Document(self.map_b), self)
        extent = scene_a.sceneRect().united(scene_b.sceneRect())
        for scene in (scene_a, scene_b):
            scene.setSceneRect(extent)
            scene.selectionChanged.connect(lambda s=scene: self._canvas_selected(s))
        self.scenes = (scene_a, scene_b)
        self.marks = (
            mark_scene(scene_a, kinds_by_element(self.comparison, side_a=True)),
            mark_scene(scene_b, kinds_by_element(self.comparison, side_a=False)),
        )
        self.side_a.canvas.setScene(scene_a)
        self.side_b.canvas.setScene(scene_b)
        label_a, label_b = self.labels
        self.side_a.set_caption(self.comparison.a_name, label_a)
        self.side_b.set_caption(self.comparison.b_name, label_b)
        self.setWindowTitle(
            f"Compare: {label_a or self.comparison.a_name} → {label_b or self.comparison.b_name}"
        )
        self.difference_model = difference_model(self.comparison)
        self.differences.setModel(self.difference_model)
        self.differences.expandAll()
        mode = QHeaderView.ResizeMode
        header = self.differences.header()
        header.setSectionResizeMode(0, mode.ResizeToContents)
        header.setSectionResizeMode(1, mode.ResizeToContents)
        header.setSectionResizeMode(2, mode.Interactive)
        header.resizeSection(2, NAME_WIDTH)
        self.metrics_model = MetricsModel(self.comparison, self)
        self.metrics.setModel(self.metrics_model)
        columns = self.metrics.horizontalHeader()
        columns.setStretchLastSection(False)
        for column, how in enumerate((mode.ResizeToContents, mode.Stretch, mode.Stretch,
                                      mode.ResizeToContents)):
            columns.setSectionResizeMode(column, how)
        self.ideas_model = ideas_model(self.comparison)
        self.ideas.setModel(self.ideas_model)
        self.ideas.expandAll()
        self.ideas.header().setSectionResizeMode(0, mode.Interactive)
        self.ideas.header().resizeSection(0, IDEA_WIDTH)
        self.tabs.setTabText(1, f"Improvement ideas ({len(self.comparison.ideas)})")
        self.summary.setText(self.comparison.summary())
        self._fill_legend()
        self.fit_all()

    def _drop_scenes(self) -> None:
        if self.scenes is None:
            return
        for scene in self.scenes:
            scene.selectionChanged.disconnect()
            scene.detach()
        self.side_a.canvas.setScene(None)
        self.side_b.canvas.setScene(None)
        for scene in self.scenes:
            scene.deleteLater()
        self.scenes = None

    # ------------------------------------------------------------ view
    def fit_all(self) -> None:
        """Show both maps whole, at the same scale."""
        if self.scenes is None:
            return
        rect = QRectF()
        for scene in self.scenes:
            rect = rect.united(scene.itemsBoundingRect())
        self.side_a.canvas.show_rect(rect, zoom_in=True)

    def toggle_stacked(self) -> None:
        """A above B (for wide maps) or side by side; the views stay linked."""
        stacked = self.actions_by_name["stack"].isChecked()
        self.canvases.setOrientation(Qt.Orientation.Vertical if stacked
                                     else Qt.Orientation.Horizontal)
        QTimer.singleShot(0, self.fit_all)

    def focus(self, a_ids: list[str], b_ids: list[str]) -> None:
        """Select ``a_ids`` on A and ``b_ids`` on B and bring them into view."""
        assert self.scenes is not None
        self._syncing = True
        try:
            rect = QRectF()
            for scene, ids in zip(self.scenes, (a_ids, b_ids), strict=True):
                scene.select_ids(ids)
                for element_id in ids:
                    item = scene.stages.get(element_id) or scene.handoffs.get(element_id)
                    if item is not None:
                        rect = rect.united(item.scene_box())
        finally:
            self._syncing = False
        if not rect.isEmpty():
            self.side_a.canvas.show_rect(rect)
            self.link.mirror(self.side_a.canvas)

    def selected_on(self, side: str) -> list[str]:
        """The ids selected on canvas ``a`` or ``b``, sorted."""
        assert self.scenes is not None
        return sorted(self.scenes[0 if side == "a" else 1].selected_ids())

    # ------------------------------------------------------------ lists ↔ canvases
    def _difference_chosen(self, index: QModelIndex) -> None:
        difference = index.data(DATA_ROLE)
        if isinstance(difference, Difference):
            self.focus(*difference_ids(self.comparison, difference))
            self.statusBar().showMessage(self._describe(difference), 6000)

    def _describe(self, difference: Difference) -> str:
        a_ids, b_ids = difference_ids(self.comparison, difference)
        if a_ids or b_ids:
            return f"{difference.kind} {difference.element} {difference.element_id}"
        return f"{difference.kind} {difference.element} {difference.element_id} (not on the canvas)"

    def _idea_chosen(self, index: QModelIndex) -> None:
        found = index.data(DATA_ROLE)
        if found:
            a_ids, b_ids = found
            self.focus(list(a_ids), list(b_ids))

    def _canvas_selected(self, scene: MapScene) -> None:
        """A click on one canvas: select the match on the other and the difference row."""
        if self._syncing or self.scenes is None:
            return
        from_a = scene is self.scenes[0]
        ids = scene.selected_ids()
        other = self.scenes[1] if from_a else self.scenes[0]
        self._syncing = True
        try:
            other.select_ids(matched_ids(self.comparison, ids, from_a))
            self._select_row(ids, from_a)
        finally:
            self._syncing = False

    def _select_row(self, ids: list[str], from_a: bool) -> None:
        selection = self.differences.selectionModel()
        for index in self.difference_rows():
            difference = index.data(DATA_ROLE)
            element_id = difference.a_id if from_a else difference.b_id
            if element_id in ids:
                flags = (QItemSelectionModel.SelectionFlag.ClearAndSelect
                         | QItemSelectionModel.SelectionFlag.Rows)
                selection.select(index, flags)
                self.differences.scrollTo(index)
                return
        selection.clearSelection()

    def difference_rows(self) -> list[QModelIndex]:
        """The first-column index of every difference row, in list order."""
        model = self.difference_model
        rows = []
        for group in range(model.rowCount()):
            parent = model.index(group, 0)
            rows += [model.index(row, 0, parent) for row in range(model.rowCount(parent))]
        return rows

    # ------------------------------------------------------------ commands
    def swap(self) -> None:
        """Compare the other way round (B → A)."""
        self.labels = (self.labels[1], self.labels[0])
        self.show_maps(self.map_b, self.map_a)

    def refresh(self) -> None:
        """Compare again from the open documents (after editing them)."""
        if self.reload_maps is None:
            return
        maps = self.reload_maps()
        if maps is None:
            dialogs.show_error(self, "Refresh", "One of the compared documents is closed.")
            return
        self.show_maps(*maps)

    def export_text(self, fmt: str) -> str:
        """The comparison as ``md``, ``json`` or ``text``, naming both sides."""
        return format_comparison(self.comparison, fmt, self.labels)

    def export(self, fmt: str) -> str | None:
        """Ask for a file and write the comparison there; the path written."""
        stem = Path(self.labels[1] or self.comparison.b_name or "comparison").name
        stem = stem.removesuffix(".json").removesuffix(".vsm")
        path = choose_export_file(self, f"{stem}-comparison.{fmt}", fmt)
        if not path:
            return None
        try:
            Path(path).write_text(self.export_text(fmt), encoding="utf-8")
        except OSError as err:
            dialogs.show_error(self, "Could not export", str(err))
            return None
        self.statusBar().showMessage(f"Exported {Path(path).name}", 4000)
        return path

    def copy_markdown(self) -> None:
        """Put the Markdown comparison on the clipboard (for pasting into a document)."""
        QGuiApplication.clipboard().setText(self.export_text("md"))
        self.statusBar().showMessage("Comparison copied as Markdown", 3000)

    @guarded
    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._fitted and self.scenes is not None:
            self._fitted = True
            QTimer.singleShot(0, self.fit_all)

    @guarded
    def closeEvent(self, event: QCloseEvent) -> None:
        self._drop_scenes()
        event.accept()
        self.closed.emit()
