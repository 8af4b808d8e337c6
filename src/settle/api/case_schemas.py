"""Request and response bodies of service cases and stocks (settle.api.routers.service_cases),
read from the tables' rows (`from_attributes`). Unknown fields are refused."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from settle.api.schemas import Body, Ref

Note = Annotated[str, Field(max_length=2000)]
Short = Annotated[str, Field(min_length=1, max_length=200)]
Money = Annotated[Decimal, Field(ge=0, max_digits=14, decimal_places=2)]


class CaseIn(Body):
    """An application for a service: the pack, the declared facts; a window clerk names the
    person, an applicant applies for themself."""

    pack_id: Annotated[str, Field(max_length=80, pattern=r"^[a-z0-9-]+$")]
    person_id: Ref | None = None
    declared: dict[Annotated[str, Field(max_length=60)], Any] = Field(default_factory=dict)
    item: Annotated[str, Field(max_length=60)] | None = None
    district: Annotated[str, Field(max_length=50)] | None = None
    stock_id: Ref | None = None


class DecisionIn(Body):
    decision: Literal["grant", "refuse", "request_evidence"]
    reason: Note | None = None
    amount: Money | None = None
    currency: Annotated[str, Field(min_length=3, max_length=3)] | None = None
    period_from: dt.date | None = None
    period_until: dt.date | None = None
    allocated: Short | None = None
    version: Ref | None = Field(None, description="The case's version you saw (a stale one is refused).")


class DeliveryIn(Body):
    on: dt.date
    amount: Money | None = None
    currency: Annotated[str, Field(min_length=3, max_length=3)] | None = None
    reference: Annotated[str, Field(max_length=100)] | None = None
    note: Note | None = None


class EvidenceIn(Body):
    declared: dict[Annotated[str, Field(max_length=60)], Any]


class ReasonIn(Body):
    reason: Note | None = None


class StockIn(Body):
    pack_id: Annotated[str, Field(max_length=80, pattern=r"^[a-z0-9-]+$")]
    name: Short
    period: Annotated[str, Field(min_length=1, max_length=20)]
    capacity: Annotated[int, Field(ge=0, le=1_000_000)]
    district: Annotated[str, Field(max_length=50)] | None = None


class CaseEventOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    at: dt.datetime
    actor: str
    action: str
    from_state: str
    to_state: str
    note: str | None


class BenefitOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    kind: str
    item: str | None
    amount: Decimal | None
    currency: str | None
    period_from: dt.date | None
    period_until: dt.date | None
    allocated: str | None
    granted_by: str


class DeliveryOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    kind: str
    delivered_on: dt.date
    amount: Decimal | None
    currency: str | None
    reference: str | None
    note: str | None
    recorded_by: str


class CaseOut(BaseModel):
    """A case: its routing, state, the engine's explained eligibility (each condition in
    English and Chinese), the decision; `benefit`, `deliveries`, `events` on a single read."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    person_id: int
    pack_id: str
    department: str
    district: str | None
    channel: str
    state: str
    declared: dict[str, Any]
    fact_sources: dict[str, Any]
    eligible: bool | None
    failed_conditions: list[Any]
    explanation: dict[str, Any]
    evidence_requested: str | None
    decision_reason: str | None
    decided_by: str | None
    submitted_at: dt.datetime
    decided_at: dt.datetime | None
    closed_at: dt.datetime | None
    stock_id: int | None
    rank: int | None
    renews_id: int | None
    version: int
    benefit: BenefitOut | None = None
    deliveries: list[DeliveryOut] = []
    events: list[CaseEventOut] = []


class StockOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    pack_id: str
    name: str
    district: str | None
    period: str
    capacity: int
    state: str
    cutoff: dict[str, Any]


class AllocationOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    stock_id: int
    capacity: int
    granted: list[int]
    waitlisted: list[int]
    refused: list[int]
    cutoff: dict[str, Any]
