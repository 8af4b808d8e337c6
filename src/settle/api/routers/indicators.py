"""The monitoring indicators for analysts and bureau officers: definitions with their sources,
figures for a period by district and group (small cells hidden), and the exports the
dashboard offers (CSV, xlsx, DHIS2 dataValueSets JSON)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse, Response

from settle.api.deps import Analyst, ReadSessionDep
from settle.i18n import Lang
from settle.services.indicators import chosen_indicators, monitoring, period_of, view_json
from settle.simulate.indicators.exports import to_csv, to_dhis2, to_xlsx
from settle.simulate.indicators.suppression import METHOD

router = APIRouter(tags=["indicators"])

PeriodQuery = Annotated[str | None, Query(
    description="2017, 2017-Q3 or 2017-03; default: the registry's year.", max_length=10)]
ByQuery = Annotated[Literal["sex", "age_band", "population_group", "district"] | None,
                    Query(description="The columns; the rows are always the districts.")]
IdsQuery = Annotated[list[str] | None, Query(alias="indicator", description="Indicator ids (default: all).")]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@router.get("/indicators/definitions")
def definitions(_analyst: Analyst) -> list[dict[str, Any]]:
    """Every indicator as its file defines it: numerator, denominator, sources, assumptions."""
    return [indicator.model_dump(mode="json", exclude_none=True) for indicator in chosen_indicators(None)]


@router.get("/indicators")
def figures(request: Request, _analyst: Analyst, session: ReadSessionDep, period: PeriodQuery = None,
            by: ByQuery = None, ids: IdsQuery = None,
            district: Annotated[str | None, Query(max_length=50)] = None) -> dict[str, Any]:
    """Each indicator's table for the period (rows: districts; columns: the breakdown; hidden
    cells have no value and the status `suppressed`) and its time series."""
    views = monitoring(session=session, period=period_of(period, session=session), by=by, ids=ids,
                       district=district, threshold=request.app.state.small_cell)
    return {"method": METHOD, "threshold": request.app.state.small_cell,
            "indicators": [view_json(v) for v in views]}


@router.get("/indicators/export.{kind}")
def export(request: Request, kind: Literal["csv", "xlsx", "json"], _analyst: Analyst, session: ReadSessionDep,
           period: PeriodQuery = None, by: ByQuery = None, ids: IdsQuery = None,
           lang: Annotated[Lang, Query()] = "en",
           org_unit: Annotated[str, Query(max_length=50, pattern=r"^[A-Za-z0-9_]+$",
                                          description="DHIS2 code of the city's org unit.")] = "CITY",
           ) -> Response:
    """The tables as CSV, an xlsx workbook, or a DHIS2 data value set (`json`; codes, to import
    with idScheme=CODE; hidden cells left out)."""
    chosen = period_of(period, session=session)
    views = monitoring(session=session, period=chosen, by=by, ids=ids, threshold=request.app.state.small_cell,
                       series=False)
    tables = [v.table for v in views]
    name = f"indicators-{chosen.label}"
    if kind == "json":
        if by not in (None, "district"):  # the totals too, as DHIS2's default combination
            tables += [v.table for v in monitoring(session=session, period=chosen, ids=ids, series=False,
                                                   threshold=request.app.state.small_cell)]
        return JSONResponse(to_dhis2(tables, org_unit=org_unit),
                            headers={"Content-Disposition": f'attachment; filename="{name}-dhis2.json"'})
    if kind == "csv":
        return Response(to_csv(tables, lang), media_type="text/csv; charset=utf-8",
                        headers={"Content-Disposition": f'attachment; filename="{name}.csv"'})
    return Response(to_xlsx(tables, lang), media_type=XLSX,
                    headers={"Content-Disposition": f'attachment; filename="{name}.xlsx"'})
