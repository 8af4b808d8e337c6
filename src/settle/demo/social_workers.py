"""The demo city's register of social workers, so that the civil affairs page has something
to show: a civil affairs verifier (`verifier-civil_affairs`, unless the round's pack already
gave one), and a few demo migrants registered as social workers — employed by the register's
first social work agency (settle.demo.purchases), by a community, or elsewhere — one of them
withdrawn. Each goes through the register's own functions (validated, audited).

The levels, employers and days below are the demo's own choices, not the seeds'. The subsidy
pack is Hangzhou's (000 lines 1198-1241), the only social-worker pack there is; the page shows
what it finds on the register.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from settle.registry.accounts import create_account
from settle.registry.models import Account, Organization, Person
from settle.workflow import social_workers as register

ACCOUNT = "verifier-civil_affairs"
# (certificate level, employer kind, employer name when not an organization of the register,
# withdrawn with this reason or None)
WORKERS: list[tuple[str, str, str | None, str | None]] = [
    ("social_worker", "social_work_agency", None, None),
    ("associate_social_worker", "community", "石牌街道华师社区居委会", None),
    ("senior_social_worker", "social_work_agency", None, None),
    ("associate_social_worker", "other", "天河区某物业服务公司", "已不从事社会工作"),
]


def seed_social_workers(*, session: Session, password: str, today: dt.date) -> None:
    """The civil affairs verifier and the demo's social workers (the last persons registered)."""
    if session.execute(select(Account.id).where(Account.username == ACCOUNT)).first() is None:
        create_account(session=session, username=ACCOUNT, password=password, role="department_verifier",
                       department=register.DEPARTMENT)
    agency = session.execute(select(Organization.id).where(
        Organization.kind == "social_service_agency", Organization.state == "registered")
        .order_by(Organization.id)).scalars().first()
    persons = list(session.execute(select(Person.id).order_by(Person.id.desc())
                                   .limit(len(WORKERS))).scalars())
    for n, (person_id, (level, kind, name, withdrawn)) in enumerate(zip(persons, WORKERS, strict=False)):
        organization = agency if name is None else None
        if organization is None and name is None:
            continue
        worker = register.register_social_worker(
            session=session, actor=ACCOUNT, person_id=person_id, certificate_level=level,
            certificate_number=f"SW{2014 + n}-{person_id:06d}", certified_on=dt.date(2014 + n % 2, 6, 30),
            employer_kind=kind, employer_organization_id=organization, employer_name=name,
            registered_on=dt.date(2016, 1, 4 + n), today=today)
        if withdrawn is not None:
            register.withdraw_social_worker(session=session, actor=ACCOUNT, social_worker_id=worker.id,
                                            reason=withdrawn, on=min(today, dt.date(2017, 6, 30)),
                                            today=today)
