"""The demo city's purchase of services: one project at each stage the pages show, and the
report computed from its contracts."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from sqlalchemy import select

from settle.database import make_engine, session_factory, transaction
from settle.demo.city import seed_demo_city
from settle.demo.purchases import ACCOUNT, AWAITING_AWARD
from settle.registry.migrate import upgrade
from settle.registry.models import Account, PurchaseProject
from settle.workflow.purchase_reports import purchase_report


def test_the_demo_has_a_project_at_every_stage_and_a_report_from_its_contracts(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'demo.db'}"
    upgrade(url)
    engine = make_engine(url)
    factory = session_factory(engine)
    with transaction(factory) as session:
        seed_demo_city(session=session, persons=20, applications=0)
    with factory() as session:
        account = session.execute(select(Account).where(Account.username == ACCOUNT)).scalar_one()
        assert account.role == "organization" and account.organization_id is not None
        states = {p.title: p.state for p in session.execute(select(PurchaseProject)).scalars()}
        assert sorted(states.values()) == ["awarded", "evaluated", "opened", "published"]
        assert states[AWAITING_AWARD] == "opened"
        years = {r.year: r for r in purchase_report(session=session, city="guangzhou")}
        assert sorted(years) == [2016, 2017]
        assert years[2016].public_bidding_share == Decimal("100.00")
        assert years[2017].public_bidding_share == Decimal("0.00")
        assert years[2016].beneficiaries_served == 405
    engine.dispose()
