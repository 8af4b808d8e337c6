"""The registry search takes `q` literally: % and _ (LIKE wildcards) match only themselves, so
they cannot list every person."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from settle.api.app import create_api
from settle.database import transaction
from settle.demo.city import DEMO_PASSWORD, seed_demo_city
from settle.registry.migrate import upgrade


@pytest.fixture
def demo(database_url: str) -> Iterator[tuple[TestClient, dict[str, str]]]:
    """The demo city (40 persons) on SQLite, and on PostgreSQL for the tests marked so."""
    upgrade(database_url)
    app = create_api(database_url)
    with transaction(app.state.sessions) as session:
        seed_demo_city(session=session, persons=40, applications=0)
    with TestClient(app) as client:
        token = client.post("/auth/token", json={"username": "clerk", "password": DEMO_PASSWORD})
        yield client, {"Authorization": f"Bearer {token.json()['access_token']}"}
    app.state.engine.dispose()


def _search(demo: tuple[TestClient, dict[str, str]], q: str) -> dict[str, object]:
    client, clerk = demo
    response = client.get("/persons", headers=clerk, params={"q": q, "purpose": "wildcard test"})
    assert response.status_code == 200, response.text
    result: dict[str, object] = response.json()
    return result


def test_wildcards_in_q_match_no_one_on_the_demo_city(demo: tuple[TestClient, dict[str, str]]) -> None:
    for q in ("%", "_", "%%", "4401%", "____", "\\", "%\\%", "/", "/%"):
        assert _search(demo, q)["total"] == 0, q


def test_a_real_name_or_number_prefix_still_finds_people(demo: tuple[TestClient, dict[str, str]]) -> None:
    everyone = _search(demo, "")
    assert everyone["total"] == 40
    assert _search(demo, "4401")["total"] == 40
    items = everyone["items"]
    assert isinstance(items, list)
    name = items[0]["name"]
    found = _search(demo, name[1:])
    assert isinstance(found["items"], list) and any(p["name"] == name for p in found["items"])
