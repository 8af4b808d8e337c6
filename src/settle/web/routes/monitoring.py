"""The monitoring dashboard for analysts and bureau officers: every indicator's city figure,
and the chosen one period by period, by group and by district, with a district's own
breakdown on a click, its definition and sources, and its exports (CSV, xlsx, DHIS2). The
same service and files as the API's /indicators (settle.services.indicators)."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response

from settle.api.deps import ReadSessionDep
from settle.api.routers.indicators import XLSX
from settle.echo import cut
from settle.errors import Invalid
from settle.i18n import Lang
from settle.services.indicators import IndicatorView, chosen_indicators, monitoring, period_of
from settle.simulate.indicators.exports import to_csv, to_dhis2, to_xlsx
from settle.simulate.indicators.labels import (
    by_words,
    cell_words,
    column_words,
    number,
    row_words,
    source_words,
    unit_words,
    w,
)
from settle.simulate.indicators.tables import TOTAL, IndicatorTable
from settle.web.indicator_charts import groups_chart, series_chart
from settle.web.pages import LangDep, MaybeAccount, need, render
from settle.words import text

router = APIRouter(prefix="/monitoring", include_in_schema=False)
MONITORS = ("analyst", "bureau_officer", "administrator")
BYS = ("", "sex", "age_band", "population_group")
Text50 = Annotated[str | None, Query(max_length=50)]


def _by(value: str | None) -> str | None:
    if value in (None, ""):
        return None
    if value not in BYS:
        raise Invalid(text("indicators", "bad_by", value=cut(value)), field="by")
    return value


def _figure(value: object) -> float:
    return float(value) if isinstance(value, int | Decimal) else 0.0


def _charts(view: IndicatorView, lang: Lang) -> dict[str, str | None]:
    table, indicator = view.table, view.indicator
    if table.not_available is not None:
        return {"series": None, "groups": None, "districts": None}
    axis = unit_words(indicator, lang)
    title = indicator.title(lang)
    shown = tuple((p.period.label, _figure(p.value)) for p in view.series
                  if not p.hidden and p.value is not None)
    last = len(table.rows) - 1
    margin = table.values[last]
    groups = tuple((column_words(c, lang), _figure(margin[j]))
                   for j, c in enumerate(table.columns[:-1]) if table.by and margin[j] is not None)
    districts = tuple((row_words(r, lang), _figure(table.values[i][-1]))
                      for i, r in enumerate(table.rows[:-1]) if table.values[i][-1] is not None)
    period = table.period.label
    return {
        "series": series_chart(shown, w("series_title", lang, indicator=title), axis) if shown else None,
        "groups": groups_chart(groups, w("groups_title", lang, indicator=title, period=period,
                                         by=by_words(table.by, lang)), axis) if groups else None,
        "districts": groups_chart(districts, w("districts_title", lang, indicator=title, period=period),
                                  axis) if districts else None,
    }


def _grid(table: IndicatorTable, lang: Lang) -> dict[str, Any]:
    """The table as the template draws it: headers, and per row its words, id and cells."""
    return {"columns": [column_words(c, lang) for c in table.columns],
            "rows": [{"id": r, "name": row_words(r, lang), "total": r == TOTAL,
                      "cells": [{"text": cell_words(table, i, j, lang), "hidden": table.is_hidden(i, j)}
                                for j in range(len(table.columns))]} for i, r in enumerate(table.rows)],
            "unavailable": [(column_words(k, lang), v(lang)) for k, v in table.unavailable.items()]}


def _definition(view: IndicatorView, lang: Lang) -> dict[str, Any]:
    indicator = view.indicator
    files = {s.id: s.file for s in indicator.sources}
    parts = [indicator.numerator] + ([indicator.denominator] if indicator.denominator else [])
    cites = [{"where": f"{files[c.source]} {w('lines', lang, lines=c.lines) if c.lines else c.article}",
              "note": c.note or ""} for c in indicator.cite]
    return {"cites": cites,
            "parts": [{"title": p.title(lang), "assumption": p.assumption or ""} for p in parts],
            "assumptions": indicator.assumptions,
            "source": source_words(view.table.source, lang), "unit": unit_words(indicator, lang)}


@router.get("", response_class=HTMLResponse)
def dashboard(request: Request, lang: LangDep, account: MaybeAccount, session: ReadSessionDep,
              indicator: Text50 = None, period: Annotated[str | None, Query(max_length=10)] = None,
              by: Text50 = None, district: Text50 = None) -> HTMLResponse:
    staff = need(account, *MONITORS)
    chosen = period_of(period, session=session, today=request.app.state.today)
    threshold = request.app.state.small_cell
    every = chosen_indicators(None)
    current = next((i for i in every if i.id == indicator), every[0])
    overview = monitoring(session=session, period=chosen, threshold=threshold, series=False)
    view = monitoring(session=session, period=chosen, by=_by(by), ids=[current.id], district=district,
                      threshold=threshold)[0]
    last = len(view.table.rows) - 1
    cards = [{"id": v.indicator.id, "title": v.indicator.title(lang), "unit": unit_words(v.indicator, lang),
              "value": cell_words(v.table, len(v.table.rows) - 1, len(v.table.columns) - 1, lang)}
             for v in overview]
    query = f"indicator={current.id}&period={chosen.label}&by={by or ''}&lang={lang}"
    return render(request, "monitoring.html", lang, staff, iw=lambda key, **values: w(key, lang, **values),
                  cards=cards, current=current.id, title=current.title(lang), period=chosen.label,
                  by=by or "", bys=[(b, by_words(b or None, lang)) for b in BYS
                                    if not b or b in current.disaggregations],
                  indicators=[(i.id, i.title(lang)) for i in every], charts=_charts(view, lang),
                  grid=_grid(view.table, lang), not_available=view.table.not_available(lang)
                  if view.table.not_available else None,
                  detail=_grid(view.district_table, lang) if view.district_table else None,
                  detail_title=w("district_detail", lang, district=row_words(district, lang),
                                 indicator=current.title(lang), period=chosen.label) if district else "",
                  definition=_definition(view, lang), threshold=threshold, query=query,
                  city_total=cell_words(view.table, last, len(view.table.columns) - 1, lang),
                  number=number)


@router.get("/export.{kind}")
def export(request: Request, kind: str, account: MaybeAccount, session: ReadSessionDep, lang: LangDep,
           indicator: Text50 = None, period: Annotated[str | None, Query(max_length=10)] = None,
           by: Text50 = None) -> Response:
    """The dashboard's tables as CSV, xlsx or DHIS2 JSON (all indicators, or the one named)."""
    need(account, *MONITORS)
    if kind not in ("csv", "xlsx", "json"):
        raise Invalid(text("indicators", "no_such_export", value=cut(kind)), field="kind")
    chosen = period_of(period, session=session, today=request.app.state.today)
    ids = [indicator] if indicator else None
    threshold = request.app.state.small_cell
    tables = [v.table for v in monitoring(session=session, period=chosen, by=_by(by), ids=ids,
                                          threshold=threshold, series=False)]
    name = f"indicators-{chosen.label}"
    if kind == "json":
        if _by(by) is not None:
            tables += [v.table for v in monitoring(session=session, period=chosen, ids=ids,
                                                   threshold=threshold, series=False)]
        return JSONResponse(to_dhis2(tables),
                            headers={"Content-Disposition": f'attachment; filename="{name}-dhis2.json"'})
    if kind == "csv":
        return Response(to_csv(tables, lang), media_type="text/csv; charset=utf-8",
                        headers={"Content-Disposition": f'attachment; filename="{name}.csv"'})
    return Response(to_xlsx(tables, lang), media_type=XLSX,
                    headers={"Content-Disposition": f'attachment; filename="{name}.xlsx"'})
