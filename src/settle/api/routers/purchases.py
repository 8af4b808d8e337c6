"""Government purchase of services through the API (000 lines 1243-1303; 001 lines 953-1001):
the purchase directory (read), projects a purchasing department publishes under a directory
item, sealed bids from qualified organizations, their opening and scoring by the published
method, the award with reasons, the contract's milestones, the organization's reports,
payments, the final performance evaluation, and the reports computed from the contracts.

Sealed bids: before the opening nobody reads a bid's content, officers included — the
department's reads are refused (403, naming the first day of the opening), another
organization's bid is not found (404), and a bidder's own bid is its receipt. Every step is
the workflow's (settle.workflow.purchases, purchase_contracts, purchase_reports), audited there."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, status

from settle.api.deps import AccountDep, RowId, SessionDep, TodayDep
from settle.api.organization_access import (
    PURCHASER_ROLES,
    OrganizationStaff,
    Purchaser,
    own_organization,
    refuse,
)
from settle.api.purchase_schemas import (
    AwardIn,
    BidIn,
    BidOut,
    BidScoreOut,
    CancelIn,
    ContractFileOut,
    ContractOut,
    DirectoryOut,
    EvaluationIn,
    MilestoneDoneIn,
    MilestoneIn,
    MilestoneOut,
    PaymentIn,
    PaymentOut,
    ProjectIn,
    ProjectOut,
    ReportIn,
    ReportOut,
    ScoreIn,
    ScoringMethodOut,
    YearReportOut,
)
from settle.errors import NotFound
from settle.registry.models import Account, PurchaseBid, PurchaseContract, PurchaseProject
from settle.words import text
from settle.workflow import purchase_contracts as contracts
from settle.workflow import purchases as service
from settle.workflow.purchase_directory import directories, get_directory, get_scoring_method
from settle.workflow.purchase_reports import purchase_report

router = APIRouter(tags=["purchases"])
CREATED = status.HTTP_201_CREATED

REPORT_ROLES = (*PURCHASER_ROLES, "analyst")
City = Annotated[str | None, Query(max_length=40)]


def project_out(session: SessionDep, project: PurchaseProject) -> ProjectOut:
    out = ProjectOut.model_validate(project)
    out.bids = service.bid_count(session=session, project_id=project.id)
    return out


def bid_out(session: SessionDep, bid: PurchaseBid) -> BidOut:
    out = BidOut.model_validate(bid)
    out.organization = service.organization_name(session=session, organization_id=bid.organization_id)
    if bid.price is not None:
        rows = service.bid_scores(session=session, bid_id=bid.id)
        out.scores = [BidScoreOut.model_validate(s) for s in rows]
    return out


def file_out(session: SessionDep, contract_id: int) -> ContractFileOut:
    found = contracts.contract_file(session=session, contract_id=contract_id)
    return ContractFileOut(contract=ContractOut.model_validate(found.contract),
                           milestones=[MilestoneOut.model_validate(m) for m in found.milestones],
                           reports=[ReportOut.model_validate(r) for r in found.reports],
                           payments=[PaymentOut.model_validate(p) for p in found.payments],
                           paid=found.paid, beneficiaries_served=found.beneficiaries_served)


def _reader_of_contract(account: Account, contract: PurchaseContract) -> None:
    """The purchasing department reads any contract; an organization its own only (404 else)."""
    if account.role in PURCHASER_ROLES:
        return
    if account.role == "organization":
        if contract.organization_id != account.organization_id:
            raise NotFound(text("purchases", "no_contract_of_yours", id=contract.id), field="contract_id")
        return
    raise refuse(account, (*PURCHASER_ROLES, "organization"))


# the directory and the scoring methods

@router.get("/purchase-directory", response_model=list[DirectoryOut])
def purchase_directories(account: AccountDep) -> list[DirectoryOut]:
    """The directories of services the cities buy from social forces (purchase-directory/)."""
    return [DirectoryOut.model_validate(d) for d in directories().values()]


@router.get("/purchase-directory/{directory_id}", response_model=DirectoryOut)
def purchase_directory(directory_id: Annotated[str, Path(max_length=40)],
                       account: AccountDep) -> DirectoryOut:
    """One directory: its categories, the items the source names (each with file and lines),
    and how many it counts but does not name."""
    return DirectoryOut.model_validate(get_directory(directory_id))


@router.get("/purchase-scoring/{method_id}", response_model=ScoringMethodOut)
def scoring_method(method_id: Annotated[str, Path(max_length=40)], account: AccountDep) -> ScoringMethodOut:
    """A published scoring method: its weighted criteria, price and assessed."""
    return ScoringMethodOut.model_validate(get_scoring_method(method_id))


# projects

@router.post("/purchases", response_model=ProjectOut, status_code=CREATED)
def publish(body: ProjectIn, session: SessionDep, officer: Purchaser, today: TodayDep) -> ProjectOut:
    """Publish a project under an item of a purchase directory, with its scoring method."""
    data = body.model_dump(exclude={"criteria"})
    criteria = None if body.criteria is None else [c.model_dump() for c in body.criteria]
    project = service.publish_project(session=session, actor=officer.username, today=today, criteria=criteria,
                                      **data)
    return project_out(session, project)


@router.get("/purchases", response_model=list[ProjectOut])
def projects(session: SessionDep, account: AccountDep, city: City = None,
             state: Annotated[str | None, Query(max_length=20)] = None) -> list[ProjectOut]:
    """The projects, newest first: calls for bids are open to every signed-in account."""
    return [project_out(session, p) for p in service.list_projects(session=session, city=city, state=state)]


@router.get("/purchases/{project_id}", response_model=ProjectOut)
def project(project_id: RowId, session: SessionDep, account: AccountDep) -> ProjectOut:
    return project_out(session, service.get_project_or_raise(session=session, project_id=project_id))


@router.post("/purchases/{project_id}/cancel", response_model=ProjectOut)
def cancel(project_id: RowId, body: CancelIn, session: SessionDep, officer: Purchaser) -> ProjectOut:
    row = service.cancel_project(session=session, actor=officer.username, project_id=project_id,
                                 reason=body.reason)
    return project_out(session, row)


# bids

@router.post("/purchases/{project_id}/bids", response_model=BidOut, status_code=CREATED)
def submit_bid(project_id: RowId, body: BidIn, session: SessionDep, staff: OrganizationStaff,
               today: TodayDep) -> BidOut:
    """Your organization's sealed bid; the answer is its receipt (id, day, SHA-256 digest)."""
    bid = service.submit_bid(session=session, actor=staff.username, project_id=project_id,
                             organization_id=own_organization(staff), price=body.price,
                             proposal=body.proposal, today=today)
    return bid_out(session, bid)


