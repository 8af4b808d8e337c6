"""Service cases: a migrant (or a window clerk for them) applies for a service a service pack
describes; the case goes to the department the pack names, which decides it with the
engine's explained eligibility (grant, refuse with the failed conditions, ask for evidence);
a grant records the benefit, payments or deliveries are recorded, and the case closes or is
renewed. Issue 15 part 1.

The deciding department is read from the pack: the first department of the item applied for
when the case names one, else the pack's `intake_department` (the department that "takes
applications", settle.packs.routing). Every service pack names one; a pack that names none
is refused with its id (no case goes to a department guessed by the code).

A case's facts are the registry's where the pack's `registry:` entries say so, plus what the
applicant declares (a declared fact the registry holds is refused, as for applications).

Services take the session as a keyword argument and never commit. Every transition goes
through `transition`: a ServiceCaseEvent, an audit entry (`case/<id>`, "service cases") and a
notice to the applicant (settle.workflow.notices).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from settle.audit.chain import record as audit
from settle.errors import Forbidden, Invalid, NotFound, StaleVersion
from settle.i18n import Text
from settle.packs import Pack, default_catalogue
from settle.registry.facts import registry_facts
from settle.registry.models import (
    ServiceBenefit,
    ServiceCase,
    ServiceCaseEvent,
    ServiceDelivery,
    ServiceStock,
)
from settle.registry.persons import get_person
from settle.registry.sources import checked_pack
from settle.rules.engine import evaluate
from settle.rules.explain import cite_text, sentence
from settle.rules.facts import InvalidFacts
from settle.rules.result import Result
from settle.words import text
from settle.workflow.applications import check_declared, jsonable
from settle.workflow.notices import notify
from settle.workflow.service_case_states import next_case_state

PURPOSE = "service cases"
DEFAULT_CURRENCY = "CNY"  # assumption: the seeds' cities pay in renminbi unless a pack says otherwise


def words(key: str, **values: Any) -> Text:
    return text("service_cases", key, **values)


def service_pack(pack_id: str) -> Pack:
    """A service pack of the catalogue, its `registry:` entries checked."""
    catalogue = default_catalogue()
    if pack_id not in catalogue.ids():
        raise NotFound(words("no_service", pack=pack_id), field="pack_id")
    pack = catalogue.load(pack_id)
    if pack.meta.kind != "service":
        raise Invalid(words("not_a_service", pack=pack_id), field="pack_id")
    return checked_pack(pack)


def service_department(pack: Pack, item: str | None = None) -> str:
    """The department that decides a case of `pack` (for `item`, when the case names one)."""
    if item is not None:
        found = {i.id: i for i in pack.items}.get(item)
        if found is None:
            raise Invalid(words("no_item", pack=pack.id, item=item,
                                items=", ".join(i.id for i in pack.items)), field="item")
        if found.departments:
            return found.departments[0]
    if pack.meta.intake_department is None:
        raise Invalid(words("no_department", pack=pack.id), field="pack_id")
    return pack.meta.intake_department


def department_name(pack: Pack, department: str) -> Text:
    return pack.meta.departments.get(department, Text(en=department, zh=department))


def get_case(*, session: Session, case_id: int) -> ServiceCase:
    found = session.get(ServiceCase, case_id)
    if found is None:
        raise NotFound(words("no_case", id=case_id), field="case_id")
    return found


def get_case_of_department(*, session: Session, case_id: int, department: str | None) -> ServiceCase:
    """A case routed to `department`; another department's case is as if it did not exist."""
    case = get_case(session=session, case_id=case_id)
    if department is not None and case.department != department:
        raise NotFound(words("no_case", id=case_id), field="case_id")
    return case


