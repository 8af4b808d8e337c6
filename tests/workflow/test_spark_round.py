"""The Spark engine scores, ranks and admits every person as the local engine does (Spark in
local mode, one session for the module; `make test` installs pyspark and Java 17)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import polars as pl
import pytest
from polars.testing import assert_frame_equal
from typer.testing import CliRunner

from settle.cli.app import app
from settle.packs.catalogue import default_catalogue
from settle.packs.pack import Pack
from settle.packs.schema import Ranking
from settle.rules.bulk.columns import reads_column
from settle.rules.bulk.engine import score_table
from settle.rules.bulk.reading import read_people
from settle.rules.bulk.spark import collect, read_persons, score_dataframe, settle_names
from settle.workflow.quota_round import run_round
from settle.workflow.spark_round import run_round_spark

pytest.importorskip("pyspark", reason="the Spark engine's extra: pip install -e '.[spark]'")

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

pytestmark = pytest.mark.slow
runner = CliRunner()
WIDE = {"COLUMNS": "250"}
SIZE = 3000


@pytest.fixture(scope="module")
def people(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A Hangzhou and a Guangzhou population (the latter as of the 2017 round's date)."""
    folder = tmp_path_factory.mktemp("spark")
    made = {}
    for city, extra in (("hangzhou", []), ("guangzhou", ["--reference-date", "2017-11-08"])):
        out = folder / f"{city}.parquet"
        result = runner.invoke(app, ["population", "--city", city, "--size", str(SIZE), "--seed", "4",
                                     "--out", str(out), *extra], env=WIDE)
        assert result.exit_code == 0, result.output
        made[city] = out
    return made


def _pack(name: str) -> Pack:
    return default_catalogue().load(name)


@pytest.mark.parametrize(("name", "city"), [("hangzhou-2017", "hangzhou"), ("guangzhou-2017", "guangzhou")])
def test_spark_scores_every_person_with_the_local_engines_points_and_eligibility(
        spark: SparkSession, people: dict[str, Path], name: str, city: str) -> None:
    pack = _pack(name)
    local = score_table(pack, read_people(str(people[city]), pack)).readable().sort("person_id")
    on_spark = collect(score_dataframe(pack, read_persons(spark, str(people[city]), pack)))
    assert on_spark.height == SIZE
    assert on_spark.columns == local.columns
    assert_frame_equal(on_spark.sort("person_id"), local)
    assert local["eligible"].sum() > 0  # the comparison covers eligible persons, and points:
    assert local["total"].n_unique() > 20


def _strict(pack: Pack) -> Ranking:
    assert pack.meta.ranking is not None
    return pack.meta.ranking.model_copy(update={"ties": "strict"})


@pytest.mark.parametrize(("name", "city", "quota", "strict"), [
    ("hangzhou-2017", "hangzhou", 40, False),   # one line, ranked by total, shared ranks at the cut-off
    ("hangzhou-2017", "hangzhou", 40, True),    # the same, every person their own rank
    ("guangzhou-2017", "guangzhou", 50, False),  # three lines (two admitted directly), ranked by facts
])
def test_spark_round_gives_every_person_the_local_rounds_line_rank_and_admission(
        spark: SparkSession, people: dict[str, Path], name: str, city: str, quota: int, strict: bool) -> None:
    pack = _pack(name)
    ranking = _strict(pack) if strict else None
    keys = tuple(k.by for k in (ranking or pack.meta.ranking).keys)  # type: ignore[union-attr]
    wanted = ("person_id", *keys)
    table = read_people(str(people[city]), pack, lambda c: reads_column(pack, c, wanted))
    local = run_round(pack, table, quota=quota, ranking=ranking)
    run = run_round_spark(pack, read_persons(spark, str(people[city]), pack, wanted), quota=quota,
                          ranking=ranking, partitions=4)  # four range partitions: ranks carried across
    outcome = run.outcome
    assert (outcome.applicants, outcome.eligible, outcome.admitted) == (
        local.applicants, local.eligible, local.admitted)
    assert outcome.lines == local.lines  # counts, cut-off, ties at the cut-off, beyond the quota
    by_person = ["line", "person_id"]
    listing = collect(settle_names(run.listing)).sort(by_person)
    assert_frame_equal(listing, local.ranked.sort(by_person))
    admitted = local.ranked.filter(pl.col("admitted"))
    assert_frame_equal(outcome.ranked, admitted, check_row_order=False)
    assert admitted.height >= 1
    if not strict and name == "hangzhou-2017":
        assert outcome.lines[0].tied_at_cutoff > 1  # the shared cut-off is exercised


def test_the_spark_commands_write_parquet_datasets_and_name_a_bad_value(
        spark: SparkSession, people: dict[str, Path], tmp_path: Path) -> None:
    scores = tmp_path / "scores"
    result = runner.invoke(app, ["bulk", "--pack", "hangzhou-2017", str(people["hangzhou"]),
                                 "--out", str(scores), "--engine", "spark", "--partition-by", "eligible"],
                           env=WIDE)
    assert result.exit_code == 0, result.output
    assert f"scored {SIZE:,} persons under hangzhou-2017 on Spark" in result.output
    assert (scores / "eligible=true").is_dir()
    local = tmp_path / "scores.parquet"
    assert runner.invoke(app, ["bulk", "--pack", "hangzhou-2017", str(people["hangzhou"]),
                               "--out", str(local)], env=WIDE).exit_code == 0
    written = pl.read_parquet(scores / "**/*.parquet", hive_partitioning=True)
    expected = pl.read_parquet(local).sort("person_id")
    assert_frame_equal(written.select(expected.columns).sort("person_id"), expected)

    ranked = tmp_path / "ranked"
    result = runner.invoke(app, ["round", "--pack", "guangzhou-2017", "--applicants",
                                 str(people["guangzhou"]), "--quota", "50", "--out", str(ranked),
                                 "--engine", "spark", "--json"], env=WIDE)
    assert result.exit_code == 0, result.output
    told = json.loads(result.stdout)
    assert told["written_to"] == str(ranked)
    ranked_lines = [line["id"] for line in told["lines"] if line["applicants"]]
    assert "general" in ranked_lines
    assert sorted(p.name for p in ranked.glob("line=*")) == sorted(f"line={i}" for i in ranked_lines)

    bad = tmp_path / "bad.csv"
    bad.write_text("person_id,birth_date,education\np1,1990-01-01,bachelor\np2,1990-13-01,bachelor\n")
    result = runner.invoke(app, ["bulk", "--pack", "hangzhou-2017", str(bad), "--out", str(tmp_path / "b"),
                                 "--engine", "spark"], env=WIDE)
    assert result.exit_code == 2
    assert "birth_date" in result.output and "1990-13-01" in result.output

    refused = runner.invoke(app, ["bulk", "--pack", "hangzhou-2017", str(bad),
                                  "--out", str(tmp_path / "b.csv"), "--engine", "spark"], env=WIDE)
    assert refused.exit_code == 2
    assert "writes a Parquet dataset (a folder), not .csv" in refused.output
    alone = runner.invoke(app, ["bulk", "--pack", "hangzhou-2017", str(bad), "--out", str(tmp_path / "c.csv"),
                                "--spark-master", "local[2]"], env=WIDE)
    assert alone.exit_code == 2
    assert "--spark-master 'local[2]' needs --engine spark" in alone.output
