"""The department's stocks of places (issue 15 part 1): for a service with a limited stock (a
district's school places, an estate's public rental flats) the department that decides it
opens a stock (how many places, where, for which period), sees the applications waiting for it
ranked by the pack's ranking (each applicant's values of the ranking's keys, equal keys: the
earlier application), runs the allocation and sees who got a place, who waits and who was
refused, and why. Every step is the workflow's (settle.workflow.service_stock), which audits;
a stock of another department's service is as if it did not exist (404)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from settle.api.deps import RowId, SessionDep, TodayDep
from settle.audit.chain import record as audit
from settle.errors import Invalid, SettleError
from settle.i18n import Lang
from settle.packs import Pack, default_catalogue
from settle.registry.models import Account, ServiceStock
from settle.registry.persons import get_person
from settle.web.case_view import cw, state_name
from settle.web.pages import LangDep, MaybeAccount, need, render
from settle.words import text
from settle.workflow import service_cases as service
from settle.workflow import service_stock
from settle.workflow.quota_round import key_column

router = APIRouter(prefix="/staff", include_in_schema=False)
PURPOSE = "stock allocation (pages)"
Short = Annotated[str, Form(max_length=200)]


def _department_name(verifier: Account, packs: list[Pack], lang: Lang) -> str:
    """The department's name as its stock-limited services give it, else as any service pack
    naming it does (ids are shared between cities)."""
    department = verifier.department or ""
    naming = packs or [p for p in default_catalogue().all()
                       if p.meta.kind == "service" and department in p.meta.departments]
    return service.department_name(naming[0], department)(lang) if naming else department


def _stocks_page(request: Request, lang: Lang, verifier: Account, session: Any, form: dict[str, str],
                 error: str | None = None, field: str | None = None, status: int = 200) -> HTMLResponse:
    packs = service_stock.stock_packs(verifier.department)
    titles = {p.id: p.meta.title(lang) for p in packs}
    rows = []
    for pack in packs:
        for stock in service_stock.stocks(session=session, pack_id=pack.id):
            waiting = len(service_stock.waiting(session=session, stock=stock))
            rows.append((stock, titles[pack.id], cw(f"stock_state_{stock.state}", lang), waiting))
    return render(request, "stocks.html", lang, verifier, status=status, rows=rows,
                  services=list(titles.items()), form=form, error=error, field=field,
                  department=_department_name(verifier, packs, lang),
                  cw=lambda key, **values: cw(key, lang, **values))


@router.get("/stocks", response_class=HTMLResponse)
def stocks_page(request: Request, lang: LangDep, account: MaybeAccount, session: SessionDep) -> HTMLResponse:
    """The stocks of the department's stock-limited services, and the form that opens one."""
    verifier = need(account, "department_verifier")
    return _stocks_page(request, lang, verifier, session, {})


def _capacity(raw: str) -> int:
    value = raw.strip()
    if not value.isdigit():
        raise Invalid(text("service_cases", "bad_capacity_form", value=value), field="capacity")
    return int(value)


@router.post("/stocks", response_model=None)
def open_stock(request: Request, lang: LangDep, account: MaybeAccount, session: SessionDep,
               pack_id: Short = "", name: Short = "", district: Short = "", period: Short = "",
               capacity: Short = "") -> HTMLResponse | RedirectResponse:
    """A stock of places of one of the department's services; a refusal names the field, the
    value and the rule in the page's language."""
    verifier = need(account, "department_verifier")
    form = {"pack_id": pack_id, "name": name, "district": district, "period": period, "capacity": capacity}
    try:
        with session.begin_nested():
            stock = service_stock.open_stock(session=session, actor=verifier.username,
                                             pack_id=pack_id.strip(), name=name, period=period.strip(),
                                             capacity=_capacity(capacity), district=district.strip() or None,
                                             department=verifier.department)
    except SettleError as exc:
        return _stocks_page(request, lang, verifier, session, form, error=exc.text(lang), field=exc.field,
                            status=exc.status)
    return RedirectResponse(f"/staff/stocks/{stock.id}", status_code=303)


def _key_value(value: Any, lang: Lang) -> str:
    if value is None:
        return cw("none_value", lang)
    if isinstance(value, bool):
        return cw("yes_value" if value else "no_value", lang)
    if isinstance(value, float | Decimal):
        return f"{Decimal(str(value)).normalize():f}"
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return str(value)


