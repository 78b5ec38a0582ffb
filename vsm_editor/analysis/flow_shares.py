"""How an alternatives split divides the work among its outgoing flow handoffs."""

from __future__ import annotations

import math

from vsm_editor.model.entities import Percent

# Shares within this many percentage points of 100 count as summing to 100.
SHARE_TOLERANCE = 0.01


def branch_weights(stage_id: str, shares: list[Percent | None]) -> tuple[list[float], str | None]:
    """The probability of each branch of an alternatives split from the shares of its
    outgoing flow handoffs, and a note when the shares could not be used as entered.

    - every share given (a finite number ≥ 0) and their total T ≈ 100: weight = share / T;
    - every share given, T > 0 but not 100: normalised, weight = share / T (noted);
    - some shares missing and the given ones sum to G < 100: each missing one takes
      (100 − G) / (number missing), then weight = share / 100 (noted);
    - otherwise (nothing usable): equal weights 1 / k (noted).
    """
    quick = [share.value if share is not None else -1.0 for share in shares]
    total = sum(quick)
    if abs(total - 100.0) <= SHARE_TOLERANCE and min(quick) >= 0.0:  # False for NaN
        return [value / total for value in quick], None
    values = [
        share.value if share is not None and 0.0 <= share.value < math.inf else None
        for share in shares
    ]
    count = len(values)
    given = [value for value in values if value is not None]
    total = sum(given)  # not fsum: it raises on overflow, sum gives inf
    if len(given) == count and 0.0 < total < math.inf:
        note = f"shares after {stage_id} sum to {total:g} %, normalised to 100 %"
        return [value / total for value in given], note
    if given and len(given) < count and total < 100.0:
        rest = (100.0 - total) / (count - len(given))
        weights = [(value if value is not None else rest) / 100.0 for value in values]
        return weights, (
            f"{count - len(given)} share(s) after {stage_id} missing: "
            f"they take the remaining {100.0 - total:g} % equally"
        )
    return [1.0 / count] * count, f"shares after {stage_id} unusable: equal shares assumed"
