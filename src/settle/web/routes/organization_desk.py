"""The social organization's own page: its registration as the register holds it (approval,
inspections and ratings, places in the catalogue, services, qualifications), the calls for bids
of its city with a form for a sealed bid, its bids (receipts until the opening, then prices and
scores), its contracts and a form for its reports. An organization account lands here when it
signs in. Every step calls the service the API calls; a refusal is shown on the page in the
user's language, naming field, value and rule."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from settle.api.deps import RowId, SessionDep, TodayDep
from settle.errors import Invalid, SettleError
from settle.i18n import Lang
from settle.registry import organizations as register
from settle.registry.models import Account
from settle.web.pages import LangDep, MaybeAccount, need, render
from settle.words import text, word
from settle.workflow import purchase_contracts as contracts
from settle.workflow import purchases as service
from settle.workflow.purchase_directory import get_directory

router = APIRouter(prefix="/staff", include_in_schema=False)
HOME = "/staff/organization"


def words(lang: Lang) -> Any:
    """`p(key, **values)` in the templates: the purchases section of the catalogue."""
    return lambda key, **values: word("purchases", key, lang, **values)


def money(value: str, field: str) -> Decimal:
    """A form's amount (or score) as a Decimal, or Invalid naming the field and the value."""
    try:
        amount = Decimal(value.strip())
    except InvalidOperation:
        amount = Decimal("NaN")
    if not amount.is_finite():
        raise Invalid(text("purchases", "not_an_amount", field=field, value=value), field=field)
    return amount


def category_words(project: Any, lang: Lang) -> str:
    """The project's category in the user's language, from its directory."""
    return get_directory(project.directory).category(project.category).words()(lang)


def _page(request: Request, lang: Lang, staff: Account, session: Any, today: dt.date,
          error: str | None = None, status: int = 200) -> HTMLResponse:
    organization_id = staff.organization_id or 0
    profile = register.organization_profile(session=session, organization_id=organization_id)
    city = profile.organization.city
    calls = [(p, service.own_bid(session=session, project_id=p.id, organization_id=organization_id))
             for p in service.list_projects(session=session, city=city, state="published")]
    bids = [(b, service.get_project_or_raise(session=session, project_id=b.project_id),
             service.bid_scores(session=session, bid_id=b.id) if b.price is not None else [])
            for b in service.bids_of_organization(session=session, organization_id=organization_id)]
    files = [(contracts.contract_file(session=session, contract_id=c.id),
              service.get_project_or_raise(session=session, project_id=c.project_id))
             for c in contracts.contracts_of_organization(session=session, organization_id=organization_id)]
    return render(request, "organization.html", lang, staff, status=status, p=words(lang), error=error,
                  profile=profile, calls=calls, bids=bids, files=files, today=today,
                  category=lambda project: category_words(project, lang),
                  first_day=lambda project: project.bid_deadline + dt.timedelta(days=1))


@router.get("/organization", response_class=HTMLResponse)
def organization_page(request: Request, lang: LangDep, account: MaybeAccount, session: SessionDep,
                      today: TodayDep) -> HTMLResponse:
    staff = need(account, "organization")
    return _page(request, lang, staff, session, today)


def _act(request: Request, lang: Lang, staff: Account, session: Any, today: dt.date,
         action: Any) -> HTMLResponse | RedirectResponse:
    """Run `action`; back to the page, or the page with the refusal in the user's language."""
    try:
        with session.begin_nested():
            action()
    except SettleError as exc:
        return _page(request, lang, staff, session, today, error=exc.text(lang), status=exc.status)
    return RedirectResponse(HOME, status_code=303)


@router.post("/organization/services", response_model=None)
def add_service(request: Request, lang: LangDep, account: MaybeAccount, session: SessionDep, today: TodayDep,
                name: str = Form(max_length=200),
                beneficiaries: str = Form("", max_length=120)) -> HTMLResponse | RedirectResponse:
    staff = need(account, "organization")
    return _act(request, lang, staff, session, today, lambda: register.add_service(
        session=session, actor=staff.username, organization_id=staff.organization_id or 0, name=name,
        beneficiaries=beneficiaries or None))


@router.post("/organization/bids/{project_id}", response_model=None)
def submit_bid(project_id: RowId, request: Request, lang: LangDep, account: MaybeAccount, session: SessionDep,
               today: TodayDep, price: str = Form(max_length=20),
               proposal: str = Form(max_length=2000)) -> HTMLResponse | RedirectResponse:
    staff = need(account, "organization")
    return _act(request, lang, staff, session, today, lambda: service.submit_bid(
        session=session, actor=staff.username, project_id=project_id,
        organization_id=staff.organization_id or 0, price=money(price, "price"), proposal=proposal,
        today=today))


@router.post("/organization/contracts/{contract_id}/reports", response_model=None)
def submit_report(contract_id: RowId, request: Request, lang: LangDep, account: MaybeAccount,
                  session: SessionDep, today: TodayDep, summary: str = Form(max_length=2000),
                  beneficiaries_served: int = Form(ge=0, le=100_000_000)) -> HTMLResponse | RedirectResponse:
    staff = need(account, "organization")
    return _act(request, lang, staff, session, today, lambda: contracts.submit_report(
        session=session, actor=staff.username, contract_id=contract_id,
        organization_id=staff.organization_id or 0, summary=summary,
        beneficiaries_served=beneficiaries_served, today=today))
