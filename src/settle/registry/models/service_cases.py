"""Service cases: a migrant's application for a service a service pack describes (a school
place, a public rental flat, a relief channel, the tuition subsidy, legal aid, training), the
department that decides it, its state history, the benefit a grant records, the payments or
deliveries made, and the limited stocks (school places per district, flats) some services
allocate by ranking.

Issue 15 part 1; the pilots' "registration dynamically linked to access to services"
(003_*, 002's dynamic monitoring). Indicators read these tables: a case's person gives sex,
age and origin; `district` is the district the case is handled in (the person's, unless
declared otherwise) and `department` the department the pack names.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from settle.database import Base
from settle.registry.models.base import Timestamped, utcnow

# who lodged the case: the migrant on their own page, or a window clerk for them
CASE_CHANNELS = ("self", "window")
# what a grant gives: money (amount and currency), a place (a school place, a flat: the stock it
# comes from and what was allocated), or a service delivered (legal aid, training, care)
BENEFIT_KINDS = ("money", "place", "service")
# a money benefit is paid; a place or a service is delivered
DELIVERY_KINDS = ("payment", "delivery")
STOCK_STATES = ("open", "allocated")


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN (" + ", ".join(f"'{value}'" for value in values) + ")"


class ServiceCase(Timestamped, Base):
    """One application for one service of one pack, by or for one person."""

    __tablename__ = "service_cases"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id"), index=True)
    pack_id: Mapped[str] = mapped_column(String(60), index=True)
    # the department the pack names for the service (its intake department, or the item's)
    department: Mapped[str] = mapped_column(String(50), index=True)
    district: Mapped[str | None] = mapped_column(String(50), index=True)
    channel: Mapped[str] = mapped_column(String(10), default="self", server_default="self")
    lodged_by: Mapped[str] = mapped_column(String(60))
    state: Mapped[str] = mapped_column(String(20), default="submitted", index=True)
    # what the applicant declared, and the facts the decision used (registry where the pack's
    # `registry:` entries say so, declared otherwise), with each fact's source
    declared: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    facts: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    fact_sources: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # the engine's explained eligibility at the last assessment
    eligible: Mapped[bool | None]
    failed_conditions: Mapped[list[Any]] = mapped_column(JSON, default=list)
    explanation: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    evidence_requested: Mapped[str | None] = mapped_column(Text)
    decision_reason: Mapped[str | None] = mapped_column(Text)
    decided_by: Mapped[str | None] = mapped_column(String(60))
    submitted_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    decided_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    closed_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    closed_reason: Mapped[str | None] = mapped_column(Text)
    # a stock-limited service: the stock applied for, and the case's rank in its allocation
    stock_id: Mapped[int | None] = mapped_column(ForeignKey("service_stocks.id"), index=True)
    rank: Mapped[int | None] = mapped_column(Integer)
    # a renewal is a new case pointing to the one it renews
    renews_id: Mapped[int | None] = mapped_column(ForeignKey("service_cases.id"))
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012
    __table_args__ = (CheckConstraint(_in("channel", CASE_CHANNELS), name="channel"),)


class ServiceCaseEvent(Base):
    """One transition of a case: who, when, which action, from and to which state, and why."""

    __tablename__ = "service_case_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("service_cases.id", ondelete="CASCADE"), index=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    actor: Mapped[str] = mapped_column(String(60))
    action: Mapped[str] = mapped_column(String(30))
    from_state: Mapped[str] = mapped_column(String(20))
    to_state: Mapped[str] = mapped_column(String(20))
    note: Mapped[str | None] = mapped_column(Text)


class ServiceBenefit(Timestamped, Base):
    """What a grant gives: an amount and currency, a period, a school place or flat allocated."""

    __tablename__ = "service_benefits"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("service_cases.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(10))
    # the pack's item the benefit is (e.g. a relief channel), when the pack has several
    item: Mapped[str | None] = mapped_column(String(60))
    amount: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    currency: Mapped[str | None] = mapped_column(String(3))
    period_from: Mapped[dt.date | None] = mapped_column(Date)
    period_until: Mapped[dt.date | None] = mapped_column(Date)
    stock_id: Mapped[int | None] = mapped_column(ForeignKey("service_stocks.id"), index=True)
    allocated: Mapped[str | None] = mapped_column(String(200))  # the school or flat allocated
    granted_by: Mapped[str] = mapped_column(String(60))
    note: Mapped[str | None] = mapped_column(Text)

    __table_args__ = (
        CheckConstraint(_in("kind", BENEFIT_KINDS), name="kind"),
        CheckConstraint("amount IS NULL OR amount >= 0", name="amount"),
        CheckConstraint("period_until IS NULL OR period_from IS NULL OR period_until >= period_from",
                        name="period"),
    )


class ServiceDelivery(Timestamped, Base):
    """A payment of a money benefit, or a delivery of a place or a service."""

    __tablename__ = "service_deliveries"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("service_cases.id", ondelete="CASCADE"), index=True)
    benefit_id: Mapped[int] = mapped_column(ForeignKey("service_benefits.id", ondelete="CASCADE"),
                                            index=True)
    kind: Mapped[str] = mapped_column(String(10))
    delivered_on: Mapped[dt.date] = mapped_column(Date, index=True)
    amount: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    currency: Mapped[str | None] = mapped_column(String(3))
    reference: Mapped[str | None] = mapped_column(String(100))  # a transfer number, a receipt
    note: Mapped[str | None] = mapped_column(Text)
    recorded_by: Mapped[str] = mapped_column(String(60))

    __table_args__ = (
        CheckConstraint(_in("kind", DELIVERY_KINDS), name="kind"),
        CheckConstraint("amount IS NULL OR amount >= 0", name="amount"),
    )


class ServiceStock(Timestamped, Base):
    """A limited stock of a service for a period: the school places of a district's intake, the
    flats of an estate. Cases applying for it are ranked by the pack and allocated up to
    `capacity` by the round engine (settle.workflow.quota_round)."""

    __tablename__ = "service_stocks"

    id: Mapped[int] = mapped_column(primary_key=True)
    pack_id: Mapped[str] = mapped_column(String(60), index=True)
    name: Mapped[str] = mapped_column(String(200))  # the school or estate
    district: Mapped[str | None] = mapped_column(String(50))
    period: Mapped[str] = mapped_column(String(20))  # the intake: "2026", "2026-autumn"
    capacity: Mapped[int] = mapped_column(Integer)
    state: Mapped[str] = mapped_column(String(10), default="open", server_default="open")
    allocated_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    cutoff: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012
    __table_args__ = (
        UniqueConstraint("pack_id", "name", "period", name="pack_name_period"),
        CheckConstraint("capacity >= 0", name="capacity"),
        CheckConstraint(_in("state", STOCK_STATES), name="state"),
    )
