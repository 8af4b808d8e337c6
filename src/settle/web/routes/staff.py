"""The staff console: intake at the window, the verifier's queue, the officer's round page
and the audit trail. Every page keeps to the roles and field access of the API."""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from sqlalchemy import select

from settle.api.deps import RowId, SessionDep, TodayDep
from settle.audit.chain import record as audit
from settle.errors import Forbidden, Invalid
from settle.registry.facts import declarable_facts
from settle.registry.models import Application, AuditEntry, EvidenceItem, Objection, Person, Round
from settle.registry.persons import register_person
from settle.web.forms import field_views, read_form
from settle.web.pages import LangDep, MaybeAccount, need, render
from settle.workflow import applications as apps
from settle.workflow import round_service

router = APIRouter(prefix="/staff", include_in_schema=False)


def open_rounds(session: SessionDep) -> list[Round]:
    return list(session.execute(select(Round).where(Round.state == "open").order_by(Round.id)).scalars())


@router.get("/intake", response_class=HTMLResponse)
def intake_form(request: Request, lang: LangDep, account: MaybeAccount, session: SessionDep) -> HTMLResponse:
    clerk = need(account, "window_clerk", "administrator")
    rounds = open_rounds(session)
    return _intake(request, lang, clerk, rounds, {}, {})


def _intake(request: Request, lang: Any, clerk: Any, rounds: list[Round], values: dict[str, Any],
            errors: dict[str, str], message: str | None = None, status: int = 200) -> HTMLResponse:
    fields = []
    if rounds:
        pack = apps.pack_of_round(rounds[0])
        declarable = set(declarable_facts(pack))
        fields = [f for f in field_views([pack], lang, values, errors, rounds[0].window_closes)
                  if f.name in declarable]
    return render(request, "intake.html", lang, clerk, rounds=rounds, fields=fields, values=values,
                  errors=errors, message=message, status=status)


@router.post("/intake", response_class=HTMLResponse)
async def intake(request: Request, lang: LangDep, account: MaybeAccount, session: SessionDep,
                 today: TodayDep) -> HTMLResponse:
    clerk = need(account, "window_clerk", "administrator")
    rounds = open_rounds(session)
    form = {k: str(v) for k, v in (await request.form()).items()}
    if not rounds:
        raise Invalid("no round is open for applications", field="round")
    pack = apps.pack_of_round(rounds[0])
    facts, errors = read_form([pack], form)
    declared = {k: v for k, v in facts.items() if k in set(declarable_facts(pack))}
    try:
        with session.begin_nested():
            known = session.execute(select(Person).where(
                Person.identity_number == form.get("identity_number", "").strip().upper())).scalar()
            person = known or register_person(
                session=session, actor=clerk.username, identity_number=form.get("identity_number", ""),
                name=form.get("person_name", "").strip() or "-", sex=form.get("sex", ""),
                birth_date=dt.date.fromisoformat(form.get("birth_date") or "1900-01-01"),
                origin_place=form.get("origin_place", "").strip() or "-")
            application = apps.create_application(session=session, actor=clerk.username, person_id=person.id,
                                                  round_id=rounds[0].id, declared=declared)
            apps.submit(session=session, actor=clerk.username, application_id=application.id, today=today)
            apps.accept(session=session, actor=clerk.username, application_id=application.id)
    except (Invalid, Forbidden) as exc:
        errors[exc.field or "form"] = exc.message
        return _intake(request, lang, clerk, rounds, {**form, **facts}, errors, status=422)
    return _intake(request, lang, clerk, rounds, {}, {},
                   message=f"#{application.id}: {person.name} ({application.state})")


@router.get("/tasks", response_class=HTMLResponse)
def tasks(request: Request, lang: LangDep, account: MaybeAccount, session: SessionDep) -> HTMLResponse:
    verifier = need(account, "department_verifier")
    rows = apps.pending_tasks(session=session, department=verifier.department)
    audit(session, verifier.username, "read_tasks", f"department/{verifier.department}",
          "verification (pages)", count=len(rows))
    return render(request, "tasks.html", lang, verifier,
                  tasks=[{"item": item, "applicant": name} for item, name in rows])


@router.post("/tasks/{item_id}", response_class=HTMLResponse)
def decide(item_id: RowId, request: Request, lang: LangDep, account: MaybeAccount, session: SessionDep,
           decision: str = Form(max_length=10), version: int = Form(ge=1, le=2_147_483_647),
           value: str = Form("", max_length=200), reason: str = Form("", max_length=500)) -> HTMLResponse:
    verifier = need(account, "department_verifier")
    item = apps.decide_evidence(session=session, actor=verifier.username, department=verifier.department,
                                item_id=item_id, decision=decision, expected_version=version,
                                value=value or None, reason=reason or None)
    return render(request, "task_done.html", lang, verifier, item=item)


