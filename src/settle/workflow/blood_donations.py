"""Voluntary blood donations from the blood centre's register: the health department that
holds it records a donation, and it becomes a registry record of kind `blood_donation` at
once (audited, with the department), linked to the donation behind it.

Which department, and what a record counts, is the packs' data, not code per city: the points
packs of the donation's city that read `blood_donation` records route the fact to a department
(settle.packs.routing) and give it a unit. Hangzhou counts millilitres (`blood_donation_cc`,
unit cc: "2 points for every 200cc", 000 lines 726-728), so the record holds the volume;
Guangzhou counts donations a year (`blood_donations_by_year`, no unit: 001 lines 656-668), so
the record holds one donation.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from settle.audit.chain import record as audit
from settle.errors import Forbidden, Invalid
from settle.packs import default_catalogue
from settle.packs.routing import department_for
from settle.registry.models.volunteers import BloodDonation
from settle.registry.persons import add_record, get_person
from settle.words import text

PURPOSE = "voluntary blood donation (points: blood donations)"
VOLUME_UNITS = ("cc", "ml")
# Assumption: a check against typing errors, not a rule of the sources: a whole-blood donation
# in China is 200 to 400 ml; platelets by apheresis are counted in units. 50 to 800 ml admits both.
VOLUME_RANGE = (50, 800)


@dataclass(frozen=True)
class BloodRule:
    """How the city's points packs read blood donations: the departments that hold them and
    what one record's amount is (millilitres or one donation)."""

    departments: frozenset[str]
    counts_volume: bool
    packs: tuple[str, ...]


def blood_rule(city: str) -> BloodRule:
    """The reading of blood donations by the points packs of `city` (a jurisdiction)."""
    departments: set[str] = set()
    units: set[bool] = set()
    packs = []
    for pack in default_catalogue().all():
        if pack.meta.jurisdiction != city or pack.meta.kind != "points":
            continue
        for name, spec in pack.facts.items():
            if spec.registry is not None and spec.registry.kind == "blood_donation":
                owner = department_for(pack, name)
                if owner:
                    departments.add(owner)
                units.add(spec.unit in VOLUME_UNITS)
                packs.append(pack.id)
    if not packs:
        raise Invalid(text("volunteers", "blood_no_pack", city=city), field="city")
    if len(units) > 1:
        raise Invalid(text("volunteers", "blood_packs_disagree", city=city, packs=", ".join(packs)),
                      field="city")
    return BloodRule(departments=frozenset(departments), counts_volume=units.pop(), packs=tuple(packs))


def record_blood_donation(*, session: Session, actor: str, department: str | None, person_id: int,
                          donated_on: dt.date, volume_ml: int, city: str,
                          today: dt.date | None = None) -> BloodDonation:
    """A donation in `city` recorded by the department its points packs route blood donations
    to; the registry record it becomes holds the volume or one donation, as those packs read it."""
    person = get_person(session=session, person_id=person_id)
    rule = blood_rule(city)
    if department not in rule.departments:
        raise Forbidden(text("volunteers", "blood_department", department=department or "-", city=city,
                             departments=", ".join(sorted(rule.departments))), field="department")
    low, high = VOLUME_RANGE
    if not low <= volume_ml <= high:
        raise Invalid(text("volunteers", "blood_volume", value=volume_ml, low=low, high=high),
                      field="volume_ml")
    if today is not None and donated_on > today:
        raise Invalid(text("volunteers", "blood_in_future", day=donated_on, today=today), field="donated_on")
    if donated_on < person.birth_date:
        raise Invalid(text("volunteers", "blood_before_birth", day=donated_on, born=person.birth_date),
                      field="donated_on")
    amount = Decimal(volume_ml) if rule.counts_volume else Decimal(1)
    record = add_record(session=session, actor=actor, person_id=person.id, kind="blood_donation",
                        on=donated_on, amount=amount, department=department)
    donation = BloodDonation(person_id=person.id, donated_on=donated_on, volume_ml=volume_ml, city=city,
                             department=department, recorded_by=actor, record_id=record.id)
    session.add(donation)
    session.flush()
    audit(session, actor, "record_blood_donation", f"person/{person.id}", PURPOSE, donation=donation.id,
          record=record.id, donated_on=donated_on, volume_ml=volume_ml)
    return donation


def donations_of(*, session: Session, person_id: int) -> list[BloodDonation]:
    return list(session.execute(select(BloodDonation).where(BloodDonation.person_id == person_id)
                                .order_by(BloodDonation.donated_on)).scalars())
