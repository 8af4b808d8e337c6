"""Baseline and reforms over a population: who gets in, who drops out, and by which group.

`simulate` scores the population under the base pack and under each stacked reform with the
bulk engine, runs the round under each, and compares them step by step (the way policy
microsimulators attribute a package of measures to each measure in turn): the entrants and
leavers of each step, everyone's change of points and rank, and breakdowns by any column the
population has. Every count shown is small-cell suppressed (settle.workflow.disclosure_control).

The summary reads the persons only through their `Tallies` (sums and counts before
suppression): `tally` makes them here with Polars; the Spark engine makes the same with Spark's
aggregations (settle.simulate.spark_scenarios), so that only they reach the driver.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Protocol

import polars as pl

from settle.packs.pack import Pack
from settle.rules.bulk.engine import score_table
from settle.workflow.disclosure_control import count, mean
from settle.workflow.quota_round import RoundOutcome, rank_scored, round_columns

AGE_BANDS = [(0, 24, "under_25"), (25, 34, "25_34"), (35, 44, "35_44"), (45, 54, "45_54"),
             (55, 200, "55_and_over")]
MAX_CATEGORIES = 60


@dataclass(frozen=True)
class Scenario:
    """One policy to run: the base pack, or the pack after one more reform."""

    name: str
    pack: Pack


@dataclass
class Simulation:
    scenarios: list[Scenario]
    rounds: list[RoundOutcome]
    persons: pl.DataFrame = field(repr=False)
    by: list[str]
    threshold: int
    as_of: dt.date

    def names(self) -> list[str]:
        return [s.name for s in self.scenarios]


class Run(Protocol):
    """A simulation run by either engine, as the summary, the costs and the report read it."""

    scenarios: list[Scenario]
    rounds: list[RoundOutcome]
    by: list[str]
    threshold: int
    as_of: dt.date

    def names(self) -> list[str]: ...


@dataclass(frozen=True)
class Tallies:
    """Every person's results summed and counted, before suppression. `overall` is one row:
    per scenario S, `S.sum` and `S.n` (its total points and how many have one); per step I
    (`steps`), `I.entrants`, `I.leavers`, `I.changed`, `I.change_sum`, `I.change_n`,
    `I.gainers`, `I.losers`. `groups` holds one frame per breakdown column: the column's
    value, `persons`, `entrants` and `leavers` (first to last scenario) and per scenario
    `S.eligible`, `S.admitted`, `S.sum`, `S.n`. `distribution`: scenario, points (whole
    points, floored) and persons."""

    persons: int
    overall: pl.DataFrame
    groups: dict[str, pl.DataFrame]
    distribution: pl.DataFrame


def steps_of(names: list[str]) -> list[tuple[str, str]]:
    """The steps compared: each scenario from the one before, and (with more than one reform)
    the last from the baseline."""
    pairs = list(itertools.pairwise(names))
    if len(names) > 2:
        pairs.append((names[0], names[-1]))
    return pairs


def described_persons(population: pl.DataFrame, columns: list[str], on: dt.date) -> pl.DataFrame:
    """person_id and the breakdown columns (the age band on `on` computed from birth dates)."""
    described = [c for c in columns if c != "age_band"]
    persons = population.select("person_id", *described)
    if "age_band" in columns:
        persons = persons.with_columns(population.select(_age_band(on))["age_band"])
    return persons


def points_sum(column: str, dtype: pl.DataType) -> pl.Expr:
    """The sum of a points column, exact (integers widened so that millions of persons fit)."""
    expr = pl.col(column)
    return (expr.cast(pl.Int64) if dtype.is_integer() else expr).sum()


def breakdown_columns(population: pl.DataFrame, pack: Pack) -> list[str]:
    """Columns to break results down by: the population's own descriptive columns (not facts
    the pack scores) with few values, and an age band when birth dates are given."""
    chosen = []
    for name, dtype in population.schema.items():
        if name in pack.facts or name in ("person_id", "id"):
            continue
        if (dtype in (pl.String, pl.Categorical, pl.Boolean) or isinstance(dtype, pl.Enum)) and \
                population[name].n_unique() <= MAX_CATEGORIES:
            chosen.append(name)
    if "birth_date" in population.columns:
        chosen.append("age_band")
    return chosen


def _age_band(on: dt.date) -> pl.Expr:
    born = pl.col("birth_date")
    month, day = born.dt.month().cast(pl.Int32), born.dt.day().cast(pl.Int32)  # i8 would overflow
    age = on.year - born.dt.year() - ((month * 100 + day) > on.month * 100 + on.day).cast(pl.Int32)
    band: Any = pl.lit(None, dtype=pl.String)
    for low, high, name in reversed(AGE_BANDS):
        band = pl.when(age.is_between(low, high)).then(pl.lit(name)).otherwise(band)
    named: pl.Expr = band.alias("age_band")
    return named


def simulate(scenarios: list[Scenario], population: pl.DataFrame, *, quota: int | None = None,
             as_of: dt.date | None = None, round_id: str | None = None,
             by: list[str] | None = None, threshold: int = 10,
             progress: Callable[[str], None] | None = None) -> Simulation:
    """Run every scenario on `population` (facts as columns, with person_id)."""
    base = scenarios[0].pack
    on = as_of or base.meta.default_evaluation_date
    columns = by if by is not None else breakdown_columns(population, base)
    persons = described_persons(population, columns, on)
    rounds = []
    for scenario in scenarios:
        if progress is not None:
            progress(scenario.name)
        # scored once: the round ranks the same frame the person-level results are read from
        keep = sorted(round_columns(scenario.pack, round_id) & set(population.columns))
        result = score_table(scenario.pack, population, as_of=on, keep=keep)
        outcome = rank_scored(scenario.pack, result.frame, quota=quota, on=on, round_id=round_id)
        scored = result.readable()
        rounds.append(outcome)
        placed = outcome.ranked.select("person_id", "rank", "admitted")
        name = scenario.name
        persons = persons.join(
            scored.select("person_id", pl.col("total").alias(f"{name}.total"),
                          pl.col("eligible").alias(f"{name}.eligible")), on="person_id", how="left"
        ).join(placed.rename({"rank": f"{name}.rank", "admitted": f"{name}.admitted"}),
               on="person_id", how="left").with_columns(pl.col(f"{name}.admitted").fill_null(False))
    return Simulation(scenarios, rounds, persons, columns, threshold, on)


def _moved(before: str, after: str) -> tuple[pl.Expr, pl.Expr, pl.Expr]:
    """Entrant, leaver and the change of points, from `before` to `after`."""
    return ((pl.col(f"{after}.admitted") & ~pl.col(f"{before}.admitted")),
            (~pl.col(f"{after}.admitted") & pl.col(f"{before}.admitted")),
            (pl.col(f"{after}.total") - pl.col(f"{before}.total")))


def _scenario_sums(persons: pl.DataFrame, name: str) -> list[pl.Expr]:
    total = f"{name}.total"
    return [points_sum(total, persons.schema[total]).alias(f"{name}.sum"),
            pl.col(total).count().alias(f"{name}.n")]


def tally(sim: Simulation) -> Tallies:
    """The simulation's tallies, from its persons (Polars, in this process)."""
    persons, names = sim.persons, sim.names()
    overall: list[pl.Expr] = []
    for name in names:
        overall += _scenario_sums(persons, name)
    for i, (before, after) in enumerate(steps_of(names)):
        entrant, leaver, change = _moved(before, after)
        overall += [entrant.sum().alias(f"{i}.entrants"), leaver.sum().alias(f"{i}.leavers"),
                    (change != 0).sum().alias(f"{i}.changed"), change.sum().alias(f"{i}.change_sum"),
                    change.count().alias(f"{i}.change_n"), (change > 0).sum().alias(f"{i}.gainers"),
                    (change < 0).sum().alias(f"{i}.losers")]
    entrant, leaver, _ = _moved(names[0], names[-1])
    grouped = [pl.len().alias("persons"), entrant.sum().alias("entrants"), leaver.sum().alias("leavers")]
    for name in names:
        grouped += [pl.col(f"{name}.eligible").sum().alias(f"{name}.eligible"),
                    pl.col(f"{name}.admitted").sum().alias(f"{name}.admitted"),
                    *_scenario_sums(persons, name)]
    distribution = pl.concat([
        persons.select(pl.col(f"{name}.total").cast(pl.Float64).floor().alias("points"))
        .group_by("points").len()
        .select(pl.lit(name).alias("scenario"), "points", pl.col("len").alias("persons"))
        for name in names])
    return Tallies(persons.height, persons.select(overall),
                   {column: persons.group_by(column).agg(grouped) for column in sim.by}, distribution)


