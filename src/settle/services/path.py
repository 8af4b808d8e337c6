"""The path to a target for one person under one pack: when time alone gets there, and the
cost-versus-date frontier of plans (actions and waiting) from 0 by waiting to the fastest.

`settle path`, `settle eligibility`, `POST /services/path/{pack}` and the self-assessment page
all call `path_to`; the API answers `PathReport` (`ServicePath.report`), the CLI prints the
same report as a table, and the page shows it with a chart.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from pydantic import BaseModel, ConfigDict

from settle import words
from settle.i18n import Lang, unit_text
from settle.packs import Pack
from settle.rules.engine import evaluate
from settle.rules.frontier import DEFAULT_BUDGET, DEFAULT_HORIZON_MONTHS, Frontier, frontier
from settle.rules.pathway import Plan, Target, TimeLimit, add_months
from settle.rules.result import Result


@dataclass(frozen=True)
class PathLimits:
    """How far to look: months ahead (never past the pack's last day in force), and how many
    plans to judge (one plan on one run of days on which nothing the rules read changes)."""

    horizon_months: int = DEFAULT_HORIZON_MONTHS
    plans: int = DEFAULT_BUDGET


class StepReport(BaseModel):
    """One action of a plan: how many times, what it costs in all, months until the last is done."""

    model_config = ConfigDict(frozen=True)

    id: str
    title: str
    times: int
    cost: Decimal
    months: int


class PlanReport(BaseModel):
    """One plan: its actions, what they cost in all, the day they are done, the day the plan
    reaches the target (after waiting, when it waits) and the result then."""

    model_config = ConfigDict(frozen=True)

    cost: Decimal
    cost_unit: str | None
    actions: list[StepReport]
    actions_done_by: dt.date
    reached_on: dt.date
    waits_months: int
    total: Decimal
    eligible: bool

    def words(self, lang: Lang) -> str:
        """The plan in words: 'wait', or its actions (and, when it waits, the day they are done
        and how long it waits after)."""
        if not self.actions:
            return words.word("path", "wait_only", lang)
        steps = words.word("path", "steps_joiner", lang).join(
            s.title if s.times == 1 else words.word("path", "step", lang, title=s.title, times=s.times)
            for s in self.actions)
        if not self.waits_months:
            return steps
        return (words.word("path", "steps_done", lang, steps=steps, done=self.actions_done_by)
                + words.word("path", "then_wait", lang, months=self.waits_months))


class PathReport(BaseModel):
    """The path in one language: time alone, the cheapest plan, and the frontier (cheapest
    first, fastest last); `complete` is false when the search stopped at its bound, so that
    faster plans costing more than the last point may exist."""

    model_config = ConfigDict(frozen=True)

    pack: str
    target: str
    horizon_months: int
    until: dt.date
    until_is_pack_end: bool
    actions_declared: bool
    time_alone: PlanReport | None
    cheapest: PlanReport | None
    frontier: list[PlanReport]
    complete: bool
    plans_judged: int
    plans_limit: int

    def bound_words(self, lang: Lang) -> str | None:
        """The sentence for a search that stopped at its bound (None when it was exhaustive)."""
        if self.complete:
            return None
        if not self.frontier:
            return words.word("path", "bound_hit_empty", lang, plans=self.plans_judged)
        last = self.frontier[-1]
        return words.word("path", "bound_hit", lang, plans=self.plans_judged, cost=last.cost,
                          unit=unit_text(last.cost_unit)(lang))

    def cost_unit(self, lang: Lang) -> str:
        """The unit the plans cost in, in `lang` ('元')."""
        return unit_text(self.frontier[0].cost_unit if self.frontier else None)(lang)


def months_between(start: dt.date, end: dt.date) -> int:
    """Whole months from `start` to `end` as the path counts them (month-end steps)."""
    months = (end.year - start.year) * 12 + end.month - start.month
    return months if add_months(start, months) <= end else months - 1


@dataclass(frozen=True)
class ServicePath:
    """What it would take to reach a target: the frontier of plans (time alone among them,
    when it gets there), the limit searched, and whether the pack declares any actions."""

    frontier: Frontier
    has_actions: bool
    start: dt.date

    @property
    def limit(self) -> TimeLimit:
        return self.frontier.limit

    @property
    def earliest(self) -> tuple[dt.date, Result] | None:
        """The first day time alone gets there, with the result then."""
        alone = self.frontier.time_alone
        return None if alone is None else (alone.on, alone.result)

    @property
    def plan(self) -> Plan | None:
        """The cheapest plan (the frontier's first; waiting alone when that is free)."""
        return self.frontier.cheapest

    def plan_report(self, pack: Pack, plan: Plan, lang: Lang) -> PlanReport:
        steps = [StepReport(id=a.id, title=a.title(lang), times=n, cost=a.cost * n, months=a.months_for(n))
                 for a, n in plan.counts]
        done = add_months(self.start, plan.months)
        return PlanReport(cost=plan.cost, cost_unit=pack.meta.action_cost_unit, actions=steps,
                          actions_done_by=done, reached_on=plan.on,
                          waits_months=months_between(done, plan.on),
                          total=plan.result.total, eligible=plan.result.eligible)

    def report(self, pack: Pack, target: Target, lang: Lang) -> PathReport:
        """The path as the API answers it."""
        found = self.frontier
        alone = found.time_alone
        cheapest = found.cheapest
        return PathReport(
            pack=pack.id, target=target.describe(lang), horizon_months=found.limit.horizon_months,
            until=found.limit.until, until_is_pack_end=found.limit.pack_ends,
            actions_declared=self.has_actions,
            time_alone=None if alone is None else self.plan_report(pack, alone, lang),
            cheapest=None if cheapest is None else self.plan_report(pack, cheapest, lang),
            frontier=[self.plan_report(pack, p, lang) for p in found.points],
            complete=found.complete, plans_judged=found.judged, plans_limit=found.budget)


def path_to(pack: Pack, facts: dict[str, Any], target: Target, on: dt.date,
            limits: PathLimits = PathLimits()) -> ServicePath:
    """The path from `facts` on `on` to `target` under `pack`."""
    found = frontier(pack, facts, target, on, horizon_months=limits.horizon_months, budget=limits.plans)
    return ServicePath(frontier=found, has_actions=bool(pack.actions), start=on)



class PersonPathReport(BaseModel):
    """A person's standing under a pack and the path to the target (None when already there)."""

    model_config = ConfigDict(frozen=True)

    pack: str
    as_of: dt.date
    total: Decimal
    eligible: bool
    target: str
    reached: bool
    path: PathReport | None


@dataclass(frozen=True)
class PersonPath:
    """One person under one pack: the result on the day, and the path when not yet there."""

    pack: Pack
    target: Target
    result: Result
    path: ServicePath | None

    @property
    def reached(self) -> bool:
        return self.path is None

    def report(self, lang: Lang) -> PersonPathReport:
        """What `settle path --json` prints and `POST /services/path/{pack}` answers."""
        return PersonPathReport(
            pack=self.pack.id, as_of=self.result.as_of, total=self.result.total,
            eligible=self.result.eligible, target=self.target.describe(lang), reached=self.reached,
            path=None if self.path is None else self.path.report(self.pack, self.target, lang))


def person_path(pack: Pack, facts: dict[str, Any], target: Target, *, as_of: dt.date | None = None,
                limits: PathLimits = PathLimits()) -> PersonPath:
    """The person scored on `as_of` (default: the pack's evaluation date) and, unless the
    target is reached already, the path to it. Raises InvalidFacts naming each bad field."""
    result = evaluate(pack, facts, as_of=as_of)
    found = None if target.reached(result) else path_to(pack, facts, target, result.as_of, limits)
    return PersonPath(pack=pack, target=target, result=result, path=found)
