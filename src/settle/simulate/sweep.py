"""Sweeps and targets: vary one parameter over a grid, or search the value that meets a target.

A sweep scores the population once. For each value it recomputes only what reads the
parameter — the items whose rules use it, then the subtotals, the total, the eligibility
rules that use it — reusing every other item's column, and reruns the round on the result —
the round's cut-off and admitted set only (settle.workflow.cutoff: histograms of the keys,
no sort of the whole pool), since a point needs no ranked list. A quota parameter changes
no score at all: only the round runs again. `target` searches the
grid by bisection over the engine's own results (no formula), for a measure that moves one
way with the parameter.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

import polars as pl

from settle.language.context import NotCompilable
from settle.language.kinds.base import param_refs
from settle.language.parameters import DatedValue
from settle.packs.pack import Pack
from settle.packs.target import PackTarget
from settle.rules.bulk.columns import year_columns
from settle.rules.bulk.compile import compile_condition, compile_node
from settle.rules.bulk.engine import prepare, score_prepared
from settle.workflow.cutoff import Selection, select_scored
from settle.workflow.disclosure_control import count
from settle.workflow.quota_round import round_columns


class SweepError(ValueError):
    """The parameter or the grid cannot be swept (says which and why)."""


def with_value(pack: Pack, name: str, value: Decimal) -> Pack:
    """`pack` with parameter `name` fixed at `value` on every day."""
    param = pack.meta.parameters.get(name)
    if param is None:
        raise SweepError(f"pack {pack.id} has no parameter {name!r} "
                         f"(parameters: {', '.join(sorted(pack.meta.parameters))})")
    if not isinstance(param.value, Decimal):
        raise SweepError(f"parameter {name!r} is {param.value!r}, not a number; only numbers are swept")
    cite = param.dated(pack.meta.default_evaluation_date)[1].cite
    values = {pack.meta.effective_from: DatedValue(value=value, cite=cite)}
    changed = param.model_copy(update={"values": values})
    return replace(pack, meta=pack.meta.model_copy(update={
        "parameters": {**pack.meta.parameters, name: changed}}))


@dataclass(frozen=True)
class Point:
    value: Decimal
    outcome: Selection
    eligible: int
    mean_points: Decimal | None
    groups: dict[str, dict[str, int]]


@dataclass
class Sweeper:
    """The population scored once under `pack`; `at(value)` reuses all it can."""

    pack: Pack
    population: pl.DataFrame
    parameter: str
    quota: int | None = None
    as_of: dt.date | None = None
    round_id: str | None = None
    by: str | None = None

    def __post_init__(self) -> None:
        self.on = self.as_of or self.pack.meta.default_evaluation_date
        keep = sorted(round_columns(self.pack, self.round_id) & set(self.population.columns))
        if self.by is not None:
            keep.append(self.by)
        self.keep = keep
        self.prepared = prepare(self.pack, self.population, self.on, keep).collect()
        self.base = score_prepared(self.pack, self.prepared.lazy(), self.on, keep=keep).frame
        if not self.base["person_id"].is_sorted():  # rows stay aligned with `prepared`
            order = self.base["person_id"].arg_sort()
            self.base, self.prepared = self.base[order], self.prepared[order]
        self.items = [i for i in self.pack.items
                      if any(r.param == self.parameter for r in param_refs(i.rule))]
        self.rules = [r for r in self.pack.eligibility
                      if any(ref.param == self.parameter for ref in param_refs(r.condition))]
        self.columns = {n: year_columns(self.prepared.columns, n) for n in self.pack.facts}
        self.rescored = 0

    def scored(self, pack: Pack) -> pl.DataFrame:
        """The persons' scores under `pack` (the swept parameter changed), recomputing only
        the items and rules that read it."""
        if not self.items and not self.rules:
            return self.base
        target = PackTarget(pack, self.on, self.columns)
        items = [compile_node(i.rule, target).cast(pl.Int32).alias(f"item.{i.id}") for i in self.items]
        frame = self.base.with_columns(self.prepared.select(items)) if items else self.base
        groups = pack.group_ids()
        frame = frame.with_columns(
            pl.sum_horizontal([pl.col(f"item.{i.id}") for i in pack.items if i.group == g]
                              or [pl.lit(0)]).cast(pl.Int32).alias(f"subtotal.{g}") for g in groups)
        frame = frame.with_columns(
            pl.sum_horizontal([pl.col(f"subtotal.{g}") for g in groups]).cast(pl.Int32).alias("total"))
        if self.rules:
            points = {g: pl.col(f"subtotal.{g}") for g in groups} | {"total": pl.col("total")}
            inputs = self.prepared.with_columns(frame.select("total", *[f"subtotal.{g}" for g in groups]))
            frame = frame.with_columns(inputs.select(
                [compile_condition(r.condition, target, points).alias(f"cond.{r.id}") for r in self.rules]))
            frame = frame.with_columns(pl.all_horizontal(
                [pl.col(f"cond.{r.id}") for r in pack.eligibility]).alias("eligible"))
        self.rescored += 1
        return frame

    def at(self, value: Decimal) -> Point:
        pack = with_value(self.pack, self.parameter, value)
        try:
            frame = self.scored(pack)
        except NotCompilable as exc:
            raise SweepError(f"{self.parameter} = {value} cannot be scored exactly ({exc}): "
                             "choose a grid whose values fit the pack's precision") from None
        outcome = select_scored(pack, frame, quota=self.quota, on=self.on, round_id=self.round_id)
        quantum = Decimal(1).scaleb(-pack.meta.points_precision)
        mean = frame["total"].mean()
        groups: dict[str, dict[str, int]] = {}
        if self.by is not None:
            flagged = frame.select("person_id", self.by).with_columns(
                pl.col("person_id").is_in(outcome.admitted_ids.implode()).alias("admitted"))
            for row in flagged.group_by(self.by).agg(pl.len().alias("persons"),
                                                     pl.col("admitted").sum().alias("admitted")).iter_rows():
                groups[str(row[0])] = {"persons": int(row[1]), "admitted": int(row[2])}
        return Point(value, outcome, int(frame["eligible"].sum()),
                     None if mean is None else (Decimal(str(mean)) * quantum).quantize(Decimal("0.01")),
                     groups)


def grid(low: Decimal, high: Decimal, steps: int) -> list[Decimal]:
    """`steps` values from `low` to `high`, evenly spaced (both ends included)."""
    if steps < 2 or high <= low:
        raise SweepError(f"a grid needs at least 2 steps from a low below the high, not "
                         f"{steps} steps from {low} to {high}")
    width = (high - low) / (steps - 1)
    return [low + width * n for n in range(steps)]


def search(measure: Callable[[Decimal], Decimal], goal: Decimal, low: Decimal, high: Decimal,
           resolution: Decimal, rising: bool | None = None) -> tuple[Decimal, Decimal, int]:
    """The value in [low, high] (to `resolution`) where `measure` first reaches `goal`, by
    bisection; `measure` must move one way with the value. Returns (value, measure, tries)."""
    at_low, at_high = measure(low), measure(high)
    tries = 2
    up = at_high >= at_low if rising is None else rising
    def reached(value: Decimal) -> bool:
        return value >= goal if up else value <= goal

    if not reached(at_high):
        raise SweepError(f"the target {goal} is not reached between {low} and {high} "
                         f"(from {at_low} to {at_high})")
    if reached(at_low):
        return low, at_low, tries
    while high - low > resolution:
        middle = ((low + high) / 2).quantize(resolution)
        if middle in (low, high):
            break
        got = measure(middle)
        tries += 1
        if reached(got):
            high, at_high = middle, got
        else:
            low = middle
    return high, at_high, tries


def measure_of(point: Point, name: str) -> Decimal:
    """A figure of a sweep point: admitted, eligible, cutoff, mean_points, or
    share:VALUE (the share of the admitted in group VALUE of the sweep's `by` column)."""
    if name == "admitted":
        return Decimal(point.outcome.admitted)
    if name == "eligible":
        return Decimal(point.eligible)
    if name == "mean_points":
        return point.mean_points or Decimal(0)
    if name == "cutoff":
        cut = next((line.cutoff for line in point.outcome.lines if line.cutoff), None)
        return Decimal(str(next(iter(cut.values())))) if cut else Decimal(0)
    if name.startswith("share:"):
        group = name.split(":", 1)[1]
        admitted = point.outcome.admitted
        got = point.groups.get(group, {}).get("admitted", 0)
        return Decimal(got) / admitted if admitted else Decimal(0)
    raise SweepError(f"unknown measure {name!r}: admitted, eligible, cutoff, mean_points or share:GROUP")


def point_row(point: Point, threshold: int = 10) -> dict[str, Any]:
    """A sweep point as shown to analysts: group counts below `threshold` hidden."""
    cut = next((line.cutoff for line in point.outcome.lines if line.cutoff), None)
    groups = {g: {"persons": v["persons"] if v["persons"] >= threshold else None,
                  "admitted": count(v["admitted"], v["persons"], threshold)}
              for g, v in point.groups.items()}
    return {"value": point.value, "eligible": point.eligible, "admitted": point.outcome.admitted,
            "cutoff": cut, "mean_points": point.mean_points, "groups": groups}
