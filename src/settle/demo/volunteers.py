"""The demo city's volunteer service: one volunteer organization filed with the Youth League,
its staff account, the demo migrants who volunteer (the population's `volunteer_hours_by_year`)
as its volunteers, one activity a year, and their hours: most verified (so they are registry
records that score), the last volunteers' hours left recorded or confirmed, so that the
organization's page and the department's verification have work waiting.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from settle.registry.accounts import create_account
from settle.registry.models import Organization, Person
from settle.workflow import volunteers as vol

ORGANIZATION = "来穗人员志愿服务队（演示）"
ACCOUNT = "volunteers"
YEARS = range(2013, 2018)   # the five calendar years Guangzhou 2017 counts (001 lines 670-684)
VOLUNTEERS = 30             # at most this many volunteers, to keep the demo's start fast
WAITING = 4                 # the last volunteers: hours left to confirm (2) and to verify (2)
DAY_HOURS = Decimal(8)


def seed_volunteers(*, session: Session, people: list[dict[str, Any]], password: str, today: dt.date) -> None:
    """Volunteers and hours for the demo migrants (`people`: the population rows, in the
    order the persons were registered) who volunteered."""
    organization = Organization(name=ORGANIZATION, kind="volunteer_organization",
                                registering_authority="youth_league",
                                registered_on=dt.date(2006, 1, 1), city="guangzhou")
    session.add(organization)
    session.flush()
    create_account(session=session, username=ACCOUNT, password=password, role="organization",
                   organization_id=organization.id)
    persons = list(session.execute(select(Person.id).order_by(Person.id)).scalars())
    chosen = [(pid, row) for pid, row in zip(persons, people, strict=False)
              if any(row.get(f"volunteer_hours_by_year.{y}") for y in YEARS)][:VOLUNTEERS]
    activities = {}
    for year in YEARS:
        activities[year] = vol.record_activity(
            session=session, actor=ACCOUNT, organization_id=organization.id,
            name=f"{year}年外来务工人员子女课业辅导",
            category="academic_counseling", place="白云区", starts_on=dt.date(year, 1, 1),
            ends_on=min(dt.date(year, 12, 31), today)).id
    for n, (person_id, row) in enumerate(chosen):
        volunteer = vol.register_volunteer(session=session, actor=ACCOUNT, organization_id=organization.id,
                                           person_id=person_id, registered_on=dt.date(2012, 1, 1))
        upto = "verify" if n < len(chosen) - WAITING else ("record" if n % 2 else "confirm")
        for year in YEARS:
            left = Decimal(str(row.get(f"volunteer_hours_by_year.{year}") or 0)).quantize(Decimal("0.1"))
            day = dt.date(year, 3, 1)
            while left > 0 and day <= today:
                hours = vol.record_hours(session=session, actor=ACCOUNT, organization_id=organization.id,
                                         activity_id=activities[year], volunteer_id=volunteer.id,
                                         served_on=day, hours=min(DAY_HOURS, left))
                if upto in ("confirm", "verify"):
                    vol.confirm_hours(session=session, actor=ACCOUNT, organization_id=organization.id,
                                      hours_id=hours.id)
                if upto == "verify":
                    vol.verify_hours(session=session, actor="verifier-youth_league",
                                     department="youth_league", hours_id=hours.id)
                left -= DAY_HOURS
                day += dt.timedelta(days=7)
