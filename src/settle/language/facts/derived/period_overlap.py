"""`period_overlap`: the months of one list of periods that are also months of another (months
of study during which social insurance was paid, say), accumulated up to a reference month
(the evaluation month or the month before it); a month counts once however many periods of
either list cover it.

    study_insured_months:
      op: period_overlap
      of: study_periods
      overlapping: social_insurance_periods
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

import polars as pl

from settle.language.base import Id
from settle.language.dates import covered_months, reference_month
from settle.language.facts.derived.base import DerivedBase, ValueOf
from settle.language.facts.derived.months import per_row, runs


class DerivedPeriodOverlap(DerivedBase):
    """Months of `of` that are also months of `overlapping`, accumulated up to a reference month."""

    op: Literal["period_overlap"]
    overlapping: Id
    until: Literal["evaluation_month", "previous_month"] = "evaluation_month"

    def reads(self) -> dict[str, tuple[str, ...]]:
        return {self.of: ("periods",), self.overlapping: ("periods",)}

    def count_unit(self) -> str:
        return "month"

    def derive(self, name: str, value_of: ValueOf, on: dt.date) -> int:
        last = reference_month(on, self.until)
        return len(covered_months(value_of(self.of), last) & covered_months(value_of(self.overlapping), last))

    def column(self, name: str, frame: pl.DataFrame, on: dt.date) -> pl.Series:
        """The runs of each list are disjoint, so the months both cover are the sum of the
        overlaps of each pair of runs of a row."""
        last = reference_month(on, self.until)
        pairs = runs(frame, self.of, last).join(runs(frame, self.overlapping, last), on="_row",
                                                suffix="_b")
        overlap = (pl.min_horizontal("to", "to_b") - pl.max_horizontal("from", "from_b") + 1).clip(0)
        counts = pairs.group_by("_row").agg(overlap.sum().alias("_n"))
        return per_row(frame, counts, name)
