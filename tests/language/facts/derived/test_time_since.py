"""`time_since` counts the same whole units in both engines, at month ends and on leap days."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from settle.language.dates import time_since
from settle.language.facts.derived.time_since import time_since_expr


@given(st.dates(dt.date(1930, 1, 1), dt.date(2030, 12, 31)),
       st.dates(dt.date(1990, 1, 1), dt.date(2030, 12, 31)),
       st.sampled_from(["year", "month", "day"]), st.sampled_from(["floor", "ceil"]))
@settings(max_examples=300, deadline=None)
def test_bulk_time_since_equals_the_one_person_arithmetic(start: dt.date, on: dt.date, unit: str,
                                                          rounding: str) -> None:
    if start > on:
        start, on = on, start
    got = pl.DataFrame({"d": [start]}).select(time_since_expr("d", on, unit, rounding)).item()
    assert got == time_since(start, on, unit, rounding)


@pytest.mark.parametrize(("start", "on"), [
    (dt.date(2000, 2, 29), dt.date(2018, 2, 28)), (dt.date(2000, 2, 29), dt.date(2018, 3, 1)),
    (dt.date(2001, 2, 28), dt.date(2020, 2, 29)), (dt.date(2017, 2, 28), dt.date(2017, 3, 31)),
    (dt.date(2017, 1, 31), dt.date(2017, 2, 28)), (dt.date(2017, 4, 30), dt.date(2017, 5, 31))])
def test_bulk_time_since_at_month_ends_and_leap_days(start: dt.date, on: dt.date) -> None:
    for unit in ("year", "month"):
        for rounding in ("floor", "ceil"):
            got = pl.DataFrame({"d": [start]}).select(time_since_expr("d", on, unit, rounding)).item()
            assert got == time_since(start, on, unit, rounding), (unit, rounding)


@pytest.mark.parametrize("on", [dt.date(2017, 12, 31), dt.date(2020, 2, 29), dt.date(2021, 3, 31)])
def test_every_day_of_a_century_looks_up_the_units_the_one_person_arithmetic_counts(on: dt.date) -> None:
    """The bulk form reads the units from a table by day; each day of 100 years before `on`
    (and `on` itself, and a day missing) gets what the one-person engine says."""
    days = [on - dt.timedelta(days=n) for n in range(0, 36_525, 7)] + [on]
    frame = pl.DataFrame({"d": [*days, None]}, schema={"d": pl.Date})
    for unit in ("year", "month"):
        for rounding in ("floor", "ceil"):
            got = frame.select(time_since_expr("d", on, unit, rounding)).to_series().to_list()
            assert got == [*(time_since(d, on, unit, rounding) for d in days), 0], (unit, rounding)
