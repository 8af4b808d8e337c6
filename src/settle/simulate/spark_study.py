"""A study on Spark: `run_study` (settle.simulate.study) over a population too large for one
machine, a Parquet file or dataset that Spark reads.

Each scenario (the baseline, then the pack after each stacked reform) is scored and ranked by
the Spark round (settle.workflow.spark_round: the pack compiled once on the driver and applied
to every partition by the bulk engine; a global ranking with the local tie-break chain). The
scenarios are joined person by person on Spark, and the tallies the summary and the report
read (`Tallies`: the same sums and counts as the local `tally`) are Spark aggregations: only
they reach the driver, with the admitted of each round. The summary, the costs and the report
are then the local code's (`finish_study`); the person-level results are written as a Parquet
dataset.

Service demand needs the households of the persons admitted or eligible in some scenario. The
admitted are at most the quotas, the eligible are not: when those persons number at most
`demand_rows` they are brought to the driver (only the columns the demand model reads) and the
local demand code runs on them; otherwise the summary and the report say that demand was not
computed, and why.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import reduce
from pathlib import Path
from typing import TYPE_CHECKING, Any

import polars as pl

from settle.language.text import Lang
from settle.packs import default_catalogue
from settle.packs.pack import Pack
from settle.packs.reforms import LoadedReform
from settle.rules.bulk.columns import reads_column
from settle.rules.bulk.engine import with_exact_points
from settle.rules.bulk.spark import (
    SAFE_DOT,
    check_output,
    collect,
    first_rows,
    map_frames,
    spark_name,
    write_dataset,
)
from settle.simulate.demand import GROUPS, columns_read, demand, demand_model_for
from settle.simulate.scenarios import (
    MAX_CATEGORIES,
    Scenario,
    Simulation,
    Tallies,
    described_persons,
    steps_of,
)
from settle.simulate.study import chosen_costs, finish_study, scenarios_of
from settle.tables import TableError
from settle.workflow.quota_round import RoundError, RoundOutcome, round_columns
from settle.workflow.spark_round import run_round_spark

if TYPE_CHECKING:
    from pyspark.sql import Column, DataFrame, SparkSession

DEMAND_ROWS = 2_000_000
"""Persons admitted or eligible in some scenario brought to the driver for the service
demand, at most (their households: a few columns each, well under a GiB)."""


@dataclass
class SparkSimulation:
    """A simulation run on Spark: as `Simulation`, but `persons` is a Spark DataFrame (columns
    named with `spark_name`) and each round's `ranked` holds only the admitted."""

    scenarios: list[Scenario]
    rounds: list[RoundOutcome]
    persons: DataFrame = field(repr=False)
    by: list[str]
    threshold: int
    as_of: dt.date

    def names(self) -> list[str]:
        return [s.name for s in self.scenarios]


def population_frame(spark: SparkSession, source: str) -> DataFrame:
    """Every column of the Parquet file or dataset `source` (a path or any URL Spark reads),
    named with `spark_name` (a year's column, `volunteer_hours_by_year.2024`, has a dot)."""
    if not (source.endswith((".parquet", "/")) or "://" in source or Path(source).is_dir()):
        raise TableError(f"--population {source!r}: the Spark engine reads a Parquet file or a "
                         "folder of Parquet files (convert it with `settle bulk` or Polars)")
    if "://" not in source and not Path(source).exists():
        raise TableError(f"table file {source!r} does not exist")
    frame = spark.read.parquet(source)
    return frame.select(*[frame[f"`{c}`"].alias(spark_name(c)) for c in frame.columns])


def settle_name(name: str) -> str:
    """A column's name as the local engine names it (`spark_name` undone)."""
    return name.replace(SAFE_DOT, ".")


def _col(name: str) -> Column:
    from pyspark.sql import functions as F

    return F.col(spark_name(name))


