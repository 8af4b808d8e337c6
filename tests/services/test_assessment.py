"""One assessment of a person for a city's services, whichever front end asks."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from settle.api.app import create_api
from settle.cli.app import app
from settle.services.assessment import PathLimits, assess_services, service_packs

FAMILY: dict[str, Any] = {"child_birth_date": "2010-01-01", "lives_with_parents_in_guangzhou": True,
                          "parent_works_in_guangzhou": True, "parent_years_in_guangzhou": 3,
                          "diagnosed_serious_illness": True, "family_cannot_pay": True}
ON = dt.date(2017, 11, 1)


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    api = create_api(f"sqlite:///{tmp_path / 'api.db'}")  # the services need no registry
    with TestClient(api) as test_client:
        yield test_client
    api.state.engine.dispose()


def _assessment(**options: Any) -> Any:
    return assess_services(city="guangzhou", packs=service_packs("guangzhou", ON), facts=FAMILY, as_of=ON,
                           **options)


def test_the_services_in_force_on_a_day_are_among_all_the_citys_services() -> None:
    in_force = {p.id for p in service_packs("guangzhou", ON)}
    every = {p.id for p in service_packs("guangzhou", None)}
    assert in_force and in_force <= every
    assert all(p.meta.kind == "service" and p.meta.jurisdiction == "guangzhou"
               for p in service_packs("guangzhou", None))


def test_an_eligible_service_has_its_amount_and_every_condition_met() -> None:
    illness = next(s for s in _assessment().services if s.pack.id == "guangzhou-child-serious-illness-2015")
    assert illness.assessed and illness.eligible is True and illness.amount == 1508
    report = illness.report("en")
    assert report.amount_unit == "USD" and all(c.met for c in report.conditions)
    assert all(c.source for c in report.conditions)


def test_a_service_the_facts_cannot_assess_lists_the_facts_it_misses() -> None:
    school = next(s for s in _assessment().services if s.pack.id == "guangzhou-school-enrollment-2017")
    assert not school.assessed and school.eligible is None and school.amount is None
    assert any(p.field == "district" for p in school.missing_facts) and not school.wrong_facts
    assert any(m.startswith("district: ") for m in school.report("zh").missing)


def test_facts_no_service_reads_are_reported_not_silently_dropped() -> None:
    assessment = assess_services(city="guangzhou", packs=service_packs("guangzhou", ON),
                                 facts={**FAMILY, "favourite_colour": "blue"}, as_of=ON)
    assert assessment.unused_facts == ["favourite_colour"]


def test_a_path_is_found_only_when_asked_and_only_for_what_is_not_yet_open() -> None:
    assert all(s.path is None for s in _assessment().services)
    with_paths = _assessment(path=PathLimits(horizon_months=24, plans=200)).services
    for service in with_paths:
        assert (service.path is not None) == (service.assessed and service.eligible is False)
        if service.path is not None:
            assert service.path.limit.horizon_months == 24


def test_the_api_answers_the_services_reports(client: TestClient) -> None:
    response = client.post("/services/guangzhou", params={"as_of": ON.isoformat(), "lang": "zh"}, json=FAMILY)
    assert response.status_code == 200, response.text
    expected = [json.loads(r.model_dump_json()) for r in _assessment().reports("zh")]
    assert response.json() == expected


def test_the_cli_assesses_the_same_services(tmp_path: Path) -> None:
    facts = tmp_path / "family.json"
    facts.write_text(json.dumps(FAMILY), encoding="utf-8")
    result = CliRunner().invoke(app, ["eligibility", "--city", "guangzhou", str(facts), "--as-of",
                                      ON.isoformat(), "--no-path", "--json"])
    assert result.exit_code == 0, result.output
    answered = {s["pack"]: (s["assessed"], s["verdict"], s["eligible"])
                for s in json.loads(result.output)["services"]}
    assert answered == {r.pack: (r.assessed, r.verdict, r.eligible) for r in _assessment().reports("en")}


def test_a_paying_service_says_its_amount_in_its_currency_with_the_yuan_beside_it() -> None:
    from settle.packs import default_catalogue
    from settle.services.assessment import assess_service

    pack = default_catalogue().load("guangzhou-government-medical-relief-2016")
    facts = {"non_local": True, "studies_at": "university_or_college",
             "holds_minimum_living_allowance_certificate": True,
             "treated_in_designated_institution": True, "relief_scope_medical_costs_usd": "1000"}
    assessed = assess_service(pack, facts)
    assert assessed.result is not None and assessed.result.eligible, assessed.problems
    assert assessed.benefit_words("zh") == (
        "每年1,000.00 美元（按资料所载 2017-11-01 汇率 1:6.63 折合 6,630.00 元）")
    assert assessed.report("en").benefit == (
        "1,000.00 USD a year (6,630.00 RMB at the source's rate 1:6.63 of 2017-11-01)")


RENTER = {"local_hukou": False, "stable_job": True}
"""A Changshu migrant with a stable job who has not said how long they have stayed."""


def test_a_service_waiting_for_an_unanswered_question_cannot_be_assessed_yet_in_the_api(
        client: TestClient) -> None:
    response = client.post("/services/changshu", params={"as_of": "2011-12-31", "lang": "zh"}, json=RENTER)
    assert response.status_code == 200, response.text
    rental = next(s for s in response.json() if s["pack"] == "changshu-public-rental-housing-2011")
    assert (rental["verdict"], rental["assessed"], rental["eligible"]) == ("to_answer", False, None)
    assert {"fact": "years_stayed_in_changshu", "title": "在常熟居住整年数"} in rental["to_answer"]
    answered = client.post("/services/changshu", params={"as_of": "2011-12-31"},
                           json={**RENTER, "years_stayed_in_changshu": 3, "university_graduate": False})
    rental = next(s for s in answered.json() if s["pack"] == "changshu-public-rental-housing-2011")
    assert (rental["verdict"], rental["assessed"], rental["eligible"], rental["to_answer"]) == \
        ("eligible", True, True, [])


def test_a_failed_condition_the_answers_settle_is_not_eligible_not_waiting() -> None:
    pack = service_packs("changshu", dt.date(2011, 12, 31))
    facts = {"local_hukou": True, "low_middle_income_family": False, "university_graduate": False,
             "stable_job": False, "years_stayed_in_changshu": 0}
    report = next(r for r in assess_services(city="changshu", packs=pack, facts=facts).reports("en")
                  if r.pack == "changshu-public-rental-housing-2011")
    assert (report.verdict, report.eligible, report.to_answer) == ("not_eligible", False, [])


def test_the_cli_says_a_waiting_service_cannot_be_assessed_and_names_the_questions(tmp_path: Path) -> None:
    facts = tmp_path / "renter.json"
    facts.write_text(json.dumps(RENTER), encoding="utf-8")
    shown = CliRunner().invoke(app, ["eligibility", "--city", "changshu", str(facts), "--no-path",
                                     "--lang", "zh"], env={"COLUMNS": "200"})
    assert shown.exit_code == 0, shown.output
    assert "暂无法评估：请先回答以下问题——" in shown.output and "在常熟居住整年数" in shown.output
    assert "不符合条件" not in shown.output.split("常熟市公共租赁住房")[1].split("\n")[0]
    answer = CliRunner().invoke(app, ["eligibility", "--city", "changshu", str(facts), "--no-path", "--json"])
    rental = next(s for s in json.loads(answer.output)["services"]
                  if s["pack"] == "changshu-public-rental-housing-2011")
    assert rental["verdict"] == "to_answer" and rental["eligible"] is None
    assert [q["fact"] for q in rental["to_answer"]] == ["university_graduate", "graduation_date",
                                                         "years_stayed_in_changshu"]
