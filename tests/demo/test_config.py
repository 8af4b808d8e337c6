"""The demo city is built from the numbers and names in demo/city.yaml."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError
from sqlalchemy import func, select

from settle.database import make_engine, session_factory, transaction
from settle.demo.city import seed_demo_city
from settle.demo.config import CONFIG_FILE, demo_config, load_config
from settle.registry.clock import demo_today
from settle.registry.migrate import upgrade
from settle.registry.models import Account, Application, Person

pytestmark = pytest.mark.usefixtures("no_registry_settings")


def test_the_shipped_settings_are_those_of_the_demo_city() -> None:
    city = demo_config()
    assert (city.persons, city.applications, city.password) == (2000, 150, "demo")
    assert (city.round.pack, city.round.quota, city.today.isoformat()) == ("guangzhou-2017", 60, "2017-11-01")


def test_an_unknown_setting_is_refused_naming_it(tmp_path: Path) -> None:
    bad = tmp_path / "city.yaml"
    bad.write_text(CONFIG_FILE.read_text(encoding="utf-8") + "\nmayor: nobody\n", encoding="utf-8")
    with pytest.raises(ValidationError, match="mayor"):
        load_config(bad)


def test_a_city_is_seeded_from_its_settings(tmp_path: Path) -> None:
    text = CONFIG_FILE.read_text(encoding="utf-8")
    changed = tmp_path / "city.yaml"
    text = text.replace("quota: 60", "quota: 5").replace("today: 2017-11-01", "today: 2017-10-20")
    changed.write_text(text, encoding="utf-8")
    config = load_config(changed)
    url = f"sqlite:///{tmp_path / 'demo.db'}"
    upgrade(url)
    engine = make_engine(url)
    factory = session_factory(engine)
    with transaction(factory) as session:
        round_ = seed_demo_city(session=session, persons=12, applications=3, config=config)
        assert round_.quota == 5 and round_.name == "2017"
    with transaction(factory) as session:
        assert demo_today(session) == config.today
        assert session.execute(select(func.count()).select_from(Person)).scalar_one() == 12
        assert session.execute(select(func.count()).select_from(Application)).scalar_one() == 3
        names = set(session.execute(select(Account.username)).scalars())
        assert set(config.accounts) <= names and any(n.startswith("verifier-") for n in names)
    engine.dispose()
