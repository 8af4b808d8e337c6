"""Listings a user reads in an 80-column terminal or pipes on: ids never cut, every problem
of an invalid pack shown, and `--json` on every command that lists."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from settle.cli.app import app
from settle.packs import default_catalogue

runner = CliRunner()
NARROW = {"COLUMNS": "80"}
WIDE = {"COLUMNS": "250"}
ROOT = Path(__file__).parents[2]
FAMILY = {"child_birth_date": "2010-01-01", "lives_with_parents_in_guangzhou": True,
          "parent_works_in_guangzhou": True, "parent_years_in_guangzhou": 1,
          "diagnosed_serious_illness": True, "family_cannot_pay": True}


def _json_file(tmp_path: Path, data: object, name: str = "facts.json") -> str:
    path = tmp_path / name
    path.write_text(json.dumps(data), encoding="utf-8")
    return str(path)


@pytest.mark.parametrize("env", [NARROW, {}], ids=["80 columns", "pipe"])
def test_packs_prints_every_id_whole_on_its_own_line(env: dict[str, str]) -> None:
    result = runner.invoke(app, ["packs"], env=env)
    assert result.exit_code == 0, result.output
    firsts = [line.split()[0] for line in result.stdout.splitlines() if line and not line.startswith(" ")]
    assert firsts == default_catalogue().ids()
    assert "…" not in result.stdout
    assert max(len(line) for line in result.stdout.splitlines()) <= 80


def test_packs_shows_each_packs_city_dates_sizes_and_title() -> None:
    result = runner.invoke(app, ["packs"], env=WIDE)
    lines = result.stdout.splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("guangzhou-2017 "))
    assert lines[at].split()[1:] == ["guangzhou", "2016-10-27", "–", "2017-12-31"]
    assert lines[at + 1].strip().startswith("points: 6 items, ")
    assert "Guangzhou points-based settlement indexes" in lines[at + 1]


def test_packs_json_lists_every_pack_with_its_sizes() -> None:
    result = runner.invoke(app, ["packs", "--json"])
    assert result.exit_code == 0, result.output
    packs = {p["id"]: p for p in json.loads(result.stdout)}
    assert set(packs) == set(default_catalogue().ids())
    hangzhou = packs["hangzhou-2017"]
    assert hangzhou["valid"] and hangzhou["kind"] == "points" and hangzhou["jurisdiction"] == "hangzhou"
    assert hangzhou["effective_from"] == "2017-10-01" and hangzhou["effective_to"] is None
    assert hangzhou["items"] == 12 and "education_and_skill_cumulative" in hangzhou["options"]


def _broken(tmp_path: Path) -> Path:
    folder = tmp_path / "mine" / "broken-2017"
    shutil.copytree(default_catalogue().root / "guangzhou-2017", folder)
    pack = folder / "pack.yaml"
    pack.write_text(pack.read_text(encoding="utf-8").replace("id: guangzhou-2017\n", "id: broken-2017\n"),
                    encoding="utf-8")
    rules = folder / "rules" / "eligibility.yaml"
    text = rules.read_text(encoding="utf-8")
    rules.write_text(text.replace("fact: stable_employment,", "fact: stable_employmnt,")
                     .replace('lines: "13"', 'lines: "99999"'), encoding="utf-8")
    return folder


def test_packs_prints_every_problem_of_an_invalid_pack_and_exits_1(tmp_path: Path) -> None:
    _broken(tmp_path)
    result = runner.invoke(app, ["packs", "--policies", str(tmp_path / "mine")], env=NARROW)
    assert result.exit_code == 1
    text = " ".join(result.output.split())
    assert "broken-2017 invalid: 2 problems" in text
    assert "broken-2017/rules/eligibility.yaml:9 [stable_employment]: condition reads unknown fact " \
           "'stable_employmnt'" in text
    assert "[social_insurance]: citation lines 99999 are past the end of" in text
    shipped = sum(1 for folder in (ROOT / "policies").iterdir() if (folder / "pack.yaml").is_file())
    assert f"error: 1 of {shipped + 1} packs is invalid: broken-2017" in text
    assert "hangzhou-2017" in text  # the valid packs are still listed


def test_packs_json_gives_the_problems_of_an_invalid_pack(tmp_path: Path) -> None:
    _broken(tmp_path)
    result = runner.invoke(app, ["packs", "--json", "--policies", str(tmp_path / "mine")])
    assert result.exit_code == 1
    broken = next(p for p in json.loads(result.stdout) if p["id"] == "broken-2017")
    assert broken["valid"] is False and broken["shipped"] is False
    assert {"file": "broken-2017/rules/eligibility.yaml", "line": 9, "rule": "stable_employment",
            "message": "condition reads unknown fact 'stable_employmnt'"} in broken["problems"]


def test_show_json_gives_every_rule_option_parameter_and_round_in_words() -> None:
    result = runner.invoke(app, ["show", "guangzhou-2017", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["id"] == "guangzhou-2017" and data["effective_to"] == "2017-12-31"
    assert data["items"][0]["id"] == "education"
    assert all(i["rule"] and i["source"] for i in data["items"])
    assert {r["id"] for r in data["eligibility"]} >= {"residence_permit", "stable_employment"}
    assert data["rounds"] and data["parameters"] and data["ranking"]["keys"]
    assert all(s["on_this_machine"] for s in data["sources"])


def test_show_json_speaks_chinese() -> None:
    data = json.loads(runner.invoke(app, ["show", "hangzhou-2017", "--json", "--lang", "zh"]).stdout)
    assert data["items"][0]["title"] == "年龄"
    assert data["options"][0]["id"] and data["options"][0]["reading"]


def test_test_json_reports_each_pack_with_its_cases() -> None:
    result = runner.invoke(app, ["test", "guangzhou-child-serious-illness-2015", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == [{
        "pack": "guangzhou-child-serious-illness-2015", "valid": True, "problems": [], "cases": 6,
        "passed": 6, "failed": [], "sources_not_found": [],
        "folder": str(default_catalogue().root / "guangzhou-child-serious-illness-2015")}]


def test_eligibility_json_gives_each_service_its_result_and_path(tmp_path: Path) -> None:
    result = runner.invoke(app, ["eligibility", "--city", "guangzhou", _json_file(tmp_path, FAMILY),
                                 "--as-of", "2017-11-01", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["city"] == "guangzhou" and data["as_of"] == "2017-11-01"
    services = {s["pack"]: s for s in data["services"]}
    child = services["guangzhou-child-serious-illness-2015"]
    assert child["assessed"] and child["eligible"] is False and child["amount_unit"] == "USD"
    alone = child["path"]["time_alone"]
    assert (alone["reached_on"], alone["total"], alone["eligible"], alone["actions"]) == (
        "2018-11-01", "1508", True, [])
    conditions = {c["id"]: c["met"] for c in child["result"]["eligibility"]}
    assert conditions["parent_works_and_lives_here"] is False
    school = services["guangzhou-school-enrollment-2017"]
    assert school["assessed"] is False and school["result"] is None and school["missing"]


def test_eligibility_says_how_far_time_alone_was_tried(tmp_path: Path) -> None:
    result = runner.invoke(app, ["eligibility", "--city", "guangzhou", _json_file(tmp_path, FAMILY),
                                 "--as-of", "2017-11-01"], env=WIDE)
    assert result.exit_code == 0, result.output
    assert "Time alone does not get there within 10 years" in result.output
    result = runner.invoke(app, ["eligibility", "--city", "guangzhou", _json_file(tmp_path, FAMILY),
                                 "--as-of", "2017-11-01", "--lang", "zh"], env=WIDE)
    assert "仅靠时间推移，10年内无法达到" in result.output


def test_path_under_a_pack_that_ends_stops_at_its_last_day() -> None:
    facts = str(ROOT / "examples" / "guangzhou-2017__restaurant_manager.json")
    result = runner.invoke(app, ["path", "-p", "guangzhou-2017", facts, "--points", "200"], env=WIDE)
    assert result.exit_code == 0, result.output
    assert "Time alone does not get there before 2017-12-31, when this pack's rules end" in result.output
    data = json.loads(runner.invoke(app, ["path", "-p", "guangzhou-2017", facts, "--points", "200",
                                          "--json"]).stdout)
    assert data["reached"] is False and data["path"]["time_alone"] is None
    assert data["path"]["until"] == "2017-12-31"
    assert data["path"]["until_is_pack_end"] is True


def test_path_json_gives_the_cheapest_plan_and_the_frontier(tmp_path: Path) -> None:
    facts = _json_file(tmp_path, {"birth_date": "1990-06-01", "education": "college"})
    result = runner.invoke(app, ["path", "-p", "hangzhou-2017", facts, "--points", "97", "--json",
                                 "--as-of", "2017-12-31", "--horizon", "2"])
    assert result.exit_code == 0, result.output
    path = json.loads(result.stdout)["path"]
    plan = path["cheapest"]
    assert plan["cost"] == "6500" and plan["cost_unit"] == "RMB" and plan["reached_on"] == "2019-12-31"
    assert {a["id"]: a["times"] for a in plan["actions"]}["donate_blood"] == 5
    assert path["frontier"][0] == plan and path["horizon_months"] == 24 and path["complete"] is True
    assert [p["cost"] for p in path["frontier"]] == ["6500", "7200", "7900", "8600"]


def test_path_refuses_a_horizon_that_is_not_a_number_of_years(tmp_path: Path) -> None:
    facts = _json_file(tmp_path, {"birth_date": "1990-06-01"})
    result = runner.invoke(app, ["path", "-p", "hangzhou-2017", facts, "--horizon", "ten", "--lang", "zh"])
    assert result.exit_code == 2
    assert "--horizon = 'ten'：须为1至50之间的整数年数" in result.output


def test_compare_json_gives_one_row_per_city() -> None:
    result = runner.invoke(app, ["compare", str(ROOT / "examples" / "shared" / "migrant_worker.json"),
                                 "--as-of", "2017-11-08", "--json"])
    assert result.exit_code == 0, result.output
    rows = {r["city"]: r for r in json.loads(result.stdout)}
    assert rows["hangzhou"]["pack"] == "hangzhou-2017" and rows["guangzhou"]["pack"] == "guangzhou-2017"
    assert rows["hangzhou"]["facts_not_used"]
    education = rows["hangzhou"]["where_facts_count"]["education"]
    assert education[0]["points"] == "55"


def test_compare_keeps_pack_ids_whole_in_80_columns() -> None:
    result = runner.invoke(app, ["compare", str(ROOT / "examples" / "shared" / "migrant_worker.json"),
                                 "--as-of", "2017-11-08"], env=NARROW)
    assert result.exit_code == 0, result.output
    assert "hangzhou-2017" in result.stdout and "guangzhou-2017" in result.stdout


def test_round_json_gives_each_quota_line_and_its_cutoff(tmp_path: Path) -> None:
    applicants = tmp_path / "applicants.csv"
    applicants.write_text("person_id,birth_date,education\na,1985-01-01,master\nb,1990-01-01,college\n"
                          "c,1992-01-01,high_school\n", encoding="utf-8")
    result = runner.invoke(app, ["round", "-p", "hangzhou-2017", "--applicants", str(applicants),
                                 "--quota", "1", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["pack"] == "hangzhou-2017" and data["applicants"] == 3
    general = data["lines"][-1]
    assert general["id"] == "general" and general["quota"] == 1 and general["admitted"] >= 1
    assert general["cutoff"]


def test_population_check_json_gives_every_marginal(tmp_path: Path) -> None:
    out = tmp_path / "hz.parquet"
    assert runner.invoke(app, ["population", "--city", "hangzhou", "--size", "500", "--out",
                               str(out)]).exit_code == 0
    result = runner.invoke(app, ["population", "check", str(out), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["city"] == "hangzhou" and data["generated"] == 500
    assert data["published_total"] == 6093700 and data["marginals"]
    assert {"measure", "value", "published", "generated", "gap_points", "source"} == set(data["marginals"][0])


def test_audit_verify_json_gives_the_chain_and_the_checkpoints(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'registry.db'}"
    assert runner.invoke(app, ["db", "upgrade", "--url", url]).exit_code == 0
    result = runner.invoke(app, ["audit", "verify", "--url", url, "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["chain"] == {"intact": True, "entries": 0, "broken_at": None, "reason": None}
    assert data["checkpoints"] is None and "no checkpoint file at" in data["note"]
