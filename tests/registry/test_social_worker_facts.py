"""The `social_worker` registry source: the registration in force on the evaluation date gives
the subsidy pack's three facts (a withdrawal takes effect on its day, a registration from its
day), and the pack's facts from the register are valid facts of it."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import create_engine
from sqlalchemy.orm import Session

from settle.language.facts import RegistrySource
from settle.packs import default_catalogue
from settle.registry.facts import declarable_facts, registry_facts, registry_value
from settle.registry.models import Base, Person, SocialWorker
from settle.registry.sources import registry_problems
from settle.rules.engine import evaluate

PACK = "hangzhou-social-worker-subsidy-2017"


@contextmanager
def _registry() -> Iterator[tuple[Session, Person]]:
    engine = create_engine("sqlite://")
    Base.metadata.create_all(engine)
    with Session(engine) as session:
        person = Person(identity_number="330102198505051234", name="Chen", sex="male",
                        birth_date=dt.date(1985, 5, 5), origin_place="Anhui")
        session.add(person)
        session.flush()
        yield session, person
    engine.dispose()


def _worker(session: Session, person: Person, level: str, registered: dt.date,
            withdrawn: dt.date | None = None) -> None:
    session.add(SocialWorker(person_id=person.id, certificate_level=level, certificate_number="SW-1",
                             certified_on=registered, employer_kind="community", employer_name="某社区",
                             registered_on=registered, registered_by="v", withdrawn_on=withdrawn,
                             state="withdrawn" if withdrawn else "registered",
                             reason="r" if withdrawn else None))
    session.flush()


def _value(session: Session, person: Person, field: str, on: dt.date) -> object:
    return registry_value(session, person, RegistrySource(source="social_worker", field=field), on)


def test_a_registration_holds_from_its_day_until_the_day_it_is_withdrawn() -> None:
    with _registry() as (session, person):
        assert (_value(session, person, "registered", dt.date(2017, 1, 1)),
                _value(session, person, "certificate_level", dt.date(2017, 1, 1)),
                _value(session, person, "employer_kind", dt.date(2017, 1, 1))) == (False, "none", None)
        _worker(session, person, "associate_social_worker", dt.date(2016, 1, 4),
                withdrawn=dt.date(2017, 3, 1))
        _worker(session, person, "social_worker", dt.date(2017, 9, 1))
        assert _value(session, person, "registered", dt.date(2016, 1, 3)) is False
        assert _value(session, person, "certificate_level", dt.date(2016, 1, 4)) == "associate_social_worker"
        assert _value(session, person, "certificate_level", dt.date(2017, 2, 28)) == "associate_social_worker"
        assert _value(session, person, "registered", dt.date(2017, 3, 1)) is False
        assert _value(session, person, "certificate_level", dt.date(2017, 6, 1)) == "none"
        assert _value(session, person, "certificate_level", dt.date(2017, 9, 1)) == "social_worker"
        assert _value(session, person, "employer_kind", dt.date(2017, 9, 1)) == "community"


@pytest.mark.parametrize(("level", "total"), [("social_worker", 60), ("associate_social_worker", 30),
                                              ("senior_social_worker", 60)])
def test_the_pack_computes_the_subsidy_from_the_register_alone(level: str, total: int) -> None:
    pack = default_catalogue().load(PACK)
    assert registry_problems(pack) == [] and declarable_facts(pack) == []
    with _registry() as (session, person):
        _worker(session, person, level, dt.date(2016, 1, 4))
        facts = registry_facts(session, person, pack, dt.date(2017, 12, 31))
        result = evaluate(pack, facts, as_of=dt.date(2017, 12, 31))
        assert result.eligible and result.total == total


def test_a_field_the_register_does_not_keep_is_refused_naming_it() -> None:
    pack = default_catalogue().load(PACK)
    spec = pack.facts["employer_kind"].model_copy(update={
        "registry": RegistrySource(source="social_worker", field="salary")})
    broken = dataclasses.replace(pack, facts={**pack.facts, "employer_kind": spec})
    problems = registry_problems(broken)
    assert len(problems) == 1 and "salary" in problems[0] and "certificate_level" in problems[0]
