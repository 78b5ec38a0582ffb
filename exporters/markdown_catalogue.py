"""The catalogue section: control points, logic items and components, each with where it
is used (the stages, and the elements linking to it)."""

from __future__ import annotations

from vsm_editor.exporters import markdown_numbers as num
from vsm_editor.exporters.markdown_context import ReportData
from vsm_editor.exporters.markdown_text import EMPTY, cell, heading, table


def catalogue_section(data: ReportData) -> list[str]:
    """``## Catalogue`` with a table per kind of element."""
    lines = heading(2, "Catalogue")
    catalogue = data.anatomy.catalogue
    if not (catalogue.control_points or catalogue.logic or catalogue.components):
        return lines + ["The catalogue is empty.", ""]
    return lines + _control_points(data) + _logic(data) + _components(data)


def _names(data: ReportData, ids: list[str]) -> str:
    return "; ".join(data.name(element) for element in ids) if ids else "nowhere"


def _stages_of_logic(data: ReportData, logic_ids: list[str]) -> list[str]:
    stages: list[str] = []
    for logic_id in logic_ids:
        item = data.logic.get(logic_id)
        if item is not None:
            stages += [s for s in item.stages if s in data.stages]
    return data.by_flow(stages)


def _control_points(data: ReportData) -> list[str]:
    points = data.anatomy.catalogue.control_points
    if not points:
        return []
    rows = []
    for point in points:
        used = data.point_logic.get(point.id, [])
        rows.append([
            num.kind_label(num.CONTROL_POINT_KINDS, point.kind),
            cell(point.subject),
            data.name(point.component) if point.component else EMPTY,
            _names(data, used),
            _names(data, _stages_of_logic(data, used)),
        ])
    header = ["Kind", "Subject", "Component", "Checks (logic)", "Stages"]
    return heading(3, "Control points") + table(header, rows)


def _logic(data: ReportData) -> list[str]:
    items = data.anatomy.catalogue.logic
    if not items:
        return []
    rows = []
    for item in items:
        point = data.control_points.get(item.control_point or "")
        where = EMPTY
        if point is not None:
            where = f"{num.kind_label(num.CONTROL_POINT_KINDS, point.kind)}: {cell(point.subject)}"
        elif item.control_point:
            where = data.name(item.control_point)
        rows.append([
            num.kind_label(num.LOGIC_KINDS, item.kind),
            cell(item.statement),
            where,
            cell(item.owner),
            data.name(item.decision) if item.decision else EMPTY,
            _names(data, data.by_flow([s for s in item.stages if s in data.stages])),
            _names(data, data.realized_by.get(item.id, [])),
        ])
    header = [
        "Kind", "Statement", "Control point", "Owner", "Decision", "Used at stages",
        "Realized by",
    ]
    return heading(3, "Logic items") + table(header, rows)


def _components(data: ReportData) -> list[str]:
    components = data.anatomy.catalogue.components
    if not components:
        return []
    hosts: dict[str, list[str]] = {}
    for point in data.anatomy.catalogue.control_points:
        if point.component:
            hosts.setdefault(point.component, []).append(point.id)
    rows = []
    for component in components:
        realizes = list(dict.fromkeys(component.realizes))
        points = hosts.get(component.id, [])
        rows.append([
            num.kind_label(num.COMPONENT_KINDS, component.kind),
            cell(component.name),
            cell(component.spec),
            _names(data, realizes),
            _names(data, points),
            _names(data, _stages_of_logic(data, realizes)),
        ])
    header = ["Kind", "Name", "Spec", "Realizes", "Hosts control points", "Used at stages"]
    return heading(3, "Components") + table(header, rows)
