"""The register of social workers (issue 12 part 4; 000 lines 1198-1241): the civil affairs
bureau registers a person's certificate (its level, number and day) and employer, changes
them, and withdraws a registration with a reason. The register is what the social-worker
subsidy pack reads (`registry: {source: social_worker}`, settle.registry.facts); the monthly
subsidy is applied for and paid as a service case of that pack (settle.workflow.service_cases),
and `subsidy` shows what the pack finds on the register's facts.

Services take the session as a keyword argument and never commit; every change and every
read of the register is audited.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from settle.audit.chain import record as audit
from settle.errors import Conflict, Invalid, NotFound
from settle.i18n import Text
from settle.registry.models import Organization, Person
from settle.registry.models.social_workers import CERTIFICATE_LEVELS, EMPLOYER_KINDS, SocialWorker
from settle.registry.persons import get_person
from settle.words import text
from settle.workflow import service_cases

PACK = "hangzhou-social-worker-subsidy-2017"
DEPARTMENT = "civil_affairs"
PURPOSE = "register of social workers (social-worker subsidy)"
MAX_NUMBER = 40
MAX_REASON = 500


def words(key: str, **values: Any) -> Text:
    return text("social_workers", key, **values)


def _level(value: str) -> str:
    if value not in CERTIFICATE_LEVELS:
        raise Invalid(words("bad_level", value=value, allowed=", ".join(CERTIFICATE_LEVELS)),
                      field="certificate_level")
    return value


def _number(value: str) -> str:
    number = value.strip()
    if not number or len(number) > MAX_NUMBER:
        raise Invalid(words("bad_number", value=value, most=MAX_NUMBER), field="certificate_number")
    return number


def _not_future(field: str, day: dt.date, today: dt.date) -> dt.date:
    if day > today:
        raise Invalid(words("future", field=field, value=day, today=today), field=field)
    return day


def _employer(session: Session, kind: str, organization_id: int | None,
              name: str | None) -> tuple[str, int | None, str | None]:
    """The employer's kind, organization and name, checked: the kind among the pack's values,
    the organization of the register and registered, a named employer otherwise."""
    if kind not in EMPLOYER_KINDS:
        raise Invalid(words("bad_employer_kind", value=kind, allowed=", ".join(EMPLOYER_KINDS)),
                      field="employer_kind")
    name = (name or "").strip() or None
    if organization_id is None:
        if name is None:
            raise Invalid(words("employer_needed", kind=kind), field="employer_name")
        return kind, None, name[:200]
    organization = session.get(Organization, organization_id)
    if organization is None:
        raise NotFound(words("no_organization", value=organization_id), field="employer_organization_id")
    if organization.state != "registered":
        raise Invalid(words("organization_not_registered", value=organization_id,
                            organization=organization.name, state=organization.state),
                      field="employer_organization_id")
    if kind == "community":
        raise Invalid(words("community_not_organization", value=organization_id,
                            organization=organization.name), field="employer_kind")
    return kind, organization.id, organization.name


def register_social_worker(*, session: Session, actor: str, person_id: int, certificate_level: str,
                           certificate_number: str, certified_on: dt.date, employer_kind: str,
                           registered_on: dt.date, today: dt.date,
                           employer_organization_id: int | None = None,
                           employer_name: str | None = None) -> SocialWorker:
    """Register a registered person as a social worker; one registration in force per person."""
    person = get_person(session=session, person_id=person_id)
    level = _level(certificate_level)
    number = _number(certificate_number)
    _not_future("certified_on", certified_on, today)
    _not_future("registered_on", registered_on, today)
    if certified_on > registered_on:
        raise Invalid(words("certified_after_registered", value=certified_on, registered=registered_on),
                      field="certified_on")
    kind, organization_id, name = _employer(session, employer_kind, employer_organization_id, employer_name)
    current = session.execute(select(SocialWorker).where(
        SocialWorker.person_id == person.id, SocialWorker.state == "registered")).scalar()
    if current is not None:
        raise Conflict(words("already_registered", value=person.id, id=current.id,
                             since=current.registered_on), field="person_id")
    worker = SocialWorker(person_id=person.id, certificate_level=level, certificate_number=number,
                          certified_on=certified_on, employer_kind=kind,
                          employer_organization_id=organization_id, employer_name=name,
                          registered_on=registered_on, registered_by=actor)
    session.add(worker)
    session.flush()
    audit(session, actor, "register_social_worker", f"person/{person.id}", PURPOSE, social_worker=worker.id,
          certificate_level=level, employer_kind=kind, employer_organization=organization_id,
          registered_on=registered_on)
    return worker


def get_social_worker(*, session: Session, social_worker_id: int) -> SocialWorker:
    worker = session.get(SocialWorker, social_worker_id)
    if worker is None:
        raise NotFound(words("no_social_worker", value=social_worker_id), field="social_worker_id")
    return worker


def _in_force(worker: SocialWorker) -> None:
    if worker.state != "registered":
        raise Invalid(words("withdrawn", value=worker.id, on=worker.withdrawn_on), field="social_worker_id")


def change_social_worker(*, session: Session, actor: str, social_worker_id: int, today: dt.date,
                         certificate_level: str | None = None, certificate_number: str | None = None,
                         certified_on: dt.date | None = None, employer_kind: str | None = None,
                         employer_organization_id: int | None = None,
                         employer_name: str | None = None) -> SocialWorker:
    """A new certificate (level, number, day) or a new employer of a registration in force;
    what is not given stays (a new employer is given whole: its kind and organization or name)."""
    worker = get_social_worker(session=session, social_worker_id=social_worker_id)
    _in_force(worker)
    before = {"certificate_level": worker.certificate_level, "employer_kind": worker.employer_kind,
              "employer_organization": worker.employer_organization_id}
    if certificate_level is not None:
        worker.certificate_level = _level(certificate_level)
    if certificate_number is not None:
        worker.certificate_number = _number(certificate_number)
    if certified_on is not None:
        worker.certified_on = _not_future("certified_on", certified_on, today)
        if certified_on > worker.registered_on:
            raise Invalid(words("certified_after_registered", value=certified_on,
                                registered=worker.registered_on), field="certified_on")
    if employer_kind is not None:
        kind, organization_id, name = _employer(session, employer_kind, employer_organization_id,
                                                employer_name)
        worker.employer_kind, worker.employer_organization_id = kind, organization_id
        worker.employer_name = name
    session.flush()
    audit(session, actor, "change_social_worker", f"person/{worker.person_id}", PURPOSE,
          social_worker=worker.id, before=before, certificate_level=worker.certificate_level,
          employer_kind=worker.employer_kind,
          employer_organization=worker.employer_organization_id)
    return worker


def withdraw_social_worker(*, session: Session, actor: str, social_worker_id: int, reason: str,
                           on: dt.date, today: dt.date) -> SocialWorker:
    """Withdraw a registration from `on` (its facts no longer hold from that day), with a reason."""
    worker = get_social_worker(session=session, social_worker_id=social_worker_id)
    _in_force(worker)
    why = reason.strip()
    if not why or len(why) > MAX_REASON:
        raise Invalid(words("bad_reason", most=MAX_REASON), field="reason")
    _not_future("on", on, today)
    if on < worker.registered_on:
        raise Invalid(words("withdrawn_before_registered", value=on, registered=worker.registered_on),
                      field="on")
    worker.state, worker.withdrawn_on, worker.withdrawn_by, worker.reason = "withdrawn", on, actor, why
    session.flush()
    audit(session, actor, "withdraw_social_worker", f"person/{worker.person_id}", PURPOSE,
          social_worker=worker.id, on=on, reason=why)
    return worker


def register_rows(*, session: Session, actor: str,
                  state: str | None = None) -> list[tuple[SocialWorker, Person]]:
    """The register with the persons registered, newest first (an audited read)."""
    query = select(SocialWorker, Person).join(Person, Person.id == SocialWorker.person_id)
    if state is not None:
        query = query.where(SocialWorker.state == state)
    rows = [(w, p) for w, p in session.execute(query.order_by(SocialWorker.registered_on.desc(),
                                                               SocialWorker.id.desc()))]
    audit(session, actor, "read_social_workers", "social_workers", PURPOSE, returned=len(rows), state=state)
    return rows


def registration_of(*, session: Session, person_id: int) -> SocialWorker | None:
    """The person's latest registration, in force or not."""
    return session.execute(select(SocialWorker).where(SocialWorker.person_id == person_id)
                           .order_by(SocialWorker.registered_on.desc(), SocialWorker.id.desc())).scalar()


@dataclass(frozen=True)
class Subsidy:
    """What the subsidy pack finds on the register's facts on a day: eligible or not, the
    monthly amount, and the explained conditions (service_cases.explanation)."""

    on: dt.date
    facts: dict[str, Any]
    eligible: bool
    amount: str | None
    currency: str | None
    explanation: dict[str, Any]


def subsidy(*, session: Session, worker: SocialWorker, on: dt.date) -> Subsidy:
    """The subsidy pack evaluated on the register's facts of the worker's person on `on`."""
    pack = service_cases.service_pack(PACK)
    found = service_cases.assess(session=session, pack=pack, person_id=worker.person_id, declared={}, on=on)
    explained = service_cases.explanation(found.result)
    return Subsidy(on=on, facts=found.facts, eligible=found.result.eligible,
                   amount=explained["amount"] if found.result.eligible else None,
                   currency=explained["currency"], explanation=explained)
