"""The civil affairs bureau's page of the register of social workers: each worker's level,
employer and the monthly subsidy the pack finds on the register's facts, in words; a form to
register one (found by identity number, as the volunteer pages do) and to withdraw one with a
reason. It calls settle.workflow.social_workers, as the API does; a refusal is shown on the
page in the user's language, naming field, value and rule."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from sqlalchemy import select

from settle.api.deps import RowId, SessionDep, TodayDep
from settle.errors import Forbidden, NotFound, SettleError
from settle.i18n import Lang
from settle.registry.models import Account, Organization
from settle.registry.models.social_workers import CERTIFICATE_LEVELS, EMPLOYER_KINDS
from settle.registry.persons import find_person_by_identity
from settle.web.pages import LangDep, MaybeAccount, need, render
from settle.words import text, word
from settle.workflow import social_workers as service

router = APIRouter(prefix="/staff", include_in_schema=False)

Day = Annotated[dt.date, Form()]


def _keeper(account: Account | None) -> Account:
    staff = need(account, "department_verifier", "administrator")
    if staff.role == "department_verifier" and staff.department != service.DEPARTMENT:
        raise Forbidden(text("social_workers", "page_needs_civil_affairs",
                             department=staff.department or "-"), field="department")
    return staff


def subsidy_words(subsidy: service.Subsidy, lang: Lang) -> str:
    """The monthly subsidy in words: the amount, or none and the conditions not met."""
    if subsidy.eligible and subsidy.amount is not None:
        return word("social_workers", "subsidy_amount", lang, amount=subsidy.amount,
                    currency=word("social_workers", f"currency_{subsidy.currency}", lang))
    unmet = [c["title"][lang] for c in subsidy.explanation["conditions"] if not c["met"]]
    joiner = "；" if lang == "zh" else "; "
    return word("social_workers", "subsidy_none", lang, unmet=joiner.join(unmet))


def _page(request: Request, lang: Lang, staff: Account, session: Any, today: dt.date,
          error: str | None = None, status: int = 200) -> HTMLResponse:
    rows = service.register_rows(session=session, actor=staff.username)
    lines = [(w, p, subsidy_words(service.subsidy(session=session, worker=w, on=today), lang))
             for w, p in rows]
    organizations = list(session.execute(select(Organization).where(Organization.state == "registered")
                                         .order_by(Organization.name)).scalars())
    return render(request, "social_workers.html", lang, staff, status=status, error=error, today=today,
                  s=lambda key: word("social_workers", key, lang), lines=lines, organizations=organizations,
                  levels=CERTIFICATE_LEVELS, kinds=EMPLOYER_KINDS)


@router.get("/social-workers", response_class=HTMLResponse)
def page(request: Request, lang: LangDep, account: MaybeAccount, session: SessionDep,
         today: TodayDep) -> HTMLResponse:
    return _page(request, lang, _keeper(account), session, today)


def _act(request: Request, lang: Lang, staff: Account, session: Any, today: dt.date,
         action: Any) -> HTMLResponse | RedirectResponse:
    try:
        with session.begin_nested():
            action()
    except SettleError as exc:
        return _page(request, lang, staff, session, today, error=exc.text(lang), status=exc.status)
    return RedirectResponse("/staff/social-workers", status_code=303)


@router.post("/social-workers", response_model=None)
def register(request: Request, lang: LangDep, account: MaybeAccount, session: SessionDep, today: TodayDep,
             certified_on: Day, registered_on: Day, identity_number: str = Form(max_length=18),
             certificate_level: str = Form(max_length=40), certificate_number: str = Form(max_length=40),
             employer_kind: str = Form(max_length=40),
             employer_organization_id: str = Form("", max_length=12),
             employer_name: str = Form("", max_length=200)) -> HTMLResponse | RedirectResponse:
    staff = _keeper(account)

    def action() -> None:
        person = find_person_by_identity(session=session, identity_number=identity_number)
        if person is None:
            raise NotFound(text("social_workers", "no_person_number"), field="identity_number")
        organization = int(employer_organization_id) if employer_organization_id.strip().isdigit() else None
        service.register_social_worker(
            session=session, actor=staff.username, person_id=person.id, certificate_level=certificate_level,
            certificate_number=certificate_number, certified_on=certified_on, employer_kind=employer_kind,
            employer_organization_id=organization, employer_name=employer_name or None,
            registered_on=registered_on, today=today)
    return _act(request, lang, staff, session, today, action)


@router.post("/social-workers/{social_worker_id}/withdraw", response_model=None)
def withdraw(social_worker_id: RowId, request: Request, lang: LangDep, account: MaybeAccount,
             session: SessionDep, today: TodayDep,
             reason: str = Form("", max_length=500)) -> HTMLResponse | RedirectResponse:
    staff = _keeper(account)
    return _act(request, lang, staff, session, today, lambda: service.withdraw_social_worker(
        session=session, actor=staff.username, social_worker_id=social_worker_id, reason=reason, on=today,
        today=today))
