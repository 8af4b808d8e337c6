"""A date fact: a day written YYYY-MM-DD; no date is a value of its own (a time since it counts 0)."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest
from hypothesis import given

from settle.language.facts import FACT_TYPES, BadFact
from tests.language.facts.tables import problem_lines, spec, values

BORN = spec("date")
KIND = FACT_TYPES["date"]


def test_a_date_is_read_from_text_a_date_or_a_datetime() -> None:
    day = dt.date(1990, 1, 31)
    assert KIND.check("x", BORN, "1990-01-31") == day
    assert KIND.check("x", BORN, day) == day
    assert KIND.check("x", BORN, dt.datetime(1990, 1, 31, 12)) == day


def test_a_date_written_otherwise_is_refused() -> None:
    with pytest.raises(BadFact, match="expected a date written YYYY-MM-DD"):
        KIND.check("x", BORN, "31/01/1990")


def test_the_default_is_no_date() -> None:
    assert KIND.default("x", BORN) is None


def test_date_datetime_and_text_columns_read_the_same() -> None:
    day = dt.date(1990, 1, 31)
    assert values(BORN, pl.Series([day, None])) == [day, None]
    assert values(BORN, pl.Series([dt.datetime(1990, 1, 31, 8), None])) == [day, None]
    assert values(BORN, pl.Series(["1990-01-31", None])) == [day, None]


def test_a_bad_date_in_csv_text_is_refused_naming_it() -> None:
    assert problem_lines(BORN, pl.Series(["1990-01-31", "1990-02-30"])) == [
        "x = '1990-02-30' (rows 1): expected a date written YYYY-MM-DD (rule: facts.yaml x.type)"]


@given(KIND.strategy(BORN, dt.date(2026, 6, 30)))
def test_every_date_the_strategy_draws_is_on_or_before_the_evaluation_date(day: dt.date) -> None:
    assert KIND.check("x", BORN, day) <= dt.date(2026, 6, 30)
