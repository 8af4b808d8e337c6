"""`by_year`: an amount per calendar year, `{2016: 60, 2017: 20}` (volunteer hours, blood
donations), each with at most `scale` decimal places; a year not given counts 0.

A table gives it as one column per year, `<fact>.<year>`, or as one column holding a
mapping (a struct read from Parquet or JSON, JSON text in CSV). The bulk engine holds one
Int64 column per year, named `<fact>.<year>`, scaled like a decimal."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import polars as pl

from settle.language.facts.columns import Conversion, by_value, checked_values
from settle.language.facts.kind import FactKind, FormField
from settle.language.facts.numbers import amount_column, number, scaled
from settle.language.facts.problems import BadFact, FactProblem
from settle.language.facts.spec import FactSpec
from settle.language.facts.types.decimal import amounts, step
from settle.language.facts.types.integer import number_bounds
from settle.language.facts.types.periods import from_json_text
from settle.language.facts.words import fact_words
from settle.language.text import Lang

if TYPE_CHECKING:
    from hypothesis.strategies import SearchStrategy

YEAR_COLUMN = re.compile(r"^(?P<fact>.+)\.(?P<year>\d{4})$")
FIRST_YEAR, LAST_YEAR = 1900, 2100


def year_columns(columns: list[str], fact: str) -> dict[int, str]:
    """The `<fact>.<year>` columns present, by year."""
    found = {}
    for name in columns:
        match = YEAR_COLUMN.match(name)
        if match and match["fact"] == fact:
            found[int(match["year"])] = name
    return found


def _year(raw: Any, rule: str) -> int:
    if not str(raw).isdigit() or not FIRST_YEAR <= int(raw) <= LAST_YEAR:
        raise BadFact(fact_words("fact_not_a_year", year=repr(raw)), rule)
    return int(raw)


class ByYear(FactKind):
    name = "by_year"
    takes_scale = True

    def check(self, name: str, spec: FactSpec, raw: Any) -> dict[int, Decimal]:
        rule = f"facts.yaml {name}.type"
        if not isinstance(raw, dict):
            raise BadFact(fact_words("fact_not_by_year"), rule)
        return {_year(year, rule): number(amount, spec, name, places=spec.scale)
                for year, amount in raw.items()}

    def from_text(self, name: str, spec: FactSpec, text: str) -> dict[int, Decimal]:
        return self.check(name, spec, from_json_text(text))

    def empty(self, spec: FactSpec) -> dict[int, Decimal]:
        return {}

    def json_schema(self, spec: FactSpec, lang: Lang) -> dict[str, Any]:
        return {"type": "object", "propertyNames": {"pattern": r"^(19|20|21)\d\d$"},
                "additionalProperties": number_bounds(spec, {"type": ["number", "string"]})}

    def dtype(self, spec: FactSpec) -> pl.DataType:
        return pl.Int64()  # of each year's column

    def cell(self, spec: FactSpec, value: Any) -> dict[int, int]:
        return {year: scaled(amount, spec.scale) for year, amount in value.items()}

    def table_dtype(self, spec: FactSpec) -> pl.DataType:
        return pl.Decimal(38, spec.scale)

    def columns_of(self, name: str, columns: list[str]) -> list[str]:
        return ([name] if name in columns else []) + list(year_columns(columns, name).values())

    def convert(self, name: str, spec: FactSpec, frame: pl.DataFrame) -> Conversion:
        out = Conversion()
        given = year_columns(frame.columns, name)
        if name in frame.columns:
            nested, problems = self._nested(name, spec, frame)
            out.problems.extend(problems)
            for year, series in nested.items():
                if year in given:
                    words = fact_words("fact_year_given_twice", fact=name, year=year)
                    out.problems.append(FactProblem(f"{name}.{year}", "column", f"facts.yaml {name}.type",
                                                    words.en, words))
                else:
                    out.eager.append(series)
        for column in sorted(given.values()):
            try:
                _year(column.rsplit(".", 1)[1], f"facts.yaml {name}.type")
            except BadFact as bad:
                out.problems.append(FactProblem(column, "column", bad.rule, bad.words.en, bad.words))
                continue
            self._year_column(name, spec, frame, column, out)
        return out

    def _year_column(self, name: str, spec: FactSpec, frame: pl.DataFrame, column: str,
                     out: Conversion) -> None:
        dtype = frame.schema[column]
        year = int(column.rsplit(".", 1)[1])
        native = None if dtype in (pl.String, pl.Null) else amount_column(
            name, frame[column], spec, spec.scale, 0, lambda v: self.check(name, spec, {year: v}))
        if native is not None:
            out.columns.extend(native.columns)
            out.eager.extend(native.eager)
            out.checks.extend(native.checks)
            return

        def read(raw: Any) -> int:
            text = raw.strip() if isinstance(raw, str) else raw
            return scaled(number(text, spec, name, places=spec.scale), spec.scale)

        series, problems = by_value(column, frame[column], read, pl.Int64())
        out.eager.append(series.fill_null(0))
        out.problems.extend(problems)

    def _nested(self, name: str, spec: FactSpec, frame: pl.DataFrame,
                ) -> tuple[dict[int, pl.Series], list[FactProblem]]:
        """Year columns from one column of mappings (a struct, JSON text, dicts)."""
        column = frame[name]
        if isinstance(column.dtype, pl.Struct):
            values: list[Any] = [None if v is None else {k: a for k, a in v.items() if a is not None}
                                 for v in column.to_list()]
        else:
            values = column.to_list()
        text = column.dtype == pl.String

        def read(raw: Any) -> Any:
            checked = self.from_text(name, spec, raw) if text else self.check(name, spec, raw)
            return self.cell(spec, checked)

        mappings, problems = checked_values(name, values, read)
        years = sorted({year for m in mappings if m for year in m})
        return ({year: pl.Series(f"{name}.{year}", [(m or {}).get(year, 0) for m in mappings],
                                 dtype=pl.Int64) for year in years}, problems)

    def constant(self, name: str, spec: FactSpec, value: Any, height: int) -> list[pl.Series]:
        return [pl.Series(f"{name}.{year}", [amount] * height, dtype=pl.Int64)
                for year, amount in sorted(self.cell(spec, value).items())]

    def table_columns(self, name: str, spec: FactSpec, values: list[Any]) -> list[pl.Series]:
        years = sorted({year for v in values for year in v})
        return [pl.Series(f"{name}.{year}", [Decimal(v.get(year, 0)) for v in values],
                          dtype=self.table_dtype(spec)) for year in years]

    def document_value(self, name: str, spec: FactSpec, row: Mapping[str, Any]) -> Any:
        years = {}
        for column, value in row.items():
            match = YEAR_COLUMN.match(column)
            if match and match["fact"] == name and value:
                years[int(match["year"])] = Decimal(repr(value)) if isinstance(value, float) else value
        return years or row.get(name)

    def form_field(self, spec: FactSpec, on: dt.date) -> FormField:
        return FormField("years", step=step(spec.scale), years=tuple(range(on.year - 4, on.year + 1)))

    def form_value(self, spec: FactSpec, value: Any) -> Any:
        return value or {}

    def read_form(self, name: str, form: Mapping[str, str]) -> Any:
        years = {key.split(".", 1)[1]: value.strip() for key, value in form.items()
                 if key.startswith(f"{name}.") and value.strip()}
        return years or None

    def strategy(self, spec: FactSpec, on: dt.date) -> SearchStrategy[Any]:
        from hypothesis import strategies as st

        return st.dictionaries(st.integers(on.year - 8, on.year + 1), amounts(spec), max_size=6)


FACT_TYPE = ByYear()
