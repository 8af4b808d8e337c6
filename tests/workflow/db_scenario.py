"""A small Guangzhou 2017 round on a real database, shared by the workflow and API tests."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy.orm import Session

from settle.registry.identity import make_identity
from settle.registry.models import Person
from settle.registry.persons import add_period, add_record, register_person

WINDOW = (dt.date(2017, 10, 10), dt.date(2017, 11, 8))
AFTER = dt.date(2017, 11, 9)  # the first day a round may be ranked
CLERK = "clerk-1"

DECLARED: dict[str, Any] = {
    "education": "college", "skill_level": "senior_labour_or_nvq_3_and_above",
    "holds_guangdong_residence_permit": True, "stable_employment": True,
    "currently_insured_all_five": True, "other_insurances_min_months": 60,
    "legal_stable_residence": True,
}


def register(session: Session, n: int, insured_from: dt.date, permit_from: dt.date,
             donations: int = 0) -> Person:
    """Person n with an open medical insurance period and an open residence permit."""
    born = dt.date(1985, 1, 1) + dt.timedelta(days=97 * n)
    person = register_person(session=session, actor=CLERK,
                             identity_number=make_identity("440106", born, 2 * n + 1),
                             name=f"Applicant {n}", sex="male", birth_date=born,
                             origin_place="Hunan", district="baiyun")
    add_period(session=session, actor=CLERK, person_id=person.id, kind="social_insurance",
               subtype="medical", start=insured_from, department="human_resources")
    add_period(session=session, actor=CLERK, person_id=person.id, kind="residence_permit",
               start=permit_from, department="migrant_services")
    for year in range(donations):
        add_record(session=session, actor=CLERK, person_id=person.id, kind="blood_donation",
                   on=dt.date(2014 + year, 5, 1), department="health_planning")
    return person
