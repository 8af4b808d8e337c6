"""The quota round on Spark: the same selection, ranking and admission as `run_round`, over
a Spark DataFrame too large for one machine.

Each executor scores its persons with the bulk engine and assigns them their quota line
(`assign_lines`, row by row). Each line's pool is then ranked globally with Spark's range
partitioning on the ranking keys: equal key tuples fall in the same partition and the
partitions follow one another in key order, so each is ranked by `rank_frame` itself (keys,
then person id: the local round's tie-break chain) and its ranks shifted by the number of
persons in the partitions before it. A person gets the same line, rank and admission as in
the local round. The ranked list is written as Parquet partitioned by line.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from functools import reduce
from typing import TYPE_CHECKING, Any

import polars as pl

from settle.packs.pack import Pack
from settle.packs.schema import Ranking
from settle.rules.bulk.engine import score_table, with_exact_points
from settle.rules.bulk.spark import collect, current_partition, first_rows, map_frames, spark_name
from settle.workflow.quota_round import (
    LineOutcome,
    RoundError,
    RoundOutcome,
    assign_lines,
    choose_round,
    exact_cutoff,
    key_column,
    line_quota_of,
    rank_frame,
    ranking_keys,
    round_columns,
)

if TYPE_CHECKING:
    from pyspark.sql import Column, DataFrame

PART = "_part"
POSITION = "_position"


@dataclass(frozen=True)
class SparkRound:
    """A round run on Spark: `outcome` as `run_round` gives it, but with only the admitted
    persons in `outcome.ranked`; `listing` is everyone ranked (a Spark DataFrame, columns as
    the local ranked list); `assigned` every applicant scored (points as scaled integers)
    with their line (`_line`), kept in the executors' memory or disk."""

    outcome: RoundOutcome
    listing: DataFrame
    assigned: DataFrame


def _sort_column(column: str, descending: bool) -> Column:
    from pyspark.sql import functions as F

    name = F.col(spark_name(column))
    return name.desc_nulls_last() if descending else name.asc_nulls_last()


def _rank_partitions(pool: DataFrame, keys: list[tuple[str, bool]], ties: str, partitions: int,
                     sample: pl.DataFrame) -> DataFrame:
    """`pool` ranked within range partitions of its keys, with each partition's number."""
    order = [_sort_column(c, d) for c, d in keys] or [_sort_column("person_id", False)]
    ranged = pool.repartitionByRange(partitions, *order)

    def ranked(frame: pl.DataFrame) -> pl.DataFrame:
        out = rank_frame(frame, keys, ties)
        return out.with_columns(pl.int_range(1, pl.len() + 1, dtype=pl.Int64).alias(POSITION),
                                pl.lit(current_partition(), dtype=pl.Int32).alias(PART))

    return map_frames(ranged, ranked, ranked(sample), whole_partitions=True)


def _offset(offsets: dict[int, int]) -> Column:
    from pyspark.sql import functions as F

    pairs = [F.lit(x) for part, before in sorted(offsets.items()) for x in (part, before)]
    lookup = F.create_map(*pairs) if pairs else F.create_map().cast("map<int,bigint>")
    return F.coalesce(F.element_at(lookup, F.col(PART)), F.lit(0)).cast("long")


def _rank_line(pool: DataFrame, keys: list[tuple[str, bool]], ties: str, quota: int | None,
               partitions: int, sample: pl.DataFrame, key_columns: list[str],
               line: Any) -> tuple[DataFrame, LineOutcome, int]:
    """One line's pool ranked and admitted; its outcome (cut-off in scaled points)."""
    from pyspark import StorageLevel
    from pyspark.sql import functions as F

    local = _rank_partitions(pool, keys, ties, partitions, sample).persist(StorageLevel.MEMORY_AND_DISK)
    counts = {int(r[PART]): int(r["count"]) for r in local.groupBy(PART).count().collect()}
    offsets, before = {}, 0
    for part in sorted(counts):
        offsets[part] = before
        before += counts[part]
    size = before
    ranked = (local.withColumn("rank", F.col("rank") + _offset(offsets))
              .withColumn(POSITION, F.col(POSITION) + _offset(offsets)))
    admitted_n = size if quota is None else min(quota, size)
    if admitted_n == 0:
        admitted = F.lit(False)
        last: Any = None
    else:
        last = ranked.filter(F.col(POSITION) == admitted_n).first()
        if ties == "shared":
            admitted = F.col("rank") <= F.lit(int(last["rank"]))
        else:
            admitted = F.col(POSITION) <= F.lit(admitted_n)
    ranked = ranked.withColumn("admitted", admitted)
    cutoff, tied, admitted_count = None, 0, 0
    if last is not None:
        cutoff = {c: last[spark_name(c)] for c in key_columns}
        tied = ranked.filter(F.col("rank") == F.lit(int(last["rank"]))).count()
        # shared ranks: everyone ranked strictly ahead of the last tie (rank - 1 persons) and the tie
        admitted_count = int(last["rank"]) - 1 + tied if ties == "shared" else admitted_n
    beyond = max(0, admitted_count - quota) if quota is not None else 0
    outcome = LineOutcome(id=line.id, title=line.title, quota=quota, applicants=size,
                          admitted=admitted_count, cutoff=cutoff, tied_at_cutoff=tied,
                          beyond_quota=beyond)
    return ranked, outcome, size


