"""The staff console: intake at the window, the verifier's queue, the officer's round page
and the audit trail. Every page keeps to the roles and field access of the API."""

from __future__ import annotations

import datetime as dt
import json
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from settle.api.deps import RowId, SessionDep, TodayDep
from settle.audit.chain import entries_about
from settle.audit.chain import record as audit
from settle.errors import Invalid, RoundBlocked, SettleError
from settle.messages import say
from settle.packs.routing import department_for
from settle.registry.clock import advance_demo_clock, demo_today
from settle.registry.corrections import writable
from settle.registry.facts import declarable_facts
from settle.registry.models import Round
from settle.registry.persons import find_person_by_identity, register_person
from settle.web.audit_view import audit_rows
from settle.web.forms import field_views, read_form
from settle.web.pages import LangDep, MaybeAccount, need, render
from settle.web.round_view import round_context, value_widget
from settle.web.words import t
from settle.workflow import applications as apps
from settle.workflow import listings, round_service
from settle.workflow.round_states import refusal

router = APIRouter(prefix="/staff", include_in_schema=False)


@router.get("/intake", response_class=HTMLResponse)
def intake_form(request: Request, lang: LangDep, account: MaybeAccount, session: SessionDep) -> HTMLResponse:
    clerk = need(account, "window_clerk", "administrator")
    rounds = listings.open_rounds(session=session)
    return _intake(request, lang, clerk, rounds, {}, {})


def _intake(request: Request, lang: Any, clerk: Any, rounds: list[Round], values: dict[str, Any],
            errors: dict[str, str], message: str | None = None, status: int = 200,
            **lookup: Any) -> HTMLResponse:
    """The intake form; `lookup`: what the search for a registered person found
    (settle.web.routes.intake)."""
    fields = []
    if rounds:
        pack = apps.pack_of_round(rounds[0])
        declarable = set(declarable_facts(pack))
        fields = [f for f in field_views([pack], lang, values, errors, rounds[0].window_closes)
                  if f.name in declarable]
    return render(request, "intake.html", lang, clerk, rounds=rounds, fields=fields, values=values,
                  errors=errors, message=message, status=status, **lookup)


@router.post("/intake", response_class=HTMLResponse)
async def intake(request: Request, lang: LangDep, account: MaybeAccount, session: SessionDep,
                 today: TodayDep) -> HTMLResponse:
    clerk = need(account, "window_clerk", "administrator")
    rounds = listings.open_rounds(session=session)
    form = {k: str(v) for k, v in (await request.form()).items()}
    if not rounds:
        raise Invalid(say("no_round_open"), field="round")
    pack = apps.pack_of_round(rounds[0])
    facts, errors = read_form([pack], form)
    declared = {k: v for k, v in facts.items() if k in set(declarable_facts(pack))}
    try:
        with session.begin_nested():
            known = find_person_by_identity(session=session, identity_number=form.get("identity_number", ""))
            person = known or register_person(
                session=session, actor=clerk.username, identity_number=form.get("identity_number", ""),
                name=form.get("person_name", "").strip() or "-", sex=form.get("sex", ""),
                birth_date=dt.date.fromisoformat(form.get("birth_date") or "1900-01-01"),
                origin_place=form.get("origin_place", "").strip() or "-", today=today)
            application = apps.create_application(session=session, actor=clerk.username, person_id=person.id,
                                                  round_id=rounds[0].id, declared=declared)
            apps.submit(session=session, actor=clerk.username, application_id=application.id, today=today)
            apps.accept(session=session, actor=clerk.username, application_id=application.id)
    except SettleError as exc:
        errors[exc.field if exc.field in form else "form"] = exc.text(lang)
        return _intake(request, lang, clerk, rounds, {**form, **facts}, errors, status=exc.status)
    return _intake(request, lang, clerk, rounds, {}, {},
                   message=f"#{application.id}: {person.name} ({application.state})")


