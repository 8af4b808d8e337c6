"""The demo city's year of data sharing: an account for each user department of the sharing
agreements that the round's routing did not create, a few moves of district for the feed, and
about a year of reads by the departments under their agreements (the twelve months before the
demo's date), with some refused reads — a department without an agreement, a field not
granted — and one page of each subscribing department's change feed.

The reads go through the same service as the API and the pages (settle.workflow.sharing), so
each is a row of `disclosures` and an entry of the audit chain; only their time is set to the
day in the past year they stand for. The numbers below are the demo's own choices, not the
seeds': they make the migrant's page and the disclosure log show something.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session

from settle.registry.accounts import create_account
from settle.registry.models import Account, Person
from settle.registry.persons import move_person
from settle.workflow.agreements import Agreement
from settle.workflow.sharing import agreements, read_person
from settle.workflow.sharing_feed import read_feed

READS_PER_MONTH_PER_2000 = 6   # reads a user department makes per month, per 2,000 migrants
MOVES_PER_2000 = 20            # registered migrants who moved district in the year
FEED_PAGE = 20                 # the changes each subscribing department reads from its feed
OFFICE_HOURS = (9, 17)


def _account(session: Session, username: str, department: str, password: str) -> Account:
    found = session.execute(select(Account).where(Account.username == username)).scalar()
    if found is not None:
        return found
    return create_account(session=session, username=username, password=password, role="department_verifier",
                          department=department)


def seed_disclosures(*, session: Session, today: dt.date, password: str, seed: int, clerk: str) -> int:
    """A year of reads before `today` in the demo city; returns how many reads were made."""
    known = agreements()
    person_ids = list(session.execute(select(Person.id).order_by(Person.id)).scalars())
    if not person_ids or not known:
        return 0
    rng = np.random.default_rng(seed + 15)
    scale = len(person_ids) / 2000
    districts = sorted({d for d in session.execute(select(Person.district)).scalars() if d})
    for index in rng.choice(len(person_ids), size=min(len(person_ids), max(1, round(MOVES_PER_2000 * scale))),
                            replace=False):
        person = session.get(Person, person_ids[int(index)])
        others = [d for d in districts if person is not None and d != person.district]
        if person is not None and others:
            move_person(session=session, actor=clerk, person_id=person.id,
                        district=others[int(rng.integers(len(others)))])
    users: dict[str, list[Agreement]] = {}
    for agreement in known:
        department = agreement.user.id
        users.setdefault(department, []).append(agreement)
    accounts = {d: _account(session, f"verifier-{d}", d, password) for d in sorted(users)}
    outsider = session.execute(select(Account).where(
        Account.role == "department_verifier", Account.department.not_in(sorted(users)),
        Account.department != "public_security")).scalars().first()
    per_month = max(1, round(READS_PER_MONTH_PER_2000 * scale))
    reads = 0
    for month in range(12):
        first = today - dt.timedelta(days=365 - 30 * month)
        for department, mine in sorted(users.items()):
            purposes = [p.id for a in mine for p in a.purposes]
            for n in range(per_month):
                day = first + dt.timedelta(days=int(rng.integers(30)))
                hour = dt.time(int(rng.integers(*OFFICE_HOURS)), int(rng.integers(60)))
                at = dt.datetime.combine(day, hour, tzinfo=dt.UTC)
                person_id = person_ids[int(rng.integers(len(person_ids)))]
                fields = None
                if n == 0 and month % 4 == 3:  # now and then a field the agreement does not grant
                    fields = [f for f in ("identity_number", "children", "housing_fund")
                              if all(f not in a.fields for a in mine)][:1] or None
                read_person(session=session, account=accounts[department], person_id=person_id,
                            purpose=purposes[int(rng.integers(len(purposes)))], fields=fields, today=day,
                            channel="page" if rng.integers(2) else "api", known=known, at=at)
                reads += 1
        if outsider is not None and month % 3 == 0:  # a department with no agreement tries
            day = first + dt.timedelta(days=int(rng.integers(30)))
            someone = person_ids[int(rng.integers(len(person_ids)))]
            read_person(session=session, account=outsider, person_id=someone,
                        purpose="school_enrolment", fields=None, today=day, channel="api", known=known,
                        at=dt.datetime.combine(day, dt.time(10), tzinfo=dt.UTC))
            reads += 1
    for department, mine in sorted(users.items()):
        for agreement in mine:
            if agreement.changes:
                read_feed(session=session, account=accounts[department], purpose=agreement.purposes[0].id,
                          since=0, today=today, limit=FEED_PAGE, known=known,
                          at=dt.datetime.combine(today - dt.timedelta(days=1), dt.time(9), tzinfo=dt.UTC))
    return reads
