"""Scoring bids by a project's published method: weighted criteria, each scored 0-100.

A `price` criterion is computed from the opened prices: the lowest price among the bids
divided by this bid's price, times 100 (purchase-directory/scoring/comprehensive.yaml states
the source and that it is outside the seeds). An `assessed` criterion is scored by the
evaluators. The total is the weighted mean of the criteria's scores, to three decimals.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

HUNDRED = Decimal(100)
PLACES = Decimal("0.001")


def price_scores(prices: Mapping[int, Decimal]) -> dict[int, Decimal]:
    """Each bid's price score: lowest / price x 100 (the lowest price scores 100)."""
    if not prices:
        return {}
    lowest = min(prices.values())
    return {bid: (lowest / price * HUNDRED).quantize(PLACES, ROUND_HALF_UP) for bid, price in prices.items()}


def weighted_total(criteria: Sequence[Mapping[str, Any]], scores: Mapping[str, Decimal]) -> Decimal:
    """The weighted mean of `scores` (one per criterion of `criteria`, 0-100)."""
    weights = {str(c["criterion"]): Decimal(str(c["weight"])) for c in criteria}
    missing = sorted(set(weights) - set(scores))
    if missing:
        raise KeyError(", ".join(missing))
    total = sum((weights[name] * scores[name] for name in weights), Decimal(0))
    return (total / sum(weights.values())).quantize(PLACES, ROUND_HALF_UP)


def assessed_criteria(criteria: Sequence[Mapping[str, Any]]) -> list[str]:
    return [str(c["criterion"]) for c in criteria if c["kind"] == "assessed"]


def price_criterion(criteria: Sequence[Mapping[str, Any]]) -> str | None:
    return next((str(c["criterion"]) for c in criteria if c["kind"] == "price"), None)
