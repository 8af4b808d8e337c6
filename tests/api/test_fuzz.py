"""Every malformed request gets a 4xx with a clear body, never a 500: the API is fuzzed from
its own OpenAPI schema with schemathesis, signed in as an administrator (who reaches every
route) on a small demo city."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from settle.api.app import create_api
from settle.database import transaction
from settle.demo.city import seed_demo_city
from settle.registry.migrate import upgrade
from settle.registry.models import Account
from settle.registry.tokens import issue_token

_FOLDER = Path(tempfile.mkdtemp(prefix="settle-fuzz-"))
_URL = f"sqlite:///{_FOLDER / 'fuzz.db'}"
upgrade(_URL)
APP = create_api(_URL, today=dt.date(2017, 11, 1))
with transaction(APP.state.sessions) as _session:
    seed_demo_city(session=_session, persons=40, applications=10)
    _admin = _session.query(Account).filter_by(username="admin").one()
    TOKEN = issue_token(session=_session, account=_admin)

schema = schemathesis.openapi.from_asgi("/openapi.json", APP)
pytestmark = pytest.mark.slow


@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_request_makes_the_api_fail_with_a_server_error(case: Any) -> None:
    response = case.call(headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.status_code < 500, f"{case.method} {case.formatted_path}: {response.text[:500]}"
    content_type = " ".join(response.headers.get("content-type", []))
    if response.status_code >= 400 and "application/json" in content_type:
        body = response.json()
        assert {"code", "message"} <= set(body), body
