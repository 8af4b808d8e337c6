"""The applicant's service cases (issue 15 part 1, through the pages): the list on /me, applying
for a service of their city (the engine's explained eligibility shown before submitting, an
answer form for the facts the registry lacks), following a case (its history in words, what
the department asked, the benefit, the payments, its notices), uploading a document to it,
answering a request for evidence and withdrawing. Every step is the workflow's
(settle.workflow.service_cases, settle.workflow.documents), which audits and notifies."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from settle.api.deps import RowId, SessionDep, TodayDep
from settle.audit.chain import record as audit
from settle.errors import SettleError
from settle.i18n import Lang
from settle.registry.facts import declarable_facts
from settle.registry.models import Account, ServiceCase
from settle.web.case_apply import Where, apply_page, check_or_lodge, services_page
from settle.web.case_view import benefit_lines, conditions, cw, delivery_lines, history, state_name
from settle.web.forms import field_views, read_form
from settle.web.pages import LangDep, MaybeAccount, need, render
from settle.web.routes.documents import words as document_words
from settle.web.values import fact_title
from settle.workflow import documents
from settle.workflow import notices as inbox
from settle.workflow import service_cases as service
from settle.workflow.service_case_states import OPEN

router = APIRouter(prefix="/me", include_in_schema=False)
City = Annotated[str, Query(max_length=40)]
PackId = Annotated[str, Query(max_length=80)]


def _where(applicant: Account) -> Where:
    return Where(person_id=applicant.person_id or 0, channel="self", purpose="service application (pages)",
                 base="/me/cases/new", back="/me", back_word="back_to_me")


@router.get("/cases", response_class=HTMLResponse)
def my_cases(request: Request, lang: LangDep, account: MaybeAccount, session: SessionDep) -> HTMLResponse:
    """The applicant's service cases, newest first (loaded into /me)."""
    applicant = need(account, "applicant")
    found = service.cases_of_person(session=session, person_id=applicant.person_id or 0)
    rows = [(c, service.service_pack(c.pack_id).meta.title(lang), state_name(c.state, lang)) for c in found]
    return render(request, "partials/my_cases.html", lang, applicant, rows=rows,
                  cw=lambda key, **values: cw(key, lang, **values))


@router.get("/cases/new", response_class=HTMLResponse)
def choose_service(request: Request, lang: LangDep, account: MaybeAccount, session: SessionDep,
                   today: TodayDep, city: City = "") -> HTMLResponse:
    """The services of the applicant's city in force today, to choose one."""
    applicant = need(account, "applicant")
    return services_page(request, lang, applicant, session, today, _where(applicant), city)


@router.get("/cases/new/{pack_id}", response_class=HTMLResponse)
def apply_form(pack_id: str, request: Request, lang: LangDep, account: MaybeAccount, session: SessionDep,
               today: TodayDep) -> HTMLResponse:
    applicant = need(account, "applicant")
    return apply_page(request, lang, applicant, session, today, service.service_pack(pack_id),
                      _where(applicant), None)


@router.post("/cases/new/{pack_id}", response_model=None)
async def apply(pack_id: str, request: Request, lang: LangDep, account: MaybeAccount, session: SessionDep,
                today: TodayDep) -> HTMLResponse | RedirectResponse:
    """`action=check`: the explanation of the answers; `action=apply`: the case is lodged."""
    applicant = need(account, "applicant")
    form = {k: str(v) for k, v in (await request.form()).items()}
    return check_or_lodge(request, lang, applicant, session, today, service.service_pack(pack_id),
                          _where(applicant), form, done="/me/cases/{id}")


def own_case(session: Any, applicant: Account, case_id: int) -> ServiceCase:
    """The applicant's own case; another's is as if it did not exist (404)."""
    case = service.get_case(session=session, case_id=case_id)
    service.check_may_read(role=applicant.role, person_id=applicant.person_id, department=None, case=case)
    return case


