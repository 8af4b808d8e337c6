"""POST /services/path/{pack}: the path to a target, the same report as `settle path --json`."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from settle.api.app import create_api
from settle.cli.app import app

FORTY = {"birth_date": "1987-06-01", "education": "high_school", "social_insurance_consecutive_years": 5}


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    api = create_api(f"sqlite:///{tmp_path / 'api.db'}")  # the path needs no registry
    with TestClient(api) as test_client:
        yield test_client
    api.state.engine.dispose()


def test_the_api_answers_the_frontier_the_cli_prints(client: TestClient, tmp_path: Path) -> None:
    response = client.post("/services/path/hangzhou-2017", json=FORTY,
                           params={"points": "52", "as_of": "2017-12-31", "lang": "zh"})
    assert response.status_code == 200, response.text
    answer = response.json()
    assert answer["total"] == "40" and answer["reached"] is False and answer["target"] == "符合条件且至少52分"
    frontier = answer["path"]["frontier"]
    by_cost = {p["cost"]: p for p in frontier}
    assert by_cost["900"]["reached_on"] == "2019-12-31" and by_cost["900"]["waits_months"] == 12
    assert by_cost["900"]["actions"] == [{"id": "donate_blood", "title": "无偿献血200毫升", "times": 3,
                                          "cost": "900", "months": 12}]
    assert answer["path"]["cheapest"] == frontier[0] and frontier[0]["cost"] == "0"
    facts = tmp_path / "person.json"
    facts.write_text(json.dumps(FORTY), encoding="utf-8")
    printed = CliRunner().invoke(app, ["path", "-p", "hangzhou-2017", str(facts), "--points", "52",
                                       "--as-of", "2017-12-31", "--lang", "zh", "--json"])
    assert printed.exit_code == 0, printed.output
    assert json.loads(printed.stdout) == answer


def test_the_api_names_a_bad_fact_an_unknown_pack_and_a_bad_horizon(client: TestClient) -> None:
    bad = client.post("/services/path/hangzhou-2017", json={**FORTY, "education": "phd"})
    assert bad.status_code == 422 and "education" in bad.text and "phd" in bad.text
    assert client.post("/services/path/atlantis-2030", json=FORTY).status_code == 404
    too_far = client.post("/services/path/hangzhou-2017", json=FORTY, params={"horizon_years": 80})
    assert too_far.status_code == 422 and "horizon_years" in too_far.text
