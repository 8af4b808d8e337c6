"""The demo city's year of service cases, so that the monitoring dashboard has something to
show: over the twelve months before the demo's date, some migrants are helped by the welfare
lottery's care fund (interim assistance), trained under the employment skill training of the
start-up subsidy pack, and allocated a public rental flat. Each case goes through the service
cases' own workflow (apply, the department's grant, a payment or delivery), so each is
assessed by the engine, has its events, audit entries and notices; only its days are set to
the day in the past year it stands for.

The numbers below (cases per month, the facts declared, the training subsidy of 800 yuan, the
relief paid as the pack computes it) are the demo's own choices, not the seeds': they make the
indicators show figures above the small-cell threshold.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session

from settle.registry.models import Person
from settle.workflow import service_cases as cases

# per month, per 2,000 registered migrants: (pack, item, declared facts, what the grant gives)
SERVICES: list[tuple[str, str | None, dict[str, Any], dict[str, Any], int]] = [
    ("guangzhou-welfare-lottery-care-fund-2017", None,
     {"in_guangzhou": True, "sudden_accident": True, "seriously_ill": False,
      "unable_to_pay_medical_fees": True, "unpaid_medical_fees_usd": "3000", "special_circumstances": False},
     {}, 3),
    ("guangzhou-startup-subsidy-2015", "employment_skill_training",
     {"migrant_worker_in_guangzhou": True, "started_business_in_guangzhou": False,
      "meets_subsidy_notice_conditions": True}, {"amount": "800", "currency": "CNY"}, 4),
    ("guangzhou-public-rental-housing-2016", None,
     {"migrant_worker": True, "meets_trial_rules_conditions": True, "application_type": "individual",
      "senior_skilled_personnel": False}, {"allocated": "public rental flat"}, 2),
]
MONTHS = 12
DAYS_TO_DECIDE = 10
DAYS_TO_DELIVER = 15


def _months_before(today: dt.date, months: int) -> list[dt.date]:
    """The first day of each of the `months` months before `today`'s month, oldest first."""
    found = []
    year, month = today.year, today.month
    for _ in range(months):
        month -= 1
        if month == 0:
            year, month = year - 1, 12
        found.append(dt.date(year, month, 1))
    return found[::-1]


def seed_service_year(*, session: Session, today: dt.date, seed: int, clerk: str) -> int:
    """Lodge, grant and deliver the demo's service cases of the past year; returns how many."""
    people = list(session.scalars(select(Person).order_by(Person.id)))
    if not people:
        return 0
    rng = np.random.default_rng(seed + 15)
    scale = len(people) / 2000
    made = 0
    for first in _months_before(today, MONTHS):
        for pack_id, item, declared, given, per_month in SERVICES:
            pack = cases.service_pack(pack_id)
            lodged = first + dt.timedelta(days=int(rng.integers(0, 10)))
            if not pack.applies_on(lodged):
                continue
            count = int(rng.poisson(per_month * scale))
            for index in rng.choice(len(people), size=min(count, len(people)), replace=False):
                who = people[int(index)]
                case = cases.apply(session=session, actor=clerk, person_id=who.id, pack_id=pack_id,
                                   declared=declared, today=lodged, channel="window", item=item)
                if not case.eligible:
                    continue
                decided = lodged + dt.timedelta(days=DAYS_TO_DECIDE)
                cases.decide(session=session, actor=f"verifier-{case.department}", department=case.department,
                             case_id=case.id, decision="grant", today=decided,
                             benefit=cases.BenefitGiven(item=item, **given))
                benefit = cases.benefit_of(session=session, case_id=case.id)
                assert benefit is not None
                cases.record_delivery(session=session, actor=f"verifier-{case.department}",
                                      department=case.department, case_id=case.id,
                                      on=min(decided + dt.timedelta(days=DAYS_TO_DELIVER), today),
                                      amount=benefit.amount)
                made += 1
    return made
