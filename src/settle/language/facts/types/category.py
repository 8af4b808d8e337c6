"""`category`: one of the `values` the fact declares, each with a bilingual label. The bulk
engine holds the position of the value in facts.yaml (UInt32)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

import polars as pl

from settle.language.facts.columns import Check, Conversion
from settle.language.facts.kind import FactKind, FormField
from settle.language.facts.problems import BadFact
from settle.language.facts.spec import FactSpec
from settle.language.facts.words import fact_words
from settle.language.text import Lang

if TYPE_CHECKING:
    from hypothesis.strategies import SearchStrategy


def _allowed(spec: FactSpec) -> list[str]:
    return list(spec.values or {})


class Category(FactKind):
    name = "category"
    takes_values = True

    def check(self, name: str, spec: FactSpec, raw: Any) -> str:
        allowed = _allowed(spec)
        if not isinstance(raw, str) or raw not in allowed:
            raise BadFact(fact_words("fact_unknown_category", allowed=", ".join(allowed)),
                          f"facts.yaml {name}.values")
        return raw

    def empty(self, spec: FactSpec) -> str:
        return _allowed(spec)[0]

    def json_schema(self, spec: FactSpec, lang: Lang) -> dict[str, Any]:
        values = spec.values or {}
        return {"type": "string", "enum": list(values),
                "x-labels": {k: v(lang) for k, v in values.items()}}

    def dtype(self, spec: FactSpec) -> pl.DataType:
        return pl.UInt32()

    def cell(self, spec: FactSpec, value: Any) -> int:
        return _allowed(spec).index(value)

    def table_dtype(self, spec: FactSpec) -> pl.DataType:
        return pl.String()

    def table_cell(self, spec: FactSpec, value: Any) -> str:
        return str(value)

    def convert(self, name: str, spec: FactSpec, frame: pl.DataFrame) -> Conversion:
        """Enum columns are remapped code to code (no strings are built); text is checked,
        then looked up."""
        allowed = _allowed(spec)
        default = self.default(name, spec)
        dtype = frame[name].dtype
        col = pl.col(name)
        if isinstance(dtype, pl.Enum):
            source = dtype.categories.to_list()
            if source == allowed:  # the same codes: nothing to look up
                codes = col.to_physical().cast(pl.UInt32)
                return Conversion(columns=[codes.fill_null(allowed.index(default)).alias(name)])
            if all(c in allowed for c in source):
                remap = pl.Series([allowed.index(c) for c in source], dtype=pl.UInt32)
                codes = pl.lit(remap).gather(col.to_physical())
                return Conversion(columns=[codes.fill_null(allowed.index(default)).alias(name)])
        if not (isinstance(dtype, (pl.Enum, pl.Categorical)) or dtype in (pl.String, pl.Null)):
            return super().convert(name, spec, frame)
        text = col.cast(pl.String)
        check = Check(name, f"facts.yaml {name}.values",
                      fact_words("fact_unknown_category", allowed=", ".join(allowed)),
                      text.is_not_null() & ~text.is_in(pl.Series(allowed).implode()), text)
        lookup = {value: code for code, value in enumerate(allowed)}
        codes = text.fill_null(default).replace_strict(lookup, default=0, return_dtype=pl.UInt32)
        return Conversion(columns=[codes.alias(name)], checks=[check])

    def form_field(self, spec: FactSpec, on: dt.date) -> FormField:
        return FormField("select", options=tuple((spec.values or {}).items()))

    def strategy(self, spec: FactSpec, on: dt.date) -> SearchStrategy[Any]:
        from hypothesis import strategies as st

        return st.sampled_from(_allowed(spec))


FACT_TYPE = Category()
