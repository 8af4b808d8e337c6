"""The cost-versus-date frontier: the issue's applicant, and the solver against exhaustive search."""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from settle.packs import Pack, default_catalogue
from settle.packs.schema import Action
from settle.rules.engine import evaluate
from settle.rules.facts import InvalidFacts
from settle.rules.frontier import Frontier, cheapest_actions, frontier
from settle.rules.pathway import Target, add_months, apply_actions, grown, time_limit
from tests.strategies import facts_for

ROOT = Path(__file__).parents[2]
# Hangzhou, 2017-12-31: age 30 (30 points), high school (10 points), five consecutive years of
# insurance (the entry condition; each further year gives 3 points): 40 points in all.
FORTY = {"birth_date": "1987-06-01", "education": "high_school", "social_insurance_consecutive_years": 5}
END_2017 = dt.date(2017, 12, 31)


def cheapest_by(found: Frontier, day: dt.date) -> Decimal | None:
    """The least a plan on the frontier costs that reaches the target by `day`."""
    return min((p.cost for p in found.points if p.on <= day), default=None)


def chosen(plan: Any) -> dict[str, int]:
    return {action.id: times for action, times in plan.counts}


def test_the_applicant_of_the_issue_has_40_points_at_the_end_of_2017(hangzhou: Pack) -> None:
    assert evaluate(hangzhou, FORTY, as_of=END_2017).total == 40


def test_three_donations_and_an_insurance_year_reach_52_by_the_end_of_2019_for_900_rmb(
        hangzhou: Pack) -> None:
    found = frontier(hangzhou, FORTY, Target(points=Decimal(52)), END_2017)
    assert found.complete
    assert cheapest_by(found, dt.date(2019, 12, 31)) == 900
    plan = next(p for p in found.points if p.cost == 900)
    # the donations end on 2018-12-31 (the first at once, then every six months); the plan
    # waits a year for the insurance year that brings 3 more points
    assert chosen(plan) == {"donate_blood": 3} and plan.months == 12 and plan.on == dt.date(2019, 12, 31)
    assert plan.result.total == 52
    # from 0 RMB by waiting (four insurance years, 2021) to the fastest plan (at once)
    assert found.cheapest is not None and found.cheapest.cost == 0 and found.cheapest.counts == ()
    assert found.time_alone == found.cheapest and found.cheapest.on == dt.date(2021, 12, 31)
    assert found.fastest is not None and found.fastest.on == END_2017
    costs = [p.cost for p in found.points]
    days = [p.on for p in found.points]
    assert costs == sorted(set(costs)) and days == sorted(set(days), reverse=True)


def test_five_donations_and_one_gift_reach_61_by_the_end_of_2020_for_2500_rmb(hangzhou: Pack) -> None:
    found = frontier(hangzhou, FORTY, Target(points=Decimal(60)), END_2017)
    assert cheapest_by(found, dt.date(2020, 12, 31)) == 2500
    plan = next(p for p in found.points if p.cost == 2500)
    assert chosen(plan) == {"donate_blood": 5, "charity_donation": 1} and plan.result.total == 61
    assert cheapest_by(found, dt.date(2019, 12, 31)) == 3500  # the old answer, now the price of a year


def test_the_single_cheapest_answer_is_the_frontiers_first_point(hangzhou: Pack) -> None:
    target = Target(points=Decimal(97))
    person = {"birth_date": "1990-06-01", "education": "college"}
    found = frontier(hangzhou, person, target, END_2017, horizon_months=24)
    plan = cheapest_actions(hangzhou, person, target, END_2017, horizon_months=24)
    assert plan == found.cheapest and plan is not None
    # within two years no insurance points accrue: Grade III, five donations and one gift
    assert plan.cost == 6500 and plan.months == 24 and plan.on == dt.date(2019, 12, 31)
    assert chosen(plan) == {"vocational_grade_3": 1, "donate_blood": 5, "charity_donation": 1}


