"""Graphviz ``dot`` as the yardstick for the auto-layout (quality and speed).

:func:`to_dot` writes the map as dot sees it: rankdir LR, one cluster per lane, every stage a
fixed-size box, flow handoffs ranking left to right, information and rework handoffs drawn
but not ranking (``constraint=false``), the same gaps as the auto-layout. :func:`run_dot`
times ``dot -Tjson`` and :func:`dot_drawing` turns its output into a
:class:`~vsm_editor.analysis.layout_crossings.Drawing` (splines flattened to polylines, y
pointing down), so crossings are counted the same way for both engines.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import time
from typing import Any

from vsm_editor.analysis.layout_crossings import Drawing, Point
from vsm_editor.model.entities import AnatomyMap
from vsm_editor.model.geometry import Rect

#: Points per inch in dot's output.
_POINTS = 72.0
#: Samples per cubic Bézier piece when flattening a spline.
_SAMPLES = 8


def dot_available() -> bool:
    """Whether the ``dot`` program is on the PATH."""
    return shutil.which("dot") is not None


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def to_dot(anatomy: AnatomyMap, column_gap: float = 50.0, row_gap: float = 30.0) -> str:
    """The map as a dot graph (stage ids as node names, handoff ids as edge ids)."""
    lines = [
        "digraph vsm {",
        f"  graph [rankdir=LR, newrank=true, ranksep={column_gap / _POINTS:.4f}, "
        f"nodesep={row_gap / _POINTS:.4f}];",
        '  node [shape=box, fixedsize=true, label=""];',
    ]
    members: dict[str | None, list[str]] = {}
    for stage in anatomy.stages:
        members.setdefault(stage.lane, []).append(stage.id)
    known = {lane.id for lane in anatomy.lanes}

    def node(stage_id: str, width: float, height: float) -> str:
        return (
            f"{_quote(stage_id)} [width={max(abs(width), 1.0) / _POINTS:.4f}, "
            f"height={max(abs(height), 1.0) / _POINTS:.4f}];"
        )

    size = {stage.id: (stage.width, stage.height) for stage in anatomy.stages}
    for number, lane in enumerate(anatomy.lanes):
        if not members.get(lane.id):
            continue
        lines.append(f"  subgraph cluster_{number} {{")
        lines.extend("    " + node(s, *size[s]) for s in members[lane.id])
        lines.append("  }")
    for lane_id, stage_ids in members.items():
        if lane_id is None or lane_id not in known:
            lines.extend("  " + node(s, *size[s]) for s in stage_ids)
    for handoff in anatomy.handoffs:
        extra = "" if handoff.kind == "flow" else ", constraint=false"
        lines.append(
            f"  {_quote(handoff.source)} -> {_quote(handoff.target)} "
            f"[id={_quote(handoff.id)}{extra}];"
        )
    lines.append("}")
    return "\n".join(lines) + "\n"


def run_dot(source: str, timeout: float = 600.0) -> tuple[dict[str, Any], float]:
    """Run ``dot -Tjson`` on ``source``; returns the parsed output and the wall time taken."""
    started = time.perf_counter()
    done = subprocess.run(
        ["dot", "-Tjson"], input=source.encode(), capture_output=True, timeout=timeout,
        check=True,
    )
    seconds = time.perf_counter() - started
    return json.loads(done.stdout), seconds


def dot_drawing(output: dict[str, Any]) -> Drawing:
    """Boxes and flattened edge splines from ``dot -Tjson`` output, in map orientation."""
    height = float(output["bb"].split(",")[3])
    boxes: dict[str, Rect] = {}
    names: dict[int, str] = {}
    for item in output.get("objects", []):
        if "pos" not in item or "nodes" in item:
            continue
        x, y = (float(v) for v in item["pos"].split(","))
        w, h = float(item["width"]) * _POINTS, float(item["height"]) * _POINTS
        boxes[item["name"]] = Rect(x - w / 2, height - y - h / 2, w, h)
        names[item["_gvid"]] = item["name"]
    lines: dict[str, list[Point]] = {}
    ends: dict[str, tuple[str, str]] = {}
    for edge in output.get("edges", []):
        if "pos" not in edge:
            continue
        key = edge.get("id") or f"edge{edge['_gvid']}"
        lines[key] = [(x, height - y) for x, y in _flatten(edge["pos"])]
        ends[key] = (names[edge["tail"]], names[edge["head"]])
    return Drawing(boxes, lines, ends)


def _flatten(pos: str) -> list[Point]:
    """A dot spline (``[s,x,y] [e,x,y] p0 p1 p2 p3 …``) as a polyline, arrow tips included."""
    start_tip = end_tip = None
    controls: list[Point] = []
    for token in pos.replace("\\\n", "").split():
        parts = token.split(",")
        if parts[0] == "s":
            start_tip = (float(parts[1]), float(parts[2]))
        elif parts[0] == "e":
            end_tip = (float(parts[1]), float(parts[2]))
        else:
            controls.append((float(parts[0]), float(parts[1])))
    points: list[Point] = [start_tip] if start_tip else []
    if controls:
        points.append(controls[0])
    for i in range(1, len(controls) - 2, 3):
        p0, p1, p2, p3 = controls[i - 1], controls[i], controls[i + 1], controls[i + 2]
        for step in range(1, _SAMPLES + 1):
            t = step / _SAMPLES
            u = 1 - t
            points.append((
                u**3 * p0[0] + 3 * u * u * t * p1[0] + 3 * u * t * t * p2[0] + t**3 * p3[0],
                u**3 * p0[1] + 3 * u * u * t * p1[1] + 3 * u * t * t * p2[1] + t**3 * p3[1],
            ))
    if end_tip:
        points.append(end_tip)
    return points
