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
from settle.packs import Pack, default_catalogue
from settle.registry.facts import declarable_facts
from settle.registry.models import Account, ServiceCase
from settle.web.case_view import benefit_lines, conditions, cw, delivery_lines, history, state_name
from settle.web.forms import field_views, read_form
from settle.web.pages import LangDep, MaybeAccount, need, render
from settle.web.routes.documents import words as document_words
from settle.web.values import fact_title, fact_value
from settle.workflow import applications as apps
from settle.workflow import documents, service_stock
from settle.workflow import notices as inbox
from settle.workflow import service_cases as service
from settle.workflow.listings import applications_of_person, open_rounds
from settle.workflow.service_case_states import OPEN

router = APIRouter(prefix="/me", include_in_schema=False)
City = Annotated[str, Query(max_length=40)]
PackId = Annotated[str, Query(max_length=80)]


def cities_in_force(today: Any) -> list[tuple[str, Pack]]:
    """The cities with a service pack in force today, each with one of its packs (for its name)."""
    found: dict[str, Pack] = {}
    for pack in default_catalogue().all():
        if pack.meta.kind == "service" and pack.applies_on(today):
            found.setdefault(pack.meta.jurisdiction, pack)
    return sorted(found.items())


def home_city(*, session: Any, person_id: int, cities: list[str]) -> str | None:
    """The applicant's city: that of their latest case, else of their latest application, else
    the city whose points round is open (the registry's own city)."""
    for case in service.cases_of_person(session=session, person_id=person_id):
        city = service.service_pack(case.pack_id).meta.jurisdiction
        if city in cities:
            return city
    for application in reversed(applications_of_person(session=session, person_id=person_id)):
        round_ = apps.get_round(session=session, round_id=application.round_id)
        city = apps.pack_of_round(round_).meta.jurisdiction
        if city in cities:
            return city
    for round_ in open_rounds(session=session):
        city = apps.pack_of_round(round_).meta.jurisdiction
        if city in cities:
            return city
    return cities[0] if cities else None


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
    cities = cities_in_force(today)
    names = [c for c, _ in cities]
    chosen = city if city in names else home_city(session=session, person_id=applicant.person_id or 0,
                                                  cities=names)
    packs = default_catalogue().services(chosen, today) if chosen else []
    services = [(p, service.department_name(p, service.service_department(p))(lang)) for p in packs]
    return render(request, "case_services.html", lang, applicant, cities=cities, chosen=chosen,
                  services=services, cw=lambda key, **values: cw(key, lang, **values))


def _apply_page(request: Request, lang: Lang, applicant: Account, session: Any, today: Any, pack: Pack,
                form: dict[str, str] | None, status: int = 200, error: str | None = None) -> HTMLResponse:
    """The answer form for the facts the registry lacks, and the engine's explanation of the
    answers given (none given: of the registry's facts alone, when they suffice)."""
    person_id = applicant.person_id or 0
    declarable = declarable_facts(pack)
    declared, errors = read_form([pack], form or {}, lang, yes_no=True)
    declared = {k: v for k, v in declared.items() if k in declarable}
    explained = problem = None
    held: list[tuple[str, str]] = []
    if not errors:
        try:
            found = service.preview(session=session, person_id=person_id, pack_id=pack.id, declared=declared,
                                    today=today)
            audit(session, applicant.username, "read_person", f"person/{person_id}",
                  "service application (pages)", pack=pack.id, facts=sorted(found.facts))
            # answers first, then the explanation (a service asking nothing is explained at once)
            explained = service.explanation(found.result) if form is not None or not declarable else None
            held = [(fact_title(pack, k, lang), fact_value(pack, k, v, lang)) for k, v in found.facts.items()
                    if found.sources.get(k) == "registry"]
        except SettleError as exc:
            problem = exc.text(lang)
            if form is not None and exc.field in declarable:
                errors[exc.field] = problem
    fields = [f for f in field_views([pack], lang, {**(form or {}), **declared}, errors, today)
              if f.name in declarable]
    stocks = [s for s in service_stock.stocks(session=session, pack_id=pack.id) if s.state == "open"]
    return render(request, "case_apply.html", lang, applicant, status=status, pack=pack, fields=fields,
                  stocks=stocks, chosen_stock=(form or {}).get("stock_id", ""),
                  given=set(form or {}), held=held, explained=explained, error=error,
                  problem=problem if form is not None else None,
                  conditions=conditions(explained or {}, lang),
                  department=service.department_name(pack, service.service_department(pack))(lang),
                  cw=lambda key, **values: cw(key, lang, **values))


@router.get("/cases/new/{pack_id}", response_class=HTMLResponse)
def apply_form(pack_id: str, request: Request, lang: LangDep, account: MaybeAccount, session: SessionDep,
               today: TodayDep) -> HTMLResponse:
    applicant = need(account, "applicant")
    return _apply_page(request, lang, applicant, session, today, service.service_pack(pack_id), None)


@router.post("/cases/new/{pack_id}", response_model=None)
async def apply(pack_id: str, request: Request, lang: LangDep, account: MaybeAccount, session: SessionDep,
                today: TodayDep) -> HTMLResponse | RedirectResponse:
    """`action=check`: the explanation of the answers; `action=apply`: the case is lodged."""
    applicant = need(account, "applicant")
    pack = service.service_pack(pack_id)
    form = {k: str(v) for k, v in (await request.form()).items()}
    action = form.pop("action", "check")
    if action != "apply":
        return _apply_page(request, lang, applicant, session, today, pack, form)
    declared, errors = read_form([pack], form, lang, yes_no=True)
    declarable = set(declarable_facts(pack))
    stock = form.get("stock_id", "").strip()
    if stock and not stock.isdigit():
        errors["stock_id"] = cw("bad_stock_choice", lang, value=stock)
    if errors:
        return _apply_page(request, lang, applicant, session, today, pack, form, status=422,
                           error="; ".join(errors.values()))
    try:
        with session.begin_nested():
            case = service.apply(session=session, actor=applicant.username,
                                 person_id=applicant.person_id or 0, pack_id=pack.id, today=today,
                                 channel="self", stock_id=int(stock) if stock else None,
                                 declared={k: v for k, v in declared.items() if k in declarable})
    except SettleError as exc:
        return _apply_page(request, lang, applicant, session, today, pack, form, status=exc.status,
                           error=exc.text(lang))
    return RedirectResponse(f"/me/cases/{case.id}", status_code=303)


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
