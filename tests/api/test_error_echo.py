"""A 422 names the field and the rule, but what the request sent comes back cut to 80
characters: a huge invalid key or value gets a small answer."""

from __future__ import annotations

from fastapi.testclient import TestClient

from settle.echo import ELLIPSIS
from tests.api.conftest import sign_in

HUGE = 1_000_000
PERSON = {"identity_number": "11010519491231002X", "name": "A", "sex": "female",
          "birth_date": "1949-12-31", "origin_place": "Beijing"}


def test_a_huge_unknown_field_comes_back_cut_to_80_characters(client: TestClient) -> None:
    clerk = sign_in(client, "clerk")
    response = client.post("/persons", headers=clerk, json={**PERSON, "k" * HUGE: 1})
    assert response.status_code == 422
    assert len(response.content) < 500
    body = response.json()
    assert body["code"] == "invalid_request"
    assert body["field"] == "k" * 79 + ELLIPSIS
    assert body["message"] == f"body.{'k' * 79}{ELLIPSIS}: Extra inputs are not permitted"


def test_a_huge_key_of_declared_facts_comes_back_cut(client: TestClient) -> None:
    clerk = sign_in(client, "clerk")
    response = client.post("/applications", headers=clerk,
                           json={"person_id": 1, "round_id": 1, "declared": {"9" * HUGE: 1}})
    assert response.status_code == 422
    assert len(response.content) < 500
    assert response.json()["field"] == f"declared.{'9' * 79}{ELLIPSIS}.[key]"
    assert "String should have at most 60 characters" in response.json()["message"]


def test_many_problems_list_five_and_count_the_rest(client: TestClient) -> None:
    clerk = sign_in(client, "clerk")
    response = client.post("/persons", headers=clerk, json={f"x{i}": "v" * 1000 for i in range(500)})
    assert response.status_code == 422
    message = response.json()["message"]
    assert message.count(": ") == 5 and message.endswith("; and 500 more")
    assert len(response.content) < 1000


def test_a_huge_declared_value_is_not_echoed_back_whole(client: TestClient) -> None:
    clerk, officer = sign_in(client, "clerk"), sign_in(client, "officer")
    round_ = client.post("/rounds", headers=officer, json={
        "pack_id": "guangzhou-2017", "name": "2017", "window_opens": "2017-10-10",
        "window_closes": "2017-11-08", "quota": 1}).json()
    person = client.post("/persons", headers=clerk, json={
        "identity_number": "440106198501010015", "name": "王明", "sex": "male", "birth_date": "1985-01-01",
        "origin_place": "Hunan"}).json()
    answer = client.post("/applications", headers=clerk, json={
        "person_id": person["id"], "round_id": round_["id"], "declared": {"education": "x" * 900_000}})
    assert answer.status_code == 422 and len(answer.content) < 2000
