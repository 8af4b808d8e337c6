"""Registering migrants and what the departments hold about them.

Services take the session as a keyword argument and never commit; the caller owns the
transaction. Every change is written to the audit log.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from settle.audit.chain import record as audit
from settle.errors import DuplicateIdentity, Invalid, NotFound
from settle.language.text import Text
from settle.messages import say
from settle.registry.changes import note_change
from settle.registry.clock import demo_today
from settle.registry.identity import InvalidIdentity, parse_identity
from settle.registry.kinds import PERIOD_KINDS, PERSON_FIELDS, RECORD_KINDS
from settle.registry.models import FamilyLink, Period, Person, Record
from settle.registry.shared_fields import period_value
from settle.words import word


def register_person(*, session: Session, actor: str, identity_number: str, name: str, sex: str,
                    birth_date: dt.date, origin_place: str, district: str | None = None,
                    occupation: str | None = None, today: dt.date | None = None) -> Person:
    """Register a migrant; the identity number must be valid (its birth date not after
    `today`, the registry's date: a demo city's stored date, else the real one) and agree with
    the birth date and sex, and must not be registered already."""
    try:
        identity = parse_identity(identity_number, today=today or demo_today(session) or dt.date.today())
    except InvalidIdentity as exc:
        raise Invalid(say("identity_invalid", reason=exc.words), field="identity_number") from None
    if identity.birth_date != birth_date:
        raise Invalid(say("identity_birth_date_differs", given=birth_date, encoded=identity.birth_date),
                      field="birth_date")
    if identity.sex != sex:
        raise Invalid(say("identity_sex_differs", given=Text(en=repr(sex), zh=_sex_zh(sex)),
                          encoded=Text(en=identity.sex, zh=_sex_zh(identity.sex))), field="sex")
    existing = session.execute(select(Person).where(Person.identity_number == identity.number)).scalar()
    if existing is not None:
        raise DuplicateIdentity(say("identity_registered", number=identity.number, id=existing.id),
                                field="identity_number")
    person = Person(identity_number=identity.number, name=name, sex=sex, birth_date=birth_date,
                    origin_place=origin_place, district=district, occupation=occupation)
    session.add(person)
    session.flush()
    audit(session, actor, "register_person", f"person/{person.id}", "registration",
          district=district)
    note_change(session, "registration", person.id, **{f: getattr(person, f) for f in PERSON_FIELDS})
    return person


def _sex_zh(sex: str) -> str:
    return word("pages", sex, "zh") if sex in ("male", "female") else sex


def find_person_by_identity(*, session: Session, identity_number: str) -> Person | None:
    """The person registered with `identity_number` (spaces trimmed, x read as X), or None."""
    number = identity_number.strip().upper()
    return session.execute(select(Person).where(Person.identity_number == number)).scalar()


@dataclass(frozen=True)
class PersonSearch:
    """One page of a registry search: how many match in all, and the page's persons."""

    total: int
    persons: list[Person]


def search_persons(*, session: Session, q: str | None = None, district: str | None = None,
                   limit: int = 50, offset: int = 0) -> PersonSearch:
    """Persons whose name contains `q` or whose identity number starts with it, in `district`;
    by id, one page. `q` is taken literally: % and _ match themselves (LIKE wildcards escaped)."""
    query = select(Person)
    if q:
        query = query.where(or_(Person.name.contains(q, autoescape=True),
                                Person.identity_number.startswith(q, autoescape=True)))
    if district:
        query = query.where(Person.district == district)
    total = session.execute(select(func.count()).select_from(query.subquery())).scalar_one()
    rows = session.execute(query.order_by(Person.id).limit(limit).offset(offset)).scalars().all()
    return PersonSearch(total=total, persons=list(rows))


def get_person(*, session: Session, person_id: int) -> Person:
    person = session.get(Person, person_id)
    if person is None:
        raise NotFound(say("no_person", id=person_id), field="person_id")
    return person


