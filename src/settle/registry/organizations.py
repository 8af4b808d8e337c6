"""The register of social organizations: registration (with the path its approval took), the
services an organization offers, its qualifications, annual inspections and ratings, its state,
and its places in a city's catalogue of organizations qualified for government purchase.

Seeds: 000 lines 1098-1109 and footnote 34 (lines 1146-1150), the one-window approval of
"Run-Once-Most-Again": once the materials are complete, one visit or none; 000 lines 1157-1160
(associations, social service agencies, foundations); 000 lines 1176-1181 (volunteer service
organizations filed); 001 lines 925-967 (Guangzhou's social organizations and its catalogue of
organizations qualified for purchase, five editions since 2013).

Services take the session as a keyword argument and never commit; every change is audited
(subject `organization/<id>`, purpose `organization_register`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from settle.audit.chain import record as audit
from settle.errors import Conflict, Invalid, NotFound
from settle.messages import say
from settle.registry.clock import demo_today
from settle.registry.models import (
    CatalogueEntry,
    Organization,
    OrganizationApproval,
    OrganizationInspection,
    OrganizationQualification,
    OrganizationService,
)
from settle.registry.models.organization_register import INSPECTION_RESULTS, RATINGS
from settle.registry.models.organizations import (
    APPROVAL_ROUTES,
    ORGANIZATION_KINDS,
    ORGANIZATION_STATES,
    REGISTERING_AUTHORITIES,
)

PURPOSE = "organization_register"
# footnote 34 (000 lines 1146-1150): "only need to go to the relevant department for one time or
# zero time" once the materials are complete
ONE_WINDOW_MAX_VISITS = 1
# the unified social credit code, GB 32100-2015 (outside the seeds: the national standard every
# registered legal person's code follows): 18 characters of this alphabet, the last a check digit
CREDIT_CODE_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_CODE_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def _today(session: Session, today: dt.date | None) -> dt.date:
    return today or demo_today(session) or dt.date.today()


def _one_of(field: str, value: str, allowed: Sequence[str]) -> None:
    if value not in allowed:
        raise Invalid(say("value_not_allowed", field=field, value=value, allowed=", ".join(allowed)),
                      field=field)


def check_credit_code(code: str) -> str:
    """The code upper-cased, if it is 18 characters of GB 32100-2015's alphabet with the right
    check character; else Invalid naming the problem."""
    text = code.strip().upper()
    if len(text) != 18 or any(ch not in CREDIT_CODE_ALPHABET for ch in text):
        raise Invalid(say("credit_code_form", value=code), field="credit_code")
    expected = credit_code_check_character(text[:17])
    if text[-1] != expected:
        raise Invalid(say("credit_code_check", value=code, expected=expected), field="credit_code")
    return text


def credit_code_check_character(first_17: str) -> str:
    """The check character GB 32100-2015 gives the first 17 characters of a code."""
    total = sum(CREDIT_CODE_ALPHABET.index(ch) * weight
                for ch, weight in zip(first_17, CREDIT_CODE_WEIGHTS, strict=False))
    return CREDIT_CODE_ALPHABET[(31 - total % 31) % 31]


def register_organization(*, session: Session, actor: str, name: str, kind: str,
                          registering_authority: str, registered_on: dt.date, city: str,
                          credit_code: str | None = None, approval_route: str = "ordinary",
                          applied_on: dt.date | None = None, materials_complete_on: dt.date | None = None,
                          visits: int | None = None, window: str | None = None,
                          services: Sequence[str] = (), today: dt.date | None = None) -> Organization:
    """Register a social organization (or file a volunteer service organization).

    A volunteer service organization may be filed with the civil affairs bureau or the Youth
    League (000 lines 1176-1181); the others are registered by the civil affairs bureau
    (assumption: the seeds name no other authority for them). `registered_on` is not after
    `today` (the registry's date). With `applied_on` the approval's path is recorded: applied,
    materials complete, decided on `registered_on`, and the number of visits; the one-window route
    (000 lines 1098-1109) needs that path and allows at most one visit (footnote 34)."""
    name = name.strip()
    if not name:
        raise Invalid(say("field_required", field="name"), field="name")
    _one_of("kind", kind, ORGANIZATION_KINDS)
    _one_of("registering_authority", registering_authority, REGISTERING_AUTHORITIES)
    _one_of("approval_route", approval_route, APPROVAL_ROUTES)
    if registering_authority == "youth_league" and kind != "volunteer_organization":
        raise Invalid(say("youth_league_files_volunteers", kind=kind), field="registering_authority")
    now = _today(session, today)
    if registered_on > now:
        raise Invalid(say("date_after_today", field="registered_on", value=registered_on, today=now),
                      field="registered_on")
    code = check_credit_code(credit_code) if credit_code else None
    if session.execute(select(Organization.id).where(Organization.name == name)).scalar() is not None:
        raise Conflict(say("organization_name_registered", name=name), field="name")
    if code and session.execute(select(Organization.id).where(Organization.credit_code == code)).scalar():
        raise Conflict(say("organization_code_registered", code=code), field="credit_code")
    approval = _approval_path(approval_route, applied_on, materials_complete_on, registered_on, visits)
    organization = Organization(name=name, kind=kind, registering_authority=registering_authority,
                                registered_on=registered_on, city=city, credit_code=code,
                                approval_route=approval_route, state="registered")
    session.add(organization)
    session.flush()
    if approval is not None:
        session.add(OrganizationApproval(organization_id=organization.id, route=approval_route,
                                         applied_on=approval[0], materials_complete_on=approval[1],
                                         decided_on=registered_on, visits=approval[2], window=window))
    for service in services:
        session.add(OrganizationService(organization_id=organization.id, name=service))
    session.flush()
    path = None if approval is None else {"applied_on": approval[0], "materials_complete_on": approval[1],
                                          "visits": approval[2], "window": window}
    audit(session, actor, "register_organization", f"organization/{organization.id}", PURPOSE,
          name=name, kind=kind, registering_authority=registering_authority, registered_on=registered_on,
          city=city, approval_route=approval_route, approval=path, services=list(services))
    return organization


def _approval_path(route: str, applied_on: dt.date | None, complete_on: dt.date | None,
                   decided_on: dt.date, visits: int | None) -> tuple[dt.date, dt.date, int] | None:
    if applied_on is None:
        if route == "one_window":
            raise Invalid(say("one_window_needs_path"), field="applied_on")
        return None
    complete = complete_on or applied_on
    if complete < applied_on:
        raise Invalid(say("date_before", field="materials_complete_on", value=complete,
                          other="applied_on", other_value=applied_on), field="materials_complete_on")
    if decided_on < complete:
        raise Invalid(say("date_before", field="registered_on", value=decided_on,
                          other="materials_complete_on", other_value=complete), field="registered_on")
    if visits is None:
        raise Invalid(say("field_required", field="visits"), field="visits")
    if visits < 0:
        raise Invalid(say("value_negative", field="visits", value=visits), field="visits")
    if route == "one_window" and visits > ONE_WINDOW_MAX_VISITS:
        raise Invalid(say("one_window_visits", visits=visits, most=ONE_WINDOW_MAX_VISITS), field="visits")
    return applied_on, complete, visits


def get_organization(*, session: Session, organization_id: int) -> Organization | None:
    return session.get(Organization, organization_id)


def get_organization_or_raise(*, session: Session, organization_id: int) -> Organization:
    organization = session.get(Organization, organization_id)
    if organization is None:
        raise NotFound(say("no_organization", id=organization_id), field="organization_id")
    return organization


def list_organizations(*, session: Session, city: str | None = None, kind: str | None = None,
                       state: str | None = None, q: str | None = None) -> list[Organization]:
    """The register, by name: of `city`, of `kind`, in `state`, whose name contains `q`."""
    query = select(Organization)
    if city:
        query = query.where(Organization.city == city)
    if kind:
        query = query.where(Organization.kind == kind)
    if state:
        query = query.where(Organization.state == state)
    if q:
        query = query.where(or_(Organization.name.contains(q, autoescape=True),
                                Organization.credit_code.startswith(q.upper(), autoescape=True)))
    return list(session.execute(query.order_by(Organization.name)).scalars())


def add_service(*, session: Session, actor: str, organization_id: int, name: str,
                directory_item: str | None = None, beneficiaries: str | None = None) -> OrganizationService:
    """A service the organization offers; `directory_item` names the purchase directory's item
    it falls under (checked against the directory by the caller that knows it)."""
    get_organization_or_raise(session=session, organization_id=organization_id)
    name = name.strip()
    if not name:
        raise Invalid(say("field_required", field="name"), field="name")
    exists = session.execute(select(OrganizationService.id).where(
        OrganizationService.organization_id == organization_id, OrganizationService.name == name)).scalar()
    if exists is not None:
        raise Conflict(say("organization_service_exists", name=name), field="name")
    row = OrganizationService(organization_id=organization_id, name=name, directory_item=directory_item,
                              beneficiaries=beneficiaries)
    session.add(row)
    session.flush()
    audit(session, actor, "add_organization_service", f"organization/{organization_id}", PURPOSE,
          name=name, directory_item=directory_item, beneficiaries=beneficiaries)
    return row


def add_qualification(*, session: Session, actor: str, organization_id: int, name: str, issued_by: str,
                      valid_from: dt.date, valid_until: dt.date | None = None) -> OrganizationQualification:
    get_organization_or_raise(session=session, organization_id=organization_id)
    if valid_until is not None and valid_until < valid_from:
        raise Invalid(say("date_before", field="valid_until", value=valid_until, other="valid_from",
                          other_value=valid_from), field="valid_until")
    row = OrganizationQualification(organization_id=organization_id, name=name.strip(), issued_by=issued_by,
                                    valid_from=valid_from, valid_until=valid_until)
    session.add(row)
    session.flush()
    audit(session, actor, "add_organization_qualification", f"organization/{organization_id}", PURPOSE,
          name=row.name, issued_by=issued_by, valid_from=valid_from, valid_until=valid_until)
    return row


def record_inspection(*, session: Session, actor: str, organization_id: int, year: int, result: str,
                      inspected_on: dt.date, rating: str | None = None,
                      note: str | None = None) -> OrganizationInspection:
    """One year's annual inspection (qualified, basically qualified, unqualified) and the
    rating (1A-5A) if one was given; one per year."""
    organization = get_organization_or_raise(session=session, organization_id=organization_id)
    _one_of("result", result, INSPECTION_RESULTS)
    if rating is not None:
        _one_of("rating", rating, RATINGS)
    if year < organization.registered_on.year:
        raise Invalid(say("inspection_before_registration", year=year,
                          registered_on=organization.registered_on), field="year")
    exists = session.execute(select(OrganizationInspection.id).where(
        OrganizationInspection.organization_id == organization_id,
        OrganizationInspection.year == year)).scalar()
    if exists is not None:
        raise Conflict(say("inspection_exists", year=year), field="year")
    row = OrganizationInspection(organization_id=organization_id, year=year, result=result, rating=rating,
                                 inspected_on=inspected_on, note=note)
    session.add(row)
    session.flush()
    audit(session, actor, "record_organization_inspection", f"organization/{organization_id}", PURPOSE,
          year=year, result=result, rating=rating, inspected_on=inspected_on)
    return row


def change_state(*, session: Session, actor: str, organization_id: int, state: str,
                 reason: str) -> Organization:
    """Suspend, deregister or reinstate an organization, with the reason."""
    organization = get_organization_or_raise(session=session, organization_id=organization_id)
    _one_of("state", state, ORGANIZATION_STATES)
    if not reason.strip():
        raise Invalid(say("needs_reason", what=state), field="reason")
    before = organization.state
    organization.state = state
    session.flush()
    audit(session, actor, "change_organization_state", f"organization/{organization_id}", PURPOSE,
          before=before, after=state, reason=reason)
    return organization


def list_in_catalogue(*, session: Session, actor: str, organization_id: int, edition: str,
                      listed_on: dt.date) -> CatalogueEntry:
    """Enter the organization in `edition` of its city's catalogue of organizations qualified for
    government purchase (001 lines 957-965). Only a registered organization whose last annual
    inspection, if any, was not unqualified is listed (assumption: the seed names the
    catalogue's measures, not their conditions; these are the register's own)."""
    organization = get_organization_or_raise(session=session, organization_id=organization_id)
    if organization.state != "registered":
        raise Invalid(say("organization_not_registered", name=organization.name, state=organization.state),
                      field="state")
    last = latest_inspection(session=session, organization_id=organization_id)
    if last is not None and last.result == "unqualified":
        raise Invalid(say("organization_inspection_unqualified", name=organization.name, year=last.year),
                      field="inspection")
    exists = session.execute(select(CatalogueEntry.id).where(
        CatalogueEntry.organization_id == organization_id, CatalogueEntry.edition == edition)).scalar()
    if exists is not None:
        raise Conflict(say("catalogue_entry_exists", name=organization.name, edition=edition),
                       field="edition")
    row = CatalogueEntry(organization_id=organization_id, city=organization.city, edition=edition,
                         listed_on=listed_on)
    session.add(row)
    session.flush()
    audit(session, actor, "list_in_purchase_catalogue", f"organization/{organization_id}", PURPOSE,
          city=organization.city, edition=edition, listed_on=listed_on)
    return row


def remove_from_catalogue(*, session: Session, actor: str, organization_id: int, edition: str,
                          removed_on: dt.date, reason: str) -> CatalogueEntry:
    entry = session.execute(select(CatalogueEntry).where(
        CatalogueEntry.organization_id == organization_id, CatalogueEntry.edition == edition)).scalar()
    if entry is None:
        raise NotFound(say("no_catalogue_entry", id=organization_id, edition=edition), field="edition")
    if not reason.strip():
        raise Invalid(say("needs_reason", what="removed_on"), field="reason")
    entry.removed_on = removed_on
    entry.removal_reason = reason
    session.flush()
    audit(session, actor, "remove_from_purchase_catalogue", f"organization/{organization_id}", PURPOSE,
          edition=edition, removed_on=removed_on, reason=reason)
    return entry


def latest_inspection(*, session: Session, organization_id: int) -> OrganizationInspection | None:
    return session.execute(select(OrganizationInspection).where(
        OrganizationInspection.organization_id == organization_id)
        .order_by(OrganizationInspection.year.desc()).limit(1)).scalar()


def catalogue_entry_on(*, session: Session, organization_id: int, city: str,
                       on: dt.date) -> CatalogueEntry | None:
    """The catalogue entry that qualifies the organization for purchase in `city` on `on`:
    listed on or before it, not removed by then."""
    query = select(CatalogueEntry).where(
        CatalogueEntry.organization_id == organization_id, CatalogueEntry.city == city,
        CatalogueEntry.listed_on <= on,
        or_(CatalogueEntry.removed_on.is_(None), CatalogueEntry.removed_on > on))
    return session.execute(query.order_by(CatalogueEntry.listed_on.desc()).limit(1)).scalar()


def qualification_problem(*, session: Session, organization_id: int, city: str, on: dt.date) -> str | None:
    """Why the organization may not bid for a purchase in `city` on `on`, as a message key, or
    None when it may: it must be registered and in the city's catalogue in force that day."""
    organization = get_organization_or_raise(session=session, organization_id=organization_id)
    if organization.state != "registered":
        return "organization_not_registered"
    if catalogue_entry_on(session=session, organization_id=organization_id, city=city, on=on) is None:
        return "organization_not_in_catalogue"
    return None


@dataclass(frozen=True)
class OrganizationProfile:
    """Everything the register holds about one organization."""

    organization: Organization
    approval: OrganizationApproval | None
    services: list[OrganizationService]
    qualifications: list[OrganizationQualification]
    inspections: list[OrganizationInspection]
    catalogue: list[CatalogueEntry]


def organization_profile(*, session: Session, organization_id: int) -> OrganizationProfile:
    organization = get_organization_or_raise(session=session, organization_id=organization_id)
    approval = session.execute(select(OrganizationApproval).where(
        OrganizationApproval.organization_id == organization_id)).scalar()
    services = session.execute(select(OrganizationService).where(
        OrganizationService.organization_id == organization_id).order_by(OrganizationService.name)).scalars()
    qualifications = session.execute(select(OrganizationQualification).where(
        OrganizationQualification.organization_id == organization_id)
        .order_by(OrganizationQualification.valid_from)).scalars()
    inspections = session.execute(select(OrganizationInspection).where(
        OrganizationInspection.organization_id == organization_id)
        .order_by(OrganizationInspection.year)).scalars()
    catalogue = session.execute(select(CatalogueEntry).where(
        CatalogueEntry.organization_id == organization_id).order_by(CatalogueEntry.listed_on)).scalars()
    return OrganizationProfile(organization=organization, approval=approval, services=list(services),
                               qualifications=list(qualifications), inspections=list(inspections),
                               catalogue=list(catalogue))


def catalogue_of(*, session: Session, city: str, on: dt.date) -> list[tuple[CatalogueEntry, Organization]]:
    """The city's catalogue of organizations qualified for government purchase as it stood on
    `on` (001 lines 957-965): each entry listed by then and not removed, with its organization,
    by name."""
    query = (select(CatalogueEntry, Organization)
             .join(Organization, Organization.id == CatalogueEntry.organization_id)
             .where(CatalogueEntry.city == city, CatalogueEntry.listed_on <= on,
                    or_(CatalogueEntry.removed_on.is_(None), CatalogueEntry.removed_on > on))
             .order_by(Organization.name, CatalogueEntry.listed_on))
    return [(entry, organization) for entry, organization in session.execute(query).all()]
