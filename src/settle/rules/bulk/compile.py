"""Compile rule nodes and conditions to Polars expressions over canonical columns.

All arithmetic is on integers: an amount with `scale` decimals is held in units of
10^-scale, points in units of 10^-points_precision (settle.packs.target). This is what
makes the bulk engine agree exactly with the one-person engine's Decimal arithmetic. Each
kind's compilation lives in its module in settle.language.kinds.
"""

from __future__ import annotations

import polars as pl

from settle.language.conditions import Condition
from settle.language.context import NotCompilable
from settle.language.nodes import Node
from settle.language.nodes import compile_node as _compile_node
from settle.packs.target import PackTarget as Target

__all__ = ["NotCompilable", "Target", "compile_condition", "compile_node"]


def compile_node(node: Node, t: Target) -> pl.Expr:
    """The points of `node` per row, in units of 10^-precision, caps and precondition applied."""
    return _compile_node(node, t)


def compile_condition(cond: Condition, t: Target, points: dict[str, pl.Expr]) -> pl.Expr:
    """A boolean expression; `points` maps 'total' and group ids to their expressions."""
    return cond.compile(t, points)
