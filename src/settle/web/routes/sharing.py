"""The information-sharing platform's pages: a user department reads a migrant's registration
data under its agreement (only the granted fields; a refusal says which agreement is missing)
and its change feed; a migrant sees who read their data, when and why.

The identity number a department looks for travels in a form body (POST), never in the
address (docs/security.md). A refused read is answered with a page (403) that keeps the
record of the refusal: it is rendered, not raised, so the request's transaction commits.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse

from settle.api.deps import SessionDep, TodayDep
from settle.errors import NotFound
from settle.i18n import Lang
from settle.messages import say
from settle.registry.persons import find_person_by_identity, get_person
from settle.registry.shared_fields import SHARED_FIELDS
from settle.web.pages import LangDep, MaybeAccount, need, render
from settle.web.words import t
from settle.words import word
from settle.workflow import sharing
from settle.workflow.agreements import Agreement
from settle.workflow.sharing import Refusal
from settle.workflow.sharing_feed import read_feed

router = APIRouter(include_in_schema=False)

FEED_PAGE = 50


def _words(lang: Lang) -> Any:
    return lambda key, **values: word("sharing", key, lang, **values)


def show_value(field: str, value: Any, lang: Lang) -> str:
    """A shared field's value in words: a sex in the page's language, periods as spans, children
    as birth date and sex; nothing recorded as a dash."""
    if value is None or value == []:
        return "–"
    if field == "sex":
        return t(str(value), lang)
    if field == "children":
        return t("list_separator", lang).join(f"{c['birth_date']} ({t(c['sex'], lang)})" for c in value)
    if isinstance(value, list):
        spans = [f"{p['start']} – {p['end'] or ''}".rstrip() for p in value]
        return t("list_separator", lang).join(spans)
    if isinstance(value, dict):
        return f"{value.get('start')} – {value.get('end') or ''}".rstrip()
    return str(value)


def _my_agreements(department: str, known: list[Agreement]) -> list[Agreement]:
    return [a for a in known if a.user.id == department]


def _department_page(request: Request, lang: Lang, account: Any, today: Any, status: int = 200,
                     **context: Any) -> HTMLResponse:
    known = sharing.agreements()
    mine = _my_agreements(account.department or "", known)
    return render(request, "sharing.html", lang, account, status=status, w=_words(lang), mine=mine,
                  today=today, department=sharing.department_title(account.department or "", known)(lang),
                  show_value=show_value, **context)


@router.get("/staff/sharing", response_class=HTMLResponse)
def department_page(request: Request, lang: LangDep, account: MaybeAccount,
                    today: TodayDep) -> HTMLResponse:
    """The department's agreements, and the form to read a migrant's shared data."""
    verifier = need(account, "department_verifier")
    return _department_page(request, lang, verifier, today)


@router.post("/staff/sharing", response_class=HTMLResponse)
def department_read(request: Request, lang: LangDep, account: MaybeAccount, session: SessionDep,
                    today: TodayDep, identity_number: Annotated[str, Form(min_length=1, max_length=18)],
                    purpose: Annotated[str, Form(min_length=1, max_length=80)]) -> HTMLResponse:
    """Read a migrant's registration data for a purpose: the granted fields, or why not."""
    verifier = need(account, "department_verifier")
    person = find_person_by_identity(session=session, identity_number=identity_number)
    if person is None:
        raise NotFound(say("no_person", id=identity_number.strip()), field="identity_number")
    outcome = sharing.read_person(session=session, account=verifier, person_id=person.id, purpose=purpose,
                                  fields=None, today=today, channel="page")
    if isinstance(outcome, Refusal):
        return _department_page(request, lang, verifier, today, status=403, refusal=outcome.words(lang),
                                chosen=purpose)
    return _department_page(request, lang, verifier, today, shared=outcome, chosen=purpose,
                            title=sharing.purpose_title(purpose, [outcome.agreement])(lang))


@router.get("/staff/sharing/feed", response_class=HTMLResponse)
def department_feed(request: Request, lang: LangDep, account: MaybeAccount, session: SessionDep,
                    today: TodayDep, purpose: Annotated[str, Query(min_length=1, max_length=80)],
                    since: Annotated[int, Query(ge=0, le=2**62)] = 0) -> HTMLResponse:
    """The registry's changes the department's agreement for the purpose subscribes to."""
    verifier = need(account, "department_verifier")
    outcome = read_feed(session=session, account=verifier, purpose=purpose, since=since, today=today,
                        limit=FEED_PAGE)
    if isinstance(outcome, Refusal):
        return _department_page(request, lang, verifier, today, status=403, refusal=outcome.words(lang),
                                chosen=purpose)
    return _department_page(request, lang, verifier, today, feed=outcome, chosen=purpose, since=since)


@router.get("/me/disclosures", response_class=HTMLResponse)
def my_disclosures(request: Request, lang: LangDep, account: MaybeAccount,
                   session: SessionDep) -> HTMLResponse:
    """Who read my registration data: which department, which data, when and why."""
    applicant = need(account, "applicant")
    person = get_person(session=session, person_id=applicant.person_id or 0)
    reads = sharing.disclosures_of_person(session=session, person_id=person.id)
    return render(request, "my_disclosures.html", lang, applicant, w=_words(lang), person=person,
                  reads=reads, fields=SHARED_FIELDS)
