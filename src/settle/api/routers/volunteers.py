"""Volunteer service and blood donations: a volunteer organization's volunteers, activities
and hours (role `organization`, its own only), the department's verification of confirmed
hours, the blood centre's donations (the health department's verifiers), and an
application's explanation with the registry records behind each item."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, status

from settle.api.deps import AccountDep, RowId, SessionDep, TodayDep, Verifier, require
from settle.api.volunteer_schemas import (
    ActivityIn,
    ActivityOut,
    BloodDonationIn,
    BloodDonationOut,
    ExplanationOut,
    HoursIn,
    HoursOut,
    RecordOut,
    RejectIn,
    VolunteerIn,
    VolunteerOut,
)
from settle.audit.chain import record as audit
from settle.errors import Forbidden, Invalid, NotFound
from settle.i18n import Lang
from settle.registry.models import Account
from settle.registry.persons import find_person_by_identity
from settle.rules.engine import evaluate
from settle.services.scoring import score_report
from settle.words import text
from settle.workflow import applications as apps
from settle.workflow import volunteers as service
from settle.workflow.blood_donations import record_blood_donation
from settle.workflow.record_provenance import records_behind, records_by_item

router = APIRouter(tags=["volunteers"])

OrganizationStaff = Annotated[Account, Depends(require("organization"))]


def _lang(request: Request) -> Lang:
    return "zh" if request.headers.get("accept-language", "").lower().startswith("zh") else "en"


def _own(account: Account) -> int:
    """The organization the account is staff of."""
    if account.organization_id is None:
        raise Forbidden(text("volunteers", "no_organization", id="-"), field="organization_id")
    return account.organization_id


def hours_out(line: service.HoursLine) -> HoursOut:
    h = line.hours
    return HoursOut(id=h.id, activity_id=h.activity_id, activity=line.activity.name,
                    organization=line.organization, volunteer_number=line.number, volunteer_name=line.name,
                    served_on=h.served_on, hours=h.hours, state=h.state, department=h.department,
                    confirmed_by=h.confirmed_by, verified_by=h.verified_by, reason=h.reason,
                    record_id=h.record_id)


@router.post("/volunteers", response_model=VolunteerOut, status_code=status.HTTP_201_CREATED)
def register(body: VolunteerIn, session: SessionDep, staff: OrganizationStaff) -> VolunteerOut:
    """Register a registered person (by identity number) as a volunteer of your organization."""
    person = find_person_by_identity(session=session, identity_number=body.identity_number)
    if person is None:
        raise NotFound(text("volunteers", "no_person_number"), field="identity_number")
    volunteer = service.register_volunteer(session=session, actor=staff.username, organization_id=_own(staff),
                                           person_id=person.id, registered_on=body.registered_on)
    return VolunteerOut(id=volunteer.id, number=volunteer.number, person_id=person.id, name=person.name,
                        registered_on=volunteer.registered_on, state=volunteer.state)


@router.get("/volunteers", response_model=list[VolunteerOut])
def volunteers(session: SessionDep, staff: OrganizationStaff) -> list[VolunteerOut]:
    """Your organization's volunteers (an audited read of the persons' names)."""
    rows = service.volunteers_of(session=session, organization_id=_own(staff))
    audit(session, staff.username, "read_volunteers", f"organization/{_own(staff)}", service.PURPOSE,
          returned=len(rows))
    return [VolunteerOut(id=v.id, number=v.number, person_id=p.id, name=p.name, registered_on=v.registered_on,
                         state=v.state) for v, p in rows]


@router.post("/volunteers/activities", response_model=ActivityOut, status_code=status.HTTP_201_CREATED)
def add_activity(body: ActivityIn, session: SessionDep, staff: OrganizationStaff) -> ActivityOut:
    activity = service.record_activity(session=session, actor=staff.username, organization_id=_own(staff),
                                       **body.model_dump())
    return ActivityOut.model_validate(activity)


@router.get("/volunteers/activities", response_model=list[ActivityOut])
def activities(session: SessionDep, staff: OrganizationStaff) -> list[ActivityOut]:
    return [ActivityOut.model_validate(a)
            for a in service.activities_of(session=session, organization_id=_own(staff))]


@router.post("/volunteers/hours", response_model=HoursOut, status_code=status.HTTP_201_CREATED)
def add_hours(body: HoursIn, session: SessionDep, staff: OrganizationStaff) -> HoursOut:
    """Record the hours a volunteer served on one day of an activity (to confirm next)."""
    row = service.record_hours(session=session, actor=staff.username, organization_id=_own(staff),
                               **body.model_dump())
    return hours_out(service.hours_line(session=session, hours_id=row.id, mask=False))


@router.get("/volunteers/hours", response_model=list[HoursOut])
def hours(session: SessionDep, staff: OrganizationStaff,
          state: Annotated[str | None, Query(max_length=20)] = None) -> list[HoursOut]:
    """Your organization's hours, newest first (only those in `state` when given)."""
    return [hours_out(line) for line in service.hours_of(session=session, organization_id=_own(staff),
                                                         state=state)]


