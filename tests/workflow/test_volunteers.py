"""Volunteer hours and blood donations reach the points only through the registry: hours the
organization confirmed and the department verified, donations the blood centre's department
recorded; the explanation names the records behind them."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from settle.database import transaction
from settle.errors import Conflict, Forbidden, Invalid, NotFound
from settle.packs import default_catalogue
from settle.registry.facts import registry_facts
from settle.registry.models import Organization, Person
from settle.rules.engine import evaluate
from settle.workflow import applications as apps
from settle.workflow import round_service as rounds
from settle.workflow import volunteers as vol
from settle.workflow.blood_donations import record_blood_donation
from settle.workflow.record_provenance import records_behind, records_by_item
from tests.workflow.db_scenario import CLERK, DECLARED, WINDOW, register

ORG = "staff-of-grassroots"


def _organization(session: Session, name: str = "Grassroots House", authority: str = "youth_league",
                  kind: str = "volunteer_organization") -> Organization:
    organization = Organization(name=name, kind=kind, registering_authority=authority,
                                registered_on=dt.date(2006, 1, 1), city="guangzhou")
    session.add(organization)
    session.flush()
    return organization


def _serve(session: Session, organization: Organization, person: Person, days: list[tuple[dt.date, float]],
           upto: str = "verify") -> list[int]:
    """Hours of `person` in one activity of `organization`, moved up to `upto`."""
    volunteer = vol.register_volunteer(session=session, actor=ORG, organization_id=organization.id,
                                       person_id=person.id, registered_on=dt.date(2012, 1, 1))
    activity = vol.record_activity(session=session, actor=ORG, organization_id=organization.id,
                                   name="Tutoring migrant children", category="academic_counseling",
                                   starts_on=dt.date(2012, 1, 1), ends_on=dt.date(2017, 12, 31))
    ids = []
    for day, hours in days:
        row = vol.record_hours(session=session, actor=ORG, organization_id=organization.id,
                               activity_id=activity.id, volunteer_id=volunteer.id, served_on=day, hours=hours)
        if upto in ("confirm", "verify"):
            vol.confirm_hours(session=session, actor=ORG, organization_id=organization.id, hours_id=row.id)
        if upto == "verify":
            vol.verify_hours(session=session, actor="verifier-youth_league",
                             department=vol.verifying_department(organization), hours_id=row.id)
        ids.append(row.id)
    return ids


def _days(year: int, hours: float) -> list[tuple[dt.date, float]]:
    """`hours` in one year, in days of at most 8 hours from 1 March."""
    out, day, left = [], dt.date(year, 3, 1), hours
    while left > 0:
        out.append((day, min(8.0, left)))
        left -= 8
        day += dt.timedelta(days=1)
    return out


def _item_points(session: Session, person: Person, item: str, pack_id: str = "guangzhou-2017") -> Decimal:
    """The item's points under the pack from the person's registry facts (declared: the scenario's)."""
    pack = default_catalogue().load(pack_id)
    on = WINDOW[1] if pack_id == "guangzhou-2017" else pack.meta.default_evaluation_date
    held = {k: v for k, v in registry_facts(session, person, pack, on).items() if v is not None}
    declared = DECLARED if pack_id == "guangzhou-2017" else {}
    result = evaluate(pack, apps.jsonable({**held, **declared}), as_of=on)
    return next(i.points for i in result.items if i.id == item)


def test_verified_hours_score_guangzhou_item_5_per_year_capped_inside_five_years(
        db: sessionmaker[Session]) -> None:
    with transaction(db) as session:
        person = register(session, 1, dt.date(2010, 1, 1), dt.date(2011, 1, 1))
        assert _item_points(session, person, "volunteer_service") == 0
        organization = _organization(session)
        # 2012 is outside 2013-2017; 120 hours in 2014 earn the year's cap of 2; 49 in 2015 earn 0;
        # 50 in 2016 earn 2; 100 in 2017 earn the cap of 2: 6 points
        _serve(session, organization, person,
               _days(2012, 200) + _days(2014, 120) + _days(2015, 49) + _days(2016, 50) + _days(2017, 100))
        assert _item_points(session, person, "volunteer_service") == 6


def test_hours_recorded_or_only_confirmed_do_not_score(db: sessionmaker[Session]) -> None:
    with transaction(db) as session:
        recorded = register(session, 1, dt.date(2010, 1, 1), dt.date(2011, 1, 1))
        confirmed = register(session, 2, dt.date(2010, 1, 1), dt.date(2011, 1, 1))
        organization = _organization(session)
        _serve(session, organization, recorded, _days(2016, 100), upto="record")
        _serve(session, organization, confirmed, _days(2016, 100), upto="confirm")
        pack = default_catalogue().load("guangzhou-2017")
        for person in (recorded, confirmed):
            assert registry_facts(session, person, pack, WINDOW[1])["volunteer_hours_by_year"] == {}
            assert _item_points(session, person, "volunteer_service") == 0


def test_verified_hours_score_hangzhou_item_10_two_points_per_50_hours(db: sessionmaker[Session]) -> None:
    with transaction(db) as session:
        person = register(session, 1, dt.date(2010, 1, 1), dt.date(2011, 1, 1))
        _serve(session, _organization(session), person, _days(2016, 149))
        pack = default_catalogue().load("hangzhou-2017")
        assert registry_facts(session, person, pack, dt.date(2017, 12, 31))["volunteer_hours"] == 149


def test_an_application_is_scored_with_the_verified_hours(db: sessionmaker[Session]) -> None:
    with transaction(db) as session:
        round_id = rounds.open_round(session=session, actor="officer", pack_id="guangzhou-2017", name="2017",
                                     window_opens=WINDOW[0], window_closes=WINDOW[1], quota=2).id
        plain = register(session, 1, dt.date(2010, 1, 1), dt.date(2011, 1, 1))
        volunteer = register(session, 2, dt.date(2010, 1, 1), dt.date(2011, 1, 1))
        _serve(session, _organization(session), volunteer, _days(2016, 50) + _days(2017, 60))
        totals = []
        for person in (plain, volunteer):
            application = apps.create_application(session=session, actor=CLERK, person_id=person.id,
                                                  round_id=round_id, declared=DECLARED)
            apps.submit(session=session, actor=CLERK, application_id=application.id, today=WINDOW[1])
            for item in apps.accept(session=session, actor=CLERK, application_id=application.id):
                apps.decide_evidence(session=session, actor="v", department=item.department, item_id=item.id,
                                     decision="confirm", expected_version=item.version)
            totals.append(apps.score(session=session, actor="officer", application_id=application.id).total)
        plain_total, volunteer_total = totals
        assert plain_total is not None and volunteer_total is not None
        assert volunteer_total - plain_total == 4


def test_blood_donations_count_in_each_pack_s_unit(db: sessionmaker[Session]) -> None:
    with transaction(db) as session:
        person = register(session, 1, dt.date(2010, 1, 1), dt.date(2011, 1, 1))
        for day in (dt.date(2015, 3, 1), dt.date(2015, 9, 1), dt.date(2015, 12, 1), dt.date(2016, 6, 1)):
            record_blood_donation(session=session, actor="v", department="health_planning",
                                  person_id=person.id, donated_on=day, volume_ml=300, city="guangzhou")
        pack = default_catalogue().load("guangzhou-2017")
        held = registry_facts(session, person, pack, WINDOW[1])
        assert held["blood_donations_by_year"] == {2015: 3, 2016: 1}
        # 3 donations in 2015 earn the year's cap of 2, 1 in 2016 earns 2
        assert _item_points(session, person, "blood_donation") == 4
        other = register(session, 2, dt.date(2010, 1, 1), dt.date(2011, 1, 1))
        record_blood_donation(session=session, actor="v", department="health_planning", person_id=other.id,
                              donated_on=dt.date(2016, 6, 1), volume_ml=400, city="hangzhou")
        hangzhou = default_catalogue().load("hangzhou-2017")
        assert registry_facts(session, other, hangzhou, dt.date(2017, 12, 31))["blood_donation_cc"] == 400


def test_only_the_department_the_packs_name_records_blood_donations(db: sessionmaker[Session]) -> None:
    with transaction(db) as session:
        person = register(session, 1, dt.date(2010, 1, 1), dt.date(2011, 1, 1))
        with pytest.raises(Forbidden) as refused:
            record_blood_donation(session=session, actor="v", department="education", person_id=person.id,
                                  donated_on=dt.date(2016, 6, 1), volume_ml=300, city="guangzhou")
        assert "health_planning" in refused.value.text("en") and "献血" in refused.value.text("zh")
        with pytest.raises(Invalid) as bad:
            record_blood_donation(session=session, actor="v", department="health_planning",
                                  person_id=person.id, donated_on=dt.date(2016, 6, 1), volume_ml=3000,
                                  city="guangzhou")
        assert bad.value.field == "volume_ml" and "3000" in bad.value.text("zh")


def test_an_organization_cannot_touch_another_s_volunteers_or_hours(db: sessionmaker[Session]) -> None:
    with transaction(db) as session:
        person = register(session, 1, dt.date(2010, 1, 1), dt.date(2011, 1, 1))
        mine = _organization(session)
        theirs = _organization(session, name="Another House")
        [hours_id] = _serve(session, mine, person, [(dt.date(2016, 5, 1), 4)], upto="record")
        with pytest.raises(NotFound):
            vol.confirm_hours(session=session, actor="other", organization_id=theirs.id, hours_id=hours_id)
        with pytest.raises(NotFound):
            vol.verify_hours(session=session, actor="v", department="civil_affairs", hours_id=hours_id)
        with pytest.raises(Conflict):  # recorded hours are not verified before the organization confirms
            vol.verify_hours(session=session, actor="v", department="youth_league", hours_id=hours_id)


def test_only_a_volunteer_organization_registers_volunteers(db: sessionmaker[Session]) -> None:
    with transaction(db) as session:
        person = register(session, 1, dt.date(2010, 1, 1), dt.date(2011, 1, 1))
        association = _organization(session, kind="association", authority="civil_affairs_bureau")
        with pytest.raises(Invalid) as refused:
            vol.register_volunteer(session=session, actor=ORG, organization_id=association.id,
                                   person_id=person.id, registered_on=dt.date(2016, 1, 1))
        assert "volunteer organization" in refused.value.text("en")


def test_a_day_holds_at_most_24_hours(db: sessionmaker[Session]) -> None:
    with transaction(db) as session:
        person = register(session, 1, dt.date(2010, 1, 1), dt.date(2011, 1, 1))
        organization = _organization(session)
        with pytest.raises(Invalid) as refused:
            _serve(session, organization, person, [(dt.date(2016, 5, 1), 20), (dt.date(2016, 5, 1), 5)])
        assert refused.value.field == "hours"


def test_hours_filed_with_civil_affairs_are_verified_by_civil_affairs(db: sessionmaker[Session]) -> None:
    with transaction(db) as session:
        person = register(session, 1, dt.date(2010, 1, 1), dt.date(2011, 1, 1))
        organization = _organization(session, authority="civil_affairs_bureau")
        _serve(session, organization, person, [(dt.date(2016, 5, 1), 4)], upto="confirm")
        waiting = vol.hours_to_verify(session=session, department="civil_affairs")
        assert [line.hours.department for line in waiting] == ["civil_affairs"]
        assert vol.hours_to_verify(session=session, department="youth_league") == []


def test_the_explanation_names_the_records_behind_the_hours(db: sessionmaker[Session]) -> None:
    with transaction(db) as session:
        person = register(session, 1, dt.date(2010, 1, 1), dt.date(2011, 1, 1))
        [hours_id] = _serve(session, _organization(session), person, [(dt.date(2016, 5, 1), 4.5)])
        record_blood_donation(session=session, actor="v", department="health_planning", person_id=person.id,
                              donated_on=dt.date(2016, 6, 1), volume_ml=300, city="guangzhou")
        pack = default_catalogue().load("guangzhou-2017")
        behind = records_by_item(pack, records_behind(session=session, person_id=person.id, pack=pack,
                                                      on=WINDOW[1]))
        [hours] = behind["volunteer_service"]
        assert "Tutoring migrant children" in hours("en") and "Grassroots House" in hours("en")
        assert f"#{hours_id}" in hours("zh") and "4.5 小时" in hours("zh")
        [blood] = behind["blood_donation"]
        assert "300 ml" in blood("en") and "血站" in blood("zh")


def test_an_applicant_cannot_declare_volunteer_hours(db: sessionmaker[Session]) -> None:
    with transaction(db) as session:
        round_id = rounds.open_round(session=session, actor="officer", pack_id="guangzhou-2017", name="2017",
                                     window_opens=WINDOW[0], window_closes=WINDOW[1], quota=2).id
        person = register(session, 1, dt.date(2010, 1, 1), dt.date(2011, 1, 1))
        with pytest.raises(Invalid) as refused:
            apps.create_application(session=session, actor=CLERK, person_id=person.id, round_id=round_id,
                                    declared={**DECLARED, "volunteer_hours_by_year": {"2016": 60}})
        assert refused.value.field == "volunteer_hours_by_year"
        assert "volunteer organization" in refused.value.text("en")
        assert "志愿服务组织" in refused.value.text("zh")


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(entries=st.lists(st.tuples(st.integers(2013, 2017), st.integers(1, 80).map(lambda n: n / 10),
                                  st.sampled_from(["record", "confirm", "verify", "reject"])),
                        min_size=1, max_size=8))
def test_the_registry_holds_exactly_the_verified_hours_of_each_year(
        db: sessionmaker[Session], entries: list[tuple[int, float, str]]) -> None:
    with db() as session, session.begin():
        n = session.execute(select(func.count(Person.id))).scalar_one() + 1
        person = register(session, n, dt.date(2010, 1, 1), dt.date(2011, 1, 1))
        organization = _organization(session, name=f"House {n}")
        volunteer = vol.register_volunteer(session=session, actor=ORG, organization_id=organization.id,
                                           person_id=person.id, registered_on=dt.date(2012, 1, 1))
        activity = vol.record_activity(session=session, actor=ORG, organization_id=organization.id,
                                       name="Any", category="other", starts_on=dt.date(2013, 1, 1),
                                       ends_on=dt.date(2017, 12, 31))
        expected: dict[int, Decimal] = {}
        for k, (year, hours, upto) in enumerate(entries):
            row = vol.record_hours(session=session, actor=ORG, organization_id=organization.id,
                                   activity_id=activity.id, volunteer_id=volunteer.id,
                                   served_on=dt.date(year, 1, 1) + dt.timedelta(days=k), hours=hours)
            if upto == "reject":
                vol.reject_hours(session=session, actor=ORG, hours_id=row.id, reason="not served",
                                 organization_id=organization.id)
                continue
            if upto in ("confirm", "verify"):
                vol.confirm_hours(session=session, actor=ORG, organization_id=organization.id,
                                  hours_id=row.id)
            if upto == "verify":
                vol.verify_hours(session=session, actor="v", department="youth_league", hours_id=row.id)
                expected[year] = expected.get(year, Decimal(0)) + Decimal(str(hours))
        pack = default_catalogue().load("guangzhou-2017")
        held = registry_facts(session, person, pack, WINDOW[1])["volunteer_hours_by_year"]
        assert held == {year: total for year, total in sorted(expected.items())}
