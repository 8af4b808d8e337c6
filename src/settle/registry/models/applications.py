"""Applications, their state history, the evidence items verified by departments, and
objections filed during the notice period."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from sqlalchemy import JSON, Date, DateTime, ForeignKey, Integer, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from settle.database import Base
from settle.registry.models.base import Timestamped, utcnow


class Application(Timestamped, Base):
    __tablename__ = "applications"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id"), index=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("rounds.id"), index=True)
    state: Mapped[str] = mapped_column(String(20), default="draft")
    declared: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    verified: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    total: Mapped[Decimal | None] = mapped_column(Numeric(12, 2))
    eligible: Mapped[bool | None]
    rank: Mapped[int | None] = mapped_column(Integer)
    admitted: Mapped[bool | None]
    settlement_card: Mapped[str | None] = mapped_column(String(40), unique=True)
    submitted_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    closed_reason: Mapped[str | None] = mapped_column(Text)  # why it was withdrawn or excluded
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012
    __table_args__ = (UniqueConstraint("person_id", "round_id", name="one_per_round"),)


class ApplicationEvent(Base):
    __tablename__ = "application_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id", ondelete="CASCADE"),
                                                index=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    actor: Mapped[str] = mapped_column(String(60))
    action: Mapped[str] = mapped_column(String(30))
    from_state: Mapped[str] = mapped_column(String(20))
    to_state: Mapped[str] = mapped_column(String(20))
    note: Mapped[str | None] = mapped_column(Text)


class EvidenceItem(Timestamped, Base):
    """One declared fact to verify, routed to the department the pack names for it."""

    __tablename__ = "evidence_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id", ondelete="CASCADE"),
                                                index=True)
    fact: Mapped[str] = mapped_column(String(60))
    department: Mapped[str] = mapped_column(String(50), index=True)
    document: Mapped[str | None] = mapped_column(String(200))
    issuing_department: Mapped[str | None] = mapped_column(String(100))
    valid_from: Mapped[dt.date | None] = mapped_column(Date)
    valid_until: Mapped[dt.date | None] = mapped_column(Date)
    declared_value: Mapped[Any] = mapped_column(JSON)
    verified_value: Mapped[Any] = mapped_column(JSON, nullable=True)
    status: Mapped[str] = mapped_column(String(20), default="pending")
    reason: Mapped[str | None] = mapped_column(Text)
    verifier: Mapped[str | None] = mapped_column(String(60))
    objection_id: Mapped[int | None] = mapped_column(ForeignKey("objections.id"))  # re-verification
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012
    __table_args__ = (UniqueConstraint("application_id", "fact", name="one_per_fact"),)


class Objection(Timestamped, Base):
    __tablename__ = "objections"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id"), index=True)
    filed_by: Mapped[str] = mapped_column(String(60))
    text: Mapped[str] = mapped_column(Text)
    state: Mapped[str] = mapped_column(String(20), default="filed")
    correction: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    decision: Mapped[str | None] = mapped_column(Text)
    decided_by: Mapped[str | None] = mapped_column(String(60))
