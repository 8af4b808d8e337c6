"""The window lodges a service case for a migrant (issue 15 part 1): the clerk finds the
registered person (the intake's search, settle.workflow.intake: the name or identity number
posted in the form body, never in the address, which reaches the access log), sees their cases,
chooses a service of their city, reads the engine's explained eligibility, answers the facts the
registry lacks and lodges the case through the workflow's `apply` (channel `window`, the clerk
as the actor: "lodged at the window by …" in its history). The case then goes to the
department's queue and shows on the migrant's own page. The forms are those of the migrant's
own application (settle.web.case_apply)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from settle.api.deps import RowId, SessionDep, TodayDep
from settle.audit.chain import record as audit
from settle.errors import SettleError
from settle.i18n import Lang
from settle.registry.models import Account
from settle.registry.persons import get_person
from settle.web.case_apply import Where, apply_page, check_or_lodge, services_page
from settle.web.case_view import cw, state_name
from settle.web.pages import LangDep, MaybeAccount, need, render
from settle.workflow import intake as window
from settle.workflow import service_cases as service

router = APIRouter(prefix="/staff", include_in_schema=False)
PURPOSE = "service case at the window (pages)"
CLERKS = ("window_clerk", "administrator")
City = Annotated[str, Query(max_length=40)]
Lodged = Annotated[int | None, Query(ge=1, le=2_147_483_647)]


def _where(session: Any, person_id: int) -> Where:
    base = f"/staff/case-intake/{person_id}"
    return Where(person_id=person_id, channel="window", purpose=PURPOSE, base=f"{base}/new", back=base,
                 back_word="back_to_person", person=get_person(session=session, person_id=person_id))


def _search_page(request: Request, lang: Lang, clerk: Account, *, q: str = "", lookup: Any = None,
                 error: str | None = None, status: int = 200) -> HTMLResponse:
    return render(request, "case_window.html", lang, clerk, status=status, q=q, lookup=lookup, error=error,
                  person=None, cw=lambda key, **values: cw(key, lang, **values))


@router.get("/case-intake", response_class=HTMLResponse)
def start(request: Request, lang: LangDep, account: MaybeAccount) -> HTMLResponse:
    """The search for the registered person a case is lodged for."""
    return _search_page(request, lang, need(account, *CLERKS))


@router.post("/case-intake/search", response_class=HTMLResponse)
def search(request: Request, lang: LangDep, account: MaybeAccount, session: SessionDep,
           q: Annotated[str, Form(max_length=60)] = "") -> HTMLResponse:
    """Registered persons whose name contains, or identity number starts with, what was typed."""
    clerk = need(account, *CLERKS)
    try:
        lookup = window.find_registered(session=session, actor=clerk.username, q=q, round_id=None)
    except SettleError as exc:
        return _search_page(request, lang, clerk, q=q, error=exc.text(lang), status=exc.status)
    return _search_page(request, lang, clerk, q=q, lookup=lookup)


@router.get("/case-intake/{person_id}", response_class=HTMLResponse)
def person_page(person_id: RowId, request: Request, lang: LangDep, account: MaybeAccount,
                session: SessionDep, lodged: Lodged = None) -> HTMLResponse:
    """The person served: their service cases (the one just lodged named), and the way to lodge one."""
    clerk = need(account, *CLERKS)
    person = get_person(session=session, person_id=person_id)
    found = service.cases_of_person(session=session, person_id=person.id)
    audit(session, clerk.username, "read_person", f"person/{person.id}", PURPOSE, cases=len(found))
    rows = [(c, service.service_pack(c.pack_id).meta.title(lang), state_name(c.state, lang),
             service.department_name(service.service_pack(c.pack_id), c.department)(lang)) for c in found]
    just = next((row for row in rows if row[0].id == lodged), None)
    return render(request, "case_window.html", lang, clerk, q="", lookup=None, error=None, person=person,
                  rows=rows, lodged=just, cw=lambda key, **values: cw(key, lang, **values))


@router.get("/case-intake/{person_id}/new", response_class=HTMLResponse)
def choose_service(person_id: RowId, request: Request, lang: LangDep, account: MaybeAccount,
                   session: SessionDep, today: TodayDep, city: City = "") -> HTMLResponse:
    """The services of the person's city in force today (or of the city chosen)."""
    clerk = need(account, *CLERKS)
    where = _where(session, person_id)
    audit(session, clerk.username, "read_person", f"person/{person_id}", PURPOSE, shown="name")
    return services_page(request, lang, clerk, session, today, where, city)


@router.get("/case-intake/{person_id}/new/{pack_id}", response_class=HTMLResponse)
def apply_form(person_id: RowId, pack_id: str, request: Request, lang: LangDep, account: MaybeAccount,
               session: SessionDep, today: TodayDep) -> HTMLResponse:
    clerk = need(account, *CLERKS)
    return apply_page(request, lang, clerk, session, today, service.service_pack(pack_id),
                      _where(session, person_id), None)


@router.post("/case-intake/{person_id}/new/{pack_id}", response_model=None)
async def lodge(person_id: RowId, pack_id: str, request: Request, lang: LangDep, account: MaybeAccount,
                session: SessionDep, today: TodayDep) -> HTMLResponse | RedirectResponse:
    """`action=check`: the explanation of the answers; `action=apply`: the case is lodged for the
    person, and the person's page names it."""
    clerk = need(account, *CLERKS)
    form = {k: str(v) for k, v in (await request.form()).items()}
    return check_or_lodge(request, lang, clerk, session, today, service.service_pack(pack_id),
                          _where(session, person_id), form,
                          done=f"/staff/case-intake/{person_id}?lodged={{id}}")
