"""The demo city's year of data sharing: every user department of the agreements has an
account and reads through the year before the demo's date, some reads are refused, the feed is
read, and every read is in the audit chain."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy import select

from settle.audit.chain import verify_chain
from settle.database import make_engine, session_factory, transaction
from settle.demo.city import DEMO_TODAY, seed_demo_city
from settle.registry.migrate import upgrade
from settle.registry.models import Account, AuditEntry, Disclosure
from settle.workflow.sharing import disclosures_of_person


def test_the_demo_city_has_a_year_of_reads_by_every_user_department(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'demo.db'}"
    upgrade(url)
    engine = make_engine(url)
    factory = session_factory(engine)
    with transaction(factory) as session:
        seed_demo_city(session=session, persons=40, applications=0)
    with factory() as session:
        rows = list(session.execute(select(Disclosure)).scalars())
        departments = {r.department for r in rows if r.outcome == "disclosed"}
        assert departments == {"education", "housing", "human_resources", "civil_affairs", "health_planning"}
        assert session.execute(select(Account).where(Account.username == "verifier-civil_affairs")).scalar()
        assert {r.reason for r in rows if r.outcome == "refused"} == {"no_agreement", "field_not_granted"}
        assert {r.channel for r in rows} == {"api", "page", "feed"}
        days = [r.at.date() for r in rows]
        assert DEMO_TODAY - dt.timedelta(days=366) <= min(days) and max(days) < DEMO_TODAY
        audited = set(session.execute(select(AuditEntry.seq).where(
            AuditEntry.action.in_(["disclose", "refuse_disclosure"]))).scalars())
        assert {r.audit_seq for r in rows} == audited and len(audited) == len(rows)
        read = next(r for r in rows if r.outcome == "disclosed" and r.channel != "feed")
        seen = disclosures_of_person(session=session, person_id=read.person_id or 0)
        assert any(v.at == read.at and v.fields == read.fields for v in seen)
        assert verify_chain(session).intact
    engine.dispose()
