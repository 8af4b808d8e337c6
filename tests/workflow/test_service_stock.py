"""Stock allocation: school places go to the cases the pack's ranking puts first (the Talent
Green Card's route, then the years of permit, insurance and stable work; equal keys: the
earlier application), never more than the stock, the rest of the eligible waitlisted and the
not eligible refused."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy.orm import Session, sessionmaker

from settle.database import transaction
from settle.errors import Forbidden, Invalid, NotFound
from settle.registry.identity import make_identity
from settle.registry.persons import register_person
from settle.workflow import service_cases as cases
from settle.workflow import service_stock as stock

TODAY = dt.date(2026, 5, 4)
SCHOOL = "guangzhou-school-enrollment-2017"
HUANGPU: dict[str, Any] = {
    "district": "huangpu_luogang", "child_birth_date": "2018-03-01",
    "child_born_within_family_planning": True,
    "guardian_holds_residence_permit": True, "guardian_employed_in_guangzhou": True,
    "guardian_insured_in_guangzhou": True, "guardian_lives_in_district": True,
    "guardian_years_living_in_district": 3, "guardian_works_in_district": True,
    "guardian_years_working_in_district": 3,
}
COUNTER = itertools.count(1)


def family(permit: int, insured: int, job: int, green_card: bool = False) -> dict[str, Any]:
    return HUANGPU | {"guardian_permit_years": permit, "guardian_years_insured": insured,
                      "guardian_years_stable_job": job, "talent_green_card": green_card}


def apply_all(session: Session, stock_id: int, families: list[dict[str, Any]]) -> list[int]:
    ids = []
    for declared in families:
        n = next(COUNTER)
        born = dt.date(1980, 1, 1) + dt.timedelta(days=n)
        person = register_person(session=session, actor="clerk", identity_number=make_identity(
            "440112", born, 2 * (n % 400) + 1), name=f"Parent {n}", sex="male", birth_date=born,
            origin_place="Hunan", district="huangpu", today=TODAY)
        ids.append(cases.apply(session=session, actor="clerk", person_id=person.id, pack_id=SCHOOL,
                               declared=declared, today=TODAY, channel="window", stock_id=stock_id).id)
    return ids


def test_places_go_by_the_ranking_and_equal_keys_to_the_earlier_application(
        db: sessionmaker[Session]) -> None:
    with transaction(db) as session:
        places = stock.open_stock(session=session, actor="officer", pack_id=SCHOOL,
                                  name="Huangpu No. 1 Primary", district="huangpu", period="2026",
                                  capacity=2)
        first, second, third, card, too_new = apply_all(session, places.id, [
            family(2, 1, 1), family(4, 0, 0), family(2, 1, 1), family(1, 0, 0, green_card=True),
            family(0, 5, 5)])
        outcome = stock.allocate(session=session, actor="officer", stock_id=places.id, on=TODAY)
        assert outcome.granted == [card, second]
        assert outcome.waitlisted == [first, third]
        assert outcome.refused == [too_new]  # a permit held under a year: not eligible
        waiting = cases.get_case(session=session, case_id=first)
        assert (waiting.state, waiting.rank) == ("waitlisted", 3)
        benefit = cases.benefit_of(session=session, case_id=second)
        assert benefit is not None and (benefit.kind, benefit.allocated) == ("place", "Huangpu No. 1 Primary")
        with pytest.raises(Invalid):
            stock.allocate(session=session, actor="officer", stock_id=places.id, on=TODAY)


def test_a_pack_whose_ranking_shares_ties_cannot_hold_a_stock(db: sessionmaker[Session]) -> None:
    with transaction(db) as session, pytest.raises(Invalid) as refused:
        stock.open_stock(session=session, actor="officer", pack_id="hangzhou-temporary-relief-2017",
                         name="relief", period="2026", capacity=3)
    assert refused.value.field == "pack_id"


families_strategy = st.lists(
    st.tuples(st.integers(0, 4), st.integers(0, 3), st.integers(0, 2), st.booleans()), max_size=9)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=families_strategy, capacity=st.integers(0, 6))
def test_an_allocation_never_exceeds_the_stock_and_follows_the_ranking(
        db: sessionmaker[Session], rows: list[tuple[int, int, int, bool]], capacity: int) -> None:
    with transaction(db) as session:
        places = stock.open_stock(session=session, actor="officer", pack_id=SCHOOL,
                                  name=f"School {next(COUNTER)}", period="2026", capacity=capacity)
        ids = apply_all(session, places.id, [family(*row) for row in rows])
        outcome = stock.allocate(session=session, actor="officer", stock_id=places.id, on=TODAY)
    key = {case_id: (row[3], row[0], row[1], row[2]) for case_id, row in zip(ids, rows, strict=True)}
    eligible = [i for i, row in zip(ids, rows, strict=True) if row[0] >= 1 or row[3]]
    assert len(outcome.granted) == min(capacity, len(eligible)) <= capacity
    assert sorted(outcome.granted + outcome.waitlisted) == sorted(eligible)
    assert sorted(outcome.refused) == sorted(set(ids) - set(eligible))
    expected = sorted(eligible, key=lambda i: (tuple(-int(k) for k in key[i]), i))
    assert outcome.granted == expected[:capacity]


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=families_strategy, capacity=st.integers(0, 6))
def test_the_ranking_shown_before_an_allocation_is_the_one_it_grants_by(
        db: sessionmaker[Session], rows: list[tuple[int, int, int, bool]], capacity: int) -> None:
    """The department's stock page shows `rank_cases` before allocating: the cases within the
    places are those granted, in the same order, the rest of the ranked waitlisted, the unranked
    refused; each ranked case carries its values of the ranking's keys."""
    with transaction(db) as session:
        places = stock.open_stock(session=session, actor="officer", pack_id=SCHOOL,
                                  name=f"School {next(COUNTER)}", period="2026", capacity=capacity)
        apply_all(session, places.id, [family(*row) for row in rows])
        shown = stock.rank_cases(pack=cases.service_pack(SCHOOL), on=TODAY, capacity=capacity,
                                 cases=stock.waiting(session=session, stock=places))
        before = [(s.case.id, s.rank, s.within, list(s.keys)) for s in shown.standings]
        outcome = stock.allocate(session=session, actor="officer", stock_id=places.id, on=TODAY)
    assert [i for i, _, within, _ in before if within] == outcome.granted
    assert [i for i, rank, within, _ in before if rank is not None and not within] == outcome.waitlisted
    assert [i for i, rank, _, _ in before if rank is None] == outcome.refused
    assert all(len(keys) == len(shown.keys) for _, rank, _, keys in before if rank is not None)


def test_another_departments_stock_is_as_if_it_did_not_exist(db: sessionmaker[Session]) -> None:
    with transaction(db) as session:
        places = stock.open_stock(session=session, actor="bureau", pack_id=SCHOOL, name="Huangpu No. 3",
                                  period="2026", capacity=1, department="migrant_services")
        mine = stock.get_stock_of_department(session=session, stock_id=places.id,
                                             department="migrant_services")
        assert mine.id == places.id
        with pytest.raises(NotFound):
            stock.get_stock_of_department(session=session, stock_id=places.id, department="education")
        with pytest.raises(NotFound):
            stock.allocate(session=session, actor="education", stock_id=places.id, on=TODAY,
                           department="education")
        with pytest.raises(Forbidden) as refused:
            stock.open_stock(session=session, actor="education", pack_id=SCHOOL, name="Elsewhere",
                             period="2026", capacity=1, department="education")
    assert refused.value.field == "pack_id"
    assert [p.id for p in stock.stock_packs("migrant_services")] == [SCHOOL]