@router.get("/rounds", response_class=HTMLResponse)
def rounds_page(request: Request, lang: LangDep, account: MaybeAccount, session: SessionDep) -> HTMLResponse:
    officer = need(account, "bureau_officer", "administrator")
    return render(request, "rounds.html", lang, officer, rounds=listings.all_rounds(session=session))


ROUND_BUTTONS = (("rank", "rank_now"), ("disclose", "disclose"), ("open_notice", "open_notice"),
                 ("finalize", "finalize"))


def _round_page(request: Request, lang: Any, officer: Any, session: Any, round_id: int, today: dt.date,
                message: str | None = None, error: SettleError | None = None) -> HTMLResponse:
    round_ = apps.get_round(session=session, round_id=round_id)
    listing = listings.round_applicants(session=session, round_id=round_id)
    audit(session, officer.username, "read_round", f"round/{round_id}", "round management (pages)",
          applications=len(listing))
    last_rank = max((a.rank for a, _ in listing if a.admitted and a.rank), default=None)
    tied = sum(1 for a, _ in listing if last_rank is not None and a.rank == last_rank)
    objections = listings.objections_of_round(session=session, round_id=round_id)
    actions = [{"action": action, "label": label,
                "refusal": None if (why := refusal(round_, action, today)) is None else why(lang)}
               for action, label in ROUND_BUTTONS]
    blocked = error.blocked if isinstance(error, RoundBlocked) else []
    pack = apps.pack_of_round(round_)
    titles = {key.by: key.title(lang) for key in (pack.meta.ranking.keys if pack.meta.ranking else [])}
    cutoff = [(titles.get(k, k), v) for k, v in (round_.cutoff or {}).items()]
    return render(request, "round.html", lang, officer, status=error.status if error else 200,
                  cutoff=cutoff,
                  round=round_, listing=listing, tied=tied, objections=objections, message=message,
                  error=None if error is None else error.text(lang), blocked=blocked, actions=actions,
                  today=today, demo_today=demo_today(session),
                  facts=[(name, spec.title(lang)) for name, spec in pack.facts.items()
                         if writable(spec) and department_for(pack, name)],
                  **round_context(session=session, round_=round_, pack=pack, listing=listing, lang=lang))


@router.get("/rounds/{round_id}/correction-value", response_class=HTMLResponse)
def correction_value(round_id: RowId, request: Request, lang: LangDep, account: MaybeAccount,
                     session: SessionDep, objection: Annotated[int, Query(ge=1, le=2_147_483_647)],
                     correction_fact: Annotated[str, Query(max_length=60)] = "") -> HTMLResponse:
    """The control an objection's corrected value is chosen with, for the fact chosen (htmx)."""
    officer = need(account, "bureau_officer", "administrator")
    pack = apps.pack_of_round(apps.get_round(session=session, round_id=round_id))
    return render(request, "partials/correction_value.html", lang, officer, objection_id=objection,
                  widget=value_widget(pack, correction_fact, lang) if correction_fact else None)


@router.get("/rounds/{round_id}", response_class=HTMLResponse)
def round_page(round_id: RowId, request: Request, lang: LangDep, account: MaybeAccount,
               session: SessionDep, today: TodayDep, message: str | None = None) -> HTMLResponse:
    officer = need(account, "bureau_officer", "administrator")
    return _round_page(request, lang, officer, session, round_id, today, message)


@router.post("/rounds/{round_id}/{action}", response_model=None)
def round_action(round_id: RowId, action: str, request: Request, lang: LangDep, account: MaybeAccount,
                 session: SessionDep, today: TodayDep) -> HTMLResponse | RedirectResponse:
    officer = need(account, "bureau_officer", "administrator")
    steps = {"disclose": round_service.disclose, "open_notice": round_service.open_notice,
             "finalize": round_service.finalize}
    if action != "rank" and action not in steps:
        raise Invalid(f"unknown action {action!r}", field="action")
    message = ""
    try:
        with session.begin_nested():
            if action == "rank":
                report = round_service.rank(session=session, actor=officer.username, round_id=round_id,
                                            today=today)
                message = (f"{t('ranked_count', lang)} {report.ranked} · "
                           f"{t('admitted_count', lang)} {len(report.admitted)}")
            else:
                steps[action](session=session, actor=officer.username, round_id=round_id, today=today)
    except SettleError as exc:
        return _round_page(request, lang, officer, session, round_id, today, error=exc)
    return RedirectResponse(f"/staff/rounds/{round_id}?{urlencode({'message': message})}", status_code=303)


