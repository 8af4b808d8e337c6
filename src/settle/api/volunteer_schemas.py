"""Request and response bodies of volunteer service and blood donations (api/routers/volunteers.py),
built from the service's rows (`from_attributes`), not copied. Unknown fields are refused."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from settle.api.schemas import Body, Ref, Text
from settle.services.scoring import ScoreReport

Reason = Annotated[str, Field(min_length=1, max_length=500)]


class VolunteerIn(Body):
    identity_number: Annotated[str, Field(min_length=15, max_length=18)]
    registered_on: dt.date


class VolunteerOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    number: str
    person_id: int
    name: str
    registered_on: dt.date
    state: str


class ActivityIn(Body):
    name: Text
    category: Annotated[str, Field(max_length=40)]
    starts_on: dt.date
    ends_on: dt.date
    place: Text | None = None


class ActivityOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    name: str
    category: str
    place: str | None
    starts_on: dt.date
    ends_on: dt.date


class HoursIn(Body):
    activity_id: Ref
    volunteer_id: Ref
    served_on: dt.date
    hours: Annotated[Decimal, Field(gt=0, le=24, decimal_places=1)]


class HoursOut(BaseModel):
    """Hours with their state; the volunteer's name is masked for a department."""

    id: int
    activity_id: int
    activity: str
    organization: str
    volunteer_number: str
    volunteer_name: str
    served_on: dt.date
    hours: Decimal
    state: str
    department: str
    confirmed_by: str | None
    verified_by: str | None
    reason: str | None
    record_id: int | None


class RejectIn(Body):
    reason: Reason


class BloodDonationIn(Body):
    person_id: Ref
    donated_on: dt.date
    volume_ml: Annotated[int, Field(ge=1, le=10_000)]
    city: Annotated[str, Field(min_length=2, max_length=40)]


class BloodDonationOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    person_id: int
    donated_on: dt.date
    volume_ml: int
    city: str
    department: str
    record_id: int | None


class RecordOut(BaseModel):
    """One registry record behind an item's points, and where it comes from."""

    record_id: int
    fact: str
    kind: str
    on: dt.date
    amount: Decimal
    department: str | None
    source: str


class ExplanationOut(BaseModel):
    """An application's points explained from its verified facts, with the registry records
    behind each item that reads record-held facts (volunteer hours, blood donations ...)."""

    application_id: int
    report: ScoreReport
    records: dict[str, list[RecordOut]]
