"""What a derived fact op is: a fact the engine computes from the facts given, at the
evaluation date, the same way for one person and for a whole table.

Each op is one model (its facts.yaml keys) with its one-person derivation (`derive`) and its
Polars derivation (`column`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import polars as pl

from settle.language.base import Id, Strict
from settle.language.citation import Citation
from settle.language.facts.columns import Check
from settle.language.text import Text

ValueOf = Callable[[str], Any]  # the value of a fact, given or derived before


class DerivedBase(Strict):
    """The keys every derived fact has: its title, the fact it reads, its citation."""

    title: Text
    of: Id
    cite: Citation | None = None

    def reads(self) -> dict[str, tuple[str, ...]]:
        """The facts it reads, each with the fact types it can read ('integer' for a derived
        count)."""
        raise NotImplementedError

    def count_unit(self) -> str:
        """The unit of the count it gives: year, month or day."""
        raise NotImplementedError

    def derive(self, name: str, value_of: ValueOf, on: dt.date) -> int:
        """The value for one person on `on`; raises BadFact naming the field at fault."""
        raise NotImplementedError

    def column(self, name: str, frame: pl.DataFrame, on: dt.date) -> pl.Expr | pl.Series:
        """The value for every row of `frame` (canonical columns): an expression over the
        columns before it, or a series computed at once."""
        raise NotImplementedError

    def checks(self, name: str, on: dt.date) -> list[Check]:
        """Rules each row must meet for the derivation (over canonical columns)."""
        return []
