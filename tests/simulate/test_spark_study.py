"""`settle simulate --engine spark` says what the local simulation says: the same summary
(counts, entrants and leavers by group, mean points, hidden cells, costs, demand) and the same
results person by person (Spark in local mode, one session for the module; `make test`
installs pyspark and Java 17)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

import polars as pl
import pytest
from polars.testing import assert_frame_equal
from typer.testing import CliRunner

from settle.cli.app import app
from settle.packs import default_catalogue
from settle.packs.reforms import load_reform, stack
from settle.paths import calibration_dir, reforms_dir
from settle.rules.bulk.spark import spark_name
from settle.simulate.calibration import load_calibration
from settle.simulate.population import write_population
from settle.simulate.scenarios import Scenario, simulate, tally
from settle.simulate.spark_study import SparkSimulation, demand_spark
from settle.simulate.study import chosen_costs, finish_study

pytest.importorskip("pyspark", reason="the Spark engine's extra: pip install -e '.[spark]'")

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

pytestmark = pytest.mark.slow
runner = CliRunner()
WIDE = {"COLUMNS": "250"}
SIZE = 3000
PACK = "guangzhou-2025"  # points to the cent, years' columns (a dot in their names), a demand model
BONUS = "guangzhou-2025-bonus-in-ranking"  # changes the ranking, not the points
RENTAL = """id: rental-weight
base: guangzhou-2025
title: {en: Seven points a year of rental, zh: 租房每年计7分}
rationale: {en: A test's hypothesis., zh: 测试用假设。}
cite: {source: gz_2025, lines: "58", note: "the weight is a hypothesis"}
effective_from: 2025-06-30
parameters:
  residence_rental_years_points_per_unit: 7
"""


@pytest.fixture(scope="module")
def population(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("spark-simulate") / "guangzhou.parquet"
    write_population(load_calibration(calibration_dir() / "guangzhou.yaml"), SIZE, 7, out)
    return out


@pytest.fixture(scope="module")
def reforms(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """Two stacked reforms (three scenarios): the shipped bonus one, then a weight of rental."""
    rental = tmp_path_factory.mktemp("reforms") / "rental-weight.yaml"
    rental.write_text(RENTAL, encoding="utf-8")
    return [BONUS, str(rental)]


def _simulate(population: Path, reforms: list[str], out: Path, *engine: str) -> dict[str, Any]:
    stacked = [arg for name in reforms for arg in ("--reform", name)]
    result = runner.invoke(app, ["simulate", *stacked, "--population", str(population), "--quota", "200",
                                 "--out", str(out), "--json", *engine], env=WIDE)
    assert result.exit_code == 0, result.output
    told: dict[str, Any] = json.loads(result.stdout)
    return told


@pytest.fixture(scope="module")
def runs(spark: SparkSession, population: Path, reforms: list[str],
         tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[dict[str, Any], Path]]:
    """The same study run by each engine (the Spark one on the module's session)."""
    folder = tmp_path_factory.mktemp("runs")
    return {"local": (_simulate(population, reforms, folder / "local"), folder / "local"),
            "spark": (_simulate(population, reforms, folder / "spark", "--engine", "spark",
                                "--spark-master", "local[2]"), folder / "spark")}


def test_the_spark_summary_is_the_local_summary(runs: dict[str, tuple[dict[str, Any], Path]]) -> None:
    local, local_out = runs["local"]
    on_spark, spark_out = runs["spark"]
    assert on_spark == local
    written = json.loads((spark_out / "summary.json").read_text(encoding="utf-8"))
    assert written == json.loads((local_out / "summary.json").read_text(encoding="utf-8"))
    # what the comparison covers:
    assert [s["name"] for s in local["scenarios"]] == ["baseline", BONUS, "rental-weight"]
    assert [(s["from"], s["to"]) for s in local["steps"]] == [
        ("baseline", BONUS), (BONUS, "rental-weight"), ("baseline", "rental-weight")]
    assert local["steps"][0]["entrants"] and local["steps"][1]["gainers"]
    assert local["steps"][1]["mean_change"] not in (None, "0.00")
    assert all(s["admitted"] and s["mean_points"] for s in local["scenarios"])
    assert {"sex", "age_band", "district", "channel"} <= set(local["breakdowns"])
    cells = [row for rows in local["breakdowns"].values() for row in rows]
    assert any(row["entrants"] for row in cells)
    assert any(row["persons"] is None or row["entrants"] is None for row in cells)  # hidden cells
    assert local["costs"]["scenarios"][0]["total"] is not None
    assert local["demand"]["schools"]["rows"] and "demand_not_computed" not in local
    assert (spark_out / "report.html").is_file() and (spark_out / "breakdowns.xlsx").is_file()


def test_the_spark_person_level_results_are_the_local_ones(
        runs: dict[str, tuple[dict[str, Any], Path]]) -> None:
    local = pl.read_parquet(runs["local"][1] / "persons.parquet")
    on_spark = pl.read_parquet(runs["spark"][1] / "persons" / "*.parquet")
    assert (runs["spark"][1] / "persons" / "_SUCCESS").is_file()
    # Spark keeps a category as its text
    local = local.with_columns(pl.col(c).cast(pl.String) for c, t in local.schema.items()
                               if isinstance(t, pl.Enum))
    assert on_spark.height == local.height == SIZE
    assert_frame_equal(on_spark.sort("person_id"), local.sort("person_id"))
    assert local["rental-weight.total"].ne(local["baseline.total"]).any()
    assert local[f"{BONUS}.rank"].ne_missing(local["baseline.rank"]).any()


def test_spark_says_plainly_when_the_demand_needs_more_persons_than_it_brings_to_the_driver(
        spark: SparkSession, population: Path, tmp_path: Path) -> None:
    pack = default_catalogue().load(PACK)
    people = pl.read_parquet(population)
    flags = people.select("person_id", (pl.int_range(pl.len()) < 200).alias(spark_name("baseline.admitted")),
                          pl.lit(True).alias(spark_name("baseline.eligible")))  # everyone eligible
    persons = spark.createDataFrame(flags.to_arrow(compat_level=pl.CompatLevel.oldest()))
    on = pack.meta.default_evaluation_date
    sim = SparkSimulation([Scenario("baseline", pack)], [], persons, [], 10, on)
    services, missing = demand_spark(sim, spark.read.parquet(str(population)), pack, demand_rows=SIZE - 1)
    assert services is None and missing is not None
    assert (missing["persons"], missing["limit"]) == (SIZE, SIZE - 1)
    assert "--demand-rows" in missing["reason"]["en"] and "--demand-rows" in missing["reason"]["zh"]
    # the summary and the report carry it (the code after the tallies is the local engine's)
    loaded = [load_reform(reforms_dir() / f"{BONUS}.yaml")]
    steps = stack(pack, loaded)
    local = simulate([Scenario("baseline", pack), Scenario(BONUS, steps[0])], people, quota=200)
    report, html = finish_study(pack, loaded, local, tally(local), chosen_costs(None, pack), None,
                                lambda folder: None, population_name="test", quota=200, round_id=None,
                                out=tmp_path, horizon=None, lang="zh", demand_missing=missing)
    assert report["demand_not_computed"] == missing and "demand" not in report
    assert html is not None and missing["reason"]["zh"] in html.read_text(encoding="utf-8")
    assert "未测算公共服务需求" in (tmp_path / "report.md").read_text(encoding="utf-8")


def test_spark_simulate_refuses_what_it_cannot_run(spark: SparkSession, tmp_path: Path) -> None:
    local_only = runner.invoke(app, ["simulate", "--reform", BONUS, "--population", "p.parquet",
                                     "--persons-out", str(tmp_path / "p")], env=WIDE)
    assert local_only.exit_code == 2 and "--persons-out needs --engine spark" in local_only.output
    table = tmp_path / "people.csv"
    table.write_text("person_id,birth_date\np1,1990-01-01\n")
    refused = runner.invoke(app, ["simulate", "--reform", BONUS, "--population", str(table),
                                  "--engine", "spark", "--spark-master", "local[2]"], env=WIDE)
    assert refused.exit_code == 2
    assert "the Spark engine reads a Parquet file or a folder of Parquet files" in refused.output
