"""Small-cell suppression for every aggregate shown to analysts: a count of fewer than
`threshold` persons (default 10) is not shown, nor a count whose complement is that small, nor
a mean over fewer than `threshold` persons; when one cell of a breakdown is hidden, the next
smallest is hidden too, so that it cannot be found by subtraction from the total."""

from __future__ import annotations

import os
from decimal import Decimal

DEFAULT_THRESHOLD = 10


def threshold_from_env() -> int:
    """SETTLE_SMALL_CELL, else 10."""
    raw = os.environ.get("SETTLE_SMALL_CELL")
    if raw is None:
        return DEFAULT_THRESHOLD
    if not raw.isdigit() or int(raw) < 1:
        raise ValueError(f"SETTLE_SMALL_CELL = {raw!r}: expected a whole number of persons, at least 1")
    return int(raw)


def count(value: int, total: int, threshold: int) -> int | None:
    """A count of `total`, or None when it or its complement is below the threshold."""
    if value == 0 and (total == 0 or total >= threshold):
        return 0  # nobody of a group large enough to show: singles no one out
    if value < threshold or (total - value < threshold and value != total):
        return None
    return value


def mean(value: Decimal | None, n: int, threshold: int) -> Decimal | None:
    return None if value is None or n < threshold else value


def breakdown(cells: dict[str, int], threshold: int) -> dict[str, int | None]:
    """A breakdown with small cells hidden, and a second cell hidden when only one would be."""
    shown: dict[str, int | None] = {k: (None if 0 < v < threshold else v) for k, v in cells.items()}
    hidden = [k for k, v in shown.items() if v is None]
    if len(hidden) == 1:
        rest = sorted((v, k) for k, v in cells.items() if shown[k] is not None and v > 0)
        if rest:
            shown[rest[0][1]] = None
    return shown