def breakdown_columns(frame: DataFrame, pack: Pack) -> list[str]:
    """As the local `breakdown_columns`: the text and yes/no columns that are not facts, with
    at most MAX_CATEGORIES values (a missing value counting as one), and the age band."""
    from pyspark.sql import functions as F
    from pyspark.sql import types as T

    candidates = [f.name for f in frame.schema.fields
                  if settle_name(f.name) not in pack.facts and f.name not in ("person_id", "id")
                  and isinstance(f.dataType, (T.StringType, T.BooleanType))]
    chosen = []
    if candidates:
        row: Any = frame.agg(*[(F.count_distinct(c) + F.max(F.col(c).isNull().cast("int"))).alias(c)
                               for c in candidates]).first()
        chosen = [settle_name(c) for c in candidates if int(row[c]) <= MAX_CATEGORIES]
    if "birth_date" in frame.columns:
        chosen.append("age_band")
    return chosen


def _exact(frame: DataFrame, precision: int) -> DataFrame:
    """Points columns as exact decimals, as the local engine's readable results give them."""
    return map_frames(frame, lambda people: with_exact_points(people, precision),
                      with_exact_points(collect(frame.limit(0)), precision))


def simulate_spark(scenarios: list[Scenario], population: DataFrame, *, quota: int | None = None,
                   as_of: dt.date | None = None, round_id: str | None = None,
                   by: list[str] | None = None, threshold: int = 10, partitions: int | None = None,
                   progress: Callable[[str], None] | None = None) -> SparkSimulation:
    """`simulate` on Spark: every scenario over `population` (facts as columns, person_id)."""
    from pyspark import StorageLevel
    from pyspark.sql import functions as F

    if "person_id" not in population.columns:
        raise RoundError("the population needs a person_id column")
    base = scenarios[0].pack
    on = as_of or base.meta.default_evaluation_date
    columns = by if by is not None else breakdown_columns(population, base)
    unknown = [c for c in columns if c != "age_band" and spark_name(c) not in population.columns]
    if unknown:
        raise TableError(f"--by {unknown[0]!r}: the population has no such column")
    read = ["person_id", *[spark_name(c) for c in columns if c != "age_band"],
            *(["birth_date"] if "age_band" in columns else [])]
    described = population.select(*dict.fromkeys(read))
    persons = map_frames(described, lambda people: described_persons(people, columns, on),
                         described_persons(first_rows(described), columns, on))
    rounds = []
    for scenario in scenarios:
        if progress is not None:
            progress(scenario.name)
        pack, name = scenario.pack, scenario.name
        wanted = ("person_id", *round_columns(pack, round_id))
        applicants = population.select(*[c for c in population.columns
                                         if reads_column(pack, settle_name(c), wanted)])
        run = run_round_spark(pack, applicants, quota=quota, as_of=on, round_id=round_id,
                              partitions=partitions)
        rounds.append(run.outcome)
        scored = _exact(run.assigned.select("person_id", "total", "eligible"), pack.meta.points_precision)
        placed = run.listing.select("person_id", "rank", "admitted")
        admitted = spark_name(f"{name}.admitted")
        persons = (persons
                   .join(scored.toDF("person_id", spark_name(f"{name}.total"),
                                     spark_name(f"{name}.eligible")), "person_id", "left")
                   .join(placed.toDF("person_id", spark_name(f"{name}.rank"), admitted), "person_id", "left")
                   .withColumn(admitted, F.coalesce(F.col(admitted), F.lit(False))))
    persons = persons.persist(StorageLevel.MEMORY_AND_DISK)
    return SparkSimulation(scenarios, rounds, persons, columns, threshold, on)


def _flag(expr: Column) -> Column:
    from pyspark.sql import functions as F

    return F.sum(expr.cast("long"))


def _moved(before: str, after: str) -> tuple[Column, Column, Column]:
    """Entrant, leaver and the change of points, from `before` to `after` (as the local `_moved`)."""
    return (_col(f"{after}.admitted") & ~_col(f"{before}.admitted"),
            ~_col(f"{after}.admitted") & _col(f"{before}.admitted"),
            _col(f"{after}.total") - _col(f"{before}.total"))


