"""The volunteer organization's page and the department's page, in Chinese and English: hours
recorded, confirmed and verified through the forms; a refusal names field, value and rule."""

from __future__ import annotations

import datetime as dt
import re

from fastapi.testclient import TestClient

from settle.database import transaction
from settle.registry.accounts import create_account
from settle.registry.identity import make_identity
from settle.registry.models import Organization
from settle.registry.persons import register_person
from tests.api.conftest import PASSWORD, client, database_url
from tests.workflow.volunteer_scenario import ACTIVITY, scored_volunteer

__all__ = ["client", "database_url"]  # the API tests' fixtures: a migrated database and its app


def _sign_in(client: TestClient, username: str) -> None:
    response = client.post("/login", data={"username": username, "password": PASSWORD},
                           follow_redirects=False)
    assert response.status_code == 303, response.text


def _org(client: TestClient) -> str:
    with transaction(client.app.state.sessions) as session:  # type: ignore[attr-defined]
        organization = Organization(name="草根之家", kind="volunteer_organization",
                                    registering_authority="youth_league", registered_on=dt.date(2006, 1, 1),
                                    city="guangzhou")
        session.add(organization)
        session.flush()
        create_account(session=session, username="org", password=PASSWORD, role="organization",
                       organization_id=organization.id)
        born = dt.date(1990, 2, 3)
        number = make_identity("440106", born, 5)
        register_person(session=session, actor="clerk", identity_number=number, name="王芳", sex="male",
                        birth_date=born, origin_place="Hunan")
    return number


def _no_english(page: str) -> list[str]:
    body = re.sub(r"<[^>]+>", " ", page.split("<main>", 1)[1])
    return re.findall(r"\b(?:Volunteer|Hours|Record|Activity|Registered)\b", body)


def test_an_organization_records_and_confirms_hours_and_the_league_verifies_them(client: TestClient) -> None:
    number = _org(client)
    _sign_in(client, "org")
    page = client.get("/staff/volunteers?lang=zh")
    assert page.status_code == 200 and "志愿服务" in page.text and _no_english(page.text) == []
    client.post("/staff/volunteers/register", data={"identity_number": number, "registered_on": "2016-01-01"})
    client.post("/staff/volunteers/activities", data={"name": "课业辅导", "category": "academic_counseling",
                                                      "starts_on": "2016-03-01", "ends_on": "2016-06-30"})
    done = client.post("/staff/volunteers/hours", data={"activity_id": "1", "volunteer_id": "1",
                                                        "served_on": "2016-03-05", "hours": "3"})
    assert done.status_code == 200 and 'data-state="recorded"' in done.text
    refused = client.post("/staff/volunteers/hours", data={"activity_id": "1", "volunteer_id": "1",
                                                           "served_on": "2016-03-05", "hours": "30"})
    assert refused.status_code == 422 and "hours = 30" in refused.text and "24小时" in refused.text
    confirmed = client.post("/staff/volunteers/hours/1", data={"decision": "confirm"})
    assert 'data-state="confirmed"' in confirmed.text
    client.post("/logout")
    _sign_in(client, "v-youth_league")
    waiting = client.get("/staff/volunteer-hours?lang=zh")
    assert "王*" in waiting.text and "王芳" not in waiting.text and "核实" in waiting.text
    verified = client.post("/staff/volunteer-hours/1", data={"decision": "verify"})
    assert verified.status_code == 200 and "暂无待核实" in verified.text
    english = client.get("/staff/volunteer-hours?lang=en")
    assert "No confirmed hours are waiting." in english.text


def test_a_clerk_cannot_open_the_organization_s_page(client: TestClient) -> None:
    _org(client)
    _sign_in(client, "clerk")
    assert client.get("/staff/volunteers").status_code == 403


def test_the_applicant_s_page_names_the_records_behind_the_hours(client: TestClient) -> None:
    with transaction(client.app.state.sessions) as session:  # type: ignore[attr-defined]
        scored_volunteer(session, "applicant", PASSWORD)
    _sign_in(client, "applicant")
    page = client.get("/me?lang=zh")
    assert page.status_code == 200
    assert ACTIVITY in page.text and "服务 8 小时" in page.text
