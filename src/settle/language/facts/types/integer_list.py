"""`integer_list`: a list of whole numbers (the ages of children, the grades of awards), each
within the fact's `min` and `max`."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import polars as pl

from settle.language.facts.columns import Check, Conversion, words_of
from settle.language.facts.kind import FactKind, FormField
from settle.language.facts.numbers import LARGEST, bounds, number
from settle.language.facts.problems import BadFact
from settle.language.facts.spec import FactSpec
from settle.language.facts.types.integer import number_bounds
from settle.language.facts.types.periods import from_json_text
from settle.language.facts.words import fact_words
from settle.language.text import Lang

if TYPE_CHECKING:
    from hypothesis.strategies import SearchStrategy


class IntegerList(FactKind):
    name = "integer_list"

    def check(self, name: str, spec: FactSpec, raw: Any) -> list[int]:
        if not isinstance(raw, list):
            raise BadFact(fact_words("fact_not_integer_list"), f"facts.yaml {name}.type")
        return [int(number(v, spec, name, places=0)) for v in raw]

    def from_text(self, name: str, spec: FactSpec, text: str) -> list[int]:
        return self.check(name, spec, from_json_text(text))

    def empty(self, spec: FactSpec) -> list[int]:
        return []

    def json_schema(self, spec: FactSpec, lang: Lang) -> dict[str, Any]:
        return {"type": "array", "items": number_bounds(spec, {"type": "integer"})}

    def dtype(self, spec: FactSpec) -> pl.DataType:
        return pl.List(pl.Int64)

    def native(self, name: str, spec: FactSpec, column: pl.Series) -> Conversion | None:
        dtype = column.dtype
        if not (isinstance(dtype, pl.List) and dtype.inner is not None and dtype.inner.is_integer()):
            return None
        col = pl.col(name)
        lists = col.cast(pl.List(pl.Int64))

        def check(rule: str, fallback: str, broken: pl.Expr, **values: Any) -> Check:
            words = words_of(lambda v: self.check(name, spec, v), fact_words(fallback, **values))
            return Check(name, f"facts.yaml {name}.{rule}", words, broken, col)

        large = lists.list.eval(pl.element().abs() >= int(LARGEST)).list.any()
        checks = [check("type", "fact_too_large", large)]
        if spec.min is not None:
            low = lists.list.min() < math.ceil(spec.min)
            checks.append(check("min", "fact_below_minimum", low, min=spec.min))
        if spec.max is not None:
            high = lists.list.max() > math.floor(spec.max)
            checks.append(check("max", "fact_above_maximum", high, max=spec.max))
        return Conversion(columns=[lists.fill_null(pl.lit([], dtype=pl.List(pl.Int64))).alias(name)],
                          checks=checks)

    def form_field(self, spec: FactSpec, on: dt.date) -> FormField:
        return FormField("list")

    def read_form(self, name: str, form: Mapping[str, str]) -> Any:
        text = form.get(name, "").strip()
        if not text:
            return None
        try:
            return [int(part) for part in text.replace("，", ",").split(",") if part.strip()]
        except ValueError:
            raise BadFact(fact_words("fact_form_integer_list"), f"facts.yaml {name}.type") from None

    def strategy(self, spec: FactSpec, on: dt.date) -> SearchStrategy[Any]:
        from hypothesis import strategies as st

        low, high = bounds(spec)
        return st.lists(st.integers(max(int(low), 1), min(int(high), 50)), max_size=6)


FACT_TYPE = IntegerList()
