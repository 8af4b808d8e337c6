"""The register of social organizations: registration (with the one-window approval's path),
the services an organization offers, its qualifications, annual inspections and ratings, its
state, and the city's catalogue of organizations qualified for government purchase (000 lines
1098-1196; 001 lines 925-967). The registering authority's staff register and inspect; an
organization reads its own profile and adds the services it offers, and nothing of another's.
Every change is audited by settle.registry.organizations."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Path, Query, status

from settle.api.deps import AccountDep, RowId, SessionDep, TodayDep
from settle.api.organization_access import (
    OrganizationStaff,
    Registrar,
    check_authority,
    check_reader_of,
    check_registrar_of,
    own_organization,
)
from settle.api.purchase_schemas import (
    CatalogueEntryOut,
    CatalogueIn,
    CatalogueLineOut,
    CatalogueRemovalIn,
    InspectionIn,
    InspectionOut,
    OrganizationIn,
    OrganizationOut,
    ProfileOut,
    QualificationIn,
    QualificationOut,
    ServiceIn,
    ServiceOut,
    StateIn,
)
from settle.registry import organizations as register
from settle.registry.models import Account
from settle.workflow.purchase_directory import directory_for

router = APIRouter(tags=["organizations"])

Short = Annotated[str | None, Query(max_length=60)]


def profile_out(profile: register.OrganizationProfile) -> ProfileOut:
    return ProfileOut.model_validate({
        "organization": OrganizationOut.model_validate(profile.organization),
        "approval": profile.approval, "services": profile.services, "qualifications": profile.qualifications,
        "inspections": profile.inspections, "catalogue": profile.catalogue}, from_attributes=True)


@router.post("/organizations", response_model=OrganizationOut, status_code=status.HTTP_201_CREATED)
def register_organization(body: OrganizationIn, session: SessionDep, staff: Registrar,
                          today: TodayDep) -> OrganizationOut:
    """Register a social organization, or file a volunteer service organization."""
    check_authority(staff, body.registering_authority)
    organization = register.register_organization(session=session, actor=staff.username, today=today,
                                                  **body.model_dump())
    return OrganizationOut.model_validate(organization)


@router.get("/organizations", response_model=list[OrganizationOut])
def organizations(session: SessionDep, staff: Registrar, city: Short = None, kind: Short = None,
                  state: Short = None, q: Short = None) -> list[OrganizationOut]:
    """The register, by name (filtered by city, kind, state, or a part of the name or code)."""
    rows = register.list_organizations(session=session, city=city, kind=kind, state=state, q=q)
    return [OrganizationOut.model_validate(o) for o in rows]


@router.get("/organizations/catalogue", response_model=list[CatalogueLineOut])
def catalogue(session: SessionDep, account: AccountDep, today: TodayDep,
              city: Annotated[str, Query(min_length=1, max_length=40)],
              on: dt.date | None = None) -> list[CatalogueLineOut]:
    """The city's catalogue of organizations qualified for government purchase as it stood on
    `on` (default today), 001 lines 957-965: open to every signed-in account."""
    day = on or today
    return [CatalogueLineOut(organization=OrganizationOut.model_validate(o),
                             entry=CatalogueEntryOut.model_validate(e))
            for e, o in register.catalogue_of(session=session, city=city, on=day)]


@router.get("/organizations/me", response_model=ProfileOut)
def my_profile(session: SessionDep, staff: OrganizationStaff) -> ProfileOut:
    """Your organization's profile."""
    organization_id = own_organization(staff)
    return profile_out(register.organization_profile(session=session, organization_id=organization_id))


@router.post("/organizations/me/services", response_model=ServiceOut, status_code=status.HTTP_201_CREATED)
def add_my_service(body: ServiceIn, session: SessionDep, staff: OrganizationStaff,
                   today: TodayDep) -> ServiceOut:
    """A service your organization offers (named by the purchase directory's item where one fits)."""
    organization_id = own_organization(staff)
    _check_item(session, organization_id, body.directory_item, today)
    row = register.add_service(session=session, actor=staff.username, organization_id=organization_id,
                               **body.model_dump())
    return ServiceOut.model_validate(row)


