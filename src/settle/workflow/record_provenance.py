"""The registry records behind a person's points: for each item of a pack whose facts the
registry derives from records (volunteer hours, blood donations, ...), the records those facts
were computed from, each with what stands behind it: the activity, organization and the
department that verified volunteer hours, the blood centre's donation, or the department that
holds any other record.

The engine never sees this: the facts it scores are the same registry-derived values, so the
one-person engine and the bulk engine still agree; the explanation adds these lines beside
the items' own (the API's application explanation, the applicant's page).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from settle.echo import shown
from settle.i18n import Lang, Text
from settle.packs import Pack
from settle.packs.routing import department_for, facts_read_by_item
from settle.registry.facts import records_of_source
from settle.registry.kinds import SOURCE_READS
from settle.registry.models import Organization, Record
from settle.registry.models.volunteers import BloodDonation, Volunteer, VolunteerActivity, VolunteerHours
from settle.words import text, word


def plain(amount: Decimal) -> str:
    """An amount as people write it: 20, 4.5 (never 2E+1)."""
    return format(amount.normalize(), "f")


@dataclass(frozen=True)
class RecordLine:
    """One registry record behind a fact, and the sentence that says where it comes from."""

    record_id: int
    fact: str
    kind: str
    on: dt.date
    amount: Decimal
    department: str | None
    source: Text

    def __call__(self, lang: Lang) -> str:
        return self.source(lang)


def _department(pack: Pack, department: str | None) -> Text:
    if department is None:
        return text("volunteers", "department_unknown")
    return pack.meta.departments.get(department) or Text(en=department, zh=department)


def _volunteer_lines(session: Session, records: list[Record]) -> dict[int, Text]:
    ids = [r.id for r in records]
    if not ids:
        return {}
    rows = session.execute(
        select(VolunteerHours, VolunteerActivity, Volunteer, Organization)
        .join(VolunteerActivity, VolunteerActivity.id == VolunteerHours.activity_id)
        .join(Volunteer, Volunteer.id == VolunteerHours.volunteer_id)
        .join(Organization, Organization.id == VolunteerActivity.organization_id)
        .where(VolunteerHours.record_id.in_(ids)))
    return {h.record_id: text("volunteers", "behind_hours", hours=plain(h.hours), day=h.served_on,
                              activity=a.name, organization=o.name, number=v.number, hours_id=h.id,
                              confirmed_by=h.confirmed_by or "-", verified_by=h.verified_by or "-")
            for h, a, v, o in rows if h.record_id is not None}


def _blood_lines(session: Session, records: list[Record]) -> dict[int, Text]:
    ids = [r.id for r in records]
    if not ids:
        return {}
    rows = session.execute(select(BloodDonation).where(BloodDonation.record_id.in_(ids))).scalars()
    return {d.record_id: text("volunteers", "behind_blood", volume=d.volume_ml, day=d.donated_on,
                              donation=d.id, by=d.recorded_by)
            for d in rows if d.record_id is not None}


def records_behind(*, session: Session, person_id: int, pack: Pack,
                   on: dt.date) -> dict[str, list[RecordLine]]:
    """For each fact of `pack` the registry derives from records, the records it was computed
    from on `on`, by date, each saying where it comes from."""
    out: dict[str, list[RecordLine]] = {}
    for name, spec in pack.facts.items():
        source = spec.registry
        if source is None or SOURCE_READS.get(source.source) != "records":
            continue
        records = sorted(records_of_source(session, person_id, source, on), key=lambda r: (r.on, r.id))
        linked = {**_volunteer_lines(session, [r for r in records if r.kind == "volunteer_hours"]),
                  **_blood_lines(session, [r for r in records if r.kind == "blood_donation"])}
        out[name] = [RecordLine(
            record_id=r.id, fact=name, kind=r.kind, on=r.on, amount=r.amount,
            department=r.department,
            source=_held_by(pack, r, linked.get(r.id))) for r in records]
    return out


def _held_by(pack: Pack, record: Record, behind: Text | None) -> Text:
    """Record #id of its date and amount, held by its department, and what stands behind it."""
    values = {"id": record.id, "day": record.on, "amount": plain(record.amount),
              "department": _department(pack, record.department)}
    if behind is None:
        return text("volunteers", "record_held", **values)
    return text("volunteers", "record_behind", behind=behind, **values)


def records_by_item(pack: Pack, behind: dict[str, list[RecordLine]]) -> dict[str, list[RecordLine]]:
    """The lines of `behind` under each item whose rule reads their fact (directly or through
    a derived fact), in pack order; items that read no record-held fact are left out."""
    readers = facts_read_by_item(pack)
    derived_of = {name: spec.of for name, spec in pack.derived.items()}
    out: dict[str, list[RecordLine]] = {}
    for item in pack.items:
        lines: list[RecordLine] = []
        for fact, rows in behind.items():
            names = [fact, *(d for d, of in derived_of.items() if of == fact)]
            if any(item.id in readers.get(n, []) for n in names):
                lines.extend(rows)
        if lines:
            out[item.id] = lines
    return out


def record_words(lang: Lang) -> str:
    """The heading of the records' lines in an explanation."""
    return word("volunteers", "records_behind", lang)


def registry_held(pack: Pack, fact: str, value: object) -> Text:
    """Why an applicant may not declare `fact`: the registry holds it, and who records it
    (volunteer hours: the organization and the verifying department; blood donations: the
    health department holding the blood centre's register)."""
    spec = pack.facts[fact]
    department = _department(pack, department_for(pack, fact))
    kind = spec.registry.kind if spec.registry is not None else None
    key = {"volunteer_hours": "held_volunteer_hours", "blood_donation": "held_blood_donation"}.get(
        kind or "", "held_other")
    return text("volunteers", "fact_from_registry", fact=spec.title, value=shown(value),
                held=text("volunteers", key, department=department))
