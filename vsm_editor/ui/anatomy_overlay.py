"""Canvas hooks of the anatomy: a severity marker on each stage with findings, and a
"coverage view" that dims fully linked stages so the gaps stand out on a projector.

Works from outside the canvas items: markers are child items of the stage items (so they
move and vanish with them), dimming is the item's opacity, and each stage item gets a
``worst_severity`` attribute the scene or exports may read.
"""

from __future__ import annotations

from functools import cache

import shiboken6
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QPainter, QPainterPath
from PySide6.QtWidgets import QGraphicsItem, QGraphicsScene

from vsm_editor.analysis import Report
from vsm_editor.model.findings import SEVERITY_RANK
from vsm_editor.style.markers import severity_marker
from vsm_editor.ui import style_bridge as sb
from vsm_editor.ui.override_guard import guarded
from vsm_editor.ui.theme import colour

DIMMED_OPACITY = 0.28
LEGEND = {"error": "error finding", "warning": "warning finding", "info": "information"}


@cache
def _shape(severity: str) -> tuple[object, QPainterPath, QPainterPath]:
    shape = severity_marker(severity, 0.0, 0.0)
    return shape, sb.qt_path(shape.outline), sb.qt_path(shape.mark)


class SeverityMarker(QGraphicsItem):
    """The worst severity of a stage's findings, in the stage's severity slot."""

    def __init__(self, parent: QGraphicsItem, severity: str) -> None:
        super().__init__(parent)
        self.severity = severity
        self.setZValue(5)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self._bounds = _shape(severity)[1].boundingRect().adjusted(-1, -1, 1, 1)
        self.setToolTip(LEGEND[severity])

    def set_severity(self, severity: str) -> None:
        if severity != self.severity:
            self.prepareGeometryChange()
            self.severity = severity
            self._bounds = _shape(severity)[1].boundingRect().adjusted(-1, -1, 1, 1)
            self.setToolTip(LEGEND[severity])
            self.update()

    def boundingRect(self) -> QRectF:
        return self._bounds

    @guarded
    def paint(self, painter: QPainter, option, widget=None) -> None:
        shape, outline, mark = _shape(self.severity)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(colour(shape.fill))
        painter.drawPath(outline)
        painter.setBrush(colour(shape.mark_colour))
        painter.drawPath(mark)


def worst_by_stage(report: Report, stage_ids) -> dict[str, str]:
    """The most severe active finding on each stage (findings on its logic count too)."""
    stages = set(stage_ids)
    worst: dict[str, str] = {}
    for finding in report.findings:
        for element in finding.elements:
            if element in stages:
                now = worst.get(element)
                if now is None or SEVERITY_RANK[finding.severity] > SEVERITY_RANK[now]:
                    worst[element] = finding.severity
    return worst


class FindingsOverlay:
    """Puts severity markers on a :class:`MapScene`'s stages and runs the coverage view."""

    def __init__(self, scene: QGraphicsScene) -> None:
        self.scene = scene
        self.markers: dict[str, SeverityMarker] = {}
        self.coverage_view = False
        self._report: Report | None = None
        sources = getattr(scene, "map_item_sources", None)
        if sources is not None:  # the far-zoom picture draws the markers with the stages
            sources.append(self.markers.values)

    def apply(self, report: Report) -> None:
        """Markers and dimming for ``report`` (call after every analysis)."""
        self._report = report
        if not shiboken6.isValid(self.scene):
            return  # the window is gone
        items = self.scene.stages  # type: ignore[attr-defined]
        worst = worst_by_stage(report, items)
        for stage_id in list(self.markers):
            marker = self.markers[stage_id]
            if not shiboken6.isValid(marker):  # its stage item was replaced or removed
                del self.markers[stage_id]
                continue
            item = items.get(stage_id)
            if stage_id not in worst or item is None or marker.parentItem() is not item:
                if item is not None and marker.parentItem() is item:
                    self.scene.removeItem(marker)
                del self.markers[stage_id]
        for stage_id, severity in worst.items():
            item = items[stage_id]
            item.worst_severity = severity
            marker = self.markers.get(stage_id)
            if marker is None:
                marker = self.markers[stage_id] = SeverityMarker(item, severity)
            else:
                marker.set_severity(severity)
            slot = item.layout.severity_slot
            marker.setPos(slot.x, slot.y)
        for stage_id, item in items.items():
            if stage_id not in worst:
                item.worst_severity = None
        self._dim(report)

    def set_coverage_view(self, on: bool) -> None:
        """Dim the stages that have all of P1–P4 linked (or undo the dimming)."""
        self.coverage_view = on
        if self._report is not None:
            self._dim(self._report)

    def _dim(self, report: Report) -> None:
        if not shiboken6.isValid(self.scene):
            return
        complete = report.coverage.stages
        for stage_id, item in self.scene.stages.items():  # type: ignore[attr-defined]
            entry = complete.get(stage_id)
            dim = self.coverage_view and entry is not None and entry.complete
            opacity = DIMMED_OPACITY if dim else 1.0
            if item.opacity() != opacity:
                item.setOpacity(opacity)
