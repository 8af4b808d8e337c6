"""The register of social workers (issue 12 part 4): the civil affairs bureau's verifiers
register, change and withdraw registrations and list the register; the person registered
reads their own registration, with the subsidy the pack finds on the register's facts. The
subsidy itself is applied for and paid as a service case of the pack (POST /cases)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, status

from settle.api.deps import AccountDep, RowId, SessionDep, TodayDep
from settle.api.social_worker_schemas import (
    SocialWorkerChangeIn,
    SocialWorkerIn,
    SocialWorkerOut,
    SubsidyOut,
    WithdrawIn,
)
from settle.audit.chain import record as audit
from settle.errors import Forbidden, NotFound
from settle.registry.models import Account, Person
from settle.registry.models.social_workers import SocialWorker
from settle.registry.persons import find_person_by_identity, get_person
from settle.words import text
from settle.workflow import social_workers as service

router = APIRouter(tags=["social workers"])


def civil_affairs(account: AccountDep) -> Account:
    """A verifier of the civil affairs department (the register's keeper) or an administrator."""
    if account.role == "administrator" or (account.role == "department_verifier"
                                           and account.department == service.DEPARTMENT):
        return account
    raise Forbidden(f"role {account.role} of department {account.department or '-'} may not do this "
                    f"(needs department_verifier of {service.DEPARTMENT})", field="role")


CivilAffairs = Annotated[Account, Depends(civil_affairs)]


def worker_out(worker: SocialWorker, person: Person,
               subsidy: service.Subsidy | None = None) -> SocialWorkerOut:
    found = None if subsidy is None else SubsidyOut(
        pack_id=service.PACK, on=subsidy.on, facts=subsidy.facts, eligible=subsidy.eligible,
        amount=subsidy.amount, currency=subsidy.currency, period=subsidy.explanation["period"],
        explanation=subsidy.explanation)
    return SocialWorkerOut(
        id=worker.id, person_id=person.id, name=person.name, certificate_level=worker.certificate_level,
        certificate_number=worker.certificate_number, certified_on=worker.certified_on,
        employer_kind=worker.employer_kind, employer_organization_id=worker.employer_organization_id,
        employer_name=worker.employer_name, registered_on=worker.registered_on, state=worker.state,
        withdrawn_on=worker.withdrawn_on, reason=worker.reason, subsidy=found)


@router.post("/social-workers", response_model=SocialWorkerOut, status_code=status.HTTP_201_CREATED)
def register(body: SocialWorkerIn, session: SessionDep, staff: CivilAffairs,
             today: TodayDep) -> SocialWorkerOut:
    """Register a registered person (by identity number) as a social worker."""
    person = find_person_by_identity(session=session, identity_number=body.identity_number)
    if person is None:
        raise NotFound(text("social_workers", "no_person_number"), field="identity_number")
    values = body.model_dump(exclude={"identity_number"})
    worker = service.register_social_worker(session=session, actor=staff.username, person_id=person.id,
                                            today=today, **values)
    return worker_out(worker, person, service.subsidy(session=session, worker=worker, on=today))


@router.get("/social-workers", response_model=list[SocialWorkerOut])
def register_list(session: SessionDep, staff: CivilAffairs, today: TodayDep,
                  state: Annotated[str | None, Query(max_length=20)] = None) -> list[SocialWorkerOut]:
    """The register, newest first (only `state` when given), each with the subsidy today."""
    rows = service.register_rows(session=session, actor=staff.username, state=state)
    return [worker_out(w, p, service.subsidy(session=session, worker=w, on=today)) for w, p in rows]


@router.get("/social-workers/{social_worker_id}", response_model=SocialWorkerOut)
def one(social_worker_id: RowId, session: SessionDep, account: AccountDep,
        today: TodayDep) -> SocialWorkerOut:
    """One registration with the subsidy the pack finds on the register's facts today: the
    civil affairs bureau, or the person registered (another's is as if it did not exist)."""
    worker = service.get_social_worker(session=session, social_worker_id=social_worker_id)
    keeper = account.role == "administrator" or (account.role == "department_verifier"
                                                 and account.department == service.DEPARTMENT)
    if not keeper:
        if account.role != "applicant":
            raise Forbidden(text("social_workers", "not_yours", value=social_worker_id), field="role")
        if account.person_id != worker.person_id:
            raise NotFound(text("social_workers", "no_social_worker", value=social_worker_id),
                           field="social_worker_id")
    person = get_person(session=session, person_id=worker.person_id)
    audit(session, account.username, "read_social_worker", f"person/{person.id}",
          service.PURPOSE if keeper else "own registration", social_worker=worker.id)
    return worker_out(worker, person, service.subsidy(session=session, worker=worker, on=today))


@router.post("/social-workers/{social_worker_id}/change", response_model=SocialWorkerOut)
def change(social_worker_id: RowId, body: SocialWorkerChangeIn, session: SessionDep, staff: CivilAffairs,
           today: TodayDep) -> SocialWorkerOut:
    """A new certificate or a new employer of a registration in force."""
    worker = service.change_social_worker(session=session, actor=staff.username,
                                          social_worker_id=social_worker_id, today=today,
                                          **body.model_dump(exclude_unset=True))
    person = get_person(session=session, person_id=worker.person_id)
    return worker_out(worker, person, service.subsidy(session=session, worker=worker, on=today))


@router.post("/social-workers/{social_worker_id}/withdraw", response_model=SocialWorkerOut)
def withdraw(social_worker_id: RowId, body: WithdrawIn, session: SessionDep, staff: CivilAffairs,
             today: TodayDep) -> SocialWorkerOut:
    """Withdraw a registration (from `on`, today when not given) with a reason."""
    worker = service.withdraw_social_worker(session=session, actor=staff.username,
                                            social_worker_id=social_worker_id, reason=body.reason,
                                            on=body.on or today, today=today)
    person = get_person(session=session, person_id=worker.person_id)
    return worker_out(worker, person, service.subsidy(session=session, worker=worker, on=today))
