"""Baseline and reforms over a population: who gets in, who drops out, and by which group.

`simulate` scores the population under the base pack and under each stacked reform with the
bulk engine, runs the round under each, and compares them step by step (the way policy
microsimulators attribute a package of measures to each measure in turn): the entrants and
leavers of each step, everyone's change of points and rank, and breakdowns by any column the
population has. Every count shown is small-cell suppressed (settle.workflow.disclosure_control).
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

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
    described = [c for c in columns if c != "age_band"]
    persons = population.select("person_id", *described)
    if "age_band" in columns:
        persons = persons.with_columns(population.select(_age_band(on))["age_band"])
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


def _changes(persons: pl.DataFrame, before: str, after: str) -> pl.DataFrame:
    return persons.select(
        (pl.col(f"{after}.admitted") & ~pl.col(f"{before}.admitted")).alias("entrant"),
        (~pl.col(f"{after}.admitted") & pl.col(f"{before}.admitted")).alias("leaver"),
        (pl.col(f"{after}.total") - pl.col(f"{before}.total")).alias("change"))


def _decimal(value: Any) -> Decimal | None:
    """A mean shown to two decimals."""
    return None if value is None else Decimal(str(value)).quantize(Decimal("0.01"))


def summary(sim: Simulation, provenance: dict[str, Any]) -> dict[str, Any]:
    """What the simulation says, as JSON data: every count suppressed below the threshold."""
    names = sim.names()
    total = sim.persons.height
    k = sim.threshold
    scenarios = []
    for scenario, outcome in zip(sim.scenarios, sim.rounds, strict=True):
        name = scenario.name
        scenarios.append({
            "name": name, "pack": scenario.pack.id, "eligible": count(outcome.eligible, total, k),
            "admitted": count(outcome.admitted, total, k),
            "mean_points": mean(_decimal(sim.persons[f"{name}.total"].mean()), total, k),
            "lines": [{"id": line.id, "quota": line.quota, "admitted": count(line.admitted, total, k),
                       "cutoff": line.cutoff, "tied_at_cutoff": line.tied_at_cutoff,
                       "beyond_quota": line.beyond_quota} for line in outcome.lines]})
    steps = []
    pairs = list(itertools.pairwise(names))
    if len(names) > 2:
        pairs.append((names[0], names[-1]))
    for before, after in pairs:
        changes = _changes(sim.persons, before, after)
        moved = changes.filter(pl.col("change") != 0)
        steps.append({
            "from": before, "to": after,
            "entrants": count(int(changes["entrant"].sum()), total, k),
            "leavers": count(int(changes["leaver"].sum()), total, k),
            "points_changed": count(moved.height, total, k),
            "mean_change": mean(_decimal(changes["change"].mean()), total, k),
            "gainers": count(int((changes["change"] > 0).sum()), total, k),
            "losers": count(int((changes["change"] < 0).sum()), total, k)})
    return {"provenance": provenance, "persons": total, "small_cell_threshold": k,
            "scenarios": scenarios, "steps": steps,
            "breakdowns": {column: breakdown(sim, column) for column in sim.by}}


def breakdown(sim: Simulation, column: str) -> list[dict[str, Any]]:
    """One row per value of `column`: persons, and per scenario eligible, admitted, the share
    admitted and mean points; entrants and leavers from the baseline to the last scenario."""
    names = sim.names()
    first, last = names[0], names[-1]
    aggregations = [pl.len().alias("persons"),
                    (pl.col(f"{last}.admitted") & ~pl.col(f"{first}.admitted")).sum().alias("entrants"),
                    (~pl.col(f"{last}.admitted") & pl.col(f"{first}.admitted")).sum().alias("leavers")]
    for name in names:
        aggregations += [pl.col(f"{name}.eligible").sum().alias(f"{name}.eligible"),
                         pl.col(f"{name}.admitted").sum().alias(f"{name}.admitted"),
                         pl.col(f"{name}.total").mean().alias(f"{name}.mean")]
    grouped = sim.persons.group_by(column).agg(aggregations).sort(column, nulls_last=True)
    k = sim.threshold
    rows = []
    for row in grouped.iter_rows(named=True):
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
                "mean_points": mean(_decimal(row[f"{name}.mean"]), n, k)}
        rows.append(cells)
    return rows
