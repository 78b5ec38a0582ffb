"""The analysis rules, one small module per layer; importing this package registers them.

Rule ids are stable kebab-case strings prefixed by their layer (``p1-``…``p4-``, ``flow-``,
``structure-``); settings, suppressions and golden files refer to them.

Finding paths name the field that would fix the finding, built from ids:
``kind:id`` segments then a field, e.g. ``stage:st_k3f9/outcomes``,
``logic:lg_2m1c/control_point``, ``stage:st_k3f9/handoff:ho_77ab/share``,
``stream:vs_1/delivery_metrics/measured_lead_time``. Besides the stored fields, paths use
these derived ones (shown by the inspector, never stored): ``stage…/logic`` (logic applied
there), ``stage…/components`` (components realizing it), ``stage…/handoffs`` (its
connections), ``outcome…/served_by``, ``logic…/realized_by``, ``stream…/start`` and
``stream…/end`` (the stages' start and end marks). A stale suppression's path is
``suppression:`` followed by the suppression's key.
"""

# Importing the modules registers their rules (module order = registry order).
from vsm_editor.analysis.rules import (  # noqa: F401
    flow_numbers,
    p1_strategy,
    p2_process,
    p3_logic,
    p4_components,
    structure,
)
from vsm_editor.analysis.rules.registry import (
    LAYER_ORDER,
    RULES,
    RuleInfo,
    checks_in,
    rule_info,
)

# List the rules layer by layer (P1 … P4, flow, structure), each layer in declaration order.
_ordered = sorted(RULES.values(), key=lambda info: LAYER_ORDER[info.layer])
RULES.clear()
RULES.update((info.id, info) for info in _ordered)

__all__ = ["RULES", "RuleInfo", "checks_in", "rule_info"]
