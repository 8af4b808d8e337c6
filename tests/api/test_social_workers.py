"""The register of social workers through the API: civil affairs registers and withdraws, the
person reads their own registration; the monthly subsidy is a service case of the subsidy pack
whose facts come from the register (60 USD a month for a social worker, 30 for an associate,
refused once withdrawn); refusals name the field, the value and the rule in Chinese."""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import select

from settle.database import transaction
from settle.registry.accounts import create_account
from settle.registry.identity import make_identity
from settle.registry.models import AuditEntry, Organization
from settle.registry.persons import register_person
from tests.api.conftest import PASSWORD, sign_in

PACK = "hangzhou-social-worker-subsidy-2017"
ZH = {"Accept-Language": "zh-CN"}


def _setup(client: TestClient) -> tuple[list[str], int, int]:
    """Three registered migrants with applicant accounts `sw-1..3`, a civil affairs verifier,
    a registered social work agency and a deregistered one."""
    numbers = []
    with transaction(client.app.state.sessions) as session:  # type: ignore[attr-defined]
        create_account(session=session, username="v-civil_affairs", password=PASSWORD,
                       role="department_verifier", department="civil_affairs")
        agencies = []
        for name, state in (("彩虹社工服务中心", "registered"), ("旧社工站", "deregistered")):
            agency = Organization(name=name, kind="social_service_agency",
                                  registering_authority="civil_affairs_bureau",
                                  registered_on=dt.date(2012, 1, 1), city="hangzhou", state=state)
            session.add(agency)
            session.flush()
            agencies.append(agency.id)
        for n in (1, 2, 3):
            born = dt.date(1985, 5, n)
            number = make_identity("330102", born, 2 * n + 1)
            person = register_person(session=session, actor="clerk", identity_number=number, name=f"社工{n}",
                                     sex="male", birth_date=born, origin_place="Anhui", district="xihu",
                                     today=dt.date(2017, 10, 20))
            create_account(session=session, username=f"sw-{n}", password=PASSWORD, role="applicant",
                           person_id=person.id)
            numbers.append(number)
    return numbers, agencies[0], agencies[1]


def _register(client: TestClient, headers: dict[str, str], number: str, level: str,
              **more: object) -> dict[str, Any]:
    body = {"identity_number": number, "certificate_level": level, "certificate_number": f"SW-{number[-4:]}",
            "certified_on": "2015-06-30", "employer_kind": "community", "employer_name": "翠苑一区社区",
            "registered_on": "2016-01-04"} | more
    response = client.post("/social-workers", headers=headers, json=body)
    assert response.status_code == 201, response.text
    found: dict[str, Any] = response.json()
    return found


def _case(client: TestClient, username: str) -> dict[str, Any]:
    applied = client.post("/cases", headers=sign_in(client, username), json={"pack_id": PACK, "declared": {}})
    assert applied.status_code == 201, applied.text
    found: dict[str, Any] = applied.json()
    return found


