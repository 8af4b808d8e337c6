"""The information-sharing platform through the API: a department without an agreement gets
nothing and the refusal is logged; two departments see different fields of the same migrant and
the migrant sees both reads; an expired agreement refuses; the feed returns only the granted
changes, in order, resumable by cursor."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from settle.audit.chain import entries_about, verify_chain
from settle.database import transaction
from settle.paths import agreements_dir
from settle.registry.accounts import create_account
from settle.registry.identity import make_identity
from settle.registry.models import Disclosure
from settle.registry.persons import add_period, move_person, register_person
from tests.api.conftest import PASSWORD, sign_in


def migrant(client: TestClient, n: int, district: str = "tianhe") -> int:
    """A registered migrant with an applicant account `migrant-n`."""
    born = dt.date(1988, 3, 1) + dt.timedelta(days=n)
    with transaction(client.app.state.sessions) as session:  # type: ignore[attr-defined]
        person = register_person(session=session, actor="clerk", identity_number=make_identity(
            "440106", born, 2 * n), name=f"迁入者{n}", sex="female", birth_date=born,
            origin_place="Hunan", district=district, occupation="worker", today=dt.date(2017, 10, 20))
        create_account(session=session, username=f"migrant-{n}", password=PASSWORD, role="applicant",
                       person_id=person.id)
        return person.id


def test_a_department_without_an_agreement_gets_nothing_and_the_refusal_is_logged(client: TestClient) -> None:
    person_id = migrant(client, 1)
    youth = sign_in(client, "v-youth_league")
    refused = client.get(f"/sharing/persons/{person_id}", headers=youth,
                         params={"purpose": "school_enrolment"})
    assert refused.status_code == 403
    body = refused.json()
    assert (body["reason"], body["agreement"], body["field"]) == ("no_agreement", None, "department")
    assert "no sharing agreement lets Communist Youth League Guangzhou Committee read registration data" in (
        body["message"])
    assert "迁入者1" not in refused.text and "fields" not in body
    in_chinese = client.get(f"/sharing/persons/{person_id}", headers={**youth, "Accept-Language": "zh-CN"},
                            params={"purpose": "school_enrolment"}).json()
    assert "没有任何信息共享协议允许" in in_chinese["message"]
    with client.app.state.sessions() as session:  # type: ignore[attr-defined]
        logged = session.execute(select(Disclosure).where(Disclosure.person_id == person_id)).scalars().all()
        assert [(d.department, d.outcome, d.reason) for d in logged] == [
            ("youth_league", "refused", "no_agreement")] * 2
        entries = [e for e in entries_about(session, f"person/{person_id}")
                   if e.action == "refuse_disclosure"]
        assert [e.detail["reason"] for e in entries] == ["no_agreement"] * 2
        assert verify_chain(session).intact
    log = client.get("/sharing/disclosures", headers=sign_in(client, "officer"),
                     params={"outcome": "refused"}).json()
    assert [(e["department"], e["reason"]) for e in log] == [("youth_league", "no_agreement")] * 2
    mine = client.get("/sharing/me", headers=sign_in(client, "migrant-1")).json()
    assert mine == []


def test_two_departments_see_different_fields_and_the_migrant_sees_both_reads(client: TestClient) -> None:
    person_id = migrant(client, 2)
    education = client.get(f"/sharing/persons/{person_id}", headers=sign_in(client, "v-education"),
                           params={"purpose": "school_enrolment"})
    housing = client.get(f"/sharing/persons/{person_id}", headers=sign_in(client, "v-housing"),
                         params={"purpose": "public_rental_housing"})
    assert education.status_code == housing.status_code == 200, (education.text, housing.text)
    seen_by_education, seen_by_housing = education.json()["fields"], housing.json()["fields"]
    assert set(seen_by_education) == {"name", "sex", "birth_date", "district", "residence_permit",
                                      "social_insurance", "children"}
    assert set(seen_by_housing) == {"name", "identity_number", "district", "residence_permit",
                                    "social_insurance", "housing_fund"}
    assert "identity_number" not in seen_by_education and "birth_date" not in seen_by_housing
    assert seen_by_housing["identity_number"].startswith("440106")
    me = sign_in(client, "migrant-2")
    reads = client.get("/sharing/me", headers=me).json()
    assert {(r["department"], r["purpose"]) for r in reads} == {
        ("Education Bureau", "enrolment of migrants' children in compulsory education"),
        ("Housing Management Bureau", "deciding applications for public rental housing")}
    assert {r["agreement"] for r in reads} == {"education-school-enrolment", "housing-public-rental"}
    in_chinese = client.get("/sharing/me", headers={**me, "Accept-Language": "zh"}).json()
    assert {r["department"] for r in in_chinese} == {"教育局", "住房管理局"}
    assert any("身份证号码" in r["field_names"] for r in in_chinese)


def test_a_field_the_agreement_does_not_grant_or_a_purpose_not_agreed_is_refused(client: TestClient) -> None:
    person_id = migrant(client, 3)
    housing = sign_in(client, "v-housing")
    field = client.get(f"/sharing/persons/{person_id}", headers=housing,
                       params={"purpose": "public_rental_housing", "fields": ["name", "children"]})
    assert field.status_code == 403
    assert (field.json()["reason"], field.json()["agreement"]) == (
        "field_not_granted", "housing-public-rental")
    assert "does not grant children (birth date and sex)" in field.json()["message"]
    purpose = client.get(f"/sharing/persons/{person_id}", headers=housing,
                         params={"purpose": "school_enrolment"})
    assert purpose.json()["reason"] == "purpose_not_agreed"
    assert "housing-public-rental" in purpose.json()["message"]
    unknown = client.get(f"/sharing/persons/{person_id}", headers=housing,
                         params={"purpose": "public_rental_housing", "fields": ["salary"]})
    assert unknown.status_code == 422 and "salary is not a field of registration data" in unknown.text
    clerk = client.get(f"/sharing/persons/{person_id}", headers=sign_in(client, "clerk"),
                       params={"purpose": "public_rental_housing"})
    assert clerk.status_code == 403 and clerk.json()["field"] == "role"


def test_an_expired_agreement_refuses(client: TestClient, tmp_path: Path,
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "agreements"
    folder.mkdir()
    source = (agreements_dir() / "education-school-enrolment.yaml").read_text(encoding="utf-8")
    (folder / "education-school-enrolment.yaml").write_text(
        source.replace("valid_until: 2020-12-31", "valid_until: 2016-12-31"), encoding="utf-8")
    monkeypatch.setenv("SETTLE_AGREEMENTS", str(folder))
    person_id = migrant(client, 4)
    refused = client.get(f"/sharing/persons/{person_id}", headers=sign_in(client, "v-education"),
                         params={"purpose": "school_enrolment"})
    assert refused.status_code == 403
    body = refused.json()
    assert (body["reason"], body["agreement"]) == ("expired", "education-school-enrolment")
    assert "valid until 2016-12-31; today is 2017-10-20" in body["message"]
    feed = client.get("/sharing/feed", headers=sign_in(client, "v-education"),
                      params={"purpose": "school_enrolment"})
    assert feed.status_code == 403 and feed.json()["reason"] == "expired"


def test_the_feed_returns_only_the_granted_changes_in_order_resumable_by_cursor(client: TestClient) -> None:
    first, second = migrant(client, 5, "tianhe"), migrant(client, 6, "haizhu")
    with transaction(client.app.state.sessions) as session:  # type: ignore[attr-defined]
        move_person(session=session, actor="clerk", person_id=first, district="panyu")
        add_period(session=session, actor="clerk", person_id=second, kind="residence_permit",
                   start=dt.date(2017, 9, 1), department="public_security")
    housing = sign_in(client, "v-housing")  # subscribes to moves and permits, not registrations
    page = client.get("/sharing/feed", headers=housing,
                      params={"purpose": "public_rental_housing", "limit": 1})
    assert page.status_code == 200, page.text
    body = page.json()
    assert body["kinds"] == ["move", "permit_issued"] and body["more"] is True
    assert [(i["kind"], i["person_id"], i["fields"]) for i in body["items"]] == [
        ("move", first, {"district": "panyu", "district_before": "tianhe"})]
    rest = client.get("/sharing/feed", headers=housing,
                      params={"purpose": "public_rental_housing", "since": body["cursor"]}).json()
    assert [(i["kind"], i["person_id"]) for i in rest["items"]] == [("permit_issued", second)]
    assert rest["items"][0]["fields"]["residence_permit"]["start"] == "2017-09-01"
    assert rest["items"][0]["cursor"] > body["cursor"] and rest["more"] is False
    again = client.get("/sharing/feed", headers=housing,
                       params={"purpose": "public_rental_housing", "since": rest["cursor"]}).json()
    assert again["items"] == [] and again["cursor"] == rest["cursor"]
    health = client.get("/sharing/feed", headers=sign_in(client, "v-health_planning"),
                        params={"purpose": "health_profiles"}).json()  # registrations and moves
    assert [(i["kind"], i["person_id"]) for i in health["items"]] == [
        ("registration", first), ("registration", second), ("move", first)]
    assert set(health["items"][0]["fields"]) == {"name", "sex", "birth_date", "district"}
    cursors = [i["cursor"] for i in health["items"]]
    assert cursors == sorted(cursors)
    reads = client.get("/sharing/me", headers=sign_in(client, "migrant-6")).json()
    assert {(r["department"], r["channel"]) for r in reads} == {
        ("Housing Management Bureau", "feed"), ("Health and Family Planning Commission", "feed")}


def test_a_move_recorded_at_the_window_reaches_the_feed_and_the_same_district_is_refused(
        client: TestClient) -> None:
    person_id = migrant(client, 7, "baiyun")
    clerk = sign_in(client, "clerk")
    moved = client.post(f"/persons/{person_id}/moves", headers=clerk, json={"district": "huadu"})
    assert moved.status_code == 200, moved.text
    assert moved.json()["district"] == "huadu"
    again = client.post(f"/persons/{person_id}/moves", headers={**clerk, "Accept-Language": "zh"},
                        json={"district": "huadu"})
    assert again.status_code == 422 and again.json()["field"] == "district"
    assert "已登记在huadu" in again.json()["message"]
    feed = client.get("/sharing/feed", headers=sign_in(client, "v-housing"),
                      params={"purpose": "housing_planning"}).json()
    assert [(i["kind"], i["fields"]) for i in feed["items"]] == [
        ("move", {"district": "huadu", "district_before": "baiyun"})]


def test_the_agreements_are_listed_with_whether_each_is_in_force_in_the_users_language(
        client: TestClient) -> None:
    housing_staff = {**sign_in(client, "v-housing"), "Accept-Language": "zh"}
    listed = client.get("/sharing/agreements", headers=housing_staff)
    assert listed.status_code == 200, listed.text
    by_id = {a["id"]: a for a in listed.json()}
    housing = by_id["housing-public-rental"]
    assert (housing["holder"], housing["user"], housing["in_force"]) == ("public_security", "housing", True)
    assert housing["purposes"]["public_rental_housing"] == "审核公共租赁住房申请"
    assert "children" not in housing["fields"] and housing["changes"] == ["move", "permit_issued"]
