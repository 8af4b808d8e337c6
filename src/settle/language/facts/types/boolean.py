"""`boolean`: yes or no. A facts document says true or false; a table without a boolean type
(CSV text, SQLite integers) may also say yes/no or 1/0."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
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

CELL_TEXT = {"true": True, "1": True, "yes": True, "false": False, "0": False, "no": False}


class Boolean(FactKind):
    name = "boolean"

    def check(self, name: str, spec: FactSpec, raw: Any) -> bool:
        if not isinstance(raw, bool):
            raise BadFact(fact_words("fact_not_boolean"), f"facts.yaml {name}.type")
        return raw

    def from_text(self, name: str, spec: FactSpec, text: str) -> bool:
        value = CELL_TEXT.get(text.strip().lower())
        if value is None:
            raise BadFact(fact_words("fact_not_boolean_cell"), f"facts.yaml {name}.type")
        return value

    def empty(self, spec: FactSpec) -> bool:
        return False

    def json_schema(self, spec: FactSpec, lang: Lang) -> dict[str, Any]:
        return {"type": "boolean"}

    def dtype(self, spec: FactSpec) -> pl.DataType:
        return pl.Boolean()

    def native(self, name: str, spec: FactSpec, column: pl.Series) -> Conversion | None:
        dtype = column.dtype
        default = self.default(name, spec)
        col = pl.col(name)
        if dtype == pl.Boolean:
            return Conversion(columns=[col.fill_null(default).alias(name)])
        if dtype.is_integer():  # 1/0, as SQLite stores yes/no
            broken = col.is_not_null() & ~col.is_in([0, 1])
            check = Check(name, f"facts.yaml {name}.type", fact_words("fact_not_boolean_cell"), broken, col)
            return Conversion(columns=[(col == 1).fill_null(default).alias(name)], checks=[check])
        return None

    def form_field(self, spec: FactSpec, on: dt.date) -> FormField:
        return FormField("checkbox")

    def form_value(self, spec: FactSpec, value: Any) -> Any:
        return bool(spec.default) if value is None else value

    def read_form(self, name: str, form: Mapping[str, str]) -> bool:
        """A ticked box ("on") or a yes/no choice ("yes", "no"); no answer reads as no."""
        return form.get(name) in ("on", "yes")

    def strategy(self, spec: FactSpec, on: dt.date) -> SearchStrategy[Any]:
        from hypothesis import strategies as st

        return st.booleans()


FACT_TYPE = Boolean()
