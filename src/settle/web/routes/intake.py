"""The window's search for a registered person before intake: by name or identity number,
posted in the form body (never in the address, which reaches the access log), and a found
person taken into the intake form."""

from __future__ import annotations

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse

from settle.api.deps import SessionDep
from settle.errors import SettleError
from settle.web.pages import LangDep, MaybeAccount, need
from settle.web.routes.staff import _intake
from settle.workflow import intake as window
from settle.workflow import listings

router = APIRouter(prefix="/staff", include_in_schema=False)


@router.post("/intake/search", response_class=HTMLResponse)
def search(request: Request, lang: LangDep, account: MaybeAccount, session: SessionDep,
           q: str = Form("", max_length=60)) -> HTMLResponse:
    """Registered persons matching the name or identity number; none found, the form is
    started with what was typed."""
    clerk = need(account, "window_clerk", "administrator")
    rounds = listings.open_rounds(session=session)
    try:
        lookup = window.find_registered(session=session, actor=clerk.username, q=q,
                                        round_id=rounds[0].id if rounds else None)
    except SettleError as exc:
        return _intake(request, lang, clerk, rounds, {}, {"q": exc.text(lang)}, status=exc.status, q=q)
    start = {} if lookup.found else {
        "identity_number" if q.strip()[:1].isdigit() else "person_name": q.strip()}
    return _intake(request, lang, clerk, rounds, start, {}, q=q, lookup=lookup)


@router.post("/intake/person", response_class=HTMLResponse)
def take(request: Request, lang: LangDep, account: MaybeAccount, session: SessionDep,
         person_id: int = Form(ge=1, le=2_147_483_647)) -> HTMLResponse:
    """The intake form filled with a registered person's record."""
    clerk = need(account, "window_clerk", "administrator")
    rounds = listings.open_rounds(session=session)
    person = window.take_registered(session=session, actor=clerk.username, person_id=person_id)
    values = {"identity_number": person.identity_number, "person_name": person.name,
              "birth_date": person.birth_date.isoformat(), "sex": person.sex,
              "origin_place": person.origin_place}
    return _intake(request, lang, clerk, rounds, values, {}, chosen=person)
