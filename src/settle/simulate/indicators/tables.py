"""An indicator computed for one period: a table of districts (rows) by one group (columns:
sex, age band or population group, or everyone), with margins, small cells suppressed and
secondary suppression applied (settle.simulate.indicators.suppression); and the time series of
its city-wide totals over the periods before it.

The rows are always the districts, so that the dashboard's drill-down by district, its bars
by group (the margin row) and its city total (the corner) are cells of one protected table.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import polars as pl
from sqlalchemy.orm import Session

from settle.language.text import Text
from settle.simulate.indicators.definitions import (
    Dimensions,
    Indicator,
    NotAvailable,
    dimensions,
)
from settle.simulate.indicators.periods import Period
from settle.simulate.indicators.suppression import Cell, protect, with_margins
from settle.simulate.indicators.unit_rows import months_old, population_rows, registry_rows
from settle.workflow.disclosure_control import DEFAULT_THRESHOLD

BY_GROUPS = ("sex", "age_band", "population_group")
SEXES = ("male", "female")
ALL = "all"
TOTAL = "total"
UNKNOWN_DISTRICT = "unknown"
Value = int | Decimal | None


class ByError(ValueError):
    """A breakdown the indicator does not have."""


@dataclass(frozen=True)
class IndicatorData:
    """What the figures are computed from: a registry database (`session`), a synthetic
    population file (`population`, its round's ranked list beside it), or both."""

    session: Session | None = None
    population: Path | None = None
    folder: Path | None = None  # the indicators' folder (default indicators/)

    def held(self) -> set[str]:
        return ({"registry"} if self.session is not None else set()) | (
            {"population"} if self.population is not None else set())


@dataclass(frozen=True)
class IndicatorTable:
    indicator: Indicator
    period: Period
    by: str | None
    source: str  # the kind of figure the numerator was computed from, or "not_available"
    rows: list[str]  # districts, then TOTAL
    columns: list[str]  # the group's categories (or ALL), then TOTAL
    values: list[list[Value]]  # None: suppressed, or a proportion of nobody
    hidden: set[Cell] = field(default_factory=set)
    numerator: list[list[Value]] | None = None  # a proportion's counts (None where hidden)
    denominator: list[list[Value]] | None = None
    unavailable: dict[str, Text] = field(default_factory=dict)  # columns no source holds, and why
    not_available: Text | None = None  # the whole figure, and why
    threshold: int = DEFAULT_THRESHOLD

    @property
    def total(self) -> Value:
        return self.values[-1][-1] if self.values else None

    def is_hidden(self, row: int, column: int) -> bool:
        return (row, column) in self.hidden


def _band(edges: list[int], labels: list[str], born: dt.date, day: dt.date) -> str:
    years = months_old(born, day) // 12
    found = labels[0]
    for edge, label in zip(edges, labels, strict=False):
        if years >= edge:
            found = label
    return found


def _categories(by: str | None, dims: Dimensions) -> tuple[list[str], dict[str, Text]]:
    if by is None:
        return [ALL], {}
    if by == "sex":
        return list(SEXES), {}
    if by == "age_band":
        return dims.age_bands.labels(), {}
    unavailable = {g.id: Text(en=g.not_held, zh=g.not_held) for g in dims.population_groups if g.not_held}
    return dims.held_groups(), unavailable


def _column_of(frame: pl.DataFrame, by: str | None, dims: Dimensions) -> pl.DataFrame:
    if by is None or by == "population_group":
        # every row of the registry and of a synthetic population is a migrant (dimensions.yaml)
        return frame.with_columns(pl.lit(ALL if by is None else "migrant").alias("column"))
    if by == "sex":
        return frame.with_columns(pl.col("sex").alias("column"))
    edges, labels = dims.age_bands.edges, dims.age_bands.labels()
    bands = [_band(edges, labels, born, day)
             for born, day in zip(frame["birth_date"], frame["day"], strict=True)]
    return frame.with_columns(pl.Series("column", bands, dtype=pl.String))


def _rows_of(indicator: Indicator, figure_part: str, data: IndicatorData,
             period: Period) -> pl.DataFrame | Text:
    part = indicator.numerator if figure_part == "numerator" else indicator.denominator
    assert part is not None
    figure = part.figure_for(data.held())
    if isinstance(figure, NotAvailable):
        return figure.reason
    if figure.kind in ("population", "population_round"):
        assert data.population is not None
        return population_rows(data.population, figure, period.end)
    assert data.session is not None
    return registry_rows(data.session, figure, period)


def _grid(frame: pl.DataFrame, districts: list[str], columns: list[str], measure: str) -> list[list[float]]:
    cells = {(d, c): v for d, c, v in frame.group_by("district", "column").agg(
        (pl.len().cast(pl.Float64) if measure == "count" else pl.col("value").sum()).alias("v")).iter_rows()}
    return [[cells.get((d, c), 0.0) for c in columns] for d in districts]


def _percent(numerator: int, denominator: int) -> Decimal:
    return (Decimal(100 * numerator) / denominator).quantize(Decimal("0.1"), ROUND_HALF_UP)


def _money(value: float) -> Decimal:
    return Decimal(repr(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def compute_table(indicator: Indicator, period: Period, data: IndicatorData, *, by: str | None = None,
                  threshold: int = DEFAULT_THRESHOLD) -> IndicatorTable:
    """The indicator for `period`, by district and by the group `by` (None: everyone)."""
    if by == "district":
        by = None  # the rows are the districts already
    if by is not None and (by not in BY_GROUPS or by not in indicator.disaggregations):
        allowed = ", ".join(d for d in indicator.disaggregations)
        raise ByError(f"by = {by!r}: indicator {indicator.id} is broken down by {allowed}")
    dims = dimensions(data.folder)
    columns, unavailable = _categories(by, dims)
    numerator = _rows_of(indicator, "numerator", data, period)
    figure = indicator.numerator.figure_for(data.held())
    denominator = _rows_of(indicator, "denominator", data, period) if indicator.denominator else None
    missing = numerator if isinstance(numerator, Text) else (
        denominator if isinstance(denominator, Text) else None)
    if missing is not None:
        return IndicatorTable(indicator, period, by, "not_available", [TOTAL], [TOTAL], [[None]],
                              not_available=missing, threshold=threshold)
    assert isinstance(numerator, pl.DataFrame)
    frames = [numerator] + ([denominator] if isinstance(denominator, pl.DataFrame) else [])
    frames = [_column_of(f.with_columns(pl.col("district").fill_null(UNKNOWN_DISTRICT)), by, dims)
              for f in frames]
    districts = sorted(set().union(*(set(f["district"].to_list()) for f in frames)))
    rows = [*districts, TOTAL]
    counts = [with_margins([[int(v) for v in row] for row in _grid(f, districts, columns, "count")])
              for f in frames]
    if not districts:
        counts = [[[0] * (len(columns) + 1)] for _ in frames]
    if indicator.unit == "percent":
        hidden = protect(counts, threshold, complement=(0, 1))
        values: list[list[Value]] = [
            [None if (i, j) in hidden or d == 0 else _percent(n, d)
             for j, (n, d) in enumerate(zip(nr, dr, strict=True))]
            for i, (nr, dr) in enumerate(zip(counts[0], counts[1], strict=True))]
        shown: list[list[list[Value]]] = [
            [[None if (i, j) in hidden else v for j, v in enumerate(row)] for i, row in enumerate(g)]
                 for g in counts]
        return IndicatorTable(indicator, period, by, figure.kind, rows, [*columns, TOTAL], values, hidden,
                              numerator=shown[0], denominator=shown[1], unavailable=unavailable,
                              threshold=threshold)
    hidden = protect(counts, threshold)
    if indicator.unit == "yuan":
        sums = _grid(frames[0], districts, columns, "sum") if districts else [[0.0] * len(columns)]
        amounts = with_margins([[_money(v) for v in row] for row in sums])  # type: ignore[misc]
        grid: list[list[Value]] = [[Decimal(v) for v in row] for row in amounts]
    else:
        grid = [list(row) for row in counts[0]]
    values = [[None if (i, j) in hidden else v for j, v in enumerate(row)] for i, row in enumerate(grid)]
    return IndicatorTable(indicator, period, by, figure.kind, rows if districts else [TOTAL],
                          [*columns, TOTAL], values, hidden, unavailable=unavailable, threshold=threshold)


@dataclass(frozen=True)
class SeriesPoint:
    period: Period
    value: Value
    hidden: bool


def compute_series(indicator: Indicator, period: Period, data: IndicatorData, *,
                   threshold: int = DEFAULT_THRESHOLD, count: int | None = None) -> list[SeriesPoint]:
    """The city-wide figure in each period of the series ending with `period` (one point for a
    synthetic population, a snapshot on its day)."""
    periods = period.series(count)
    figure = indicator.numerator.figure_for(data.held())
    if figure.kind in ("population", "population_round", "not_available"):
        periods = [period]
    points = []
    for each in periods:
        table = compute_table(indicator, each, data, threshold=threshold)
        corner = (len(table.rows) - 1, len(table.columns) - 1)
        points.append(SeriesPoint(each, table.total, table.is_hidden(*corner)))
    return points
