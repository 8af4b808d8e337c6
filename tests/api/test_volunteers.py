"""Volunteer service through the API: an organization records and confirms its own hours,
the department verifies them, the application's explanation names the record behind them;
an organization reaches nothing of another's."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from fastapi.testclient import TestClient

from settle.database import transaction
from settle.registry.accounts import create_account
from settle.registry.identity import make_identity
from settle.registry.models import Organization
from settle.registry.persons import register_person
from tests.api.conftest import PASSWORD, sign_in
from tests.workflow.volunteer_scenario import ACTIVITY, scored_volunteer


def _setup(client: TestClient) -> str:
    """Two volunteer organizations with a staff account each; one registered migrant."""
    with transaction(client.app.state.sessions) as session:  # type: ignore[attr-defined]
        for n, name in enumerate(("Grassroots House", "Another House"), 1):
            organization = Organization(name=name, kind="volunteer_organization",
                                        registering_authority="youth_league",
                                        registered_on=dt.date(2006, 1, 1), city="guangzhou")
            session.add(organization)
            session.flush()
            create_account(session=session, username=f"org-{n}", password=PASSWORD, role="organization",
                           organization_id=organization.id)
        born = dt.date(1988, 3, 4)
        number = make_identity("440106", born, 3)
        register_person(session=session, actor="clerk", identity_number=number, name="李明", sex="male",
                        birth_date=born, origin_place="Hunan")
    return number


def test_hours_go_from_the_organization_through_the_department_into_the_registry(client: TestClient) -> None:
    number = _setup(client)
    org = sign_in(client, "org-1")
    volunteer = client.post("/volunteers", headers=org,
                            json={"identity_number": number, "registered_on": "2016-01-01"})
    assert volunteer.status_code == 201, volunteer.text
    assert volunteer.json()["number"].startswith("ZY")
    activity = client.post("/volunteers/activities", headers=org, json={
        "name": "城市导览", "category": "city_touring", "starts_on": "2016-05-01", "ends_on": "2016-05-31"})
    assert activity.status_code == 201, activity.text
    hours = client.post("/volunteers/hours", headers=org, json={
        "activity_id": activity.json()["id"], "volunteer_id": volunteer.json()["id"],
        "served_on": "2016-05-02", "hours": "6.5"})
    assert hours.status_code == 201, hours.text
    hours_id = hours.json()["id"]
    league = sign_in(client, "v-youth_league")
    assert client.get("/volunteers/verification", headers=league).json() == []
    other = sign_in(client, "org-2")
    assert client.post(f"/volunteers/hours/{hours_id}/confirm", headers=other).status_code == 404
    assert client.get("/volunteers", headers=other).json() == []
    assert client.get("/volunteers/hours", headers=other).json() == []
    assert client.post(f"/volunteers/hours/{hours_id}/confirm", headers=org).json()["state"] == "confirmed"
    [waiting] = client.get("/volunteers/verification", headers=league).json()
    assert waiting["volunteer_name"] == "李*"
    assert client.post(f"/volunteers/hours/{hours_id}/verify", headers=sign_in(client, "v-education")) \
        .status_code == 404
    verified = client.post(f"/volunteers/hours/{hours_id}/verify", headers=league)
    assert verified.status_code == 200, verified.text
    assert verified.json()["state"] == "verified" and verified.json()["record_id"] is not None


def test_the_refusal_names_field_value_and_rule_in_chinese(client: TestClient) -> None:
    _setup(client)
    org = sign_in(client, "org-1")
    refused = client.post("/volunteers/activities", headers={**org, "Accept-Language": "zh-CN"}, json={
        "name": "x", "category": "dancing", "starts_on": "2016-05-01", "ends_on": "2016-05-31"})
    assert refused.status_code == 422
    assert refused.json()["field"] == "category" and "dancing" in refused.json()["message"]
    assert "须为以下之一" in refused.json()["message"]


def test_only_organization_staff_reach_volunteers(client: TestClient) -> None:
    _setup(client)
    assert client.get("/volunteers", headers=sign_in(client, "clerk")).status_code == 403


def test_blood_donations_are_recorded_by_the_health_department(client: TestClient) -> None:
    _setup(client)
    body = {"person_id": 1, "donated_on": "2016-06-01", "volume_ml": 300, "city": "guangzhou"}
    refused = client.post("/blood-donations", headers=sign_in(client, "v-education"), json=body)
    assert refused.status_code == 403
    made = client.post("/blood-donations", headers=sign_in(client, "v-health_planning"), json=body)
    assert made.status_code == 201, made.text
    assert made.json()["record_id"] is not None


def test_the_explanation_names_the_record_behind_each_hour(client: TestClient) -> None:
    with transaction(client.app.state.sessions) as session:  # type: ignore[attr-defined]
        application_id = scored_volunteer(session, "applicant", PASSWORD)
    answer = client.get(f"/applications/{application_id}/explanation", headers=sign_in(client, "applicant"))
    assert answer.status_code == 200, answer.text
    body = answer.json()
    item = next(i for i in body["report"]["items"] if i["id"] == "volunteer_service")
    assert Decimal(item["points"]) == 2
    lines = body["records"]["volunteer_service"]
    assert len(lines) == 7 and all(ACTIVITY in line["source"] for line in lines)
    zh = client.get(f"/applications/{application_id}/explanation",
                    headers={**sign_in(client, "applicant"), "Accept-Language": "zh"}).json()
    assert "小时" in zh["records"]["volunteer_service"][0]["source"]
    assert client.get(f"/applications/{application_id}/explanation",
                      headers=sign_in(client, "analyst")).status_code == 403
