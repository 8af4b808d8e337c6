"""Signing in and out, and the applicant's own pages."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from settle.api.deps import RowId, SessionDep, TodayDep
from settle.audit.chain import record as audit
from settle.errors import Throttled, Unauthenticated
from settle.registry.authentication import sign_in
from settle.registry.models import Application, Round
from settle.registry.persons import get_person
from settle.registry.tokens import account_for_token, revoke_token
from settle.rules.engine import evaluate
from settle.rules.explain import step_lines
from settle.web.pages import TOKEN_COOKIE, LangDep, MaybeAccount, need, render
from settle.web.values import fact_title, fact_value
from settle.web.words import t
from settle.workflow import applications as apps
from settle.workflow import round_service
from settle.workflow.listings import applications_of_person, evidence_of, objections_of_application
from settle.workflow.record_provenance import records_behind, records_by_item
from settle.workflow.round_states import objections_open, results_disclosed

router = APIRouter(include_in_schema=False)


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request, lang: LangDep, account: MaybeAccount) -> HTMLResponse:
    return render(request, "login.html", lang, account)


@router.post("/login", response_model=None)
def login(request: Request, lang: LangDep, username: str = Form(max_length=60),
          password: str = Form(max_length=200)) -> HTMLResponse | RedirectResponse:
    try:
        account, token = sign_in(sessions=request.app.state.sessions, username=username, password=password,
                                 address=request.client.host if request.client else "unknown",
                                 purpose="authentication (pages)")
    except (Unauthenticated, Throttled) as exc:
        refused = render(request, "login.html", lang, None, status=exc.status, error=exc.text(lang),
                         username=username)
        if isinstance(exc, Throttled):
            refused.headers["Retry-After"] = str(exc.retry_after)
        return refused
    home = {"applicant": "/me", "window_clerk": "/staff/intake", "department_verifier": "/staff/tasks",
            "bureau_officer": "/staff/rounds", "administrator": "/staff/rounds",
            "organization": "/staff/organization"}.get(account.role, "/")
    response = RedirectResponse(home, status_code=303)
    response.set_cookie(TOKEN_COOKIE, token, httponly=True, samesite="lax")
    return response


@router.post("/logout")
def logout(request: Request, session: SessionDep) -> RedirectResponse:
    """Sign out: the token is revoked, not only forgotten by the browser."""
    token = request.cookies.get(TOKEN_COOKIE)
    if token:
        account = account_for_token(session=session, token=token)
        if revoke_token(session=session, token=token) and account is not None:
            audit(session, account.username, "sign_out", f"account/{account.id}", "authentication (pages)")
    response = RedirectResponse("/", status_code=303)
    response.delete_cookie(TOKEN_COOKIE)
    return response


@router.get("/me", response_class=HTMLResponse)
def me(request: Request, lang: LangDep, account: MaybeAccount, session: SessionDep,
       today: TodayDep) -> HTMLResponse:
    applicant = need(account, "applicant")
    person = get_person(session=session, person_id=applicant.person_id or 0)
    audit(session, applicant.username, "read_person", f"person/{person.id}", "own record (pages)")
    applications = []
    for application in applications_of_person(session=session, person_id=person.id):
        round_ = apps.get_round(session=session, round_id=application.round_id)
        pack = apps.pack_of_round(round_)
        published = results_disclosed(round_)
        lines: list[str] = []
        outcome = ""
        if application.verified:
            result = evaluate(pack, application.verified, as_of=round_.window_closes)
            behind = records_by_item(pack, records_behind(session=session, person_id=person.id, pack=pack,
                                                          on=round_.window_closes))
            for item in result.items:
                first = step_lines(item.step, lang, brief=True)[:1]
                lines.append(f"{item.no}. {item.title(lang)}: {item.points} — {' '.join(first)}")
                lines.extend(f"   · {record(lang)}" for record in behind.get(item.id, []))
            if published:
                outcome = _outcome(application, result, round_, lang)
        applications.append({
            "application": application, "round": round_, "pack": pack,
            "evidence": evidence_of(session=session, application_id=application.id),
            "notice_open": objections_open(round_, today), "published": published, "lines": lines,
            "outcome": outcome,
            "objections": objections_of_application(session=session, application_id=application.id)})
    return render(request, "me.html", lang, applicant, person=person, applications=applications,
                  fact_title=fact_title, fact_value=fact_value)


def _outcome(application: Application, result: Any, round_: Round, lang: Any) -> str:
    """Why the applicant is or is not on the admitted list, in words."""
    if application.admitted:
        return t("outcome_admitted", lang)
    failed = [e.title(lang) for e in result.eligibility if not e.met]
    if failed:
        return t("outcome_not_eligible", lang) + t("list_separator", lang).join(failed)
    return t("outcome_below_cutoff", lang).format(rank=application.rank or "–", quota=round_.quota)


@router.post("/me/objections/{application_id}")
def object_(application_id: RowId, account: MaybeAccount, session: SessionDep, today: TodayDep,
            text: str = Form(min_length=1, max_length=2000)) -> RedirectResponse:
    who = need(account, "applicant", "window_clerk", "bureau_officer", "administrator", "analyst",
               "department_verifier")
    objection = round_service.file_objection(session=session, actor=who.username, actor_role=who.role,
                                             actor_person_id=who.person_id, application_id=application_id,
                                             text=text, correction={}, today=today)
    round_id = apps.get_application(session=session, application_id=objection.application_id).round_id
    return RedirectResponse("/me" if who.role == "applicant" else f"/notice/{round_id}", status_code=303)
