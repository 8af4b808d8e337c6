"""Dated records: housing, tax paid, volunteer hours, blood donations, awards, penalties."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import CheckConstraint, Date, ForeignKey, Numeric, String
from sqlalchemy.orm import Mapped, mapped_column

from settle.database import Base
from settle.registry.kinds import RECORD_KINDS, kind_constraint
from settle.registry.models.base import Timestamped


class Record(Timestamped, Base):
    __tablename__ = "records"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(30))
    category: Mapped[str | None] = mapped_column(String(50))
    on: Mapped[dt.date] = mapped_column(Date)
    amount: Mapped[Decimal] = mapped_column(Numeric(18, 2), default=Decimal(1))
    department: Mapped[str | None] = mapped_column(String(50))

    __table_args__ = (
        CheckConstraint(kind_constraint(RECORD_KINDS), name="kind"),
        CheckConstraint("amount >= 0", name="amount"),
    )