def _mean(total: Any, n: int) -> Decimal | None:
    """A mean shown to two decimals, from an exact sum."""
    if total is None or not n:
        return None
    return (Decimal(str(total)) / n).quantize(Decimal("0.01"))


def summary(sim: Simulation, provenance: dict[str, Any]) -> dict[str, Any]:
    """What a local simulation says, as JSON data (see `summary_of`)."""
    return summary_of(sim, tally(sim), provenance)


def summary_of(run: Run, tallies: Tallies, provenance: dict[str, Any]) -> dict[str, Any]:
    """What the simulation says, as JSON data: every count suppressed below the threshold."""
    names = run.names()
    total = tallies.persons
    k = run.threshold
    row = tallies.overall.row(0, named=True)
    scenarios = []
    for scenario, outcome in zip(run.scenarios, run.rounds, strict=True):
        name = scenario.name
        scenarios.append({
            "name": name, "pack": scenario.pack.id, "eligible": count(outcome.eligible, total, k),
            "admitted": count(outcome.admitted, total, k),
            "mean_points": mean(_mean(row[f"{name}.sum"], row[f"{name}.n"]), total, k),
            "lines": [{"id": line.id, "quota": line.quota, "admitted": count(line.admitted, total, k),
                       "cutoff": line.cutoff, "tied_at_cutoff": line.tied_at_cutoff,
                       "beyond_quota": line.beyond_quota} for line in outcome.lines]})
    steps = []
    for i, (before, after) in enumerate(steps_of(names)):
        steps.append({
            "from": before, "to": after,
            "entrants": count(int(row[f"{i}.entrants"]), total, k),
            "leavers": count(int(row[f"{i}.leavers"]), total, k),
            "points_changed": count(int(row[f"{i}.changed"]), total, k),
            "mean_change": mean(_mean(row[f"{i}.change_sum"], row[f"{i}.change_n"]), total, k),
            "gainers": count(int(row[f"{i}.gainers"]), total, k),
            "losers": count(int(row[f"{i}.losers"]), total, k)})
    return {"provenance": provenance, "persons": total, "small_cell_threshold": k,
            "scenarios": scenarios, "steps": steps,
            "breakdowns": {column: breakdown(run, tallies.groups[column], column) for column in run.by}}


def breakdown(run: Run, grouped: pl.DataFrame, column: str) -> list[dict[str, Any]]:
    """One row per value of `column` (its tallies, `grouped`): persons, and per scenario
    eligible, admitted, the share admitted and mean points; entrants and leavers from the
    baseline to the last scenario."""
    names = run.names()
    k = run.threshold
    rows = []
    for row in grouped.sort(column, nulls_last=True).iter_rows(named=True):
        n = row["persons"]
        shown_n = n if n >= k else None
        cells: dict[str, Any] = {"value": row[column], "persons": shown_n,
                                 "entrants": count(row["entrants"], n, k) if shown_n else None,
                                 "leavers": count(row["leavers"], n, k) if shown_n else None}
        for name in names:
            admitted = count(row[f"{name}.admitted"], n, k) if shown_n else None
            cells[name] = {
                "eligible": count(row[f"{name}.eligible"], n, k) if shown_n else None,
                "admitted": admitted,
                "share_admitted": None if admitted is None or not n else round(admitted / n, 4),
                "mean_points": mean(_mean(row[f"{name}.sum"], row[f"{name}.n"]), n, k)}
        rows.append(cells)
    return rows
