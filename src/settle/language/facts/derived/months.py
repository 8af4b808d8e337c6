"""Months of periods in a table, for the derived facts that count them (one person's are a set
of month numbers, settle.language.dates.covered_months): runs of months, in Polars."""

from __future__ import annotations

import polars as pl

from settle.language.dates import Month


def runs(frame: pl.DataFrame, column: str, last: Month) -> pl.DataFrame:
    """The unbroken runs of months covered by the periods in `column`, none after `last`:
    columns `_row` (the row of `frame`), `from`, `to` (months, both counted), the runs of a
    row disjoint and apart by at least one month."""
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
    gap = pl.col("_reach").is_null() | (pl.col("from") > pl.col("_reach") + 1)
    rows = rows.with_columns(gap.cast(pl.Int32).cum_sum().over("_row").alias("_run"))
    return rows.group_by("_row", "_run").agg(pl.col("from").min(), pl.col("to").max()).drop("_run")


def per_row(frame: pl.DataFrame, counts: pl.DataFrame, name: str) -> pl.Series:
    """A count per row of `frame` from `counts` (columns `_row`, `_n`; rows it lacks count 0)."""
    whole = pl.DataFrame({"_row": pl.arange(0, frame.height, eager=True).cast(pl.UInt32)})
    return (whole.join(counts, on="_row", how="left")
            .sort("_row")["_n"].fill_null(0).cast(pl.Int64).alias(name))
