"""The metrics table of a comparison: flow numbers and P1–P4 coverage of A and B.

The numbers come from the analysis (:func:`~vsm_editor.analysis.flow.compute_flow` and
:func:`~vsm_editor.analysis.coverage.compute_coverage`, the coverage ``analyze`` reports),
so the comparison always agrees with what each map shows on its own.
"""

from __future__ import annotations

import math

from vsm_editor.analysis.compare_result import MetricRow, Pairing
from vsm_editor.analysis.coverage import LAYERS, Coverage, compute_coverage
from vsm_editor.analysis.flow import FlowMetrics, compute_flow
from vsm_editor.model.entities import AnatomyMap


def metric_rows(a: AnatomyMap, b: AnatomyMap, stages: Pairing) -> tuple[MetricRow, ...]:
    """Lead time, total process time, flow efficiency, rolled %C&A, the bottleneck and its
    wait, and P1–P4 coverage, each for A and B with the change."""
    flow_a, flow_b = compute_flow(a), compute_flow(b)
    return flow_rows(a, b, flow_a, flow_b, stages) + coverage_rows(
        compute_coverage(a), compute_coverage(b)
    )


def flow_rows(
    a: AnatomyMap, b: AnatomyMap, flow_a: FlowMetrics, flow_b: FlowMetrics, stages: Pairing
) -> tuple[MetricRow, ...]:
    """The flow rows from already computed metrics."""
    return (
        _number("lead_time", "lead time", "h", flow_a.lead_time_hours, flow_b.lead_time_hours),
        _number("process_time", "total process time", "h",
                flow_a.process_time_hours, flow_b.process_time_hours),
        _number("flow_efficiency", "flow efficiency", "%",
                _percent(flow_a.flow_efficiency), _percent(flow_b.flow_efficiency)),
        _number("rolled_pca", "rolled %C&A", "%", flow_a.rolled_pca, flow_b.rolled_pca),
        _bottleneck(a, b, flow_a.bottleneck, flow_b.bottleneck, stages),
        _number("bottleneck_wait", "bottleneck wait", "h",
                flow_a.bottleneck_wait_hours, flow_b.bottleneck_wait_hours),
    )


def coverage_rows(coverage_a: Coverage, coverage_b: Coverage) -> tuple[MetricRow, ...]:
    """One row per layer: stages with the layer linked, out of all stages."""
    rows = []
    for layer in LAYERS:
        linked_a, linked_b = coverage_a.linked(layer), coverage_b.linked(layer)
        rows.append(MetricRow(
            key=f"coverage_{layer}",
            label=f"{layer} coverage",
            unit="stages",
            a=linked_a,
            b=linked_b,
            delta=linked_b - linked_a,
            a_of=coverage_a.total,
            b_of=coverage_b.total,
        ))
    return tuple(rows)


def _number(key: str, label: str, unit: str, a: float | None, b: float | None) -> MetricRow:
    delta = None
    if a is not None and b is not None:
        delta = b - a
        if not math.isfinite(delta):
            delta = None
    return MetricRow(key=key, label=label, unit=unit, a=a, b=b, delta=delta)


def _percent(share: float | None) -> float | None:
    return None if share is None else 100.0 * share


def _bottleneck(
    a: AnatomyMap, b: AnatomyMap, in_a: str | None, in_b: str | None, stages: Pairing
) -> MetricRow:
    note = ""
    if in_a is not None and in_b is not None:
        note = "same stage" if stages.a_to_b.get(in_a) == in_b else "another stage"
    return MetricRow(
        key="bottleneck",
        label="bottleneck",
        unit="stage",
        a=in_a,
        b=in_b,
        a_label=_stage_name(a, in_a),
        b_label=_stage_name(b, in_b),
        note=note,
    )


def _stage_name(anatomy: AnatomyMap, stage_id: str | None) -> str:
    if stage_id is None:
        return ""
    for stage in anatomy.stages:
        if stage.id == stage_id:
            return stage.name
    return ""
