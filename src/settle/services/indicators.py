"""The monitoring indicators for a period and a breakdown, with each one's time series: the one
service under the dashboard, its API and `settle indicators` (settle.simulate.indicators)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from settle.echo import cut
from settle.errors import Invalid, NotFound
from settle.registry.clock import demo_today
from settle.simulate.indicators.definitions import Indicator, indicators
from settle.simulate.indicators.labels import cell_status
from settle.simulate.indicators.periods import Period, PeriodError, parse_period, period_holding
from settle.simulate.indicators.tables import (
    ByError,
    IndicatorData,
    IndicatorTable,
    SeriesPoint,
    compute_series,
    compute_table,
)
from settle.simulate.indicators.unit_rows import FigureError
from settle.words import text
from settle.workflow.disclosure_control import threshold_from_env

BYS = (None, "sex", "age_band", "population_group")


@dataclass(frozen=True)
class IndicatorView:
    indicator: Indicator
    table: IndicatorTable
    series: list[SeriesPoint]
    district_table: IndicatorTable | None = None  # the group breakdown of one district (drill-down)


def chosen_indicators(ids: list[str] | None, folder: Path | None = None) -> list[Indicator]:
    """The indicators named (all, when none is), refusing an unknown id with the known ones."""
    every = list(indicators(folder))
    if not ids:
        return every
    known = {i.id: i for i in every}
    for indicator_id in ids:
        if indicator_id not in known:
            raise NotFound(text("indicators", "no_indicator", value=indicator_id, known=", ".join(known)),
                           field="indicator")
    return [known[i] for i in ids]


def period_of(written: str | None, *, session: Session | None, today: dt.date | None = None) -> Period:
    """The period written (2017, 2017-Q3, 2017-03), else the year of the registry's day."""
    if written:
        try:
            return parse_period(written)
        except PeriodError:
            raise Invalid(text("indicators", "bad_period", value=cut(written)), field="period") from None
    day = today or (demo_today(session) if session is not None else None) or dt.date.today()
    return period_holding(day, "year")


def monitoring(*, session: Session | None, period: Period, by: str | None = None,
               ids: list[str] | None = None, district: str | None = None, threshold: int | None = None,
               population: Path | None = None, series: bool = True) -> list[IndicatorView]:
    """Each chosen indicator for `period` by district and `by`, its time series, and (with
    `district`) that district's row again as its own table by group."""
    if by not in BYS and by != "district":
        raise Invalid(text("indicators", "bad_by", value=by), field="by")
    small = threshold if threshold is not None else threshold_from_env()
    data = IndicatorData(session=session, population=population)
    views = []
    for indicator in chosen_indicators(ids):
        asked = by if by is None or by == "district" or by in indicator.disaggregations else None
        try:
            table = compute_table(indicator, period, data, by=asked, threshold=small)
            points = compute_series(indicator, period, data, threshold=small) if series else []
        except (ByError, FigureError) as exc:
            raise Invalid(str(exc), field="by" if isinstance(exc, ByError) else "indicator") from None
        views.append(IndicatorView(indicator, table, points, _district(table, district)))
    return views


def _district(table: IndicatorTable, district: str | None) -> IndicatorTable | None:
    """One row of the table (and the city's margin row below it) for the drill-down."""
    if district is None or district not in table.rows[:-1]:
        return None
    i = table.rows.index(district)
    keep = {(0 if r == i else 1, c) for r, c in table.hidden if r in (i, len(table.rows) - 1)}
    rows = [table.values[i], table.values[-1]]
    numerator, denominator = table.numerator, table.denominator
    return IndicatorTable(table.indicator, table.period, table.by, table.source, [district, table.rows[-1]],
                          table.columns, rows, keep,
                          numerator=[numerator[i], numerator[-1]] if numerator else None,
                          denominator=[denominator[i], denominator[-1]] if denominator else None,
                          unavailable=table.unavailable, threshold=table.threshold)


def table_json(table: IndicatorTable) -> dict[str, Any]:
    """A table as plain data: rows, columns, each cell's value (None when hidden) and status."""
    cells = [[{"value": None if v is None else str(v), "status": cell_status(table, i, j)}
              for j, v in enumerate(row)] for i, row in enumerate(table.values)]
    return {"indicator": table.indicator.id, "period": table.period.label, "by": table.by,
            "unit": table.indicator.unit, "source": table.source, "threshold": table.threshold,
            "rows": table.rows, "columns": table.columns, "cells": cells,
            "unavailable": {k: v.en for k, v in table.unavailable.items()},
            "not_available": None if table.not_available is None else table.not_available.model_dump()}


def view_json(view: IndicatorView) -> dict[str, Any]:
    return {"id": view.indicator.id, "title": view.indicator.title.model_dump(),
            "cite": [c.model_dump(exclude_none=True) for c in view.indicator.cite],
            "table": table_json(view.table),
            "series": [{"period": p.period.label, "value": None if p.value is None else str(p.value),
                        "hidden": p.hidden} for p in view.series]}
