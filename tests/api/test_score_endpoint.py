"""`POST /packs/{pack}/score`: one person scored and explained through the API, equal to the
one-person engine, in the asked language; bad facts and unknown packs are named."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

from fastapi.testclient import TestClient

from settle.packs import default_catalogue
from settle.rules.engine import evaluate

EXAMPLES = Path(__file__).parents[2] / "examples"
FACTS = {"birth_date": "1985-01-01", "education": "doctorate"}


def test_the_api_scores_and_explains_one_person_as_the_engine_does(client: TestClient) -> None:
    response = client.post("/packs/hangzhou-2017/score", json=FACTS)
    assert response.status_code == 200, response.text
    body = response.json()
    result = evaluate(default_catalogue().load("hangzhou-2017"), FACTS)
    assert Decimal(body["total"]) == result.total
    assert body["as_of"] == result.as_of.isoformat()
    assert {i["id"]: Decimal(i["points"]) for i in body["items"]} == {i.id: i.points for i in result.items}
    education = next(i for i in body["items"] if i["id"] == "education_or_skill")
    assert Decimal(education["points"]) == 75 and education["why"] and education["source"]
    assert body["eligible"] == result.eligible
    assert [r["id"] for r in body["eligibility"]] == [r.id for r in result.eligibility]


def test_the_explanation_is_in_chinese_when_asked_and_the_day_is_chosen(client: TestClient) -> None:
    body = client.post("/packs/hangzhou-2017/score?lang=zh&as_of=2018-07-01",
                       json={"birth_date": "1982-06-01"}).json()
    assert body["as_of"] == "2018-07-01"
    age = next(i for i in body["items"] if i["id"] == "age")
    assert Decimal(age["points"]) == 20
    assert any("\u4e00" <= ch <= "\u9fff" for ch in age["title"] + "".join(age["why"]))


def test_a_city_name_picks_its_points_pack_in_force(client: TestClient) -> None:
    facts = json.loads((EXAMPLES / "guangzhou-2025__factory_technician.json").read_text(encoding="utf-8"))
    answer = client.post("/packs/guangzhou/score?as_of=2025-07-01", json=facts)
    assert answer.status_code == 200, answer.text
    assert answer.json()["pack"] == "guangzhou-2025"
    before = client.post("/packs/guangzhou/score?as_of=2025-06-01", json=facts)
    assert before.status_code == 404
    assert "no guangzhou pack is in force on 2025-06-01" in before.json()["message"]


def test_wrong_facts_are_named_and_an_unknown_pack_is_404(client: TestClient) -> None:
    wrong = client.post("/packs/hangzhou-2017/score",
                        json={"birth_date": "1985-01-01", "education": "wizard"})
    assert wrong.status_code == 422
    assert wrong.json()["field"] == "education" and "wizard" in wrong.json()["message"]
    missing = client.post("/packs/atlantis-2030/score", json=FACTS)
    assert missing.status_code == 404 and missing.json()["field"] == "pack_id"
    assert client.post("/packs/..%2Fetc/score", json=FACTS).status_code in (404, 422)
