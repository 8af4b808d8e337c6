"""Public pages, no sign-in and nothing stored: self-assessment and the published notice."""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from settle.api.deps import ReadSessionDep, RowId, TodayDep
from settle.i18n import Lang
from settle.packs import Pack, default_catalogue
from settle.packs.catalogue import UnknownPack
from settle.rules.engine import evaluate
from settle.rules.facts import InvalidFacts
from settle.services.assessment import PathLimits, ServicePath, assess_services, path_to, service_packs
from settle.services.self_assessment import DayOutsidePack, assessment_day, question_steps, validity
from settle.web.calculator import (
    anchor,
    check_answers,
    gap_words,
    group_scores,
    points_verdict,
    problem_words,
    running_result,
    service_views,
    standing_view,
    step_of,
    step_views,
)
from settle.web.calculator import c as calculator_word
from settle.web.forms import facts_of, read_form
from settle.web.pages import LangDep, MaybeAccount, render
from settle.web.path_view import path_target, path_view
from settle.web.words import t
from settle.workflow.applications import get_round
from settle.workflow.listings import published_rounds
from settle.workflow.notice import public_notice
from settle.workflow.round_states import objections_open

router = APIRouter(include_in_schema=False)


def points_packs() -> list[Pack]:
    return [p for p in default_catalogue().all() if p.meta.kind == "points"]


# a page answers well within a tenth of a second: ten years ahead, a few thousand plans judged
# (a plan on a run of days on which nothing changes) at most; the page says when that bound stops it
PAGE_PATHS = PathLimits(horizon_months=120, plans=3000)


@router.get("/", response_class=HTMLResponse)
def home(request: Request, lang: LangDep, account: MaybeAccount, session: ReadSessionDep) -> HTMLResponse:
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


def _assess_page(request: Request, pack: Pack, lang: Lang, account: Any, today: dt.date,
                 form: dict[str, str] | None) -> HTMLResponse:
    """The calculator: the questions step by step (with htmx; one long form without it), the
    running score, and once asked for, the result. `form` is None for a first visit."""
    posted = form is not None
    form = form or {}
    errors: dict[str, str] = {}
    try:
        day = assessment_day(pack, form.get("as_of") or request.query_params.get("as_of"), today)
    except DayOutsidePack as bad:
        errors["as_of"] = problem_words([pack], "as_of", bad.raw, bad.words, lang)
        day = assessment_day(pack, None, today)
    services = service_packs(pack.meta.jurisdiction, day.day)
    packs = [pack, *services]
    steps = question_steps(pack, services)
    facts, read_errors = read_form(packs, form, lang, yes_no=True)
    given = set(facts)
    switching = "switch" in form  # the language changed: the same answers, no new checks
    asked_step = form.get("step")
    computing = posted and not switching and asked_step is None
    current = _int(form.get("current"), 0, len(steps) - 1)
    if asked_step is not None and not switching:
        target = _int(asked_step, 0, len(steps) - 1)
        visited = {f for step in steps[:max(target, current + 1)] for f in step.facts} \
            if target > current else set()
        errors |= {k: v for k, v in read_errors.items() if k in visited}
        errors |= check_answers(packs, facts, visited, lang)
        current = min([step_of(steps, f) for f in errors if f != "as_of"], default=target)
    elif computing:
        errors |= read_errors | check_answers(packs, facts, None, lang)
    context: dict[str, Any] = {}
    result = None if errors else running_result(pack, facts, day.day)
    if computing and not errors and result is None:  # a derived fact cannot be derived
        try:
            evaluate(pack, facts_of(pack, facts), as_of=day.day)
        except InvalidFacts as exc:
            errors |= {p.field: problem_words(packs, p.field, p.value, p.words or p.message, lang)
                       for p in exc.problems}
    if computing and errors:
        current = min((step_of(steps, f) for f in errors if f != "as_of"), default=0)
    views = step_views(steps, packs, lang, facts, errors, day.day)
    anchors = {f.name: anchor(f) for step in views for f in step.fields}
    if (computing or (switching and "shown" in form)) and not errors and result is not None:
        assessment = assess_services(city=pack.meta.jurisdiction, packs=services, facts=facts,
                                     as_of=day.day, path=PAGE_PATHS)
        aim_target, aim = path_target(form.get("path_points"), lang)
        own_path = None if aim_target.reached(result) else path_to(pack, facts_of(pack, facts), aim_target,
                                                                   result.as_of, PAGE_PATHS)
        context = {"result": result, "groups": group_scores(pack, result, lang),
                   "standing": standing_view(pack, result, lang),
                   "verdict": points_verdict(pack, result, given, lang, anchors),
                   "services": service_views(assessment, given, lang, anchors, path_lines),
                   "path": path_view(pack, own_path, lang, aim_target, aim)}
        context["gaps"] = gap_words(pack, lang)
    summary = [(problem, anchors.get(name, name)) for name, problem in errors.items()]
    htmx = bool(request.headers.get("hx-request"))
    return render(request, "assess.html", lang, account, pack=pack, steps=views, current=current,
                  day=day, day_words=day.words(pack, lang), running=result, errors=summary,
                  period=validity(pack)(lang), c=lambda key, **v: calculator_word(key, lang, **v),
                  day_error=errors.get("as_of"), given=given, anchor=anchor,
                  status=422 if errors and not htmx else 200, **context)


def _int(raw: str | None, low: int, high: int) -> int:
    try:
        return max(low, min(high, int(raw or low)))
    except ValueError:
        return low


@router.get("/assess/{pack_id}", response_class=HTMLResponse)
def assess_form(pack_id: str, request: Request, lang: LangDep, account: MaybeAccount,
                today: TodayDep) -> HTMLResponse:
    try:
        pack = default_catalogue().load(pack_id)
    except UnknownPack:
        return RedirectResponse(f"/?lang={lang}", status_code=303)  # type: ignore[return-value]
    return _assess_page(request, pack, lang, account, today, None)


@router.post("/assess/{pack_id}", response_class=HTMLResponse)
async def assess(pack_id: str, request: Request, lang: LangDep, account: MaybeAccount,
                 today: TodayDep) -> HTMLResponse:
    try:
        pack = default_catalogue().load(pack_id)
    except UnknownPack:
        return RedirectResponse(f"/?lang={lang}", status_code=303)  # type: ignore[return-value]
    form = {k: str(v) for k, v in (await request.form()).items()}
    return _assess_page(request, pack, lang, account, today, form)


@router.get("/notice/{round_id}", response_class=HTMLResponse)
def notice(round_id: RowId, request: Request, lang: LangDep, account: MaybeAccount,
           session: ReadSessionDep, today: TodayDep) -> HTMLResponse:
    published = public_notice(session=session, round_id=round_id)
    round_ = get_round(session=session, round_id=round_id)
    return render(request, "notice.html", lang, account, round=round_, rows=published.rows,
                  objections_open=objections_open(round_, today))


__all__ = ["dt", "router"]
