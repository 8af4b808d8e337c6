"""Volunteer service that feeds the points: a volunteer organization registers volunteers,
records its activities and the hours each volunteer served; it confirms the hours, the
department it is filed with verifies them, and only verified hours become registry records of
kind `volunteer_hours` (through settle.registry.persons.add_record, audited, with the
department), each linked to the hours behind it (`VolunteerHours.record_id`).

Seeds: volunteer service organizations are filed with the civil affairs bureau or the Youth
League, and registered volunteers are numbered by the 2013 management methods (000 lines
1170-1181); the points count the hours (Hangzhou Table 4 item 10, 000 lines 726-732;
Guangzhou item 5, 001 lines 670-684: voluntary service verified by civil affairs, youth
volunteer service by the Youth League, facts.yaml `volunteer_hours_by_year`).

Services take the session as a keyword argument and never commit; every change is audited.
An organization reaches only its own volunteers, activities and hours; a department only the
hours of the organizations filed with it (anything else is as if it did not exist).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from settle.audit.chain import record as audit
from settle.errors import Conflict, Invalid, NotFound
from settle.registry.models import Organization, Person
from settle.registry.models.volunteers import (
    ACTIVITY_CATEGORIES,
    Volunteer,
    VolunteerActivity,
    VolunteerHours,
)
from settle.registry.persons import add_record, get_person
from settle.words import text
from settle.workflow.applications import masked_name
from settle.workflow.volunteer_states import next_hours_state

PURPOSE = "volunteer service (points: volunteer hours)"

# The department that verifies the hours of an organization, by the authority it is filed
# with (000 lines 1176-1181). The packs name the same two: Guangzhou 2017 item 5 lists
# departments [youth_league, civil_affairs] and its fact's description "voluntary service
# verified by civil affairs, youth volunteer service by the Youth League" (001 lines 670-684);
# Hangzhou's and Guangzhou 2025's facts name youth_league.
FILING_DEPARTMENT = {"civil_affairs_bureau": "civil_affairs", "youth_league": "youth_league"}

# Assumption: the seed says the 2013 methods set "registration numbering rules" for registered
# volunteers (000 lines 1176-1178) but does not give them. A number here is ZY (志愿), the
# organization's id in five digits and the volunteer's sequence in it in six: ZY00003-000017.
NUMBER_FORMAT = "ZY{organization:05d}-{sequence:06d}"

MAX_HOURS_A_DAY = Decimal(24)


def volunteer_number(organization_id: int, sequence: int) -> str:
    """A volunteer's number by NUMBER_FORMAT (an assumption, see there)."""
    return NUMBER_FORMAT.format(organization=organization_id, sequence=sequence)


def volunteer_organization(*, session: Session, organization_id: int) -> Organization:
    """The organization, if it is a registered volunteer organization (else why not)."""
    organization = session.get(Organization, organization_id)
    if organization is None:
        raise NotFound(text("volunteers", "no_organization", id=organization_id), field="organization_id")
    if organization.kind != "volunteer_organization":
        raise Invalid(text("volunteers", "not_volunteer_organization", organization=organization.name,
                           kind=organization.kind), field="organization_id")
    if organization.state != "registered":
        raise Invalid(text("volunteers", "organization_not_registered", organization=organization.name,
                           state=organization.state), field="organization_id")
    return organization


def verifying_department(organization: Organization) -> str:
    return FILING_DEPARTMENT[organization.registering_authority]


def register_volunteer(*, session: Session, actor: str, organization_id: int, person_id: int,
                       registered_on: dt.date) -> Volunteer:
    """Register a registered person as a volunteer of the organization, numbered in it."""
    organization = volunteer_organization(session=session, organization_id=organization_id)
    person = get_person(session=session, person_id=person_id)
    existing = session.execute(select(Volunteer).where(
        Volunteer.organization_id == organization.id, Volunteer.person_id == person.id)).scalar()
    if existing is not None:
        raise Conflict(text("volunteers", "volunteer_registered", person=person.id, number=existing.number,
                            organization=organization.name), field="person_id")
    if registered_on < organization.registered_on:
        raise Invalid(text("volunteers", "volunteer_before_organization", day=registered_on,
                           organization=organization.name, since=organization.registered_on),
                      field="registered_on")
    sequence = 1 + session.execute(select(func.count(Volunteer.id)).where(
        Volunteer.organization_id == organization.id)).scalar_one()
    volunteer = Volunteer(organization_id=organization.id, person_id=person.id, registered_on=registered_on,
                          number=volunteer_number(organization.id, sequence))
    session.add(volunteer)
    session.flush()
    audit(session, actor, "register_volunteer", f"person/{person.id}", PURPOSE,
          organization=organization.id, number=volunteer.number)
    return volunteer


def get_volunteer(*, session: Session, organization_id: int, volunteer_id: int) -> Volunteer:
    """One of the organization's volunteers (another's is as if it did not exist)."""
    volunteer = session.get(Volunteer, volunteer_id)
    if volunteer is None or volunteer.organization_id != organization_id:
        raise NotFound(text("volunteers", "no_volunteer", id=volunteer_id), field="volunteer_id")
    return volunteer


