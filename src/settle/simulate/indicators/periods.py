"""The periods an indicator is computed for: a year ("2017"), a quarter ("2017-Q3") or a month
("2017-03"), with the periods before it for a time series and the DHIS2 spelling of each
("2017", "2017Q3", "201703")."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from settle.simulate.indicators.definitions import PeriodLength

PATTERNS: dict[PeriodLength, re.Pattern[str]] = {
    "year": re.compile(r"^(\d{4})$"),
    "quarter": re.compile(r"^(\d{4})-Q([1-4])$"),
    "month": re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$"),
}
SERIES_LENGTH: dict[PeriodLength, int] = {"year": 5, "quarter": 8, "month": 12}


class PeriodError(ValueError):
    """A period written in none of the three forms."""


@dataclass(frozen=True, order=True)
class Period:
    start: dt.date
    end: dt.date  # the last day, inclusive
    length: PeriodLength

    @property
    def label(self) -> str:
        if self.length == "year":
            return f"{self.start.year}"
        if self.length == "quarter":
            return f"{self.start.year}-Q{(self.start.month - 1) // 3 + 1}"
        return f"{self.start.year}-{self.start.month:02d}"

    @property
    def dhis2(self) -> str:
        """The period as DHIS2 writes it: 2017, 2017Q3, 201703."""
        return self.label.replace("-Q", "Q").replace("-", "")

    def previous(self) -> Period:
        return _period(self.length, self.start - dt.timedelta(days=1))

    def series(self, count: int | None = None) -> list[Period]:
        """The `count` periods ending with this one, oldest first (default: 5 years, 8 quarters
        or 12 months)."""
        found = [self]
        for _ in range((count or SERIES_LENGTH[self.length]) - 1):
            found.append(found[-1].previous())
        return found[::-1]


def _month_end(year: int, month: int) -> dt.date:
    first_next = dt.date(year + month // 12, month % 12 + 1, 1)
    return first_next - dt.timedelta(days=1)


def _period(length: PeriodLength, day: dt.date) -> Period:
    """The period of `length` holding `day`."""
    if length == "year":
        return Period(dt.date(day.year, 1, 1), dt.date(day.year, 12, 31), length)
    if length == "quarter":
        first = 3 * ((day.month - 1) // 3) + 1
        return Period(dt.date(day.year, first, 1), _month_end(day.year, first + 2), length)
    return Period(dt.date(day.year, day.month, 1), _month_end(day.year, day.month), length)


def period_holding(day: dt.date, length: PeriodLength) -> Period:
    return _period(length, day)


def parse_period(text: str) -> Period:
    """'2017', '2017-Q3' or '2017-03'."""
    value = text.strip()
    for length, pattern in PATTERNS.items():
        found = pattern.match(value)
        if found:
            year = int(found.group(1))
            if length == "year":
                return _period(length, dt.date(year, 1, 1))
            part = int(found.group(2))
            return _period(length, dt.date(year, 3 * part - 2 if length == "quarter" else part, 1))
    raise PeriodError(f"period = {text!r}: write a year (2017), a quarter (2017-Q3) or a month (2017-03)")
