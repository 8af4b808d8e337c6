"""What the register holds about a social organization beyond its registration: the path its
approval took, the services it offers, its qualifications, its annual inspections and ratings,
and its places in a city's catalogue of organizations qualified for government purchase.

Seeds: 000 lines 1098-1109 (the one-window approval of "Run-Once-Most-Again", footnote 34 at
lines 1146-1150: one visit or none once the materials are complete); 001 lines 953-967
(Guangzhou's "Catalogue of Social Organizations with Qualifications for the Government Function
Transfer and Purchase of Services", five editions since 2013); 001 lines 929-932 (the
"Notice on the Evaluation of Administrative Measures for Social Organizations", read as the
annual inspection and rating).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from settle.database import Base
from settle.registry.models.base import Timestamped

# the results of the annual inspection (assumption: the three results Chinese civil affairs
# bureaus give; the seeds name the inspection, not its results)
INSPECTION_RESULTS = ("qualified", "basically_qualified", "unqualified")
# the rating of a social organization, 1A to 5A (assumption: the national evaluation grades;
# the seeds name the evaluation, 001 lines 930-931, not its grades)
RATINGS = ("1A", "2A", "3A", "4A", "5A")


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN (" + ", ".join(f"'{value}'" for value in values) + ")"


class OrganizationApproval(Timestamped, Base):
    """The path a registration took: applied, materials complete, decided, and how many times
    the applicant had to come (the one-window route allows at most one, 000 lines 1146-1150)."""

    __tablename__ = "organization_approvals"

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"),
                                                 unique=True)
    route: Mapped[str] = mapped_column(String(20))
    applied_on: Mapped[dt.date] = mapped_column(Date)
    materials_complete_on: Mapped[dt.date] = mapped_column(Date)
    decided_on: Mapped[dt.date] = mapped_column(Date)
    visits: Mapped[int] = mapped_column(Integer)
    window: Mapped[str | None] = mapped_column(String(120))  # the office that received it

    __table_args__ = (CheckConstraint("visits >= 0", name="visits"),)


class OrganizationService(Timestamped, Base):
    """A service the organization offers, named by the purchase directory's item where one fits."""

    __tablename__ = "organization_services"

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"),
                                                 index=True)
    name: Mapped[str] = mapped_column(String(200))
    directory_item: Mapped[str | None] = mapped_column(String(20))
    beneficiaries: Mapped[str | None] = mapped_column(String(120))

    __table_args__ = (UniqueConstraint("organization_id", "name", name="organization_services_one_per_name"),)


class OrganizationQualification(Timestamped, Base):
    """A qualification the organization holds (a licence, a certificate), with its validity."""

    __tablename__ = "organization_qualifications"

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"),
                                                 index=True)
    name: Mapped[str] = mapped_column(String(200))
    issued_by: Mapped[str] = mapped_column(String(120))
    valid_from: Mapped[dt.date] = mapped_column(Date)
    valid_until: Mapped[dt.date | None] = mapped_column(Date)


class OrganizationInspection(Timestamped, Base):
    """One year's annual inspection, with the rating given that year if any."""

    __tablename__ = "organization_inspections"

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"),
                                                 index=True)
    year: Mapped[int] = mapped_column(Integer)
    result: Mapped[str] = mapped_column(String(30))
    rating: Mapped[str | None] = mapped_column(String(2))
    inspected_on: Mapped[dt.date] = mapped_column(Date)
    note: Mapped[str | None] = mapped_column(Text)

    __table_args__ = (
        UniqueConstraint("organization_id", "year", name="organization_inspections_one_per_year"),
        CheckConstraint(_in("result", INSPECTION_RESULTS), name="result"),
        CheckConstraint("rating IS NULL OR " + _in("rating", RATINGS), name="rating"),
    )


class CatalogueEntry(Timestamped, Base):
    """The organization's place in one edition of a city's catalogue of organizations qualified
    for government purchase of services (001 lines 957-965)."""

    __tablename__ = "purchase_catalogue_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"),
                                                 index=True)
    city: Mapped[str] = mapped_column(String(40))
    edition: Mapped[str] = mapped_column(String(40))
    listed_on: Mapped[dt.date] = mapped_column(Date)
    removed_on: Mapped[dt.date | None] = mapped_column(Date)
    removal_reason: Mapped[str | None] = mapped_column(Text)

    __table_args__ = (UniqueConstraint("organization_id", "edition",
                                       name="purchase_catalogue_one_per_edition"),)
