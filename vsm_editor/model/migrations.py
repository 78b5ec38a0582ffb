"""Format versions and the steps that bring an older file up to the current version.

Version 0 was the prototype format: stream fields at the top level, stages naming their lane
by name, an absolute ``y``, the wait stored on the stage instead of its incoming handoff,
%C&A as a bare number, decisions as bare strings, and the catalogue lists at the top level.
Version 1 is the current format (``resources/schema/vsm-anatomy-1.schema.json``).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

FORMAT_NAME = "vsm-anatomy"
CURRENT_VERSION = 1
DEFAULT_LANE_HEIGHT = 160.0


def migrate(raw: Any, version: int) -> dict[str, Any]:
    """Apply every step from ``version`` up to the current version to the decoded JSON."""
    if not isinstance(raw, dict):
        raise ValueError("is not a vsm-editor map (expected a JSON object)")
    doc = raw
    for step_version in range(version, CURRENT_VERSION):
        doc = STEPS[step_version](doc)
    return doc


def _v0_to_v1(old: dict[str, Any]) -> dict[str, Any]:
    """Prototype (0) → 1. Raises ValueError with a location on shapes it cannot read."""
    name = _text(old.get("name"), "name") or "Untitled stream"
    digest = hashlib.sha1(name.encode("utf-8")).hexdigest()[:8]
    new: dict[str, Any] = {
        "format": FORMAT_NAME,
        "version": 1,
        "stream": {
            "id": f"vs_{digest}",
            "name": name,
            "description": _text(old.get("description", ""), "description"),
            "working_day_hours": old.get("working_day_hours", 8.0),
        },
        "outcomes": _list(old.get("outcomes", []), "outcomes"),
        "lanes": [],
        "stages": [],
        "handoffs": [
            dict(_object(h, f"handoffs[{i}]"))
            for i, h in enumerate(_list(old.get("handoffs", []), "handoffs"))
        ],
        "catalogue": {
            "control_points": _list(old.get("control_points", []), "control_points"),
            "logic": _list(old.get("logic", []), "logic"),
            "components": _list(old.get("components", []), "components"),
        },
    }
    lane_ids: dict[str, str] = {}
    lane_tops: dict[str, float] = {}
    top = 0.0
    for index, lane in enumerate(_list(old.get("lanes", []), "lanes")):
        where = f"lanes[{index}]"
        lane = dict(_object(lane, where))
        lane.setdefault("height", DEFAULT_LANE_HEIGHT)
        lane_name = _text(lane.get("name", ""), f"{where}.name")
        lane_id = _text(lane.get("id", ""), f"{where}.id")
        lane_ids[lane_name] = lane_id
        lane_tops[lane_id] = top
        top += _number(lane["height"], f"{where}.height")
        new["lanes"].append(lane)
    bottom = top

    waits: dict[str, Any] = {}
    for index, stage in enumerate(_list(old.get("stages", []), "stages")):
        where = f"stages[{index}]"
        stage = dict(_object(stage, where))
        stage_id = _text(stage.get("id", ""), f"{where}.id")
        _text(stage.get("notes", ""), f"{where}.notes")
        lane_name = stage.pop("lane", None)
        if lane_name is not None:
            _text(lane_name, f"{where}.lane")
            if lane_name not in lane_ids:
                raise ValueError(f"stages[{index}].lane: no lane is named {lane_name!r}")
            stage["lane"] = lane_ids[lane_name]
        lane_top = lane_tops.get(stage.get("lane"), bottom) if stage.get("lane") else bottom
        if "y" in stage:
            stage["y"] = _number(stage["y"], f"{where}.y") - lane_top
        if isinstance(stage.get("pca"), int | float):
            stage["pca"] = {"value": stage["pca"]}
        stage["decisions"] = [
            {"id": f"{stage_id}_d{position + 1}", "text": text}
            if isinstance(text, str)
            else text
            for position, text in enumerate(
                _list(stage.get("decisions", []), f"stages[{index}].decisions")
            )
        ]
        if "wait" in stage:
            waits[stage_id] = _object(stage.pop("wait"), f"{where}.wait")
        new["stages"].append(stage)

    for stage in new["stages"]:
        wait = waits.get(stage.get("id", ""))
        if wait is None:
            continue
        incoming = [
            h
            for h in new["handoffs"]
            if h.get("target") == stage.get("id") and h.get("kind", "flow") == "flow"
        ]
        for handoff in incoming:
            handoff.setdefault("wait", wait)
        if not incoming:
            amount = f"{wait.get('value')} {wait.get('unit')}"
            note = f"Wait before this stage (kept from an older file): {amount}"
            stage["notes"] = (stage.get("notes", "") + "\n" + note).strip()
    return new


def _list(value: Any, where: str) -> list[Any]:
    if not isinstance(value, list):
        raise ValueError(f"{where}: expected a list")
    return value


def _object(value: Any, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ValueError(f"{where}: expected an object")
    return value


def _number(value: Any, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"{where}: expected a number")
    return float(value)


def _text(value: Any, where: str) -> str:
    if not isinstance(value, str):
        raise ValueError(f"{where}: expected a string")
    return value


STEPS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {0: _v0_to_v1}
