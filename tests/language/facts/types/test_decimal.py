"""A decimal fact: an exact amount with at most `scale` decimal places, held by the bulk engine
in units of 10^-scale, read exactly from floats, decimals and text."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from settle.language.facts import FACT_TYPES, BadFact
from tests.language.facts.tables import canonical, problem_lines, spec, values

USD = spec("decimal", unit="USD", scale=2, min=0)
KIND = FACT_TYPES["decimal"]


def test_an_amount_keeps_every_digit() -> None:
    assert KIND.check("x", USD, "301.38") == Decimal("301.38")
    assert KIND.check("x", USD, 301.38) == Decimal("301.38")


def test_an_amount_finer_than_the_scale_is_refused() -> None:
    with pytest.raises(BadFact) as caught:
        KIND.check("x", USD, "150.691")
    assert str(caught.value) == "expected at most 2 decimal place(s)"
    assert caught.value.words.zh == "最多 2 位小数"


def test_the_bulk_engine_holds_cents() -> None:
    assert KIND.cell(USD, Decimal("301.38")) == 30138
    assert KIND.table_cell(USD, Decimal("301.38")) == Decimal("301.38")


def test_floats_are_read_as_the_decimal_they_print_as_even_when_large() -> None:
    column = pl.Series([301.38, 188.92, 123456789012.67, None])
    assert values(USD, column) == [30138, 18892, 12345678901267, 0]


def test_a_float_with_a_binary_tail_is_refused_like_the_one_person_engine_refuses_it() -> None:
    assert problem_lines(USD, pl.Series([0.1 + 0.2])) == [
        "x = 0.30000000000000004 (rows 0): expected at most 2 decimal place(s) (rule: facts.yaml x.scale)"]


def test_text_and_exact_decimals_read_the_same() -> None:
    assert values(USD, pl.Series(["301.38", " 0.5", None])) == [30138, 50, 0]
    assert values(USD, pl.Series([Decimal("301.38"), None], dtype=pl.Decimal(12, 2))) == [30138, 0]


def test_a_decimal_column_with_more_places_than_the_scale_is_refused() -> None:
    column = pl.Series([Decimal("1.5"), Decimal("1.555")], dtype=pl.Decimal(10, 3))
    assert problem_lines(USD, column) == [
        "x = 1.555 (rows 1): expected at most 2 decimal place(s) (rule: facts.yaml x.scale)"]


def test_the_json_schema_takes_a_number_or_exact_text() -> None:
    schema = KIND.json_schema(USD, "en")
    assert schema["anyOf"][0] == {"type": "number", "minimum": 0, "multipleOf": 0.01}
    assert schema["anyOf"][1]["pattern"] == r"^-?\d+(\.\d{1,2})?$"


def test_a_form_steps_by_a_cent() -> None:
    assert KIND.form_field(USD, dt.date(2026, 1, 1)).step == "0.01"
    assert KIND.form_field(spec("decimal"), dt.date(2026, 1, 1)).step == "1"


@given(KIND.strategy(USD, dt.date(2026, 6, 30)))
def test_every_amount_the_strategy_draws_is_valid(value: Decimal) -> None:
    assert KIND.check("x", USD, value) == value


def test_a_float_too_large_for_binary_arithmetic_is_still_read_from_the_decimal_it_prints_as() -> None:
    huge = 123456789012345.67
    assert values(USD, pl.Series([huge, 1.5])) == [KIND.cell(USD, KIND.check("x", USD, huge)), 150]


@st.composite
def _floats(draw: st.DrawFn, places: int) -> list[float]:
    exact = st.decimals(min_value=-10**12, max_value=10**12, places=places, allow_nan=False).map(float)
    anything = st.floats(min_value=-1e14, max_value=1e14, allow_nan=False)
    return draw(st.lists(st.one_of(exact, anything), min_size=1, max_size=12))


@given(st.data(), st.integers(0, 4))
def test_a_float_column_means_what_each_float_means_in_a_facts_document(data: st.DataObject,
                                                                        places: int) -> None:
    fact = spec("decimal", scale=places)
    floats = data.draw(_floats(places))
    out, problems = canonical(fact, pl.Series(floats))
    refused = set()
    for row, value in enumerate(floats):
        try:
            expected = KIND.cell(fact, KIND.check("x", fact, value))
        except BadFact:
            refused.add(row)
            continue
        assert out["x"][row] == expected, value
    assert {row for p in problems for row in p.rows} <= refused
    assert sum(p.count for p in problems) == len(refused)


def test_a_float_column_with_missing_cells_takes_the_default_there() -> None:
    fact = spec("decimal", scale=2, min=0, default="2.5")
    assert values(fact, pl.Series([301.38, None, 1.5, None])) == [30138, 250, 150, 250]
    assert values(fact, pl.Series([None, None], dtype=pl.Float64)) == [250, 250]
