"""`settle eligibility`, `settle path` and `settle compare` as a user runs them."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from settle.cli.app import app

runner = CliRunner()
WIDE = {"COLUMNS": "250"}
ROOT = Path(__file__).parents[2]


def test_eligibility_lists_each_service_with_conditions_amount_and_path(tmp_path: Path) -> None:
    facts = tmp_path / "family.json"
    facts.write_text(json.dumps({
        "child_birth_date": "2010-01-01", "lives_with_parents_in_guangzhou": True,
        "parent_works_in_guangzhou": True, "parent_years_in_guangzhou": 1,
        "diagnosed_serious_illness": True, "family_cannot_pay": True}), encoding="utf-8")
    result = runner.invoke(app, ["eligibility", "--city", "guangzhou", str(facts), "--as-of", "2017-11-01"],
                           env=WIDE)
    assert result.exit_code == 0, result.output
    assert "Medical relief for children's serious illness" in result.output
    assert "not eligible" in result.output
    assert "001_78bf0cd0d149ffea.txt, lines 914-915" in result.output
    assert "time alone: from 2018-11-01" in result.output


def test_eligibility_in_chinese_shows_the_amount_when_eligible(tmp_path: Path) -> None:
    facts = tmp_path / "family.json"
    facts.write_text(json.dumps({
        "child_birth_date": "2010-01-01", "lives_with_parents_in_guangzhou": True,
        "parent_works_in_guangzhou": True, "parent_years_in_guangzhou": 3,
        "diagnosed_serious_illness": True, "family_cannot_pay": True}), encoding="utf-8")
    result = runner.invoke(app, ["eligibility", "--city", "guangzhou", str(facts), "--as-of", "2017-11-01",
                                 "--lang", "zh"], env=WIDE)
    assert result.exit_code == 0, result.output
    assert "儿童重大疾病医疗救助" in result.output and "符合条件 — 1508 美元" in result.output


def test_path_prints_the_frontier_in_80_columns_in_both_languages(tmp_path: Path) -> None:
    # the applicant: 40 points at the end of 2017, wanting 52
    facts = tmp_path / "person.json"
    facts.write_text(json.dumps({"birth_date": "1987-06-01", "education": "high_school",
                                 "social_insurance_consecutive_years": 5}), encoding="utf-8")
    command = ["path", "-p", "hangzhou-2017", str(facts), "--points", "52", "--as-of", "2017-12-31"]
    result = runner.invoke(app, command, env={"COLUMNS": "80"})
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert max(len(line) for line in lines) <= 80
    assert "The cheapest plan for each date" in result.output
    assert any(line.startswith("│ 2019-12-31 │        900 │ Donate 200 cc of blood × 3; done by")
               for line in lines)
    assert any(line.startswith("│ 2021-12-31 │          0 │ wait ") for line in lines)
    chinese = runner.invoke(app, [*command, "--lang", "zh"], env={"COLUMNS": "80"})
    assert chinese.exit_code == 0, chinese.output
    assert "每个日期最省的方案" in chinese.output and "花费（元）" in chinese.output
    assert any(line.startswith("│ 2019-12-31 │        900 │ 无偿献血200毫升×3；2018-12-31前完成，之后")
               for line in chinese.output.splitlines())


def test_compare_scores_one_person_in_every_city() -> None:
    result = runner.invoke(app, ["compare", str(ROOT / "examples" / "shared" / "migrant_worker.json"),
                                 "--as-of", "2017-11-08"], env=WIDE)
    assert result.exit_code == 0, result.output
    assert "guangzhou-2017" in result.output and "hangzhou-2017" in result.output
    assert "education: guangzhou: Education 40 | hangzhou: Education or occupational/skill level 55" \
        in result.output
    # facts an item reads through a derived fact (age from birth_date) count where they count
    assert "birth_date: guangzhou: not used | hangzhou: Age 30" in result.output
    assert "owns_home: guangzhou: not used | hangzhou: Housing condition 0" in result.output


def test_compare_refuses_a_fact_outside_the_shared_vocabulary(tmp_path: Path) -> None:
    facts = tmp_path / "person.json"
    facts.write_text(json.dumps({"shoe_size": 42}), encoding="utf-8")
    result = runner.invoke(app, ["compare", str(facts)], env=WIDE)
    assert result.exit_code == 2
    assert "not in the shared vocabulary" in result.output
