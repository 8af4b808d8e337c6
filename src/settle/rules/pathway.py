"""The path to eligibility, its parts: the target, the calendar of the search (month steps,
the limit), the facts as time and actions change them, and the earliest date time alone
gets a person there. The plans that combine actions and waiting, the cost-versus-date
frontier they form, and the earliest date of time alone (the plan without actions) are in
`settle.rules.frontier`.

The one-person engine is the judge, so caps, per-year limits, highest-only rules and
eligibility conditions are respected exactly as in scoring. A solver (integer programming)
would need the scoring rules restated as linear constraints; searching with the engine's own
rules keeps one source of truth.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from settle import words
from settle.i18n import Lang
from settle.language.facts.values import check_fact
from settle.packs.pack import Pack
from settle.packs.schema import Action
from settle.rules.facts import FactValue, check_facts
from settle.rules.result import Result


@dataclass(frozen=True)
class Target:
    """What the person wants: to be eligible, and/or to reach a number of points."""

    eligible: bool = True
    points: Decimal | None = None

    def reached(self, result: Result) -> bool:
        return self.reached_by(result.total, result.eligible)

    def reached_by(self, total: Decimal, eligible: bool) -> bool:
        """Whether a total and an eligibility verdict meet the target."""
        if self.eligible and not eligible:
            return False
        return self.points is None or total >= self.points

    def describe(self, lang: Lang = "en") -> str:
        """The target in words: 'eligible and at least 52 points'."""
        parts = [words.word("path", "target_eligible", lang)] if self.eligible else []
        if self.points is not None:
            parts.append(words.word("path", "target_points", lang, points=self.points))
        joined = words.word("path", "target_joiner", lang).join(parts)
        return joined or words.word("path", "target_nothing", lang)


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later, or that month's last day when it is shorter (31 January
    and one month: 28 or 29 February)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return dt.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def whole_years(start: dt.date, on: dt.date) -> int:
    """The whole years from `start` to `on` (none before `start`)."""
    return max(on.year - start.year - ((on.month, on.day) < (start.month, start.day)), 0)


def grown(pack: Pack, facts: dict[str, Any], start: dt.date, on: dt.date) -> dict[str, Any]:
    """The facts on date `on`: facts that grow yearly gain the whole years since `start`;
    dates and open periods age by themselves in the engine."""
    return grown_by(pack, facts, whole_years(start, on))


def grown_by(pack: Pack, facts: dict[str, Any], years: int) -> dict[str, Any]:
    """The facts after `years` whole years: facts that grow yearly gain them (to their bound)."""
    if years <= 0:
        return facts
    values, _ = check_facts(pack, facts)
    return {**facts, **{name: value for name, value in grow_values(pack, values, years).items()
                        if pack.facts[name].grows == "yearly"}}


def grow_values(pack: Pack, values: dict[str, FactValue], years: int) -> dict[str, FactValue]:
    """`grown_by` on checked values."""
    out = dict(values)
    for name, spec in pack.facts.items():
        if spec.grows == "yearly" and years > 0:
            value = int(values[name]) + years
            out[name] = value if spec.max is None else min(value, int(spec.max))
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


@dataclass(frozen=True)
class Plan:
    """A plan: each action and how many times, their cost in all, the months until the last
    is done, the day the plan reaches the target (after waiting, when it waits) and the
    engine's result on that day."""

    counts: tuple[tuple[Action, int], ...]
    cost: Decimal
    months: int
    on: dt.date
    result: Result


def apply_actions(pack: Pack, facts: dict[str, Any], counts: dict[str, int],
                  start: dt.date) -> dict[str, Any]:
    """The facts after taking each action its number of times from `start` (effects in
    catalogue order); an amount for the year counts in the year each repeat is done."""
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
            for repeat in range(1, times + 1):
                year = str(add_months(start, action.months_for(repeat)).year)
                by_year[year] = str(Decimal(str(by_year.get(year, 0))) + amount)
            out[name] = by_year
    return out


def act(pack: Pack, values: dict[str, FactValue], counts: dict[str, int],
        start: dt.date) -> dict[str, FactValue]:
    """`apply_actions` on checked values: the same facts, each changed one checked by its type."""
    out = dict(values)
    for action in pack.actions:
        times = counts.get(action.id, 0)
        if not times:
            continue
        for name, value in action.effect.set.items():
            out[name] = check_fact(name, pack.facts[name], value)
        for name, amount in action.effect.add.items():
            spec = pack.facts[name]
            total = Decimal(str(out[name])) + amount * times
            if spec.max is not None:
                total = min(total, spec.max)
            out[name] = check_fact(name, spec, int(total) if spec.type == "integer" else str(total))
        for name, amount in action.effect.add_this_year.items():
            by_year = {str(k): str(v) for k, v in dict(out[name]).items()}
            for repeat in range(1, times + 1):
                year = str(add_months(start, action.months_for(repeat)).year)
                by_year[year] = str(Decimal(by_year.get(year, "0")) + amount)
            out[name] = check_fact(name, pack.facts[name], by_year)
    return out