def test_a_search_that_stops_at_its_bound_says_so_and_keeps_the_cheap_end_it_found(hangzhou: Pack) -> None:
    target = Target(points=Decimal(52))
    whole = frontier(hangzhou, FORTY, target, END_2017)
    cut = frontier(hangzhou, FORTY, target, END_2017, budget=30)
    assert not cut.complete and cut.judged >= 30 and cut.budget == 30
    assert cut.points == whole.points[:len(cut.points)]


def test_an_unreachable_target_has_an_empty_frontier(hangzhou: Pack) -> None:
    found = frontier(hangzhou, FORTY, Target(points=Decimal(300)), END_2017, horizon_months=24)
    assert found.complete and found.points == () and found.time_alone is None


# ---------------------------------------------------------------- against exhaustive search


def exhaustive(pack: Pack, facts: dict[str, Any], target: Target, as_of: dt.date,
               horizon_months: int) -> list[tuple[Decimal, dt.date]]:
    """Every combination of action counts on every day of the horizon, each judged by the
    one-person engine; the (cost, day) pairs no other pair beats."""
    limit = time_limit(pack, as_of, horizon_months)
    steps = [(m, add_months(as_of, m)) for m in range(horizon_months + 1)]
    days = [(m, day) for m, day in steps if day <= limit.until]
    if limit.pack_ends and days[-1][1] < limit.until:
        days.append((days[-1][0], limit.until))
    actions = list(pack.actions)
    reached: list[tuple[dt.date, Decimal]] = []
    for counts in itertools.product(*(range(a.max_times + 1) for a in actions)):
        done = max((a.months_for(n) for a, n in zip(actions, counts, strict=True) if n), default=0)
        cost = sum((a.cost * n for a, n in zip(actions, counts, strict=True)), Decimal(0))
        plan = {a.id: n for a, n in zip(actions, counts, strict=True) if n}
        for months, day in days:
            if months >= done:
                state = apply_actions(pack, grown(pack, facts, as_of, day), plan, as_of)
                if target.reached(evaluate(pack, state, as_of=day)):
                    reached.append((day, cost))
                    break  # the earliest day of this plan is all the frontier needs
    frontier_points: list[tuple[Decimal, dt.date]] = []
    for day, cost in sorted(reached):
        if not frontier_points or cost < frontier_points[-1][0]:
            frontier_points.append((cost, day))
    return sorted(frontier_points)


HANGZHOU_EFFECTS: list[dict[str, Any]] = [
    {"add": {"blood_donation_cc": 200}}, {"add": {"volunteer_hours": 50}},
    {"add": {"charity_donations_5y_usd": "150.69"}}, {"add": {"social_insurance_consecutive_years": 1}},
    {"set": {"skill_level": "assistant_title_or_nvq_grade_3"}}, {"set": {"education": "college"}},
    {"set": {"education": "none"}},  # an action may also lower a score
]
GUANGZHOU_EFFECTS: list[dict[str, Any]] = [
    {"add_this_year": {"blood_donations_by_year": 1}}, {"add_this_year": {"volunteer_hours_by_year": 50}},
    {"set": {"education": "college"}}, {"add": {"housing_fund_years": 1}},
    {"set": {"annual_reconciliation_filed": True}},
    # starts a period a derived fact counts (months of medical insurance): every day its own epoch
    {"set": {"medical_insurance_periods": [{"from": "2025-01", "to": None}]}},
]


@st.composite
def catalogue(draw: st.DrawFn, effects: list[dict[str, Any]]) -> tuple[Action, ...]:
    """One to three actions, at most eight combinations, with tied and free costs."""
    actions = []
    for i in range(draw(st.integers(1, 3))):
        times = draw(st.integers(1, 2))
        actions.append(Action.model_validate({
            "id": f"action_{i}", "title": {"en": f"action {i}", "zh": f"行动{i}"},
            "cost": draw(st.sampled_from([0, 100, 200, 300])), "months": draw(st.integers(0, 7)),
            "every_months": draw(st.none() | st.integers(0, 7)), "max_times": times,
            "effect": draw(st.sampled_from(effects)), "cite": {"source": "seed_000", "lines": "1"}}))
        if len(list(itertools.product(*(range(a.max_times + 1) for a in actions)))) > 8:
            actions.pop()
            break
    return tuple(actions)