def _outcome(stock: ServiceStock, standing: service_stock.Standing, lang: Lang) -> str:
    """Why the case stands where it does: its rank against the places, or the failed conditions."""
    case = standing.case
    failed = service.failed_text(case)(lang)
    if stock.state == "open":
        if standing.rank is None:
            return cw("not_eligible_because", lang, failed=failed)
        return cw("would_get_place" if standing.within else "would_wait", lang, capacity=stock.capacity)
    if case.state in ("granted", "delivering", "closed", "renewed") and case.rank is not None:
        return cw("outcome_granted", lang, rank=case.rank, capacity=stock.capacity)
    if case.state == "waitlisted":
        return cw("outcome_waitlisted", lang, rank=case.rank, capacity=stock.capacity)
    if case.state == "refused":
        return cw("outcome_refused", lang, failed=failed)
    return cw("outcome_other", lang, state=state_name(case.state, lang))


def _stock_page(request: Request, lang: Lang, verifier: Account, session: Any, today: dt.date, stock_id: int,
                error: str | None = None, status: int = 200) -> HTMLResponse:
    stock = service_stock.get_stock_of_department(session=session, stock_id=stock_id,
                                                  department=verifier.department)
    pack = service.service_pack(stock.pack_id)
    if stock.state == "open":
        cases = service_stock.waiting(session=session, stock=stock)
        on = today
    else:  # the allocation's ranking: the cases it ranked, on the day it ran
        cases = [c for c in service_stock.applied_for(session=session, stock=stock)
                 if c.rank is not None or c.state == "refused"]
        on = (stock.allocated_at or dt.datetime.now(dt.UTC)).date()
    ranking = service_stock.rank_cases(pack=pack, cases=cases, capacity=stock.capacity, on=on)
    audit(session, verifier.username, "read_cases", f"stock/{stock.id}", PURPOSE, pack=pack.id,
          shown=len(ranking.standings))
    standings = sorted(ranking.standings, key=lambda s: (s.case.rank or s.rank or 10**9, s.case.id)) \
        if stock.state != "open" else ranking.standings
    rows = [(s, get_person(session=session, person_id=s.case.person_id).name,
             [_key_value(v, lang) for v in s.keys], _outcome(stock, s, lang)) for s in standings]
    counts = {state: sum(1 for s in standings if s.case.state == state)
              for state in ("waitlisted", "refused")}
    granted = sum(1 for s in standings if s.case.state not in ("waitlisted", "refused", "submitted"))
    cutoff = "; ".join(f"{k.title(lang)} = {_key_value(stock.cutoff.get(key_column(k.by, pack)), lang)}"
                       for k in ranking.keys) if stock.cutoff else ""
    return render(request, "stock.html", lang, verifier, status=status, stock=stock, pack=pack, rows=rows,
                  keys=[k.title(lang) for k in ranking.keys], error=error, cutoff=cutoff,
                  state=cw(f"stock_state_{stock.state}", lang), granted=granted, **counts,
                  cw=lambda key, **values: cw(key, lang, **values))


@router.get("/stocks/{stock_id}", response_class=HTMLResponse)
def stock_page(stock_id: RowId, request: Request, lang: LangDep, account: MaybeAccount, session: SessionDep,
               today: TodayDep) -> HTMLResponse:
    """One stock: the waiting applications ranked, or the allocation and why each stands where it does."""
    verifier = need(account, "department_verifier")
    return _stock_page(request, lang, verifier, session, today, stock_id)


@router.post("/stocks/{stock_id}/allocate", response_model=None)
def allocate(stock_id: RowId, request: Request, lang: LangDep, account: MaybeAccount, session: SessionDep,
             today: TodayDep) -> HTMLResponse | RedirectResponse:
    """Allocate the stock's places by the ranking (never more than the stock)."""
    verifier = need(account, "department_verifier")
    service_stock.get_stock_of_department(session=session, stock_id=stock_id, department=verifier.department)
    try:
        with session.begin_nested():
            service_stock.allocate(session=session, actor=verifier.username, stock_id=stock_id, on=today,
                                   department=verifier.department)
    except SettleError as exc:
        return _stock_page(request, lang, verifier, session, today, stock_id, error=exc.text(lang),
                           status=exc.status)
    return RedirectResponse(f"/staff/stocks/{stock_id}", status_code=303)
