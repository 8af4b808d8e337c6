"""The cost-versus-date frontier: for each day a person could reach a target, the cheapest plan
that reaches it by then.

A plan is a multiset of the pack's actions plus waiting: every action starts on the day the
plan starts, different actions run side by side, repeats of one follow each other
(`Action.months_for`), and the person may then wait; the plan reaches the target on the
first month-end step (or the pack's last day in force) on which the engine says so, once its
actions are done. A plan is on the frontier when no other plan costs no more and reaches the
target no later (one of the two strictly): from 0 by waiting alone, if time alone gets there
within the horizon, to the fastest plan.

The search takes plans in order of cost (uniform-cost search over how many times each action
is taken; ties: fewer actions, then the catalogue's order) and keeps the earliest day found so
far. A plan is checked only on days before it, once per *epoch* — a run of days on which
nothing the rules read changes (the yearly growth of facts, the derived facts such as ages,
the parameters in force, the year for per-year rules); a plan whose actions end after that
day is not extended, since more actions only take longer. Each new earliest day is a frontier
point; a cheaper plan found first is never displaced. The answer is exact unless the search
stops at its bound (`Frontier.complete` is then false: the points found are the frontier up
to the cost reached, and faster, dearer plans may exist).

Plans are judged item by item (`settle.rules.item_memo`); every plan returned is confirmed
by the one-person engine (`engine.evaluate`), whose result it carries.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import heapq
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from settle.packs.pack import Pack
from settle.packs.schema import Action
from settle.rules.engine import evaluate
from settle.rules.facts import FactValue, check_facts
from settle.rules.item_memo import ItemMemo, derived_inputs, frozen
from settle.rules.pathway import (
    Plan,
    Target,
    TimeLimit,
    act,
    add_months,
    apply_actions,
    grow_values,
    grown_by,
    time_limit,
    whole_years,
)
from settle.rules.result import Result

DEFAULT_HORIZON_MONTHS = 120
DEFAULT_BUDGET = 20_000


class EngineDisagrees(RuntimeError):
    """The item-by-item judgement and the one-person engine differ on a plan (a bug)."""


@dataclass(frozen=True)
class Frontier:
    """The plans on the cost-versus-date frontier, cheapest (latest) first and fastest last;
    the plan of time alone (no action) when it reaches the target within the limit, even if a
    free action gets there sooner; the limit searched; whether the search was exhaustive, and
    how many plan-epochs it judged."""

    points: tuple[Plan, ...]
    time_alone: Plan | None
    limit: TimeLimit
    complete: bool
    judged: int
    budget: int

    @property
    def cheapest(self) -> Plan | None:
        """The cheapest plan that reaches the target within the limit (the frontier's first)."""
        return self.points[0] if self.points else None

    @property
    def fastest(self) -> Plan | None:
        return self.points[-1] if self.points else None


@dataclass(frozen=True)
class Timeline:
    """The days a plan may reach the target on: `as_of`, each month-end step up to the limit,
    and the pack's last day when it falls between two steps; `months[i]` is how many whole
    months of actions can be done by `days[i]`."""

    days: tuple[dt.date, ...]
    months: tuple[int, ...]

    @classmethod
    def of(cls, limit: TimeLimit, as_of: dt.date) -> Timeline:
        days, months = [as_of], [0]
        for month in range(1, limit.horizon_months + 1):
            day = add_months(as_of, month)
            if day > limit.until:
                break
            days.append(day)
            months.append(month)
        if limit.pack_ends and days[-1] < limit.until:
            days.append(limit.until)
            months.append(months[-1])
        return cls(tuple(days), tuple(months))

    def first_with(self, months: int) -> int:
        """The index of the first day by which `months` of actions are done (len: none)."""
        return next((i for i, m in enumerate(self.months) if m >= months), len(self.days))


class Judge:
    """Whether a plan reaches the target on a day, with the states and epochs it needs."""

    def __init__(self, pack: Pack, facts: dict[str, Any], target: Target, as_of: dt.date,
                 timeline: Timeline) -> None:
        self.pack, self.facts, self.target, self.as_of = pack, facts, target, as_of
        self.timeline = timeline
        self.actions = list(pack.actions)
        self._states: dict[tuple[tuple[int, ...], int], tuple[dict[str, FactValue], dict[str, Any]]] = {}
        self._judged: dict[tuple[tuple[int, ...], int], bool] = {}
        self.start_values = check_facts(pack, facts)[0]
        touched = {name for a in self.actions
                   for name in (*a.effect.set, *a.effect.add, *a.effect.add_this_year)}
        # an action that changes what a derived fact is computed from makes every day its own epoch
        self.own_derived = bool(touched & derived_inputs(pack))
        self.touched = sorted(touched)
        # actions on a fact that also grows with time are applied to each year's facts
        self.acts_on_growth = any(pack.facts[name].grows == "yearly" for name in touched)
        self._grown: dict[int, tuple[dict[str, FactValue], dict[str, Any]]] = {}
        derived_touched = set(pack.derived) if self.own_derived else set()
        self.memo = ItemMemo(pack, touched=frozenset(touched | derived_touched))
        self.grown_by = [whole_years(as_of, day) for day in timeline.days]
        base = [self.values((0,) * len(self.actions), years)[0] for years in self.grown_by]
        self.base_derived = [self.memo.derived(v, d) for v, d in zip(base, timeline.days, strict=True)]
        self.frozen_derived = [{name: frozen(value) for name, value in d.items()} for d in self.base_derived]
        years_read = any(r.year for r in self.memo.item_reads)
        keys = [(years, frozen(derived), self.memo.parameter_epoch(day), day.year if years_read else None)
                for years, derived, day in zip(self.grown_by, self.base_derived, timeline.days, strict=True)]
        self.epoch_of: list[int] = []
        self.epoch_start: list[int] = []
        for i, key in enumerate(keys):
            if i == 0 or self.own_derived or key != keys[i - 1]:
                self.epoch_start.append(i)
            self.epoch_of.append(len(self.epoch_start) - 1)

    def chosen(self, counts: tuple[int, ...]) -> dict[str, int]:
        return {a.id: n for a, n in zip(self.actions, counts, strict=True) if n}

    def raw_state(self, counts: tuple[int, ...], years: int) -> dict[str, Any]:
        """The facts document of the plan after `years` whole years, as the engine is given it."""
        facts = grown_by(self.pack, self.facts, years)
        return apply_actions(self.pack, facts, self.chosen(counts), self.as_of)

    def grown_values(self, years: int) -> tuple[dict[str, FactValue], dict[str, Any]]:
        """The checked facts after `years` whole years without any action, and their hashable copies."""
        if years not in self._grown:
            values = grow_values(self.pack, self.start_values, years)
            self._grown[years] = values, {name: frozen(value) for name, value in values.items()}
        return self._grown[years]

    def values(self, counts: tuple[int, ...], years: int) -> tuple[dict[str, FactValue], dict[str, Any]]:
        """The checked facts of the plan after `years` whole years, and their hashable copies:
        those after `years` of waiting with the facts the actions change laid over them."""
        key = (counts, years if self.acts_on_growth else 0)
        if key not in self._states:
            acted = act(self.pack, self.grown_values(key[1])[0], self.chosen(counts), self.as_of)
            changed = {name: acted[name] for name in self.touched}
            self._states[key] = changed, {name: frozen(value) for name, value in changed.items()}
        changed, hashable = self._states[key]
        values, base = self.grown_values(years)
        return {**values, **changed}, {**base, **hashable}

    def reached(self, counts: tuple[int, ...], index: int) -> bool:
        """Whether the plan reaches the target on day `index` (judged once per epoch)."""
        key = (counts, self.epoch_of[index])
        if key not in self._judged:
            day = self.timeline.days[index]
            values, hashable = self.values(counts, self.grown_by[index])
            if self.own_derived:
                derived = self.memo.derived(values, day)
                hashable = {**hashable, **{name: frozen(value) for name, value in derived.items()}}
            else:
                derived = self.base_derived[index]
                hashable = {**hashable, **self.frozen_derived[index]}
            total, eligible = self.memo.score({**values, **derived}, hashable, day, self.epoch_of[index])
            self._judged[key] = self.target.reached_by(total, eligible)
        return self._judged[key]

    def earliest(self, counts: tuple[int, ...], first: int, before: int) -> int | None:
        """The first day index in [first, before) on which the plan reaches the target: one
        judgement per epoch met."""
        index = first
        while index < before:
            if self.reached(counts, index):
                return index
            epoch = self.epoch_of[index]
            index = self.epoch_start[epoch + 1] if epoch + 1 < len(self.epoch_start) else before
        return None

    @property
    def judged(self) -> int:
        return len(self._judged)

    def plan(self, counts: tuple[int, ...], index: int) -> Plan:
        """The plan reaching the target on day `index`, confirmed by the one-person engine."""
        day = self.timeline.days[index]
        result = evaluate(self.pack, self.raw_state(counts, self.grown_by[index]), as_of=day)
        if not self.target.reached(result):
            raise EngineDisagrees(f"{self.pack.id}: plan {self.chosen(counts)} on {day}: the item-by-item "
                                  f"judgement says it reaches {self.target.describe()}, the engine gives "
                                  f"{result.total} points, eligible {result.eligible}")
        steps = tuple((a, n) for a, n in zip(self.actions, counts, strict=True) if n)
        months = max((a.months_for(n) for a, n in steps), default=0)
        cost = sum((a.cost * n for a, n in steps), Decimal(0))
        return Plan(steps, cost, months, day, result)


def months_of(actions: list[Action], counts: tuple[int, ...]) -> int:
    """Months until the plan's last action is done (different actions side by side)."""
    return max((a.months_for(n) for a, n in zip(actions, counts, strict=True) if n), default=0)


def frontier(pack: Pack, facts: dict[str, Any], target: Target, as_of: dt.date,
             horizon_months: int = DEFAULT_HORIZON_MONTHS, budget: int = DEFAULT_BUDGET) -> Frontier:
    """The cost-versus-date frontier of plans reaching `target` from `facts` on `as_of`, within
    `time_limit(pack, as_of, horizon_months)`; the search stops after `budget` judgements."""
    limit = time_limit(pack, as_of, horizon_months)
    timeline = Timeline.of(limit, as_of)
    judge = Judge(pack, facts, target, as_of, timeline)
    actions = judge.actions
    start = (0,) * len(actions)
    queue: list[tuple[Decimal, int, tuple[int, ...]]] = [(Decimal(0), 0, start)]
    seen = {start}
    found: list[tuple[Decimal, tuple[int, ...], int]] = []  # cost, counts, day index
    alone: int | None = None
    best = len(timeline.days)  # the earliest day index reached so far (exclusive bound)
    complete = True
    while queue:
        if judge.judged >= budget:
            complete = False
            break
        cost, _steps, counts = heapq.heappop(queue)
        first = timeline.first_with(months_of(actions, counts))
        if first >= best:
            continue  # done too late to beat the earliest day found; more actions take longer
        index = judge.earliest(counts, first, best)
        if counts == start:
            alone = index
        if index is not None:
            if found and found[-1][0] == cost:
                found.pop()  # as cheap and sooner
            found.append((cost, counts, index))
            best = index
            if best == 0:
                break  # nothing is sooner than now
        for i, action in enumerate(actions):
            if counts[i] < action.max_times:
                more = (*counts[:i], counts[i] + 1, *counts[i + 1:])
                if more not in seen:
                    seen.add(more)
                    heapq.heappush(queue, (cost + action.cost, sum(more), more))
    points = tuple(judge.plan(counts, index) for _cost, counts, index in found)
    time_alone = None
    if alone is not None:
        time_alone = points[0] if found and found[0][1] == start else judge.plan(start, alone)
    return Frontier(points, time_alone, limit, complete, judge.judged, budget)


def cheapest_actions(pack: Pack, facts: dict[str, Any], target: Target, as_of: dt.date,
                     horizon_months: int = DEFAULT_HORIZON_MONTHS,
                     budget: int = DEFAULT_BUDGET) -> Plan | None:
    """The cheapest plan (actions and waiting) that reaches the target within the horizon:
    the frontier's first point; None if there is none (or none within the budget)."""
    return frontier(pack, facts, target, as_of, horizon_months, budget).cheapest


def earliest_date(pack: Pack, facts: dict[str, Any], target: Target, as_of: dt.date,
                  horizon_months: int = DEFAULT_HORIZON_MONTHS) -> tuple[dt.date, Result] | None:
    """The first month-end step (or the pack's last day in force) on which the target is
    reached if nothing but time changes, within `time_limit`, with the result then."""
    alone = frontier(dataclasses.replace(pack, actions=()), facts, target, as_of, horizon_months).time_alone
    return None if alone is None else (alone.on, alone.result)
