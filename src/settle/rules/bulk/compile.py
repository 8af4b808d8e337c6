"""Compile rule nodes and conditions to Polars expressions over canonical columns.

All arithmetic is on integers: an amount with `scale` decimals is held in units of
10^-scale, points in units of 10^-points_precision. This is what makes the bulk engine
agree exactly with the one-person engine's Decimal arithmetic.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from functools import reduce
from typing import Any

import polars as pl

from settle.packs.pack import Pack
from settle.packs.schema import (
    Bands,
    BestOf,
    Category,
    Condition,
    Fixed,
    Flag,
    Node,
    ParamRef,
    PerEntry,
    PerUnit,
    PerYear,
    SumOf,
)
from settle.rules.bulk.columns import scale_of, scaled


class NotCompilable(ValueError):
    """A rule uses a number the integer form cannot hold exactly (named in the message)."""


@dataclass(frozen=True)
class Target:
    pack: Pack
    as_of: dt.date
    year_columns: dict[str, dict[int, str]]

    @property
    def precision(self) -> int:
        return self.pack.meta.points_precision

    def scale(self, fact: str) -> int:
        spec = self.pack.facts.get(fact)
        return scale_of(spec) if spec is not None else 0

    def points(self, value: Decimal, where: str) -> int:
        try:
            return scaled(value, self.precision)
        except ValueError:
            raise NotCompilable(f"{where}: {value} points need more than the pack's "
                                f"{self.precision} decimal place(s)") from None

    def amount(self, fact: str, value: Decimal, where: str) -> int:
        try:
            return scaled(value, self.scale(fact))
        except ValueError:
            raise NotCompilable(f"{where}: {value} needs more decimal places than fact "
                                f"{fact!r} has") from None


def _per_unit(node: PerUnit, t: Target) -> pl.Expr:
    value = pl.col(node.fact)
    above = t.amount(node.fact, node.above, "above")
    unit = t.amount(node.fact, node.unit, "unit")
    units = pl.when(value > above).then((value - above) // unit).otherwise(0)
    start = t.points(node.start, "start")
    ppu = t.points(node.points_per_unit, "points_per_unit")
    if node.first_unit_points is None:
        return start + units * ppu
    first = t.points(node.first_unit_points, "first_unit_points")
    return pl.when(units >= 1).then(start + first + (units - 1) * ppu).otherwise(start)


def _bands(node: Bands, t: Target) -> pl.Expr:
    value = pl.col(node.fact)
    chain: Any = pl
    for band in node.bands:
        tests = []
        if band.min is not None:
            tests.append(value >= t.amount(node.fact, band.min, "band min"))
        if band.max is not None:
            tests.append(value <= t.amount(node.fact, band.max, "band max"))
        if band.below is not None:
            tests.append(value < t.amount(node.fact, band.below, "band below"))
        chain = chain.when(reduce(lambda a, b: a & b, tests)).then(t.points(band.points, "band"))
    result: pl.Expr = chain.otherwise(t.points(node.otherwise, "otherwise"))
    return result.cast(pl.Int64)


def _category(node: Category, t: Target) -> pl.Expr:
    """A lookup by the category's code (the column holds codes in facts.yaml order)."""
    values = list(t.pack.facts[node.fact].values or {})
    otherwise = t.points(node.otherwise, "otherwise")
    by_code = [t.points(node.points[v], f"category {v}") if v in node.points else otherwise
               for v in values]
    return pl.lit(pl.Series(by_code, dtype=pl.Int64)).gather(pl.col(node.fact))


