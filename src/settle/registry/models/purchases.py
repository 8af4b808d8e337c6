"""Government purchase of services from social organizations: the projects a purchasing
department publishes under an item of the purchase directory, the sealed bids, their scores,
the award, and the contract with its milestones, reports, payments and final evaluation
(seed 000 lines 1243-1303; 001 lines 953-1001).

Bids are sealed: a bid's content (price and proposal) is stored only as `sealed`, AES-GCM
ciphertext under its project's key; the key lives in `purchase_project_keys`, which only
`settle.workflow.purchase_bids.open_bids` reads, and only after the bid deadline. No query of
the workflow or the API returns `sealed` or the key.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Date,
    ForeignKey,
    Integer,
    LargeBinary,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from settle.database import Base
from settle.registry.models.base import Timestamped

# 000 lines 1276-1278: the ratio of public bidding; every other way (000 lines 1302-1303:
# "bidding and purchasing, contract leasing, franchising, public-private partnerships") is `other`
PROCUREMENT_METHODS = ("public_bidding", "other")
# published -> (deadline passes) bids opened -> awarded -> contracted -> evaluated; or cancelled
PROJECT_STATES = ("published", "opened", "awarded", "evaluated", "cancelled")
CURRENCIES = ("CNY", "USD")


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN (" + ", ".join(f"'{value}'" for value in values) + ")"


class PurchaseProject(Timestamped, Base):
    __tablename__ = "purchase_projects"

    id: Mapped[int] = mapped_column(primary_key=True)
    city: Mapped[str] = mapped_column(String(40))
    directory: Mapped[str] = mapped_column(String(40))  # a directory's id in purchase-directory/
    directory_item: Mapped[str] = mapped_column(String(20))
    category: Mapped[str] = mapped_column(String(40))
    title: Mapped[str] = mapped_column(String(200))
    purchasing_department: Mapped[str] = mapped_column(String(120))
    budget: Mapped[Decimal] = mapped_column(Numeric(16, 2))
    currency: Mapped[str] = mapped_column(String(3))
    period_start: Mapped[dt.date] = mapped_column(Date)
    period_end: Mapped[dt.date] = mapped_column(Date)
    deliverables: Mapped[str] = mapped_column(Text)
    beneficiaries: Mapped[str] = mapped_column(String(200))
    beneficiaries_planned: Mapped[int] = mapped_column(Integer)
    procurement_method: Mapped[str] = mapped_column(String(20))
    # the published method: [{"criterion": ..., "weight": ..., "kind": "price" | "assessed"}]
    scoring: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    published_on: Mapped[dt.date] = mapped_column(Date)
    bid_deadline: Mapped[dt.date] = mapped_column(Date)  # bids are taken up to this day
    state: Mapped[str] = mapped_column(String(20), default="published")
    opened_on: Mapped[dt.date | None] = mapped_column(Date)
    awarded_bid_id: Mapped[int | None] = mapped_column(Integer)
    award_reasons: Mapped[str | None] = mapped_column(Text)
    awarded_on: Mapped[dt.date | None] = mapped_column(Date)
    published_by: Mapped[str] = mapped_column(String(60))

    __table_args__ = (
        CheckConstraint(_in("procurement_method", PROCUREMENT_METHODS), name="procurement_method"),
        CheckConstraint(_in("state", PROJECT_STATES), name="state"),
        CheckConstraint(_in("currency", CURRENCIES), name="currency"),
        CheckConstraint("budget > 0", name="budget"),
        CheckConstraint("period_end >= period_start", name="period"),
    )


class PurchaseProjectKey(Base):
    """The key that seals a project's bids; read only when they are opened."""

    __tablename__ = "purchase_project_keys"

    project_id: Mapped[int] = mapped_column(ForeignKey("purchase_projects.id", ondelete="CASCADE"),
                                            primary_key=True)
    key: Mapped[bytes] = mapped_column(LargeBinary(32))


