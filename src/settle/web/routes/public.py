"""Public pages, no sign-in and nothing stored: self-assessment and the published notice."""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from settle.api.deps import RowId, SessionDep, TodayDep
from settle.i18n import Lang, unit_text
from settle.packs import Pack, default_catalogue
from settle.packs.catalogue import UnknownPack
from settle.rules.engine import evaluate
from settle.rules.explain import cite_text, step_lines
from settle.rules.facts import InvalidFacts
from settle.rules.pathway import Target
from settle.services.assessment import PathLimits, ServicePath, assess_services, path_to, service_packs
from settle.web.forms import facts_of, field_views, read_form
from settle.web.pages import LangDep, MaybeAccount, render
from settle.web.words import t
from settle.workflow.applications import get_round
from settle.workflow.listings import published_rounds
from settle.workflow.notice import public_notice
from settle.workflow.round_states import objections_open

router = APIRouter(include_in_schema=False)


def points_packs() -> list[Pack]:
    return [p for p in default_catalogue().all() if p.meta.kind == "points"]


def services_of(pack: Pack) -> list[Pack]:
    """The city's services in force on the points pack's evaluation date."""
    return service_packs(pack.meta.jurisdiction, pack.meta.default_evaluation_date)


# a page answers within a second or two: ten years ahead, a few thousand plans at most
PAGE_PATHS = PathLimits(horizon_months=120, plans=3000)


@router.get("/", response_class=HTMLResponse)
def home(request: Request, lang: LangDep, account: MaybeAccount, session: SessionDep) -> HTMLResponse:
    return render(request, "home.html", lang, account, packs=points_packs(),
                  rounds=published_rounds(session=session))


@router.get("/assess")
def assess_index(lang: LangDep) -> RedirectResponse:
    return RedirectResponse(f"/?lang={lang}", status_code=303)


def path_lines(pack: Pack, path: ServicePath | None, lang: Lang) -> list[str]:
    """The path to eligibility in sentences (none when there already)."""
    if path is None:
        return []
    never = path.limit.never_text(lang)  # names the limit searched
    lines = [f"{t('time_alone', lang)}: {path.earliest[0]}" if path.earliest else never]
    if path.has_actions:
        if path.plan is None:
            lines.append(t("no_plan", lang))
        elif path.plan.counts:
            steps = "; ".join(f"{a.title(lang)} × {n}" for a, n in path.plan.counts)
            unit = pack.meta.action_cost_unit or ""
            lines.append(f"{t('cheapest', lang)}: {steps} ({path.plan.cost} {unit})")
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
    assessment = assess_services(city=pack.meta.jurisdiction, packs=services, facts=facts, path=PAGE_PATHS)
    for service in assessment.services:
        if service.result is None:
            missing, wrong = service.missing_facts, service.wrong_facts
            service_errors.update({p.field: p.message for p in wrong})
            if missing and not wrong:
                labels = ", ".join(service.pack.facts[p.field].title(lang) for p in missing
                                   if p.field in service.pack.facts)
                service_views.append({"title": service.pack.meta.title(lang), "needs": labels})
            continue
        outcome = service.result
        amount = (f"{service.amount} {unit_text(service.pack.meta.amount_unit)(lang)}"
                  if service.amount is not None and outcome.eligible else "")
        service_views.append({
            "result": outcome, "amount": amount,
            "citations": {e.id: cite_text(e.cite, outcome.documents, lang) for e in outcome.eligibility},
            "path": path_lines(service.pack, service.path, lang)})
    own_path = None if result.eligible else path_to(pack, facts_of(pack, facts), Target(), result.as_of,
                                                    PAGE_PATHS)
    return _page(request, pack, lang, account, facts, service_errors, result=result, citations=citations,
                 explanations=explanations, services=service_views, path=path_lines(pack, own_path, lang))


@router.get("/notice/{round_id}", response_class=HTMLResponse)
def notice(round_id: RowId, request: Request, lang: LangDep, account: MaybeAccount,
           session: SessionDep, today: TodayDep) -> HTMLResponse:
    published = public_notice(session=session, round_id=round_id)
    round_ = get_round(session=session, round_id=round_id)
    return render(request, "notice.html", lang, account, round=round_, rows=published.rows,
                  objections_open=objections_open(round_, today))


__all__ = ["dt", "router"]
