"""A full round through the HTTP API, from registration to settlement card, with every role."""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import update

from settle.database import transaction
from settle.registry.identity import make_identity
from settle.registry.models import Account, AuditEntry
from tests.api.conftest import sign_in
from tests.workflow.db_scenario import DECLARED


def _ok(response: Any, status: int = 200) -> Any:
    assert response.status_code == status, response.text
    return response.json()


def _register(client: TestClient, clerk: dict[str, str], n: int, insured_from: str, permit_from: str) -> int:
    born = dt.date(1985, 1, 1) + dt.timedelta(days=97 * n)
    person = _ok(client.post("/persons", headers=clerk, json={
        "identity_number": make_identity("440106", born, 2 * n + 1), "name": f"王{n}明",
        "sex": "male", "birth_date": born.isoformat(), "origin_place": "Hunan", "district": "baiyun"}), 201)
    _ok(client.post(f"/persons/{person['id']}/periods", headers=clerk, json={
        "kind": "social_insurance", "subtype": "medical", "start": insured_from}), 201)
    _ok(client.post(f"/persons/{person['id']}/periods", headers=clerk, json={
        "kind": "residence_permit", "start": permit_from}), 201)
    return int(person["id"])


def test_a_round_runs_end_to_end_through_the_api(client: TestClient) -> None:
    clerk, officer = sign_in(client, "clerk"), sign_in(client, "officer")
    round_ = _ok(client.post("/rounds", headers=officer, json={
        "pack_id": "guangzhou-2017", "name": "2017", "window_opens": "2017-10-10",
        "window_closes": "2017-11-08", "quota": 1}), 201)
    people = [_register(client, clerk, 0, "2010-11-01", "2011-01-01"),
              _register(client, clerk, 1, "2011-11-01", "2011-01-01"),
              _register(client, clerk, 2, "2012-11-01", "2012-03-01")]
    with transaction(client.app.state.sessions) as session:  # type: ignore[attr-defined]
        session.add(Account(username="applicant-1", password_hash=_hash(), role="applicant",
                            person_id=people[1]))
    ids = []
    for person_id in people:
        application = _ok(client.post("/applications", headers=clerk, json={
            "person_id": person_id, "round_id": round_["id"], "declared": DECLARED}), 201)
        ids.append(application["id"])
        duplicate = client.post("/applications", headers=clerk, json={
            "person_id": person_id, "round_id": round_["id"], "declared": {"education": "phd"}})
        assert duplicate.status_code == 409
        assert duplicate.json()["existing_id"] == application["id"]
        again = _ok(client.post(f"/applications/{application['id']}/submit", headers=clerk))
        assert _ok(client.post(f"/applications/{application['id']}/submit", headers=clerk)) == again
        _ok(client.post(f"/applications/{application['id']}/accept", headers=clerk))

    education = sign_in(client, "v-education")
    tasks = _ok(client.get("/verification/tasks", headers=education))
    assert {t["fact"] for t in tasks} == {"education"}
    assert all("*" in t["applicant"] and "identity_number" not in t for t in tasks)
    assert _ok(client.get(f"/applications/{ids[0]}", headers=education), 403)["code"] == "forbidden"
    housing_task = _ok(client.get("/verification/tasks", headers=sign_in(client, "v-housing")))[0]
    denied = client.post(f"/verification/tasks/{housing_task['id']}", headers=education,
                         json={"decision": "confirm", "version": housing_task["version"]})
    assert denied.status_code == 404 and "housing" not in denied.text  # as if it did not exist

    for department in ("education", "human_resources", "housing", "migrant_services"):
        headers = sign_in(client, f"v-{department}")
        for task in _ok(client.get("/verification/tasks", headers=headers)):
            _ok(client.post(f"/verification/tasks/{task['id']}", headers=headers,
                            json={"decision": "confirm", "version": task["version"]}))
    early = client.post(f"/rounds/{round_['id']}/rank", headers=officer)
    assert early.status_code == 422 and "rank from 2017-11-09" in early.json()["message"]
    zh = client.post(f"/rounds/{round_['id']}/rank", headers={**officer, "Accept-Language": "zh-CN"})
    assert "2017-11-09起方可排名" in zh.json()["message"]
    client.app.state.today = dt.date(2017, 11, 9)  # type: ignore[attr-defined]
    ranking = _ok(client.post(f"/rounds/{round_['id']}/rank", headers=officer))
    for application_id in ids:
        scored = _ok(client.get(f"/applications/{application_id}", headers=officer))
        assert scored["state"] == "ranked" and scored["eligible"] is True
    # ids 0 and 1: 84 and 72 months of medical insurance; quota 1
    assert ranking["admitted"] == [ids[0]]
    client.app.state.today = dt.date(2017, 12, 1)  # type: ignore[attr-defined]
    _ok(client.post(f"/rounds/{round_['id']}/disclose", headers=officer))
    client.app.state.today = dt.date(2017, 12, 6)  # type: ignore[attr-defined]  # disclosed 5 days
    notice = _ok(client.post(f"/rounds/{round_['id']}/notice", headers=officer))
    assert notice["notice_closes"] == "2017-12-10"
    published = _ok(client.get(f"/rounds/{round_['id']}/notice"))
    assert published["rows"][0]["name"] == "王**" and "********" in published["rows"][0]["identity_number"]

    other = client.post(f"/applications/{ids[0]}/objections", headers=sign_in(client, "applicant-1"),
                        json={"text": "Applicant 0 left employment"})
    assert other.status_code == 403  # an applicant objects to their own application only
    analyst = client.post(f"/applications/{ids[0]}/objections", headers=sign_in(client, "analyst"),
                          json={"text": "x", "correction": {"medical_insurance_periods": [
                              {"from": "1999-01", "to": None}]}})
    assert analyst.status_code == 403
    bad = client.post(f"/applications/{ids[0]}/objections", headers=clerk,
                      json={"text": "x", "correction": {"education": "phd" * 1000}})
    assert bad.status_code == 422 and bad.json()["field"] == "correction.education"
    assert len(bad.text) < 1000
    objection = _ok(client.post(f"/applications/{ids[0]}/objections", headers=clerk,
                                json={"text": "Applicant 0 left employment (letter from the employer)",
                                      "correction": {"stable_employment": False}}), 201)
    outcome = _ok(client.post(f"/objections/{objection['id']}/decision", headers=officer,
                              json={"upheld": True, "decision": "Confirmed with the employer"}))
    routed = [(t["fact"], t["department"]) for t in outcome["tasks"]]
    assert routed == [("stable_employment", "human_resources")]
    hr = sign_in(client, "v-human_resources")
    task = next(t for t in _ok(client.get("/verification/tasks", headers=hr))
                if t["id"] == outcome["tasks"][0]["id"])
    changed = _ok(client.post(f"/verification/tasks/{task['id']}", headers=hr,
                              json={"decision": "confirm", "version": task["version"]}))["ranking"]
    assert changed["no_longer_admitted"] == [ids[0]] and changed["newly_admitted"] == [ids[1]]
    published = _ok(client.get(f"/rounds/{round_['id']}/notice"))
    assert [r["admitted"] for r in published["rows"]] == [True, False]

    client.app.state.today = dt.date(2017, 12, 11)  # type: ignore[attr-defined]
    _ok(client.post(f"/rounds/{round_['id']}/finalize", headers=officer))
    card = _ok(client.post(f"/applications/{ids[1]}/card", headers=officer))
    assert card["state"] == "card_issued" and card["settlement_card"].startswith("SC-")
    assert _ok(client.post(f"/applications/{ids[1]}/settle", headers=officer))["state"] == "settled"
    refused = client.post(f"/applications/{ids[0]}/card", headers=officer)
    assert refused.status_code == 422 and refused.json()["field"] == "admitted"

    admin = sign_in(client, "admin")
    assert _ok(client.get("/audit/verify", headers=admin))["intact"] is True
    with transaction(client.app.state.sessions) as session:  # type: ignore[attr-defined]
        session.execute(update(AuditEntry).where(AuditEntry.seq == 10).values(purpose="tampered"))
    broken = _ok(client.get("/audit/verify", headers=admin))
    assert broken["intact"] is False and broken["broken_at"] == 10


