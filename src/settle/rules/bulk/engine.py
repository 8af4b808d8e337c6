"""The bulk engine: score a whole table of persons with the same pack, exactly.

It compiles each item to one Polars expression (see compile.py) and evaluates them all in
one pass. Results agree with the one-person engine item by item (tests/rules/test_bulk.py).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass

import polars as pl

from settle.packs.pack import Pack
from settle.rules.bulk.columns import BROKEN, CanonicalPlan, canonical_plan, year_columns
from settle.rules.bulk.compile import Target, compile_condition, compile_node
from settle.rules.bulk.derive import derivation_problems, derive_plan
from settle.rules.facts import InvalidFacts


@dataclass(frozen=True)
class BulkResult:
    """Scores of a table: `frame` holds item.<id>, subtotal.<group>, total, cond.<id> and
    eligible per row. Points are integers in units of 10^-precision (see `points`)."""

    pack: Pack
    as_of: dt.date
    frame: pl.DataFrame

    @property
    def precision(self) -> int:
        return self.pack.meta.points_precision

    def readable(self) -> pl.DataFrame:
        """The frame with points as exact decimals instead of scaled integers."""
        return with_exact_points(self.frame, self.precision)


def is_points_column(name: str) -> bool:
    return name.startswith(("item.", "subtotal.")) or name == "total"


def with_exact_points(frame: pl.DataFrame, precision: int) -> pl.DataFrame:
    """Points columns (scaled integers) turned into exact Decimal(38, precision) columns."""
    if precision == 0:
        return frame
    factor = 10**precision
    return frame.with_columns(
        (pl.col(c).cast(pl.Decimal(38, precision)) / factor).cast(pl.Decimal(38, precision))
        for c in frame.columns if is_points_column(c))


def score_stages(pack: Pack, on: dt.date, columns: list[str],
                 options: list[str] | tuple[str, ...] = ()) -> list[list[pl.Expr]]:
    """The expressions to evaluate, in stages that each read the columns of the one before:
    items; subtotals; total; eligibility conditions; eligible."""
    target = Target(pack=pack, as_of=on, options=tuple(options),
                    columns={name: year_columns(columns, name) for name in pack.facts})
    items = pack.with_options(options)
    item_exprs = [compile_node(item.rule, target).alias(f"item.{item.id}") for item in items]
    subtotals = [
        pl.sum_horizontal([pl.col(f"item.{i.id}") for i in items if i.group == g]
                          or [pl.lit(0, dtype=pl.Int64)]).cast(pl.Int64).alias(f"subtotal.{g}")
        for g in pack.group_ids()]
    total = pl.sum_horizontal([pl.col(f"subtotal.{g}") for g in pack.group_ids()]
                              ).cast(pl.Int64).alias("total")
    points = {g: pl.col(f"subtotal.{g}") for g in pack.group_ids()} | {"total": pl.col("total")}
    rules = pack.eligibility_with_options(options)
    conditions = [compile_condition(rule.condition, target, points).alias(f"cond.{rule.id}")
                  for rule in rules]
    eligible = (pl.all_horizontal([pl.col(f"cond.{r.id}") for r in rules])
                if rules else pl.lit(True)).alias("eligible")
    return [item_exprs, subtotals, [total], conditions or [pl.lit(True).alias("_none")], [eligible]]


def _planned(pack: Pack, table: pl.DataFrame, on: dt.date, keep: list[str] | None,
             defer: bool) -> tuple[pl.LazyFrame, CanonicalPlan]:
    passthrough = tuple(c for c in keep or [] if c not in pack.facts)
    plan, derived = derive_plan(pack, canonical_plan(pack, table, passthrough, defer=defer), on)
    lazy = plan.lazy()
    problems = derivation_problems(pack, lazy, on)
    if problems:
        raise InvalidFacts(pack.id, plan.problems() or problems)
    for expr in derived:
        lazy = lazy.with_columns(expr)
    return lazy, plan


def prepare(pack: Pack, table: pl.DataFrame, on: dt.date, keep: list[str] | None = None) -> pl.LazyFrame:
    """The table's facts as canonical columns with the derived facts added, checked: what
    the compiled rules read. Raises InvalidFacts naming each bad field."""
    return _planned(pack, table, on, keep, defer=False)[0]


def score_prepared(pack: Pack, prepared: pl.LazyFrame, on: dt.date,
                   options: list[str] | tuple[str, ...] = (), keep: list[str] | None = None,
                   results: Collection[str] | None = None) -> BulkResult:
    """Score a prepared table (see `prepare`): the scoring stage alone, for callers that
    score the same persons many times (sweeps) and prepare them once. `results` as for
    `score_table`."""
    lazy = prepared
    columns = lazy.collect_schema().names()
    for stage in score_stages(pack, on, list(dict.fromkeys(columns)), options):
        lazy = lazy.with_columns(stage)
    names = lazy.collect_schema().names()
    ids = [c for c in ("person_id", "id") if c in names]
    extra = [c for c in [*pack.derived, *(keep or [])] if c in names and c not in ids]
    every = [c for c in names if c.startswith(("item.", "subtotal.", "cond.")) or c in ("total", "eligible")]
    shown = [c for c in every if results is None or c in results] + [c for c in names if c == BROKEN]
    # points fit 32 bits (±21 million points at 2 decimals): half the memory of the results
    outputs = [pl.col(c).cast(pl.Int32) if is_points_column(c) else pl.col(c) for c in shown]
    scored = lazy.select(*ids, *dict.fromkeys(extra), *outputs).collect(engine="streaming")
    return BulkResult(pack=pack, as_of=on, frame=scored)


def score_table(pack: Pack, table: pl.DataFrame, as_of: dt.date | None = None,
                options: list[str] | tuple[str, ...] = (), keep: list[str] | None = None,
                results: Collection[str] | None = None) -> BulkResult:
    """Score every row of `table` (facts as columns) under `pack` on date `as_of`.

    The result holds the id column, the derived facts, the columns named in `keep`, and
    every item, subtotal, total, condition and the eligibility flag; with `results`, only
    the result columns it names (e.g. a round's `total`, subtotals and `eligible`): the
    others are computed only as far as those need them, and not kept."""
    on = as_of or pack.meta.default_evaluation_date
    lazy, plan = _planned(pack, table, on, keep, defer=True)
    # the checks of typed columns are evaluated in the scoring pass (one pass over the rows,
    # not two): a row that breaks one marks BROKEN, and then the rows are named and refused
    try:
        result = score_prepared(pack, lazy, on, options, keep, results)
    except pl.exceptions.PolarsError:
        if problems := plan.problems():
            raise InvalidFacts(pack.id, problems) from None
        raise
    if BROKEN not in result.frame.columns:
        return result
    if result.frame[BROKEN].any():
        raise InvalidFacts(pack.id, plan.problems())
    return BulkResult(pack=pack, as_of=on, frame=result.frame.drop(BROKEN))
