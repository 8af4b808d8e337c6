"""`settle distribute`: the allocation per destination in 80 columns, as JSON, written out,
and bad input named in the user's language."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import polars as pl
from typer.testing import CliRunner

from settle.cli.app import app

runner = CliRunner()
NARROW = {"COLUMNS": "80"}
PACK = "germany-asylum-distribution-2016"


def _cohort(tmp_path: Path, size: int = 1_000) -> Path:
    path = tmp_path / "cohort.csv"
    pl.DataFrame({
        "person_id": [f"p{i:05d}" for i in range(size)],
        "arrival_date": [(dt.date(2016, 1, 1) + dt.timedelta(days=i % 300)).isoformat() for i in range(size)],
        "household_id": [f"h{i // 3}" if i < 300 else None for i in range(size)],
    }).write_csv(path)
    return path


def test_distribute_prints_each_state_with_its_key_share_quota_and_allocation(tmp_path: Path) -> None:
    cohort = _cohort(tmp_path)
    out = tmp_path / "placed.parquet"
    result = runner.invoke(app, ["distribute", "--pack", PACK, "--cohort", str(cohort), "--out", str(out)],
                           env=NARROW)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert max(len(line) for line in lines) <= 80
    nrw = next(line for line in lines if line.startswith(" North Rhine-Westphalia"))
    assert nrw.split()[-5:] == ["21.21010", "212.10", "212", "212", "none"]
    assert "1,000 persons in 800 households, 1,000 placed, 0 not placed" in " ".join(result.output.split())
    assert "Key shares in force since 2016-01-01: de-asylum-distribution-koenigstein-key.de.txt 30-45" \
        in " ".join(result.output.split())
    placed = pl.read_parquet(out)
    assert placed.height == 1_000
    assert placed.columns == ["position", "person_id", "household", "destination"]

    # the same in JSON, in 2017 (the key of 2016), Chinese words, with a capacity
    again = runner.invoke(app, ["distribute", "-p", PACK, "--cohort", str(cohort), "--as-of", "2017-03-01",
                                "--capacity", "nordrhein_westfalen=100", "--json"])
    assert again.exit_code == 0, again.output
    data = json.loads(again.output)
    by_id = {d["id"]: d for d in data["destinations"]}
    assert by_id["nordrhein_westfalen"] | {"share_cite": None} == by_id["nordrhein_westfalen"] | {
        "share": "21.14424", "share_since": "2017-01-01", "capacity": 100, "allocated": 100,
        "places": 100, "share_cite": None}
    assert sum(d["allocated"] for d in data["destinations"]) == data["placed"] == 1_000
    zh = runner.invoke(app, ["distribute", "-p", PACK, "--cohort", str(cohort), "--lang", "zh"], env=NARROW)
    assert "北莱茵-威斯特法伦州" in zh.output and "精确配额" in zh.output


def test_bad_input_is_refused_naming_the_field_the_value_and_the_rule_in_the_users_language(
        tmp_path: Path) -> None:
    cohort = _cohort(tmp_path, 10)
    result = runner.invoke(app, ["distribute", "-p", PACK, "--cohort", str(cohort),
                                 "--capacity", "berlin=lots", "--lang", "zh"], env={"COLUMNS": "200"})
    assert result.exit_code == 2
    assert "--capacity berlin=lots：请写作 目的地=人数" in result.output
    result = runner.invoke(app, ["distribute", "-p", PACK, "--cohort", str(cohort),
                                 "--capacity", "bavaria=5"], env={"COLUMNS": "200"})
    assert result.exit_code == 2
    assert "unknown destination 'bavaria'" in result.output
    bad = tmp_path / "bad.csv"
    bad.write_text("person_id,arrival_date\np1,2016-13-01\n", encoding="utf-8")
    result = runner.invoke(app, ["distribute", "-p", PACK, "--cohort", str(bad)], env={"COLUMNS": "200"})
    assert result.exit_code == 2
    assert "arrival_date" in result.output and "2016-13-01" in result.output
    result = runner.invoke(app, ["distribute", "-p", "hangzhou-2017", "--cohort", str(cohort)],
                           env={"COLUMNS": "200"})
    assert result.exit_code == 2
    assert "declares no distribution" in result.output
