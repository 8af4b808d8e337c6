"""Service cases: apply (the applicant for themself, the window for a migrant), read one's own
cases, the department's queue, decide, record payments and deliveries, close or renew; the
bureau's stocks of places and their allocation. An applicant sees only their own cases and a
department verifier only those routed to their department (another's is as if it did not
exist); the window, the bureau and administrators see all."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, status

from settle.api.case_schemas import (
    AllocationOut,
    CaseIn,
    CaseOut,
    DecisionIn,
    DeliveryIn,
    DeliveryOut,
    EvidenceIn,
    ReasonIn,
    StockIn,
    StockOut,
)
from settle.api.deps import AccountDep, Officer, RowId, SessionDep, TodayDep, Verifier
from settle.audit.chain import record as audit
from settle.errors import Forbidden
from settle.registry.models import Account, ServiceCase
from settle.workflow import service_cases as service
from settle.workflow import service_stock

router = APIRouter(tags=["service cases"])


def case_out(session: SessionDep, case: ServiceCase, *, full: bool = False) -> CaseOut:
    out = CaseOut.model_validate(case)
    if not full:
        return out
    benefit = service.benefit_of(session=session, case_id=case.id)
    return out.model_copy(update={
        "benefit": None if benefit is None else benefit,
        "deliveries": service.deliveries_of(session=session, case_id=case.id),
        "events": service.events_of(session=session, case_id=case.id)})


def readable_case(session: SessionDep, account: Account, case_id: int) -> ServiceCase:
    case = service.get_case(session=session, case_id=case_id)
    service.check_may_read(role=account.role, person_id=account.person_id, department=account.department,
                           case=case)
    return case


def acts_for_applicant(account: Account, case: ServiceCase) -> None:
    """The applicant themself, or the window for them."""
    if account.role in ("window_clerk", "administrator"):
        return
    if account.role == "applicant" and account.person_id == case.person_id:
        return
    raise Forbidden(service.words("may_not_act_for", role=account.role), field="role")


@router.post("/cases", response_model=CaseOut, status_code=status.HTTP_201_CREATED)
def apply(body: CaseIn, session: SessionDep, account: AccountDep, today: TodayDep) -> CaseOut:
    """Apply for a service a service pack describes; the case goes to the department the pack
    names and is assessed at once."""
    if account.role == "applicant":
        if account.person_id is None or body.person_id not in (None, account.person_id):
            raise Forbidden(service.words("apply_for_yourself"), field="person_id")
        person_id, channel = account.person_id, "self"
    elif account.role in ("window_clerk", "administrator"):
        if body.person_id is None:
            raise Forbidden(service.words("name_the_person"), field="person_id")
        person_id, channel = body.person_id, "window"
    else:
        raise Forbidden(service.words("may_not_act_for", role=account.role), field="role")
    case = service.apply(session=session, actor=account.username, person_id=person_id, pack_id=body.pack_id,
                         declared=body.declared, today=today, channel=channel, item=body.item,
                         district=body.district, stock_id=body.stock_id)
    return case_out(session, case, full=True)


@router.get("/cases", response_model=list[CaseOut])
def list_cases(session: SessionDep, account: AccountDep,
               state: Annotated[list[str] | None, Query(max_length=10)] = None,
               limit: Annotated[int, Query(ge=1, le=500)] = 50,
               offset: Annotated[int, Query(ge=0)] = 0) -> list[CaseOut]:
    """The applicant's own cases; a verifier's department queue; every case for the window,
    the bureau and administrators (oldest first), in `state` when given."""
    if account.role == "applicant":
        found = service.cases_of_person(session=session, person_id=account.person_id or 0)
        found = [c for c in found if not state or c.state in state][offset:offset + limit]
    elif account.role in ("department_verifier", "window_clerk", "bureau_officer", "administrator"):
        department = account.department if account.role == "department_verifier" else None
        found = service.department_queue(session=session, department=department,
                                         states=tuple(state) if state else None, limit=limit, offset=offset)
    else:
        raise Forbidden(service.words("may_not_read", role=account.role), field="role")
    return [case_out(session, case) for case in found]


@router.get("/cases/{case_id}", response_model=CaseOut)
def read(case_id: RowId, session: SessionDep, account: AccountDep) -> CaseOut:
    """One case with its benefit, payments or deliveries and history."""
    case = readable_case(session, account, case_id)
    audit(session, account.username, "read_case", f"case/{case_id}",
          "own case" if account.role == "applicant" else "case handling")
    return case_out(session, case, full=True)


@router.post("/cases/{case_id}/decision", response_model=CaseOut)
def decide(case_id: RowId, body: DecisionIn, session: SessionDep, verifier: Verifier,
           today: TodayDep) -> CaseOut:
    """The department's decision on a case routed to it: grant (with the benefit), refuse
    (the failed conditions listed), or ask for evidence (say which)."""
    benefit = service.BenefitGiven(amount=body.amount, currency=body.currency, period_from=body.period_from,
                                   period_until=body.period_until, allocated=body.allocated)
    case = service.decide(session=session, actor=verifier.username, department=verifier.department,
                          case_id=case_id, decision=body.decision, today=today, reason=body.reason,
                          benefit=benefit, expected_version=body.version)
    return case_out(session, case, full=True)


@router.post("/cases/{case_id}/deliveries", response_model=DeliveryOut, status_code=status.HTTP_201_CREATED)
def deliver(case_id: RowId, body: DeliveryIn, session: SessionDep, verifier: Verifier) -> DeliveryOut:
    """A payment of the granted amount, or a delivery of the place or service."""
    delivery = service.record_delivery(session=session, actor=verifier.username,
                                       department=verifier.department, case_id=case_id, on=body.on,
                                       amount=body.amount, currency=body.currency, reference=body.reference,
                                       note=body.note)
    return DeliveryOut.model_validate(delivery)


@router.post("/cases/{case_id}/close", response_model=CaseOut)
def close(case_id: RowId, session: SessionDep, verifier: Verifier, today: TodayDep,
          body: ReasonIn | None = None) -> CaseOut:
    """Close a granted case."""
    case = service.close_case(session=session, actor=verifier.username, department=verifier.department,
                              case_id=case_id, today=today, reason=body.reason if body else None)
    return case_out(session, case, full=True)


@router.post("/cases/{case_id}/renew", response_model=CaseOut, status_code=status.HTTP_201_CREATED)
def renew(case_id: RowId, session: SessionDep, verifier: Verifier, today: TodayDep) -> CaseOut:
    """Renew a paid or closed case: the new case, assessed on today's facts."""
    case = service.renew_case(session=session, actor=verifier.username, department=verifier.department,
                              case_id=case_id, today=today)
    return case_out(session, case, full=True)