def _source_types(source: str | None) -> dict[str, pl.DataType]:
    """The Polars types of the source's columns (a category's order among them), when Polars
    can read its schema; else none (values are then listed in the order of their text)."""
    if source is None:
        return {}
    if "://" not in source and Path(source).is_dir():  # a dataset: its part files, not Spark's others
        source = str(Path(source) / "**" / "*.parquet")
    try:
        return dict(pl.scan_parquet(source).collect_schema())
    except Exception:  # a URL Polars does not read (hdfs://, s3a://): order by text
        return {}


def tally_spark(sim: SparkSimulation, source: str | None = None) -> Tallies:
    """The tallies of `tally`, computed by Spark over `sim.persons` in one aggregation (a
    grouping set per breakdown column, one per scenario's whole points, and one of everyone);
    a breakdown column of a category type in `source` keeps its categories' order."""
    from pyspark.sql import functions as F

    persons, names = sim.persons, sim.names()
    measures = [F.count(F.lit(1)).alias("persons")]
    entrant, leaver, _ = _moved(names[0], names[-1])
    measures += [_flag(entrant).alias("entrants"), _flag(leaver).alias("leavers")]
    for name in names:
        measures += [_flag(_col(f"{name}.eligible")).alias(spark_name(f"{name}.eligible")),
                     _flag(_col(f"{name}.admitted")).alias(spark_name(f"{name}.admitted")),
                     F.sum(_col(f"{name}.total")).alias(spark_name(f"{name}.sum")),
                     F.count(_col(f"{name}.total")).alias(spark_name(f"{name}.n"))]
    overall = [f"{name}.{m}" for name in names for m in ("sum", "n")]
    for i, (before, after) in enumerate(steps_of(names)):
        entrant, leaver, change = _moved(before, after)
        moved = {"entrants": _flag(entrant), "leavers": _flag(leaver), "changed": _flag(change != 0),
                 "change_sum": F.sum(change), "change_n": F.count(change),
                 "gainers": _flag(change > 0), "losers": _flag(change < 0)}
        measures += [value.alias(spark_name(f"{i}.{key}")) for key, value in moved.items()]
        overall += [f"{i}.{key}" for key in moved]
    bins = {name: f"_points_{n}" for n, name in enumerate(names)}
    keys = [spark_name(c) for c in sim.by] + list(bins.values())
    binned = persons.select("*", *[F.floor(_col(f"{name}.total").cast("double")).alias(column)
                                   for name, column in bins.items()])
    grouped = (binned.groupingSets([[k] for k in keys] + [[]], *keys)
               .agg(*measures, *[F.grouping(k).alias(f"_by_{n}") for n, k in enumerate(keys)]))
    rows = collect(grouped)

    def of(key: str) -> pl.DataFrame:
        """The rows of one grouping set (`key`, or none for everyone)."""
        condition = pl.all_horizontal(pl.col(f"_by_{n}") == (0 if k == key else 1)
                                      for n, k in enumerate(keys))
        return rows.filter(condition)

    everyone = of("")
    types = _source_types(source)
    groups = {}
    for column in sim.by:
        frame = of(spark_name(column)).select(column, "persons", "entrants", "leavers", *[
            f"{name}.{m}" for name in names for m in ("eligible", "admitted", "sum", "n")])
        if isinstance(types.get(column), pl.Enum):
            frame = frame.with_columns(pl.col(column).cast(types[column]))
        groups[column] = frame
    distribution = pl.concat([of(column).select(pl.lit(name).alias("scenario"),
                                                pl.col(column).cast(pl.Float64).alias("points"), "persons")
                              for name, column in bins.items()])
    return Tallies(int(everyone["persons"][0]), everyone.select(overall), groups, distribution)