def run_round_spark(pack: Pack, applicants: DataFrame, quota: int | None = None,
                    as_of: dt.date | None = None, round_id: str | None = None,
                    options: list[str] | tuple[str, ...] = (), ranking: Ranking | None = None,
                    partitions: int | None = None) -> SparkRound:
    """`run_round` over a Spark DataFrame of applicants (facts as columns, a `person_id`)."""
    from pyspark import StorageLevel
    from pyspark.sql import functions as F

    if "person_id" not in applicants.columns:
        raise RoundError("the applicants table needs a person_id column")
    spec = choose_round(pack, round_id)
    rule = ranking or pack.meta.ranking
    read = round_columns(pack, round_id, ranking)  # refuses a pack without a ranking rule
    assert rule is not None
    on = as_of or pack.meta.default_evaluation_date
    keep = [c for c in read if c in pack.facts or c in applicants.columns]
    results = {"total", "eligible", *(f"subtotal.{g}" for g in pack.group_ids()), *read}
    # check every line's quota before scoring anyone
    quotas = {line.id: line_quota_of(pack, spec, line, quota, on, options, ranking) for line in spec.lines}

    def assigned_of(people: pl.DataFrame) -> pl.DataFrame:
        scored = score_table(pack, people, as_of=on, options=options, keep=keep, results=results).frame
        return assign_lines(pack, scored, on=on, round_id=round_id, options=options, ranking=ranking)

    sample = assigned_of(first_rows(applicants))
    assigned = map_frames(applicants, assigned_of, sample).persist(StorageLevel.MEMORY_AND_DISK)
    if assigned.groupBy("person_id").count().filter(F.col("count") > 1).limit(1).count():
        raise RoundError("person_id must be unique: the applicants table repeats an id")
    totals: Any = assigned.agg(F.count(F.lit(1)), F.sum(F.col("eligible").cast("long"))).first()
    chosen = {r["_line"]: int(r["count"]) for r in assigned.groupBy("_line").count().collect()}
    keys = ranking_keys(pack, ranking)
    key_columns = [key_column(k.by, pack) for k in rule.keys]
    parts = partitions or max(2, applicants.sparkSession.sparkContext.defaultParallelism)
    lines: list[LineOutcome] = []
    listings: list[DataFrame] = []
    for line in spec.lines:
        pool = assigned.filter(F.col("_line") == F.lit(line.id))
        if line.admit == "ranked":
            pool = pool.filter(F.col("eligible") & F.col("_meets"))
        ranked, line_outcome, _ = _rank_line(pool, keys, rule.ties, quotas[line.id], parts,
                                        sample.head(0), key_columns, line)
        lines.append(exact_cutoff(replace(line_outcome, candidates=chosen.get(line.id, 0)),
                                  pack.meta.points_precision))
        listings.append(ranked.withColumn("line", F.lit(line.id)))
    columns = list(dict.fromkeys(["line", "rank", "admitted", "person_id", *key_columns, "total",
                                  *[c for c in sample.columns if c.startswith("subtotal.")]]))
    listing = exact_listing(reduce(lambda a, b: a.unionByName(b), listings)
                            .select(*[spark_name(c) for c in columns]), pack.meta.points_precision)
    admitted = collect(listing.filter(F.col("admitted")))
    order = {line.id: i for i, line in enumerate(spec.lines)}
    admitted = admitted.sort(pl.col("line").replace_strict(order, return_dtype=pl.Int32), "rank", "person_id")
    outcome = RoundOutcome(pack=pack.id, round_id=spec.id, as_of=on, keys=key_columns,
                           eligible=int(totals[1] or 0), applicants=int(totals[0]), lines=lines,
                           ranked=admitted)
    return SparkRound(outcome=outcome, listing=listing, assigned=assigned)


def exact_listing(listing: DataFrame, precision: int) -> DataFrame:
    """The ranked list with its points (scaled integers) as exact decimals, as the local
    round lists them."""
    sample = collect(listing.limit(0))
    return map_frames(listing, lambda frame: with_exact_points(frame, precision),
                      with_exact_points(sample, precision))
