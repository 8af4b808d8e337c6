"""The analyst's pages: choose reforms (stacked on their base pack), a synthetic population
and a quota; run the study in the background; follow it; see its charts and tables and
download its exports. The same jobs and files as the API's /simulations."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse

from settle.api.deps import SessionDep
from settle.api.routers.simulations import get_jobs
from settle.audit.chain import record as audit
from settle.echo import cut
from settle.errors import Invalid, NotFound
from settle.i18n import Lang, Text
from settle.messages import say
from settle.packs import default_catalogue
from settle.packs.reforms import load_reform, reform_paths
from settle.paths import calibration_dir, costs_dir, reforms_dir
from settle.services.simulations import (
    SimulationJobs,
    SimulationRequest,
    SimulationStatus,
    UnknownSimulation,
    request_steps,
)
from settle.simulate.costs import load_costs
from settle.simulate.study import StudyError, cost_model_for
from settle.web.pages import LangDep, MaybeAccount, need, render
from settle.web.words import t

router = APIRouter(prefix="/analysis", include_in_schema=False)
ANALYSTS = ("analyst", "bureau_officer", "administrator")
SIZES = (10_000, 100_000, 1_000_000)


def _reforms(lang: Lang) -> list[dict[str, str]]:
    found = []
    for path in reform_paths(reforms_dir()):
        reform = load_reform(path).reform
        base = default_catalogue().load(reform.base).meta
        found.append({"id": reform.id, "base": f"{base.jurisdiction_name(lang)} — {base.title(lang)}",
                      "title": reform.title(lang)})
    return found


PARAMETER_ROWS = 3
TIMINGS = ("once", "yearly")


def _cost_models(lang: Lang) -> list[dict[str, object]]:
    """Each cost model with the readings of its timing it allows (its own first), in words."""
    found: list[dict[str, object]] = []
    for path in sorted(costs_dir().glob("*.yaml")):
        model = load_costs(path)
        timings = [model.timing.value, *model.timing.alternatives]
        found.append({"title": model.title(lang), "timings": [t(f"cost_timing_{v}", lang) for v in timings]})
    return found


def _timing(chosen: str, ask: SimulationRequest, analyst: str, lang: Lang) -> None:
    """Refuse a cost timing the base pack's city's cost model does not allow, in words."""
    if ask.cost_timing is None:
        return
    try:
        pack, _ = SimulationJobs.reforms_of(ask, analyst)
    except StudyError:
        return  # the submission names what is wrong with the reforms
    model = cost_model_for(None, pack)
    allowed = [model.timing.value, *model.timing.alternatives]
    if ask.cost_timing not in allowed:
        raise Invalid(say("cost_timing_not_allowed", value=t(f"cost_timing_{chosen}", lang),
                          model=model.title, allowed=Text(
                              en="; ".join(t(f"cost_timing_{v}", "en") for v in allowed),
                              zh="；".join(t(f"cost_timing_{v}", "zh") for v in allowed))),
                      field="cost_timing")


def _parameters(lang: Lang) -> list[dict[str, object]]:
    """The numbers and dates an analyst may change on the page: every parameter of each pack
    that has a synthetic population, with its value now."""
    packs = [p for p in default_catalogue().all()
             if p.meta.kind == "points" and (calibration_dir() / f"{p.meta.jurisdiction}.yaml").is_file()]
    found: list[dict[str, object]] = []
    for pack in packs:
        choices = []
        for name, param in sorted(pack.meta.parameters.items(), key=lambda kv: kv[1].title(lang)):
            value = param.value_on(pack.meta.effective_from)
            if isinstance(value, bool) or not isinstance(value, Decimal | dt.date):
                continue
            unit = f" {param.unit}" if param.unit else ""
            choices.append({"value": f"{pack.id}:{name}", "title": f"{param.title(lang)} ({value}{unit})"})
        title = f"{pack.meta.jurisdiction_name(lang)} — {pack.meta.title(lang)}"
        found.append({"pack": pack.id, "title": title, "choices": choices})
    return found


def _changes(form: dict[str, str]) -> tuple[str | None, dict[str, Decimal | dt.date]]:
    """The base pack and the parameter values the form sets (rows left empty are skipped)."""
    bases: set[str] = set()
    values: dict[str, Decimal | dt.date] = {}
    for row in range(1, PARAMETER_ROWS + 1):
        chosen, text = form.get(f"parameter_{row}", ""), form.get(f"value_{row}", "").strip()
        if not chosen and not text:
            continue
        if not chosen or not text:
            raise Invalid(say("parameter_row_incomplete", row=row), field=f"value_{row}" if chosen
                          else f"parameter_{row}")
        pack_id, _, name = chosen.partition(":")
        bases.add(pack_id)
        try:
            value = dt.date.fromisoformat(text) if "-" in text[1:] else Decimal(text)
        except (ValueError, ArithmeticError):
            value = None
        if value is None or (isinstance(value, Decimal) and not value.is_finite()):
            raise Invalid(say("parameter_value_unreadable", value=cut(text), row=row), field=f"value_{row}")
        values[name] = value
    if len(bases) > 1:
        raise Invalid(say("parameters_one_pack", packs=", ".join(sorted(bases))), field="parameter_1")
    return (bases.pop() if bases else None), values


@router.get("", response_class=HTMLResponse)
def form(request: Request, lang: LangDep, account: MaybeAccount) -> HTMLResponse:
    analyst = need(account, *ANALYSTS)
    jobs = get_jobs(request).listing()
    return render(request, "analysis.html", lang, analyst, reforms=_reforms(lang), sizes=SIZES,
                  jobs=jobs[:20], error=None, parameters=_parameters(lang), rows=range(1, PARAMETER_ROWS + 1),
                  request_steps=request_steps, timings=TIMINGS, cost_models=_cost_models(lang))


@router.post("", response_class=HTMLResponse)
async def run(request: Request, lang: LangDep, account: MaybeAccount, session: SessionDep,
              reforms: Annotated[list[str] | None, Form()] = None, persons: Annotated[int, Form()] = 100_000,
              seed: Annotated[int, Form()] = 1, quota: Annotated[str, Form()] = "",
              cost_timing: Annotated[str, Form()] = "") -> RedirectResponse:
    analyst = need(account, *ANALYSTS)
    base, parameters = _changes({k: str(v) for k, v in (await request.form()).items()})
    if persons not in SIZES:
        raise Invalid(f"persons = {persons}: choose one of {', '.join(map(str, SIZES))}", field="persons")
    if quota.strip() and not quota.strip().isdigit():
        raise Invalid(f"quota = {quota!r}: a whole number of places, or empty for the pack's", field="quota")
    if cost_timing and cost_timing not in TIMINGS:
        raise Invalid(say("cost_timing_unknown", value=cut(cost_timing), allowed=", ".join(TIMINGS)),
                      field="cost_timing")
    ask = SimulationRequest(reforms=reforms or [], base=base, parameters=parameters, persons=persons,
                            seed=seed, quota=int(quota) if quota.strip() else None, lang=lang,
                            cost_timing="yearly" if cost_timing == "yearly" else
                            "once" if cost_timing == "once" else None)
    _timing(cost_timing, ask, analyst.username, lang)
    try:
        job = get_jobs(request).submit(ask, analyst.username)
    except StudyError as exc:
        raise Invalid(str(exc), field="reforms") from None
    audit(session, analyst.username, "simulation.submit", f"simulation:{job.id}", "policy analysis",
          reforms=ask.reforms, base=ask.base, parameters={k: str(v) for k, v in ask.parameters.items()},
          persons=ask.persons, seed=ask.seed, quota=ask.quota, cost_timing=ask.cost_timing)
    return RedirectResponse(f"/analysis/{job.id}", status_code=303)


def _job(request: Request, job_id: str) -> SimulationStatus:
    try:
        return get_jobs(request).status(job_id)
    except UnknownSimulation:
        raise NotFound(say("no_simulation", id=job_id), field="id") from None


@router.get("/{job_id}", response_class=HTMLResponse)
def job_page(request: Request, job_id: str, lang: LangDep, account: MaybeAccount) -> HTMLResponse:
    analyst = need(account, *ANALYSTS)
    return render(request, "analysis_job.html", lang, analyst, job=_job(request, job_id),
                  request_steps=request_steps)


@router.get("/{job_id}/status", response_class=HTMLResponse)
def job_status(request: Request, job_id: str, lang: LangDep, account: MaybeAccount) -> HTMLResponse:
    analyst = need(account, *ANALYSTS)
    return render(request, "partials/analysis_status.html", lang, analyst, job=_job(request, job_id))


@router.get("/{job_id}/files/{name}")
def job_file(request: Request, job_id: str, name: str, account: MaybeAccount) -> FileResponse:
    need(account, *ANALYSTS)
    try:
        return FileResponse(get_jobs(request).file(job_id, name))
    except UnknownSimulation:
        raise NotFound(say("no_simulation_file", id=job_id, name=name), field="name") from None
