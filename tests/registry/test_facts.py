"""Facts derived from the registry's periods and records agree with what the engine derives
from the same periods given as facts, and are valid facts of the packs that ask for them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import create_engine
from sqlalchemy.orm import Session

from settle.language.facts import FACT_TYPES, DerivedPeriodMonths, DerivedWholeYears, RegistrySource
from settle.packs import default_catalogue
from settle.registry.facts import current_start, declarable_facts, registry_facts, registry_value
from settle.registry.models import Base, FamilyLink, Period, Person, Record
from settle.rules.facts import check_facts

ON = dt.date(2026, 6, 30)
TITLE = {"en": "months", "zh": "月数"}


@contextmanager
def _registry() -> Iterator[tuple[Session, Person]]:
    """An empty registry in memory holding one person."""
    engine = create_engine("sqlite://")
    Base.metadata.create_all(engine)
    with Session(engine) as session:
        person = Person(identity_number="440100199001011234", name="Li", sex="female",
                        birth_date=dt.date(1990, 1, 1), origin_place="Hunan")
        session.add(person)
        session.flush()
        yield session, person
    engine.dispose()


def _periods(session: Session, person: Person, spans: list[tuple[dt.date, dt.date | None]],
             kind: str = "social_insurance", subtype: str | None = "pension") -> None:
    session.add_all(Period(person_id=person.id, kind=kind, subtype=subtype, start=a, end=b) for a, b in spans)
    session.flush()


def _engine_years(periods: list[dict[str, str | None]], mode: str) -> int:
    """Whole years of the months the engine derives from the same periods given as a fact."""
    spec = default_catalogue().load("guangzhou-2025").facts["medical_insurance_periods"]
    given = {"p": FACT_TYPES["periods"].check("p", spec, periods)}
    months = DerivedPeriodMonths.model_validate({"op": "period_months", "title": TITLE, "of": "p",
                                                 "mode": mode})
    given["m"] = months.derive("m", given.__getitem__, ON)
    years = DerivedWholeYears.model_validate({"op": "whole_years", "title": TITLE, "of": "m"})
    return years.derive("y", given.__getitem__, ON)


DAY = st.dates(dt.date(2005, 1, 1), dt.date(2027, 12, 31))
SPANS = st.lists(st.tuples(DAY, st.one_of(st.none(), st.integers(0, 3000))), max_size=4).map(
    lambda spans: [(a, None if n is None else a + dt.timedelta(days=n)) for a, n in spans])


@given(SPANS, st.sampled_from(["accumulated", "consecutive"]))
@settings(max_examples=60, deadline=None)
def test_years_of_periods_from_the_registry_equal_the_engines_years_of_the_same_periods(
        spans: list[tuple[dt.date, dt.date | None]], mode: str) -> None:
    with _registry() as (session, person):
        _periods(session, person, spans)
        periods = registry_value(session, person, RegistrySource(
            source="periods", kind="social_insurance", subtype="pension"), ON)
        years = registry_value(session, person, RegistrySource(
            source=f"{mode}_years", kind="social_insurance", subtype="pension"), ON)
    assert years == _engine_years(periods, mode)


def test_periods_are_given_as_months_the_periods_type_accepts() -> None:
    with _registry() as (session, person):
        _periods(session, person, [(dt.date(2015, 3, 10), dt.date(2017, 9, 1)), (dt.date(2018, 1, 1), None)])
        _periods(session, person, [(dt.date(2010, 1, 1), None)], subtype="medical")
        value = registry_value(session, person, RegistrySource(
            source="periods", kind="social_insurance", subtype="pension"), ON)
    assert value == [{"from": "2015-03", "to": "2017-09"}, {"from": "2018-01", "to": None}]


def test_the_current_start_is_the_first_day_of_the_unbroken_run_in_force() -> None:
    def period(start: dt.date, end: dt.date | None) -> Period:
        return Period(kind="residence_permit", start=start, end=end)

    runs = [period(dt.date(2018, 1, 1), dt.date(2019, 12, 31)), period(dt.date(2020, 1, 1), None)]
    assert current_start(runs, ON) == dt.date(2018, 1, 1)
    broken = [period(dt.date(2018, 1, 1), dt.date(2019, 12, 30)), period(dt.date(2020, 1, 1), None)]
    assert current_start(broken, ON) == dt.date(2020, 1, 1)
    assert current_start([period(dt.date(2018, 1, 1), dt.date(2020, 1, 1))], ON) is None


def test_records_are_counted_summed_and_added_up_by_year() -> None:
    with _registry() as (session, person):
        hours = [(dt.date(2024, 5, 1), "12.5"), (dt.date(2024, 9, 1), "7.5"), (dt.date(2025, 1, 1), "3"),
                 (dt.date(2027, 1, 1), "9")]
        session.add_all([
            *(Record(person_id=person.id, kind="volunteer_hours", on=day, amount=Decimal(a))
              for day, a in hours),
            Record(person_id=person.id, kind="penalty", category="public_security", on=dt.date(2019, 1, 1)),
            Record(person_id=person.id, kind="penalty", category="public_security", on=dt.date(2024, 1, 1))])
        session.flush()

        def value(**source: object) -> object:
            return registry_value(session, person, RegistrySource.model_validate(source), ON)

        by_year = value(source="records_by_year", kind="volunteer_hours")
        assert by_year == {2024: Decimal(20), 2025: Decimal(3)}
        assert value(source="records_sum", kind="volunteer_hours") == Decimal(23)
        assert value(source="records_count", kind="penalty", category="public_security") == 2
        assert value(source="records_count", kind="penalty", category="public_security", within_years=5) == 1


def test_family_links_count_the_spouse_and_the_children_under_age_on_the_day() -> None:
    with _registry() as (session, person):
        relatives = [("440100199002021234", "spouse", dt.date(1990, 2, 2)),
                     ("440100200807011234", "child", dt.date(2008, 7, 1)),   # 18 on 2026-07-01
                     ("440100200806301234", "child", dt.date(2008, 6, 30)),  # 18 on ON itself
                     ("440100201501011234", "child", dt.date(2015, 1, 1))]
        for number, relation, born in relatives:
            relative = Person(identity_number=number, name="R", sex="male", birth_date=born,
                              origin_place="Hunan")
            session.add(relative)
            session.flush()
            session.add(FamilyLink(person_id=person.id, relative_id=relative.id, relation=relation))
        session.flush()

        def value(**source: object) -> object:
            return registry_value(session, person, RegistrySource.model_validate(source), ON)

        assert value(source="relatives_count", kind="spouse") == 1
        assert value(source="relatives_count", kind="child") == 3
        assert value(source="relatives_count", kind="child", under_age=18) == 2


def test_the_registrys_facts_are_valid_facts_of_the_pack_and_the_rest_are_declared() -> None:
    pack = default_catalogue().load("guangzhou-2025")
    with _registry() as (session, person):
        _periods(session, person, [(dt.date(2016, 1, 1), None)])
        _periods(session, person, [(dt.date(2016, 1, 1), None)], subtype="medical")
        _periods(session, person, [(dt.date(2019, 7, 1), None)], kind="residence_permit", subtype=None)
        facts = registry_facts(session, person, pack, ON)
    assert set(facts) == {n for n, s in pack.facts.items() if s.registry is not None}
    assert set(declarable_facts(pack)) == set(pack.facts) - set(facts)
    values, _ = check_facts(pack, {k: v for k, v in facts.items() if v is not None})
    assert values["birth_date"] == dt.date(1990, 1, 1)
    assert values["pension_insurance_years"] == 10
    assert values["residence_permit_since"] == dt.date(2019, 7, 1)