def _hash() -> str:
    from settle.registry.accounts import hash_password

    return hash_password("test-password")


def test_an_analyst_sees_aggregates_but_no_personal_data(client: TestClient) -> None:
    analyst = sign_in(client, "analyst")
    officer = sign_in(client, "officer")
    round_ = _ok(client.post("/rounds", headers=officer, json={
        "pack_id": "guangzhou-2017", "name": "2017", "window_opens": "2017-10-10",
        "window_closes": "2017-11-08", "quota": 1}), 201)
    assert _ok(client.get(f"/rounds/{round_['id']}/stats", headers=analyst))["applications"] == 0
    person = _register(client, sign_in(client, "clerk"), 0, "2010-11-01", "2011-01-01")
    _ok(client.post("/applications", headers=sign_in(client, "clerk"), json={
        "person_id": person, "round_id": round_["id"], "declared": DECLARED}), 201)
    one = _ok(client.get(f"/rounds/{round_['id']}/stats", headers=analyst))
    assert one["applications"] is None and one["mean_total"] is None and one["suppressed_below"] == 10
    assert client.get("/persons", headers=analyst, params={"purpose": "curiosity"}).status_code == 403
    assert client.get("/persons/1", headers=analyst).status_code == 403


def test_errors_have_a_code_a_message_and_the_field(client: TestClient) -> None:
    clerk = sign_in(client, "clerk")
    bad = client.post("/persons", headers=clerk, json={
        "identity_number": "110105194912310021", "name": "A", "sex": "female",
        "birth_date": "1949-12-31", "origin_place": "Beijing"})
    assert bad.status_code == 422
    assert bad.json() == {"code": "invalid", "field": "identity_number",
                          "message": "identity_number: check character is 1, GB 11643 gives X"}
    missing = client.post("/persons", headers=clerk, json={"name": "A"})
    assert missing.status_code == 422 and missing.json()["code"] == "invalid_request"
    assert client.get("/persons/1").status_code == 401
    assert client.get("/persons", headers=clerk).json()["field"] == "purpose"


def test_services_of_a_city_are_assessed_for_one_person_without_sign_in(client: TestClient) -> None:
    family = {"child_birth_date": "2010-01-01", "lives_with_parents_in_guangzhou": True,
              "parent_works_in_guangzhou": True, "parent_years_in_guangzhou": 3,
              "diagnosed_serious_illness": True, "family_cannot_pay": True}
    services = _ok(client.post("/services/guangzhou", params={"as_of": "2017-11-01", "lang": "zh"},
                               json=family))
    illness = next(s for s in services if s["pack"] == "guangzhou-child-serious-illness-2015")
    assert illness["eligible"] is True and illness["amount"] == "1508" and illness["amount_unit"] == "USD"
    assert all(c["met"] for c in illness["conditions"])
    school = next(s for s in services if s["pack"] == "guangzhou-school-enrollment-2017")
    assert school["assessed"] is False and any("district" in m for m in school["missing"])
