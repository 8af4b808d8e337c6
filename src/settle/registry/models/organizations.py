"""Social organizations: the associations, social service agencies, foundations and volunteer
service organizations that deliver services to migrants (seed 000 §4.1-4.2, lines 1067-1196;
001 §4, lines 925-1020). Registered with the civil affairs bureau, or, for a volunteer service
organization, filed with the civil affairs bureau or the Communist Youth League (000 lines
1176-1181). The organizations' own staff sign in with the role `organization`.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, Date, String
from sqlalchemy.orm import Mapped, mapped_column

from settle.database import Base
from settle.registry.models.base import Timestamped

# 000 lines 1151-1154: "2832 associations, 3631 social service agencies and 27 foundations";
# 000 lines 1176-1181: volunteer service organizations are filed, not registered as legal persons
ORGANIZATION_KINDS = ("association", "social_service_agency", "foundation", "volunteer_organization",
                      "welfare_association")
# 000 lines 1177-1181 (filing of volunteer service organizations); the civil affairs bureau
# registers the others (assumption: the seed names no other registering authority for them)
REGISTERING_AUTHORITIES = ("civil_affairs_bureau", "youth_league")
# 000 lines 1094-1103: "Integrated Service at One Window" of "Run-Once-Most-Again" (2017)
APPROVAL_ROUTES = ("one_window", "ordinary")
ORGANIZATION_STATES = ("registered", "suspended", "deregistered")


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN (" + ", ".join(f"'{value}'" for value in values) + ")"


class Organization(Timestamped, Base):
    __tablename__ = "organizations"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[str] = mapped_column(String(30))
    registering_authority: Mapped[str] = mapped_column(String(30))
    registered_on: Mapped[dt.date] = mapped_column(Date)
    city: Mapped[str] = mapped_column(String(40))
    # the unified social credit code (18 characters) of a registered legal person; none when filed
    credit_code: Mapped[str | None] = mapped_column(String(18), unique=True)
    approval_route: Mapped[str] = mapped_column(String(20), default="ordinary", server_default="ordinary")
    state: Mapped[str] = mapped_column(String(20), default="registered", server_default="registered")

    __table_args__ = (
        CheckConstraint(_in("kind", ORGANIZATION_KINDS), name="kind"),
        CheckConstraint(_in("registering_authority", REGISTERING_AUTHORITIES), name="registering_authority"),
        CheckConstraint(_in("approval_route", APPROVAL_ROUTES), name="approval_route"),
        CheckConstraint(_in("state", ORGANIZATION_STATES), name="state"),
    )
