"""Date arithmetic of the rule language: whole years since a date, months in periods."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

Month = int  # months since year 0: year * 12 + (month - 1)


def month_index(day: dt.date) -> Month:
    return day.year * 12 + day.month - 1


def parse_month(text: str) -> Month:
    """'2015-03' -> month index; raises ValueError on anything else."""
    year, sep, month = text.partition("-")
    if not sep or len(year) != 4 or not year.isdigit() or not month.isdigit():
        raise ValueError(f"{text!r} is not a month written YYYY-MM")
    number = int(month)
    if not 1 <= number <= 12:
        raise ValueError(f"{text!r} has month {number}, not 1-12")
    return int(year) * 12 + number - 1


def format_month(month: Month) -> str:
    return f"{month // 12:04d}-{month % 12 + 1:02d}"


def completed_years(start: dt.date, on: dt.date) -> int:
    """Whole years from `start` to `on` (an age in completed years, 周岁)."""
    years = on.year - start.year
    if (on.month, on.day) < (start.month, start.day):
        years -= 1
    return years


def completed_months(start: dt.date, on: dt.date) -> int:
    """Whole months from `start` to `on`."""
    months = (on.year - start.year) * 12 + on.month - start.month
    if on.day < start.day:
        months -= 1
    return months


def time_since(start: dt.date, on: dt.date, unit: str, rounding: str) -> int:
    """Whole units from `start` to `on`; with rounding 'ceil', any part of a further unit
    counts as a whole one."""
    if unit == "day":
        return (on - start).days
    if unit == "month":
        whole = completed_months(start, on)
        partial = on.day != start.day
    else:
        whole = completed_years(start, on)
        partial = (on.month, on.day) != (start.month, start.day)
    return whole + 1 if rounding == "ceil" and partial else whole


def reference_month(on: dt.date, until: str) -> Month:
    """The last month counted: the evaluation month or the month before it."""
    month = month_index(on)
    return month - 1 if until == "previous_month" else month


def covered_months(periods: Iterable[tuple[Month, Month | None]], last: Month) -> set[Month]:
    """Every month covered by the periods, open periods running to `last`, none after it."""
    months: set[Month] = set()
    for start, end in periods:
        stop = last if end is None else min(end, last)
        months.update(range(start, stop + 1))
    return months


def accumulated_months(periods: Iterable[tuple[Month, Month | None]], last: Month) -> int:
    """Months covered at least once (overlaps count once)."""
    return len(covered_months(periods, last))


def consecutive_months(periods: Iterable[tuple[Month, Month | None]], last: Month) -> int:
    """Length of the unbroken run of covered months that ends at `last` (0 if `last` is a gap)."""
    months = covered_months(periods, last)
    run = 0
    while last - run in months:
        run += 1
    return run