def _check_item(session: SessionDep, organization_id: int, item: str | None, today: dt.date) -> None:
    """The directory item, if named, is one of the organization's city's directory in force."""
    if item is None:
        return
    organization = register.get_organization_or_raise(session=session, organization_id=organization_id)
    directory_for(organization.city, today).item(item)


def _registrar_of(session: SessionDep, staff: Account, organization_id: int) -> None:
    check_registrar_of(staff, register.get_organization_or_raise(session=session,
                                                                 organization_id=organization_id))


@router.get("/organizations/{organization_id}", response_model=ProfileOut)
def profile(organization_id: RowId, session: SessionDep, account: AccountDep) -> ProfileOut:
    """Everything the register holds about an organization: staff of the register and the
    purchasing department read any; an organization only its own."""
    check_reader_of(account, organization_id)
    return profile_out(register.organization_profile(session=session, organization_id=organization_id))


@router.post("/organizations/{organization_id}/services", response_model=ServiceOut,
             status_code=status.HTTP_201_CREATED)
def add_service(organization_id: RowId, body: ServiceIn, session: SessionDep, staff: Registrar,
                today: TodayDep) -> ServiceOut:
    _registrar_of(session, staff, organization_id)
    _check_item(session, organization_id, body.directory_item, today)
    row = register.add_service(session=session, actor=staff.username, organization_id=organization_id,
                               **body.model_dump())
    return ServiceOut.model_validate(row)


@router.post("/organizations/{organization_id}/qualifications", response_model=QualificationOut,
             status_code=status.HTTP_201_CREATED)
def add_qualification(organization_id: RowId, body: QualificationIn, session: SessionDep,
                      staff: Registrar) -> QualificationOut:
    _registrar_of(session, staff, organization_id)
    row = register.add_qualification(session=session, actor=staff.username, organization_id=organization_id,
                                     **body.model_dump())
    return QualificationOut.model_validate(row)


@router.post("/organizations/{organization_id}/inspections", response_model=InspectionOut,
             status_code=status.HTTP_201_CREATED)
def record_inspection(organization_id: RowId, body: InspectionIn, session: SessionDep,
                      staff: Registrar) -> InspectionOut:
    """One year's annual inspection and, if given, the rating (1A-5A)."""
    _registrar_of(session, staff, organization_id)
    row = register.record_inspection(session=session, actor=staff.username, organization_id=organization_id,
                                     **body.model_dump())
    return InspectionOut.model_validate(row)


@router.post("/organizations/{organization_id}/state", response_model=OrganizationOut)
def change_state(organization_id: RowId, body: StateIn, session: SessionDep,
                 staff: Registrar) -> OrganizationOut:
    """Suspend, deregister or reinstate, with the reason."""
    _registrar_of(session, staff, organization_id)
    row = register.change_state(session=session, actor=staff.username, organization_id=organization_id,
                                **body.model_dump())
    return OrganizationOut.model_validate(row)


@router.post("/organizations/{organization_id}/catalogue", response_model=CatalogueEntryOut,
             status_code=status.HTTP_201_CREATED)
def list_in_catalogue(organization_id: RowId, body: CatalogueIn, session: SessionDep,
                      staff: Registrar) -> CatalogueEntryOut:
    """Enter the organization in an edition of its city's catalogue of qualified organizations."""
    _registrar_of(session, staff, organization_id)
    row = register.list_in_catalogue(session=session, actor=staff.username, organization_id=organization_id,
                                     **body.model_dump())
    return CatalogueEntryOut.model_validate(row)


@router.post("/organizations/{organization_id}/catalogue/{edition}/removal",
             response_model=CatalogueEntryOut)
def remove_from_catalogue(organization_id: RowId, edition: Annotated[str, Path(max_length=40)],
                          body: CatalogueRemovalIn, session: SessionDep,
                          staff: Registrar) -> CatalogueEntryOut:
    _registrar_of(session, staff, organization_id)
    row = register.remove_from_catalogue(session=session, actor=staff.username,
                                         organization_id=organization_id, edition=edition,
                                         **body.model_dump())
    return CatalogueEntryOut.model_validate(row)