@router.get("/rounds", response_class=HTMLResponse)
def rounds_page(request: Request, lang: LangDep, account: MaybeAccount, session: SessionDep) -> HTMLResponse:
    officer = need(account, "bureau_officer", "administrator")
    rounds = session.execute(select(Round).order_by(Round.id)).scalars().all()
    return render(request, "rounds.html", lang, officer, rounds=rounds)


@router.get("/rounds/{round_id}", response_class=HTMLResponse)
def round_page(round_id: RowId, request: Request, lang: LangDep, account: MaybeAccount,
               session: SessionDep, message: str | None = None) -> HTMLResponse:
    officer = need(account, "bureau_officer", "administrator")
    round_ = apps.get_round(session=session, round_id=round_id)
    listing = session.execute(select(Application, Person).join(Person, Person.id == Application.person_id)
                              .where(Application.round_id == round_id)
                              .order_by(Application.rank.is_(None), Application.rank, Application.id)).all()
    last_rank = max((a.rank for a, _ in listing if a.admitted and a.rank), default=None)
    tied = sum(1 for a, _ in listing if last_rank is not None and a.rank == last_rank)
    objections = session.execute(select(Objection).join(Application).where(
        Application.round_id == round_id).order_by(Objection.id)).scalars().all()
    return render(request, "round.html", lang, officer, round=round_, listing=listing, tied=tied,
                  objections=objections, message=message)


@router.post("/rounds/{round_id}/{action}")
def round_action(round_id: RowId, action: str, account: MaybeAccount, session: SessionDep,
                 today: TodayDep) -> RedirectResponse:
    officer = need(account, "bureau_officer", "administrator")
    message = ""
    if action == "rank":
        for application in session.execute(select(Application).where(
                Application.round_id == round_id, Application.state == "verification")).scalars():
            pending = session.execute(select(EvidenceItem.id).where(
                EvidenceItem.application_id == application.id, EvidenceItem.status == "pending")).first()
            if pending is None:
                apps.score(session=session, actor=officer.username, application_id=application.id)
        report = round_service.rank(session=session, actor=officer.username, round_id=round_id)
        message = f"ranked {report.ranked}, admitted {len(report.admitted)}"
    elif action == "disclose":
        round_service.disclose(session=session, actor=officer.username, round_id=round_id, today=today)
    elif action == "notice":
        round_service.open_notice(session=session, actor=officer.username, round_id=round_id, today=today)
    elif action == "finalize":
        round_service.finalize(session=session, actor=officer.username, round_id=round_id, today=today)
    else:
        raise Invalid(f"unknown action {action!r}", field="action")
    return RedirectResponse(f"/staff/rounds/{round_id}?message={message}", status_code=303)


@router.post("/objections/{objection_id}")
def objection(objection_id: RowId, account: MaybeAccount, session: SessionDep,
              upheld: str = Form(max_length=5), decision: str = Form(min_length=1, max_length=2000),
              correction_fact: str = Form("", max_length=60),
              correction_value: str = Form("", max_length=200)) -> RedirectResponse:
    officer = need(account, "bureau_officer", "administrator")
    found = session.get(Objection, objection_id)
    if found is None:
        raise Invalid(f"no objection {objection_id}", field="objection_id")
    if correction_fact:
        value: Any = {"true": True, "false": False}.get(correction_value, correction_value)
        found.correction = {correction_fact: value}
    report = round_service.decide_objection(session=session, actor=officer.username,
                                            objection_id=objection_id, upheld=upheld == "yes",
                                            decision=decision)
    application = apps.get_application(session=session, application_id=found.application_id)
    message = "" if report is None else f"admitted now {report.admitted}"
    return RedirectResponse(f"/staff/rounds/{application.round_id}?message={message}", status_code=303)


@router.post("/applications/{application_id}/card")
def card(application_id: RowId, account: MaybeAccount, session: SessionDep) -> RedirectResponse:
    officer = need(account, "bureau_officer", "administrator")
    application = round_service.issue_card(session=session, actor=officer.username,
                                           application_id=application_id)
    return RedirectResponse(f"/staff/rounds/{application.round_id}", status_code=303)


@router.get("/applications/{application_id}/audit", response_class=HTMLResponse)
def audit_trail(application_id: RowId, request: Request, lang: LangDep, account: MaybeAccount,
                session: SessionDep) -> HTMLResponse:
    officer = need(account, "bureau_officer", "administrator")
    entries = session.execute(select(AuditEntry).where(AuditEntry.subject == f"application/{application_id}")
                              .order_by(AuditEntry.seq)).scalars().all()
    return render(request, "audit.html", lang, officer, application_id=application_id, entries=entries)
