"""`period_months`: the months a list of periods covers up to a reference month (the
evaluation month or the month before it): accumulated (overlaps counted once), or the
unbroken run that ends at the reference month."""

from __future__ import annotations

import datetime as dt
from typing import Literal

import polars as pl

from settle.language.dates import Month, accumulated_months, consecutive_months, reference_month
from settle.language.facts.derived.base import DerivedBase, ValueOf
from settle.language.facts.derived.months import per_row, runs


def period_months(periods: list[tuple[Month, Month | None]], last: Month, mode: str) -> int:
    """Months covered up to month `last`: accumulated (overlaps once), or the unbroken run
    that ends at `last` (0 when `last` is not covered)."""
    count = accumulated_months if mode == "accumulated" else consecutive_months
    return count(periods, last)


class DerivedPeriodMonths(DerivedBase):
    """Months covered by a list of periods, accumulated or consecutive up to a reference month."""

    op: Literal["period_months"]
    mode: Literal["accumulated", "consecutive"]
    until: Literal["evaluation_month", "previous_month"] = "evaluation_month"

    def reads(self) -> dict[str, tuple[str, ...]]:
        return {self.of: ("periods",)}

    def count_unit(self) -> str:
        return "month"

    def derive(self, name: str, value_of: ValueOf, on: dt.date) -> int:
        return period_months(value_of(self.of), reference_month(on, self.until), self.mode)

    def column(self, name: str, frame: pl.DataFrame, on: dt.date) -> pl.Series:
        """Runs of months are disjoint: their lengths add up to the months covered."""
        last = reference_month(on, self.until)
        found = runs(frame, self.of, last)
        if self.mode == "consecutive":
            found = found.filter(pl.col("to") == last)
        counts = found.group_by("_row").agg((pl.col("to") - pl.col("from") + 1).sum().alias("_n"))
        return per_row(frame, counts, name)
