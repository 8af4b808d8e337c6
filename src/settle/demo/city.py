"""A demo city for `settle serve`: registered migrants drawn from a city's calibration, an
account for every role, one open round with applications waiting at every department; every
number and name it uses comes from `city.yaml` (settle.demo.config).

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

from settle.demo.config import DemoCity, demo_config
from settle.demo.disclosures import seed_disclosures
from settle.demo.purchases import seed_purchases
from settle.demo.service_year import seed_service_year
from settle.demo.social_workers import seed_social_workers
from settle.demo.volunteers import seed_volunteers
from settle.packs import default_catalogue
from settle.packs.routing import routing_table
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

DEMO = demo_config()
DEMO_PASSWORD = DEMO.password
DEMO_TODAY = DEMO.today


def _month_start(month: int) -> dt.date:
    text = format_month(month)
    return dt.date(int(text[:4]), int(text[5:]), 1)


def _declared(row: dict[str, Any], names: tuple[str, ...]) -> dict[str, Any]:
    out = {}
    for name in names:
        value = row[name]
        out[name] = str(Decimal(repr(value))) if isinstance(value, float) else value
    return out


def seed_demo_city(*, session: Session, persons: int | None = None, applications: int | None = None,
                   seed: int | None = None, config: DemoCity | None = None) -> Round:
    """Fill an empty, migrated database with the demo city; returns its open round. `persons`,
    `applications` and `seed` override the settings of `config` (default: city.yaml)."""
    city = config or DEMO
    persons = city.persons if persons is None else persons
    applications = city.applications if applications is None else applications
    seed = city.seed if seed is None else seed
    if session.execute(select(Account.id).limit(1)).first() is not None:
        raise ValueError("the database already holds accounts: seed only an empty database")
    start_demo_clock(session=session, day=city.today)
    for username, role in city.accounts.items():
        create_account(session=session, username=username, password=city.password, role=role,
                       department=None)
    pack = default_catalogue().load(city.round.pack)
    for department in sorted({d for d in routing_table(pack).values() if d}):
        create_account(session=session, username=f"verifier-{department}", password=city.password,
                       role="department_verifier", department=department)
    officer = next((u for u, role in city.accounts.items() if role == "bureau_officer"), "officer")
    clerk = next((u for u, role in city.accounts.items() if role == "window_clerk"), "clerk")
    spec = city.round
    round_ = open_round(session=session, actor=officer, pack_id=spec.pack, name=spec.name,
                        window_opens=spec.window_opens, window_closes=spec.window_closes, quota=spec.quota)
    calibration = load_calibration(calibration_dir() / f"{city.calibration}.yaml")
    calibration = calibration.model_copy(update={"reference_date": city.today})
    people = generate_chunk(calibration, np.random.default_rng(seed), 0, persons).to_dicts()
    rng = np.random.default_rng(seed + 1)
    surnames, given = city.names.surnames, city.names.given
    per_region = city.identity.per_region
    held = city.registry
    first_year, last_year = held.blood_donation_years
    for i, row in enumerate(people):
        male = row["sex"] == "male"
        sequence = (i % per_region) * 2 + (1 if male else 0)
        born = row["birth_date"]
        name = surnames[rng.integers(len(surnames))] + "".join(
            given[k] for k in rng.integers(len(given), size=int(rng.integers(1, 3))))
        region = f"{city.identity.first_region + i // per_region}"
        person = register_person(session=session, actor=clerk,
                                 identity_number=make_identity(region, born, sequence),
                                 name=name, sex=row["sex"], birth_date=born, origin_place=city.origin_place,
                                 district=row["district"])
        for period in row["medical_insurance_periods"]:
            add_period(session=session, actor=clerk, person_id=person.id, kind="social_insurance",
                       subtype="medical", start=_month_start(period["from"]),
                       department=held.medical_insurance)
        if row["holds_guangdong_residence_permit"] and row["permit_held_months"]:
            add_period(session=session, actor=clerk, person_id=person.id, kind="residence_permit",
                       start=row["residence_permit_since"], department=held.residence_permit)
        for year in range(first_year, last_year + 1):
            donations = int(row.get(f"blood_donations_by_year.{year}") or 0)
            for _ in range(donations):
                add_record(session=session, actor=clerk, person_id=person.id, kind="blood_donation",
                           on=dt.date(year, 6, 1), department=held.blood_donations)
        if i < applications:
            application = apps.create_application(session=session, actor=clerk, person_id=person.id,
                                                  round_id=round_.id, declared=_declared(row, city.declared))
            apps.submit(session=session, actor=clerk, application_id=application.id, today=city.today)
            apps.accept(session=session, actor=clerk, application_id=application.id)
    seed_disclosures(session=session, today=city.today, password=city.password, seed=seed, clerk=clerk)
    seed_volunteers(session=session, people=people, password=city.password, today=city.today)
    seed_purchases(session=session, password=city.password, today=city.today)
    seed_social_workers(session=session, password=city.password, today=city.today)
    seed_service_year(session=session, today=city.today, seed=seed, clerk=clerk)
    return round_
