"""Whole years, months and days; months covered by periods."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from settle.rules import dates


def test_an_age_counts_completed_years() -> None:
    assert dates.time_since(dt.date(1982, 6, 1), dt.date(2017, 5, 31), "year", "floor") == 34
    assert dates.time_since(dt.date(1982, 6, 1), dt.date(2017, 6, 1), "year", "floor") == 35


def test_part_of_a_year_counts_as_a_year_when_rounding_up() -> None:
    assert dates.time_since(dt.date(1977, 6, 1), dt.date(2017, 6, 1), "year", "ceil") == 40
    assert dates.time_since(dt.date(1977, 6, 1), dt.date(2017, 6, 2), "year", "ceil") == 41


def test_someone_born_on_29_february_ages_on_1_march_in_common_years() -> None:
    assert dates.time_since(dt.date(2000, 2, 29), dt.date(2018, 2, 28), "year", "floor") == 17
    assert dates.time_since(dt.date(2000, 2, 29), dt.date(2018, 3, 1), "year", "floor") == 18


def test_whole_months_and_days() -> None:
    assert dates.time_since(dt.date(2015, 3, 15), dt.date(2017, 3, 14), "month", "floor") == 23
    assert dates.time_since(dt.date(2015, 3, 15), dt.date(2017, 3, 15), "month", "floor") == 24
    assert dates.time_since(dt.date(2017, 1, 1), dt.date(2017, 3, 1), "day", "floor") == 59


def test_overlapping_periods_count_once_when_accumulated() -> None:
    jan, jun, dec = (dates.parse_month(m) for m in ("2016-01", "2016-06", "2016-12"))
    periods = [(jan, jun), (dates.parse_month("2016-04"), dec)]
    assert dates.accumulated_months(periods, dec) == 12


def test_a_gap_breaks_the_consecutive_run_but_not_the_accumulated_total() -> None:
    periods = [(dates.parse_month("2010-01"), dates.parse_month("2012-12")),
               (dates.parse_month("2014-01"), None)]
    last = dates.parse_month("2017-12")
    assert dates.accumulated_months(periods, last) == 36 + 48
    assert dates.consecutive_months(periods, last) == 48


def test_months_after_the_reference_month_are_not_counted() -> None:
    periods = [(dates.parse_month("2017-01"), dates.parse_month("2018-06"))]
    assert dates.accumulated_months(periods, dates.parse_month("2017-10")) == 10


def test_a_malformed_month_is_refused() -> None:
    for text in ("2017-13", "17-01", "2017/01", "2017-1x"):
        try:
            dates.parse_month(text)
        except ValueError as exc:
            assert "YYYY-MM" in str(exc) or "month" in str(exc)
        else:
            raise AssertionError(text)


@given(st.dates(dt.date(1930, 1, 1), dt.date(2030, 1, 1)),
       st.dates(dt.date(1930, 1, 1), dt.date(2030, 1, 1)))
def test_rounding_up_adds_at_most_one_year(start: dt.date, on: dt.date) -> None:
    if start > on:
        start, on = on, start
    floor = dates.time_since(start, on, "year", "floor")
    ceil = dates.time_since(start, on, "year", "ceil")
    assert floor >= 0
    assert ceil - floor in (0, 1)