class PurchaseBid(Timestamped, Base):
    __tablename__ = "purchase_bids"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("purchase_projects.id", ondelete="CASCADE"),
                                            index=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), index=True)
    submitted_on: Mapped[dt.date] = mapped_column(Date)
    submitted_by: Mapped[str] = mapped_column(String(60))
    # nonce (12 bytes) + AES-GCM ciphertext; deferred: loading a bid never loads it
    sealed: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    digest: Mapped[str] = mapped_column(String(64))  # SHA-256 of the content: the bidder's receipt
    # filled when the bids are opened, after the deadline
    price: Mapped[Decimal | None] = mapped_column(Numeric(16, 2))
    proposal: Mapped[str | None] = mapped_column(Text)
    total_score: Mapped[Decimal | None] = mapped_column(Numeric(7, 3))

    __table_args__ = (UniqueConstraint("project_id", "organization_id",
                                       name="purchase_bids_one_per_organization"),)


class BidScore(Timestamped, Base):
    """One criterion's score of one bid (0-100), with who gave it and why."""

    __tablename__ = "purchase_bid_scores"

    id: Mapped[int] = mapped_column(primary_key=True)
    bid_id: Mapped[int] = mapped_column(ForeignKey("purchase_bids.id", ondelete="CASCADE"), index=True)
    criterion: Mapped[str] = mapped_column(String(60))
    score: Mapped[Decimal] = mapped_column(Numeric(7, 3))
    scored_by: Mapped[str] = mapped_column(String(60))
    note: Mapped[str | None] = mapped_column(Text)

    __table_args__ = (UniqueConstraint("bid_id", "criterion", name="purchase_bid_scores_one_per_criterion"),
                      CheckConstraint("score >= 0 AND score <= 100", name="score"))


class PurchaseContract(Timestamped, Base):
    __tablename__ = "purchase_contracts"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("purchase_projects.id"), unique=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), index=True)
    amount: Mapped[Decimal] = mapped_column(Numeric(16, 2))
    currency: Mapped[str] = mapped_column(String(3))
    signed_on: Mapped[dt.date] = mapped_column(Date)
    evaluated_on: Mapped[dt.date | None] = mapped_column(Date)
    evaluation_score: Mapped[Decimal | None] = mapped_column(Numeric(7, 3))
    evaluation_grade: Mapped[str | None] = mapped_column(String(20))
    evaluation_text: Mapped[str | None] = mapped_column(Text)


class ContractMilestone(Timestamped, Base):
    __tablename__ = "contract_milestones"

    id: Mapped[int] = mapped_column(primary_key=True)
    contract_id: Mapped[int] = mapped_column(ForeignKey("purchase_contracts.id", ondelete="CASCADE"),
                                             index=True)
    description: Mapped[str] = mapped_column(Text)
    due_on: Mapped[dt.date] = mapped_column(Date)
    done_on: Mapped[dt.date | None] = mapped_column(Date)


class ContractReport(Timestamped, Base):
    """A report the organization submits on the contract's work: what it did, whom it served."""

    __tablename__ = "contract_reports"

    id: Mapped[int] = mapped_column(primary_key=True)
    contract_id: Mapped[int] = mapped_column(ForeignKey("purchase_contracts.id", ondelete="CASCADE"),
                                             index=True)
    submitted_on: Mapped[dt.date] = mapped_column(Date)
    submitted_by: Mapped[str] = mapped_column(String(60))
    summary: Mapped[str] = mapped_column(Text)
    beneficiaries_served: Mapped[int] = mapped_column(Integer)

    __table_args__ = (CheckConstraint("beneficiaries_served >= 0", name="beneficiaries_served"),)


class ContractPayment(Timestamped, Base):
    __tablename__ = "contract_payments"

    id: Mapped[int] = mapped_column(primary_key=True)
    contract_id: Mapped[int] = mapped_column(ForeignKey("purchase_contracts.id", ondelete="CASCADE"),
                                             index=True)
    paid_on: Mapped[dt.date] = mapped_column(Date)
    amount: Mapped[Decimal] = mapped_column(Numeric(16, 2))
    milestone_id: Mapped[int | None] = mapped_column(ForeignKey("contract_milestones.id"))

    __table_args__ = (CheckConstraint("amount > 0", name="amount"),)
