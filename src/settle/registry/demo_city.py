"""A demo city for `settle serve`: registered migrants drawn from the Guangzhou calibration,
an account for every role, one open round with applications waiting at every department.

The same function builds the database the API tests click through, as datasette's
fixtures double as its demo database.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session

from settle.paths import calibration_dir
from settle.registry.accounts import create_account
from settle.registry.clock import start_demo_clock
from settle.registry.identity import make_identity
from settle.registry.models import Account, Round
from settle.registry.persons import add_period, add_record, register_person
from settle.rules.dates import format_month
from settle.simulate.calibration import load_calibration
from settle.simulate.population import generate_chunk
from settle.workflow import applications as apps
from settle.workflow.round_service import open_round

DEMO_PASSWORD = "demo"
DEMO_TODAY = dt.date(2017, 11, 1)
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华"
ROLES: list[tuple[str, str, str | None]] = [
    ("admin", "administrator", None), ("clerk", "window_clerk", None),
    ("officer", "bureau_officer", None), ("analyst", "analyst", None),
]
DECLARED = ("education", "skill_level", "occupation_in_catalogue", "income_tax_3y_rmb",
            "holds_guangdong_residence_permit", "stable_employment", "currently_insured_all_five",
            "other_insurances_min_months", "family_planning_compliant", "criminal_record",
            "legal_stable_residence")


def _month_start(month: int) -> dt.date:
    text = format_month(month)
    return dt.date(int(text[:4]), int(text[5:]), 1)


def _declared(row: dict[str, Any]) -> dict[str, Any]:
    out = {}
    for name in DECLARED:
        value = row[name]
        out[name] = str(Decimal(repr(value))) if isinstance(value, float) else value
    return out


def seed_demo_city(*, session: Session, persons: int = 2000, applications: int = 150,
                   seed: int = 7) -> Round:
    """Fill an empty, migrated database with the demo city; returns its open round."""
    if session.execute(select(Account.id).limit(1)).first() is not None:
        raise ValueError("the database already holds accounts: seed only an empty database")
    start_demo_clock(session=session, day=DEMO_TODAY)
    for username, role, department in ROLES:
        create_account(session=session, username=username, password=DEMO_PASSWORD, role=role,
                       department=department)
    from settle.packs import default_catalogue
    from settle.packs.routing import routing_table

    pack = default_catalogue().load("guangzhou-2017")
    for department in sorted({d for d in routing_table(pack).values() if d}):
        create_account(session=session, username=f"verifier-{department}", password=DEMO_PASSWORD,
                       role="department_verifier", department=department)
    round_ = open_round(session=session, actor="officer", pack_id="guangzhou-2017", name="2017",
                        window_opens=dt.date(2017, 10, 10), window_closes=dt.date(2017, 11, 8),
                        quota=60)
    calibration = load_calibration(calibration_dir() / "guangzhou.yaml")
    calibration = calibration.model_copy(update={"reference_date": DEMO_TODAY})
    people = generate_chunk(calibration, np.random.default_rng(seed), 0, persons).to_dicts()
    rng = np.random.default_rng(seed + 1)
    for i, row in enumerate(people):
        male = row["sex"] == "male"
        sequence = (i % 500) * 2 + (1 if male else 0)
        born = row["birth_date"]
        name = SURNAMES[rng.integers(len(SURNAMES))] + "".join(
            GIVEN[k] for k in rng.integers(len(GIVEN), size=int(rng.integers(1, 3))))
        person = register_person(session=session, actor="clerk",
                                 identity_number=make_identity(f"{440100 + i // 500}", born, sequence),
                                 name=name, sex=row["sex"], birth_date=born, origin_place="Hunan",
                                 district=row["district"])
        for period in row["medical_insurance_periods"]:
            add_period(session=session, actor="clerk", person_id=person.id, kind="social_insurance",
                       subtype="medical", start=_month_start(period["from"]), department="human_resources")
        if row["holds_guangdong_residence_permit"] and row["permit_held_months"]:
            add_period(session=session, actor="clerk", person_id=person.id, kind="residence_permit",
                       start=row["residence_permit_since"], department="migrant_services")
        for year in range(2012, 2018):
            donations = int(row.get(f"blood_donations_by_year.{year}") or 0)
            for _ in range(donations):
                add_record(session=session, actor="clerk", person_id=person.id, kind="blood_donation",
                           on=dt.date(year, 6, 1), department="health_planning")
        if i < applications:
            application = apps.create_application(session=session, actor="clerk", person_id=person.id,
                                                  round_id=round_.id, declared=_declared(row))
            apps.submit(session=session, actor="clerk", application_id=application.id, today=DEMO_TODAY)
            apps.accept(session=session, actor="clerk", application_id=application.id)
    return round_
