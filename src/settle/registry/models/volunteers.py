"""Volunteer service and blood donations, the rows behind the `volunteer_hours` and
`blood_donation` records that feed the points (Hangzhou Table 4 item 10, 000 lines 726-732;
Guangzhou items 4 and 5, 001 lines 656-684 and lines 1015-1018).

A volunteer organization (an `organizations` row of kind `volunteer_organization`, filed with
the civil affairs bureau or the Youth League, 000 lines 1176-1181) registers its volunteers
(registered persons, each with a volunteer number), records its activities and the hours each
volunteer served; the organization confirms the hours, the department it is filed with
verifies them, and only then do they become a registry record (`record_id`). A blood donation
is recorded by the health department that holds the blood centre's register and becomes a
record at once.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import CheckConstraint, Date, DateTime, ForeignKey, Integer, Numeric, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from settle.database import Base
from settle.registry.models.base import Timestamped

# 000 lines 1190-1194 name the kinds of service volunteers gave migrant children: academic
# counseling, family companions, city touring, self-protection education; `other` for the rest
ACTIVITY_CATEGORIES = ("academic_counseling", "family_companion", "city_touring", "self_protection_education",
                       "other")
# recorded by the organization -> confirmed by it -> verified by the department it is filed with;
# either may refuse the hours with a reason (settle.workflow.volunteer_states)
HOURS_STATES = ("recorded", "confirmed", "verified", "rejected")
VOLUNTEER_STATES = ("registered", "withdrawn")


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN (" + ", ".join(f"'{value}'" for value in values) + ")"


class Volunteer(Timestamped, Base):
    """A registered person registered as a volunteer of one organization, with their number."""

    __tablename__ = "volunteers"

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id"), index=True)
    number: Mapped[str] = mapped_column(String(30), unique=True)
    registered_on: Mapped[dt.date] = mapped_column(Date)
    state: Mapped[str] = mapped_column(String(20), default="registered", server_default="registered")

    __table_args__ = (
        UniqueConstraint("organization_id", "person_id", name="organization_person"),
        CheckConstraint(_in("state", VOLUNTEER_STATES), name="state"),
    )


class VolunteerActivity(Timestamped, Base):
    """One activity of an organization: what, where, from when to when."""

    __tablename__ = "volunteer_activities"

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    category: Mapped[str] = mapped_column(String(40))
    place: Mapped[str | None] = mapped_column(String(200))
    starts_on: Mapped[dt.date] = mapped_column(Date)
    ends_on: Mapped[dt.date] = mapped_column(Date)

    __table_args__ = (
        CheckConstraint(_in("category", ACTIVITY_CATEGORIES), name="category"),
        CheckConstraint("ends_on >= starts_on", name="dates"),
    )


class VolunteerHours(Timestamped, Base):
    """The hours one volunteer served in one activity, and who confirmed and verified them;
    `record_id` is the registry record they became once verified."""

    __tablename__ = "volunteer_hours"

    id: Mapped[int] = mapped_column(primary_key=True)
    activity_id: Mapped[int] = mapped_column(ForeignKey("volunteer_activities.id"), index=True)
    volunteer_id: Mapped[int] = mapped_column(ForeignKey("volunteers.id"), index=True)
    served_on: Mapped[dt.date] = mapped_column(Date)
    hours: Mapped[Decimal] = mapped_column(Numeric(8, 1))
    state: Mapped[str] = mapped_column(String(20), default="recorded", server_default="recorded")
    recorded_by: Mapped[str] = mapped_column(String(60))
    confirmed_by: Mapped[str | None] = mapped_column(String(60))
    confirmed_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    department: Mapped[str] = mapped_column(String(50))
    verified_by: Mapped[str | None] = mapped_column(String(60))
    verified_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    reason: Mapped[str | None] = mapped_column(String(500))
    record_id: Mapped[int | None] = mapped_column(ForeignKey("records.id", ondelete="SET NULL"), index=True)
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")

    __table_args__ = (
        UniqueConstraint("activity_id", "volunteer_id", "served_on", name="activity_volunteer_day"),
        CheckConstraint(_in("state", HOURS_STATES), name="state"),
        CheckConstraint("hours > 0 AND hours <= 24", name="hours"),
    )
    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012


class BloodDonation(Timestamped, Base):
    """One voluntary blood donation in the city, as the blood centre's register holds it;
    `record_id` is the registry record it became."""

    __tablename__ = "blood_donations"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id"), index=True)
    donated_on: Mapped[dt.date] = mapped_column(Date)
    volume_ml: Mapped[int] = mapped_column(Integer)
    city: Mapped[str] = mapped_column(String(40))
    department: Mapped[str] = mapped_column(String(50))
    recorded_by: Mapped[str] = mapped_column(String(60))
    record_id: Mapped[int | None] = mapped_column(ForeignKey("records.id", ondelete="SET NULL"), index=True)

    __table_args__ = (
        CheckConstraint("volume_ml > 0", name="volume_ml"),
    )
