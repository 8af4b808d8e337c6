"""An integer fact: whole numbers within its range, the same from a document, a typed column
or CSV text."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from settle.language.facts import FACT_TYPES, BadFact
from tests.language.facts.tables import canonical, problem_lines, spec, values

YEARS = spec("integer", unit="year", min=0, max=60)
KIND = FACT_TYPES["integer"]


def test_a_whole_number_is_accepted_as_a_number_or_as_text() -> None:
    assert [KIND.check("x", YEARS, v) for v in (5, "5", " 5 ", Decimal("5.0"), 5.0)] == [5] * 5


def test_a_fraction_is_refused_in_the_facts_unit_without_python_reprs() -> None:
    for given_value in (Decimal("5.9"), 5.9, "5.9"):
        with pytest.raises(BadFact) as caught:
            KIND.check("x", YEARS, given_value)
        assert str(caught.value) == "5.9 is not a whole number of years"
        assert caught.value.words.zh == "5.9 不是整数（单位：年）"
        assert caught.value.rule == "facts.yaml x.scale"


def test_a_fraction_of_a_fact_without_a_unit_is_not_a_whole_number() -> None:
    with pytest.raises(BadFact, match=r"^47\.5 is not a whole number$"):
        KIND.check("x", spec("integer"), 47.5)


@pytest.mark.parametrize(("raw", "words", "rule"), [
    (-1, "below the minimum 0", "min"), (61, "above the maximum 60", "max"),
    ("five", "expected a number", "type"), (True, "expected a number, got bool", "type"),
    ("NaN", "expected a finite number", "type"), (10**16, "too large", "type")])
def test_values_out_of_range_or_not_numbers_are_refused_naming_the_rule(raw: object, words: str,
                                                                        rule: str) -> None:
    with pytest.raises(BadFact) as caught:
        KIND.check("x", YEARS, raw)
    assert str(caught.value).startswith(words)
    assert caught.value.rule == f"facts.yaml x.{rule}"


def test_the_default_is_zero_unless_declared() -> None:
    assert KIND.default("x", YEARS) == 0
    assert KIND.default("x", spec("integer", default=3)) == 3


def test_a_typed_column_a_float_column_and_csv_text_read_the_same() -> None:
    assert values(YEARS, pl.Series([3, None, 60])) == [3, 0, 60]
    assert values(YEARS, pl.Series([3.0, None, 60.0])) == [3, 0, 60]
    assert values(YEARS, pl.Series(["3", None, "60"])) == [3, 0, 60]


def test_a_fraction_in_a_column_is_refused_like_in_a_document() -> None:
    for column in (pl.Series([1.0, 12.5]), pl.Series(["1", "12.5"]),
                   pl.Series([Decimal("1"), Decimal("12.5")], dtype=pl.Decimal(10, 1))):
        assert problem_lines(YEARS, column) == [
            "x = 12.5 (rows 1): 12.5 is not a whole number of years (rule: facts.yaml x.scale)"
            if column.dtype != pl.String else
            "x = '12.5' (rows 1): 12.5 is not a whole number of years (rule: facts.yaml x.scale)"]


def test_a_value_below_the_minimum_in_a_column_names_the_value_and_its_rows() -> None:
    assert problem_lines(YEARS, pl.Series([-1, 2, -1])) == [
        "x = -1 (rows 0, 2): below the minimum 0 (rule: facts.yaml x.min)"]


def test_the_json_schema_is_an_integer_with_the_range() -> None:
    assert KIND.json_schema(YEARS, "en") == {"type": "integer", "minimum": 0, "maximum": 60}


def test_a_form_asks_with_a_number_field_and_reads_the_text_back() -> None:
    assert KIND.form_field(YEARS, dt.date(2026, 1, 1)).widget == "number"
    assert KIND.read_form("x", {"x": " 7 "}) == "7"
    assert KIND.read_form("x", {"x": ""}) is None


@given(KIND.strategy(YEARS, dt.date(2026, 6, 30)))
def test_every_value_the_strategy_draws_is_valid(value: int) -> None:
    assert KIND.check("x", YEARS, value) == value


@given(st.data())
def test_an_integer_column_means_what_each_integer_means_in_a_facts_document(data: st.DataObject) -> None:
    """A column within its range is told so by its least and greatest values, one that is not is
    checked row by row: either way each cell reads as the one-person check reads it."""
    fact = data.draw(st.sampled_from([YEARS, spec("integer"), spec("integer", min=-5, default=2)]))
    cells = st.one_of(st.integers(-10, 70), st.sampled_from([10**15 - 1, 10**15, -(10**15)]), st.none())
    column = data.draw(st.lists(cells, min_size=1, max_size=10))
    out, problems = canonical(fact, pl.Series(column, dtype=pl.Int64))
    refused = set()
    for row, value in enumerate(column):
        if value is None:
            assert out["x"][row] == KIND.default("x", fact)
            continue
        try:
            expected = KIND.check("x", fact, value)
        except BadFact:
            refused.add(row)
            continue
        assert out["x"][row] == expected
    named = {row for p in problems for row in p.rows}
    assert named <= refused
    assert bool(named) == bool(refused)  # a column with a bad cell is refused, naming its rows
