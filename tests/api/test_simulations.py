"""Analysts run studies through the API: submitted (audited), run in the background, their
report and exports fetched; nobody else may, and a request can name no path on the server."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from settle.audit.chain import entries_about
from tests.api.conftest import sign_in


@pytest.fixture(autouse=True)
def _jobs_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SETTLE_SIMULATIONS", str(tmp_path / "simulations"))


def _wait(client: TestClient, job_id: str, headers: dict[str, str]) -> dict[str, object]:
    for _ in range(600):
        body = client.get(f"/simulations/{job_id}", headers=headers).json()
        if body["state"] in ("done", "failed"):
            return body  # type: ignore[no-any-return]
        time.sleep(0.1)
    raise AssertionError("the study did not finish")


def test_an_analyst_runs_a_study_and_fetches_its_report(client: TestClient) -> None:
    headers = sign_in(client, "analyst")
    answer = client.post("/simulations", headers=headers,
                         json={"reforms": ["hangzhou-insurance-weight"], "persons": 2000, "quota": 50})
    assert answer.status_code == 202, answer.text
    job = _wait(client, answer.json()["id"], headers)
    assert job["state"] == "done", job
    assert "report.html" in job["files"] and "breakdowns.xlsx" in job["files"]  # type: ignore[operator]
    report = client.get(f"/simulations/{job['id']}/files/report.html", headers=headers)
    assert report.status_code == 200 and "hangzhou-insurance-weight" in report.text
    app = client.app
    with app.state.sessions() as session:  # type: ignore[attr-defined]
        trail = entries_about(session, f"simulation:{job['id']}")
    assert [(e.actor, e.action) for e in trail] == [("analyst", "simulation.submit")]


def test_only_analysts_officers_and_administrators_may_simulate(client: TestClient) -> None:
    answer = client.post("/simulations", headers=sign_in(client, "clerk"),
                         json={"reforms": ["hangzhou-insurance-weight"]})
    assert answer.status_code == 403


def test_a_request_names_reforms_by_id_never_a_path(client: TestClient) -> None:
    headers = sign_in(client, "analyst")
    for bad in (["../../etc/passwd"], ["reforms/hangzhou-insurance-weight.yaml"], ["no-such-reform"]):
        answer = client.post("/simulations", headers=headers, json={"reforms": bad})
        assert answer.status_code == 422, (bad, answer.text)


def test_a_file_outside_the_studys_own_is_not_served(client: TestClient) -> None:
    headers = sign_in(client, "analyst")
    assert client.get("/simulations/0123456789abcdef/files/report.html", headers=headers).status_code == 404
    job = client.post("/simulations", headers=headers,
                      json={"reforms": ["hangzhou-insurance-weight"], "persons": 1000}).json()
    _wait(client, job["id"], headers)
    for name in ("population.parquet", "persons.parquet", "..%2Fsummary.json", "chart-costs.svg"):
        assert client.get(f"/simulations/{job['id']}/files/{name}", headers=headers).status_code == 404


def test_an_analyst_changes_a_parameter_without_a_reform_file(client: TestClient) -> None:
    """The same change as the reform file hangzhou-insurance-weight (4 points a further year of
    insurance), set in the request: the same people get in."""
    headers = sign_in(client, "analyst")
    by_file = client.post("/simulations", headers=headers, json={
        "reforms": ["hangzhou-insurance-weight"], "persons": 1000, "quota": 40}).json()
    by_hand = client.post("/simulations", headers=headers, json={
        "base": "hangzhou-2017", "parameters": {"social_insurance_points_per_unit": 4}, "persons": 1000,
        "quota": 40})
    assert by_hand.status_code == 202, by_hand.text
    first, second = _wait(client, by_file["id"], headers), _wait(client, by_hand.json()["id"], headers)
    assert second["state"] == "done", second
    assert [s["admitted"] for s in second["headline"]["scenarios"]] == [  # type: ignore[index]
        s["admitted"] for s in first["headline"]["scenarios"]]  # type: ignore[index]
    moves = [(s["entrants"], s["leavers"]) for s in second["headline"]["steps"]]  # type: ignore[index]
    assert moves == [(s["entrants"], s["leavers"]) for s in first["headline"]["steps"]]  # type: ignore[index]
    app = client.app
    with app.state.sessions() as session:  # type: ignore[attr-defined]
        [entry] = entries_about(session, f"simulation:{by_hand.json()['id']}")
    assert entry.detail["parameters"] == {"social_insurance_points_per_unit": "4"}


@pytest.mark.parametrize(("body", "message"), [
    ({"base": "hangzhou-2017", "parameters": {"no_such_parameter": 4}},
     "has no parameter 'no_such_parameter'"),
    ({"base": "hangzhou-2017", "parameters": {"public_notice_days": "2018-01-01"}}, "takes a number"),
    ({"parameters": {"social_insurance_points_per_unit": 4}}, "not none"),
    ({"base": "hangzhou-2017"}, "choose a reform, or change a parameter"),
    ({"reforms": ["hangzhou-insurance-weight"], "base": "guangzhou-2025",
      "parameters": {"social_insurance_points_per_unit": 4}}, "share one base pack"),
])
def test_a_parameter_change_that_cannot_apply_is_refused_naming_it(
        client: TestClient, body: dict[str, object], message: str) -> None:
    answer = client.post("/simulations", headers=sign_in(client, "analyst"), json=body)
    assert answer.status_code == 422, answer.text
    assert message in answer.json()["message"]
