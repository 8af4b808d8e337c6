"""The purchasing department's pages: its projects and the form that publishes one under an
item of a purchase directory; a project's page (its bids, sealed until the opening, then with
their prices and scores by the published method; the award form with reasons; the contract's
milestones, reports and payments; the final evaluation); and the reports computed from the
contracts, with a chart. Every step calls the service the API calls; a refusal is shown on the
page in the user's language, naming field, value and rule."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from settle.api.deps import RowId, SessionDep, TodayDep
from settle.api.organization_access import PURCHASER_ROLES
from settle.errors import SettleError
from settle.i18n import Lang
from settle.registry.models import Account
from settle.web.pages import LangDep, MaybeAccount, need, render
from settle.web.purchase_charts import amounts_chart
from settle.web.routes.organization_desk import category_words, money, words
from settle.workflow import purchase_contracts as contracts
from settle.workflow import purchases as service
from settle.workflow.purchase_directory import directories
from settle.workflow.purchase_reports import purchase_report
from settle.workflow.purchase_scoring import assessed_criteria

router = APIRouter(prefix="/staff", include_in_schema=False)

REPORT_ROLES = (*PURCHASER_ROLES, "analyst")
Day = Annotated[dt.date, Form()]
Long = Annotated[str, Form(max_length=2000)]


def _list_page(request: Request, lang: Lang, officer: Account, session: Any, error: str | None = None,
               status: int = 200) -> HTMLResponse:
    projects = service.list_projects(session=session)
    return render(request, "purchases.html", lang, officer, status=status, p=words(lang), error=error,
                  projects=[(pr, service.bid_count(session=session, project_id=pr.id)) for pr in projects],
                  directories=list(directories().values()),
                  category=lambda project: category_words(project, lang))


@router.get("/purchases", response_class=HTMLResponse)
def purchases_page(request: Request, lang: LangDep, account: MaybeAccount,
                   session: SessionDep) -> HTMLResponse:
    officer = need(account, *PURCHASER_ROLES)
    return _list_page(request, lang, officer, session)


@router.post("/purchases", response_model=None)
def publish(request: Request, lang: LangDep, account: MaybeAccount, session: SessionDep, today: TodayDep,
            period_start: Day, period_end: Day, bid_deadline: Day,
            item: str = Form(max_length=80), title: str = Form(max_length=200),
            purchasing_department: str = Form(max_length=120), budget: str = Form(max_length=20),
            currency: str = Form("CNY", max_length=3), deliverables: Long = "",
            beneficiaries: str = Form(max_length=200),
            beneficiaries_planned: int = Form(ge=0, le=100_000_000),
            procurement_method: str = Form(max_length=20)) -> HTMLResponse | RedirectResponse:
    officer = need(account, *PURCHASER_ROLES)
    directory, _, code = item.partition(":")
    try:
        with session.begin_nested():
            project = service.publish_project(
                session=session, actor=officer.username, directory=directory, directory_item=code,
                title=title, purchasing_department=purchasing_department, budget=money(budget, "budget"),
                currency=currency,
                period_start=period_start, period_end=period_end, deliverables=deliverables,
                beneficiaries=beneficiaries, beneficiaries_planned=beneficiaries_planned,
                procurement_method=procurement_method, bid_deadline=bid_deadline, today=today)
    except SettleError as exc:
        return _list_page(request, lang, officer, session, error=exc.text(lang), status=exc.status)
    return RedirectResponse(f"/staff/purchases/{project.id}", status_code=303)


def _project_page(request: Request, lang: Lang, officer: Account, session: Any, project_id: int,
                  today: dt.date, error: str | None = None, status: int = 200) -> HTMLResponse:
    project = service.get_project_or_raise(session=session, project_id=project_id)
    opened = project.opened_on is not None
    bids = ([(b, {s.criterion: s for s in service.bid_scores(session=session, bid_id=b.id)},
              service.organization_name(session=session, organization_id=b.organization_id))
             for b in service.opened_bids(session=session, project_id=project_id)] if opened else [])
    contract = contracts.contract_of_project(session=session, project_id=project_id)
    return render(request, "purchase.html", lang, officer, status=status, p=words(lang), error=error,
                  project=project, category=category_words(project, lang), opened=opened, bids=bids,
                  count=service.bid_count(session=session, project_id=project_id),
                  assessed=[c for c in project.scoring
                            if c["criterion"] in assessed_criteria(project.scoring)],
                  first_day=project.bid_deadline + dt.timedelta(days=1), today=today,
                  file=None if contract is None else contracts.contract_file(session=session,
                                                                             contract_id=contract.id),
                  awarded=service.organization_name(session=session, organization_id=contract.organization_id)
                  if contract else "")


@router.get("/purchases/{project_id}", response_class=HTMLResponse)
def project_page(project_id: RowId, request: Request, lang: LangDep, account: MaybeAccount,
                 session: SessionDep, today: TodayDep) -> HTMLResponse:
    officer = need(account, *PURCHASER_ROLES)
    return _project_page(request, lang, officer, session, project_id, today)


def _act(project_id: int, request: Request, lang: Lang, account: Account | None, session: Any, today: dt.date,
         action: Any) -> HTMLResponse | RedirectResponse:
    officer = need(account, *PURCHASER_ROLES)
    try:
        with session.begin_nested():
            action(officer.username)
    except SettleError as exc:
        return _project_page(request, lang, officer, session, project_id, today, error=exc.text(lang),
                             status=exc.status)
    return RedirectResponse(f"/staff/purchases/{project_id}", status_code=303)


@router.post("/purchases/{project_id}/open", response_model=None)
def open_bids(project_id: RowId, request: Request, lang: LangDep, account: MaybeAccount, session: SessionDep,
              today: TodayDep) -> HTMLResponse | RedirectResponse:
    return _act(project_id, request, lang, account, session, today, lambda actor: service.open_bids(
        session=session, actor=actor, project_id=project_id, today=today))


@router.post("/purchases/{project_id}/bids/{bid_id}/score", response_model=None)
def score(project_id: RowId, bid_id: RowId, request: Request, lang: LangDep, account: MaybeAccount,
          session: SessionDep, today: TodayDep, criterion: str = Form(max_length=60),
          value: str = Form(max_length=10)) -> HTMLResponse | RedirectResponse:
    return _act(project_id, request, lang, account, session, today, lambda actor: service.score_bid(
        session=session, actor=actor, bid_id=bid_id, criterion=criterion, score=money(value, "score")))


@router.post("/purchases/{project_id}/award", response_model=None)
def award(project_id: RowId, request: Request, lang: LangDep, account: MaybeAccount, session: SessionDep,
          today: TodayDep, bid_id: int = Form(ge=1, le=2_147_483_647),
          reasons: Long = "") -> HTMLResponse | RedirectResponse:
    return _act(project_id, request, lang, account, session, today, lambda actor: service.award(
        session=session, actor=actor, project_id=project_id, bid_id=bid_id, reasons=reasons, today=today))


def _contract_id(session: Any, project_id: int) -> int:
    contract = contracts.contract_of_project(session=session, project_id=project_id)
    return 0 if contract is None else contract.id


@router.post("/purchases/{project_id}/milestones", response_model=None)
def add_milestone(project_id: RowId, request: Request, lang: LangDep, account: MaybeAccount,
                  session: SessionDep, today: TodayDep, due_on: Day,
                  description: Long = "") -> HTMLResponse | RedirectResponse:
    return _act(project_id, request, lang, account, session, today, lambda actor: contracts.add_milestone(
        session=session, actor=actor, contract_id=_contract_id(session, project_id), description=description,
        due_on=due_on))


@router.post("/purchases/{project_id}/milestones/{milestone_id}/done", response_model=None)
def milestone_done(project_id: RowId, milestone_id: RowId, request: Request, lang: LangDep,
                   account: MaybeAccount, session: SessionDep, today: TodayDep,
                   done_on: Day) -> HTMLResponse | RedirectResponse:
    return _act(project_id, request, lang, account, session, today,
                lambda actor: contracts.complete_milestone(
                    session=session, actor=actor, contract_id=_contract_id(session, project_id),
                    milestone_id=milestone_id, done_on=done_on))


@router.post("/purchases/{project_id}/payments", response_model=None)
def record_payment(project_id: RowId, request: Request, lang: LangDep, account: MaybeAccount,
                   session: SessionDep, today: TodayDep, paid_on: Day,
                   amount: str = Form(max_length=20)) -> HTMLResponse | RedirectResponse:
    return _act(project_id, request, lang, account, session, today, lambda actor: contracts.record_payment(
        session=session, actor=actor, contract_id=_contract_id(session, project_id),
        amount=money(amount, "amount"), paid_on=paid_on))


@router.post("/purchases/{project_id}/evaluation", response_model=None)
def evaluate(project_id: RowId, request: Request, lang: LangDep, account: MaybeAccount, session: SessionDep,
             today: TodayDep, value: str = Form(max_length=10), grade: str = Form(max_length=20),
             findings: Long = "") -> HTMLResponse | RedirectResponse:
    return _act(project_id, request, lang, account, session, today, lambda actor: contracts.evaluate_contract(
        session=session, actor=actor, contract_id=_contract_id(session, project_id),
        score=money(value, "score"), grade=grade, text=findings, today=today))


@router.get("/purchase-reports", response_class=HTMLResponse)
def reports_page(request: Request, lang: LangDep, account: MaybeAccount, session: SessionDep,
                 city: Annotated[str, Query(max_length=40)] = "guangzhou") -> HTMLResponse:
    viewer = need(account, *REPORT_ROLES)
    found = [d for d in directories().values() if d.city == city]
    names = {c.code: c.words()(lang) for d in found for c in d.categories}
    years = purchase_report(session=session, city=city)
    points = tuple((f"{y.year} {words(lang)('currency_' + y.currency)}", names.get(code, code), float(amount))
                   for y in years for code, amount in sorted(y.by_category.items()))
    chart = amounts_chart(points, words(lang)("chart_title"), words(lang)("amount")) if points else ""
    cities = sorted({d.city for d in directories().values()})
    return render(request, "purchase_reports.html", lang, viewer, p=words(lang), years=years, names=names,
                  chart=chart, city=city, cities=cities)
