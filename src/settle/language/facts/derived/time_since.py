"""`time_since`: whole years, months or days from a date fact to the evaluation date (an
age, the length of a permit held without a break). With rounding `ceil`, any part of a
further unit counts as a whole one ("every year or part of a year"). No date counts 0; a
date after the evaluation date is refused."""

from __future__ import annotations

import datetime as dt
import functools
from typing import Literal

import numpy as np
import polars as pl

from settle.language.dates import time_since
from settle.language.facts.columns import Check
from settle.language.facts.derived.base import DerivedBase, ValueOf
from settle.language.facts.problems import BadFact
from settle.language.facts.words import fact_words


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


@functools.lru_cache(maxsize=64)
def _units_by_day(on: dt.date, unit: str, rounding: str) -> tuple[int, pl.Series]:
    """Whole units to `on` from every day that can be told apart: from the earliest of the
    anniversaries of `on` (240 years, 2,400 months) to `on`, with one entry before them (any
    earlier day) and one after (a day after `on`). Returns the day number (days since 1970)
    of the first anniversary and the table: entry 0 is any earlier day, entry 1 + k the day
    `first + k`, the last entry any day after `on`."""
    ahead = _anniversaries(on, unit, 240 if unit == "year" else 2400)
    epoch = dt.date(1970, 1, 1)
    ascending = np.array(sorted((d - epoch).days for d in ahead), dtype=np.int64)
    first, last = int(ascending[0]), (on - epoch).days
    days = np.arange(first - 1, last + 2, dtype=np.int64)
    # whole units = the anniversaries on or after the day, minus one
    whole = len(ascending) - np.searchsorted(ascending, days, side="left") - 1
    if rounding == "ceil":
        # a unit is complete only on a true anniversary (same day), not a shortened one
        exact = np.isin(days, [(d - epoch).days for d in ahead if d.day == on.day])
        whole = whole + ~exact
    return first, pl.Series(whole.astype(np.int64))


def time_since_expr(column: str, on: dt.date, unit: str, rounding: str) -> pl.Expr:
    """Whole units from the date in `column` to `on`, looked up by the day in a table of every
    day back to the earliest anniversary of `on` (one pass, no calendar arithmetic or search per
    row). A person born on 29 February completes a year on 1 March in common years, as the
    one-person engine says."""
    start = pl.col(column)
    if unit == "day":
        return (pl.lit(on) - start).dt.total_days().fill_null(0)
    first, table = _units_by_day(on, unit, rounding)
    entry = (start.to_physical().cast(pl.Int64) - (first - 1)).clip(0, table.len() - 1)
    return pl.when(start.is_null()).then(0).otherwise(pl.lit(table).gather(entry)).cast(pl.Int64)


class DerivedTimeSince(DerivedBase):
    """Whole years, months or days from a date fact to the evaluation date."""

    op: Literal["time_since"]
    unit: Literal["year", "month", "day"] = "year"
    rounding: Literal["floor", "ceil"] = "floor"

    def reads(self) -> dict[str, tuple[str, ...]]:
        return {self.of: ("date",)}

    def count_unit(self) -> str:
        return self.unit

    def derive(self, name: str, value_of: ValueOf, on: dt.date) -> int:
        start = value_of(self.of)
        if start is None:
            return 0
        if start > on:
            raise BadFact(fact_words("fact_after_evaluation", on=on), f"facts.yaml {name}",
                          field=self.of, value=start)
        return time_since(start, on, self.unit, self.rounding)

    def column(self, name: str, frame: pl.DataFrame, on: dt.date) -> pl.Expr:
        return time_since_expr(self.of, on, self.unit, self.rounding)

    def checks(self, name: str, on: dt.date) -> list[Check]:
        return [Check(self.of, f"facts.yaml {name}", fact_words("fact_after_evaluation", on=on),
                      pl.col(self.of) > pl.lit(on), pl.col(self.of))]
