"""A pack's facts as the registry holds them: derived from periods, records, family links and
the register of social workers by the same date rules the engine uses (the derived facts' own
functions, settle.language.facts.derived), never typed in by hand.

Which facts come from the registry, and how, is data: the `registry:` entry of each fact in
the pack's facts.yaml.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from settle.language.facts.derived.period_months import period_months
from settle.language.facts.derived.whole_years import whole_years
from settle.language.facts.types.periods import as_document
from settle.packs.pack import Pack
from settle.packs.schema import RegistrySource
from settle.registry.models import FamilyLink, Period, Person, Record
from settle.registry.models.social_workers import SocialWorker
from settle.rules import dates


def _periods(session: Session, person_id: int, source: RegistrySource) -> list[Period]:
    query = select(Period).where(Period.person_id == person_id, Period.kind == source.kind)
    if source.subtype is not None:
        query = query.where(Period.subtype == source.subtype)
    return list(session.execute(query.order_by(Period.start)).scalars())


def _months(periods: list[Period]) -> list[tuple[int, int | None]]:
    return [(dates.month_index(p.start), None if p.end is None else dates.month_index(p.end))
            for p in periods]


def _records(session: Session, person_id: int, source: RegistrySource, on: dt.date) -> list[Record]:
    query = select(Record).where(Record.person_id == person_id, Record.kind == source.kind,
                                 Record.on <= on)
    if source.category is not None:
        query = query.where(Record.category == source.category)
    if source.within_years is not None:
        query = query.where(Record.on >= dt.date(on.year - source.within_years + 1, 1, 1))
    return list(session.execute(query).scalars())


def records_of_source(session: Session, person_id: int, source: RegistrySource, on: dt.date) -> list[Record]:
    """The records a records source (`records_by_year`, `records_count`, `records_sum`) reads
    for the person at `on`: what the fact is computed from (the explanation names them)."""
    return _records(session, person_id, source, on)


def relatives_count(session: Session, person_id: int, source: RegistrySource, on: dt.date) -> int:
    """The family links of `source.kind` (spouse, child) of the person, only those younger than
    `source.under_age` completed years on `on` when given (a relative with no birth date
    recorded is not counted as young)."""
    query = (select(Person.birth_date).join(FamilyLink, FamilyLink.relative_id == Person.id)
             .where(FamilyLink.person_id == person_id, FamilyLink.relation == source.kind))
    born = list(session.execute(query).scalars())
    if source.under_age is None:
        return len(born)
    return sum(1 for day in born if day is not None and day <= on
               and dates.completed_years(day, on) < source.under_age)


def current_start(periods: list[Period], on: dt.date) -> dt.date | None:
    """The first day of the unbroken run of periods (gaps of at most a day) in force on `on`."""
    start: dt.date | None = None
    reach: dt.date | None = None
    running = False  # the current run has a period with no end
    for period in sorted(periods, key=lambda p: p.start):
        if period.start > on:
            break
        joins = start is not None and (running or (reach is not None
                                                   and period.start <= reach + dt.timedelta(days=1)))
        if joins:
            if period.end is None:
                running = True
            elif not running and reach is not None:
                reach = max(reach, period.end)
        else:
            start, reach, running = period.start, period.end, period.end is None
    if start is not None and (running or (reach is not None and reach >= on)):
        return start
    return None


def social_worker_in_force(session: Session, person_id: int, on: dt.date) -> SocialWorker | None:
    """The person's registration as a social worker in force on `on`: registered on or before
    it and not withdrawn by then (a withdrawal takes effect on its day); the latest if several."""
    query = (select(SocialWorker).where(SocialWorker.person_id == person_id, SocialWorker.registered_on <= on)
             .order_by(SocialWorker.registered_on.desc(), SocialWorker.id.desc()))
    for registration in session.execute(query).scalars():
        if registration.withdrawn_on is None or registration.withdrawn_on > on:
            return registration
    return None


def social_worker_value(session: Session, person_id: int, field: str | None, on: dt.date) -> Any:
    """A `social_worker` source: `registered` (a registration in force on `on`), its
    `certificate_level` (`none` without one) or its `employer_kind` (None without one)."""
    registration = social_worker_in_force(session, person_id, on)
    if field == "registered":
        return registration is not None
    if field == "certificate_level":
        return "none" if registration is None else registration.certificate_level
    return None if registration is None else registration.employer_kind


def registry_value(session: Session, person: Person, source: RegistrySource, on: dt.date) -> Any:
    """The value of one registry-held fact for `person` at evaluation date `on`."""
    kind = source.source
    if kind == "person":
        return getattr(person, source.field or "")
    if kind in ("periods", "current_start", "consecutive_years", "accumulated_years"):
        periods = _periods(session, person.id, source)
        if kind == "periods":
            return as_document(_months(periods))
        if kind == "current_start":
            return current_start(periods, on)
        mode = "consecutive" if kind == "consecutive_years" else "accumulated"
        return whole_years(period_months(_months(periods), dates.month_index(on), mode))
    if kind == "relatives_count":
        return relatives_count(session, person.id, source, on)
    if kind == "social_worker":
        return social_worker_value(session, person.id, source.field, on)
    records = _records(session, person.id, source, on)
    if kind == "records_by_year":
        by_year: dict[int, Decimal] = defaultdict(Decimal)
        for record in records:
            by_year[record.on.year] += record.amount
        return {year: amount.normalize() for year, amount in sorted(by_year.items())}
    if kind == "records_count":
        return len(records)
    return sum((r.amount for r in records), Decimal(0)).normalize()


def registry_facts(session: Session, person: Person, pack: Pack, on: dt.date) -> dict[str, Any]:
    """Every fact of `pack` that the registry holds, for `person` at `on`."""
    return {name: registry_value(session, person, spec.registry, on)
            for name, spec in pack.facts.items() if spec.registry is not None}


def declarable_facts(pack: Pack) -> list[str]:
    """The facts an applicant declares (and departments verify): those the registry lacks."""
    return [name for name, spec in pack.facts.items() if spec.registry is None]
