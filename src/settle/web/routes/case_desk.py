"""The department's service cases (issue 15 part 1, through the pages): the queue of the cases
the packs route to the verifier's department, filtered by state and service; a case with the
applicant, the facts and where each came from, the engine's explanation (each condition met
or not, why, its citation), the uploaded documents (opened through /staff/documents/N, which
audits each opening), and the forms that decide it, record a payment or delivery, close or
renew it. A case of another department is as if it did not exist (404). Every action is the
workflow's (settle.workflow.service_cases), which audits it and notifies the applicant."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from settle.api.deps import RowId, SessionDep, TodayDep
from settle.audit.chain import record as audit
from settle.errors import Invalid, SettleError
from settle.i18n import Lang
from settle.packs import default_catalogue
from settle.registry.models import Account
from settle.registry.persons import get_person
from settle.web.case_view import benefit_lines, conditions, cw, delivery_lines, history, state_name
from settle.web.pages import LangDep, MaybeAccount, need, render
from settle.web.routes.documents import words as document_words
from settle.web.values import fact_title, fact_value
from settle.web.words import t
from settle.words import text
from settle.workflow import documents
from settle.workflow import service_cases as service
from settle.workflow.service_case_states import OPEN, STATES

router = APIRouter(prefix="/staff", include_in_schema=False)
PURPOSE = "case handling (pages)"
StateFilter = Annotated[str, Query(max_length=20)]
ServiceFilter = Annotated[str, Query(max_length=80)]
Short = Annotated[str, Form(max_length=200)]
Long = Annotated[str, Form(max_length=2000)]


def services_of(department: str | None) -> list[Any]:
    """The service packs whose cases go to `department` (its intake or one of its items)."""
    found = []
    for pack in default_catalogue().all():
        if pack.meta.kind != "service":
            continue
        routed = {pack.meta.intake_department, *(d for i in pack.items for d in i.departments[:1])}
        if department in routed:
            found.append(pack)
    return found


@router.get("/cases", response_class=HTMLResponse)
def case_queue(request: Request, lang: LangDep, account: MaybeAccount, session: SessionDep,
               state: StateFilter = "", pack: ServiceFilter = "") -> HTMLResponse:
    """The cases routed to the verifier's department, oldest first, by state and service."""
    verifier = need(account, "department_verifier")
    states = (state,) if state in STATES else None
    found = service.department_queue(session=session, department=verifier.department, states=states,
                                     pack_id=pack or None, limit=200)
    audit(session, verifier.username, "read_cases", f"department/{verifier.department}", PURPOSE,
          state=state or None, pack=pack or None, shown=len(found))
    rows = [(c, get_person(session=session, person_id=c.person_id).name,
             service.service_pack(c.pack_id).meta.title(lang), state_name(c.state, lang)) for c in found]
    packs = services_of(verifier.department)
    # the department's name as the packs of its cases give it (ids are shared between cities)
    first = service.department_queue(session=session, department=verifier.department, limit=1)
    named = [service.service_pack(c.pack_id) for c in first] or packs[:1]
    department = (service.department_name(named[0], verifier.department or "")(lang) if named
                  else verifier.department or "")
    return render(request, "case_queue.html", lang, verifier, rows=rows, department=department,
                  states=[(s, state_name(s, lang)) for s in STATES if s != "new"], chosen_state=state,
                  services=[(p.id, p.meta.title(lang)) for p in packs], chosen_pack=pack,
                  cw=lambda key, **values: cw(key, lang, **values))


def _case_page(request: Request, lang: Lang, verifier: Account, session: Any, today: dt.date, case_id: int,
               message: str | None = None, error: str | None = None, status: int = 200) -> HTMLResponse:
    case = service.get_case_of_department(session=session, case_id=case_id, department=verifier.department)
    audit(session, verifier.username, "read_case", f"case/{case.id}", PURPOSE)
    pack = service.service_pack(case.pack_id)
    person = get_person(session=session, person_id=case.person_id)
    facts = [(fact_title(pack, k, lang), fact_value(pack, k, v, lang),
              cw(f"source_{case.fact_sources.get(k, 'declared')}", lang)) for k, v in case.facts.items()]
    benefit = service.benefit_of(session=session, case_id=case.id)
    return render(request, "case_desk.html", lang, verifier, status=status, case=case, pack=pack,
                  person=person,
                  sex=t(person.sex, lang) if person.sex in ("male", "female") else person.sex,
                  state=state_name(case.state, lang), is_open=case.state in OPEN, facts=facts,
                  department=service.department_name(pack, case.department)(lang),
                  history=history(service.events_of(session=session, case_id=case.id), case, pack, lang),
                  benefit=benefit_lines(benefit, lang), granted=benefit is not None,
                  currency=(benefit.currency if benefit is not None else None)
                  or case.explanation.get("currency") or service.DEFAULT_CURRENCY,
                  deliveries=delivery_lines(session=session, case_id=case.id, lang=lang),
                  conditions=conditions(case.explanation, lang), failed=service.failed_text(case)(lang),
                  documents=documents.visible_documents(session=session, account=verifier,
                                                        subject=f"case/{case.id}"),
                  fact_title=fact_title, today=today, message=message, error=error,
                  cw=lambda key, **values: cw(key, lang, **values), **document_words(lang))