@router.get("/purchases/{project_id}/bids", response_model=list[BidOut])
def bids(project_id: RowId, session: SessionDep, account: AccountDep) -> list[BidOut]:
    """The purchasing department: the opened bids, by total score (403 while sealed). An
    organization: its own bid on the project, if any."""
    if account.role == "organization":
        service.get_project_or_raise(session=session, project_id=project_id)
        own = service.own_bid(session=session, project_id=project_id,
                              organization_id=own_organization(account))
        return [] if own is None else [bid_out(session, own)]
    if account.role not in PURCHASER_ROLES:
        raise refuse(account, (*PURCHASER_ROLES, "organization"))
    return [bid_out(session, b) for b in service.opened_bids(session=session, project_id=project_id)]


@router.get("/purchase-bids/{bid_id}", response_model=BidOut)
def bid(bid_id: RowId, session: SessionDep, account: AccountDep) -> BidOut:
    """One bid: an organization reads only its own (404 for another's); the department only
    once the bids are opened (403 before, naming the day)."""
    if account.role == "organization":
        row = service.readable_bid(session=session, bid_id=bid_id, organization_id=own_organization(account))
    elif account.role in PURCHASER_ROLES:
        row = service.readable_bid(session=session, bid_id=bid_id, organization_id=None)
    else:
        raise refuse(account, (*PURCHASER_ROLES, "organization"))
    return bid_out(session, row)


@router.get("/organizations/me/bids", response_model=list[BidOut])
def my_bids(session: SessionDep, staff: OrganizationStaff) -> list[BidOut]:
    """Your organization's bids (their receipts, and their content and scores once opened)."""
    return [bid_out(session, b)
            for b in service.bids_of_organization(session=session, organization_id=own_organization(staff))]


@router.post("/purchases/{project_id}/open", response_model=list[BidOut])
def open_bids(project_id: RowId, session: SessionDep, officer: Purchaser, today: TodayDep) -> list[BidOut]:
    """Open the bids, from the day after the deadline; the price criterion is scored at once."""
    service.open_bids(session=session, actor=officer.username, project_id=project_id, today=today)
    return [bid_out(session, b) for b in service.opened_bids(session=session, project_id=project_id)]


@router.post("/purchase-bids/{bid_id}/scores", response_model=BidOut)
def score(bid_id: RowId, body: ScoreIn, session: SessionDep, officer: Purchaser) -> BidOut:
    """An evaluator's score (0-100) of an opened bid on one assessed criterion."""
    service.score_bid(session=session, actor=officer.username, bid_id=bid_id, **body.model_dump())
    return bid_out(session, service.get_bid_or_raise(session=session, bid_id=bid_id))