@router.post("/applications/{application_id}/exclude", response_model=None)
def exclude(application_id: RowId, request: Request, lang: LangDep, account: MaybeAccount,
            session: SessionDep, today: TodayDep,
            reason: str = Form("", max_length=2000)) -> HTMLResponse | RedirectResponse:
    officer = need(account, "bureau_officer", "administrator")
    application = apps.get_application(session=session, application_id=application_id)
    try:
        with session.begin_nested():
            round_service.close_application(session=session, actor=officer.username,
                                            application_id=application_id, action="exclude",
                                            reason=reason, today=today)
    except SettleError as exc:
        return _round_page(request, lang, officer, session, application.round_id, today, error=exc)
    return RedirectResponse(f"/staff/rounds/{application.round_id}", status_code=303)


@router.post("/clock", response_model=None)
def clock(request: Request, lang: LangDep, account: MaybeAccount, session: SessionDep, today: TodayDep,
          day: Annotated[dt.date, Form()], round_id: Annotated[int, Form(ge=1)] = 1,
          ) -> HTMLResponse | RedirectResponse:
    """A demo city's staff move its date forward to walk a round through its periods."""
    officer = need(account, "bureau_officer", "administrator")
    try:
        with session.begin_nested():
            advance_demo_clock(session=session, actor=officer.username, day=day)
    except SettleError as exc:
        return _round_page(request, lang, officer, session, round_id, today, error=exc)
    return RedirectResponse(f"/staff/rounds/{round_id}", status_code=303)


def form_value(spec: Any, text: str) -> Any:
    """A value typed in a form, read by the fact's type (JSON for lists and mappings)."""
    text = text.strip()
    if spec.type == "boolean":
        return {"true": True, "false": False, "yes": True, "no": False, "是": True, "否": False}.get(
            text.lower(), text)
    if spec.type in ("periods", "by_year", "integer_list"):
        try:
            return json.loads(text)
        except json.JSONDecodeError:
            return text
    return text


@router.post("/objections/{objection_id}", response_model=None)
def objection(objection_id: RowId, request: Request, lang: LangDep, account: MaybeAccount,
              session: SessionDep, today: TodayDep,
              upheld: str = Form(max_length=5), decision: str = Form("", max_length=2000),
              correction_fact: str = Form("", max_length=60),
              correction_value: str = Form("", max_length=2000)) -> HTMLResponse | RedirectResponse:
    officer = need(account, "bureau_officer", "administrator")
    found = listings.get_objection_or_raise(session=session, objection_id=objection_id)
    application = apps.get_application(session=session, application_id=found.application_id)
    pack = apps.pack_of_round(apps.get_round(session=session, round_id=application.round_id))
    correction = None
    if correction_fact:
        spec = pack.facts.get(correction_fact)
        typed = correction_value if spec is None else form_value(spec, correction_value)
        correction = {correction_fact: typed}
    try:
        with session.begin_nested():
            tasks = round_service.decide_objection(session=session, actor=officer.username,
                                                   objection_id=objection_id, upheld=upheld == "yes",
                                                   decision=decision, correction=correction)
    except SettleError as exc:
        return _round_page(request, lang, officer, session, application.round_id, today, error=exc)
    message = ", ".join(f"{t.fact} → {t.department}" for t in tasks)
    return RedirectResponse(f"/staff/rounds/{application.round_id}?{urlencode({'message': message})}",
                            status_code=303)


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
    application = apps.get_application(session=session, application_id=application_id)
    pack = apps.pack_of_round(apps.get_round(session=session, round_id=application.round_id))
    rows = audit_rows(entries_about(session, f"application/{application_id}"), pack, lang)
    return render(request, "audit.html", lang, officer, application=application, rows=rows)
