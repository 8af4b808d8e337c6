"""Registered persons and their family links (spouse, minor children: accompanying settlement)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, Date, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from settle.database import Base
from settle.registry.models.base import Timestamped


class Person(Timestamped, Base):
    __tablename__ = "persons"

    id: Mapped[int] = mapped_column(primary_key=True)
    identity_number: Mapped[str] = mapped_column(String(18), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    sex: Mapped[str] = mapped_column(String(6))
    birth_date: Mapped[dt.date] = mapped_column(Date)
    origin_place: Mapped[str] = mapped_column(String(100))
    district: Mapped[str | None] = mapped_column(String(50))
    occupation: Mapped[str | None] = mapped_column(String(50))

    __table_args__ = (CheckConstraint("sex IN ('male', 'female')", name="sex"),)


class FamilyLink(Base):
    __tablename__ = "family_links"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id", ondelete="CASCADE"), index=True)
    relative_id: Mapped[int] = mapped_column(ForeignKey("persons.id", ondelete="CASCADE"))
    relation: Mapped[str] = mapped_column(String(20))

    __table_args__ = (
        UniqueConstraint("person_id", "relative_id", name="pair"),
        CheckConstraint("relation IN ('spouse', 'child')", name="relation"),
    )