def volunteers_of(*, session: Session, organization_id: int) -> list[tuple[Volunteer, Person]]:
    """The organization's volunteers with the persons they are, by number."""
    rows = session.execute(select(Volunteer, Person).join(Person, Person.id == Volunteer.person_id)
                           .where(Volunteer.organization_id == organization_id).order_by(Volunteer.number))
    return [(volunteer, person) for volunteer, person in rows]


def record_activity(*, session: Session, actor: str, organization_id: int, name: str, category: str,
                    starts_on: dt.date, ends_on: dt.date, place: str | None = None) -> VolunteerActivity:
    """An activity of the organization, from `starts_on` to `ends_on` (one day: the same date)."""
    organization = volunteer_organization(session=session, organization_id=organization_id)
    if not name.strip():
        raise Invalid(text("volunteers", "activity_needs_name"), field="name")
    if category not in ACTIVITY_CATEGORIES:
        raise Invalid(text("volunteers", "activity_category", value=category,
                           allowed=", ".join(ACTIVITY_CATEGORIES)), field="category")
    if ends_on < starts_on:
        raise Invalid(text("volunteers", "activity_dates", starts=starts_on, ends=ends_on), field="ends_on")
    activity = VolunteerActivity(organization_id=organization.id, name=name.strip(), category=category,
                                 place=place, starts_on=starts_on, ends_on=ends_on)
    session.add(activity)
    session.flush()
    audit(session, actor, "record_volunteer_activity", f"organization/{organization.id}", PURPOSE,
          activity=activity.id, starts_on=starts_on, ends_on=ends_on)
    return activity


def get_activity(*, session: Session, organization_id: int, activity_id: int) -> VolunteerActivity:
    activity = session.get(VolunteerActivity, activity_id)
    if activity is None or activity.organization_id != organization_id:
        raise NotFound(text("volunteers", "no_activity", id=activity_id), field="activity_id")
    return activity


def activities_of(*, session: Session, organization_id: int) -> list[VolunteerActivity]:
    return list(session.execute(select(VolunteerActivity).where(
        VolunteerActivity.organization_id == organization_id)
        .order_by(VolunteerActivity.starts_on.desc(), VolunteerActivity.id.desc())).scalars())


def _hours_value(hours: Decimal | float | int | str) -> Decimal:
    try:
        value = Decimal(str(hours))
    except InvalidOperation:
        raise Invalid(text("volunteers", "hours_range", value=hours), field="hours") from None
    if not value.is_finite() or not Decimal(0) < value <= MAX_HOURS_A_DAY \
            or value != value.quantize(Decimal("0.1")):
        raise Invalid(text("volunteers", "hours_range", value=hours), field="hours")
    return value


def record_hours(*, session: Session, actor: str, organization_id: int, activity_id: int,
                 volunteer_id: int, served_on: dt.date, hours: Decimal | float | int | str) -> VolunteerHours:
    """The hours a volunteer of the organization served on one day of one of its activities."""
    organization = volunteer_organization(session=session, organization_id=organization_id)
    activity = get_activity(session=session, organization_id=organization.id, activity_id=activity_id)
    volunteer = get_volunteer(session=session, organization_id=organization.id, volunteer_id=volunteer_id)
    value = _hours_value(hours)
    if not activity.starts_on <= served_on <= activity.ends_on:
        raise Invalid(text("volunteers", "hours_outside_activity", day=served_on, activity=activity.name,
                           starts=activity.starts_on, ends=activity.ends_on), field="served_on")
    if served_on < volunteer.registered_on:
        raise Invalid(text("volunteers", "hours_before_registration", day=served_on, number=volunteer.number,
                           registered=volunteer.registered_on), field="served_on")
    if volunteer.state != "registered":
        raise Invalid(text("volunteers", "volunteer_withdrawn", number=volunteer.number),
                      field="volunteer_id")
    same_day = session.execute(select(func.coalesce(func.sum(VolunteerHours.hours), 0))
                               .join(Volunteer, Volunteer.id == VolunteerHours.volunteer_id)
                               .where(Volunteer.person_id == volunteer.person_id,
                                      VolunteerHours.served_on == served_on,
                                      VolunteerHours.state != "rejected")).scalar_one()
    if Decimal(same_day) + value > MAX_HOURS_A_DAY:
        raise Invalid(text("volunteers", "hours_day_full", day=served_on, held=Decimal(same_day).normalize(),
                           value=value.normalize()), field="hours")
    row = VolunteerHours(activity_id=activity.id, volunteer_id=volunteer.id, served_on=served_on, hours=value,
                         recorded_by=actor, department=verifying_department(organization))
    session.add(row)
    session.flush()
    audit(session, actor, "record_volunteer_hours", f"person/{volunteer.person_id}", PURPOSE,
          hours_id=row.id, activity=activity.id, served_on=served_on, hours=value)
    return row


