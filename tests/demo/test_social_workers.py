"""The demo city's register of social workers: a civil affairs verifier, workers at each level
employed by the register's social work agency or a community, one withdrawn; the subsidy the
pack finds on the register is 60 / 30 USD a month, none once withdrawn."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy import select

from settle.database import make_engine, session_factory, transaction
from settle.demo.city import seed_demo_city
from settle.demo.social_workers import ACCOUNT
from settle.registry.migrate import upgrade
from settle.registry.models import Account, SocialWorker
from settle.workflow.social_workers import subsidy


def test_the_demo_has_registered_social_workers_and_their_subsidy(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'demo.db'}"
    upgrade(url)
    engine = make_engine(url)
    factory = session_factory(engine)
    with transaction(factory) as session:
        seed_demo_city(session=session, persons=60, applications=5)
    with factory() as session:
        account = session.execute(select(Account).where(Account.username == ACCOUNT)).scalar_one()
        assert (account.role, account.department) == ("department_verifier", "civil_affairs")
        workers = list(session.execute(select(SocialWorker).order_by(SocialWorker.id)).scalars())
        on = dt.date(2017, 11, 15)
        found = [(w.certificate_level, w.state, subsidy(session=session, worker=w, on=on).amount)
                 for w in workers]
        assert found == [("social_worker", "registered", "60.00"),
                         ("associate_social_worker", "registered", "30.00"),
                         ("senior_social_worker", "registered", "60.00"),
                         ("associate_social_worker", "withdrawn", None)]
        assert workers[0].employer_organization_id is not None and workers[1].employer_name
    engine.dispose()
