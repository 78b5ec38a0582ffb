"""The anatomy panel's item model: findings grouped by severity, then layer, as one flat
list of rows with collapsible group headers.

Why flat: a tree view lays out every expanded row again after each insertion or removal,
calling the (Python) model for each of them: with 20,000 findings that took ~160 ms. A list
view with uniform row heights only asks for the rows it paints. Group headers are rows
too (``▾ ⚠ Warnings — 12``, ``▾ P1 Strategy — 5``); collapsing one removes its rows.

:meth:`FindingsModel.set_report` applies a new report as row removals and insertions (never a
reset), so the view keeps its selection, expansion and scroll position. Rows are group node
ids (int: 1–4 severities, ``100 + 10·group + layer`` layers) or finding keys (str).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, Qt
from PySide6.QtGui import QFont

from vsm_editor.analysis import RULES, Report
from vsm_editor.analysis.analyzer import collector_paused
from vsm_editor.analysis.report import finding_order
from vsm_editor.model.findings import Finding
from vsm_editor.ui.override_guard import guarded, guarded_count, guarded_flags

_ROOT = QModelIndex()  # the default parent (read-only)

GROUPS = ("error", "warning", "info", "suppressed")
GROUP_TITLES = {"error": "✖ Errors", "warning": "⚠ Warnings", "info": "ℹ Info",
                "suppressed": "✓ Suppressed (accepted with a reason)"}
SEVERITY_GLYPHS = {"error": "✖", "warning": "⚠", "info": "ℹ"}
LAYERS = ("P1", "P2", "P3", "P4", "flow", "structure")
LAYER_TITLES = {"P1": "P1 Strategy", "P2": "P2 Process", "P3": "P3 System logic",
                "P4": "P4 Components", "flow": "Flow", "structure": "Structure"}
FINDING_ROLE = int(Qt.ItemDataRole.UserRole) + 1  # the Finding of a row
KEY_ROLE = int(Qt.ItemDataRole.UserRole) + 2  # its key (rule@path)
REASON_ROLE = int(Qt.ItemDataRole.UserRole) + 3  # the suppression's reason
NODE_ROLE = int(Qt.ItemDataRole.UserRole) + 4  # a header's group node
# roles as plain ints: comparing ints is far cheaper than comparing enum members in data()
_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_ACCESSIBLE = int(Qt.ItemDataRole.AccessibleTextRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
_FONT = int(Qt.ItemDataRole.FontRole)
_BOLD = QFont()
_BOLD.setBold(True)


@dataclass
class _Group:
    """A severity group (children: layer names) or a layer group (children: keys)."""

    node: int
    name: str
    parent: int  # 0 for a severity group
    children: list = field(default_factory=list)


class FindingsModel(QAbstractListModel):
    """Findings by severity and layer, updated in place from each :class:`Report`."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._top = [_Group(i + 1, name, 0) for i, name in enumerate(GROUPS)]
        self._layers: dict[int, _Group] = {}
        self._findings: dict[str, Finding] = {}
        self._reasons: dict[str, str] = {}
        self._counts: dict[int, int] = {}
        self._collapsed: set[int] = set()
        self._rows: list[int | str] = [top.node for top in self._top]
        # id(finding) → (finding, key): the analyzer reuses unchanged findings, so their
        # keys are not rebuilt; holding the finding keeps its id from being reused
        self._key_cache: dict[int, tuple[Finding, str]] = {}

    # ------------------------------------------------------------ the list
    @guarded_count
    def rowCount(self, parent: QModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    @guarded
    def data(self, index: QModelIndex, role: int = _DISPLAY) -> Any:
        role = int(role)
        row = index.row()
        if not 0 <= row < len(self._rows):
            return None
        entry = self._rows[row]
        if isinstance(entry, str):
            return self._finding_data(entry, role)
        group = self._group(entry)
        if role == _DISPLAY or role == _ACCESSIBLE:
            title = GROUP_TITLES.get(group.name) or LAYER_TITLES.get(group.name, group.name)
            count = self._counts.get(entry, 0)
            if role == _ACCESSIBLE:
                state = "collapsed" if entry in self._collapsed else "expanded"
                name = title.split(" ", 1)[-1] if group.parent == 0 else title
                return f"{name}: {count}, {state}"
            arrow = "▸" if entry in self._collapsed else "▾"
            indent = "" if group.parent == 0 else "    "
            return f"{indent}{arrow} {title} — {count}"
        if role == _FONT:
            return _BOLD
        if role == NODE_ROLE:
            return entry
        return None

    def _finding_data(self, key: str, role: int) -> Any:
        finding = self._findings.get(key)
        if finding is None:
            return None
        if role == _DISPLAY:
            return f"        {SEVERITY_GLYPHS[finding.severity]} {finding.message}"
        if role == _ACCESSIBLE:
            return f"{finding.severity}: {finding.message}"
        if role == _TOOLTIP:
            info = RULES.get(finding.rule)
            reason = self._reasons.get(key)
            tip = f"{info.title}: {info.explanation}" if info else finding.rule
            return f"Suppressed: {reason}\n\n{tip}" if reason else tip
        if role == FINDING_ROLE:
            return finding
        if role == KEY_ROLE:
            return key
        if role == REASON_ROLE:
            return self._reasons.get(key)
        return None

    @guarded_flags
    def flags(self, index: QModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    # ------------------------------------------------------------ lookups
    def _group(self, node: int) -> _Group:
        return self._top[node - 1] if node <= len(self._top) else self._layers[node]

    @staticmethod
    def _layer_node(top: _Group, layer: str) -> int:
        return 100 + 10 * (top.node - 1) + LAYERS.index(layer)

    def finding(self, index: QModelIndex) -> Finding | None:
        return self.data(index, FINDING_ROLE) if index.isValid() else None

    def node(self, index: QModelIndex) -> int | None:
        """The group node of a header row (None for a finding)."""
        return self.data(index, NODE_ROLE) if index.isValid() else None

    def index_of_key(self, key: str) -> QModelIndex:
        """The row showing finding ``key`` (invalid when it is not shown)."""
        for top in self._top:
            for layer in top.children:
                group = self._layers[self._layer_node(top, layer)]
                if key in group.children and self._children_shown(group):
                    row = self._rows.index(group.node) + 1 + group.children.index(key)
                    return self.index(row, 0)
        return QModelIndex()

    def group_index(self, name: str) -> QModelIndex:
        """The header row of a severity group (or of a layer, as ``"warning/P1"``)."""
        top_name, _sep, layer = name.partition("/")
        top = self._top[GROUPS.index(top_name)]
        node = self._layer_node(top, layer) if layer else top.node
        return self.index(self._rows.index(node), 0) if node in self._rows else QModelIndex()

    def count(self, group: str) -> int:
        return self._counts.get(GROUPS.index(group) + 1, 0)

    def keys(self) -> list[str]:
        """Every finding key, in group order (shown or collapsed)."""
        return [k for top in self._top for layer in top.children
                for k in self._layers[self._layer_node(top, layer)].children]

    def is_expanded(self, node: int) -> bool:
        return node not in self._collapsed

    # ------------------------------------------------------------ expanding
    def _children_shown(self, group: _Group) -> bool:
        if group.node in self._collapsed:
            return False
        return group.parent == 0 or group.parent not in self._collapsed

    def _visible_below(self, group: _Group) -> list[int | str]:
        """The rows under ``group``'s header while it is expanded."""
        if group.parent != 0:
            return list(group.children)
        rows: list[int | str] = []
        for layer in group.children:
            child = self._layers[self._layer_node(group, layer)]
            rows.append(child.node)
            if child.node not in self._collapsed:
                rows.extend(child.children)
        return rows

    def set_expanded(self, node: int, expanded: bool) -> None:
        """Open or close a group header."""
        if expanded == (node not in self._collapsed):
            return
        group = self._group(node)
        shown = node in self._rows
        if expanded:
            self._collapsed.discard(node)
            rows = self._visible_below(group) if shown else []
            if rows:
                at = self._rows.index(node) + 1
                self.beginInsertRows(_ROOT, at, at + len(rows) - 1)
                self._rows[at:at] = rows
                self.endInsertRows()
        else:
            rows = self._visible_below(group) if shown else []
            if rows:
                at = self._rows.index(node) + 1
                self.beginRemoveRows(_ROOT, at, at + len(rows) - 1)
                del self._rows[at:at + len(rows)]
                self.endRemoveRows()
            self._collapsed.add(node)
        if shown:
            header = self.index(self._rows.index(node), 0)
            self.dataChanged.emit(header, header)

    def toggle(self, index: QModelIndex) -> bool:
        """Open or close the header at ``index``; False for a finding row."""
        node = self.node(index)
        if node is None:
            return False
        self.set_expanded(node, node in self._collapsed)
        return True

    # ------------------------------------------------------------ updating
    def set_report(self, report: Report) -> None:
        """Show ``report``'s findings, changing only the rows that differ: first every
        removal (so a re-graded finding leaves its old group), then every insertion."""
        with collector_paused():  # no cyclic GC pass over the whole map mid-update
            self._apply(report)

    def _apply(self, report: Report) -> None:
        wanted: dict[str, dict[str, list[str]]] = {g: {} for g in GROUPS}
        findings: dict[str, Finding] = {}
        reasons: dict[str, str] = {}
        cache, fresh = self._key_cache, {}
        for finding in report.findings:
            cached = cache.get(id(finding))
            key = cached[1] if cached is not None and cached[0] is finding else finding.key
            fresh[id(finding)] = (finding, key)
            if key not in findings:
                findings[key] = finding
                wanted[finding.severity].setdefault(finding.layer, []).append(key)
        for item in sorted(report.suppressed, key=lambda s: finding_order(s.finding)):
            key = item.finding.key
            if key not in findings:
                findings[key] = item.finding
                reasons[key] = item.reason
                wanted["suppressed"].setdefault(item.finding.layer, []).append(key)
        self._key_cache = fresh
        old_findings, old_reasons = self._findings, self._reasons
        self._findings = {**old_findings, **findings}  # rows being removed still answer
        for top in self._top:
            self._remove_pass(top, wanted[top.name])
        self._findings, self._reasons = findings, reasons
        for top in self._top:
            self._insert_pass(top, wanted[top.name])
        self._emit_changed(old_findings, old_reasons)

    def _remove_pass(self, top: _Group, by_layer: dict[str, list[str]]) -> None:
        for layer in list(top.children):
            group = self._layers[self._layer_node(top, layer)]
            if layer in by_layer:
                self._remove_rows(group, set(by_layer[layer]))
                continue
            if top.node not in self._collapsed:  # the header and its shown rows go
                at = self._rows.index(group.node)
                size = 1 + (len(group.children) if group.node not in self._collapsed else 0)
                self.beginRemoveRows(_ROOT, at, at + size - 1)
                del self._rows[at:at + size]
                top.children.remove(layer)
                self.endRemoveRows()
            else:
                top.children.remove(layer)
            del self._layers[group.node]
            self._counts.pop(group.node, None)

    def _remove_rows(self, group: _Group, keep: set[str]) -> None:
        """Remove the finding rows not in ``keep``, in runs from the bottom up."""
        old = group.children
        shown = self._children_shown(group)
        base = self._rows.index(group.node) + 1 if shown else 0
        row = len(old) - 1
        while row >= 0:
            if old[row] in keep:
                row -= 1
                continue
            end = row
            while row >= 0 and old[row] not in keep:
                row -= 1
            if shown:
                self.beginRemoveRows(_ROOT, base + row + 1, base + end)
                del self._rows[base + row + 1:base + end + 1]
            del old[row + 1:end + 1]
            if shown:
                self.endRemoveRows()

    def _insert_pass(self, top: _Group, by_layer: dict[str, list[str]]) -> None:
        for layer in LAYERS:
            keys = by_layer.get(layer)
            if not keys:
                continue
            node = self._layer_node(top, layer)
            if layer not in top.children:
                self._insert_layer(top, layer, node, keys)
            else:
                group = self._layers[node]
                if group.children != keys:
                    self._insert_rows(group, keys)
            if self._counts.get(node) != len(keys):
                self._counts[node] = len(keys)
                self._header_changed(node)
        total = sum(self._counts.get(self._layer_node(top, name), 0) for name in top.children)
        if self._counts.get(top.node) != total:
            self._counts[top.node] = total
            self._header_changed(top.node)

    def _insert_layer(self, top: _Group, layer: str, node: int, keys: list[str]) -> None:
        row = sum(1 for name in top.children if LAYERS.index(name) < LAYERS.index(layer))
        group = _Group(node, layer, top.node, list(keys))
        following = top.children[row] if row < len(top.children) else None
        if top.node in self._collapsed:
            top.children.insert(row, layer)
            self._layers[node] = group
            return
        if following is not None:
            at = self._rows.index(self._layer_node(top, following))
        elif top.node < len(self._top):
            at = self._rows.index(top.node + 1)
        else:
            at = len(self._rows)
        rows = [node] + ([] if node in self._collapsed else list(keys))
        self.beginInsertRows(_ROOT, at, at + len(rows) - 1)
        top.children.insert(row, layer)
        self._layers[node] = group
        self._rows[at:at] = rows
        self.endInsertRows()

    def _insert_rows(self, group: _Group, keys: list[str]) -> None:
        """Insert the rows of ``keys`` not shown yet, in runs, top down."""
        old = group.children
        shown = self._children_shown(group)
        kept = set(old)
        if [k for k in keys if k in kept] != old:  # the kept rows changed order: rebuild
            self._remove_rows(group, set())
            kept = set()
        base = self._rows.index(group.node) + 1 if shown else 0
        position = 0
        while position < len(keys):
            if keys[position] in kept:
                position += 1
                continue
            start = position
            while position < len(keys) and keys[position] not in kept:
                position += 1
            if shown:
                self.beginInsertRows(_ROOT, base + start, base + position - 1)
                self._rows[base + start:base + start] = keys[start:position]
            old[start:start] = keys[start:position]
            if shown:
                self.endInsertRows()

    def _header_changed(self, node: int) -> None:
        if node in self._rows:
            index = self.index(self._rows.index(node), 0)
            self.dataChanged.emit(index, index)

    def _emit_changed(self, old: dict[str, Finding], old_reasons: dict[str, str]) -> None:
        """Rows whose finding kept its key but changed its message or reason."""
        reasons = self._reasons
        for key, finding in self._findings.items():
            before = old.get(key)
            if before is None or (before is finding and old_reasons.get(key) == reasons.get(key)):
                continue
            if before != finding or old_reasons.get(key) != reasons.get(key):
                index = self.index_of_key(key)
                if index.isValid():
                    self.dataChanged.emit(index, index)