def test_the_subsidy_case_reads_the_register_and_is_granted_by_level_or_refused_once_withdrawn(
        client: TestClient) -> None:
    numbers, agency, _ = _setup(client)
    civil = sign_in(client, "v-civil_affairs")
    worker = _register(client, civil, numbers[0], "social_worker", employer_kind="social_work_agency",
                       employer_organization_id=agency, employer_name=None)
    assert worker["employer_name"] == "彩虹社工服务中心"
    assert (worker["subsidy"]["eligible"], worker["subsidy"]["amount"], worker["subsidy"]["currency"]) == (
        True, "60.00", "USD")
    associate = _register(client, civil, numbers[1], "associate_social_worker")
    assert associate["subsidy"]["amount"] == "30.00"

    case = _case(client, "sw-1")
    assert case["fact_sources"] == {"certificate_level": "registry", "employer_kind": "registry",
                                    "works_as_social_worker_in_hangzhou": "registry"}
    assert case["eligible"] is True and case["explanation"]["amount"] == "60.00"
    granted = client.post(f"/cases/{case['id']}/decision", headers=civil, json={
        "decision": "grant", "amount": "60", "currency": "USD", "version": case["version"]})
    assert granted.status_code == 200, granted.text
    assert granted.json()["benefit"]["amount"] in ("60", "60.00")
    paid = client.post(f"/cases/{case['id']}/deliveries", headers=civil,
                       json={"on": "2017-10-20", "amount": "60", "reference": "SW-2017-10"})
    assert paid.status_code == 201, paid.text

    second = _case(client, "sw-2")
    assert second["eligible"] is True and second["explanation"]["amount"] == "30.00"
    assert set(second["fact_sources"].values()) == {"registry"}

    withdrawn = client.post(f"/social-workers/{associate['id']}/withdraw", headers=civil,
                            json={"reason": "离开杭州", "on": "2017-09-30"})
    assert withdrawn.status_code == 200, withdrawn.text
    assert withdrawn.json()["state"] == "withdrawn" and withdrawn.json()["subsidy"]["eligible"] is False
    assert withdrawn.json()["subsidy"]["amount"] is None
    third = _case(client, "sw-2")
    assert third["eligible"] is False
    assert set(third["failed_conditions"]) == {"certified", "works_in_hangzhou"}
    refused = client.post(f"/cases/{third['id']}/decision", headers=civil,
                          json={"decision": "refuse", "version": third["version"]})
    assert refused.status_code == 200 and refused.json()["state"] == "refused", refused.text
    again = client.post(f"/cases/{third['id']}/decision", headers=civil,
                        json={"decision": "grant", "version": refused.json()["version"]})
    assert again.status_code in (409, 422)

    unregistered = _case(client, "sw-3")
    assert unregistered["eligible"] is False
    assert unregistered["fact_sources"]["certificate_level"] == "registry"


def test_refusals_name_the_field_the_value_and_the_rule_in_chinese(client: TestClient) -> None:
    numbers, agency, closed = _setup(client)
    civil = {**sign_in(client, "v-civil_affairs"), **ZH}
    base: dict[str, object] = {
        "identity_number": numbers[0], "certificate_level": "social_worker", "certificate_number": "SW-1",
        "certified_on": "2015-06-30", "employer_kind": "community", "employer_name": "翠苑一区社区",
        "registered_on": "2016-01-04"}
    cases: list[tuple[dict[str, object], str, str, str]] = [
        ({"certificate_level": "master"}, "certificate_level", "master", "不是证书等级"),
        ({"registered_on": "2018-01-01"}, "registered_on", "2018-01-01", "不能在未来"),
        ({"certified_on": "2016-02-01"}, "certified_on", "2016-02-01", "只能登记已取得的证书"),
        ({"employer_kind": "factory"}, "employer_kind", "factory", "不是工作单位类型"),
        ({"employer_kind": "other", "employer_organization_id": closed}, "employer_organization_id",
         str(closed), "deregistered"),
        ({"employer_kind": "other", "employer_organization_id": 999}, "employer_organization_id", "999",
         "无此组织")]
    for change, field, value, rule in cases:
        refused = client.post("/social-workers", headers=civil, json=base | change)
        assert refused.status_code in (404, 409, 422), (change, refused.text)
        body = refused.json()
        assert body["field"] == field and value in body["message"] and rule in body["message"], body
    first = client.post("/social-workers", headers=civil, json=base | {"employer_kind": "social_work_agency",
                                                                       "employer_organization_id": agency})
    assert first.status_code == 201, first.text
    twice = client.post("/social-workers", headers=civil, json=base)
    assert twice.status_code == 409 and twice.json()["field"] == "person_id"
    assert "每人只能有一项有效登记" in twice.json()["message"]
    no_reason = client.post(f"/social-workers/{first.json()['id']}/withdraw", headers=civil,
                            json={"reason": " "})
    assert no_reason.status_code == 422 and no_reason.json()["field"] == "reason"
    early = client.post(f"/social-workers/{first.json()['id']}/withdraw", headers=civil,
                        json={"reason": "离职", "on": "2015-01-01"})
    assert early.json()["field"] == "on" and "2015-01-01" in early.json()["message"]


