"""Two verifiers deciding at the same moment never lose an update (optimistic locking),
tested with concurrent requests against PostgreSQL."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.api.conftest import sign_in
from tests.api.test_settlement_round import _ok, _register
from tests.workflow.db_scenario import DECLARED

pytestmark = pytest.mark.postgres


@pytest.fixture
def database_url(postgres_url: str) -> str:  # PostgreSQL only: SQLite serialises writers
    from tests.api.conftest import fresh_postgres

    return fresh_postgres(postgres_url)


def _application_with_tasks(client: TestClient) -> int:
    clerk, officer = sign_in(client, "clerk"), sign_in(client, "officer")
    round_ = _ok(client.post("/rounds", headers=officer, json={
        "pack_id": "guangzhou-2017", "name": "2017", "window_opens": "2017-10-10",
        "window_closes": "2017-11-08", "quota": 1}), 201)
    person_id = _register(client, clerk, 0, "2010-11-01", "2011-01-01")
    application = _ok(client.post("/applications", headers=clerk, json={
        "person_id": person_id, "round_id": round_["id"], "declared": DECLARED}), 201)
    _ok(client.post(f"/applications/{application['id']}/submit", headers=clerk))
    _ok(client.post(f"/applications/{application['id']}/accept", headers=clerk))
    return int(application["id"])


def _race(calls: list[Any]) -> list[Any]:
    barrier = threading.Barrier(len(calls))
    results: list[Any] = [None] * len(calls)

    def run(i: int) -> None:
        barrier.wait()
        results[i] = calls[i]()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(calls))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def test_two_verifiers_deciding_the_same_item_at_once_one_wins_one_is_told(client: TestClient) -> None:
    _application_with_tasks(client)
    education = sign_in(client, "v-education")
    task = _ok(client.get("/verification/tasks", headers=education))[0]
    other = sign_in(client, "v-education")
    bodies = [{"decision": "confirm", "version": task["version"]},
              {"decision": "correct", "value": "high_school", "version": task["version"]}]
    responses = _race([lambda h=h, b=b: client.post(f"/verification/tasks/{task['id']}", headers=h, json=b)
                       for h, b in zip((education, other), bodies, strict=True)])
    codes = sorted(r.status_code for r in responses)
    assert codes == [200, 409], [r.text for r in responses]
    loser = next(r for r in responses if r.status_code == 409).json()
    assert loser["code"] == "stale_version" and loser["field"] == "version"


def test_verifiers_of_two_departments_updating_one_application_both_keep_their_decision(
        client: TestClient) -> None:
    application_id = _application_with_tasks(client)
    education, housing = sign_in(client, "v-education"), sign_in(client, "v-housing")
    first = _ok(client.get("/verification/tasks", headers=education))[0]
    second = _ok(client.get("/verification/tasks", headers=housing))[0]
    responses = _race([
        lambda: client.post(f"/verification/tasks/{first['id']}", headers=education,
                            json={"decision": "correct", "value": "high_school",
                                  "version": first["version"]}),
        lambda: client.post(f"/verification/tasks/{second['id']}", headers=housing,
                            json={"decision": "reject", "reason": "no lease", "version": second["version"]}),
    ])
    assert [r.status_code for r in responses] == [200, 200], [r.text for r in responses]
    evidence = {e["fact"]: e for e in _ok(client.get(f"/applications/{application_id}",
                                                     headers=sign_in(client, "clerk")))["evidence"]}
    assert evidence["education"]["status"] == "corrected"
    assert evidence["education"]["verified_value"] == "high_school"
    assert evidence["legal_stable_residence"]["status"] == "rejected"
