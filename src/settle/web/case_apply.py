"""Applying for a service from the pages, for oneself (/me/cases/new, settle.web.routes.my_cases)
or for a migrant at the window (/staff/case-intake, settle.web.routes.case_window): the services
of the person's city in force today, the answer form for the facts the registry lacks with the
engine's explained eligibility of the answers given, and the lodging of the case through the
workflow's own `apply` (channel `self` or `window`), which audits and notifies. The two front
ends differ only in who acts, for whom, and the addresses of their forms (`Where`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse

from settle.audit.chain import record as audit
from settle.errors import SettleError
from settle.i18n import Lang
from settle.packs import Pack, default_catalogue
from settle.registry.facts import declarable_facts
from settle.registry.models import Account, Person
from settle.web.calculator import check_answers
from settle.web.case_view import conditions, cw
from settle.web.forms import field_views, read_form
from settle.web.pages import render
from settle.web.values import fact_title, fact_value
from settle.workflow import applications as apps
from settle.workflow import service_cases as service
from settle.workflow import service_stock
from settle.workflow.listings import applications_of_person, open_rounds


@dataclass(frozen=True)
class Where:
    """Who applies and the addresses of the forms: `base` is the services' list (a service's
    form is `base/<pack>`), `back` the page the links go back to with its word."""

    person_id: int
    channel: str  # `self` or `window` (settle.workflow.service_cases.apply)
    purpose: str  # the audit purpose of the registry read behind the explanation
    base: str
    back: str
    back_word: str
    person: Person | None = None  # the migrant served at the window, named on the page


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


def services_page(request: Request, lang: Lang, account: Account, session: Any, today: Any, where: Where,
                  city: str) -> HTMLResponse:
    """The services of the chosen city (else the person's own) in force today, to choose one."""
    cities = cities_in_force(today)
    names = [c for c, _ in cities]
    chosen = city if city in names else home_city(session=session, person_id=where.person_id, cities=names)
    packs = default_catalogue().services(chosen, today) if chosen else []
    services = [(p, service.department_name(p, service.service_department(p))(lang)) for p in packs]
    return render(request, "case_services.html", lang, account, cities=cities, chosen=chosen,
                  services=services, where=where, cw=lambda key, **values: cw(key, lang, **values))


def read_answers(pack: Pack, form: dict[str, str], lang: Lang) -> tuple[dict[str, Any], dict[str, str]]:
    """The declarable facts answered, and the problems of the answers given, each naming the
    fact, the value and the rule in `lang` (before the workflow's own check, which speaks the
    log's language)."""
    declarable = set(declarable_facts(pack))
    read, errors = read_form([pack], form, lang, yes_no=True)
    declared = {k: v for k, v in read.items() if k in declarable}
    return declared, errors | check_answers([pack], declared, set(declared), lang)


def apply_page(request: Request, lang: Lang, account: Account, session: Any, today: Any, pack: Pack,
               where: Where, form: dict[str, str] | None, status: int = 200,
               error: str | None = None) -> HTMLResponse:
    """The answer form for the facts the registry lacks, and the engine's explanation of the
    answers given (none given: of the registry's facts alone, when they suffice)."""
    declarable = declarable_facts(pack)
    declared, errors = read_answers(pack, form or {}, lang)
    explained = problem = None
    held: list[tuple[str, str]] = []
    if not errors:
        try:
            found = service.preview(session=session, person_id=where.person_id, pack_id=pack.id,
                                    declared=declared, today=today)
            audit(session, account.username, "read_person", f"person/{where.person_id}", where.purpose,
                  pack=pack.id, facts=sorted(found.facts))
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
    return render(request, "case_apply.html", lang, account, status=status, pack=pack, fields=fields,
                  stocks=stocks, chosen_stock=(form or {}).get("stock_id", ""), where=where,
                  given=set(form or {}), held=held, explained=explained, error=error,
                  problem=problem if form is not None else None,
                  conditions=conditions(explained or {}, lang),
                  department=service.department_name(pack, service.service_department(pack))(lang),
                  cw=lambda key, **values: cw(key, lang, **values))


def check_or_lodge(request: Request, lang: Lang, account: Account, session: Any, today: Any, pack: Pack,
                   where: Where, form: dict[str, str], done: str) -> HTMLResponse | RedirectResponse:
    """`action=check`: the explanation of the answers; `action=apply`: the case is lodged by the
    workflow and the browser goes to `done` (with `{id}` the new case's number)."""
    form = dict(form)
    action = form.pop("action", "check")
    if action != "apply":
        return apply_page(request, lang, account, session, today, pack, where, form)
    declared, errors = read_answers(pack, form, lang)
    stock = form.get("stock_id", "").strip()
    if stock and not stock.isdigit():
        errors["stock_id"] = cw("bad_stock_choice", lang, value=stock)
    if errors:
        return apply_page(request, lang, account, session, today, pack, where, form, status=422,
                          error="; ".join(errors.values()))
    try:
        with session.begin_nested():
            case = service.apply(session=session, actor=account.username, person_id=where.person_id,
                                 pack_id=pack.id, today=today, channel=where.channel,
                                 stock_id=int(stock) if stock else None,
                                 declared=declared)
    except SettleError as exc:
        return apply_page(request, lang, account, session, today, pack, where, form, status=exc.status,
                          error=exc.text(lang))
    return RedirectResponse(done.format(id=case.id), status_code=303)