def check_against_exhaustive(pack: Pack, actions: tuple[Action, ...], facts: dict[str, Any],
                             as_of: dt.date, more_points: int, eligible: bool, horizon: int) -> None:
    pack = dataclasses.replace(pack, actions=actions)
    now = evaluate(pack, facts, as_of=as_of).total
    target = Target(eligible=eligible, points=now + more_points)
    found = frontier(pack, facts, target, as_of, horizon_months=horizon)
    assert found.complete
    assert sorted((p.cost, p.on) for p in found.points) == exhaustive(pack, facts, target, as_of, horizon)
    for plan in found.points:  # each plan is what it says: its actions, their cost, done in time
        assert plan.cost == sum((a.cost * n for a, n in plan.counts), Decimal(0))
        assert add_months(as_of, plan.months) <= plan.on and target.reached(plan.result)


SLOW = settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SLOW
@given(actions=catalogue(HANGZHOU_EFFECTS), birth=st.sampled_from(["1987-06-01", "1975-02-28", "1995-12-31"]),
       insurance=st.integers(3, 8), as_of=st.sampled_from([END_2017, dt.date(2018, 5, 31)]),
       more=st.integers(0, 8), eligible=st.booleans(), horizon=st.integers(4, 14))
def test_the_hangzhou_frontier_equals_exhaustive_search(
        hangzhou: Pack, actions: tuple[Action, ...], birth: str, insurance: int, as_of: dt.date, more: int,
        eligible: bool, horizon: int) -> None:
    facts = {"birth_date": birth, "education": "high_school", "social_insurance_consecutive_years": insurance}
    check_against_exhaustive(hangzhou, actions, facts, as_of, more, eligible, horizon)


@SLOW
@given(actions=catalogue(GUANGZHOU_EFFECTS), more=st.integers(0, 6), eligible=st.booleans(),
       as_of=st.sampled_from([dt.date(2025, 10, 31), dt.date(2026, 6, 30)]), horizon=st.integers(0, 14))
def test_the_guangzhou_frontier_with_amounts_by_year_equals_exhaustive_search(
        actions: tuple[Action, ...], more: int, eligible: bool, as_of: dt.date, horizon: int) -> None:
    pack = default_catalogue().load("guangzhou-2025")
    example = ROOT / "examples" / "guangzhou-2025__factory_technician.json"
    facts = json.loads(example.read_text(encoding="utf-8"))
    check_against_exhaustive(pack, actions, facts, as_of, more, eligible, horizon)


SMALL_CATALOGUES = sorted(p.id for p in default_catalogue().all()
                          if p.actions and len(list(itertools.product(*(range(a.max_times + 1)
                                                                         for a in p.actions)))) <= 16)


@pytest.mark.parametrize("pack_id", SMALL_CATALOGUES)
@settings(max_examples=2, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), horizon=st.integers(0, 8))
def test_every_small_shipped_catalogue_gives_the_frontier_exhaustive_search_gives(
        pack_id: str, data: st.DataObject, horizon: int) -> None:
    pack = default_catalogue().load(pack_id)
    on = pack.meta.default_evaluation_date
    facts = data.draw(facts_for(pack, on))
    try:
        evaluate(pack, facts, as_of=on)
    except InvalidFacts:
        return  # a derived fact that cannot be derived on this day
    found = frontier(pack, facts, Target(), on, horizon_months=horizon)
    assert found.complete
    assert sorted((p.cost, p.on) for p in found.points) == exhaustive(pack, facts, Target(), on, horizon)