def transition(*, session: Session, case: ServiceCase, actor: str, action: str,
               note: str | None = None, told: Text | None = None) -> None:
    """Move the case by `action` (IllegalCaseTransition if its state forbids it): the event,
    the audit entry and the applicant's notice (`told`: the note in both languages, when the
    note is not the person's own words)."""
    before = case.state
    case.state = next_case_state(before, action)
    session.add(ServiceCaseEvent(case_id=case.id, actor=actor, action=action, from_state=before,
                                 to_state=case.state, note=note))
    audit(session, actor, f"case_{action}", f"case/{case.id}", PURPOSE, pack=case.pack_id,
          department=case.department, from_state=before, to_state=case.state)
    title = service_pack(case.pack_id).meta.title
    notify(session=session, person_id=case.person_id, subject=f"case/{case.id}", state=case.state,
           words=words(f"notice_{case.state}", id=case.id, service=title,
                       note=told if told is not None else note or ""))


@dataclass(frozen=True)
class Assessment:
    """The facts a case is decided on, where each came from, and the engine's result."""

    facts: dict[str, Any]
    sources: dict[str, str]
    result: Result


def assess(*, session: Session, pack: Pack, person_id: int, declared: dict[str, Any],
           on: dt.date) -> Assessment:
    """The registry's facts for the person plus the declared ones, evaluated on `on`; facts
    that cannot be assessed are refused naming each field and the rule."""
    person = get_person(session=session, person_id=person_id)
    held = {k: v for k, v in registry_facts(session, person, pack, on).items() if v is not None}
    facts: dict[str, Any] = jsonable(held) | declared
    sources = {name: "registry" for name in held} | {name: "declared" for name in declared}
    try:
        result = evaluate(pack, facts, as_of=on)
    except InvalidFacts as exc:
        first = exc.problems[0].field
        raise Invalid(Text(en=exc.text("en"), zh=exc.text("zh")), field=first) from None
    return Assessment(facts=facts, sources=sources, result=result)


def explanation(result: Result) -> dict[str, Any]:
    """Each condition met or not, why and its source, in both languages (stored with the case:
    the department decides on what the applicant sees)."""
    def both(make: Any) -> dict[str, str]:
        return {"en": make("en"), "zh": make("zh")}

    conditions = [{"id": e.id, "met": e.met, "title": both(e.title),
                   "why": both(lambda lang, e=e: sentence(e.detail.why, lang)),
                   "source": both(lambda lang, e=e: cite_text(e.cite, result.documents, lang))}
                  for e in result.eligibility]
    money = result.benefit.money if result.benefit is not None else None
    return {"as_of": result.as_of.isoformat(), "eligible": result.eligible, "conditions": conditions,
            "amount": None if money is None else str(money.amount),
            "currency": None if money is None else money.currency,
            "period": None if money is None else money.period}


def _store(case: ServiceCase, found: Assessment) -> None:
    case.facts = found.facts
    case.fact_sources = found.sources
    case.eligible = found.result.eligible
    case.explanation = explanation(found.result)
    case.failed_conditions = [c["id"] for c in case.explanation["conditions"] if not c["met"]]


def apply(*, session: Session, actor: str, person_id: int, pack_id: str, declared: dict[str, Any],
          today: dt.date, channel: str = "self", item: str | None = None, district: str | None = None,
          stock_id: int | None = None) -> ServiceCase:
    """A submitted case for the person, routed to the department the pack names and assessed
    at once (the department sees the explained eligibility). `channel`: `self` (the migrant on
    their page) or `window` (a clerk for them)."""
    if channel not in ("self", "window"):
        raise Invalid(words("bad_channel", value=channel), field="channel")
    pack = service_pack(pack_id)
    if not pack.applies_on(today):
        raise Invalid(words("not_in_force", pack=pack.id, today=today,
                            since=pack.meta.effective_from), field="pack_id")
    department = service_department(pack, item)
    checked = check_declared(pack, declared)
    found = assess(session=session, pack=pack, person_id=person_id, declared=checked, on=today)
    person = get_person(session=session, person_id=person_id)
    if stock_id is not None:
        stock = session.get(ServiceStock, stock_id)
        if stock is None:
            raise NotFound(words("no_stock", id=stock_id), field="stock_id")
        if stock.pack_id != pack.id or stock.state != "open":
            raise Invalid(words("stock_not_open", stock=stock.name, period=stock.period), field="stock_id")
        district = district or stock.district
    case = ServiceCase(person_id=person.id, pack_id=pack.id, department=department,
                       district=district or person.district, channel=channel, lodged_by=actor,
                       state="new", declared=checked, stock_id=stock_id,
                       submitted_at=dt.datetime.combine(today, dt.time(9), tzinfo=dt.UTC))
    _store(case, found)
    session.add(case)
    session.flush()
    transition(session=session, case=case, actor=actor, action="apply", note=channel)
    return case


