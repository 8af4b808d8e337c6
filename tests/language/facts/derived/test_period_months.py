"""`period_months` counts the months of a list of periods (accumulated, the run ending at the
reference month, or the longest run; within a window or not) the same in both engines;
`whole_years` turns months into whole years."""

from __future__ import annotations

import datetime as dt
from typing import Any

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from settle.language.dates import month_index
from settle.language.facts import DerivedPeriodMonths, DerivedWholeYears
from settle.language.facts.columns import PERIOD
from settle.language.facts.derived.period_months import period_months

ON = dt.date(2026, 6, 30)
LAST = month_index(ON)
TITLE = {"en": "months", "zh": "月数"}


def _op(mode: str, until: str = "evaluation_month", within: int | None = None) -> DerivedPeriodMonths:
    return DerivedPeriodMonths.model_validate({"op": "period_months", "title": TITLE, "of": "p",
                                               "mode": mode, "until": until, "within_months": within})


def test_accumulated_months_count_an_overlap_once() -> None:
    assert period_months([(LAST - 11, LAST - 6), (LAST - 8, LAST - 3)], LAST, "accumulated") == 9


def test_consecutive_months_are_the_run_ending_at_the_reference_month() -> None:
    periods = [(LAST - 30, LAST - 20), (LAST - 19, None)]
    assert period_months(periods, LAST, "consecutive") == 31
    assert period_months([(LAST - 30, LAST - 2)], LAST, "consecutive") == 0


def test_the_longest_run_need_not_reach_the_reference_month() -> None:
    periods: list[tuple[int, int | None]] = [(LAST - 50, LAST - 10), (LAST - 8, LAST - 3)]
    assert period_months(periods, LAST, "longest") == 41
    assert period_months(periods, LAST, "consecutive") == 0


def test_a_window_counts_only_its_own_months() -> None:
    # 36 months paid until 8 months ago: within the last 60 months the run counts in full,
    # within the last 40 months only its last 32 months do
    periods: list[tuple[int, int | None]] = [(LAST - 43, LAST - 8)]
    assert period_months(periods, LAST, "longest", within=60) == 36
    assert period_months(periods, LAST, "longest", within=40) == 32
    assert period_months(periods, LAST, "accumulated", within=40) == 32
    open_ended: list[tuple[int, int | None]] = [(LAST - 70, None)]
    assert period_months(open_ended, LAST, "consecutive", within=60) == 60


def test_whole_years_are_months_divided_by_twelve() -> None:
    years = DerivedWholeYears.model_validate({"op": "whole_years", "title": TITLE, "of": "n"})
    assert years.derive("y", {"n": 35}.__getitem__, ON) == 2
    counts = pl.DataFrame({"n": [35, 36]})
    assert counts.select(years.column("y", counts, ON))["n"].to_list() == [2, 3]


@st.composite
def _periods(draw: st.DrawFn) -> list[dict[str, int | None]]:
    out = []
    for _ in range(draw(st.integers(0, 4))):
        start = draw(st.integers(LAST - 48, LAST + 2))
        out.append({"from": start, "to": draw(st.one_of(st.none(), st.integers(start, start + 24)))})
    return out


@given(st.lists(_periods(), min_size=1, max_size=6),
       st.sampled_from(["accumulated", "consecutive", "longest"]),
       st.sampled_from(["evaluation_month", "previous_month"]), st.one_of(st.none(), st.integers(1, 60)))
@settings(max_examples=200, deadline=None)
def test_the_bulk_column_equals_the_one_person_count(rows: list[Any], mode: str, until: str,
                                                     within: int | None) -> None:
    op = _op(mode, until, within)
    frame = pl.DataFrame({"p": pl.Series(rows, dtype=pl.List(PERIOD))})
    for row, got in zip(rows, op.column("n", frame, ON).to_list(), strict=True):
        periods = [(p["from"], p["to"]) for p in row]
        assert got == op.derive("n", {"p": periods}.__getitem__, ON), (row, mode, until, within)
