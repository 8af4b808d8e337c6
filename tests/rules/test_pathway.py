"""The path to eligibility, on hand-checked persons."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from settle.packs import Pack, default_catalogue
from settle.rules.engine import evaluate
from settle.rules.pathway import Target, cheapest_actions, earliest_date

SICK_CHILD = {"child_birth_date": "2010-01-01", "lives_with_parents_in_guangzhou": True,
              "parent_works_in_guangzhou": True, "parent_years_in_guangzhou": 1,
              "diagnosed_serious_illness": True, "family_cannot_pay": True}


def test_time_alone_opens_the_childrens_relief_when_the_parent_reaches_two_years() -> None:
    pack = default_catalogue().load("guangzhou-child-serious-illness-2015")
    assert not evaluate(pack, SICK_CHILD, as_of=dt.date(2017, 11, 1)).eligible
    found = earliest_date(pack, SICK_CHILD, Target(), dt.date(2017, 11, 1))
    assert found is not None
    day, result = found
    assert day == dt.date(2018, 11, 1)
    assert result.eligible and result.total == 1508


def test_time_alone_never_helps_a_child_about_to_turn_fifteen() -> None:
    pack = default_catalogue().load("guangzhou-child-serious-illness-2015")
    older = {**SICK_CHILD, "child_birth_date": "2003-06-01"}
    assert earliest_date(pack, older, Target(), dt.date(2017, 11, 1), horizon_months=60) is None


def test_the_cheapest_actions_to_97_points_in_hangzhou(hangzhou: Pack) -> None:
    # Now: age 30 + college 30 = 60 (no insurance yet). +37 needs the Grade III certificate
    # (55 replaces 30: +25, 4,000) and six 2-point actions: five blood donations (1,500; the
    # cap is 10) and one donation or volunteering (1,000). Without the certificate at most
    # +30 is possible. Cheapest: 6,500 RMB.
    person = {"birth_date": "1990-06-01", "education": "college"}
    plan = cheapest_actions(hangzhou, person, Target(points=Decimal(97)), dt.date(2017, 12, 31))
    assert plan is not None
    assert plan.cost == 6500
    chosen = {action.id: times for action, times in plan.counts}
    assert chosen["vocational_grade_3"] == 1 and chosen["donate_blood"] == 5
    assert sum(chosen.values()) == 7
    assert plan.months == 24  # five donations six months apart, the first at once
    assert plan.result.total >= 97


def test_an_unreachable_target_has_no_plan(hangzhou: Pack) -> None:
    person = {"birth_date": "1990-06-01", "education": "college"}
    assert cheapest_actions(hangzhou, person, Target(points=Decimal(200)), dt.date(2017, 12, 31)) is None


def test_a_person_already_there_needs_no_action(hangzhou: Pack) -> None:
    plan = cheapest_actions(hangzhou, {"birth_date": "1990-06-01"}, Target(points=Decimal(30)),
                            dt.date(2017, 12, 31))
    assert plan is not None and plan.cost == 0 and plan.counts == ()
