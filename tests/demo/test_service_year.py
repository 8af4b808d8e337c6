"""The demo city's year of service cases: lodged, granted and delivered through the service
cases' workflow in the year before the demo's date, and counted by the indicators."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy import func, select

from settle.database import make_engine, session_factory, transaction
from settle.demo.city import DEMO_TODAY, seed_demo_city
from settle.registry.migrate import upgrade
from settle.registry.models import ServiceCase, ServiceDelivery
from settle.simulate.indicators.definitions import get_indicator
from settle.simulate.indicators.periods import Period
from settle.simulate.indicators.tables import IndicatorData, compute_table


def test_the_demo_city_has_a_year_of_delivered_cases_that_the_indicators_count(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'demo.db'}"
    upgrade(url)
    engine = make_engine(url)
    with transaction(session_factory(engine)) as session:
        seed_demo_city(session=session, persons=600, applications=5)
    with session_factory(engine)() as session:
        delivered = list(session.scalars(select(ServiceDelivery)))
        assert delivered and session.scalar(select(func.count(ServiceCase.id))) == len(delivered)
        first = DEMO_TODAY - dt.timedelta(days=366)
        assert all(first <= d.delivered_on <= DEMO_TODAY for d in delivered)
        relief = {c.person_id for c in session.scalars(select(ServiceCase).where(
            ServiceCase.pack_id == "guangzhou-welfare-lottery-care-fund-2017"))}
        year = Period(first, DEMO_TODAY, "year")
        relief_indicator = get_indicator("interim_assistance_recipients")
        table = compute_table(relief_indicator, year, IndicatorData(session=session), threshold=1)
        assert table.total == len(relief)
    engine.dispose()