def preview(*, session: Session, person_id: int, pack_id: str, declared: dict[str, Any],
            today: dt.date) -> Assessment:
    """What `apply` would find, without lodging a case: the registry's facts and the declared
    ones assessed today (the applicant reads the explained eligibility before applying)."""
    pack = service_pack(pack_id)
    if not pack.applies_on(today):
        raise Invalid(words("not_in_force", pack=pack.id, today=today,
                            since=pack.meta.effective_from), field="pack_id")
    return assess(session=session, pack=pack, person_id=person_id, declared=check_declared(pack, declared),
                  on=today)


def _check_version(case: ServiceCase, expected_version: int | None) -> None:
    if expected_version is not None and case.version != expected_version:
        raise StaleVersion(words("stale_case", id=case.id, now=case.version, asked=expected_version),
                           field="version")


@dataclass(frozen=True)
class BenefitGiven:
    """What a department grants: an amount and currency, a period, what was allocated."""

    amount: Decimal | str | None = None
    currency: str | None = None
    period_from: dt.date | None = None
    period_until: dt.date | None = None
    allocated: str | None = None
    item: str | None = None
    note: str | None = None


def _amount(value: Decimal | str | None, field: str) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        raise Invalid(words("bad_amount", value=value), field=field) from None
    if not amount.is_finite() or amount < 0 or amount.as_tuple().exponent < -2:  # type: ignore[operator]
        raise Invalid(words("bad_amount", value=value), field=field)
    return amount


def _currency(value: str | None) -> str:
    code = (value or DEFAULT_CURRENCY).strip().upper()
    if len(code) != 3 or not code.isalpha():
        raise Invalid(words("bad_currency", value=value), field="currency")
    return code


def benefit_for(case: ServiceCase, given: BenefitGiven, actor: str) -> ServiceBenefit:
    """The benefit row of a grant: money when an amount is granted (or the engine computed
    one), a place when a stock or an allocation is named, a service otherwise."""
    amount = _amount(given.amount, "amount")
    computed = case.explanation.get("amount")
    if amount is None and computed is not None:
        amount = Decimal(computed)
    if given.period_from and given.period_until and given.period_until < given.period_from:
        raise Invalid(words("bad_period", start=given.period_from, end=given.period_until),
                      field="period_until")
    kind = "money" if amount is not None else "place" if (case.stock_id or given.allocated) else "service"
    return ServiceBenefit(case_id=case.id, kind=kind, item=given.item, amount=amount,
                          currency=_currency(given.currency or case.explanation.get("currency"))
                          if amount is not None else None,
                          period_from=given.period_from, period_until=given.period_until,
                          stock_id=case.stock_id, allocated=(given.allocated or "").strip() or None,
                          granted_by=actor, note=given.note)