def test_only_civil_affairs_keeps_the_register_and_a_person_reads_only_their_own(client: TestClient) -> None:
    numbers, _, _ = _setup(client)
    civil = sign_in(client, "v-civil_affairs")
    worker = _register(client, civil, numbers[0], "social_worker")
    for username in ("clerk", "officer", "analyst", "v-education", "sw-1"):
        headers = sign_in(client, username)
        assert client.get("/social-workers", headers=headers).status_code == 403, username
        refused = client.post("/social-workers", headers=headers, json={
            "identity_number": numbers[1], "certificate_level": "social_worker", "certificate_number": "X-1",
            "certified_on": "2015-01-01", "employer_kind": "other", "employer_name": "某单位",
            "registered_on": "2016-01-01"})
        assert refused.status_code == 403, username
        assert client.post(f"/social-workers/{worker['id']}/withdraw", headers=headers,
                           json={"reason": "x"}).status_code == 403
    mine = client.get(f"/social-workers/{worker['id']}", headers=sign_in(client, "sw-1"))
    assert mine.status_code == 200 and mine.json()["subsidy"]["amount"] == "60.00"
    assert client.get(f"/social-workers/{worker['id']}", headers=sign_in(client, "sw-2")).status_code == 404
    assert client.get(f"/social-workers/{worker['id']}", headers=sign_in(client, "clerk")).status_code == 403
    listed = client.get("/social-workers", headers=civil).json()
    assert [(w["name"], w["certificate_level"], w["subsidy"]["amount"]) for w in listed] == [
        ("社工1", "social_worker", "60.00")]
    with transaction(client.app.state.sessions) as session:  # type: ignore[attr-defined]
        actions = set(session.execute(select(AuditEntry.action)).scalars())
    assert {"register_social_worker", "read_social_workers", "read_social_worker"} <= actions


def test_a_new_certificate_changes_the_subsidy_and_a_withdrawn_registration_is_not_changed(
        client: TestClient) -> None:
    numbers, agency, closed = _setup(client)
    civil = {**sign_in(client, "v-civil_affairs"), **ZH}
    worker = _register(client, civil, numbers[0], "associate_social_worker")
    assert worker["subsidy"]["amount"] == "30.00"
    promoted = client.post(f"/social-workers/{worker['id']}/change", headers=civil, json={
        "certificate_level": "social_worker", "certificate_number": "SW-2017-9",
        "certified_on": "2015-12-01"})
    assert promoted.status_code == 200, promoted.text
    assert (promoted.json()["certificate_level"], promoted.json()["subsidy"]["amount"]) == (
        "social_worker", "60.00")
    moved = client.post(f"/social-workers/{worker['id']}/change", headers=civil, json={
        "employer_kind": "social_work_agency", "employer_organization_id": agency})
    assert moved.json()["employer_name"] == "彩虹社工服务中心"
    assert moved.json()["employer_kind"] == "social_work_agency"
    refused = client.post(f"/social-workers/{worker['id']}/change", headers=civil, json={
        "employer_kind": "other", "employer_organization_id": closed})
    assert refused.status_code == 422 and refused.json()["field"] == "employer_organization_id"
    assert "旧社工站" in refused.json()["message"] and "deregistered" in refused.json()["message"]
    client.post(f"/social-workers/{worker['id']}/withdraw", headers=civil, json={"reason": "离职"})
    late = client.post(f"/social-workers/{worker['id']}/change", headers=civil,
                       json={"certificate_level": "senior_social_worker"})
    assert late.status_code == 422 and late.json()["field"] == "social_worker_id"
    assert "已撤销" in late.json()["message"]
