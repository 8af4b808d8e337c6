"""The information-sharing platform's two tables: each disclosure of registration data to a
user department (or each refused read), kept for fast listing beside its audit-chain entry;
and the registry's changes (new registration, move of district, permit issued) that the
departments read as a feed, the row's id being the feed's cursor (issue 15 part 2; seed 003
line 213: the public security bureau the data holder, housing and education the data users).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, CheckConstraint, DateTime, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from settle.database import Base
from settle.registry.models.base import utcnow

DISCLOSURE_OUTCOMES = ("disclosed", "refused")
DISCLOSURE_CHANNELS = ("api", "page", "feed")
# why a read was refused: no agreement at all, none for the purpose, none valid on the day,
# or a field the agreement does not grant
REFUSAL_REASONS = ("no_agreement", "purpose_not_agreed", "expired", "not_yet_valid", "field_not_granted")
CHANGE_KINDS = ("registration", "move", "permit_issued")


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN (" + ", ".join(f"'{value}'" for value in values) + ")"


class Disclosure(Base):
    """One read of a person's registration data by a user department: the fields disclosed
    under an agreement for a purpose, or the read refused and why."""

    __tablename__ = "disclosures"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    actor: Mapped[str] = mapped_column(String(60))
    department: Mapped[str] = mapped_column(String(50), index=True)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("persons.id"), index=True)
    agreement: Mapped[str | None] = mapped_column(String(80))
    purpose: Mapped[str] = mapped_column(String(80))
    fields: Mapped[list[str]] = mapped_column(JSON, default=list)
    outcome: Mapped[str] = mapped_column(String(10))
    reason: Mapped[str | None] = mapped_column(String(30))
    channel: Mapped[str] = mapped_column(String(10))
    audit_seq: Mapped[int] = mapped_column(Integer)

    __table_args__ = (
        CheckConstraint(_in("outcome", DISCLOSURE_OUTCOMES), name="outcome"),
        CheckConstraint(_in("channel", DISCLOSURE_CHANNELS), name="channel"),
        CheckConstraint("reason IS NULL OR " + _in("reason", REFUSAL_REASONS), name="reason"),
    )


class RegistryChange(Base):
    """A change of the registry a department may subscribe to; `detail` holds the values of
    the fields it changed, as they were when it happened."""

    __tablename__ = "registry_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    kind: Mapped[str] = mapped_column(String(20))
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id", ondelete="CASCADE"), index=True)
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    __table_args__ = (CheckConstraint(_in("kind", CHANGE_KINDS), name="kind"),)
