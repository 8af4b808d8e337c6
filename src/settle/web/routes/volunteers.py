"""The volunteer organization's page (its volunteers, activities and hours to confirm) and the
department's page (confirmed hours of the organizations filed with it, to verify or refuse).
Both call settle.workflow.volunteers, as the API does; a refusal is shown on the page in the
user's language, naming field, value and rule."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from settle.api.deps import RowId, SessionDep
from settle.errors import NotFound, SettleError
from settle.i18n import Lang
from settle.registry.models import Account
from settle.registry.models.volunteers import ACTIVITY_CATEGORIES
from settle.registry.persons import find_person_by_identity
from settle.web.pages import LangDep, MaybeAccount, need, render
from settle.words import text, word
from settle.workflow import volunteers as service

router = APIRouter(prefix="/staff", include_in_schema=False)

Day = Annotated[dt.date, Form()]


def _words(lang: Lang) -> Any:
    return lambda key: word("volunteers", key, lang)


def _organization_page(request: Request, lang: Lang, staff: Account, session: Any, error: str | None = None,
                       status: int = 200) -> HTMLResponse:
    organization_id = staff.organization_id or 0
    organization = service.volunteer_organization(session=session, organization_id=organization_id)
    return render(request, "volunteers.html", lang, staff, status=status, v=_words(lang), error=error,
                  organization=organization,
                  volunteers=service.volunteers_of(session=session, organization_id=organization_id),
                  activities=service.activities_of(session=session, organization_id=organization_id),
                  hours=service.hours_of(session=session, organization_id=organization_id),
                  categories=ACTIVITY_CATEGORIES)


@router.get("/volunteers", response_class=HTMLResponse)
def organization_page(request: Request, lang: LangDep, account: MaybeAccount,
                      session: SessionDep) -> HTMLResponse:
    staff = need(account, "organization")
    return _organization_page(request, lang, staff, session)


def _act(request: Request, lang: Lang, staff: Account, session: Any,
         action: Any) -> HTMLResponse | RedirectResponse:
    """Run `action`; back to the page, or the page with the refusal in the user's language."""
    try:
        with session.begin_nested():
            action()
    except SettleError as exc:
        return _organization_page(request, lang, staff, session, error=exc.text(lang), status=exc.status)
    return RedirectResponse("/staff/volunteers", status_code=303)


@router.post("/volunteers/register", response_model=None)
def register(request: Request, lang: LangDep, account: MaybeAccount, session: SessionDep,
             registered_on: Day,
             identity_number: str = Form(max_length=18)) -> HTMLResponse | RedirectResponse:
    staff = need(account, "organization")

    def action() -> None:
        person = find_person_by_identity(session=session, identity_number=identity_number)
        if person is None:
            raise NotFound(text("volunteers", "no_person_number"), field="identity_number")
        service.register_volunteer(session=session, actor=staff.username,
                                   organization_id=staff.organization_id or 0, person_id=person.id,
                                   registered_on=registered_on)
    return _act(request, lang, staff, session, action)


@router.post("/volunteers/activities", response_model=None)
def add_activity(request: Request, lang: LangDep, account: MaybeAccount, session: SessionDep,
                 starts_on: Day, ends_on: Day, name: str = Form(max_length=200),
                 category: str = Form(max_length=40),
                 place: str = Form("", max_length=200)) -> HTMLResponse | RedirectResponse:
    staff = need(account, "organization")
    return _act(request, lang, staff, session, lambda: service.record_activity(
        session=session, actor=staff.username, organization_id=staff.organization_id or 0, name=name,
        category=category, starts_on=starts_on, ends_on=ends_on, place=place or None))


@router.post("/volunteers/hours", response_model=None)
def add_hours(request: Request, lang: LangDep, account: MaybeAccount, session: SessionDep,
              served_on: Day, activity_id: int = Form(ge=1), volunteer_id: int = Form(ge=1),
              hours: str = Form(max_length=10)) -> HTMLResponse | RedirectResponse:
    staff = need(account, "organization")
    return _act(request, lang, staff, session, lambda: service.record_hours(
        session=session, actor=staff.username, organization_id=staff.organization_id or 0,
        activity_id=activity_id, volunteer_id=volunteer_id, served_on=served_on, hours=hours))


@router.post("/volunteers/hours/{hours_id}", response_model=None)
def decide(hours_id: RowId, request: Request, lang: LangDep, account: MaybeAccount, session: SessionDep,
           decision: str = Form(max_length=10),
           reason: str = Form("", max_length=500)) -> HTMLResponse | RedirectResponse:
    staff = need(account, "organization")
    organization_id = staff.organization_id or 0
    if decision == "confirm":
        return _act(request, lang, staff, session, lambda: service.confirm_hours(
            session=session, actor=staff.username, organization_id=organization_id, hours_id=hours_id))
    return _act(request, lang, staff, session, lambda: service.reject_hours(
        session=session, actor=staff.username, organization_id=organization_id, hours_id=hours_id,
        reason=reason))


def _department_page(request: Request, lang: Lang, verifier: Account, session: Any, error: str | None = None,
                     status: int = 200) -> HTMLResponse:
    return render(request, "volunteer_hours.html", lang, verifier, status=status, v=_words(lang), error=error,
                  hours=service.hours_to_verify(session=session, department=verifier.department))


@router.get("/volunteer-hours", response_class=HTMLResponse)
def department_page(request: Request, lang: LangDep, account: MaybeAccount,
                    session: SessionDep) -> HTMLResponse:
    verifier = need(account, "department_verifier")
    return _department_page(request, lang, verifier, session)


@router.post("/volunteer-hours/{hours_id}", response_model=None)
def verify(hours_id: RowId, request: Request, lang: LangDep, account: MaybeAccount, session: SessionDep,
           decision: str = Form(max_length=10),
           reason: str = Form("", max_length=500)) -> HTMLResponse | RedirectResponse:
    verifier = need(account, "department_verifier")
    try:
        with session.begin_nested():
            if decision == "verify":
                service.verify_hours(session=session, actor=verifier.username, department=verifier.department,
                                     hours_id=hours_id)
            else:
                service.reject_hours(session=session, actor=verifier.username, hours_id=hours_id,
                                     reason=reason, department=verifier.department)
    except SettleError as exc:
        return _department_page(request, lang, verifier, session, error=exc.text(lang), status=exc.status)
    return RedirectResponse("/staff/volunteer-hours", status_code=303)
