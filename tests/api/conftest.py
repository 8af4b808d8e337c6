"""An API on a freshly migrated database: SQLite always, PostgreSQL for tests marked so."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text

from settle.database import transaction
from settle.registry.accounts import create_account
from settle.registry.migrate import upgrade
from settle.web.app import create_app

DEPARTMENTS = ("education", "human_resources", "housing", "health_planning", "migrant_services",
               "youth_league", "local_taxation", "public_security", "district_windows")
PASSWORD = "test-password"


def fresh_postgres(url: str) -> str:
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()
    return url


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'api.db'}"
    return fresh_postgres(request.getfixturevalue("postgres_url"))


@pytest.fixture
def client(database_url: str) -> Iterator[TestClient]:
    upgrade(database_url)
    app = create_app(database_url, today=dt.date(2017, 10, 20))
    with transaction(app.state.sessions) as session:
        create_account(session=session, username="admin", password=PASSWORD, role="administrator")
        create_account(session=session, username="clerk", password=PASSWORD, role="window_clerk")
        create_account(session=session, username="officer", password=PASSWORD, role="bureau_officer")
        create_account(session=session, username="analyst", password=PASSWORD, role="analyst")
        for department in DEPARTMENTS:
            create_account(session=session, username=f"v-{department}", password=PASSWORD,
                           role="department_verifier", department=department)
    with TestClient(app) as test_client:
        yield test_client
    app.state.engine.dispose()


def sign_in(client: TestClient, username: str) -> dict[str, str]:
    response = client.post("/auth/token", json={"username": username, "password": PASSWORD})
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}
