"""A periods fact: a list of periods of months, checked the same from a document, JSON text in
CSV, a list of structs of text, or month numbers."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest
from hypothesis import given

from settle.language.dates import month_index
from settle.language.facts import FACT_TYPES, BadFact
from settle.language.facts.columns import PERIOD
from tests.language.facts.tables import problem_lines, spec, values

PERIODS = spec("periods")
KIND = FACT_TYPES["periods"]
M2015_01 = month_index(dt.date(2015, 1, 1))


def test_periods_are_months_with_an_open_end() -> None:
    raw = [{"from": "2015-01", "to": None}, {"from": "2012-03", "to": "2013-02"}]
    assert KIND.check("x", PERIODS, raw) == [
        (M2015_01, None), (month_index(dt.date(2012, 3, 1)), month_index(dt.date(2013, 2, 1)))]


@pytest.mark.parametrize(("raw", "words"), [
    ("2015-01", "expected a list of periods {from: YYYY-MM, to: YYYY-MM or null}"),
    ([{"to": "2016-01"}], "period 0 must be {from: YYYY-MM, to: YYYY-MM or null}"),
    ([{"from": "2015-13"}], "period 0: '2015-13' has month 13, not 1-12"),
    ([{"from": "2015"}], "period 0: '2015' is not a month written YYYY-MM"),
    ([{"from": "2016-01", "to": "2015-01"}], "period 0 ends before it starts")])
def test_bad_periods_are_refused_naming_the_period(raw: object, words: str) -> None:
    with pytest.raises(BadFact) as caught:
        KIND.check("x", PERIODS, raw)
    assert str(caught.value) == words


def test_json_text_structs_of_text_and_month_numbers_read_the_same() -> None:
    expected = [[{"from": M2015_01, "to": None}], []]
    assert values(PERIODS, pl.Series(['[{"from": "2015-01", "to": null}]', None])) == expected
    assert values(PERIODS, pl.Series([[{"from": "2015-01", "to": None}], None])) == expected
    numbers = pl.Series([[{"from": M2015_01, "to": None}], None], dtype=pl.List(PERIOD))
    assert values(PERIODS, numbers) == expected


def test_a_bad_month_in_csv_text_is_refused_as_in_a_document() -> None:
    assert problem_lines(PERIODS, pl.Series(['[{"from": "2015-13"}]'])) == [
        "x = '[{\"from\": \"2015-13\"}]' (rows 0): period 0: '2015-13' has month 13, not 1-12 "
        "(rule: facts.yaml x.type)"]


def test_month_numbers_that_run_backwards_are_refused() -> None:
    numbers = pl.Series([[{"from": 10, "to": 5}]], dtype=pl.List(PERIOD))
    assert problem_lines(PERIODS, numbers) == [
        "x = [{'from': 10, 'to': 5}] (rows 0): period 0 ends before it starts (rule: facts.yaml x.type)"]


def test_a_row_of_month_numbers_reads_back_as_a_document() -> None:
    row = {"x": [{"from": M2015_01, "to": None}]}
    assert KIND.document_value("x", PERIODS, row) == [{"from": "2015-01", "to": None}]


def test_a_form_asks_for_one_period() -> None:
    assert KIND.read_form("x", {"x.from": "2015-01", "x.to": ""}) == [{"from": "2015-01", "to": None}]
    assert KIND.read_form("x", {"x.from": ""}) is None


@given(KIND.strategy(PERIODS, dt.date(2026, 6, 30)))
def test_every_list_the_strategy_draws_is_valid(raw: list[dict[str, str | None]]) -> None:
    assert len(KIND.check("x", PERIODS, raw)) == len(raw)