def _case_page(request: Request, lang: Lang, applicant: Account, session: Any, today: Any, case_id: int,
               message: str | None = None, error: str | None = None, status: int = 200) -> HTMLResponse:
    case = own_case(session, applicant, case_id)
    audit(session, applicant.username, "read_case", f"case/{case.id}", "own case (pages)")
    pack = service.service_pack(case.pack_id)
    declarable = declarable_facts(pack)
    fields = [f for f in field_views([pack], lang, case.declared, {}, today) if f.name in declarable]
    notices = [n for n in inbox.inbox(session=session, person_id=case.person_id, limit=200)
               if n.subject == f"case/{case.id}"]
    return render(request, "my_case.html", lang, applicant, status=status, case=case, pack=pack,
                  state=state_name(case.state, lang), is_open=case.state in OPEN,
                  department=service.department_name(pack, case.department)(lang),
                  history=history(service.events_of(session=session, case_id=case.id), case, pack, lang),
                  benefit=benefit_lines(service.benefit_of(session=session, case_id=case.id), lang),
                  deliveries=delivery_lines(session=session, case_id=case.id, lang=lang),
                  conditions=conditions(case.explanation, lang), fields=fields, given=set(case.declared),
                  documents=documents.visible_documents(session=session, account=applicant,
                                                        subject=f"case/{case.id}"),
                  facts=[(f, fact_title(pack, f, lang)) for f in sorted(case.declared)],
                  fact_title=fact_title, notices=notices, message=message, error=error,
                  cw=lambda key, **values: cw(key, lang, **values), **document_words(lang))


@router.get("/cases/{case_id}", response_class=HTMLResponse)
def my_case(case_id: RowId, request: Request, lang: LangDep, account: MaybeAccount, session: SessionDep,
            today: TodayDep) -> HTMLResponse:
    """One of the applicant's cases: its state and history, what was asked, granted and paid."""
    applicant = need(account, "applicant")
    return _case_page(request, lang, applicant, session, today, case_id)


@router.post("/cases/{case_id}/documents", response_class=HTMLResponse)
async def upload(case_id: RowId, request: Request, lang: LangDep, account: MaybeAccount, session: SessionDep,
                 today: TodayDep, file: Annotated[UploadFile, File()],
                 fact: Annotated[str, Form(max_length=60)] = "") -> HTMLResponse:
    """A PDF, JPEG or PNG behind the case (or one fact it declares), checked by its content."""
    applicant = need(account, "applicant")
    own_case(session, applicant, case_id)
    try:
        with session.begin_nested():
            owner = documents.owner_of_case(session=session, case_id=case_id, fact=fact or None)
            content = await file.read(documents.upload_limit() + 1)
            document, _ = documents.upload(session=session, account=applicant, owner=owner,
                                           filename=file.filename, content=content, size=file.size)
    except SettleError as exc:
        return _case_page(request, lang, applicant, session, today, case_id, error=exc.text(lang),
                          status=exc.status)
    return _case_page(request, lang, applicant, session, today, case_id,
                      message=document_words(lang)["dw"]("uploaded", file=document.filename))


@router.post("/cases/{case_id}/evidence", response_model=None)
async def answer(case_id: RowId, request: Request, lang: LangDep, account: MaybeAccount, session: SessionDep,
                 today: TodayDep) -> HTMLResponse | RedirectResponse:
    """The applicant's answers to a request for evidence: the case is assessed again."""
    applicant = need(account, "applicant")
    case = own_case(session, applicant, case_id)
    pack = service.service_pack(case.pack_id)
    form = {k: str(v) for k, v in (await request.form()).items()}
    declared, errors = read_form([pack], form, lang, yes_no=True)
    declarable = set(declarable_facts(pack))
    changed = {k: v for k, v in declared.items() if k in declarable and case.declared.get(k) != v}
    if errors:
        return _case_page(request, lang, applicant, session, today, case_id, error="; ".join(errors.values()),
                          status=422)
    try:
        with session.begin_nested():
            service.provide_evidence(session=session, actor=applicant.username, case_id=case.id,
                                     declared=changed, today=today)
    except SettleError as exc:
        return _case_page(request, lang, applicant, session, today, case_id, error=exc.text(lang),
                          status=exc.status)
    return RedirectResponse(f"/me/cases/{case.id}", status_code=303)


@router.post("/cases/{case_id}/withdraw", response_model=None)
def withdraw(case_id: RowId, request: Request, lang: LangDep, account: MaybeAccount, session: SessionDep,
             today: TodayDep, reason: Annotated[str, Form(max_length=2000)] = "") -> Response:
    applicant = need(account, "applicant")
    own_case(session, applicant, case_id)
    try:
        with session.begin_nested():
            service.withdraw_case(session=session, actor=applicant.username, case_id=case_id, reason=reason)
    except SettleError as exc:
        return _case_page(request, lang, applicant, session, today, case_id, error=exc.text(lang),
                          status=exc.status)
    return RedirectResponse(f"/me/cases/{case_id}", status_code=303)
