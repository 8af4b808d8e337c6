"""A by_year fact: an amount per calendar year. A table gives it as `<fact>.<year>` columns or
as one column of mappings (a struct from Parquet or JSON, JSON text in CSV), with one
meaning."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import polars as pl
import pytest

from settle.language.facts import FACT_TYPES, BadFact
from tests.language.facts.tables import canonical_frame, spec

HOURS = spec("by_year", unit="hour", scale=1, min=0)
DONATIONS = spec("by_year")
KIND = FACT_TYPES["by_year"]


def _years(frame: pl.DataFrame) -> list[dict[str, int]]:
    out, problems = canonical_frame(HOURS, frame)
    assert not problems, [str(p) for p in problems]
    return out.select(sorted(out.columns)).to_dicts()


def test_a_mapping_of_years_is_checked_year_by_year() -> None:
    assert KIND.check("x", HOURS, {"2016": 60, 2017: "20.5"}) == {2016: Decimal(60), 2017: Decimal("20.5")}
    with pytest.raises(BadFact, match=r"^'1850' is not a year$"):
        KIND.check("x", HOURS, {"1850": 1})
    with pytest.raises(BadFact, match=r"^1\.5 is not a whole number$"):
        KIND.check("x", DONATIONS, {2016: 1.5})
    with pytest.raises(BadFact, match="expected a mapping of year to amount"):
        KIND.check("x", HOURS, 3)


def test_year_columns_a_struct_column_and_json_text_give_the_same_columns() -> None:
    by_columns = pl.DataFrame({"x.2016": [60.0, None], "x.2017": [None, 20.5]})
    by_struct = pl.DataFrame({"x": [{"2016": 60, "2017": None}, {"2016": None, "2017": 20.5}]})
    by_text = pl.DataFrame({"x": ['{"2016": 60}', '{"2017": 20.5}']})
    expected = [{"x.2016": 600, "x.2017": 0}, {"x.2016": 0, "x.2017": 205}]
    assert _years(by_columns) == _years(by_struct) == _years(by_text) == expected


def test_an_amount_with_too_many_places_in_a_year_column_is_refused_like_in_a_document() -> None:
    _, problems = canonical_frame(HOURS, pl.DataFrame({"x.2017": [50.25]}))
    assert [str(p) for p in problems] == [
        "x.2017 = 50.25 (rows 0): expected at most 1 decimal place(s) (rule: facts.yaml x.scale)"]


def test_a_year_column_out_of_range_is_refused() -> None:
    _, problems = canonical_frame(HOURS, pl.DataFrame({"x.1850": [1]}))
    assert [str(p) for p in problems] == ["x.1850 = 'column': '1850' is not a year (rule: facts.yaml x.type)"]


def test_a_year_given_twice_is_refused() -> None:
    _, problems = canonical_frame(HOURS, pl.DataFrame({"x": ['{"2016": 1}'], "x.2016": [1]}))
    assert "given twice" in str(problems[0])


def test_a_form_asks_for_the_last_five_years() -> None:
    field = KIND.form_field(HOURS, dt.date(2026, 6, 30))
    assert (field.widget, field.years, field.step) == ("years", (2022, 2023, 2024, 2025, 2026), "0.1")
    assert KIND.read_form("x", {"x.2025": " 12 ", "x.2026": "", "y.2025": "3"}) == {"2025": "12"}
