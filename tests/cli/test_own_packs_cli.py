"""A pack of one's own, as a new user writes one: loaded from its folder (--pack ./my-pack),
or from a folder added beside the shipped packs (--policies, SETTLE_EXTRA_POLICIES), with its
own cited documents; SETTLE_POLICIES still replaces the shipped packs."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from settle.cli.app import app
from settle.packs import default_catalogue

runner = CliRunner()
WIDE = {"COLUMNS": "250"}
SHIPPED = default_catalogue().root
CHILD = "guangzhou-child-serious-illness-2015"
SICK_CHILD = {"child_birth_date": "2010-01-01", "lives_with_parents_in_guangzhou": True,
              "parent_works_in_guangzhou": True, "parent_years_in_guangzhou": 3,
              "diagnosed_serious_illness": True, "family_cannot_pay": True}


def copy_pack(source_id: str, folder: Path) -> Path:
    """The shipped pack `source_id` copied to `folder`, its id renamed to the folder's name."""
    shutil.copytree(SHIPPED / source_id, folder)
    text = (folder / "pack.yaml").read_text(encoding="utf-8")
    (folder / "pack.yaml").write_text(text.replace(f"id: {source_id}\n", f"id: {folder.name}\n", 1),
                                      encoding="utf-8")
    return folder


def facts_file(tmp_path: Path) -> str:
    path = tmp_path / "child.json"
    path.write_text(json.dumps(SICK_CHILD), encoding="utf-8")
    return str(path)


def break_pack(folder: Path) -> None:
    """One condition of the child-illness copy reads a fact the pack does not declare."""
    rules = folder / "rules" / "service.yaml"
    text = rules.read_text(encoding="utf-8")
    rules.write_text(text.replace("fact: family_cannot_pay,", "fact: family_cannot_payy,"), encoding="utf-8")


def cite_own_document(folder: Path, file_name: str) -> None:
    """The copy cites `file_name` instead of the shipped Guangzhou report."""
    text = (folder / "pack.yaml").read_text(encoding="utf-8")
    (folder / "pack.yaml").write_text(text.replace("file: 001_78bf0cd0d149ffea.txt", f"file: {file_name}"),
                                      encoding="utf-8")


def test_score_takes_a_pack_folder_written_as_a_relative_path(tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    copy_pack(CHILD, tmp_path / "my-pack")
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["score", "--pack", "./my-pack", "--json", facts_file(tmp_path)])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["pack"] == "my-pack" and data["total"] == "1508" and data["eligible"] is True


def test_score_takes_an_absolute_pack_folder(tmp_path: Path) -> None:
    folder = copy_pack(CHILD, tmp_path / "my-pack")
    result = runner.invoke(app, ["score", "-p", str(folder), "--json", facts_file(tmp_path)])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["pack"] == "my-pack"


@pytest.mark.parametrize("command", [
    ["show", "./my-pack"], ["show", "--pack", "./my-pack"], ["show", "./my-pack", "--json"],
    ["schema", "--pack", "./my-pack"], ["test", "./my-pack"], ["test", "--pack", "./my-pack"],
    ["score", "--pack", "./my-pack", "child.json"], ["path", "--pack", "./my-pack", "child.json"],
])
def test_every_command_that_reads_one_pack_takes_its_folder(command: list[str], tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    copy_pack(CHILD, tmp_path / "my-pack")
    facts_file(tmp_path)
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, command, env=WIDE)
    assert result.exit_code == 0, result.output
    assert "my-pack" in result.output or command[0] in ("schema", "path")


