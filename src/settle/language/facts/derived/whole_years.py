"""`whole_years`: whole years in a number of months (months // 12)."""

from __future__ import annotations

import datetime as dt
from typing import Literal

import polars as pl

from settle.language.facts.derived.base import DerivedBase, ValueOf


def whole_years(months: int) -> int:
    """Whole years in `months`."""
    return int(months) // 12


class DerivedWholeYears(DerivedBase):
    """Whole years in a number of months (months // 12)."""

    op: Literal["whole_years"]

    def reads(self) -> dict[str, tuple[str, ...]]:
        return {self.of: ("integer",)}

    def count_unit(self) -> str:
        return "year"

    def derive(self, name: str, value_of: ValueOf, on: dt.date) -> int:
        return whole_years(value_of(self.of))

    def column(self, name: str, frame: pl.DataFrame, on: dt.date) -> pl.Expr:
        return pl.col(self.of) // 12
