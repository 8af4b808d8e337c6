"""Evaluate one rule node for one person, exactly (Decimal), recording every step.

Each kind's evaluation lives in its module in settle.language.kinds; this is the entry the
engines and tests call. The bulk engine (settle.rules.bulk) compiles the same nodes to
Polars expressions; tests prove the two agree item by item.
"""

from __future__ import annotations

from settle.language.kinds.per_entry import share
from settle.language.kinds.per_unit import whole_units
from settle.language.nodes import Node, band_label
from settle.language.nodes import evaluate as _evaluate
from settle.language.result import Step
from settle.rules.scope import Scope

__all__ = ["band_label", "evaluate_node", "share", "whole_units"]


def evaluate_node(node: Node, scope: Scope) -> Step:
    """Points of `node` for the person in `scope`, with its precondition and caps applied."""
    return _evaluate(node, scope)
