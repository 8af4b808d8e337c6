"""The path to eligibility: the earliest date time alone gets a person there, and the cheapest
set of actions from the pack's catalogue that does.

Both use the one-person engine as the judge, so caps, per-year limits, highest-only rules and
eligibility conditions are respected exactly as in scoring.

Cheapest actions: a uniform-cost search (Dijkstra) over how many times each action is taken.
Costs are non-negative, so the first plan that reaches the target when taken off the queue is
the cheapest; ties go to fewer actions, then to the catalogue's order. The search is exact
for the catalogues packs declare (a handful of actions, each taken at most `max_times`); it
stops with a clear answer after `limit` plans. A solver (integer programming) would need the
scoring rules restated as linear constraints; searching with the engine itself keeps one
source of truth.
"""

from __future__ import annotations

import datetime as dt
import heapq
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from settle import words
from settle.i18n import Lang
from settle.packs.pack import Pack
from settle.packs.schema import Action
from settle.rules.engine import evaluate
from settle.rules.facts import check_facts
from settle.rules.result import Result


@dataclass(frozen=True)
class Target:
    """What the person wants: to be eligible, and/or to reach a number of points."""

    eligible: bool = True
    points: Decimal | None = None

    def reached(self, result: Result) -> bool:
        if self.eligible and not result.eligible:
            return False
        return self.points is None or result.total >= self.points

    def describe(self) -> str:
        parts = ["eligible"] if self.eligible else []
        if self.points is not None:
            parts.append(f"at least {self.points} points")
        return " and ".join(parts) or "nothing"


def add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    for candidate in (day.day, 28):
        try:
            return dt.date(year, month + 1, min(candidate, 31))
        except ValueError:
            continue
    return dt.date(year, month + 1, 28)


def grown(pack: Pack, facts: dict[str, Any], start: dt.date, on: dt.date) -> dict[str, Any]:
    """The facts on date `on`: facts that grow yearly gain the whole years since `start`;
    dates and open periods age by themselves in the engine."""
    years = on.year - start.year - ((on.month, on.day) < (start.month, start.day))
    if years <= 0:
        return facts
    values, _ = check_facts(pack, facts)
    out = dict(facts)
    for name, spec in pack.facts.items():
        if spec.grows == "yearly":
            limit = int(spec.max) if spec.max is not None else None
            value = int(values[name]) + years
            out[name] = value if limit is None else min(value, limit)
    return out


@dataclass(frozen=True)
class TimeLimit:
    """How far time alone is tried: `horizon_months` after the evaluation date, never past the
    last day the pack is in force (`until` is then that day, and `pack_ends` is true)."""

    horizon_months: int
    until: dt.date
    pack_ends: bool

    def never_text(self, lang: Lang) -> str:
        """The sentence for a target time alone does not reach, naming the limit searched."""
        if self.pack_ends:
            return words.word("cli", "never_before_end", lang, until=self.until)
        years, months = divmod(self.horizon_months, 12)
        span = (words.word("cli", "span_years", lang, years=years) if not months
                else words.word("cli", "span_months", lang, months=self.horizon_months))
        return words.word("cli", "never_within", lang, span=span)


def time_limit(pack: Pack, as_of: dt.date, horizon_months: int = 240) -> TimeLimit:
    """The limit of the search for `earliest_date` from `as_of`: the horizon, or the pack's
    `effective_to` when that comes first (the pack's rules say nothing after it)."""
    until = add_months(as_of, horizon_months)
    end = pack.meta.effective_to
    if end is not None and end < until:
        return TimeLimit(horizon_months, max(end, as_of), pack_ends=True)
    return TimeLimit(horizon_months, until, pack_ends=False)


def earliest_date(pack: Pack, facts: dict[str, Any], target: Target, as_of: dt.date,
                  horizon_months: int = 240) -> tuple[dt.date, Result] | None:
    """The first month-end step on which the target is reached if nothing but time changes,
    within `time_limit` (the horizon, and never past the pack's last day in force)."""
    limit = time_limit(pack, as_of, horizon_months)
    days = [as_of, *(d for m in range(1, horizon_months + 1) if (d := add_months(as_of, m)) <= limit.until)]
    if limit.pack_ends and days[-1] < limit.until:
        days.append(limit.until)  # the pack's last day, between two monthly steps
    for day in days:
        result = evaluate(pack, grown(pack, facts, as_of, day), as_of=day)
        if target.reached(result):
            return day, result
    return None


@dataclass(frozen=True)
class Plan:
    counts: tuple[tuple[Action, int], ...]
    cost: Decimal
    months: int
    on: dt.date
    result: Result


def apply_actions(pack: Pack, facts: dict[str, Any], counts: dict[str, int], on: dt.date) -> dict[str, Any]:
    """The facts after taking each action its number of times (effects in catalogue order)."""
    out = dict(facts)
    values, _ = check_facts(pack, facts)
    for action in pack.actions:
        times = counts.get(action.id, 0)
        if not times:
            continue
        for name, value in action.effect.set.items():
            out[name] = value
        for name, amount in action.effect.add.items():
            current = Decimal(str(out.get(name, values[name])))
            spec = pack.facts[name]
            total = current + amount * times
            if spec.max is not None:
                total = min(total, spec.max)
            out[name] = int(total) if spec.type == "integer" else str(total)
        for name, amount in action.effect.add_this_year.items():
            by_year = {str(k): v for k, v in dict(out.get(name, {})).items()}
            year = str(on.year)
            by_year[year] = str(Decimal(str(by_year.get(year, 0))) + amount * times)
            out[name] = by_year
    return out


def cheapest_actions(pack: Pack, facts: dict[str, Any], target: Target, as_of: dt.date,
                     limit: int = 20_000) -> Plan | None:
    """The cheapest combination of the pack's actions that reaches the target, evaluated on
    the day the last action ends (different actions in parallel, repeats of one in sequence;
    facts that grow with time grown by then); None if none within `limit` plans."""
    actions = list(pack.actions)
    start = tuple(0 for _ in actions)
    queue: list[tuple[Decimal, int, tuple[int, ...]]] = [(Decimal(0), 0, start)]
    seen = {start}
    explored = 0
    while queue and explored < limit:
        cost, _steps, counts = heapq.heappop(queue)
        explored += 1
        # different actions run side by side; repeats of one action follow each other
        months = max((a.months_for(n) for a, n in zip(actions, counts, strict=True) if n), default=0)
        on = add_months(as_of, months)
        chosen = {a.id: n for a, n in zip(actions, counts, strict=True) if n}
        state = apply_actions(pack, grown(pack, facts, as_of, on), chosen, on)
        result = evaluate(pack, state, as_of=on)
        if target.reached(result):
            plan = tuple((a, n) for a, n in zip(actions, counts, strict=True) if n)
            return Plan(plan, cost, months, on, result)
        for i, action in enumerate(actions):
            if counts[i] >= action.max_times:
                continue
            more = (*counts[:i], counts[i] + 1, *counts[i + 1:])
            if more not in seen:
                seen.add(more)
                heapq.heappush(queue, (cost + action.cost, sum(more), more))
    return None
