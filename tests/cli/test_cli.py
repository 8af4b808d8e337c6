"""The command line, as a user runs it."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path

from typer.testing import CliRunner

from settle.cli.app import app

runner = CliRunner()

ENGINEER = {
    "birth_date": "1988-05-14", "education": "master", "social_insurance_consecutive_years": 8,
    "housing": "owns_house", "wage_tax_5y_usd": 301.38,
}


def _facts(tmp_path: Path, facts: Mapping[str, object], name: str = "facts.json") -> str:
    path = tmp_path / name
    path.write_text(json.dumps(facts), encoding="utf-8")
    return str(path)


def test_packs_lists_the_shipped_packs() -> None:
    result = runner.invoke(app, ["packs"], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    assert "hangzhou-2017" in result.output


def test_show_prints_every_rule_with_its_source_in_chinese() -> None:
    result = runner.invoke(app, ["show", "hangzhou-2017", "--lang", "zh"], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    assert "年龄" in result.output
    assert "000_c9c9ba5e5a2572f7.txt, 行 494-504" in result.output
    assert "核查部门: 市公安局" in result.output


def test_show_can_quote_the_cited_lines() -> None:
    result = runner.invoke(app, ["show", "hangzhou-2017", "--quote"], env={"COLUMNS": "300"})
    assert "Aged between 18-35, 30 points" in result.output


def test_score_prints_each_item_with_points_and_source(tmp_path: Path) -> None:
    result = runner.invoke(app, ["score", "--pack", "hangzhou-2017", _facts(tmp_path, ENGINEER)],
                           env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "total: 146" in result.output
    assert "lines 556-570" in result.output


def test_score_json_gives_the_full_result(tmp_path: Path) -> None:
    result = runner.invoke(app, ["score", "-p", "hangzhou-2017", "--json", _facts(tmp_path, ENGINEER)])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["total"] == "146"
    assert data["subtotals"]["basic"] == "144"
    assert {item["id"] for item in data["items"]} >= {"age", "legal_abidance"}


def test_score_reads_yaml_facts(tmp_path: Path) -> None:
    path = tmp_path / "facts.yaml"
    path.write_text("birth_date: 1988-05-14\neducation: master\n", encoding="utf-8")
    result = runner.invoke(app, ["score", "-p", "hangzhou-2017", "--json", str(path)])
    assert json.loads(result.output)["total"] == "95"


def test_score_accepts_a_jurisdiction_and_a_date(tmp_path: Path) -> None:
    result = runner.invoke(app, ["score", "-p", "hangzhou", "--as-of", "2018-01-01", "--json",
                                 _facts(tmp_path, ENGINEER)])
    assert json.loads(result.output)["pack"] == "hangzhou-2017"


def test_score_without_a_date_says_it_used_the_packs_own_evaluation_date() -> None:
    example = Path(__file__).parents[2] / "examples" / "guangzhou-2025__factory_technician.json"
    result = runner.invoke(app, ["score", "-p", "guangzhou-2025", str(example)], env={"COLUMNS": "300"})
    assert result.exit_code == 0, result.output
    assert "No --as-of given: evaluated on 2026-06-30, the pack's own evaluation date" in result.output
    dated = runner.invoke(app, ["score", "-p", "guangzhou-2025", "--as-of", "2026-01-05", str(example)],
                          env={"COLUMNS": "300"})
    assert "evaluated on 2026-01-05" in dated.output and "No --as-of given" not in dated.output


def test_bad_facts_exit_non_zero_naming_field_value_and_rule(tmp_path: Path) -> None:
    bad = {"birth_date": "1988-05-14", "education": "phd", "volunteer_hours": "lots"}
    result = runner.invoke(app, ["score", "-p", "hangzhou-2017", _facts(tmp_path, bad)],
                           env={"COLUMNS": "300"})
    assert result.exit_code == 2
    assert "education = 'phd': unknown category" in result.output
    assert "rule: facts.yaml education.values" in result.output
    assert "volunteer_hours = 'lots': expected a number" in result.output


def test_a_facts_file_that_is_not_json_is_refused_clearly(tmp_path: Path) -> None:
    path = tmp_path / "facts.json"
    path.write_text("{birth_date: ", encoding="utf-8")
    result = runner.invoke(app, ["score", "-p", "hangzhou-2017", str(path)], env={"COLUMNS": "300"})
    assert result.exit_code == 2
    assert "is not valid JSON" in result.output


def test_an_unknown_pack_is_refused_with_the_list() -> None:
    result = runner.invoke(app, ["score", "-p", "atlantis", "x.json"], env={"COLUMNS": "300"})
    assert result.exit_code == 2
    assert "no policy pack or jurisdiction 'atlantis'" in result.output


def test_schema_prints_the_json_schema_of_the_facts() -> None:
    result = runner.invoke(app, ["schema", "--pack", "hangzhou-2017"])
    schema = json.loads(result.output)
    assert schema["required"] == ["birth_date"]
    assert schema["properties"]["education"]["enum"][0] == "none"
    assert schema["additionalProperties"] is False


def test_test_runs_the_pack_cases() -> None:
    result = runner.invoke(app, ["test", "hangzhou-2017"])
    assert result.exit_code == 0
    assert "cases pass" in result.output
