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
