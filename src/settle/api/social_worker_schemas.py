"""Request and response bodies of the register of social workers (api/routers/social_workers.py).
Unknown fields are refused."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from pydantic import BaseModel, Field

from settle.api.schemas import Body, Ref, Text

Reason = Annotated[str, Field(min_length=1, max_length=500)]
Code = Annotated[str, Field(min_length=1, max_length=40)]


class SocialWorkerIn(Body):
    identity_number: Annotated[str, Field(min_length=15, max_length=18)]
    certificate_level: Code
    certificate_number: Code
    certified_on: dt.date
    employer_kind: Code
    employer_organization_id: Ref | None = None
    employer_name: Text | None = None
    registered_on: dt.date


class SocialWorkerChangeIn(Body):
    certificate_level: Code | None = None
    certificate_number: Code | None = None
    certified_on: dt.date | None = None
    employer_kind: Code | None = None
    employer_organization_id: Ref | None = None
    employer_name: Text | None = None


class WithdrawIn(Body):
    reason: Reason
    on: dt.date | None = None


class SubsidyOut(BaseModel):
    """The subsidy pack on the register's facts: eligible or not, the monthly amount, the
    explained conditions (as a service case of the pack stores them)."""

    pack_id: str
    on: dt.date
    facts: dict[str, Any]
    eligible: bool
    amount: str | None
    currency: str | None
    period: str | None
    explanation: dict[str, Any]


class SocialWorkerOut(BaseModel):
    id: int
    person_id: int
    name: str
    certificate_level: str
    certificate_number: str
    certified_on: dt.date
    employer_kind: str
    employer_organization_id: int | None
    employer_name: str | None
    registered_on: dt.date
    state: str
    withdrawn_on: dt.date | None
    reason: str | None
    subsidy: SubsidyOut | None = None