@router.get("/cases/{case_id}", response_class=HTMLResponse)
def case_page(case_id: RowId, request: Request, lang: LangDep, account: MaybeAccount, session: SessionDep,
              today: TodayDep) -> HTMLResponse:
    verifier = need(account, "department_verifier")
    return _case_page(request, lang, verifier, session, today, case_id)


def form_date(raw: str, field: str) -> dt.date | None:
    """A date typed in a form (empty: none); another text is refused naming the field."""
    if not raw.strip():
        return None
    try:
        return dt.date.fromisoformat(raw.strip())
    except ValueError:
        raise Invalid(text("service_cases", "bad_date", field=text("service_cases", f"field_{field}"),
                           value=raw.strip()), field=field) from None


def _acted(request: Request, lang: Lang, verifier: Account, session: Any, today: dt.date, case_id: int,
           act: Any) -> HTMLResponse | RedirectResponse:
    """Run `act` (a workflow step) in a savepoint: its refusal re-renders the case with the
    error naming the field, the value and the rule; its success goes back to the case."""
    service.get_case_of_department(session=session, case_id=case_id, department=verifier.department)
    try:
        with session.begin_nested():
            target = act()
    except SettleError as exc:
        return _case_page(request, lang, verifier, session, today, case_id, error=exc.text(lang),
                          status=exc.status)
    return RedirectResponse(f"/staff/cases/{target}", status_code=303)


@router.post("/cases/{case_id}/decision", response_model=None)
def decide(case_id: RowId, request: Request, lang: LangDep, account: MaybeAccount, session: SessionDep,
           today: TodayDep, decision: Annotated[str, Form(max_length=20)],
           version: Annotated[int, Form(ge=1)],
           amount: Short = "", currency: Short = "", period_from: Short = "", period_until: Short = "",
           allocated: Short = "", reason: Long = "") -> HTMLResponse | RedirectResponse:
    """Grant (with the benefit), refuse (the failed conditions listed) or ask for evidence."""
    verifier = need(account, "department_verifier")

    def act() -> int:
        benefit = service.BenefitGiven(amount=amount.strip() or None, currency=currency.strip() or None,
                                       period_from=form_date(period_from, "period_from"),
                                       period_until=form_date(period_until, "period_until"),
                                       allocated=allocated.strip() or None)
        return service.decide(session=session, actor=verifier.username, department=verifier.department,
                              case_id=case_id, decision=decision, today=today, reason=reason, benefit=benefit,
                              expected_version=version).id
    return _acted(request, lang, verifier, session, today, case_id, act)


@router.post("/cases/{case_id}/deliveries", response_model=None)
def deliver(case_id: RowId, request: Request, lang: LangDep, account: MaybeAccount, session: SessionDep,
            today: TodayDep, on: Short = "", amount: Short = "", currency: Short = "", reference: Short = "",
            note: Long = "") -> HTMLResponse | RedirectResponse:
    """A payment of the granted amount, or a delivery of the place or service."""
    verifier = need(account, "department_verifier")

    def act() -> int:
        service.record_delivery(session=session, actor=verifier.username, department=verifier.department,
                                case_id=case_id, on=form_date(on, "on") or today,
                                amount=amount.strip() or None, currency=currency.strip() or None,
                                reference=reference, note=note.strip() or None)
        return case_id
    return _acted(request, lang, verifier, session, today, case_id, act)


@router.post("/cases/{case_id}/close", response_model=None)
def close(case_id: RowId, request: Request, lang: LangDep, account: MaybeAccount, session: SessionDep,
          today: TodayDep, reason: Long = "") -> HTMLResponse | RedirectResponse:
    verifier = need(account, "department_verifier")

    def act() -> int:
        return service.close_case(session=session, actor=verifier.username, department=verifier.department,
                                  case_id=case_id, today=today, reason=reason).id
    return _acted(request, lang, verifier, session, today, case_id, act)


@router.post("/cases/{case_id}/renew", response_model=None)
def renew(case_id: RowId, request: Request, lang: LangDep, account: MaybeAccount, session: SessionDep,
          today: TodayDep) -> HTMLResponse | RedirectResponse:
    """Renew a paid or closed case: the new case's page follows."""
    verifier = need(account, "department_verifier")

    def act() -> int:
        return service.renew_case(session=session, actor=verifier.username, department=verifier.department,
                                  case_id=case_id, today=today).id
    return _acted(request, lang, verifier, session, today, case_id, act)