def decide(*, session: Session, actor: str, department: str | None, case_id: int, decision: str,
           today: dt.date, reason: str | None = None, benefit: BenefitGiven | None = None,
           expected_version: int | None = None) -> ServiceCase:
    """The department's decision on a case routed to it: `grant` (the engine must find every
    condition met; the benefit is recorded), `refuse` (the failed conditions are listed; an
    eligible case is refused only with a written reason) or `request_evidence` (what is asked)."""
    case = get_case_of_department(session=session, case_id=case_id, department=department)
    _check_version(case, expected_version)
    note = (reason or "").strip() or None
    if decision == "grant":
        if not case.eligible:
            raise Invalid(words("grant_not_eligible", id=case.id,
                                failed=", ".join(case.failed_conditions)), field="decision")
        transition(session=session, case=case, actor=actor, action="grant", note=note)
        session.add(benefit_for(case, benefit or BenefitGiven(), actor))
    elif decision == "refuse":
        if case.eligible and note is None:
            raise Invalid(words("refuse_needs_reason", id=case.id), field="reason")
        failed = failed_text(case)
        transition(session=session, case=case, actor=actor, action="refuse", note=note or failed.en,
                   told=None if note else failed)
        note = note or failed.en
    elif decision == "request_evidence":
        if note is None:
            raise Invalid(words("evidence_needs_words", id=case.id), field="reason")
        transition(session=session, case=case, actor=actor, action="request_evidence", note=note)
        case.evidence_requested = note
    else:
        raise Invalid(words("bad_decision", value=decision), field="decision")
    if decision != "request_evidence":
        case.decision_reason = note
        case.decided_by = actor
        case.decided_at = dt.datetime.combine(today, dt.time(12), tzinfo=dt.UTC)
    session.flush()
    return case


def failed_text(case: ServiceCase) -> Text:
    """The titles of the conditions the engine found not met, in both languages."""
    failed = [c["title"] for c in case.explanation.get("conditions", []) if not c["met"]]
    return Text(en="; ".join(t["en"] for t in failed), zh="；".join(t["zh"] for t in failed))


def provide_evidence(*, session: Session, actor: str, case_id: int, declared: dict[str, Any],
                     today: dt.date) -> ServiceCase:
    """The applicant answers a request for evidence: the declared facts are amended and the
    case is assessed again and goes back to the department."""
    case = get_case(session=session, case_id=case_id)
    pack = service_pack(case.pack_id)
    checked = check_declared(pack, case.declared | declared)
    found = assess(session=session, pack=pack, person_id=case.person_id, declared=checked, on=today)
    transition(session=session, case=case, actor=actor, action="provide_evidence",
               note=", ".join(sorted(declared)) or None)
    case.declared = checked
    _store(case, found)
    session.flush()
    return case


def benefit_of(*, session: Session, case_id: int) -> ServiceBenefit | None:
    return session.execute(select(ServiceBenefit).where(ServiceBenefit.case_id == case_id)
                           .order_by(ServiceBenefit.id.desc()).limit(1)).scalar()


def deliveries_of(*, session: Session, case_id: int) -> list[ServiceDelivery]:
    return list(session.execute(select(ServiceDelivery).where(ServiceDelivery.case_id == case_id)
                                .order_by(ServiceDelivery.delivered_on, ServiceDelivery.id)).scalars())


def record_delivery(*, session: Session, actor: str, department: str | None, case_id: int, on: dt.date,
                    amount: Decimal | str | None = None, currency: str | None = None,
                    reference: str | None = None, note: str | None = None) -> ServiceDelivery:
    """A payment of a money benefit (its amount, in the benefit's currency) or a delivery of a
    place or a service, by the department of a granted case, within the benefit's period."""
    case = get_case_of_department(session=session, case_id=case_id, department=department)
    benefit = benefit_of(session=session, case_id=case.id)
    if benefit is None:
        raise Invalid(words("not_granted", id=case.id), field="case_id")
    paid = _amount(amount, "amount")
    if benefit.kind == "money":
        if paid is None or paid == 0:
            raise Invalid(words("payment_needs_amount", id=case.id), field="amount")
        if currency and _currency(currency) != benefit.currency:
            raise Invalid(words("wrong_currency", value=currency, currency=benefit.currency or ""),
                          field="currency")
    early = benefit.period_from is not None and on < benefit.period_from
    if early or (benefit.period_until is not None and on > benefit.period_until):
        raise Invalid(words("outside_period", on=on, start=benefit.period_from or "",
                            end=benefit.period_until or ""), field="on")
    transition(session=session, case=case, actor=actor, action="deliver",
               note=f"{paid} {benefit.currency}" if paid is not None and benefit.kind == "money" else note)
    delivery = ServiceDelivery(case_id=case.id, benefit_id=benefit.id,
                               kind="payment" if benefit.kind == "money" else "delivery", delivered_on=on,
                               amount=paid, currency=benefit.currency if paid is not None else None,
                               reference=(reference or "").strip() or None, note=note, recorded_by=actor)
    session.add(delivery)
    session.flush()
    return delivery


