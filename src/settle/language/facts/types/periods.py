"""`periods`: a list of periods of months, `[{from: 2012-03, to: 2017-09}, {from: 2018-01, to:
null}]`, both months counted; `to: null` runs on. The bulk engine holds each month as its
index year * 12 + month - 1 (List(Struct{from: Int32, to: Int32}))."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import polars as pl

from settle.language.dates import Month, format_month, month_index
from settle.language.facts.columns import PERIOD, Check, Conversion
from settle.language.facts.kind import FactKind, FormField
from settle.language.facts.problems import BadFact
from settle.language.facts.spec import FactSpec
from settle.language.facts.words import fact_words
from settle.language.text import Lang, Text

if TYPE_CHECKING:
    from hypothesis.strategies import SearchStrategy

Period = tuple[Month, Month | None]
MONTH_PATTERN = r"^\d{4}-(0[1-9]|1[0-2])$"


def _month(raw: Any, i: int, rule: str) -> Month:
    text = str(raw)
    year, sep, month = text.partition("-")
    if not sep or len(year) != 4 or not year.isdigit() or not month.isdigit():
        raise BadFact(fact_words("fact_period_not_month", i=i, text=repr(text)), rule)
    number = int(month)
    if not 1 <= number <= 12:
        raise BadFact(fact_words("fact_period_month_number", i=i, text=repr(text), number=number), rule)
    return int(year) * 12 + number - 1


def as_document(periods: list[Period]) -> list[dict[str, str | None]]:
    """Periods of month numbers as a facts document writes them."""
    return [{"from": format_month(start), "to": None if end is None else format_month(end)}
            for start, end in periods]


def from_json_text(text: str) -> Any:
    """A list or mapping written as JSON text (a CSV cell); the text itself when it is not
    JSON, for the check to refuse in its own words."""
    try:
        return json.loads(text, parse_float=Decimal)
    except ValueError:
        return text


class Periods(FactKind):
    name = "periods"

    def check(self, name: str, spec: FactSpec, raw: Any) -> list[Period]:
        rule = f"facts.yaml {name}.type"
        if not isinstance(raw, list):
            raise BadFact(fact_words("fact_not_periods"), rule)
        out: list[Period] = []
        for i, entry in enumerate(raw):
            if not isinstance(entry, dict) or "from" not in entry or set(entry) - {"from", "to"}:
                raise BadFact(fact_words("fact_period_shape", i=i), rule)
            start = _month(entry["from"], i, rule)
            end = None if entry.get("to") is None else _month(entry["to"], i, rule)
            if end is not None and end < start:
                raise BadFact(fact_words("fact_period_backwards", i=i), rule)
            out.append((start, end))
        return out

    def from_text(self, name: str, spec: FactSpec, text: str) -> list[Period]:
        return self.check(name, spec, from_json_text(text))

    def empty(self, spec: FactSpec) -> list[Period]:
        return []

    def json_schema(self, spec: FactSpec, lang: Lang) -> dict[str, Any]:
        month = {"type": "string", "pattern": MONTH_PATTERN}
        return {"type": "array", "items": {
            "type": "object", "required": ["from"], "additionalProperties": False,
            "properties": {"from": month, "to": {"anyOf": [month, {"type": "null"}]}}}}

    def dtype(self, spec: FactSpec) -> pl.DataType:
        return pl.List(PERIOD)

    def cell(self, spec: FactSpec, value: Any) -> list[dict[str, int | None]]:
        return [{"from": start, "to": end} for start, end in value]

    def native(self, name: str, spec: FactSpec, column: pl.Series) -> Conversion | None:
        dtype = column.dtype
        """Periods already as month numbers (as generated populations hold them)."""
        if dtype != pl.List(PERIOD):
            return None
        col = pl.col(name)
        backwards = col.list.eval((pl.element().struct.field("to") < pl.element().struct.field("from"))
                                  .fill_null(False)).list.any()
        no_start = col.list.eval(pl.element().struct.field("from").is_null()).list.any()

        def words(value: Any) -> Text:
            for i, period in enumerate(value or []):
                if period["from"] is None:
                    return fact_words("fact_period_shape", i=i)
                if period["to"] is not None and period["to"] < period["from"]:
                    return fact_words("fact_period_backwards", i=i)
            return fact_words("fact_not_periods")

        check = Check(name, f"facts.yaml {name}.type", words, backwards | no_start, col)
        return Conversion(columns=[col.fill_null(pl.lit([], dtype=dtype)).alias(name)], checks=[check])

    def document_value(self, name: str, spec: FactSpec, row: Mapping[str, Any]) -> Any:
        value = row.get(name)
        if isinstance(value, list) and all(isinstance(p, dict) and isinstance(p.get("from"), int)
                                           for p in value):
            return as_document([(p["from"], p.get("to")) for p in value])
        return value

    def form_field(self, spec: FactSpec, on: dt.date) -> FormField:
        return FormField("months")

    def read_form(self, name: str, form: Mapping[str, str]) -> Any:
        start = form.get(f"{name}.from", "").strip()
        if not start:
            return None
        return [{"from": start, "to": form.get(f"{name}.to", "").strip() or None}]

    def strategy(self, spec: FactSpec, on: dt.date) -> SearchStrategy[Any]:
        from hypothesis import strategies as st

        last = month_index(on)

        @st.composite
        def period(draw: st.DrawFn) -> dict[str, str | None]:
            start = draw(st.integers(last - 240, last + 2))
            end = draw(st.one_of(st.none(), st.integers(start, last + 6)))
            return {"from": format_month(start), "to": None if end is None else format_month(end)}

        return st.lists(period(), max_size=4)


FACT_TYPE = Periods()
