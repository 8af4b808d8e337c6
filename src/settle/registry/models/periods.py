"""Dated periods: residence registrations and permits, social insurance and housing fund
contributions by type, employment. Pack facts such as 'consecutive years of insurance' are
derived from these rows (settle.registry.facts), never stored."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, Date, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from settle.database import Base
from settle.registry.kinds import PERIOD_KINDS, kind_constraint
from settle.registry.models.base import Timestamped


class Period(Timestamped, Base):
    __tablename__ = "periods"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(30))
    subtype: Mapped[str | None] = mapped_column(String(30))
    start: Mapped[dt.date] = mapped_column(Date)
    end: Mapped[dt.date | None] = mapped_column(Date)
    place: Mapped[str | None] = mapped_column(String(100))
    department: Mapped[str | None] = mapped_column(String(50))

    __table_args__ = (
        CheckConstraint(kind_constraint(PERIOD_KINDS), name="kind"),
        CheckConstraint('"end" IS NULL OR "end" >= start', name="ordered"),
    )
