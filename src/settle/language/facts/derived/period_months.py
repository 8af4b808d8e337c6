"""`period_months`: the months a list of periods covers up to a reference month (the
evaluation month or the month before it): accumulated (overlaps counted once), the unbroken
run that ends at the reference month, or the longest unbroken run; with `within_months`,
only the months of that window ending at the reference month count ("36 consecutive months
in the last five years")."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Annotated, Literal

import polars as pl
from pydantic import Field

from settle.language.dates import (
    Month,
    accumulated_months,
    consecutive_months,
    covered_months,
    reference_month,
)
from settle.language.facts.derived.base import DerivedBase, ValueOf
from settle.language.facts.derived.months import per_row, runs


def longest_run(periods: Sequence[tuple[Month, Month | None]], last: Month,
                first: Month | None = None) -> int:
    """The longest unbroken run of months covered up to `last` (from `first` on, if given)."""
    months = sorted(m for m in covered_months(periods, last) if first is None or m >= first)
    best = run = 0
    for i, month in enumerate(months):
        run = run + 1 if i and month == months[i - 1] + 1 else 1
        best = max(best, run)
    return best


def period_months(periods: Sequence[tuple[Month, Month | None]], last: Month, mode: str,
                  within: int | None = None) -> int:
    """Months covered up to month `last`: accumulated (overlaps once), the unbroken run that
    ends at `last` (0 when `last` is not covered) or the longest run; with `within`, only the
    `within` months ending at `last` count."""
    first = None if within is None else last - within + 1
    if mode == "longest":
        return longest_run(periods, last, first)
    if first is not None:
        periods = [(max(start, first), end) for start, end in periods if end is None or end >= first]
    count = accumulated_months if mode == "accumulated" else consecutive_months
    return count(periods, last)


class DerivedPeriodMonths(DerivedBase):
    """Months covered by a list of periods, accumulated or consecutive up to a reference month."""

    op: Literal["period_months"]
    mode: Literal["accumulated", "consecutive", "longest"]
    until: Literal["evaluation_month", "previous_month"] = "evaluation_month"
    within_months: Annotated[int, Field(ge=1)] | None = None

    def reads(self) -> dict[str, tuple[str, ...]]:
        return {self.of: ("periods",)}

    def count_unit(self) -> str:
        return "month"

    def derive(self, name: str, value_of: ValueOf, on: dt.date) -> int:
        return period_months(value_of(self.of), reference_month(on, self.until), self.mode,
                             self.within_months)

    def column(self, name: str, frame: pl.DataFrame, on: dt.date) -> pl.Series:
        """Runs of months are disjoint: their lengths add up to the months covered."""
        last = reference_month(on, self.until)
        found = runs(frame, self.of, last)
        if self.within_months is not None:
            first = last - self.within_months + 1
            found = (found.with_columns(pl.col("from").clip(lower_bound=first))
                     .filter(pl.col("from") <= pl.col("to")))
        if self.mode == "consecutive":
            found = found.filter(pl.col("to") == last)
        length = pl.col("to") - pl.col("from") + 1
        count = length.max() if self.mode == "longest" else length.sum()
        counts = found.group_by("_row").agg(count.alias("_n"))
        return per_row(frame, counts, name)
