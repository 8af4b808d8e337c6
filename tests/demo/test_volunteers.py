"""The demo city's volunteer organization: its volunteers' verified hours are registry records
that score, and some hours wait for the organization and for the Youth League."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select

from settle.database import make_engine, session_factory, transaction
from settle.demo.city import seed_demo_city
from settle.demo.volunteers import ACCOUNT
from settle.registry.migrate import upgrade
from settle.registry.models import Account, Record, VolunteerHours


def test_the_demo_has_verified_hours_in_the_registry_and_hours_waiting(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'demo.db'}"
    upgrade(url)
    engine = make_engine(url)
    factory = session_factory(engine)
    with transaction(factory) as session:
        seed_demo_city(session=session, persons=120, applications=5)
    with factory() as session:
        account = session.execute(select(Account).where(Account.username == ACCOUNT)).scalar_one()
        assert account.role == "organization"
        counted = select(VolunteerHours.state, func.count()).group_by(VolunteerHours.state)
        states = dict(session.execute(counted).all())
        assert states.get("verified", 0) > 0
        assert states.get("recorded", 0) + states.get("confirmed", 0) > 0
        records = session.execute(select(func.count()).select_from(Record).where(
            Record.kind == "volunteer_hours")).scalar_one()
        assert records == states["verified"]
    engine.dispose()
