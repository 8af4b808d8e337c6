"""`integer`: a whole number (years, hours, a count), within the fact's `min` and `max`."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

import polars as pl

from settle.language.facts.columns import Conversion
from settle.language.facts.kind import FactKind, FormField
from settle.language.facts.numbers import amount_column, bounds, number
from settle.language.facts.spec import FactSpec
from settle.language.text import Lang

if TYPE_CHECKING:
    from hypothesis.strategies import SearchStrategy


def number_bounds(spec: FactSpec, schema: dict[str, Any]) -> dict[str, Any]:
    """`schema` with the fact's `min` and `max` as JSON Schema bounds."""
    if spec.min is not None:
        schema["minimum"] = int(spec.min) if spec.min == spec.min.to_integral() else float(spec.min)
    if spec.max is not None:
        schema["maximum"] = int(spec.max) if spec.max == spec.max.to_integral() else float(spec.max)
    return schema


class Integer(FactKind):
    name = "integer"

    def check(self, name: str, spec: FactSpec, raw: Any) -> int:
        return int(number(raw, spec, name, places=0))

    def empty(self, spec: FactSpec) -> int:
        return 0

    def json_schema(self, spec: FactSpec, lang: Lang) -> dict[str, Any]:
        return number_bounds(spec, {"type": "integer"})

    def dtype(self, spec: FactSpec) -> pl.DataType:
        return pl.Int64()

    def native(self, name: str, spec: FactSpec, column: pl.Series) -> Conversion | None:
        return amount_column(name, column, spec, 0, self.default(name, spec),
                             lambda v: self.check(name, spec, v))

    def form_field(self, spec: FactSpec, on: dt.date) -> FormField:
        return FormField("number")

    def strategy(self, spec: FactSpec, on: dt.date) -> SearchStrategy[Any]:
        from hypothesis import strategies as st

        low, high = bounds(spec)
        return st.integers(int(low), int(high))


FACT_TYPE = Integer()