@router.post("/cases/{case_id}/evidence", response_model=CaseOut)
def provide_evidence(case_id: RowId, body: EvidenceIn, session: SessionDep, account: AccountDep,
                     today: TodayDep) -> CaseOut:
    """The applicant (or the window for them) answers a request for evidence."""
    case = service.get_case(session=session, case_id=case_id)
    acts_for_applicant(account, case)
    case = service.provide_evidence(session=session, actor=account.username, case_id=case_id,
                                    declared=body.declared, today=today)
    return case_out(session, case, full=True)


@router.post("/cases/{case_id}/withdraw", response_model=CaseOut)
def withdraw(case_id: RowId, body: ReasonIn, session: SessionDep, account: AccountDep) -> CaseOut:
    """The applicant (or the window for them) withdraws a case not yet decided."""
    case = service.get_case(session=session, case_id=case_id)
    acts_for_applicant(account, case)
    case = service.withdraw_case(session=session, actor=account.username, case_id=case_id,
                                 reason=body.reason or "")
    return case_out(session, case, full=True)


@router.post("/stocks", response_model=StockOut, status_code=status.HTTP_201_CREATED)
def open_stock(body: StockIn, session: SessionDep, officer: Officer) -> StockOut:
    """A stock of places (a district's school places, an estate's flats) for a period."""
    return StockOut.model_validate(service_stock.open_stock(session=session, actor=officer.username,
                                                            **body.model_dump()))


@router.get("/stocks", response_model=list[StockOut])
def list_stocks(session: SessionDep, account: AccountDep,
                pack_id: Annotated[str | None, Query(max_length=80)] = None) -> list[StockOut]:
    """The stocks (any signed-in account: what can be applied for)."""
    return [StockOut.model_validate(s) for s in service_stock.stocks(session=session, pack_id=pack_id)]


@router.post("/stocks/{stock_id}/allocate", response_model=AllocationOut)
def allocate(stock_id: RowId, session: SessionDep, officer: Officer, today: TodayDep) -> AllocationOut:
    """Allocate the stock's places by the pack's ranking (never more than the stock)."""
    return AllocationOut.model_validate(service_stock.allocate(session=session, actor=officer.username,
                                                               stock_id=stock_id, on=today))
