"""The registering authority's page of the register of social organizations: the organizations
(with their last inspection and their places in the catalogue), the form that registers (or
files) one, with the one-window approval's path, and the forms that record an annual inspection
and list an organization in the city's catalogue of organizations qualified for purchase. A
department verifier of civil affairs or the Youth League acts on its own authority's
organizations only, as in the API. Refusals are shown in the user's language."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from settle.api.deps import RowId, SessionDep, TodayDep
from settle.api.organization_access import REGISTRAR_ROLES, check_authority, check_registrar_of
from settle.errors import Invalid, SettleError
from settle.i18n import Lang
from settle.messages import say
from settle.registry import organizations as register
from settle.registry.models import Account
from settle.registry.models.organization_register import INSPECTION_RESULTS, RATINGS
from settle.registry.models.organizations import APPROVAL_ROUTES, ORGANIZATION_KINDS, REGISTERING_AUTHORITIES
from settle.web.pages import LangDep, MaybeAccount, need, render
from settle.web.routes.organization_desk import words
from settle.workflow.volunteers import FILING_DEPARTMENT

router = APIRouter(prefix="/staff", include_in_schema=False)
HOME = "/staff/organizations"
Day = Annotated[dt.date, Form()]
MaybeDay = Annotated[str, Form(max_length=10)]


def registrar(account: Account | None) -> Account:
    """The bureau, or a verifier of civil affairs or the Youth League (their own organizations)."""
    if account is not None and account.role == "department_verifier" \
            and account.department in FILING_DEPARTMENT.values():
        return account
    return need(account, *REGISTRAR_ROLES)


def _page(request: Request, lang: Lang, staff: Account, session: Any, error: str | None = None,
          status: int = 200) -> HTMLResponse:
    profiles = [register.organization_profile(session=session, organization_id=o.id)
                for o in register.list_organizations(session=session)]
    authorities = [a for a in REGISTERING_AUTHORITIES
                   if staff.role != "department_verifier" or FILING_DEPARTMENT[a] == staff.department]
    return render(request, "organizations.html", lang, staff, status=status, p=words(lang), error=error,
                  profiles=profiles, kinds=ORGANIZATION_KINDS, authorities=authorities,
                  routes=APPROVAL_ROUTES, results=INSPECTION_RESULTS, ratings=RATINGS)


@router.get("/organizations", response_class=HTMLResponse)
def register_page(request: Request, lang: LangDep, account: MaybeAccount,
                  session: SessionDep) -> HTMLResponse:
    return _page(request, lang, registrar(account), session)


def _act(request: Request, lang: Lang, staff: Account, session: Any,
         action: Any) -> HTMLResponse | RedirectResponse:
    try:
        with session.begin_nested():
            action()
    except SettleError as exc:
        return _page(request, lang, staff, session, error=exc.text(lang), status=exc.status)
    return RedirectResponse(HOME, status_code=303)


def _day(field: str, value: str) -> dt.date | None:
    """An optional date of the form (empty: none), or Invalid naming the field and the value."""
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise Invalid(say("value_not_allowed", field=field, value=value, allowed="YYYY-MM-DD"),
                      field=field) from None


@router.post("/organizations", response_model=None)
def register_organization(request: Request, lang: LangDep, account: MaybeAccount, session: SessionDep,
                          today: TodayDep, registered_on: Day, name: str = Form(max_length=200),
                          kind: str = Form(max_length=30), registering_authority: str = Form(max_length=30),
                          city: str = Form(max_length=40), credit_code: str = Form("", max_length=18),
                          approval_route: str = Form("ordinary", max_length=20), applied_on: MaybeDay = "",
                          materials_complete_on: MaybeDay = "",
                          visits: int | None = Form(None, ge=0, le=100)) -> HTMLResponse | RedirectResponse:
    staff = registrar(account)

    def action() -> None:
        check_authority(staff, registering_authority)
        register.register_organization(
            session=session, actor=staff.username, name=name, kind=kind,
            registering_authority=registering_authority, registered_on=registered_on, city=city,
            credit_code=credit_code or None, approval_route=approval_route,
            applied_on=_day("applied_on", applied_on),
            materials_complete_on=_day("materials_complete_on", materials_complete_on), visits=visits,
            today=today)
    return _act(request, lang, staff, session, action)


@router.post("/organizations/{organization_id}/inspections", response_model=None)
def record_inspection(organization_id: RowId, request: Request, lang: LangDep, account: MaybeAccount,
                      session: SessionDep, inspected_on: Day, year: int = Form(ge=1949, le=2200),
                      result: str = Form(max_length=30),
                      rating: str = Form("", max_length=2)) -> HTMLResponse | RedirectResponse:
    staff = registrar(account)

    def action() -> None:
        check_registrar_of(staff, register.get_organization_or_raise(session=session,
                                                                     organization_id=organization_id))
        register.record_inspection(session=session, actor=staff.username, organization_id=organization_id,
                                   year=year, result=result, rating=rating or None, inspected_on=inspected_on)
    return _act(request, lang, staff, session, action)


@router.post("/organizations/{organization_id}/catalogue", response_model=None)
def list_in_catalogue(organization_id: RowId, request: Request, lang: LangDep, account: MaybeAccount,
                      session: SessionDep, listed_on: Day,
                      edition: str = Form(max_length=40)) -> HTMLResponse | RedirectResponse:
    staff = registrar(account)

    def action() -> None:
        check_registrar_of(staff, register.get_organization_or_raise(session=session,
                                                                     organization_id=organization_id))
        register.list_in_catalogue(session=session, actor=staff.username, organization_id=organization_id,
                                   edition=edition, listed_on=listed_on)
    return _act(request, lang, staff, session, action)
