"""The fields of registration data a sharing agreement can grant, and how each is read from
the registry: a person's own fields, the periods of each kind (residence registrations and
permits, insurance, housing fund, employment), and the person's children from family links
(the birth date and sex of each, which school enrolment and child health care need).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from settle.registry.kinds import PERIOD_KINDS, PERSON_FIELDS
from settle.registry.models import FamilyLink, Period, Person

SHARED_FIELDS: tuple[str, ...] = (*PERSON_FIELDS, *PERIOD_KINDS, "children")


def _plain(value: Any) -> Any:
    return value.isoformat() if hasattr(value, "isoformat") else value


def period_value(period: Period) -> dict[str, Any]:
    return {"start": period.start.isoformat(), "end": None if period.end is None else period.end.isoformat(),
            "subtype": period.subtype, "place": period.place}


def read_fields(session: Session, person: Person, fields: list[str]) -> dict[str, Any]:
    """The values of `fields` (each one of SHARED_FIELDS) for `person`, in the order asked."""
    unknown = [f for f in fields if f not in SHARED_FIELDS]
    if unknown:
        raise ValueError(f"not shared fields: {', '.join(unknown)}")
    out: dict[str, Any] = {}
    periods = [f for f in fields if f in PERIOD_KINDS]
    rows: dict[str, list[Period]] = {kind: [] for kind in periods}
    if periods:
        query = (select(Period).where(Period.person_id == person.id, Period.kind.in_(periods))
                 .order_by(Period.start, Period.id))
        for row in session.execute(query).scalars():
            rows[row.kind].append(row)
    for name in fields:
        if name in PERSON_FIELDS:
            out[name] = _plain(getattr(person, name))
        elif name in PERIOD_KINDS:
            out[name] = [period_value(p) for p in rows[name]]
        else:
            children = (select(Person).join(FamilyLink, FamilyLink.relative_id == Person.id)
                        .where(FamilyLink.person_id == person.id, FamilyLink.relation == "child")
                        .order_by(Person.birth_date))
            out[name] = [{"birth_date": c.birth_date.isoformat(), "sex": c.sex}
                         for c in session.execute(children).scalars()]
    return out
