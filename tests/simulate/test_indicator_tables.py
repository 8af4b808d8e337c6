"""Indicators computed on a small registry match the counts made by hand; on random registries
no table ever shows a cell below the threshold, and no suppressed cell can be derived from the
published cells and margins."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy.orm import Session

from settle.database import make_engine, session_factory
from settle.registry.identity import make_identity
from settle.registry.migrate import upgrade
from settle.registry.models import (
    Application,
    ApplicationEvent,
    Period,
    Person,
    Round,
    ServiceBenefit,
    ServiceCase,
    ServiceDelivery,
)
from settle.simulate.indicators.definitions import get_indicator, indicators
from settle.simulate.indicators.periods import parse_period
from settle.simulate.indicators.suppression import Grid
from settle.simulate.indicators.tables import ByError, IndicatorData, compute_series, compute_table
from tests.simulate.test_indicator_suppression import determined

Q4 = parse_period("2017-Q4")


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Session]:
    url = f"sqlite:///{tmp_path_factory.mktemp('indicators') / 'settle.db'}"
    upgrade(url)
    engine = make_engine(url)
    with session_factory(engine)() as session:
        yield session
        session.rollback()
    engine.dispose()


@pytest.fixture
def session(database: Session) -> Iterator[Session]:
    """The module's database, every test's rows rolled back after it."""
    nested = database.begin_nested()
    yield database
    nested.rollback()


_serial = iter(range(1, 10**6))


def person(
    session: Session,
    *,
    sex: str,
    district: str | None,
    born: dt.date = dt.date(1985, 5, 1),
    permit_from: dt.date | None = dt.date(2016, 1, 1),
    permit_until: dt.date | None = None,
) -> Person:
    n = next(_serial)
    row = Person(
        identity_number=make_identity(f"{440100 + n // 400}", born, (n % 400) * 2 + (sex == "male")),
        name=f"p{n}",
        sex=sex,
        birth_date=born,
        origin_place="Hunan",
        district=district,
    )
    session.add(row)
    session.flush()
    if permit_from is not None:
        session.add(Period(person_id=row.id, kind="residence_permit", start=permit_from, end=permit_until))
    return row


def paid(
    session: Session,
    who: Person,
    *,
    pack: str,
    on: dt.date,
    amount: str | None = None,
    item: str | None = None,
    district: str | None = None,
) -> None:
    case = ServiceCase(
        person_id=who.id,
        pack_id=pack,
        department="civil_affairs",
        district=district or who.district,
        lodged_by="clerk",
        state="delivering",
    )
    session.add(case)
    session.flush()
    benefit = ServiceBenefit(
        case_id=case.id,
        kind="money" if amount else "service",
        item=item,
        amount=Decimal(amount) if amount else None,
        currency="CNY" if amount else None,
        granted_by="verifier",
    )
    session.add(benefit)
    session.flush()
    session.add(
        ServiceDelivery(
            case_id=case.id,
            benefit_id=benefit.id,
            kind="payment" if amount else "delivery",
            delivered_on=on,
            amount=Decimal(amount) if amount else None,
            currency="CNY" if amount else None,
            recorded_by="verifier",
        )
    )
    session.flush()


def test_migrants_registered_counts_the_permits_open_on_the_periods_last_day_by_district_and_sex(
    session: Session,
) -> None:
    for _ in range(12):
        person(session, sex="male", district="tianhe")
    for _ in range(11):
        person(session, sex="female", district="tianhe")
    for _ in range(3):
        person(session, sex="female", district="tianhe", permit_until=dt.date(2017, 12, 30))  # lapsed
    for _ in range(10):
        person(session, sex="female", district="baiyun")
    person(session, sex="male", district="baiyun", permit_from=None)  # never registered
    table = compute_table(get_indicator("migrants_registered"), Q4, IndicatorData(session=session), by="sex")
    assert table.rows == ["baiyun", "tianhe", "total"] and table.columns == ["male", "female", "total"]
    assert table.values == [[0, 10, 10], [12, 11, 23], [12, 21, 33]]
    assert table.hidden == set()
    sept = compute_table(
        get_indicator("migrants_registered"),
        parse_period("2017-09"),
        IndicatorData(session=session),
        by="sex",
    )
    assert sept.total == 36  # the three lapsed in December were registered in September


def test_one_small_district_hides_its_cells_and_the_next_smallest_so_subtraction_reveals_nothing(
    session: Session,
) -> None:
    for _ in range(12):
        paid(
            session,
            person(session, sex="male", district="tianhe"),
            pack="hangzhou-temporary-relief-2017",
            on=dt.date(2017, 11, 3),
            amount="800",
        )
    for _ in range(15):
        paid(
            session,
            person(session, sex="female", district="haizhu"),
            pack="guangzhou-charity-medical-aid-2017",
            on=dt.date(2017, 10, 9),
            amount="800",
        )
    for _ in range(4):
        paid(
            session,
            person(session, sex="female", district="baiyun"),
            pack="hangzhou-temporary-relief-2017",
            on=dt.date(2017, 12, 1),
            amount="800",
        )
    paid(
        session,
        person(session, sex="female", district="baiyun"),
        pack="hangzhou-temporary-relief-2017",
        on=dt.date(2018, 1, 2),
        amount="800",
    )  # the next quarter
    table = compute_table(get_indicator("interim_assistance_recipients"), Q4, IndicatorData(session=session))
    assert table.rows == ["baiyun", "haizhu", "tianhe", "total"]
    # baiyun (4) is small; tianhe (12), the next smallest, is hidden with it; the total shows
    assert table.values == [[None, None], [15, 15], [None, None], [31, 31]]


def test_training_subsidies_sum_the_payments_of_the_training_item_only(session: Session) -> None:
    for i in range(10):
        who = person(session, sex="male", district="panyu")
        paid(
            session,
            who,
            pack="guangzhou-startup-subsidy-2015",
            item="employment_skill_training",
            on=dt.date(2017, 10, 1 + i),
            amount="450.50",
        )
        paid(
            session,
            who,
            pack="guangzhou-startup-subsidy-2015",
            item="employment_skill_training",
            on=dt.date(2017, 12, 1),
            amount="100",
        )  # a second payment, same person
        paid(
            session,
            who,
            pack="guangzhou-startup-subsidy-2015",
            item="entrepreneurship_subsidy",
            on=dt.date(2017, 10, 1),
            amount="5000",
        )  # not training
    data = IndicatorData(session=session)
    amount = compute_table(get_indicator("vocational_training_subsidies"), Q4, data)
    persons = compute_table(get_indicator("vocational_training_persons"), Q4, data)
    assert amount.total == Decimal("5505.00")
    assert persons.total == 10


def test_the_share_of_pupils_in_public_schools_divides_places_by_registered_children_of_6_to_14(
    session: Session,
) -> None:
    pupils = [person(session, sex="male", district="yuexiu", born=dt.date(2009, 3, 1)) for _ in range(40)]
    for _ in range(10):
        person(session, sex="female", district="yuexiu", born=dt.date(2016, 3, 1))  # too young
    for who in pupils[:30]:
        paid(session, who, pack="guangzhou-school-enrollment-2017", on=dt.date(2017, 9, 1))
    table = compute_table(
        get_indicator("public_school_share"), parse_period("2017"), IndicatorData(session=session)
    )
    assert table.total == Decimal("75.0")
    assert table.numerator is not None and table.numerator[-1][-1] == 30
    assert table.denominator is not None and table.denominator[-1][-1] == 40


def test_settled_applicants_are_counted_in_the_year_their_application_reached_settled(
    session: Session,
) -> None:
    round_ = Round(
        pack_id="guangzhou-2017",
        name="indicator test",
        window_opens=dt.date(2017, 1, 1),
        window_closes=dt.date(2017, 2, 1),
        quota=100,
    )
    session.add(round_)
    session.flush()
    for i in range(11):
        who = person(session, sex="female" if i % 2 else "male", district="liwan")
        application = Application(person_id=who.id, round_id=round_.id, state="settled")
        session.add(application)
        session.flush()
        year = 2017 if i < 10 else 2016
        session.add(
            ApplicationEvent(
                application_id=application.id,
                actor="officer",
                action="settle",
                from_state="card_issued",
                to_state="settled",
                at=dt.datetime(year, 6, 1, 9, tzinfo=dt.UTC),
            )
        )
    session.flush()
    series = compute_series(
        get_indicator("urban_hukou_obtained"), parse_period("2017"), IndicatorData(session=session)
    )
    assert [(p.period.label, p.value) for p in series][-2:] == [("2016", None), ("2017", 10)]
    assert series[-2].hidden


def test_local_farmers_are_not_available_and_a_breakdown_the_indicator_lacks_is_refused(
    session: Session,
) -> None:
    for _ in range(10):
        person(session, sex="male", district="tianhe")
    data = IndicatorData(session=session)
    table = compute_table(get_indicator("migrants_registered"), Q4, data, by="population_group")
    assert table.columns == ["migrant", "total"] and "local_farmer" in table.unavailable
    with pytest.raises(ByError, match="age_band"):
        compute_table(get_indicator("public_rental_housing_area"), Q4, data, by="age_band")
    area = compute_table(get_indicator("public_rental_housing_area"), Q4, data)
    assert area.not_available is not None and area.total is None


def test_every_indicator_file_names_packs_and_items_that_exist() -> None:
    from settle.packs import default_catalogue
    from settle.simulate.indicators.definitions import ServiceCases

    catalogue = default_catalogue()
    for indicator in indicators():
        parts = [indicator.numerator] + ([indicator.denominator] if indicator.denominator else [])
        for part in parts:
            for figure in part.computed_from:
                if isinstance(figure, ServiceCases):
                    for ref in figure.services:
                        assert ref.pack in catalogue.ids(), (indicator.id, ref.pack)
                        if ref.item:
                            assert ref.item in {i.id for i in catalogue.load(ref.pack).items}, (
                                indicator.id,
                                ref,
                            )


registries = st.lists(
    st.tuples(
        st.sampled_from(["male", "female"]),
        st.sampled_from(["a", "b", "c", "d", None]),
        st.integers(1940, 2016),
        st.booleans(),
    ),
    max_size=120,
)


def _counts(grid: Sequence[Sequence[object]], hidden: set[tuple[int, int]]) -> None:
    for r, row in enumerate(grid):
        for c, value in enumerate(row):
            if (r, c) not in hidden:
                assert isinstance(value, int | Decimal)
                assert value == 0 or value >= 10, (r, c, value)


@given(registries, st.sampled_from([None, "sex", "age_band"]))
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_no_table_of_a_random_registry_shows_a_small_cell_or_lets_one_be_derived(
    database: Session, people: list[tuple[str, str | None, int, bool]], by: str | None
) -> None:
    nested = database.begin_nested()
    try:
        for sex, district, year, relieved in people:
            who = person(database, sex=sex, district=district, born=dt.date(year, 7, 1))
            if relieved:
                paid(
                    database,
                    who,
                    pack="hangzhou-temporary-relief-2017",
                    on=dt.date(2017, 11, 1),
                    amount="500",
                )
        data = IndicatorData(session=database)
        for indicator_id in ("migrants_registered", "interim_assistance_recipients"):
            table = compute_table(get_indicator(indicator_id), Q4, data, by=by)
            _counts(table.values, table.hidden)
            shape: Grid = [[0] * len(table.columns) for _ in table.rows]
            assert determined(shape, table.hidden) == []
    finally:
        nested.rollback()


def test_a_period_written_otherwise_is_refused_with_the_three_forms() -> None:
    from settle.simulate.indicators.periods import PeriodError

    with pytest.raises(PeriodError, match="2017-Q3"):
        parse_period("Q3 2017")
    assert parse_period("2017-Q3").dhis2 == "2017Q3" and parse_period("2017-03").dhis2 == "201703"
    assert [p.label for p in parse_period("2017-Q1").series(3)] == ["2016-Q3", "2016-Q4", "2017-Q1"]


def test_an_indicator_file_with_a_mistake_is_refused_naming_file_line_and_field(tmp_path: Path) -> None:
    from settle.packs.errors import PackError
    from settle.simulate.indicators.definitions import load_indicator

    source = Path(__file__).parents[2] / "indicators" / "migrants_registered.yaml"
    broken = tmp_path / "indicators" / "migrants_registered.yaml"
    broken.parent.mkdir()
    broken.write_text(
        source.read_text(encoding="utf-8").replace("unit: persons", "unit: people"), encoding="utf-8"
    )
    with pytest.raises(PackError) as caught:
        load_indicator(broken)
    line = next(
        i for i, text in enumerate(broken.read_text(encoding="utf-8").splitlines(), 1) if "unit:" in text
    )
    assert f"indicators/migrants_registered.yaml:{line}" in str(caught.value) and "unit" in str(caught.value)