def close_case(*, session: Session, actor: str, department: str | None, case_id: int, today: dt.date,
               reason: str | None = None) -> ServiceCase:
    """The department closes a granted case (the benefit given, the period over)."""
    case = get_case_of_department(session=session, case_id=case_id, department=department)
    transition(session=session, case=case, actor=actor, action="close", note=(reason or "").strip() or None)
    case.closed_at = dt.datetime.combine(today, dt.time(17), tzinfo=dt.UTC)
    case.closed_reason = (reason or "").strip() or None
    session.flush()
    return case


def renew_case(*, session: Session, actor: str, department: str | None, case_id: int,
               today: dt.date) -> ServiceCase:
    """Renew a case for a new period: this one becomes `renewed` and a new submitted case,
    pointing to it, is assessed on today's facts (the same declarations) and decided anew."""
    old = get_case_of_department(session=session, case_id=case_id, department=department)
    transition(session=session, case=old, actor=actor, action="renew")
    old.closed_at = old.closed_at or dt.datetime.combine(today, dt.time(17), tzinfo=dt.UTC)
    new = apply(session=session, actor=actor, person_id=old.person_id, pack_id=old.pack_id,
                declared=old.declared, today=today, channel="window", district=old.district)
    new.department = old.department
    new.renews_id = old.id
    session.flush()
    return new


def withdraw_case(*, session: Session, actor: str, case_id: int, reason: str) -> ServiceCase:
    """The applicant withdraws a case not yet decided, with the reason."""
    if not reason.strip():
        raise Invalid(words("withdraw_needs_reason", id=case_id), field="reason")
    case = get_case(session=session, case_id=case_id)
    transition(session=session, case=case, actor=actor, action="withdraw", note=reason.strip())
    case.closed_reason = reason.strip()
    session.flush()
    return case


def cases_of_person(*, session: Session, person_id: int) -> list[ServiceCase]:
    return list(session.execute(select(ServiceCase).where(ServiceCase.person_id == person_id)
                                .order_by(ServiceCase.id.desc())).scalars())


def department_queue(*, session: Session, department: str | None, states: tuple[str, ...] | None = None,
                     limit: int = 50, offset: int = 0, pack_id: str | None = None) -> list[ServiceCase]:
    """The cases routed to `department` (every case for None: an officer), oldest first, in
    `states` and of the service `pack_id` when given."""
    query = select(ServiceCase)
    if department is not None:
        query = query.where(ServiceCase.department == department)
    if states:
        query = query.where(ServiceCase.state.in_(states))
    if pack_id:
        query = query.where(ServiceCase.pack_id == pack_id)
    return list(session.execute(query.order_by(ServiceCase.submitted_at, ServiceCase.id)
                                .offset(offset).limit(limit)).scalars())


def events_of(*, session: Session, case_id: int) -> list[ServiceCaseEvent]:
    return list(session.execute(select(ServiceCaseEvent).where(ServiceCaseEvent.case_id == case_id)
                                .order_by(ServiceCaseEvent.id)).scalars())


def may_read(*, role: str, person_id: int | None, department: str | None, case: ServiceCase) -> bool:
    """The applicant reads their own cases, a verifier those routed to their department, the
    window, the bureau and administrators every case."""
    if role == "applicant":
        return person_id == case.person_id
    if role == "department_verifier":
        return department == case.department
    return role in ("window_clerk", "bureau_officer", "administrator")


def check_may_read(*, role: str, person_id: int | None, department: str | None, case: ServiceCase) -> None:
    if not may_read(role=role, person_id=person_id, department=department, case=case):
        if role in ("applicant", "department_verifier"):
            raise NotFound(words("no_case", id=case.id), field="case_id")
        raise Forbidden(words("may_not_read", role=role), field="role")
