"""`decimal`: an exact amount (money) with at most `scale` decimal places. The bulk engine
holds it as an integer count of 10^-scale units."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import polars as pl

from settle.language.facts.columns import Conversion
from settle.language.facts.kind import FactKind, FormField
from settle.language.facts.numbers import amount_column, bounds, number, scaled
from settle.language.facts.spec import FactSpec
from settle.language.facts.types.integer import number_bounds
from settle.language.text import Lang

if TYPE_CHECKING:
    from hypothesis.strategies import SearchStrategy


def step(scale: int) -> str:
    """The step of a number field taking `scale` decimal places: '1', '0.01'."""
    return "1" if scale == 0 else "0." + "0" * (scale - 1) + "1"


def amounts(spec: FactSpec) -> SearchStrategy[Decimal]:
    """Valid amounts of a fact (with its decimal places), for tests."""
    from hypothesis import strategies as st

    low, high = bounds(spec)
    return st.decimals(min_value=low, max_value=high, places=spec.scale,
                       allow_nan=False, allow_infinity=False)


class DecimalAmount(FactKind):
    name = "decimal"
    takes_scale = True

    def check(self, name: str, spec: FactSpec, raw: Any) -> Decimal:
        return number(raw, spec, name, places=spec.scale)

    def empty(self, spec: FactSpec) -> Decimal:
        return Decimal(0)

    def json_schema(self, spec: FactSpec, lang: Lang) -> dict[str, Any]:
        as_number = number_bounds(spec, {"type": "number"})
        if spec.scale:
            as_number["multipleOf"] = float(f"1e-{spec.scale}")
        as_text = {"type": "string", "pattern": rf"^-?\d+(\.\d{{1,{spec.scale}}})?$"}
        return {"anyOf": [as_number, as_text]}

    def dtype(self, spec: FactSpec) -> pl.DataType:
        return pl.Int64()

    def cell(self, spec: FactSpec, value: Any) -> int:
        return scaled(value, spec.scale)

    def table_dtype(self, spec: FactSpec) -> pl.DataType:
        return pl.Decimal(38, spec.scale)

    def table_cell(self, spec: FactSpec, value: Any) -> Decimal:
        return Decimal(value)

    def native(self, name: str, spec: FactSpec, column: pl.Series) -> Conversion | None:
        default = self.cell(spec, self.default(name, spec))
        return amount_column(name, column, spec, spec.scale, default,
                             lambda v: self.check(name, spec, v))

    def form_field(self, spec: FactSpec, on: dt.date) -> FormField:
        return FormField("number", step=step(spec.scale))

    def strategy(self, spec: FactSpec, on: dt.date) -> SearchStrategy[Any]:
        return amounts(spec)


FACT_TYPE = DecimalAmount()