def get_hours(*, session: Session, hours_id: int, organization_id: int | None = None,
              department: str | None = None) -> VolunteerHours:
    """Hours the organization recorded, or the department verifies; others' as if not there."""
    row = session.get(VolunteerHours, hours_id)
    if row is not None and organization_id is not None:
        activity = session.get(VolunteerActivity, row.activity_id)
        if activity is None or activity.organization_id != organization_id:
            row = None
    if row is not None and organization_id is None and row.department != department:
        row = None
    if row is None:
        raise NotFound(text("volunteers", "no_hours", id=hours_id), field="hours_id")
    return row


def _move(session: Session, actor: str, row: VolunteerHours, action: str, **detail: object) -> None:
    before = row.state
    row.state = next_hours_state(before, action, row.id)
    volunteer = session.get(Volunteer, row.volunteer_id)
    session.flush()
    audit(session, actor, f"{action}_volunteer_hours", f"person/{volunteer.person_id if volunteer else '-'}",
          PURPOSE, hours_id=row.id, from_state=before, to_state=row.state, **detail)


def confirm_hours(*, session: Session, actor: str, organization_id: int, hours_id: int) -> VolunteerHours:
    """The organization confirms hours it recorded; the department then verifies them."""
    row = get_hours(session=session, hours_id=hours_id, organization_id=organization_id)
    row.confirmed_by = actor
    row.confirmed_at = dt.datetime.now(dt.UTC)
    _move(session, actor, row, "confirm")
    return row


def verify_hours(*, session: Session, actor: str, department: str | None, hours_id: int) -> VolunteerHours:
    """The department the organization is filed with verifies confirmed hours: they become a
    registry record of kind `volunteer_hours` on the day served, linked to these hours."""
    row = get_hours(session=session, hours_id=hours_id, department=department)
    volunteer = session.get(Volunteer, row.volunteer_id)
    assert volunteer is not None  # a foreign key
    _move(session, actor, row, "verify")
    row.verified_by = actor
    row.verified_at = dt.datetime.now(dt.UTC)
    record = add_record(session=session, actor=actor, person_id=volunteer.person_id, kind="volunteer_hours",
                        on=row.served_on, amount=row.hours, department=row.department)
    row.record_id = record.id
    session.flush()
    return row


def reject_hours(*, session: Session, actor: str, hours_id: int, reason: str,
                 organization_id: int | None = None, department: str | None = None) -> VolunteerHours:
    """The organization (hours it recorded) or the department (confirmed hours it verifies)
    refuses hours, with a written reason; they never reach the registry."""
    if not reason.strip():
        raise Invalid(text("volunteers", "reject_needs_reason"), field="reason")
    row = get_hours(session=session, hours_id=hours_id, organization_id=organization_id,
                    department=department)
    if organization_id is None and row.state != "confirmed":  # the department sees only confirmed hours
        raise NotFound(text("volunteers", "no_hours", id=hours_id), field="hours_id")
    row.reason = reason.strip()
    _move(session, actor, row, "reject", reason=row.reason)
    return row


@dataclass(frozen=True)
class HoursLine:
    """Hours as a list shows them: the row, its activity, the volunteer's number and name
    (masked for a department: it verifies the hours, not the person's record)."""

    hours: VolunteerHours
    activity: VolunteerActivity
    number: str
    name: str
    organization: str




HoursQuery = Select[VolunteerHours, VolunteerActivity, Volunteer, Person, Organization]


def _lines(session: Session, query: HoursQuery, mask: bool) -> list[HoursLine]:
    rows = session.execute(query)
    return [HoursLine(hours=h, activity=a, number=v.number, name=masked_name(p.name) if mask else p.name,
                      organization=o.name) for h, a, v, p, o in rows]


def _hours_query() -> HoursQuery:
    return (select(VolunteerHours, VolunteerActivity, Volunteer, Person, Organization)
            .join(VolunteerActivity, VolunteerActivity.id == VolunteerHours.activity_id)
            .join(Volunteer, Volunteer.id == VolunteerHours.volunteer_id)
            .join(Person, Person.id == Volunteer.person_id)
            .join(Organization, Organization.id == VolunteerActivity.organization_id))


def hours_line(*, session: Session, hours_id: int, mask: bool) -> HoursLine:
    """One row of hours as a list shows it (the caller has checked who may see it)."""
    lines = _lines(session, _hours_query().where(VolunteerHours.id == hours_id), mask=mask)
    if not lines:
        raise NotFound(text("volunteers", "no_hours", id=hours_id), field="hours_id")
    return lines[0]


def hours_of(*, session: Session, organization_id: int, state: str | None = None) -> list[HoursLine]:
    """The organization's hours, newest first; only those in `state` when given."""
    query = _hours_query().where(VolunteerActivity.organization_id == organization_id)
    if state is not None:
        query = query.where(VolunteerHours.state == state)
    query = query.order_by(VolunteerHours.served_on.desc(), VolunteerHours.id.desc())
    return _lines(session, query, mask=False)


def hours_to_verify(*, session: Session, department: str | None) -> list[HoursLine]:
    """Confirmed hours waiting for the department's verification, oldest first."""
    query = _hours_query().where(VolunteerHours.department == department,
                                 VolunteerHours.state == "confirmed")
    return _lines(session, query.order_by(VolunteerHours.served_on, VolunteerHours.id), mask=True)
