"""The register of social workers in the city (issue 12 part 4; 000 lines 1198-1241): a
registered person, the certificate of the national accreditation test they hold (its level
and number, the day certified), their employer — an organization of the register, or a kind of
employer the subsidy pack names (a community, a social work agency, another) — and whether the
registration is in force. The register is what the facts of the social-worker subsidy pack
(policies/hangzhou-social-worker-subsidy-2017) are read from (`registry: {source: social_worker}`).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, Date, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from settle.database import Base
from settle.registry.models.base import Timestamped

# the pack's certificate_level values a registration may hold (`none` is the register's
# answer for a person with no registration in force, never a registration's level)
CERTIFICATE_LEVELS = ("associate_social_worker", "social_worker", "senior_social_worker")
# the pack's employer_kind values
EMPLOYER_KINDS = ("community", "social_work_agency", "other")
SOCIAL_WORKER_STATES = ("registered", "withdrawn")


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN (" + ", ".join(f"'{value}'" for value in values) + ")"


class SocialWorker(Timestamped, Base):
    """One registration of a person as a social worker; a person has at most one in force
    (state `registered`), a withdrawn one keeps its day and reason."""

    __tablename__ = "social_workers"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id"), index=True)
    certificate_level: Mapped[str] = mapped_column(String(30))
    certificate_number: Mapped[str] = mapped_column(String(40))
    certified_on: Mapped[dt.date] = mapped_column(Date)
    employer_kind: Mapped[str] = mapped_column(String(30))
    employer_organization_id: Mapped[int | None] = mapped_column(ForeignKey("organizations.id"), index=True)
    employer_name: Mapped[str | None] = mapped_column(String(200))
    registered_on: Mapped[dt.date] = mapped_column(Date)
    registered_by: Mapped[str] = mapped_column(String(60))
    state: Mapped[str] = mapped_column(String(20), default="registered", server_default="registered")
    withdrawn_on: Mapped[dt.date | None] = mapped_column(Date)
    withdrawn_by: Mapped[str | None] = mapped_column(String(60))
    reason: Mapped[str | None] = mapped_column(String(500))
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")

    __table_args__ = (
        CheckConstraint(_in("certificate_level", CERTIFICATE_LEVELS), name="certificate_level"),
        CheckConstraint(_in("employer_kind", EMPLOYER_KINDS), name="employer_kind"),
        CheckConstraint(_in("state", SOCIAL_WORKER_STATES), name="state"),
        CheckConstraint("certified_on <= registered_on", name="dates"),
    )
    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012