def add_period(*, session: Session, actor: str, person_id: int, kind: str, start: dt.date,
               end: dt.date | None = None, subtype: str | None = None, place: str | None = None,
               department: str | None = None) -> Period:
    get_person(session=session, person_id=person_id)
    if kind not in PERIOD_KINDS:
        raise Invalid(f"kind {kind!r} is not one of {', '.join(PERIOD_KINDS)}", field="kind")
    if end is not None and end < start:
        raise Invalid(f"end {end} is before start {start}", field="end")
    period = Period(person_id=person_id, kind=kind, subtype=subtype, start=start, end=end, place=place,
                    department=department)
    session.add(period)
    session.flush()
    audit(session, actor, "add_period", f"person/{person_id}", "registration", kind=kind,
          subtype=subtype, start=start, end=end)
    if kind == "residence_permit":
        note_change(session, "permit_issued", person_id, residence_permit=period_value(period))
    return period


def move_person(*, session: Session, actor: str, person_id: int, district: str) -> Person:
    """A registered person moves to another district of the city (a change the departments
    that subscribe to moves read in their feed)."""
    person = get_person(session=session, person_id=person_id)
    district = district.strip()
    if not district:
        raise Invalid(say("district_empty"), field="district")
    if district == person.district:
        raise Invalid(say("district_unchanged", id=person_id, district=district), field="district")
    before, person.district = person.district, district
    session.flush()
    audit(session, actor, "move_person", f"person/{person_id}", "registration", before=before,
          after=district)
    note_change(session, "move", person_id, district=district, district_before=before)
    return person


def replace_periods(*, session: Session, actor: str, person_id: int, kind: str, subtype: str | None,
                    periods: list[tuple[dt.date, dt.date | None]], department: str,
                    purpose: str) -> list[Period]:
    """The department that holds them corrects a person's periods of one kind: the old rows
    give way to `periods`, and the audit entry keeps both."""
    get_person(session=session, person_id=person_id)
    query = select(Period).where(Period.person_id == person_id, Period.kind == kind)
    if subtype is not None:
        query = query.where(Period.subtype == subtype)
    old = list(session.execute(query).scalars())
    before = [(p.start, p.end) for p in old]
    for row in old:
        session.delete(row)
    session.flush()
    new = []
    for start, end in periods:
        if end is not None and end < start:
            raise Invalid(f"end {end} is before start {start}", field="end")
        row = Period(person_id=person_id, kind=kind, subtype=subtype, start=start, end=end,
                     department=department)
        session.add(row)
        new.append(row)
    session.flush()
    audit(session, actor, "correct_periods", f"person/{person_id}", purpose, kind=kind,
          subtype=subtype, department=department, before=before, after=periods)
    return new


def add_record(*, session: Session, actor: str, person_id: int, kind: str, on: dt.date,
               amount: Decimal = Decimal(1), category: str | None = None,
               department: str | None = None) -> Record:
    get_person(session=session, person_id=person_id)
    if kind not in RECORD_KINDS:
        raise Invalid(f"kind {kind!r} is not one of {', '.join(RECORD_KINDS)}", field="kind")
    if amount < 0:
        raise Invalid("amount must not be negative", field="amount")
    row = Record(person_id=person_id, kind=kind, on=on, amount=amount, category=category,
                 department=department)
    session.add(row)
    session.flush()
    audit(session, actor, "add_record", f"person/{person_id}", "registration", kind=kind,
          category=category, on=on)
    return row


def link_family(*, session: Session, actor: str, person_id: int, relative_id: int,
                relation: str) -> FamilyLink:
    if relation not in ("spouse", "child"):
        raise Invalid("relation must be spouse or child", field="relation")
    if person_id == relative_id:
        raise Invalid("a person cannot be their own relative", field="relative_id")
    get_person(session=session, person_id=person_id)
    relative = get_person(session=session, person_id=relative_id)
    link = FamilyLink(person_id=person_id, relative_id=relative.id, relation=relation)
    session.add(link)
    session.flush()
    audit(session, actor, "link_family", f"person/{person_id}", "registration", relation=relation)
    return link


def person_summary(person: Person) -> dict[str, Any]:
    return {"id": person.id, "identity_number": person.identity_number, "name": person.name,
            "sex": person.sex, "birth_date": person.birth_date.isoformat(),
            "origin_place": person.origin_place, "district": person.district,
            "occupation": person.occupation}
