"""The access log holds no personal data: a search by identity number or name leaves the
method, the path and the status, never the query."""

from __future__ import annotations

import logging

import pytest
from fastapi.testclient import TestClient

from settle.api.access_log import AccessLog
from tests.api.conftest import sign_in


def test_a_search_by_identity_number_or_name_is_not_in_the_access_log(
        client: TestClient, caplog: pytest.LogCaptureFixture) -> None:
    logged = TestClient(AccessLog(client.app))
    headers = sign_in(client, "clerk")
    with caplog.at_level(logging.INFO, logger="settle.access"):
        for q in ("440100197607310013", "胡丽"):
            response = logged.get("/persons", params={"q": q, "purpose": "intake search"}, headers=headers)
            assert response.status_code == 200
    lines = [r.getMessage() for r in caplog.records if r.name == "settle.access"]
    assert lines and all(line.startswith("GET /persons 200 ") for line in lines)
    text = "\n".join(lines)
    assert "440100197607310013" not in text and "胡丽" not in text and "%E8" not in text


def test_a_read_of_personal_data_needs_a_real_purpose(client: TestClient) -> None:
    clerk = sign_in(client, "clerk")
    blank = client.get("/persons", headers=clerk, params={"purpose": "   "})
    assert blank.status_code == 422 and blank.json()["field"] == "purpose"
    person = client.post("/persons", headers=clerk, json={
        "identity_number": "440106198501010015", "name": "王明", "sex": "male", "birth_date": "1985-01-01",
        "origin_place": "Hunan"}).json()
    unstated = client.get(f"/persons/{person['id']}", headers=clerk)
    assert unstated.status_code == 422 and unstated.json()["field"] == "purpose"
    assert client.get(f"/persons/{person['id']}", headers=clerk,
                      params={"purpose": "window intake check"}).status_code == 200