def test_bulk_and_round_take_a_pack_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    copy_pack("hangzhou-2017", tmp_path / "my-city-2017")
    people = tmp_path / "people.csv"
    people.write_text("person_id,birth_date,education\na,1985-01-01,master\nb,1990-01-01,college\n",
                      encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["bulk", "-p", "./my-city-2017", "people.csv", "--out", "scores.csv"],
                           env=WIDE)
    assert result.exit_code == 0, result.output
    assert "scored 2 persons under my-city-2017" in result.output
    result = runner.invoke(app, ["round", "-p", "./my-city-2017", "--applicants", "people.csv",
                                 "--quota", "1", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["pack"] == "my-city-2017"


def test_show_and_test_refuse_two_different_packs(tmp_path: Path) -> None:
    result = runner.invoke(app, ["show", "hangzhou-2017", "--pack", "guangzhou-2017"])
    assert result.exit_code == 2
    assert "got two packs, 'hangzhou-2017' and --pack 'guangzhou-2017'" in result.output


def test_a_bare_folder_name_is_read_as_an_id_and_the_error_says_to_write_a_path(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    copy_pack(CHILD, tmp_path / "my-pack")
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["show", "my-pack"], env=WIDE)
    assert result.exit_code == 2
    assert "no policy pack or jurisdiction 'my-pack'" in result.output
    assert "write it as a path: ./my-pack" in result.output


def test_a_folder_without_pack_yaml_is_refused_saying_what_a_pack_folder_holds(tmp_path: Path) -> None:
    (tmp_path / "notes").mkdir()
    result = runner.invoke(app, ["show", str(tmp_path / "notes")], env=WIDE)
    assert result.exit_code == 2
    assert "is not a pack folder: no pack.yaml in it; a pack folder holds pack.yaml" in result.output


def test_a_folder_of_packs_given_as_one_pack_is_pointed_to_policies(tmp_path: Path) -> None:
    copy_pack(CHILD, tmp_path / "mine" / "my-pack")
    result = runner.invoke(app, ["show", str(tmp_path / "mine")], env=WIDE)
    assert result.exit_code == 2
    assert "it holds the packs my-pack" in result.output
    assert f"--policies {tmp_path / 'mine'}" in result.output


def test_a_pack_folder_that_does_not_exist_is_named(tmp_path: Path) -> None:
    result = runner.invoke(app, ["score", "-p", "./nowhere", facts_file(tmp_path)], env=WIDE)
    assert result.exit_code == 2
    assert "no pack folder './nowhere': it does not exist" in result.output


def test_policies_adds_a_folder_of_packs_beside_the_shipped_ones(tmp_path: Path) -> None:
    copy_pack(CHILD, tmp_path / "mine" / "my-pack")
    mine = str(tmp_path / "mine")
    for command in (["--policies", mine, "packs"], ["packs", "--policies", mine]):
        result = runner.invoke(app, command, env=WIDE)
        assert result.exit_code == 0, result.output
        assert "hangzhou-2017" in result.output and "my-pack" in result.output
        assert f"from {tmp_path / 'mine' / 'my-pack'}" in result.output
    result = runner.invoke(app, ["score", "--policies", mine, "-p", "my-pack", "--json",
                                 facts_file(tmp_path)])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["pack"] == "my-pack"


def test_policies_also_takes_a_single_pack_folder(tmp_path: Path) -> None:
    folder = copy_pack(CHILD, tmp_path / "my-pack")
    result = runner.invoke(app, ["--policies", str(folder), "show", "my-pack"], env=WIDE)
    assert result.exit_code == 0, result.output


def test_packs_added_by_policies_join_the_citys_services(tmp_path: Path) -> None:
    copy_pack(CHILD, tmp_path / "mine" / "my-child-relief")
    result = runner.invoke(app, ["eligibility", "--city", "guangzhou", "--policies", str(tmp_path / "mine"),
                                 "--as-of", "2017-11-01", "--json", facts_file(tmp_path)])
    assert result.exit_code == 0, result.output
    packs = [s["pack"] for s in json.loads(result.stdout)["services"]]
    assert CHILD in packs and "my-child-relief" in packs


def test_a_policies_folder_that_holds_no_pack_is_refused(tmp_path: Path) -> None:
    result = runner.invoke(app, ["--policies", str(tmp_path), "packs"], env=WIDE)
    assert result.exit_code == 2
    assert f"--policies '{tmp_path}': no pack in it" in result.output
    result = runner.invoke(app, ["packs", "--policies", str(tmp_path / "gone")], env=WIDE)
    assert result.exit_code == 2
    assert "the folder does not exist" in result.output


def test_settle_extra_policies_adds_folders_separated_by_the_path_separator(tmp_path: Path) -> None:
    copy_pack(CHILD, tmp_path / "a" / "first-pack")
    copy_pack(CHILD, tmp_path / "b" / "second-pack")
    folders = os.pathsep.join([str(tmp_path / "a"), str(tmp_path / "b")])
    result = runner.invoke(app, ["packs", "--json"], env={"SETTLE_EXTRA_POLICIES": folders})
    assert result.exit_code == 0, result.output
    listed = {p["id"]: p for p in json.loads(result.stdout)}
    assert {"first-pack", "second-pack", "hangzhou-2017"} <= set(listed)
    assert listed["first-pack"]["shipped"] is False and listed["hangzhou-2017"]["shipped"] is True


def test_a_wrong_settle_extra_policies_entry_is_named(tmp_path: Path) -> None:
    result = runner.invoke(app, ["packs"], env={"SETTLE_EXTRA_POLICIES": str(tmp_path / "gone"),
                                                **WIDE})
    assert result.exit_code == 2
    assert f"SETTLE_EXTRA_POLICIES entry '{tmp_path / 'gone'}': the folder does not exist" in result.output


def test_settle_policies_still_replaces_the_shipped_packs(tmp_path: Path) -> None:
    copy_pack(CHILD, tmp_path / "only" / "my-pack")
    result = runner.invoke(app, ["packs", "--json"], env={"SETTLE_POLICIES": str(tmp_path / "only")})
    assert result.exit_code == 0, result.output
    assert [p["id"] for p in json.loads(result.stdout)] == ["my-pack"]


def test_a_pack_id_in_two_folders_is_refused_naming_both_and_the_way_out(tmp_path: Path) -> None:
    copy_pack("hangzhou-2017", tmp_path / "mine" / "hangzhou-2017")
    mine = str(tmp_path / "mine")
    result = runner.invoke(app, ["packs", "--policies", mine], env=WIDE)
    assert result.exit_code == 1
    assert f"{tmp_path / 'mine' / 'hangzhou-2017' / 'pack.yaml'}: pack id 'hangzhou-2017' is also the " \
           f"id of {SHIPPED / 'hangzhou-2017'}" in " ".join(result.output.split())
    result = runner.invoke(app, ["score", "--policies", mine, "-p", "hangzhou-2017", facts_file(tmp_path)],
                           env=WIDE)
    assert result.exit_code == 2
    assert "a pack id must be unique" in result.output
    assert f"--pack {tmp_path / 'mine' / 'hangzhou-2017'}" in result.output
    result = runner.invoke(app, ["show", "--policies", mine, str(tmp_path / "mine" / "hangzhou-2017")],
                           env=WIDE)
    assert result.exit_code == 0, result.output


def test_a_pack_quotes_and_checks_documents_in_its_own_sources_folder(tmp_path: Path) -> None:
    folder = copy_pack(CHILD, tmp_path / "my-pack")
    cite_own_document(folder, "guangzhou-report.txt")
    (folder / "sources").mkdir()
    shutil.copy(SHIPPED.parent / "sources" / "001_78bf0cd0d149ffea.txt",
                folder / "sources" / "guangzhou-report.txt")
    result = runner.invoke(app, ["show", str(folder), "--quote"], env=WIDE)
    assert result.exit_code == 0, result.output
    assert 'guangzhou-report.txt, lines 913-914\n    "' in result.output
    short = folder / "sources" / "guangzhou-report.txt"
    short.write_text("\n".join(short.read_text(encoding="utf-8").splitlines()[:900]), encoding="utf-8")
    result = runner.invoke(app, ["test", str(folder)], env=WIDE)
    assert result.exit_code == 1
    assert "are past the end of guangzhou-report.txt (" in result.output


def test_a_pack_finds_documents_in_a_sources_folder_beside_it(tmp_path: Path) -> None:
    folder = copy_pack(CHILD, tmp_path / "mine" / "my-pack")
    cite_own_document(folder, "guangzhou-report-beside.txt")
    (tmp_path / "mine" / "sources").mkdir()
    shutil.copy(SHIPPED.parent / "sources" / "001_78bf0cd0d149ffea.txt",
                tmp_path / "mine" / "sources" / "guangzhou-report-beside.txt")
    result = runner.invoke(app, ["show", "my-pack", "--policies", str(tmp_path / "mine"), "--quote"],
                           env=WIDE)
    assert result.exit_code == 0, result.output
    assert 'guangzhou-report-beside.txt, lines 913-914\n    "' in result.output


def test_test_says_when_a_packs_documents_are_not_on_this_machine(tmp_path: Path) -> None:
    folder = copy_pack(CHILD, tmp_path / "my-pack")
    cite_own_document(folder, "not-here.txt")
    result = runner.invoke(app, ["test", "--pack", str(folder)], env=WIDE)
    assert result.exit_code == 0, result.output
    assert "not on this machine, citations unchecked: not-here.txt" in result.output
    report = json.loads(runner.invoke(app, ["test", "--pack", str(folder), "--json"]).stdout)
    assert report[0]["sources_not_found"] == ["not-here.txt"]


def test_test_reports_an_invalid_pack_with_each_problem_and_goes_on(tmp_path: Path) -> None:
    broken = copy_pack(CHILD, tmp_path / "broken-pack")
    break_pack(broken)
    result = runner.invoke(app, ["test", "--pack", str(broken), "--pack", CHILD], env=WIDE)
    assert result.exit_code == 1
    assert "broken-pack/rules/service.yaml:" in result.output
    assert "[cannot_pay]: condition reads unknown fact 'family_cannot_payy'" in result.output
    assert f"{CHILD}: 6/6 cases pass" in result.output
    assert "invalid: " in result.output


def test_an_error_keeps_the_rule_id_in_brackets(tmp_path: Path) -> None:
    broken = copy_pack(CHILD, tmp_path / "broken-pack")
    break_pack(broken)
    result = runner.invoke(app, ["show", str(broken)], env=WIDE)
    assert result.exit_code == 2
    assert "[cannot_pay]: condition reads unknown fact 'family_cannot_payy'" in result.output


def test_compare_takes_a_new_citys_points_pack_once_it_maps_the_shared_vocabulary(tmp_path: Path) -> None:
    shared_person = str(SHIPPED.parent / "examples" / "shared" / "migrant_worker.json")
    for name, mapped in (("mapped-city-2017", True), ("unmapped-city-2017", False)):
        folder = copy_pack("hangzhou-2017", tmp_path / "mine" / name)
        text = (folder / "pack.yaml").read_text(encoding="utf-8")
        city = name.replace("-city-2017", "_city")
        (folder / "pack.yaml").write_text(text.replace("jurisdiction: hangzhou\n", f"jurisdiction: {city}\n"),
                                          encoding="utf-8")
        if not mapped:
            (folder / "vocabulary.yaml").unlink()
    mine = str(tmp_path / "mine")
    result = runner.invoke(app, ["compare", shared_person, "--as-of", "2017-11-08", "--policies", mine],
                           env=WIDE)
    assert result.exit_code == 0, result.output
    assert "unmapped-city-2017 left out: it has no vocabulary.yaml" in result.output
    rows = json.loads(runner.invoke(app, ["compare", shared_person, "--as-of", "2017-11-08", "--json",
                                          "--policies", mine]).stdout)
    assert {r["pack"] for r in rows} == {"guangzhou-2017", "hangzhou-2017", "mapped-city-2017"}
