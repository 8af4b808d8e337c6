"""`settle population`, `settle round`, `settle bulk` and `settle demo` as a user runs them."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import polars as pl
from typer.testing import CliRunner

from settle.cli.app import app

runner = CliRunner()
WIDE = {"COLUMNS": "250"}


def _population(tmp_path: Path, size: int = 3000) -> Path:
    out = tmp_path / "hz.parquet"
    result = runner.invoke(app, ["population", "--city", "hangzhou", "--size", str(size),
                                 "--seed", "4", "--out", str(out)], env=WIDE)
    assert result.exit_code == 0, result.output
    assert f"wrote {size:,} persons" in result.output
    return out


def test_population_check_prints_published_beside_generated(tmp_path: Path) -> None:
    out = _population(tmp_path)
    result = runner.invoke(app, ["population", "check", str(out)], env=WIDE)
    assert result.exit_code == 0, result.output
    assert "published total 6,093,700" in result.output
    assert "20.48%" in result.output  # Anhui, Table 2
    assert "79.74%" in result.output  # outside Zhejiang


def test_an_unknown_city_is_refused_with_the_known_ones(tmp_path: Path) -> None:
    result = runner.invoke(app, ["population", "--city", "atlantis", "--out", str(tmp_path / "x.parquet")],
                           env=WIDE)
    assert result.exit_code == 2
    assert "no calibration for city 'atlantis' (cities: guangzhou, hangzhou)" in result.output


def test_round_writes_the_ranked_list(tmp_path: Path) -> None:
    population = _population(tmp_path)
    ranked = tmp_path / "ranked.csv"
    result = runner.invoke(app, ["round", "--pack", "hangzhou-2017", "--applicants", str(population),
                                 "--quota", "30", "--out", str(ranked)], env=WIDE)
    assert result.exit_code == 0, result.output
    assert "cut-off of general: total = " in result.output
    listing = pl.read_csv(ranked)
    assert listing.columns[:5] == ["line", "rank", "admitted", "person_id", "total"]
    admitted = listing.filter(pl.col("admitted"))
    assert admitted.height >= 30
    assert all(rank <= 30 for rank in admitted["rank"].to_list())  # shared ranks may exceed the quota


def test_round_reads_applicants_from_a_sqlite_table(tmp_path: Path) -> None:
    db = tmp_path / "bureau.db"
    with sqlite3.connect(db) as connection:
        connection.execute("CREATE TABLE applicants (person_id TEXT, birth_date TEXT, education TEXT)")
        connection.executemany("INSERT INTO applicants VALUES (?, ?, ?)",
                               [("a", "1990-01-01", "master"), ("b", "1980-01-01", "none"),
                                ("c", "1970-01-01", "bachelor")])
    result = runner.invoke(app, ["round", "-p", "hangzhou-2017", "--applicants", f"sqlite:{db}:applicants",
                                 "--quota", "1"], env=WIDE)
    assert result.exit_code == 0, result.output
    assert "cut-off of general: total = 95" in result.output


def test_bulk_scores_a_table_and_reports_bad_rows(tmp_path: Path) -> None:
    good = tmp_path / "people.csv"
    good.write_text("person_id,birth_date,wage_tax_5y_usd\nx,1985-01-01,301.38\n", encoding="utf-8")
    out = tmp_path / "scores.csv"
    result = runner.invoke(app, ["bulk", "-p", "hangzhou-2017", str(good), "--out", str(out)], env=WIDE)
    assert result.exit_code == 0, result.output
    assert pl.read_csv(out)["total"].to_list() == [32]
    bad = tmp_path / "bad.csv"
    bad.write_text("person_id,birth_date,education\nx,1985-01-01,phd\n", encoding="utf-8")
    result = runner.invoke(app, ["bulk", "-p", "hangzhou-2017", str(bad), "--out", str(out)], env=WIDE)
    assert result.exit_code == 2
    assert "education = 'phd' (rows 0): unknown category" in result.output


def test_demo_scores_examples_and_runs_a_round(tmp_path: Path) -> None:
    result = runner.invoke(app, ["demo", "--size", "2000", "--out", str(tmp_path)], env=WIDE)
    assert result.exit_code == 0, result.output
    assert "guangzhou-2025__factory_technician.json" in result.output
    assert "scaled to this sample of 2,000 it is 2." in result.output
    assert "cut-off of general: total = " in result.output
    assert "Explained: the first and last admitted" in result.output