def demand_spark(sim: SparkSimulation, population: DataFrame, base: Pack, horizon: int | None = None,
                 demand_rows: int = DEMAND_ROWS) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
    """The demand section (as `demand_for`), or None and why it was not computed."""
    from pyspark.sql import functions as F

    model = demand_model_for(base.meta.jurisdiction)
    if model is None:
        return None, None
    flags = [f"{s}.{g}" for s in sim.names() for g in GROUPS]
    someone = reduce(lambda a, b: a | b, [F.coalesce(_col(f), F.lit(False)) for f in flags])
    anyone = sim.persons.filter(someone)
    anyone = anyone.select("person_id", *[spark_name(f) for f in flags])
    n = anyone.count()
    if n > demand_rows:
        return None, {
            "engine": "spark", "persons": n, "limit": demand_rows,
            "reason": {
                "en": f"the service demand needs the households of the {n:,} persons admitted or "
                      f"eligible in some scenario, more than the {demand_rows:,} the Spark engine "
                      "brings to one machine (--demand-rows); the admitted are at most the quota, "
                      "the eligible are not bounded. Raise --demand-rows, or run the demand locally "
                      "on the admitted and eligible persons' rows.",
                "zh": f"公共服务需求测算需要在某一方案中入围或符合条件的 {n:,} 人的家庭信息，超过 Spark "
                      f"引擎可汇集到一台机器上的 {demand_rows:,} 人（--demand-rows）；入围人数不超过指标数，"
                      "符合条件人数则无上限。请调高 --demand-rows，或对入围及符合条件人员的数据在本机测算。"}}
    wanted = sorted(c for c in columns_read(model) if spark_name(c) in population.columns)
    needed = population.select("person_id", *map(spark_name, wanted))
    rows = collect(needed.join(anyone, "person_id", "inner"))
    districts = None
    if spark_name(model.district) in population.columns:
        found = population.select(spark_name(model.district)).distinct().collect()
        districts = sorted(str(r[0]) for r in found if r[0] is not None)
    local = Simulation(sim.scenarios, sim.rounds, rows.select("person_id", *flags), sim.by, sim.threshold,
                       sim.as_of)
    return demand(local, rows.select("person_id", *wanted), model, default_catalogue(), horizon,
                  districts), None


def run_study_spark(spark: SparkSession, base: Pack, loaded: list[LoadedReform], steps: list[Pack],
                    source: str, *, population_name: str, threshold: int, quota: int | None = None,
                    as_of: dt.date | None = None, round_id: str | None = None,
                    by: list[str] | None = None, out: Path | None = None, persons_out: str | None = None,
                    cost_model: str | None = None, horizon: int | None = None, lang: Lang = "en",
                    progress: Callable[[str], None] | None = None, cost_timing: str | None = None,
                    partitions: int | None = None,
                    demand_rows: int = DEMAND_ROWS) -> tuple[dict[str, Any], Path | None]:
    """`run_study` on Spark over the Parquet file or dataset `source`; with `out`, the
    person-level results go to the dataset `persons_out` (default OUT/persons), the summary
    and the report to `out`."""
    model = chosen_costs(cost_model, base, cost_timing)
    if out is not None:
        check_output(persons_out or str(out / "persons"))
    population = population_frame(spark, source)
    sim = simulate_spark(scenarios_of(base, loaded, steps), population, quota=quota, as_of=as_of,
                         round_id=round_id, by=by, threshold=threshold, partitions=partitions,
                         progress=progress)
    if progress is not None:
        progress("tallies")
    tallies = tally_spark(sim, source)
    services, missing = demand_spark(sim, population, base, horizon, demand_rows)

    def persons(folder: Path) -> None:
        write_dataset(sim.persons, persons_out or str(folder / "persons"))

    return finish_study(base, loaded, sim, tallies, model, services, persons,
                        population_name=population_name, quota=quota, round_id=round_id, out=out,
                        horizon=horizon, lang=lang, demand_missing=missing)