def _per_year(node: PerYear, t: Target) -> pl.Expr:
    unit = t.amount(node.fact, node.unit, "unit")
    ppu = t.points(node.points_per_unit, "points_per_unit")
    cap = None if node.max_per_year is None else t.points(node.max_per_year, "max_per_year")
    available = t.year_columns.get(node.fact, {})
    terms: list[pl.Expr] = []
    for year in range(t.as_of.year - node.window_years + 1, t.as_of.year + 1):
        if year not in available:
            continue
        amount = pl.col(available[year])
        raw = pl.when(amount > 0).then(amount // unit).otherwise(0) * ppu
        terms.append(raw if cap is None else pl.min_horizontal(raw, pl.lit(cap)))
    return pl.sum_horizontal(terms) if terms else pl.lit(0, dtype=pl.Int64)


def _per_entry(node: PerEntry, t: Target) -> pl.Expr:
    points = t.points(node.points, "points")
    if node.divide_by_entry:
        # points / n rounded half-up, on integers: (2 * points + n) // (2 * n)
        each = (2 * points + pl.element()) // (2 * pl.element())
        return pl.col(node.fact).list.eval(each).list.sum().fill_null(0).cast(pl.Int64)
    return pl.col(node.fact).list.len().cast(pl.Int64) * points


def _body(node: Node, t: Target) -> pl.Expr:
    if isinstance(node, Fixed):
        return pl.lit(t.points(node.points, "fixed"), dtype=pl.Int64)
    if isinstance(node, Flag):
        return pl.when(pl.col(node.fact)).then(t.points(node.points, "flag")).otherwise(0)
    if isinstance(node, Bands):
        return _bands(node, t)
    if isinstance(node, Category):
        return _category(node, t)
    if isinstance(node, PerUnit):
        return _per_unit(node, t)
    if isinstance(node, PerYear):
        return _per_year(node, t)
    if isinstance(node, PerEntry):
        return _per_entry(node, t)
    if isinstance(node, BestOf):
        return pl.max_horizontal([compile_node(child, t) for child in node.of])
    if isinstance(node, SumOf):
        return pl.sum_horizontal([compile_node(child, t) for child in node.of])
    raise AssertionError(type(node))


def compile_node(node: Node, t: Target) -> pl.Expr:
    """The points of `node` per row, in units of 10^-precision, caps and precondition applied."""
    expr = _body(node, t).cast(pl.Int64)
    if node.max is not None:
        expr = pl.min_horizontal(expr, pl.lit(t.points(node.max, "max")))
    if node.min is not None:
        expr = pl.max_horizontal(expr, pl.lit(t.points(node.min, "min")))
    if node.requires is not None:
        expr = pl.when(compile_condition(node.requires, t, {})).then(expr).otherwise(0)
    return expr


COMPARE: dict[str, Callable[[pl.Expr, Any], pl.Expr]] = {
    "==": lambda a, b: a == b, "!=": lambda a, b: a != b, "<": lambda a, b: a < b,
    "<=": lambda a, b: a <= b, ">": lambda a, b: a > b, ">=": lambda a, b: a >= b,
    "in": lambda a, b: a.is_in(b), "not_in": lambda a, b: ~a.is_in(b),
}


def compile_condition(cond: Condition, t: Target, points: dict[str, pl.Expr]) -> pl.Expr:
    """A boolean expression; `points` maps 'total' and group ids to their expressions."""
    if cond.all is not None:
        return pl.all_horizontal([compile_condition(c, t, points) for c in cond.all])
    if cond.any is not None:
        return pl.any_horizontal([compile_condition(c, t, points) for c in cond.any])
    if cond.not_ is not None:
        return ~compile_condition(cond.not_, t, points)
    if cond.at_least is not None:
        count = pl.sum_horizontal([compile_condition(c, t, points).cast(pl.Int32)
                                   for c in cond.of or []])
        return count >= cond.at_least
    assert cond.op is not None
    wanted: Any = cond.value
    if isinstance(wanted, ParamRef):
        wanted = t.pack.meta.parameters[wanted.param].value
    if cond.points is not None:
        return COMPARE[cond.op](points[cond.points], t.points(Decimal(str(wanted)), "condition"))
    assert cond.fact is not None
    spec = t.pack.facts.get(cond.fact)
    if spec is not None and spec.type == "category":
        codes = list(spec.values or {})
        wanted = [codes.index(v) for v in wanted] if isinstance(wanted, list) else codes.index(wanted)
    elif isinstance(wanted, Decimal) or (isinstance(wanted, int) and not isinstance(wanted, bool)):
        wanted = t.amount(cond.fact, Decimal(wanted), "condition")
    return COMPARE[cond.op](pl.col(cond.fact), wanted)