@router.post("/volunteers/hours/{hours_id}/confirm", response_model=HoursOut)
def confirm(hours_id: RowId, session: SessionDep, staff: OrganizationStaff) -> HoursOut:
    """Your organization confirms hours it recorded; they go to the department for verification."""
    service.confirm_hours(session=session, actor=staff.username, organization_id=_own(staff),
                          hours_id=hours_id)
    return hours_out(service.hours_line(session=session, hours_id=hours_id, mask=False))


@router.post("/volunteers/hours/{hours_id}/reject", response_model=HoursOut)
def reject(hours_id: RowId, body: RejectIn, session: SessionDep, account: AccountDep) -> HoursOut:
    """Refuse hours with a reason: the organization (its own) or the verifying department."""
    if account.role == "organization":
        service.reject_hours(session=session, actor=account.username, hours_id=hours_id, reason=body.reason,
                             organization_id=_own(account))
        return hours_out(service.hours_line(session=session, hours_id=hours_id, mask=False))
    if account.role != "department_verifier":
        raise Forbidden(f"role {account.role} may not do this (needs organization or department_verifier)",
                        field="role")
    row = service.reject_hours(session=session, actor=account.username, hours_id=hours_id, reason=body.reason,
                               department=account.department)
    return hours_out(service.hours_line(session=session, hours_id=row.id, mask=True))


@router.get("/volunteers/verification", response_model=list[HoursOut])
def to_verify(session: SessionDep, verifier: Verifier) -> list[HoursOut]:
    """Confirmed hours of the organizations filed with your department, oldest first."""
    lines = service.hours_to_verify(session=session, department=verifier.department)
    return [hours_out(line) for line in lines]


@router.post("/volunteers/hours/{hours_id}/verify", response_model=HoursOut)
def verify(hours_id: RowId, session: SessionDep, verifier: Verifier) -> HoursOut:
    """Verify confirmed hours: they become a `volunteer_hours` record of the registry."""
    row = service.verify_hours(session=session, actor=verifier.username, department=verifier.department,
                               hours_id=hours_id)
    return hours_out(service.hours_line(session=session, hours_id=row.id, mask=True))


@router.post("/blood-donations", response_model=BloodDonationOut, status_code=status.HTTP_201_CREATED)
def blood_donation(body: BloodDonationIn, session: SessionDep, verifier: Verifier,
                   today: TodayDep) -> BloodDonationOut:
    """The department holding the blood centre's register records a donation: it becomes a
    `blood_donation` record of the registry at once."""
    donation = record_blood_donation(session=session, actor=verifier.username, department=verifier.department,
                                     today=today, **body.model_dump())
    return BloodDonationOut.model_validate(donation)


@router.get("/applications/{application_id}/explanation", response_model=ExplanationOut)
def explanation(application_id: RowId, request: Request, session: SessionDep,
                account: AccountDep) -> ExplanationOut:
    """A scored application's points, item by item, with the registry records behind each
    item (the activity and organization behind volunteer hours, the donation behind a blood
    record): the applicant themself, the window and the bureau."""
    application = apps.get_application(session=session, application_id=application_id)
    staff = account.role in ("window_clerk", "bureau_officer", "administrator")
    if not staff and not (account.role == "applicant" and account.person_id == application.person_id):
        raise Forbidden(f"role {account.role} may not read application {application_id}",
                        field="application_id")
    if not application.verified:
        raise Invalid(text("volunteers", "not_scored", id=application_id), field="application_id")
    round_ = apps.get_round(session=session, round_id=application.round_id)
    pack = apps.pack_of_round(round_)
    lang = _lang(request)
    report = score_report(evaluate(pack, application.verified, as_of=round_.window_closes), lang)
    behind = records_by_item(pack, records_behind(session=session, person_id=application.person_id, pack=pack,
                                                  on=round_.window_closes))
    audit(session, account.username, "read_application", f"application/{application_id}",
          "case handling" if staff else "own application", explanation=True)
    return ExplanationOut(application_id=application.id, report=report, records={
        item: [RecordOut(record_id=r.record_id, fact=r.fact, kind=r.kind, on=r.on, amount=r.amount,
                         department=r.department, source=r(lang)) for r in lines]
        for item, lines in behind.items()})
