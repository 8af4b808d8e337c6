"""`date`: a day, written YYYY-MM-DD (a birth date, the start of a permit). No date given
means none: a time since it counts 0."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

import polars as pl

from settle.language.facts.columns import Conversion
from settle.language.facts.kind import FactKind, FormField
from settle.language.facts.problems import BadFact
from settle.language.facts.spec import FactSpec
from settle.language.facts.words import fact_words
from settle.language.text import Lang

if TYPE_CHECKING:
    from hypothesis.strategies import SearchStrategy


class Date(FactKind):
    name = "date"

    def check(self, name: str, spec: FactSpec, raw: Any) -> dt.date:
        if isinstance(raw, dt.datetime):
            return raw.date()
        if isinstance(raw, dt.date):
            return raw
        if isinstance(raw, str):
            try:
                return dt.date.fromisoformat(raw)
            except ValueError:
                pass
        raise BadFact(fact_words("fact_not_date"), f"facts.yaml {name}.type")

    def empty(self, spec: FactSpec) -> None:
        return None

    def json_schema(self, spec: FactSpec, lang: Lang) -> dict[str, Any]:
        return {"type": "string", "format": "date"}

    def dtype(self, spec: FactSpec) -> pl.DataType:
        return pl.Date()

    def native(self, name: str, spec: FactSpec, column: pl.Series) -> Conversion | None:
        dtype = column.dtype
        day = pl.col(name) if dtype == pl.Date else pl.col(name).dt.date()
        if dtype != pl.Date and not isinstance(dtype, pl.Datetime):
            return None
        default = self.default(name, spec)
        return Conversion(columns=[(day if default is None else day.fill_null(default)).alias(name)])

    def form_field(self, spec: FactSpec, on: dt.date) -> FormField:
        return FormField("date")

    def strategy(self, spec: FactSpec, on: dt.date) -> SearchStrategy[Any]:
        from hypothesis import strategies as st

        return st.dates(dt.date(on.year - 80, 1, 1), on)


FACT_TYPE = Date()
