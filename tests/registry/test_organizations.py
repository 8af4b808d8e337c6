"""The register of social organizations: registration with its approval path, services,
qualifications, inspections, the purchase catalogue, all audited."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from settle.audit.chain import entries_about, verify_chain
from settle.database import make_engine, session_factory
from settle.errors import Conflict, Invalid
from settle.registry.models import Base
from settle.registry.organizations import (
    check_credit_code,
    credit_code_check_character,
    list_in_catalogue,
    organization_profile,
    qualification_problem,
    record_inspection,
    register_organization,
)

TODAY = dt.date(2017, 11, 1)


@pytest.fixture
def session(tmp_path: Path) -> Iterator[Session]:
    engine = make_engine(f"sqlite:///{tmp_path / 'register.db'}")
    Base.metadata.create_all(engine)
    with session_factory(engine)() as session, session.begin():
        yield session
    engine.dispose()


def register(session: Session, name: str = "Tianhe Migrant Workers' Service Centre", **extra: object) -> int:
    values: dict[str, object] = {"kind": "social_service_agency",
                                 "registering_authority": "civil_affairs_bureau",
                                 "registered_on": dt.date(2015, 3, 2), "city": "guangzhou"}
    values.update(extra)
    return register_organization(session=session, actor="officer", name=name, today=TODAY,
                                 **values).id  # type: ignore[arg-type]


def test_a_one_window_registration_records_its_path_and_is_audited(session: Session) -> None:
    organization_id = register(session, approval_route="one_window", applied_on=dt.date(2015, 2, 20),
                               materials_complete_on=dt.date(2015, 2, 25), visits=1,
                               window="Tianhe one window",
                               services=["employment training for migrant workers"])
    profile = organization_profile(session=session, organization_id=organization_id)
    assert profile.approval is not None
    assert (profile.approval.route, profile.approval.visits) == ("one_window", 1)
    assert [s.name for s in profile.services] == ["employment training for migrant workers"]
    [entry] = entries_about(session, f"organization/{organization_id}")
    assert entry.action == "register_organization"
    assert entry.detail["approval"]["visits"] == 1
    assert verify_chain(session).intact


def test_the_one_window_route_refuses_a_second_visit_and_a_missing_path(session: Session) -> None:
    with pytest.raises(Invalid) as raised:
        register(session, approval_route="one_window", applied_on=dt.date(2015, 2, 20), visits=2)
    assert raised.value.field == "visits"
    assert "000 lines 1146-1150" in raised.value.words.en
    with pytest.raises(Invalid) as raised:
        register(session, approval_route="one_window")
    assert raised.value.field == "applied_on"


def test_only_volunteer_organizations_are_filed_with_the_youth_league(session: Session) -> None:
    register(session, "Grassroots House", kind="volunteer_organization", registering_authority="youth_league")
    with pytest.raises(Invalid) as raised:
        register(session, "A Foundation", kind="foundation", registering_authority="youth_league")
    assert raised.value.field == "registering_authority"
    assert "共青团" in raised.value.words.zh


def test_a_name_registered_twice_or_an_unknown_kind_is_refused_naming_field_and_value(
        session: Session) -> None:
    register(session)
    with pytest.raises(Conflict) as raised:
        register(session)
    assert raised.value.field == "name"
    with pytest.raises(Invalid) as bad:
        register(session, "Other", kind="company")
    assert bad.value.field == "kind"
    assert "company" in bad.value.words.en and "association" in bad.value.words.en


def test_a_credit_code_must_carry_its_gb_32100_check_character(session: Session) -> None:
    body = "51440101MJ0000000"
    good = body + credit_code_check_character(body)
    assert check_credit_code(good.lower()) == good
    wrong = body + ("0" if good[-1] != "0" else "1")
    with pytest.raises(Invalid) as raised:
        check_credit_code(wrong)
    assert raised.value.field == "credit_code"
    with pytest.raises(Invalid):
        check_credit_code("51440101MJ00000O0X")  # the letter O is not in the alphabet


def test_an_organization_qualifies_for_purchase_only_while_listed_in_the_catalogue(session: Session) -> None:
    organization_id = register(session)
    on = dt.date(2017, 6, 1)
    assert qualification_problem(session=session, organization_id=organization_id, city="guangzhou",
                                 on=on) == "organization_not_in_catalogue"
    list_in_catalogue(session=session, actor="officer", organization_id=organization_id, edition="2017",
                      listed_on=dt.date(2017, 3, 1))
    assert qualification_problem(session=session, organization_id=organization_id, city="guangzhou",
                                 on=on) is None
    assert qualification_problem(session=session, organization_id=organization_id, city="hangzhou",
                                 on=on) == "organization_not_in_catalogue"


def test_an_organization_found_unqualified_at_inspection_is_not_listed(session: Session) -> None:
    organization_id = register(session)
    record_inspection(session=session, actor="officer", organization_id=organization_id, year=2016,
                      result="unqualified", inspected_on=dt.date(2017, 4, 1))
    with pytest.raises(Invalid) as raised:
        list_in_catalogue(session=session, actor="officer", organization_id=organization_id, edition="2017",
                          listed_on=dt.date(2017, 5, 1))
    assert raised.value.field == "inspection"
    with pytest.raises(Conflict):
        record_inspection(session=session, actor="officer", organization_id=organization_id, year=2016,
                          result="qualified", inspected_on=dt.date(2017, 4, 2))
