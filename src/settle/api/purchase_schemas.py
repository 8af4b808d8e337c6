"""Request and response bodies of the register of social organizations and of government
purchase of services (api/routers/organizations.py, api/routers/purchases.py), built from the
register's and the workflow's rows (`from_attributes`), not copied. Unknown fields are refused.

A bid's body never carries its sealed content: `price` and `proposal` are empty until the bids
are opened (settle.workflow.purchases)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field

from settle.api.schemas import Body, Text

Reason = Annotated[str, Field(min_length=1, max_length=2000)]
Code = Annotated[str, Field(min_length=1, max_length=40)]
Money = Annotated[Decimal, Field(gt=0, max_digits=16, decimal_places=2)]
Score = Annotated[Decimal, Field(ge=0, le=100, max_digits=7, decimal_places=3)]


class Out(BaseModel):
    model_config = ConfigDict(from_attributes=True)


# the register of social organizations

class OrganizationIn(Body):
    name: Text
    kind: Code
    registering_authority: Code
    registered_on: dt.date
    city: Code
    credit_code: Annotated[str, Field(max_length=18)] | None = None
    approval_route: Code = "ordinary"
    applied_on: dt.date | None = None
    materials_complete_on: dt.date | None = None
    visits: Annotated[int, Field(ge=0, le=100)] | None = None
    window: Text | None = None
    services: list[Text] = Field(default_factory=list, max_length=50)


class OrganizationOut(Out):
    id: int
    name: str
    kind: str
    registering_authority: str
    registered_on: dt.date
    city: str
    credit_code: str | None
    approval_route: str
    state: str


class ApprovalOut(Out):
    route: str
    applied_on: dt.date
    materials_complete_on: dt.date
    decided_on: dt.date
    visits: int
    window: str | None


class ServiceIn(Body):
    name: Text
    directory_item: Code | None = None
    beneficiaries: Text | None = None


class ServiceOut(Out):
    id: int
    name: str
    directory_item: str | None
    beneficiaries: str | None


class QualificationIn(Body):
    name: Text
    issued_by: Text
    valid_from: dt.date
    valid_until: dt.date | None = None


class QualificationOut(Out):
    id: int
    name: str
    issued_by: str
    valid_from: dt.date
    valid_until: dt.date | None


class InspectionIn(Body):
    year: Annotated[int, Field(ge=1949, le=2200)]
    result: Code
    inspected_on: dt.date
    rating: Annotated[str, Field(max_length=2)] | None = None
    note: Reason | None = None


class InspectionOut(Out):
    id: int
    year: int
    result: str
    rating: str | None
    inspected_on: dt.date
    note: str | None


class StateIn(Body):
    state: Code
    reason: Reason


class CatalogueIn(Body):
    edition: Code
    listed_on: dt.date


class CatalogueRemovalIn(Body):
    removed_on: dt.date
    reason: Reason


class CatalogueEntryOut(Out):
    id: int
    organization_id: int
    city: str
    edition: str
    listed_on: dt.date
    removed_on: dt.date | None
    removal_reason: str | None


class CatalogueLineOut(BaseModel):
    """One organization of the catalogue in force on a day."""

    organization: OrganizationOut
    entry: CatalogueEntryOut


class ProfileOut(BaseModel):
    organization: OrganizationOut
    approval: ApprovalOut | None
    services: list[ServiceOut]
    qualifications: list[QualificationOut]
    inspections: list[InspectionOut]
    catalogue: list[CatalogueEntryOut]


# the purchase directory

class SourceOut(Out):
    file: str
    lines: str


class CategoryOut(Out):
    code: str
    en: str
    zh: str
    source: SourceOut


class ItemOut(Out):
    code: str
    category: str
    en: str
    zh: str
    source: SourceOut
    assumption: str | None


class DirectoryOut(Out):
    id: str
    city: str
    title: dict[str, str]
    valid_from: dt.date
    valid_until: dt.date | None
    source: SourceOut
    items_total: int | None
    not_listed: int | None = Field(description="Items the source counts but does not name.")
    assumption: str | None
    categories: list[CategoryOut]
    items: list[ItemOut]


class CriterionOut(Out):
    criterion: str
    kind: str
    weight: Decimal
    en: str
    zh: str


class ScoringMethodOut(Out):
    id: str
    title: dict[str, str]
    assumption: str | None
    criteria: list[CriterionOut]


# projects, bids, contracts

class CriterionIn(Body):
    criterion: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]{0,59}$")]
    kind: Code
    weight: Annotated[Decimal, Field(gt=0, le=1000)]
    en: Text
    zh: Text


class ProjectIn(Body):
    directory: Code
    directory_item: Code
    title: Text
    purchasing_department: Text
    budget: Money
    currency: Annotated[str, Field(min_length=3, max_length=3)] = "CNY"
    period_start: dt.date
    period_end: dt.date
    deliverables: Reason
    beneficiaries: Text
    beneficiaries_planned: Annotated[int, Field(ge=0, le=100_000_000)]
    procurement_method: Code
    bid_deadline: dt.date
    scoring_method: Code = "comprehensive"
    criteria: list[CriterionIn] | None = Field(None, max_length=20)


class ProjectOut(Out):
    id: int
    city: str
    directory: str
    directory_item: str
    category: str
    title: str
    purchasing_department: str
    budget: Decimal
    currency: str
    period_start: dt.date
    period_end: dt.date
    deliverables: str
    beneficiaries: str
    beneficiaries_planned: int
    procurement_method: str
    scoring: list[dict[str, Any]]
    published_on: dt.date
    bid_deadline: dt.date
    state: str
    opened_on: dt.date | None
    awarded_bid_id: int | None
    award_reasons: str | None
    awarded_on: dt.date | None
    bids: int = Field(0, description="How many bids were received: all anyone learns before the opening.")


class BidIn(Body):
    price: Money
    proposal: Reason


class BidScoreOut(Out):
    criterion: str
    score: Decimal
    scored_by: str
    note: str | None


class BidOut(Out):
    """A bid: before the opening only its receipt (id, day, digest); its price, proposal and
    scores once opened."""

    id: int
    project_id: int
    organization_id: int
    organization: str = ""
    submitted_on: dt.date
    digest: str
    price: Decimal | None
    proposal: str | None
    total_score: Decimal | None
    scores: list[BidScoreOut] = Field(default_factory=list)


class ScoreIn(Body):
    criterion: Code
    score: Score
    note: Reason | None = None


class AwardIn(Body):
    bid_id: Annotated[int, Field(ge=1, le=2_147_483_647)]
    reasons: Reason


class CancelIn(Body):
    reason: Reason


class MilestoneIn(Body):
    description: Reason
    due_on: dt.date


class MilestoneDoneIn(Body):
    done_on: dt.date


class MilestoneOut(Out):
    id: int
    description: str
    due_on: dt.date
    done_on: dt.date | None


class ReportIn(Body):
    summary: Reason
    beneficiaries_served: Annotated[int, Field(ge=0, le=100_000_000)]


class ReportOut(Out):
    id: int
    submitted_on: dt.date
    submitted_by: str
    summary: str
    beneficiaries_served: int


class PaymentIn(Body):
    amount: Money
    paid_on: dt.date
    milestone_id: Annotated[int, Field(ge=1, le=2_147_483_647)] | None = None


class PaymentOut(Out):
    id: int
    paid_on: dt.date
    amount: Decimal
    milestone_id: int | None


class EvaluationIn(Body):
    score: Score
    grade: Annotated[str, Field(min_length=1, max_length=20)]
    text: Reason


class ContractOut(Out):
    id: int
    project_id: int
    organization_id: int
    amount: Decimal
    currency: str
    signed_on: dt.date
    evaluated_on: dt.date | None
    evaluation_score: Decimal | None
    evaluation_grade: str | None
    evaluation_text: str | None


class ContractFileOut(BaseModel):
    contract: ContractOut
    milestones: list[MilestoneOut]
    reports: list[ReportOut]
    payments: list[PaymentOut]
    paid: Decimal
    beneficiaries_served: int


class YearReportOut(Out):
    """One year's purchases in one currency, computed from the contracts (000 lines 1273-1278)."""

    year: int
    currency: str
    amount: Decimal
    by_category: dict[str, Decimal]
    public_bidding_amount: Decimal
    public_bidding_share: Decimal = Field(description="Percent of the amount bought by public bidding.")
    organizations: int
    beneficiaries_served: int
