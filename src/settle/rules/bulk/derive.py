"""Derived facts for a whole table: ages and holding lengths from dates, months from periods.
Each derived fact computes its own column (settle.language.facts.derived)."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import polars as pl

from settle.language.dates import month_index
from settle.language.facts import FactProblem
from settle.language.facts.columns import rows_broken
from settle.packs.pack import Pack
from settle.rules.bulk.columns import CanonicalPlan


def derive_plan(pack: Pack, plan: CanonicalPlan, on: dt.date) -> tuple[CanonicalPlan, list[pl.Expr]]:
    """The derived facts: those computed at once (months from periods) are attached to the
    plan's source; the others are expressions, returned in declaration order (each may read
    the ones before it)."""
    source = plan.source
    attached: list[pl.Expr] = []
    exprs: list[pl.Expr] = []
    for name, spec in pack.derived.items():
        column = spec.column(name, source, on)
        if isinstance(column, pl.Series):
            source = source.with_columns(column.alias(name))
            attached.append(pl.col(name))
        else:
            exprs.append(column.alias(name))
    return replace(plan, source=source, columns=[*plan.columns, *attached]), exprs


def add_derived(pack: Pack, frame: pl.DataFrame, on: dt.date) -> pl.DataFrame:
    """`frame` (canonical columns) with one column per derived fact, in declaration order."""
    plan, exprs = derive_plan(pack, CanonicalPlan(frame, [pl.all()]), on)
    lazy = plan.lazy()
    for expr in exprs:
        lazy = lazy.with_columns(expr)
    return lazy.collect()


def derivation_problems(pack: Pack, lazy: pl.LazyFrame, on: dt.date) -> list[FactProblem]:
    """Rows that cannot be derived (a date later than the evaluation date), in one pass."""
    return rows_broken(lazy, [check for name, spec in pack.derived.items()
                              for check in spec.checks(name, on)])


__all__ = ["add_derived", "derivation_problems", "derive_plan", "month_index"]
