"""Derived facts for a whole table: ages and holding lengths from dates, months from periods."""

from __future__ import annotations

import datetime as dt

import polars as pl

from settle.packs.pack import Pack
from settle.packs.schema import DerivedPeriodMonths, DerivedTimeSince, DerivedWholeYears
from settle.rules.bulk.columns import CanonicalPlan
from settle.rules.dates import month_index, reference_month


def _anniversaries(on: dt.date, unit: str, count: int) -> list[dt.date]:
    """The dates 0, 1, 2... whole years (or months) before `on`, latest first."""
    out = []
    for k in range(count):
        if unit == "year":
            year, month = on.year - k, on.month
        else:
            index = on.year * 12 + on.month - 1 - k
            year, month = index // 12, index % 12 + 1
        day = on.day
        while True:
            try:
                out.append(dt.date(year, month, day))
                break
            except ValueError:  # 29-31 of a shorter month: the last day stands for it
                day -= 1
        if year < 1800:
            break
    return out


def _time_since(column: str, on: dt.date, unit: str, rounding: str) -> pl.Expr:
    """Whole units from the date in `column` to `on`, by a binary search among the
    anniversaries of `on` (one pass, no calendar arithmetic per row). A person born on
    29 February completes a year on 1 March in common years, as the one-person engine says."""
    start = pl.col(column)
    if unit == "day":
        return (pl.lit(on) - start).dt.total_days().fill_null(0)
    ahead = _anniversaries(on, unit, 240 if unit == "year" else 2400)
    # dates ascending: the number of anniversaries strictly after `start` gives the units
    # not yet complete; whole units = number of anniversaries on or after `start`, minus one.
    ascending = pl.Series(sorted(ahead), dtype=pl.Date)
    after_or_on = len(ascending) - pl.lit(ascending).search_sorted(start, side="left")
    whole = (after_or_on - 1).cast(pl.Int64)
    if rounding == "ceil":
        # a unit is complete only on a true anniversary (same day), not a shortened one
        exact = start.is_in(pl.Series([d for d in ahead if d.day == on.day], dtype=pl.Date).implode())
        whole = whole + (~exact).cast(pl.Int64)
    return pl.when(start.is_null()).then(0).otherwise(whole).cast(pl.Int64)


def period_months(frame: pl.DataFrame, column: str, last: int, mode: str) -> pl.Series:
    """Months covered (accumulated, overlaps once) or the run ending at month `last`."""
    rows = (
        frame.select(pl.col(column)).with_row_index("_row")
        .explode(column)
        .unnest(column)
        .drop_nulls("from")
        .with_columns(pl.col("to").fill_null(last).clip(upper_bound=last).cast(pl.Int64),
                      pl.col("from").cast(pl.Int64))
        .filter(pl.col("from") <= pl.col("to"))
        .sort("_row", "from", "to")
        .with_columns(pl.col("to").cum_max().shift(1).over("_row").alias("_reach"))
    )
    if mode == "accumulated":
        start = pl.max_horizontal(pl.col("from"), pl.col("_reach").fill_null(-1) + 1)
        rows = rows.with_columns((pl.col("to") - start + 1).clip(lower_bound=0).alias("_n"))
        per_row = rows.group_by("_row").agg(pl.col("_n").sum())
    else:
        gap = pl.col("_reach").is_null() | (pl.col("from") > pl.col("_reach") + 1)
        rows = rows.with_columns(gap.cast(pl.Int32).cum_sum().over("_row").alias("_run"))
        runs = rows.group_by("_row", "_run").agg(pl.col("from").min(), pl.col("to").max())
        per_row = runs.filter(pl.col("to") == last).select(
            "_row", (pl.col("to") - pl.col("from") + 1).alias("_n"))
    whole = pl.DataFrame({"_row": pl.arange(0, frame.height, eager=True).cast(pl.UInt32)})
    return (whole.join(per_row, on="_row", how="left")
            .sort("_row")["_n"].fill_null(0).cast(pl.Int64).alias(column))


def derive_plan(pack: Pack, plan: CanonicalPlan, on: dt.date) -> tuple[CanonicalPlan, list[pl.Expr]]:
    """The derived facts: months from periods are computed at once and attached to the plan's
    source; ages and holding lengths are expressions, returned in declaration order (each may
    read the ones before it)."""
    source = plan.source
    attached: list[pl.Expr] = []
    exprs: list[pl.Expr] = []
    for name, spec in pack.derived.items():
        if isinstance(spec, DerivedPeriodMonths):
            last = reference_month(on, spec.until)
            source = source.with_columns(period_months(source, spec.of, last, spec.mode).alias(name))
            attached.append(pl.col(name))
        elif isinstance(spec, DerivedTimeSince):
            exprs.append(_time_since(spec.of, on, spec.unit, spec.rounding).alias(name))
        elif isinstance(spec, DerivedWholeYears):
            exprs.append((pl.col(spec.of) // 12).alias(name))
    return CanonicalPlan(source, [*plan.columns, *attached]), exprs


def add_derived(pack: Pack, frame: pl.DataFrame, on: dt.date) -> pl.DataFrame:
    """`frame` (canonical columns) with one column per derived fact, in declaration order."""
    plan, exprs = derive_plan(pack, CanonicalPlan(frame, [pl.all()]), on)
    lazy = plan.lazy()
    for expr in exprs:
        lazy = lazy.with_columns(expr)
    return lazy.collect()


def late_dates(pack: Pack, lazy: pl.LazyFrame, on: dt.date) -> list[tuple[str, int]]:
    """Date facts later than the evaluation date: (field, number of rows), in one pass."""
    fields = sorted({spec.of for spec in pack.derived.values() if isinstance(spec, DerivedTimeSince)})
    if not fields:
        return []
    counts = lazy.select((pl.col(f) > pl.lit(on)).sum().alias(f) for f in fields).collect(engine="streaming")
    return [(f, int(counts[f][0])) for f in fields if counts[f][0]]


__all__ = ["add_derived", "derive_plan", "late_dates", "month_index", "period_months"]
