"""Request and response bodies. Unknown fields are refused (extra="forbid")."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator

from settle.registry.kinds import PeriodKind, RecordKind
from settle.services.assessment import ServiceReport
from settle.workflow.round_service import RankingReport

Text = Annotated[str, Field(min_length=1, max_length=200)]
Ref = Annotated[int, Field(ge=1, le=2_147_483_647)]


class Body(BaseModel):
    model_config = ConfigDict(extra="forbid")


class BlockedOut(BaseModel):
    """An application that keeps a round from being ranked, and why."""

    application_id: int
    field: str | None
    reason: str


class ErrorBody(BaseModel):
    code: str
    message: str
    field: str | None = None
    existing_id: int | None = Field(None, description="The application that already exists (409).")
    blocked: list[BlockedOut] | None = Field(None, description="Applications blocking a round.")


class TokenRequest(Body):
    username: Text
    password: Annotated[str, Field(min_length=1, max_length=200)]


class TokenResponse(BaseModel):
    access_token: str
    token_type: Literal["bearer"] = "bearer"
    role: str
    department: str | None


class AccountIn(Body):
    username: Annotated[str, Field(min_length=3, max_length=60, pattern=r"^[A-Za-z0-9_.@-]+$")]
    password: Annotated[str, Field(min_length=10, max_length=200)]
    role: Literal["applicant", "window_clerk", "department_verifier", "bureau_officer", "analyst",
                  "administrator", "organization"]
    department: Annotated[str, Field(max_length=50)] | None = None
    person_id: Ref | None = None
    organization_id: Ref | None = None


class AccountChange(Body):
    role: Literal["applicant", "window_clerk", "department_verifier", "bureau_officer", "analyst",
                  "administrator", "organization"] | None = None
    department: Annotated[str, Field(max_length=50)] | None = None
    disabled: bool | None = None


class PasswordIn(Body):
    password: Annotated[str, Field(min_length=10, max_length=200)]


class AccountOut(BaseModel):
    id: int
    username: str
    role: str
    department: str | None
    person_id: int | None
    organization_id: int | None = None
    disabled: bool
    locked: bool


class PersonIn(Body):
    identity_number: Annotated[str, Field(min_length=18, max_length=18)]
    name: Text
    sex: Literal["male", "female"]
    birth_date: dt.date
    origin_place: Text
    district: Annotated[str, Field(max_length=50)] | None = None
    occupation: Annotated[str, Field(max_length=50)] | None = None


class PersonOut(BaseModel):
    id: int
    identity_number: str
    name: str
    sex: str
    birth_date: dt.date
    origin_place: str
    district: str | None
    occupation: str | None


class PersonPage(BaseModel):
    total: int
    limit: int
    offset: int
    items: list[PersonOut]


class PeriodIn(Body):
    kind: PeriodKind
    subtype: Annotated[str, Field(max_length=30)] | None = None
    start: dt.date
    end: dt.date | None = None
    place: Annotated[str, Field(max_length=100)] | None = None
    department: Annotated[str, Field(max_length=50)] | None = None


class RecordIn(Body):
    kind: RecordKind
    on: dt.date
    amount: Annotated[Decimal, Field(ge=0, le=Decimal("1e12"), decimal_places=2)] = Decimal(1)
    category: Annotated[str, Field(max_length=50)] | None = None
    department: Annotated[str, Field(max_length=50)] | None = None


class MoveIn(Body):
    """A registered person's move to another district of the city."""

    district: Annotated[str, Field(min_length=1, max_length=50)]


class Created(BaseModel):
    id: int


class RoundIn(Body):
    pack_id: Text
    name: Annotated[str, Field(min_length=1, max_length=60)]
    window_opens: dt.date
    window_closes: dt.date
    quota: Annotated[int, Field(ge=0, le=10_000_000)]


class RoundOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    pack_id: str
    name: str
    window_opens: dt.date
    window_closes: dt.date
    quota: int
    state: str
    notice_opens: dt.date | None
    notice_closes: dt.date | None
    admitted: list[int]
    cutoff: dict[str, Any]

    @field_validator("admitted", "cutoff", mode="before")
    @classmethod
    def _unset_is_empty(cls, value: Any, info: ValidationInfo) -> Any:
        """A round not yet ranked has no admitted list or cut-off: empty, never null."""
        if value is None:
            return [] if info.field_name == "admitted" else {}
        return value


class RankingOut(RankingReport):
    """A ranking's outcome (the workflow's RankingReport, read from its attributes)."""

    model_config = ConfigDict(from_attributes=True)


class ServiceOut(ServiceReport):
    """One service assessed for one person (settle.services.assessment)."""

    model_config = ConfigDict(from_attributes=True)


class ApplicationIn(Body):
    person_id: Ref
    round_id: Ref
    declared: dict[Annotated[str, Field(max_length=60)], Any] = {}


class DocumentIn(Body):
    """The document the window received for one declared fact."""

    document: Annotated[str, Field(min_length=1, max_length=200)]
    issuing_department: Annotated[str, Field(max_length=100)] | None = None
    valid_from: dt.date | None = None
    valid_until: dt.date | None = None


class AcceptIn(Body):
    documents: dict[Annotated[str, Field(max_length=60)], DocumentIn] = {}


class EvidenceOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    fact: str
    department: str
    document: str | None = None
    issuing_department: str | None = None
    valid_until: dt.date | None = None
    declared_value: Any
    verified_value: Any
    status: str
    reason: str | None
    version: int


class ApplicationOut(BaseModel):
    """An application with its evidence (`evidence` is listed by settle.workflow.listings)."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    person_id: int
    round_id: int
    state: str
    total: Decimal | None
    eligible: bool | None
    rank: int | None
    admitted: bool | None
    settlement_card: str | None
    version: int
    evidence: list[EvidenceOut] = []


class TaskOut(BaseModel):
    """What a department verifier sees: only its own fact, no identity number."""

    id: int
    application_id: int
    applicant: str
    fact: str
    declared_value: Any
    status: str
    version: int


class Decision(Body):
    decision: Literal["confirm", "correct", "reject"]
    version: Ref
    value: Any = None
    reason: Annotated[str, Field(max_length=500)] | None = None


class ObjectionIn(Body):
    text: Annotated[str, Field(min_length=1, max_length=2000)]
    correction: dict[Annotated[str, Field(max_length=60)], Any] = {}


class ObjectionDecision(Body):
    upheld: bool
    decision: Annotated[str, Field(min_length=1, max_length=2000)]
    correction: dict[Annotated[str, Field(max_length=60)], Any] | None = Field(
        None, description="The correction the officer settles on (default: the objection's).")


class TaskRef(BaseModel):
    id: int
    fact: str
    department: str


class ObjectionOutcome(BaseModel):
    """The verification tasks an upheld correction sent to the departments holding the facts."""

    objection_id: int
    state: str
    tasks: list[TaskRef]


class CloseIn(Body):
    reason: Annotated[str, Field(min_length=1, max_length=2000)]


class DecisionOut(BaseModel):
    evidence: EvidenceOut
    ranking: RankingOut | None = Field(None, description="The round ranked again after a re-verification.")


class NoticeRow(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    rank: int | None
    admitted: bool | None
    name: str
    identity_number: str
    total: Decimal | None


class NoticeOut(BaseModel):
    """The published list (settle.workflow.notice.PublicNotice)."""

    model_config = ConfigDict(from_attributes=True)

    round_id: int
    state: str
    objection_deadline: dt.date | None
    rows: list[NoticeRow]


class RoundStats(BaseModel):
    """Aggregates with small cells suppressed: a null is a count or mean hidden because it
    concerns fewer than `suppressed_below` persons (settle.workflow.statistics)."""

    model_config = ConfigDict(from_attributes=True)

    round_id: int
    applications: int | None
    by_state: dict[str, int | None]
    admitted: int | None
    eligible: int | None
    mean_total: Decimal | None
    suppressed_below: int


class ChainOut(BaseModel):
    entries: int
    intact: bool
    broken_at: int | None
    reason: str | None
