"""Public pages, no sign-in and nothing stored: self-assessment and the published notice."""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from sqlalchemy import select

from settle.api.deps import RowId, SessionDep
from settle.api.routers.rounds import public_notice
from settle.i18n import Lang, unit_text
from settle.packs import Pack, default_catalogue
from settle.packs.catalogue import UnknownPack
from settle.registry.models import Application, Round
from settle.rules.engine import evaluate
from settle.rules.explain import cite_text, step_lines
from settle.rules.facts import InvalidFacts
from settle.rules.pathway import Target, cheapest_actions, earliest_date, time_limit
from settle.rules.result import Result
from settle.web.forms import facts_of, field_views, read_form
from settle.web.pages import LangDep, MaybeAccount, render
from settle.web.words import t

router = APIRouter(include_in_schema=False)


def points_packs() -> list[Pack]:
    return [p for p in default_catalogue().all() if p.meta.kind == "points"]


def services_of(pack: Pack) -> list[Pack]:
    return default_catalogue().services(pack.meta.jurisdiction, pack.meta.default_evaluation_date)


@router.get("/", response_class=HTMLResponse)
def home(request: Request, lang: LangDep, account: MaybeAccount, session: SessionDep) -> HTMLResponse:
    rounds = session.execute(select(Round).where(Round.state.in_(("public_notice", "final")))).scalars().all()
    return render(request, "home.html", lang, account, packs=points_packs(), rounds=rounds)


@router.get("/assess")
def assess_index(lang: LangDep) -> RedirectResponse:
    return RedirectResponse(f"/?lang={lang}", status_code=303)


def path_lines(pack: Pack, facts: dict[str, Any], result: Result, lang: Lang) -> list[str]:
    """The path to eligibility in sentences."""
    target = Target()
    if target.reached(result):
        return []
    lines = []
    found = earliest_date(pack, facts, target, result.as_of, horizon_months=120)
    never = time_limit(pack, result.as_of, 120).never_text(lang)  # names the limit searched
    lines.append(f"{t('time_alone', lang)}: {found[0]}" if found else never)
    # a page answers within a second or two: ten years ahead, a few thousand plans at most
    if pack.actions:
        plan = cheapest_actions(pack, facts, target, result.as_of, limit=3000)
        if plan is None:
            lines.append(t("no_plan", lang))
        elif plan.counts:
            steps = "; ".join(f"{a.title(lang)} × {n}" for a, n in plan.counts)
            lines.append(f"{t('cheapest', lang)}: {steps} ({plan.cost} {pack.meta.action_cost_unit or ''})")
    return lines


def _page(request: Request, pack: Pack, lang: Lang, account: Any, values: dict[str, Any],
          errors: dict[str, str], **extra: Any) -> HTMLResponse:
    services = services_of(pack)
    on = pack.meta.default_evaluation_date
    own = field_views([pack], lang, values, errors, on)
    names = {f.name for f in own}
    shared = [f for f in field_views(services, lang, values, errors, on) if f.name not in names]
    return render(request, "assess.html", lang, account, pack=pack, fields=own, service_fields=shared,
                  status=422 if errors else 200, **extra)


@router.get("/assess/{pack_id}", response_class=HTMLResponse)
def assess_form(pack_id: str, request: Request, lang: LangDep, account: MaybeAccount) -> HTMLResponse:
    try:
        pack = default_catalogue().load(pack_id)
    except UnknownPack:
        return RedirectResponse(f"/?lang={lang}", status_code=303)  # type: ignore[return-value]
    return _page(request, pack, lang, account, {}, {})


@router.post("/assess/{pack_id}", response_class=HTMLResponse)
async def assess(pack_id: str, request: Request, lang: LangDep, account: MaybeAccount) -> HTMLResponse:
    try:
        pack = default_catalogue().load(pack_id)
    except UnknownPack:
        return RedirectResponse(f"/?lang={lang}", status_code=303)  # type: ignore[return-value]
    form = {k: str(v) for k, v in (await request.form()).items()}
    services = services_of(pack)
    facts, errors = read_form([pack, *services], form)
    if errors:
        return _page(request, pack, lang, account, facts, errors)
    try:
        result = evaluate(pack, facts_of(pack, facts))
    except InvalidFacts as exc:
        return _page(request, pack, lang, account, facts, {p.field: p.message for p in exc.problems})
    documents = result.documents
    citations = {i.id: cite_text(i.cite, documents, lang) for i in result.items}
    citations.update({e.id: cite_text(e.cite, documents, lang) for e in result.eligibility})
    explanations = {i.id: step_lines(i.step, lang, brief=True) for i in result.items}
    service_views: list[dict[str, Any]] = []
    service_errors: dict[str, str] = {}
    for service in services:
        try:
            outcome = evaluate(service, facts_of(service, facts))
        except InvalidFacts as exc:
            missing = [p for p in exc.problems if p.field not in facts]
            wrong = [p for p in exc.problems if p.field in facts]
            service_errors.update({p.field: p.message for p in wrong})
            if missing and not wrong:
                labels = ", ".join(service.facts[p.field].title(lang) for p in missing
                                   if p.field in service.facts)
                service_views.append({"title": service.meta.title(lang), "needs": labels})
            continue
        amount = (f"{outcome.total} {unit_text(service.meta.amount_unit)(lang)}"
                  if service.meta.amount_unit and outcome.eligible else "")
        service_views.append({
            "result": outcome, "amount": amount,
            "citations": {e.id: cite_text(e.cite, outcome.documents, lang) for e in outcome.eligibility},
            "path": path_lines(service, facts_of(service, facts), outcome, lang)})
    return _page(request, pack, lang, account, facts, service_errors, result=result, citations=citations,
                 explanations=explanations, services=service_views,
                 path=path_lines(pack, facts_of(pack, facts), result, lang))


@router.get("/notice/{round_id}", response_class=HTMLResponse)
def notice(round_id: RowId, request: Request, lang: LangDep, account: MaybeAccount,
           session: SessionDep) -> HTMLResponse:
    published = public_notice(round_id, session)
    round_ = session.get(Round, round_id)
    ids = []
    if published.rows:
        ids = list(session.execute(select(Application.id).where(
            Application.round_id == round_id, Application.rank.is_not(None))
            .order_by(Application.rank, Application.id)).scalars())
    return render(request, "notice.html", lang, account, round=round_,
                  rows=list(zip(published.rows, ids, strict=True)))


__all__ = ["dt", "router"]
