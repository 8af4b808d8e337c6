"""POST /distribution/{pack}: a cohort in, the allocation out with the reasons; the same
allocation as `settle distribute --json`."""

from __future__ import annotations

import csv
import json

from fastapi.testclient import TestClient
from typer.testing import CliRunner

from settle.cli.app import app
from settle.paths import examples_dir
from tests.api.conftest import sign_in

PACK = "germany-asylum-distribution-2016"
COHORT = examples_dir() / f"{PACK}__cohort.csv"


def example_persons() -> list[dict[str, str]]:
    with COHORT.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_an_officer_gets_the_allocation_settle_distribute_prints(client: TestClient) -> None:
    response = client.post(f"/distribution/{PACK}", headers=sign_in(client, "officer"),
                           json={"persons": example_persons(), "as_of": "2016-06-30",
                                 "capacity": {"berlin": 3}})
    assert response.status_code == 200, response.text
    answer = response.json()
    cli = CliRunner().invoke(app, ["distribute", "--pack", PACK, "--cohort", str(COHORT),
                                   "--as-of", "2016-06-30", "--capacity", "berlin=3", "--json"])
    assert cli.exit_code == 0, cli.output
    printed = json.loads(cli.output)
    assert (answer["cohort"], answer["placed"], answer["unplaced"]) == \
        (printed["cohort"], printed["placed"], 0)
    assert {d["id"]: d["allocated"] for d in answer["destinations"]} == \
        {d["id"]: d["allocated"] for d in printed["destinations"]}
    berlin = next(d for d in answer["destinations"] if d["id"] == "berlin")
    assert berlin["allocated"] == 3 and "capacity of 3 is reached" in berlin["reason"]
    assert "de-asylum-distribution-koenigstein-key.de.txt" in berlin["source"]
    assert len(answer["persons"]) == 241
    assert [p["position"] for p in answer["persons"]] == list(range(1, 242))
    for person in answer["persons"]:
        assert person["destination_title"] in person["reason"]


def test_a_single_person_is_told_how_far_behind_its_places_the_destination_was(client: TestClient) -> None:
    persons = [{"person_id": f"p{i:02d}", "arrival_date": "2016-03-01"} for i in range(10)]
    response = client.post(f"/distribution/{PACK}", params={"lang": "zh"},
                           headers=sign_in(client, "officer"), json={"persons": persons})
    assert response.status_code == 200, response.text
    first = response.json()["persons"][0]
    assert first["person_id"] == "p00" and first["destination"] == "baden_wuerttemberg"
    assert "第1位" in first["reason"] and "此前已分配0人" in first["reason"]
    assert "巴登-符腾堡州" in first["reason"]


def test_persons_beyond_every_capacity_are_not_placed_and_told_so(client: TestClient) -> None:
    persons = [{"person_id": f"p{i}", "arrival_date": "2016-03-01"} for i in range(5)]
    capacity = {name: 0 for name in ("baden_wuerttemberg", "bayern", "berlin", "brandenburg", "bremen",
                                     "hamburg", "hessen", "mecklenburg_vorpommern", "niedersachsen",
                                     "rheinland_pfalz", "saarland", "sachsen", "sachsen_anhalt",
                                     "schleswig_holstein", "thueringen")}
    capacity["nordrhein_westfalen"] = 2
    response = client.post(f"/distribution/{PACK}", headers=sign_in(client, "officer"),
                           json={"persons": persons, "capacity": capacity})
    assert response.status_code == 200, response.text
    answer = response.json()
    assert (answer["placed"], answer["unplaced"]) == (2, 3)
    last = answer["persons"][-1]
    assert last["destination"] == "" and last["destination_title"] is None
    assert last["reason"].startswith("not placed")


def test_a_bad_arrival_date_is_refused_naming_the_field_in_chinese(client: TestClient) -> None:
    response = client.post(f"/distribution/{PACK}",
                           headers={**sign_in(client, "officer"), "Accept-Language": "zh-CN"},
                           json={"persons": [{"person_id": "a", "arrival_date": "2016-13-01"}]})
    assert response.status_code == 422
    body = response.json()
    assert body["field"] == "arrival_date" and "2016-13-01" in body["message"] and "日期" in body["message"]


def test_an_unknown_destination_and_a_negative_capacity_are_refused(client: TestClient) -> None:
    officer = sign_in(client, "officer")
    persons = [{"person_id": "a", "arrival_date": "2016-03-01"}]
    unknown = client.post(f"/distribution/{PACK}", headers=officer,
                          json={"persons": persons, "capacity": {"atlantis": 5}})
    assert unknown.status_code == 422 and "atlantis" in unknown.json()["message"]
    negative = client.post(f"/distribution/{PACK}", headers=officer,
                           json={"persons": persons, "capacity": {"berlin": -1}})
    assert negative.status_code == 422 and negative.json()["field"] == "capacity"


def test_a_pack_without_a_distribution_is_not_found(client: TestClient) -> None:
    officer = sign_in(client, "officer")
    for pack in ("hangzhou-2017", "no-such-pack"):
        response = client.post(f"/distribution/{pack}", headers=officer, json={"persons": []})
        assert response.status_code == 404, response.text
        assert PACK in response.json()["message"]


def test_only_an_officer_or_an_administrator_distributes(client: TestClient) -> None:
    body = {"persons": [{"person_id": "a", "arrival_date": "2016-03-01"}]}
    url = f"/distribution/{PACK}"
    assert client.post(url, json=body).status_code == 401
    assert client.post(url, headers=sign_in(client, "analyst"), json=body).status_code == 403
    assert client.post(url, headers=sign_in(client, "admin"), json=body).status_code == 200


def test_a_duplicated_person_is_refused(client: TestClient) -> None:
    persons = [{"person_id": "a", "arrival_date": "2016-03-01"},
               {"person_id": "a", "arrival_date": "2016-03-02"}]
    response = client.post(f"/distribution/{PACK}", headers=sign_in(client, "officer"),
                           json={"persons": persons})
    assert response.status_code == 422 and "'a'" in response.json()["message"]
