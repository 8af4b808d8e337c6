"""Service cases through the API: a relief case from application to payment, the refusal's
failed conditions, the department's own queue, the applicant's own cases only."""

from __future__ import annotations

import datetime as dt

from fastapi.testclient import TestClient

from settle.database import transaction
from settle.registry.accounts import create_account
from settle.registry.identity import make_identity
from settle.registry.persons import register_person
from tests.api.conftest import PASSWORD, sign_in

RELIEF = "hangzhou-temporary-relief-2017"


def migrant(client: TestClient, n: int) -> int:
    """A registered migrant with an applicant account `migrant-n`; a civil affairs verifier."""
    born = dt.date(1990, 1, 1) + dt.timedelta(days=n)
    app = client.app
    with transaction(app.state.sessions) as session:  # type: ignore[attr-defined]
        person = register_person(session=session, actor="clerk", identity_number=make_identity(
            "330102", born, 2 * n), name=f"Migrant {n}", sex="female", birth_date=born,
            origin_place="Anhui", district="xihu", today=dt.date(2017, 10, 20))
        create_account(session=session, username=f"migrant-{n}", password=PASSWORD, role="applicant",
                       person_id=person.id)
        if n == 1:
            create_account(session=session, username="v-civil_affairs", password=PASSWORD,
                           role="department_verifier", department="civil_affairs")
        return person.id


def test_a_relief_case_goes_from_application_to_payment_through_the_api(client: TestClient) -> None:
    person_id = migrant(client, 1)
    me = sign_in(client, "migrant-1")
    applied = client.post("/cases", headers=me, json={
        "pack_id": RELIEF, "declared": {"migrant_in_hangzhou": True, "difficulty": "urgent"}})
    assert applied.status_code == 201, applied.text
    case = applied.json()
    assert (case["person_id"], case["department"], case["state"], case["eligible"]) == (
        person_id, "civil_affairs", "submitted", True)
    assert case["explanation"]["conditions"][1]["title"]["zh"] == "遇到突发性、紧迫性或临时性生活困难"
    civil = sign_in(client, "v-civil_affairs")
    queue = client.get("/cases", headers=civil).json()
    assert [c["id"] for c in queue] == [case["id"]]
    granted = client.post(f"/cases/{case['id']}/decision", headers=civil, json={
        "decision": "grant", "amount": "800.00", "currency": "CNY", "version": case["version"]})
    assert granted.status_code == 200, granted.text
    assert granted.json()["benefit"]["amount"] == "800.00"
    paid = client.post(f"/cases/{case['id']}/deliveries", headers=civil,
                       json={"on": "2017-10-20", "amount": "800.00", "reference": "TRF-17"})
    assert paid.status_code == 201, paid.text
    closed = client.post(f"/cases/{case['id']}/close", headers=civil, json={"reason": "paid in full"})
    assert closed.json()["state"] == "closed"
    mine = client.get(f"/cases/{case['id']}", headers=me).json()
    assert [e["action"] for e in mine["events"]] == ["apply", "grant", "deliver", "close"]
    assert mine["deliveries"][0]["amount"] == "800.00"


def test_a_refusal_through_the_api_lists_the_failed_conditions(client: TestClient) -> None:
    migrant(client, 1)
    me = sign_in(client, "migrant-1")
    case = client.post("/cases", headers=me, json={
        "pack_id": RELIEF, "declared": {"migrant_in_hangzhou": True, "difficulty": "none"}}).json()
    civil = sign_in(client, "v-civil_affairs")
    grant = client.post(f"/cases/{case['id']}/decision", headers=civil, json={"decision": "grant"})
    assert grant.status_code == 422 and "sudden_urgent_or_temporary_difficulty" in grant.json()["message"]
    refused = client.post(f"/cases/{case['id']}/decision", headers=civil, json={"decision": "refuse"}).json()
    assert refused["state"] == "refused"
    assert refused["failed_conditions"] == ["sudden_urgent_or_temporary_difficulty"]
    assert "temporary difficulty in daily life" in refused["decision_reason"]


def test_a_department_cannot_decide_or_see_another_departments_case(client: TestClient) -> None:
    migrant(client, 1)
    case = client.post("/cases", headers=sign_in(client, "migrant-1"), json={
        "pack_id": RELIEF, "declared": {"migrant_in_hangzhou": True, "difficulty": "urgent"}}).json()
    education = sign_in(client, "v-education")
    assert client.get("/cases", headers=education).json() == []
    assert client.get(f"/cases/{case['id']}", headers=education).status_code == 404
    decided = client.post(f"/cases/{case['id']}/decision", headers=education, json={"decision": "grant"})
    assert decided.status_code == 404
    assert client.get(f"/cases/{case['id']}", headers=sign_in(client, "officer")).status_code == 200


def test_an_applicant_sees_only_their_own_cases(client: TestClient) -> None:
    migrant(client, 1)
    other = migrant(client, 2)
    case = client.post("/cases", headers=sign_in(client, "migrant-1"), json={
        "pack_id": RELIEF, "declared": {"migrant_in_hangzhou": True, "difficulty": "urgent"}}).json()
    two = sign_in(client, "migrant-2")
    assert client.get("/cases", headers=two).json() == []
    assert client.get(f"/cases/{case['id']}", headers=two).status_code == 404
    for_other = client.post("/cases", headers=two, json={"pack_id": RELIEF, "person_id": other + 100})
    assert for_other.status_code == 403
    clerk = client.post("/cases", headers=sign_in(client, "clerk"), json={
        "pack_id": RELIEF, "person_id": other,
        "declared": {"migrant_in_hangzhou": True, "difficulty": "sudden"}})
    assert clerk.status_code == 201 and clerk.json()["channel"] == "window"
    assert [c["id"] for c in client.get("/cases", headers=two).json()] == [clerk.json()["id"]]


def test_bad_input_is_refused_in_the_users_language(client: TestClient) -> None:
    migrant(client, 1)
    answer = client.post("/cases", headers=sign_in(client, "migrant-1") | {"Accept-Language": "zh"},
                         json={"pack_id": "no-such-service"})
    assert answer.status_code == 404 and answer.json()["field"] == "pack_id"
    assert "没有服务数据包" in answer.json()["message"]