@router.post("/purchases/{project_id}/award", response_model=ContractOut, status_code=CREATED)
def award(project_id: RowId, body: AwardIn, session: SessionDep, officer: Purchaser,
          today: TodayDep) -> ContractOut:
    """Award the project to a fully scored bid within budget, with the reasons: the contract."""
    contract = service.award(session=session, actor=officer.username, project_id=project_id,
                             bid_id=body.bid_id, reasons=body.reasons, today=today)
    return ContractOut.model_validate(contract)


# the contract

@router.get("/purchases/{project_id}/contract", response_model=ContractFileOut)
def project_contract(project_id: RowId, session: SessionDep, account: AccountDep) -> ContractFileOut:
    service.get_project_or_raise(session=session, project_id=project_id)
    contract = contracts.contract_of_project(session=session, project_id=project_id)
    if contract is None:
        raise NotFound(text("purchases", "no_contract_yet", id=project_id), field="project_id")
    _reader_of_contract(account, contract)
    return file_out(session, contract.id)


@router.get("/organizations/me/contracts", response_model=list[ContractOut])
def my_contracts(session: SessionDep, staff: OrganizationStaff) -> list[ContractOut]:
    return [ContractOut.model_validate(c) for c in
            contracts.contracts_of_organization(session=session, organization_id=own_organization(staff))]


@router.get("/contracts/{contract_id}", response_model=ContractFileOut)
def contract(contract_id: RowId, session: SessionDep, account: AccountDep) -> ContractFileOut:
    """A contract with its milestones, reports and payments: the department, or the organization
    it was awarded to."""
    _reader_of_contract(account, contracts.get_contract_or_raise(session=session, contract_id=contract_id))
    return file_out(session, contract_id)


@router.post("/contracts/{contract_id}/milestones", response_model=MilestoneOut,
             status_code=CREATED)
def add_milestone(contract_id: RowId, body: MilestoneIn, session: SessionDep,
                  officer: Purchaser) -> MilestoneOut:
    row = contracts.add_milestone(session=session, actor=officer.username, contract_id=contract_id,
                                  **body.model_dump())
    return MilestoneOut.model_validate(row)


@router.post("/contracts/{contract_id}/milestones/{milestone_id}/done", response_model=MilestoneOut)
def milestone_done(contract_id: RowId, milestone_id: RowId, body: MilestoneDoneIn, session: SessionDep,
                   officer: Purchaser) -> MilestoneOut:
    row = contracts.complete_milestone(session=session, actor=officer.username, contract_id=contract_id,
                                       milestone_id=milestone_id, done_on=body.done_on)
    return MilestoneOut.model_validate(row)


@router.post("/contracts/{contract_id}/reports", response_model=ReportOut, status_code=CREATED)
def submit_report(contract_id: RowId, body: ReportIn, session: SessionDep, staff: OrganizationStaff,
                  today: TodayDep) -> ReportOut:
    """Your organization's report on its contract: what it did, how many it served."""
    row = contracts.submit_report(session=session, actor=staff.username, contract_id=contract_id,
                                  organization_id=own_organization(staff), today=today, **body.model_dump())
    return ReportOut.model_validate(row)


@router.post("/contracts/{contract_id}/payments", response_model=PaymentOut, status_code=CREATED)
def record_payment(contract_id: RowId, body: PaymentIn, session: SessionDep,
                   officer: Purchaser) -> PaymentOut:
    row = contracts.record_payment(session=session, actor=officer.username, contract_id=contract_id,
                                   **body.model_dump())
    return PaymentOut.model_validate(row)


@router.post("/contracts/{contract_id}/evaluation", response_model=ContractOut)
def evaluate(contract_id: RowId, body: EvaluationIn, session: SessionDep, officer: Purchaser,
             today: TodayDep) -> ContractOut:
    """The final performance evaluation, from the end of the service period."""
    row = contracts.evaluate_contract(session=session, actor=officer.username, contract_id=contract_id,
                                      today=today, **body.model_dump())
    return ContractOut.model_validate(row)


# the reports

@router.get("/purchase-reports", response_model=list[YearReportOut])
def reports(session: SessionDep, account: AccountDep,
            city: Annotated[str, Query(min_length=1, max_length=40)]) -> list[YearReportOut]:
    """By year and currency, computed from the contracts: the amount purchased, by category,
    the share bought by public bidding, the organizations contracted and the beneficiaries
    their reports count (the figures 000 lines 1273-1278 give for Hangzhou)."""
    if account.role not in REPORT_ROLES:
        raise refuse(account, REPORT_ROLES)
    return [YearReportOut.model_validate(r) for r in purchase_report(session=session, city=city)]
